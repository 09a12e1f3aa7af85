"""Meetings of a committee (Điều 4, 6.5, 8): convening, invitations and answers, attendance,
agenda and papers, minutes and their signatures, conclusions and the numbered notice."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from documents.models import ArchivedDocument
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
        # The chair's (or a deputy's) working session with one or more agencies (Điều 9.2).
        WORKING_SESSION = "working_session", _("Working session")
        # The members' opinions asked in writing instead of a meeting (issue #13): sent to the
        # members, answered by a deadline, summarised, then decided in a numbered notice.
        WRITTEN_CONSULTATION = "written_consultation", _("Written consultation")

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
    # A written consultation: sent (convene), its answers closed by the summary (hold), then the
    # decision issued as a notice with no minutes (Kind.WRITTEN_CONSULTATION only).
    CONSULTATION_TRANSITIONS: dict[str, dict[str, str]] = {
        Status.DRAFT: {Action.CONVENE: Status.CONVENED, Action.CANCEL: Status.CANCELLED},
        Status.CONVENED: {Action.HOLD: Status.HELD, Action.CANCEL: Status.CANCELLED},
        Status.HELD: {Action.ISSUE_NOTICE: Status.NOTICE_ISSUED},
        Status.MINUTES_DRAFTED: {},  # never reached: no minutes
        Status.MINUTES_SIGNED: {},
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
    # A working session's agencies (Điều 9.2): their leaders and focal officers are invited.
    agencies = models.ManyToManyField(
        Organization,
        verbose_name=_("agencies worked with"),
        blank=True,
        related_name="working_sessions",
    )

    history = HistoricalRecords(m2m_fields=[agencies])

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
        if self.kind == self.Kind.WRITTEN_CONSULTATION:
            return reverse("meetings:consultation-detail", kwargs={"pk": self.pk})
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
        if self.kind == self.Kind.WORKING_SESSION:
            return gettext("Working session No. %(n)s/%(year)s") % {"n": self.sequence, "year": self.year}
        if self.kind == self.Kind.WRITTEN_CONSULTATION:
            return gettext("Written consultation No. %(n)s/%(year)s") % {
                "n": self.sequence,
                "year": self.year,
            }
        return gettext("Extraordinary meeting No. %(n)s/%(year)s") % {"n": self.sequence, "year": self.year}

    def allowed_actions(self) -> dict[str, str]:
        """This meeting's moves from its status: a written consultation has its own table."""
        table = self.CONSULTATION_TRANSITIONS if self.is_consultation else self.TRANSITIONS
        return table[self.status]

    @property
    def is_committee_meeting(self) -> bool:
        """A meeting of the committee itself: not the support group's monthly meeting, nor the
        chair's working session with agencies (Điều 9.2), nor a written consultation."""
        return self.kind not in (
            self.Kind.SUPPORT_MONTHLY,
            self.Kind.WORKING_SESSION,
            self.Kind.WRITTEN_CONSULTATION,
        )

    @property
    def is_working_session(self) -> bool:
        return self.kind == self.Kind.WORKING_SESSION

    @property
    def is_consultation(self) -> bool:
        """A written consultation of the members: no one meets, nothing is minuted."""
        return self.kind == self.Kind.WRITTEN_CONSULTATION


class MeetingUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct table for meeting-level grants (guests of one meeting)."""

    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("guest permission on a meeting")
        verbose_name_plural = _("guest permissions on meetings")


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
    # Its place among the papers of its agenda item (or the meeting's general papers), 1..n.
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["agenda_item__order", "order", "pk"]

    def __str__(self) -> str:
        return self.title


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


class Consultation(models.Model):
    """What a written consultation asks (issue #13): who asks, the matter, the questions and the
    deadline; after the deadline, the secretariat's summary of the answers, which closes them."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="consultation")
    asked_by = models.ForeignKey(User, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+")
    matter = models.TextField(_("matter"))
    questions = models.JSONField(_("questions"), default=list)
    deadline = models.DateTimeField(_("answers due by"))
    summary = models.TextField(_("summary of the answers"), blank=True)
    summary_compiled_at = models.DateTimeField(null=True, blank=True, editable=False)
    summary_compiled_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("written consultation")
        verbose_name_plural = _("written consultations")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_past_deadline(self) -> bool:
        return timezone.now() >= self.deadline


class ConsultationAnswer(models.Model):
    """One member's answer to a written consultation: their position, comments and a file. The
    focal officer of the member's agency may prepare it; only the member sends it. Until the
    deadline it can be changed (the history keeps each version)."""

    class Position(models.TextChoices):
        AGREE = "agree", _("Agree")
        AGREE_WITH_COMMENTS = "agree_with_comments", _("Agree with comments")
        DISAGREE = "disagree", _("Disagree")

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="consultation_answer"
    )
    position = models.CharField(_("position"), max_length=24, choices=Position.choices)
    comments = models.TextField(_("comments"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to="consultations/%Y/%m/",
        storage=private_storage,
        blank=True,
        max_length=255,
    )
    original_name = models.CharField(max_length=255, blank=True)
    prepared_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    prepared_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to a written consultation")
        verbose_name_plural = _("answers to written consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True, sent_by__isnull=True)
                | Q(sent_at__isnull=False, sent_by__isnull=False),
                name="consultation_answer_sent_by_whom_and_when",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation.user}: {self.get_position_display()}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


class Minutes(models.Model):
    """The minutes of a meeting (biên bản), or an addendum correcting signed minutes.

    Once the secretary and the presiding person have both signed, the row is locked: the model
    refuses to save it and the database refuses to update it (migration 0002's trigger).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Open for participants' comments")
        SIGNED = "signed", _("Signed")

    class SignedAs(models.TextChoices):
        PRESIDING = "presiding", _("Presiding")
        ACTING = "acting", _("Deputy acting for the chair")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_set")
    addendum_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="addenda"
    )
    body = models.TextField(_("minutes text"))
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False)
    review_until = models.DateField(_("comments until"), null=True, blank=True, editable=False)
    # The presiding person may end the comment window before its last day (Điều 7): who and when.
    review_closed_at = models.DateTimeField(_("comments closed at"), null=True, blank=True, editable=False)
    review_closed_by = models.ForeignKey(
        User,
        verbose_name=_("comments closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    secretary_signed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    secretary_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    presiding_signed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    presiding_signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    presiding_signed_as = models.CharField(
        max_length=16, choices=SignedAs.choices, blank=True, editable=False
    )
    locked = models.BooleanField(default=False, editable=False)
    # The number in the committee's register (…/BB-…), given when the last signature is put
    # on (Decree 30/2020, Art. 15.2: numbers follow the signature).
    DOC_TYPE = "BB"
    year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(addendum_to__isnull=True), name="one_main_minutes_per_meeting"
            ),
            models.CheckConstraint(
                condition=~Q(status="signed")
                | Q(
                    secretary_signed_by__isnull=False,
                    secretary_signed_at__isnull=False,
                    presiding_signed_by__isnull=False,
                    presiding_signed_at__isnull=False,
                    locked=True,
                ),
                name="signed_minutes_have_both_signatures",
            ),
            models.CheckConstraint(
                condition=Q(review_closed_at__isnull=True, review_closed_by__isnull=True)
                | Q(review_closed_at__isnull=False, review_closed_by__isnull=False),
                name="minutes_review_closed_by_whom_and_when",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Minutes of %(meeting)s") % {"meeting": self.meeting})

    def save(self, *args, **kwargs) -> None:
        # Guard, not a side effect: signed minutes never change, whatever route tries it.
        if self.pk and Minutes.objects.filter(pk=self.pk, locked=True).exists():
            raise MeetingError(str(_("Signed minutes cannot be changed; add an addendum instead.")))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.locked or Minutes.objects.filter(pk=self.pk, locked=True).exists():
            raise MeetingError(str(_("Signed minutes cannot be deleted.")))
        return super().delete(*args, **kwargs)

    @property
    def review_is_open(self) -> bool:
        """Open for the participants' comments now: under review, not closed early by the
        presiding person, and its last day not passed."""
        if self.status != self.Status.IN_REVIEW or self.locked or self.review_closed_at is not None:
            return False
        return self.review_until is None or timezone.localdate() <= self.review_until

    @property
    def symbol(self) -> str:
        """ "03/BB-BCĐCQĐT" once signed; "" before."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.DOC_TYPE}-{self.meeting.committee.short_code}"


class MinutesComment(models.Model):
    """A participant's comment on the draft minutes under review (Điều 7), and the secretary's
    answer: taken into account or not, with a note. Kept, with its history, after signing."""

    class Answer(models.TextChoices):
        NONE = "", _("Not answered yet")
        TAKEN = "taken", _("Taken into account")
        NOT_TAKEN = "not_taken", _("Not taken into account")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(
        _("answer"), max_length=16, choices=Answer.choices, default=Answer.NONE, blank=True, editable=False
    )
    answer_note = models.TextField(_("note on the answer"), blank=True, editable=False)
    answered_by = models.ForeignKey(
        User,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["created_at"]
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="", answered_by__isnull=True, answered_at__isnull=True)
                | (~Q(answer="") & Q(answered_by__isnull=False, answered_at__isnull=False)),
                name="minutes_comment_answer_has_who_and_when",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"


class Conclusion(models.Model):
    """One conclusion item (ý kiến kết luận); an instruction names a lead agency and a due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="conclusions")
    order = models.PositiveIntegerField(_("order"), default=1)
    text = models.TextField(_("conclusion"))
    is_instruction = models.BooleanField(_("instruction to an agency"), default=False)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # Cơ quan phối hợp: the agencies that work with the lead one; they become the directive's.
    coordinating_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("coordinating agencies"),
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[coordinating_organizations])

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_instruction=False)
                | Q(lead_organization__isnull=False, due_date__isnull=False),
                name="instruction_has_lead_and_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"


class Notice(models.Model):
    """The notice of conclusions (thông báo kết luận), numbered in the committee's register."""

    class SignedAs(models.TextChoices):
        CHAIR = "chair", _("Chair")
        ACTING = "acting", _("Deputy acting for the chair (KT. TRƯỞNG BAN)")

    DOC_TYPE = "TB"

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="notice")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="notices")
    doc_type = models.CharField(max_length=8, default=DOC_TYPE, editable=False)
    year = models.PositiveIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    signed_as = models.CharField(max_length=16, choices=SignedAs.choices, editable=False)
    signed_at = models.DateTimeField(editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice of conclusions")
        verbose_name_plural = _("notices of conclusions")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "doc_type", "year", "number"], name="notice_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.symbol

    @cached_property
    def symbol(self) -> str:
        """ "01/TB-BCĐCQĐT": two digits at least (Decree 30/2020, Appendix I)."""
        return f"{self.number:02d}/{self.doc_type}-{self.committee.short_code}"


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


class CalendarToken(models.Model):
    """A private, revocable token for a person's iCalendar feed URL."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return str(_("calendar feed token of %(person)s") % {"person": self.user})

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


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
