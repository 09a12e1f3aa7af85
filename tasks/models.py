"""Directives (nhiệm vụ) and the annual plans they come from (Điều 3.1, 5.1, 5.5, 6.2, 7.3, 7.6, 9.3).

A directive is work the committee gives an agency: it comes from an instruction of a signed notice
of conclusions, an item of an approved annual plan, or an ad-hoc instruction of the chair or a
deputy. Its lead agency (chủ trì) posts progress and reports it done; coordinating agencies
(phối hợp) add contributions; the chair's side accepts or returns it. Everything that happens to
it is a DirectiveEvent, the timeline people read; the directive row keeps its current state and its
own history (simple-history) for the audit.

Timeliness is never stored: `DirectiveQuerySet.with_timeliness(today)` derives it in the database.
"""

from __future__ import annotations

import datetime
import unicodedata

from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from documents.models import ArchivedDocument
from documents.storage import private_storage
from meetings.models import Conclusion, Notice
from members.errors import DomainError
from members.models import Committee, Organization, SupportTeam, User

#: "Due soon" is at most this many days before the deadline in force.
DUE_SOON_DAYS = 7


class DirectiveError(DomainError):
    """A directive's state or the time refuses what was asked; the message says why."""


def fold(text: str) -> str:
    """Text as the search compares it: no diacritics, no case ("Tiến độ" → "tien do"), the same
    on SQLite and PostgreSQL because it is computed here, stored, and applied to the query too."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    CANCELLED = "cancelled", _("Cancelled")


class DirectiveQuerySet(models.QuerySet):
    def with_timeliness(self, today: datetime.date) -> DirectiveQuerySet:
        """Annotate `timeliness` (a Timeliness value), computed by the database from the status,
        the deadline in force and, for work reported done, the day it was reported against the
        deadline in force that day. A directive with no deadline (regular work) is on time."""
        S = Directive.Status
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        return self.annotate(
            timeliness=Case(
                When(status=S.CANCELLED, then=Value(Timeliness.CANCELLED)),
                When(
                    Q(status__in=Directive.DONE_STATUSES)
                    & Q(deadline_at_report__isnull=False)
                    & Q(reported_done_on__gt=F("deadline_at_report")),
                    then=Value(Timeliness.DONE_LATE),
                ),
                When(status__in=Directive.DONE_STATUSES, then=Value(Timeliness.DONE_ON_TIME)),
                When(deadline__isnull=True, then=Value(Timeliness.ON_TIME)),
                When(deadline__lt=today, then=Value(Timeliness.OVERDUE)),
                When(deadline__lte=soon, then=Value(Timeliness.DUE_SOON)),
                default=Value(Timeliness.ON_TIME),
                output_field=CharField(),
            )
        )

    def open(self) -> DirectiveQuerySet:
        return self.filter(status__in=Directive.OPEN_STATUSES)


class Directive(models.Model):
    """One piece of work the committee gave an agency."""

    class Source(models.TextChoices):
        CONCLUSION = "conclusion", _("Meeting conclusion")
        PLAN = "plan", _("Annual plan")
        AD_HOC = "ad_hoc", _("Ad-hoc instruction")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        REPORTED_DONE = "reported_done", _("Reported done")
        ACCEPTED = "accepted", _("Accepted")
        CANCELLED = "cancelled", _("Cancelled")

    class Action(models.TextChoices):
        START = "start", _("start the work")
        REPORT_DONE = "report_done", _("report it done")
        PROPOSE_ACCEPTANCE = "propose_acceptance", _("propose acceptance")
        ACCEPT = "accept", _("accept the work")
        RETURN = "return", _("return the work")
        CANCEL = "cancel", _("cancel the directive")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Period(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Every six months")
        YEARLY = "yearly", _("Yearly")

    S = Status
    A = Action
    #: The allowed moves: status → action → the status it leads to (one service per action).
    #: "Returned" is a move back to in progress with a reason, counted in `times_returned`.
    TRANSITIONS: dict[str, dict[str, str]] = {
        S.ASSIGNED: {A.START: S.IN_PROGRESS, A.REPORT_DONE: S.REPORTED_DONE, A.CANCEL: S.CANCELLED},
        S.IN_PROGRESS: {A.REPORT_DONE: S.REPORTED_DONE, A.CANCEL: S.CANCELLED},
        S.REPORTED_DONE: {
            A.PROPOSE_ACCEPTANCE: S.REPORTED_DONE,
            A.ACCEPT: S.ACCEPTED,
            A.RETURN: S.IN_PROGRESS,
            A.CANCEL: S.CANCELLED,
        },
        S.ACCEPTED: {},
        S.CANCELLED: {},
    }
    OPEN_STATUSES = (S.ASSIGNED, S.IN_PROGRESS)
    DONE_STATUSES = (S.REPORTED_DONE, S.ACCEPTED)

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="directives")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    notice = models.ForeignKey(
        Notice,
        verbose_name=_("notice of conclusions"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    plan_item = models.ForeignKey(
        "WorkPlanItem",
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    # An ad-hoc instruction's reference: the document that gave it (e.g. 123/UBND-VP of 05/03/2026).
    reference_number = models.CharField(_("document number"), max_length=64, blank=True)
    reference_date = models.DateField(_("document date"), null=True, blank=True)

    title = models.CharField(_("title"), max_length=500)
    expected_result = models.TextField(_("expected result"), blank=True)
    lead_organization = models.ForeignKey(
        Organization, verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_organizations = models.ManyToManyField(
        Organization, verbose_name=_("coordinating agencies"), blank=True, related_name="+"
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    # A deadline, or regular work (thường xuyên) reported every `reporting_period`.
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    reporting_period = models.CharField(
        _("reporting period"), max_length=16, choices=Period.choices, blank=True
    )
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True, editable=False)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0, editable=False)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ASSIGNED, editable=False
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    # Set when it is reported done: the day (Asia/Ho_Chi_Minh) and the deadline in force that day,
    # which timeliness compares (a later extension does not make late work on time).
    reported_done_on = models.DateField(_("reported done on"), null=True, blank=True, editable=False)
    deadline_at_report = models.DateField(null=True, blank=True, editable=False)
    acceptance_proposed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    acceptance_proposed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, editable=False
    )  # accepted or cancelled
    closed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    times_returned = models.PositiveSmallIntegerField(_("times returned"), default=0, editable=False)
    # The support group's sub-team that follows the work up for the committee (Điều 4.3, 7.8); its
    # members see it on "Việc của tôi". Set from the directive's page (services.follow_up_team_set).
    follow_up_team = models.ForeignKey(
        SupportTeam,
        verbose_name=_("sub-team following up"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_directives",
        editable=False,
    )
    last_urged_at = models.DateTimeField(_("last urged"), null=True, blank=True, editable=False)

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # fold(title, expected result, reference): what the text search compares (see `fold`).
    search_text = models.TextField(editable=False, default="")

    objects = DirectiveQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[coordinating_organizations])

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["committee", "status", "deadline"], name="directive_committee_status"),
            models.Index(fields=["lead_organization", "status"], name="directive_lead_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=False) | ~Q(reporting_period=""),
                name="directive_deadline_or_regular",
            ),
            models.CheckConstraint(
                condition=~Q(source="conclusion") | Q(conclusion__isnull=False, notice__isnull=False),
                name="directive_conclusion_has_source",
            ),
            models.CheckConstraint(
                condition=~Q(source="plan") | Q(plan_item__isnull=False),
                name="directive_plan_has_item",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="directive_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title[:80]}"

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("tasks:directive-detail", kwargs={"pk": self.pk})

    @property
    def is_regular(self) -> bool:
        return self.deadline is None

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def refresh_search_text(self) -> None:
        self.search_text = fold(" ".join([self.title, self.expected_result, self.reference_number]))


class DirectiveUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign-key table for grants on one directive (fast joins, real FKs)."""

    content_object = models.ForeignKey(Directive, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("directive permission of a person")
        verbose_name_plural = _("directive permissions of people")


class DirectiveGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Directive, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("directive permission of a group")
        verbose_name_plural = _("directive permissions of groups")


class DirectiveEvent(models.Model):
    """One line of a directive's timeline: who did what, when, with what text and files."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Assigned")
        EDITED = "edited", _("Edited")
        STARTED = "started", _("Work started")
        PROGRESS = "progress", _("Progress update")
        CONTRIBUTION = "contribution", _("Contribution of a coordinating agency")
        REPORTED_DONE = "reported_done", _("Reported done")
        ACCEPTANCE_PROPOSED = "acceptance_proposed", _("Acceptance proposed")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")
        EXTENSION_REQUESTED = "extension_requested", _("New deadline asked")
        EXTENSION_APPROVED = "extension_approved", _("New deadline approved")
        EXTENSION_REFUSED = "extension_refused", _("New deadline refused")
        URGED = "urged", _("Urged")
        FOLLOW_UP_TEAM = "follow_up_team", _("Sub-team following up")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # None only for what the portal does by itself (an automatic urging).
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), db_index=True)
    text = models.TextField(_("text"), blank=True)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    # Reported done with an issued document as evidence (its number and date).
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    automatic = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("directive event")
        verbose_name_plural = _("directive events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.directive_id} {self.kind} {self.at:%d/%m/%Y}"


class Evidence(models.Model):
    """A file attached to a progress update, contribution or report of completion (stored
    privately, checked like the meetings' papers)."""

    event = models.ForeignKey(DirectiveEvent, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ExtensionRequest(models.Model):
    """The lead agency asks for a new deadline; the chair's side decides (one pending at a time)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("No longer needed")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    reason = models.TextField(_("reason"))
    current_deadline = models.DateField(_("deadline in force"))
    proposed_deadline = models.DateField(_("new deadline asked"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive"], condition=Q(status="pending"), name="one_pending_extension"
            ),
            models.CheckConstraint(
                condition=Q(proposed_deadline__gt=F("current_deadline")), name="extension_is_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id}: {self.current_deadline} → {self.proposed_deadline}"


class WorkPlan(models.Model):
    """The committee's work plan or inspection plan for a year (Điều 3.1, 5.1, 7.1): drafted by
    the secretariat or the standing member, approved by the chair as a numbered document
    (NN/KH-<code>); its approved items become directives."""

    class Kind(models.TextChoices):
        WORK = "work", _("Work plan")
        INSPECTION = "inspection", _("Inspection plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    class SignedAs(models.TextChoices):
        CHAIR = "chair", _("Chair")
        ACTING = "acting", _("Deputy acting for the chair (KT. TRƯỞNG BAN)")

    DOC_TYPE = "KH"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="work_plans")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WORK)
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    introduction = models.TextField(_("purpose and requirements"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    number_year = models.PositiveIntegerField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_as = models.CharField(max_length=16, choices=SignedAs.choices, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="work_plan_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False, approved_at__isnull=False),
                name="approved_plan_is_numbered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks:plan-detail", kwargs={"pk": self.pk})

    @property
    def symbol(self) -> str:
        """ "03/KH-BCĐCQĐT" once approved; empty while drafted."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.DOC_TYPE}-{self.committee.short_code}"


class WorkPlanItem(models.Model):
    """One item of a plan: what, which agency owns it, in which quarter, with what result."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"), default=1)
    content = models.TextField(_("content"))
    owner_organization = models.ForeignKey(
        Organization, verbose_name=_("owner agency"), on_delete=models.PROTECT, related_name="+"
    )
    target_quarter = models.PositiveSmallIntegerField(
        _("target quarter"), choices=[(q, format_lazy(_("Quarter {}"), q)) for q in (1, 2, 3, 4)]
    )
    expected_result = models.TextField(_("expected result"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_quarter__gte=1, target_quarter__lte=4), name="plan_item_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.content[:80]}"


class PlanDocument(ArchivedDocument):
    """The PDF/A copy of an approved plan, rendered once (like the notice's)."""

    plan = models.OneToOneField(WorkPlan, on_delete=models.PROTECT, related_name="archived")

    class Meta:
        verbose_name = _("archived plan")
        verbose_name_plural = _("archived plans")

    def __str__(self) -> str:
        return str(self.plan)
