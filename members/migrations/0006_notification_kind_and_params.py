"""Notifications become a kind and its parameters, worded when read in the reader's language.
Rows stored before keep their worded `message` (kind left empty) and show it as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_chair_acting_period'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='kind',
            field=models.CharField(blank=True, max_length=64, verbose_name='notification kind'),
        ),
        migrations.AddField(
            model_name='notification',
            name='params',
            field=models.JSONField(blank=True, default=dict, verbose_name='parameters'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='message',
            field=models.CharField(blank=True, max_length=500, verbose_name='message'),
        ),
    ]
