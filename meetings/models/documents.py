"""The archived copies of the meetings' signed documents."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.models import ArchivedDocument

from .invitations import Invitation, InvitationLetter
from .meetings import Meeting
from .minutes import Minutes, Notice


class SignedDocument(ArchivedDocument):
    """The PDF/A copy of a signed meeting document, rendered once (documents.ArchivedDocument):
    a notice or minutes at signing, the invitation letter when the meeting is convened, a
    personal invitation at its first download. What was signed is protected from deletion."""

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

    # The tables keep the names they had when the reports app held them.
    history = HistoricalRecords(table_name="reports_historicalsigneddocument")

    class Meta:
        db_table = "reports_signeddocument"
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
