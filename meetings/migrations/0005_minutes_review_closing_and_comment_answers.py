"""The comment window of the minutes can be closed early, by whom and when; a comment gets the
secretary's answer (taken into account or not, with a note) and a history.

On SQLite, adding the check constraint rebuilds meetings_minutes, which drops the triggers that
lock signed minutes (migration 0002): they are created again at the end."""

import importlib

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


_locked = importlib.import_module("meetings.migrations.0002_signed_minutes_locked_in_database")


def restore_sqlite_lock_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in _locked.SQLITE_DROP + _locked.SQLITE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_signed_documents_from_reports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Backwards, the triggers are restored last, after the constraint's removal rebuilt the table.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_lock_triggers),
        migrations.CreateModel(
            name='HistoricalMinutesComment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('body', models.TextField(verbose_name='comment')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('answer', models.CharField(blank=True, choices=[('', 'Not answered yet'), ('taken', 'Taken into account'), ('not_taken', 'Not taken into account')], default='', editable=False, max_length=16, verbose_name='answer')),
                ('answer_note', models.TextField(blank=True, editable=False, verbose_name='note on the answer')),
                ('answered_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='answered at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical comment on the minutes',
                'verbose_name_plural': 'historical comments on the minutes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterModelOptions(
            name='minutescomment',
            options={'ordering': ['created_at'], 'verbose_name': 'comment on the minutes', 'verbose_name_plural': 'comments on the minutes'},
        ),
        migrations.AddField(
            model_name='historicalminutes',
            name='review_closed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='comments closed at'),
        ),
        migrations.AddField(
            model_name='historicalminutes',
            name='review_closed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='comments closed by'),
        ),
        migrations.AddField(
            model_name='minutes',
            name='review_closed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='comments closed at'),
        ),
        migrations.AddField(
            model_name='minutes',
            name='review_closed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='comments closed by'),
        ),
        migrations.AddField(
            model_name='minutescomment',
            name='answer',
            field=models.CharField(blank=True, choices=[('', 'Not answered yet'), ('taken', 'Taken into account'), ('not_taken', 'Not taken into account')], default='', editable=False, max_length=16, verbose_name='answer'),
        ),
        migrations.AddField(
            model_name='minutescomment',
            name='answer_note',
            field=models.TextField(blank=True, editable=False, verbose_name='note on the answer'),
        ),
        migrations.AddField(
            model_name='minutescomment',
            name='answered_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='answered at'),
        ),
        migrations.AddField(
            model_name='minutescomment',
            name='answered_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by'),
        ),
        migrations.AddConstraint(
            model_name='minutes',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('review_closed_at__isnull', True), ('review_closed_by__isnull', True)), models.Q(('review_closed_at__isnull', False), ('review_closed_by__isnull', False)), _connector='OR'), name='minutes_review_closed_by_whom_and_when'),
        ),
        migrations.AddConstraint(
            model_name='minutescomment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('answer', ''), ('answered_at__isnull', True), ('answered_by__isnull', True)), models.Q(models.Q(('answer', ''), _negated=True), ('answered_at__isnull', False), ('answered_by__isnull', False)), _connector='OR'), name='minutes_comment_answer_has_who_and_when'),
        ),
        migrations.AddField(
            model_name='historicalminutescomment',
            name='answered_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by'),
        ),
        migrations.AddField(
            model_name='historicalminutescomment',
            name='author',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalminutescomment',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalminutescomment',
            name='minutes',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.minutes'),
        ),
        migrations.RunPython(restore_sqlite_lock_triggers, migrations.RunPython.noop),
    ]
