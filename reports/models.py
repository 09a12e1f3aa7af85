"""The reports app's records: the archival copies of signed official documents."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import Invitation, InvitationLetter, Meeting, Minutes, Notice, private_storage


class SignedDocument(models.Model):
    """The PDF/A copy of a signed document, rendered once: a notice or minutes at signing, the
    invitation letter when the meeting is convened, a personal invitation at its first download.

    Served from the stored file ever after, so a later template change never alters what was
    signed; `sha256` lets anyone check the copy they received.
    """

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice of conclusions")
        MINUTES = "minutes", _("Minutes")
        INVITATION = "invitation", _("Invitation letter")
        PERSONAL_INVITATION = "personal_invitation", _("Personal invitation")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="signed_documents")
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="signed_documents"
    )
    minutes = models.ForeignKey(
        Minutes, null=True, blank=True, on_delete=models.PROTECT, related_name="signed_documents"
    )
    letter = models.ForeignKey(
        InvitationLetter, null=True, blank=True, on_delete=models.PROTECT, related_name="signed_documents"
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="signed_documents"
    )
    file = models.FileField(
        _("file"), upload_to="signed/%Y/%m/", storage=private_storage, max_length=255, editable=False
    )
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "notice"], name="signed_document_notice_unique"),
            models.UniqueConstraint(fields=["kind", "minutes"], name="signed_document_minutes_unique"),
            models.UniqueConstraint(
                fields=["kind", "letter"],
                condition=Q(kind="invitation"),
                name="signed_document_letter_unique",
            ),
            models.UniqueConstraint(
                fields=["kind", "letter", "invitation"], name="signed_document_personal_invitation_unique"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind="notice",
                    notice__isnull=False,
                    minutes__isnull=True,
                    letter__isnull=True,
                    invitation__isnull=True,
                )
                | Q(
                    kind="minutes",
                    minutes__isnull=False,
                    notice__isnull=True,
                    letter__isnull=True,
                    invitation__isnull=True,
                )
                | Q(
                    kind="invitation",
                    letter__isnull=False,
                    invitation__isnull=True,
                    notice__isnull=True,
                    minutes__isnull=True,
                )
                | Q(
                    kind="personal_invitation",
                    letter__isnull=False,
                    invitation__isnull=False,
                    notice__isnull=True,
                    minutes__isnull=True,
                ),
                name="signed_document_links_its_kind_v2",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meeting_id} ({self.sha256[:12]})"


class RenderJob(models.Model):
    """A document rendered in a Celery job, not in the request, because it takes more than a
    second (docs/benchmarks.md): the person who asked watches its progress, then downloads it.

    Only that person may see the job or its file (the id is a random UUID, and still checked).
    `source_id` + `source_version` name what was rendered, so an edited draft gets a new job
    instead of a stale file. Jobs and their files are deleted after a day (reports.jobs).
    """

    class Kind(models.TextChoices):
        MINUTES_DRAFT = "minutes_draft", _("Draft minutes")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        "members.User", on_delete=models.CASCADE, related_name="render_jobs", editable=False
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="render_jobs", editable=False)
    source_id = models.PositiveBigIntegerField(_("source"), editable=False)  # Minutes.pk for drafts
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
        return (
            f"{self.get_kind_display()} {self.source_id} v{self.source_version} ({self.get_status_display()})"
        )

    def get_absolute_url(self) -> str:
        return reverse("reports:render-job-detail", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
