"""The reports app's records: the archival copies of signed official documents."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
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
