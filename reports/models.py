"""The reports app's records: the archival copies of signed official documents."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import Meeting, Minutes, Notice, private_storage


class SignedDocument(models.Model):
    """The PDF/A copy of a signed notice or signed minutes, rendered once at signing.

    Served from the stored file ever after, so a later template change never alters what was
    signed; `sha256` lets anyone check the copy they received.
    """

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice of conclusions")
        MINUTES = "minutes", _("Minutes")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="signed_documents")
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="signed_documents"
    )
    minutes = models.ForeignKey(
        Minutes, null=True, blank=True, on_delete=models.PROTECT, related_name="signed_documents"
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
            models.CheckConstraint(
                condition=(Q(kind="notice", notice__isnull=False, minutes__isnull=True))
                | Q(kind="minutes", minutes__isnull=False, notice__isnull=True),
                name="signed_document_links_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meeting_id} ({self.sha256[:12]})"
