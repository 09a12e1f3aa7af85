"""Invitations and answers (Điều 6.5), and the numbered invitation letter (giấy mời, Mẫu 1.7)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.storage import private_storage
from members.models import Committee, User

from .meetings import Meeting


class Invitation(models.Model):
    """One invitee of a meeting, their answer (Điều 6.5) and, later, their attendance."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Committee member")
        SUPPORT = "support", _("Support group")
        GUEST = "guest", _("Guest")

    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered")
        ATTEND = "attend", _("Will attend")
        ABSENT = "absent", _("Asks to be absent")
        SUBSTITUTE = "substitute", _("Sends a substitute")

    class AbsenceDecision(models.TextChoices):
        NONE = "", _("—")
        PENDING = "pending", _("Awaiting the presiding person")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        PRESENT = "present", _("Present")
        ABSENT_APPROVED = "absent_approved", _("Absent (approved)")
        ABSENT_UNEXCUSED = "absent_unexcused", _("Absent (unexcused)")
        SUBSTITUTE_PRESENT = "substitute_present", _("Substitute present")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("invitee")
    )
    kind = models.CharField(_("as"), max_length=16, choices=Kind.choices, default=Kind.MEMBER)
    response = models.CharField(
        _("answer"), max_length=16, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    absence_reason = models.TextField(_("reason for absence"), blank=True)
    absence_decision = models.CharField(
        max_length=16, choices=AbsenceDecision.choices, default=AbsenceDecision.NONE, blank=True
    )
    absence_decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    absence_decided_at = models.DateTimeField(null=True, blank=True)
    substitute_name = models.CharField(_("substitute's full name"), max_length=255, blank=True)
    substitute_position = models.CharField(_("substitute's position"), max_length=255, blank=True)
    written_opinion = models.TextField(_("written opinion"), blank=True)
    written_opinion_file = models.FileField(
        _("written opinion (file)"),
        upload_to="opinions/%Y/%m/",
        storage=private_storage,
        blank=True,
        max_length=255,
    )
    attendance = models.CharField(
        _("attendance"), max_length=24, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "kind", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_invitation_per_person"),
            models.CheckConstraint(
                condition=~Q(response="substitute") | ~Q(substitute_name=""), name="substitute_is_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.meeting}"

    @property
    def has_written_opinion(self) -> bool:
        return bool(self.written_opinion.strip() or self.written_opinion_file)


class InvitationLetter(models.Model):
    """The invitation (giấy mời, Mẫu 1.7) issued when a meeting is convened, numbered in the
    committee's register. Postponing a convened meeting issues a new letter with the new time;
    the earlier one is kept, marked superseded."""

    class SignedAs(models.TextChoices):
        CHAIR = "chair", _("Chair")
        ACTING = "acting", _("Deputy acting for the chair (KT. TRƯỞNG BAN)")
        SUPPORT_LEAD = "support_lead", _("Support group leader, by order of the chair (TL. TRƯỞNG BAN)")

    DOC_TYPE = "GM"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitation_letters")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=8, default=DOC_TYPE, editable=False)
    year = models.PositiveIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    signed_as = models.CharField(max_length=16, choices=SignedAs.choices, editable=False)
    signed_at = models.DateTimeField(editable=False)
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the letter says, as signed: a personal letter printed later says the same.
    start_at = models.DateTimeField(_("starts at"), editable=False)
    place = models.CharField(_("place"), max_length=255, blank=True, editable=False)
    online_link = models.URLField(_("online link"), blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
        ordering = ["meeting", "-signed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "doc_type", "year", "number"], name="invitation_letter_number_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_invitation_letter_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol

    @cached_property
    def symbol(self) -> str:
        """ "04/GM-BCĐCQĐT"."""
        return f"{self.number:02d}/{self.doc_type}-{self.committee.short_code}"
