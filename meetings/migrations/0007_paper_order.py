"""Papers get a place in their list (an agenda item's papers, or the meeting's general papers), so
the secretariat can reorder them; existing papers are numbered 1..n in the order they were
uploaded."""

from django.db import migrations, models


def number_papers_in_upload_order(apps, schema_editor):
    Paper = apps.get_model("meetings", "Paper")
    numbered = []
    last_list, number = None, 0
    for paper in Paper.objects.order_by("meeting_id", "agenda_item_id", "uploaded_at", "pk").only(
        "pk", "meeting_id", "agenda_item_id"
    ):
        current = (paper.meeting_id, paper.agenda_item_id)
        number = number + 1 if current == last_list else 1
        last_list = current
        paper.order = number
        numbered.append(paper)
    Paper.objects.bulk_update(numbered, ["order"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_verbose_names_of_comments_guest_grants_and_calendar_tokens"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="paper",
            options={
                "ordering": ["agenda_item__order", "order", "pk"],
                "verbose_name": "paper",
                "verbose_name_plural": "papers",
            },
        ),
        migrations.AddField(
            model_name="historicalpaper",
            name="order",
            field=models.PositiveIntegerField(default=0, verbose_name="order"),
        ),
        migrations.AddField(
            model_name="paper",
            name="order",
            field=models.PositiveIntegerField(default=0, verbose_name="order"),
        ),
        migrations.RunPython(number_papers_in_upload_order, migrations.RunPython.noop),
    ]
