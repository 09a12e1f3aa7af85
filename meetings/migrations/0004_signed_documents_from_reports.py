"""The archive of signed meeting documents (reports_signeddocument and its history table) becomes
the meetings app's, its rows and files untouched: the model extends documents.ArchivedDocument
and keeps its real foreign keys to what was signed. The register moves to the documents app
(documents.0001). Content types follow, so permissions and admin log entries stay attached."""

import django.db.models.deletion
import documents.storage
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = ["signeddocument", "historicalsigneddocument"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="meetings", model=model).exists():
            ContentType.objects.filter(app_label="reports", model=model).update(app_label="meetings")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="meetings", model__in=MODELS).update(app_label="reports")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('documents', '0001_initial'),
        ('meetings', '0003_minutes_number_invitation_letter'),
        ('reports', '0004_tables_move_to_documents_and_meetings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='HistoricalSignedDocument',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('file', models.TextField(editable=False, max_length=255, verbose_name='file')),
                ('sha256', models.CharField(editable=False, max_length=64, verbose_name='SHA-256 checksum')),
                ('size', models.PositiveIntegerField(editable=False, verbose_name='size in bytes')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('kind', models.CharField(choices=[('notice', 'Notice of conclusions'), ('minutes', 'Minutes'), ('invitation', 'Invitation letter'), ('personal_invitation', 'Personal invitation')], editable=False, max_length=24, verbose_name='kind')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('invitation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.invitation')),
                ('letter', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.invitationletter')),
                ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.meeting')),
                ('minutes', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.minutes')),
                ('notice', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.notice')),
            ],
            options={
                'verbose_name': 'historical signed document',
                'verbose_name_plural': 'historical signed documents',
                'db_table': 'reports_historicalsigneddocument',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SignedDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(editable=False, max_length=255, storage=documents.storage.private_storage, upload_to='signed/%Y/%m/', verbose_name='file')),
                ('sha256', models.CharField(editable=False, max_length=64, verbose_name='SHA-256 checksum')),
                ('size', models.PositiveIntegerField(editable=False, verbose_name='size in bytes')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('kind', models.CharField(choices=[('notice', 'Notice of conclusions'), ('minutes', 'Minutes'), ('invitation', 'Invitation letter'), ('personal_invitation', 'Personal invitation')], editable=False, max_length=24, verbose_name='kind')),
                ('invitation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='signed_documents', to='meetings.invitation')),
                ('letter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='signed_documents', to='meetings.invitationletter')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signed_documents', to='meetings.meeting')),
                ('minutes', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='signed_documents', to='meetings.minutes')),
                ('notice', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='signed_documents', to='meetings.notice')),
            ],
            options={
                'verbose_name': 'signed document',
                'verbose_name_plural': 'signed documents',
                'db_table': 'reports_signeddocument',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.DeleteModel(
            name='RegisterCounter',
        ),
        migrations.AddConstraint(
            model_name='signeddocument',
            constraint=models.UniqueConstraint(fields=('kind', 'notice'), name='signed_document_notice_unique'),
        ),
        migrations.AddConstraint(
            model_name='signeddocument',
            constraint=models.UniqueConstraint(fields=('kind', 'minutes'), name='signed_document_minutes_unique'),
        ),
        migrations.AddConstraint(
            model_name='signeddocument',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'invitation')), fields=('kind', 'letter'), name='signed_document_letter_unique'),
        ),
        migrations.AddConstraint(
            model_name='signeddocument',
            constraint=models.UniqueConstraint(fields=('kind', 'letter', 'invitation'), name='signed_document_personal_invitation_unique'),
        ),
        migrations.AddConstraint(
            model_name='signeddocument',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('invitation__isnull', True), ('kind', 'notice'), ('letter__isnull', True), ('minutes__isnull', True), ('notice__isnull', False)), models.Q(('invitation__isnull', True), ('kind', 'minutes'), ('letter__isnull', True), ('minutes__isnull', False), ('notice__isnull', True)), models.Q(('invitation__isnull', True), ('kind', 'invitation'), ('letter__isnull', False), ('minutes__isnull', True), ('notice__isnull', True)), models.Q(('invitation__isnull', False), ('kind', 'personal_invitation'), ('letter__isnull', False), ('minutes__isnull', True), ('notice__isnull', True)), _connector='OR'), name='signed_document_links_its_kind_v2'),
        ),
            ]),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
