"""The records of official documents that belong to no one feature: the committee's register of
numbers, the archived copy of a signed document (as an abstract base each feature's archive table
extends) and the documents rendered in a job."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Committee

from .storage import private_storage


class RegisterCounter(models.Model):
    """The committee's document register: the last number issued per type and year."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=8)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "meetings_registercounter"  # the table it had before this app existed
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(fields=["committee", "doc_type", "year"], name="register_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.year}: {self.last_number}"


class ArchivedDocument(models.Model):
    """The PDF/A copy of a signed document, rendered once and served from the stored file ever
    after, so a later template change never alters what was signed; `sha256` lets anyone check
    the copy they received (Decree 30/2020, Art. 15: the signed original is kept as issued).

    Abstract: each feature declares its archive table with real foreign keys to what was signed
    (meetings: notices, minutes, invitation letters), so the database protects the link."""

    file = models.FileField(
        _("file"), upload_to="signed/%Y/%m/", storage=private_storage, max_length=255, editable=False
    )
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class RenderJob(models.Model):
    """A document rendered in a Celery job, not in the request, because it takes more than a
    second (docs/benchmarks.md): the person who asked watches its progress, then downloads it.

    `kind` names a renderer registered by the feature that owns the source (documents.registry);
    `source_id` + `source_version` name what was rendered, so an edited draft gets a new job
    instead of a stale file. Only the person who asked may see the job or its file (the id is a
    random UUID, and still checked). Jobs and their files are deleted after a day (documents.jobs).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        "members.User", on_delete=models.CASCADE, related_name="render_jobs", editable=False
    )
    kind = models.CharField(_("kind"), max_length=24, editable=False)
    source_id = models.PositiveBigIntegerField(_("source"), editable=False)
    source_version = models.PositiveIntegerField(_("source version"), editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, editable=False
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    step = models.CharField(_("step"), max_length=120, blank=True, editable=False)  # Vietnamese
    file = models.FileField(
        _("file"), upload_to="renders/%Y/%m/", storage=private_storage, max_length=255, blank=True
    )
    filename = models.CharField(_("download name"), max_length=120, editable=False)
    error = models.CharField(_("error message"), max_length=300, blank=True, editable=False)  # Vietnamese
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "reports_renderjob"  # the table it had before this app existed
        verbose_name = _("render job")
        verbose_name_plural = _("render jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["kind", "source_id", "source_version", "requested_by"], name="render_job_source_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="render_job_progress_le_100"),
            # A finished job says when; a done one has its file; a failed one says why.
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running"])
                | Q(status="done", finished_at__isnull=False, progress=100) & ~Q(file="")
                | Q(status="failed", finished_at__isnull=False) & ~Q(error=""),
                name="render_job_finished_state",
            ),
            # One live job per person and version of a source: a second request reuses it.
            models.UniqueConstraint(
                fields=["kind", "source_id", "source_version", "requested_by"],
                condition=Q(status__in=["queued", "running", "done"]),
                name="render_job_one_live_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id} v{self.source_version} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("documents:render-job-detail", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
