"""The reports app gives up the tables it held before the documents app existed, keeping every
row: the render jobs go to documents (documents.0001), the archive of signed meeting documents to
meetings (meetings.0004). Only a render job's meeting column is dropped: a job now names its
source by kind and id, and the feature that owns the source answers for it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_render_job"),
    ]

    operations = [
        migrations.RemoveField(model_name="renderjob", name="meeting"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalSignedDocument"),
                migrations.DeleteModel(name="SignedDocument"),
                migrations.DeleteModel(name="RenderJob"),
            ]
        ),
    ]
