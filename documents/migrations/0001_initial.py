"""The documents app takes over two tables without touching a row: the register of numbers
(meetings_registercounter) and the render jobs (reports_renderjob, whose meeting column
reports.0004 dropped: a job names its source by kind and id). Their content types follow, so
their permissions and admin log entries stay attached."""

import django.db.models.deletion
import documents.storage
import uuid
from django.conf import settings
from django.db import migrations, models


MOVES = [("meetings", "registercounter"), ("reports", "renderjob")]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVES:
        if not ContentType.objects.filter(app_label="documents", model=model).exists():
            ContentType.objects.filter(app_label=old_app, model=model).update(app_label="documents")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_app, model in MOVES:
        ContentType.objects.filter(app_label="documents", model=model).update(app_label=old_app)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('members', '0004_committee_signature_settings'),
        ('meetings', '0003_minutes_number_invitation_letter'),
        ('reports', '0004_tables_move_to_documents_and_meetings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='RegisterCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_type', models.CharField(max_length=8)),
                ('year', models.PositiveIntegerField()),
                ('last_number', models.PositiveIntegerField(default=0)),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.committee')),
            ],
            options={
                'db_table': 'meetings_registercounter',
                'constraints': [models.UniqueConstraint(fields=('committee', 'doc_type', 'year'), name='register_counter_unique')],
            },
        ),
        migrations.CreateModel(
            name='RenderJob',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(editable=False, max_length=24, verbose_name='kind')),
                ('source_id', models.PositiveBigIntegerField(editable=False, verbose_name='source')),
                ('source_version', models.PositiveIntegerField(editable=False, verbose_name='source version')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Rendering'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', editable=False, max_length=8, verbose_name='status')),
                ('progress', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='progress (%)')),
                ('step', models.CharField(blank=True, editable=False, max_length=120, verbose_name='step')),
                ('file', models.FileField(blank=True, max_length=255, storage=documents.storage.private_storage, upload_to='renders/%Y/%m/', verbose_name='file')),
                ('filename', models.CharField(editable=False, max_length=120, verbose_name='download name')),
                ('error', models.CharField(blank=True, editable=False, max_length=300, verbose_name='error message')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('finished_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('requested_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='render_jobs', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'render job',
                'verbose_name_plural': 'render jobs',
                'db_table': 'reports_renderjob',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['kind', 'source_id', 'source_version', 'requested_by'], name='render_job_source_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='render_job_progress_le_100'), models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running']), models.Q(('finished_at__isnull', False), ('progress', 100), ('status', 'done'), models.Q(('file', ''), _negated=True)), models.Q(('finished_at__isnull', False), ('status', 'failed'), models.Q(('error', ''), _negated=True)), _connector='OR'), name='render_job_finished_state'), models.UniqueConstraint(condition=models.Q(('status__in', ['queued', 'running', 'done'])), fields=('kind', 'source_id', 'source_version', 'requested_by'), name='render_job_one_live_per_version')],
            },
        ),
            ]),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
