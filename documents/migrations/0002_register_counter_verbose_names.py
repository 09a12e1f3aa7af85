"""Vietnamese names in the admin for models that had only their class name."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='registercounter',
            options={'verbose_name': 'register counter', 'verbose_name_plural': 'register counters'},
        ),
    ]
