"""The quarterly report (Điều 7.9) and its archived copy. An approved report is frozen in the
database itself: any UPDATE or DELETE of an approved row is refused, whatever route (ORM, admin,
raw SQL, queryset.update) tries it, on SQLite and PostgreSQL alike (as signed minutes are:
meetings 0002). A later migration that rebuilds the table on SQLite (adding a constraint does)
must restore the triggers, as meetings 0005 does."""

import django.db.models.deletion
import documents.storage
import simple_history.models
from django.conf import settings
from django.db import migrations, models


SQLITE = [
    """CREATE TRIGGER quarterly_report_frozen_no_update BEFORE UPDATE ON reports_quarterlyreport
       WHEN OLD.status = 'approved' BEGIN SELECT RAISE(ABORT, 'an approved report is frozen'); END;""",
    """CREATE TRIGGER quarterly_report_frozen_no_delete BEFORE DELETE ON reports_quarterlyreport
       WHEN OLD.status = 'approved' BEGIN SELECT RAISE(ABORT, 'an approved report is frozen'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS quarterly_report_frozen_no_update;",
    "DROP TRIGGER IF EXISTS quarterly_report_frozen_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION reports_quarterly_report_refuse_frozen() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'approved' THEN
           RAISE EXCEPTION 'an approved report is frozen' USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER quarterly_report_frozen BEFORE UPDATE OR DELETE ON reports_quarterlyreport
       FOR EACH ROW EXECUTE FUNCTION reports_quarterly_report_refuse_frozen();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS quarterly_report_frozen ON reports_quarterlyreport;",
    "DROP FUNCTION IF EXISTS reports_quarterly_report_refuse_frozen();",
]


def freeze_approved(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def unfreeze(apps, schema_editor):
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('members', '0010_committee_compliance_thresholds'),
        ('reports', '0004_tables_move_to_documents_and_meetings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalQuarterlyReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveIntegerField(verbose_name='year')),
                ('quarter', models.PositiveSmallIntegerField(choices=[(1, 'Quarter 1'), (2, 'Quarter 2'), (3, 'Quarter 3'), (4, 'Quarter 4')], verbose_name='quarter')),
                ('title', models.CharField(max_length=500, verbose_name='title')),
                ('figures', models.JSONField(default=dict, editable=False, verbose_name='figures')),
                ('figures_compiled_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('results', models.TextField(blank=True, verbose_name='results')),
                ('difficulties', models.TextField(blank=True, verbose_name='difficulties and their causes')),
                ('proposals', models.TextField(blank=True, verbose_name='proposals')),
                ('next_focus', models.TextField(blank=True, verbose_name="next quarter's focus")),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for approval'), ('approved', 'Approved')], default='draft', editable=False, max_length=16, verbose_name='status')),
                ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('number', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('number_year', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('approved_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('signed_as', models.CharField(blank=True, choices=[('chair', 'Chair'), ('acting', 'Deputy acting for the chair (KT. TRƯỞNG BAN)')], editable=False, max_length=16)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('approved_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('committee', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.committee')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical quarterly report',
                'verbose_name_plural': 'historical quarterly reports',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='QuarterlyReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveIntegerField(verbose_name='year')),
                ('quarter', models.PositiveSmallIntegerField(choices=[(1, 'Quarter 1'), (2, 'Quarter 2'), (3, 'Quarter 3'), (4, 'Quarter 4')], verbose_name='quarter')),
                ('title', models.CharField(max_length=500, verbose_name='title')),
                ('figures', models.JSONField(default=dict, editable=False, verbose_name='figures')),
                ('figures_compiled_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('results', models.TextField(blank=True, verbose_name='results')),
                ('difficulties', models.TextField(blank=True, verbose_name='difficulties and their causes')),
                ('proposals', models.TextField(blank=True, verbose_name='proposals')),
                ('next_focus', models.TextField(blank=True, verbose_name="next quarter's focus")),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted for approval'), ('approved', 'Approved')], default='draft', editable=False, max_length=16, verbose_name='status')),
                ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('number', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('number_year', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('approved_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('signed_as', models.CharField(blank=True, choices=[('chair', 'Chair'), ('acting', 'Deputy acting for the chair (KT. TRƯỞNG BAN)')], editable=False, max_length=16)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('approved_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quarterly_reports', to='members.committee')),
                ('created_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'quarterly report',
                'verbose_name_plural': 'quarterly reports',
                'ordering': ['-year', '-quarter', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='QuarterlyReportDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(editable=False, max_length=255, storage=documents.storage.private_storage, upload_to='signed/%Y/%m/', verbose_name='file')),
                ('sha256', models.CharField(editable=False, max_length=64, verbose_name='SHA-256 checksum')),
                ('size', models.PositiveIntegerField(editable=False, verbose_name='size in bytes')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('report', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='archived', to='reports.quarterlyreport')),
            ],
            options={
                'verbose_name': 'archived quarterly report',
                'verbose_name_plural': 'archived quarterly reports',
            },
        ),
        migrations.AddConstraint(
            model_name='quarterlyreport',
            constraint=models.UniqueConstraint(fields=('committee', 'year', 'quarter'), name='quarterly_report_one_per_quarter'),
        ),
        migrations.AddConstraint(
            model_name='quarterlyreport',
            constraint=models.UniqueConstraint(condition=models.Q(('number__isnull', False)), fields=('committee', 'number_year', 'number'), name='quarterly_report_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='quarterlyreport',
            constraint=models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='quarterly_report_quarter'),
        ),
        migrations.AddConstraint(
            model_name='quarterlyreport',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'approved'), _negated=True), models.Q(('approved_at__isnull', False), ('number__isnull', False)), _connector='OR'), name='approved_report_is_numbered'),
        ),
        migrations.AddConstraint(
            model_name='quarterlyreport',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), ('submitted_at__isnull', False), _connector='OR'), name='submitted_report_says_when'),
        ),
        migrations.RunPython(freeze_approved, unfreeze),
    ]
