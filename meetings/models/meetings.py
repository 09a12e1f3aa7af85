"""A meeting of a committee (Điều 4, 8), the proposal of an extraordinary one, its agenda and
papers, and a person's calendar token."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from documents.storage import private_storage
from members.errors import DomainError
from members.models import Committee, Organization, User


class MeetingError(DomainError):
    """A refused action on a meeting, with a message for the person who tried it."""


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Meeting(models.Model):
    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Regular quarterly meeting")
        EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")
        EXTENDED = "extended", _("Extended meeting")
        SUPPORT_MONTHLY = "support_monthly", _("Monthly support group meeting")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONVENED = "convened", _("Convened")
        HELD = "held", _("Held")
        MINUTES_DRAFTED = "minutes_drafted", _("Minutes drafted")
        MINUTES_SIGNED = "minutes_signed", _("Minutes signed")
        NOTICE_ISSUED = "notice_issued", _("Conclusions issued")
        CANCELLED = "cancelled", _("Cancelled")

    class Action(models.TextChoices):
        CONVENE = "convene", _("convene")
        POSTPONE = "postpone", _("postpone")
        CANCEL = "cancel", _("cancel")
        HOLD = "hold", _("record as held")
        DRAFT_MINUTES = "draft_minutes", _("draft the minutes")
        SIGN_MINUTES = "sign_minutes", _("sign the minutes")
        ISSUE_NOTICE = "issue_notice", _("issue the conclusions notice")

    # The one table of allowed moves: state → {action: next state}.
    TRANSITIONS: dict[str, dict[str, str]] = {
        Status.DRAFT: {
            Action.CONVENE: Status.CONVENED,
            Action.POSTPONE: Status.DRAFT,
            Action.CANCEL: Status.CANCELLED,
        },
        Status.CONVENED: {
            Action.HOLD: Status.HELD,
            Action.POSTPONE: Status.CONVENED,
            Action.CANCEL: Status.CANCELLED,
        },
        Status.HELD: {Action.DRAFT_MINUTES: Status.MINUTES_DRAFTED},
        Status.MINUTES_DRAFTED: {Action.SIGN_MINUTES: Status.MINUTES_SIGNED},
        Status.MINUTES_SIGNED: {Action.ISSUE_NOTICE: Status.NOTICE_ISSUED},
        Status.NOTICE_ISSUED: {},
        Status.CANCELLED: {},
    }

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.QUARTERLY)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    start_at = models.DateTimeField(_("starts at"))
    end_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    presiding = models.ForeignKey(
        User, verbose_name=_("presiding"), on_delete=models.PROTECT, related_name="meetings_presided"
    )
    secretary = models.ForeignKey(
        User,
        verbose_name=_("secretary"),
        on_delete=models.PROTECT,
        related_name="meetings_recorded",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    convened_at = models.DateTimeField(null=True, blank=True, editable=False)
    convened_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    held_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    postponed_count = models.PositiveIntegerField(default=0, editable=False)
    last_postpone_reason = models.TextField(_("reason for postponing"), blank=True, editable=False)
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "kind", "year", "sequence"], name="meeting_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_at__gt=models.F("start_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancelled_reason=""),
                name="cancelled_meeting_has_reason",
            ),
        ]
        permissions = [("attend_as_guest", _("See this meeting and its papers as an invited guest"))]

    def __str__(self) -> str:
        return self.title or self.numbered_name

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting-detail", kwargs={"pk": self.pk})

    @property
    def numbered_name(self) -> str:
        """ "Phiên họp thường kỳ quý III/2026", "Họp Tổ giúp việc tháng 11/2026", ..."""
        local = localtime(self.start_at)
        if self.kind == self.Kind.QUARTERLY:
            quarter = ROMAN_QUARTERS[(local.month - 1) // 3 + 1]
            return gettext("Regular meeting of quarter %(quarter)s/%(year)s") % {
                "quarter": quarter,
                "year": self.year,
            }
        if self.kind == self.Kind.SUPPORT_MONTHLY:
            return gettext("Support group meeting of %(month)02d/%(year)s") % {
                "month": local.month,
                "year": self.year,
            }
        if self.kind == self.Kind.EXTENDED:
            return gettext("Extended meeting No. %(n)s/%(year)s") % {"n": self.sequence, "year": self.year}
        return gettext("Extraordinary meeting No. %(n)s/%(year)s") % {"n": self.sequence, "year": self.year}

    def allowed_actions(self) -> dict[str, str]:
        return self.TRANSITIONS[self.status]

    @property
    def is_committee_meeting(self) -> bool:
        return self.kind != self.Kind.SUPPORT_MONTHLY


class MeetingUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct table for meeting-level grants (guests of one meeting)."""

    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)


class MeetingProposal(models.Model):
    """The standing member's proposal of an extraordinary meeting (Điều 8.1)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meeting_proposals", verbose_name=_("committee")
    )
    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    reason = models.TextField(_("reason"))
    suggested_start = models.DateTimeField(_("suggested time"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, editable=False
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True)
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting proposal")
        verbose_name_plural = _("meeting proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.committee.short_code}: {self.reason[:60]}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=500)
    presenter = models.ForeignKey(
        Organization,
        verbose_name=_("presenting agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes_allowed = models.PositiveIntegerField(_("time allowed (minutes)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Paper(models.Model):
    """A document attached to a meeting or one of its agenda items (stored privately)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="papers",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="papers/%Y/%m/", storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["agenda_item__order", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


class CalendarToken(models.Model):
    """A private, revocable token for a person's iCalendar feed URL."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar token of {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
