"""Vietnamese names in the admin for models that had only their class name."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_minutes_review_closing_and_comment_answers'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='calendartoken',
            options={'verbose_name': 'calendar feed token', 'verbose_name_plural': 'calendar feed tokens'},
        ),
        migrations.AlterModelOptions(
            name='meetinguserobjectpermission',
            options={'verbose_name': 'guest permission on a meeting', 'verbose_name_plural': 'guest permissions on meetings'},
        ),
        migrations.AlterModelOptions(
            name='minutescomment',
            options={'ordering': ['created_at'], 'verbose_name': 'comment on the minutes', 'verbose_name_plural': 'comments on the minutes'},
        ),
    ]
