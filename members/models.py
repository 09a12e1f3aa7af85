"""People, agencies, committees and who holds which role in which committee for which term."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .notifications import notification_text
from .validators import single_line


class Organization(models.Model):
    """A provincial department, agency or district people's committee (Sở, ban, ngành; UBND)."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("Provincial People's Committee")
        DEPARTMENT = "department", _("Provincial department")
        AGENCY = "agency", _("Agency")
        DISTRICT = "district", _("District/city People's Committee")
        ENTERPRISE = "enterprise", _("Enterprise")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    short_code = models.CharField(_("short code"), max_length=32, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in: committee member, agency officer, secretary, guest or administrator."""

    # Both go into e-mail subjects (notifications name people) and documents: one line each.
    full_name = models.CharField(_("full name"), max_length=255, blank=True, validators=[single_line])
    position = models.CharField(
        _("position"),
        max_length=255,
        blank=True,
        help_text=_("Official title, e.g. Director of the Department of Information and Communications."),
        validators=[single_line],
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # One e-mail a day (07:00) with every notification since the last one, instead of one each.
    email_digest = models.BooleanField(
        _("daily digest"),
        default=False,
        help_text=_(
            "One e-mail each morning with everything since the last one, instead of one e-mail each."
        ),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class Committee(models.Model):
    """A steering committee (Ban chỉ đạo). Several may live in one installation."""

    name = models.CharField(_("name"), max_length=255)
    short_code = models.CharField(
        _("document code"),
        max_length=32,
        unique=True,
        help_text=_("Used in document symbols, e.g. 12/TB-BCĐCQĐT."),
    )
    parent_body = models.CharField(_("parent body"), max_length=255, help_text=_("e.g. UBND TỈNH TÂY NINH"))
    decision_number = models.CharField(_("establishing decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("establishing decision date"), null=True, blank=True)
    place_name = models.CharField(_("place name for dated documents"), max_length=64, default="Tây Ninh")
    description = models.TextField(_("description"), blank=True)
    # How the committee's documents are signed (Decree 30/2020, Appendix I, II.7; rule S4).
    signs_on_behalf_of = models.CharField(
        _("signs on behalf of (TM.)"),
        max_length=64,
        blank=True,
        help_text=_(
            "e.g. BAN CHỈ ĐẠO: notices and invitations then open the signature with "
            '"TM. BAN CHỈ ĐẠO". Leave blank when the chair signs in their own title.'
        ),
    )
    print_signer_post = models.BooleanField(
        _("print the signer's post in the province"),
        default=False,
        help_text=_(
            "For a committee using the provincial People's Committee's seal: print the signer's "
            "post (e.g. CHỦ TỊCH UBND TỈNH) above the name."
        ),
    )

    # Điều 5: whether the standing member also approves deadline extensions of directives (the
    # matrix's "if configured"); the chair and the deputies always do.
    standing_member_decides_extensions = models.BooleanField(
        _("the standing member approves deadline extensions"),
        default=False,
        help_text=_("When ticked, the standing member may approve or refuse a new deadline for a directive."),
    )

    # The compliance panel's thresholds (reports.compliance): when a check turns amber or red.
    compliance_quarter_amber_days = models.PositiveSmallIntegerField(
        _("days left in the quarter before a missing regular meeting is red"), default=30
    )
    compliance_month_amber_days = models.PositiveSmallIntegerField(
        _("days left in the month before a missing support group meeting is red"), default=10
    )
    minutes_sign_working_days = models.PositiveSmallIntegerField(
        _("working days to sign the minutes after a meeting"), default=5
    )
    conclusions_sign_working_days = models.PositiveSmallIntegerField(
        _("working days to sign the conclusions after the minutes"), default=3
    )
    directive_red_overdue_days = models.PositiveSmallIntegerField(
        _("days overdue before a directive is red"), default=30
    )
    work_plan_grace_days = models.PositiveSmallIntegerField(
        _("days into the year to approve the work plan"), default=31
    )
    role_term_amber_days = models.PositiveSmallIntegerField(
        _("days before a term ends to warn about it"), default=30
    )
    quarterly_report_working_days = models.PositiveSmallIntegerField(
        _("working days after a quarter ends to approve its report"), default=10
    )
    # A written consultation's answers: whether a member reads the others' before the deadline.
    consultation_answers_visible = models.BooleanField(
        _("members see each other's answers to a written consultation before its deadline"),
        default=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]
        # Object permissions, granted per committee by members.permissions from role assignments.
        # Codenames are verbs; later apps add theirs here as the role table grows.
        permissions = [
            ("view_composition", _("See the committee's composition")),
            ("view_committee_business", _("See the committee's meetings, minutes and notices")),
            ("prepare_meeting", _("Create and edit meeting drafts and agendas")),
            ("convene_meeting", _("Convene, postpone and cancel meetings")),
            ("propose_meeting", _("Propose an extraordinary meeting")),
            ("decide_meeting_proposal", _("Accept or decline a meeting proposal")),
            ("record_minutes", _("Record attendance and draft minutes")),
            ("view_draft_minutes", _("See draft minutes")),
            ("draft_conclusions", _("Draft conclusions")),
            ("sign_conclusions", _("Sign conclusions and issue notices")),
            ("act_for_chair", _("Sign for the chair when the chair is absent")),
            ("record_acting_period", _("Record the chair's absence and the deputy acting meanwhile")),
            ("create_directive", _("Create directives")),
            ("assign_directive", _("Assign and cancel directives")),
            ("urge_directive", _("Urge directives")),
            ("report_progress", _("Post progress for the own agency's directives")),
            ("decide_directive", _("Accept or return completed directives, approve extensions")),
            ("follow_up_directives", _("Follow up the committee's directives and accept completed work")),
            ("propose_acceptance", _("Propose accepting completed directives")),
            ("view_scoreboard", _("See every agency's scoreboard")),
            ("name_focal_officers", _("Name and remove the own agency's focal officers")),
            ("draft_plans", _("Draft plans and quarterly reports")),
            ("approve_plans", _("Approve plans and quarterly reports")),
            ("view_compliance", _("See the compliance panel")),
            ("manage_support_teams", _("Create the support group's sub-teams and assign their duties")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:committee-detail", kwargs={"pk": self.pk})


class CommitteeUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign-key table for committee permissions (fast joins, real FKs)."""

    content_object = models.ForeignKey(Committee, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("committee permission")
        verbose_name_plural = _("committee permissions")


class RoleAssignmentQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None) -> RoleAssignmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class RoleAssignment(models.Model):
    """A person holds a role in one committee, for an agency, for a term, by a decision."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        DEPUTY = "deputy", _("Deputy chair")
        STANDING_MEMBER = "standing_member", _("Standing member")
        MEMBER = "member", _("Member")
        SECRETARIAT_LEAD = "secretariat_lead", _("Support group leader")
        SECRETARIAT = "secretariat", _("Support group member")
        FOCAL_OFFICER = "focal_officer", _("Focal officer")

    # Roles of which a committee has at most one in force at a time.
    SINGLE_HOLDER_ROLES = (Role.CHAIR, Role.STANDING_MEMBER)
    # Display order on the composition page (the regulation's order: Điều 3 to 7, then 9.3).
    ROLE_ORDER = [
        Role.CHAIR,
        Role.DEPUTY,
        Role.STANDING_MEMBER,
        Role.MEMBER,
        Role.SECRETARIAT_LEAD,
        Role.SECRETARIAT,
        Role.FOCAL_OFFICER,
    ]
    ROLE_RANK: dict[str, int] = dict(zip(ROLE_ORDER, range(len(ROLE_ORDER)), strict=True))
    # What makes a term: who, where, in which role, by which decision. Changing any of them is a new
    # term, never an edit (members.services.role_assignment_end_and_start), so the history keeps
    # who held what when. The agency, the dates and the note may be corrected in place.
    TERM_FIELDS = ("user", "committee", "role", "decision_number", "decision_date")

    class ChangeReason(models.TextChoices):
        """Why a version of an assignment was recorded (its history's change reason)."""

        APPOINTED = "appointed", _("appointed")
        CORRECTED = "corrected", _("corrected")
        TERM_ENDED = "term ended", _("term ended")
        NEW_TERM = "new term", _("new term after the previous one ended")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization represented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    start_date = models.DateField(_("term from"))
    end_date = models.DateField(
        _("term until"), null=True, blank=True, help_text=_("Leave empty for an open term.")
    )
    decision_number = models.CharField(_("appointing decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("appointing decision date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["committee", "role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="role_assignment_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            # The database's share of "at most one chair and one standing member in force":
            # at most one open-ended term per committee for each single-holder role. Overlapping
            # dated terms are refused by members.services (and, on PostgreSQL, by an exclusion
            # constraint added in migration 0002).
            models.UniqueConstraint(
                fields=["committee", "role"],
                condition=Q(end_date__isnull=True, role__in=["chair", "standing_member"]),
                name="one_open_chair_or_standing_member_per_committee",
                violation_error_message=_(
                    "This committee already has a person in this role with an open term."
                ),
            ),
        ]
        indexes = [models.Index(fields=["user", "committee"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.committee.short_code}"

    def save(self, *args, **kwargs) -> None:
        # A guard, not a side effect: whichever path writes (a form, an inline, the shell, a
        # revert from the history), a saved term keeps its person, committee, role and decision.
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or set(update_fields) & set(self.TERM_FIELDS)):
            changed = self.changed_term_fields()
            if changed:
                raise ValidationError({name: self.term_change_refusal() for name in changed})
        super().save(*args, **kwargs)

    def changed_term_fields(self) -> list[str]:
        """The TERM_FIELDS whose value differs from the saved row's (none for a new assignment)."""
        if self.pk is None:
            return []
        attnames = {name: self._meta.get_field(name).attname for name in self.TERM_FIELDS}
        saved = RoleAssignment.objects.filter(pk=self.pk).values(*attnames.values()).first()
        if saved is None:
            return []
        return [name for name, attname in attnames.items() if getattr(self, attname) != saved[attname]]

    @staticmethod
    def term_change_refusal() -> str:
        return _(
            "A term's person, committee, role and decision cannot be changed: end this term and "
            "start a new one with its decision."
        )

    def clean(self) -> None:
        """Refuse an assignment that breaks the committee's rules, with a message per field.

        - At most one chair and one standing member in force at a time: their terms may not overlap.
        - A member represents an organization; a focal officer belongs to the organization they
          serve, and that organization has a member in the committee (Điều 9.3).
        """
        Role = RoleAssignment.Role
        errors: dict[str, list[str]] = {}
        a = self
        for name in a.changed_term_fields():
            errors.setdefault(name, []).append(a.term_change_refusal())
        if a.end_date and a.start_date and a.end_date < a.start_date:
            errors.setdefault("end_date", []).append(_("The term cannot end before it starts."))

        if a.role in RoleAssignment.SINGLE_HOLDER_ROLES and a.committee_id and a.start_date:
            overlapping = RoleAssignment.objects.filter(committee_id=a.committee_id, role=a.role).exclude(
                pk=a.pk
            )
            overlapping = overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=a.start_date))
            if a.end_date:
                overlapping = overlapping.filter(start_date__lte=a.end_date)
            holder = overlapping.select_related("user").first()
            if holder:
                errors.setdefault("role", []).append(
                    _("%(person)s already holds this role in this committee for an overlapping term.")
                    % {"person": holder.user}
                )

        if a.role in (Role.MEMBER, Role.FOCAL_OFFICER) and not a.organization_id:
            errors.setdefault("organization", []).append(
                _("A member or focal officer must represent an organization.")
            )
        if a.role == Role.FOCAL_OFFICER and a.organization_id and a.user_id:
            user_org = User.objects.filter(pk=a.user_id).values_list("organization_id", flat=True).first()
            if user_org != a.organization_id:
                errors.setdefault("organization", []).append(
                    _("A focal officer must belong to the organization they serve.")
                )
            elif (
                a.committee_id
                and not RoleAssignment.objects.filter(
                    committee_id=a.committee_id, role=Role.MEMBER, organization_id=a.organization_id
                ).exists()
            ):
                errors.setdefault("organization", []).append(
                    _("This organization has no member in the committee to name a focal officer.")
                )
        if errors:
            raise ValidationError(errors)


class ChairActingPeriodQuerySet(models.QuerySet):
    def covering(self, on: datetime.date) -> ChairActingPeriodQuerySet:
        return self.filter(start_date__lte=on, end_date__gte=on)


class ChairActingPeriod(models.Model):
    """The chair is away (leave, a mission) from one day to another; meanwhile the deputy named
    acts for the chair and signs for them, "KT. TRƯỞNG BAN" (Điều 4.1). Recorded by the chair,
    or by an administrator."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="acting_periods"
    )
    deputy = models.ForeignKey(
        User, verbose_name=_("deputy acting for the chair"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("chair away from"))
    end_date = models.DateField(_("chair away until"))
    reason = models.CharField(
        _("reason"), max_length=255, help_text=_("e.g. a mission to Hà Nội, annual leave.")
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChairActingPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acting period for the chair")
        verbose_name_plural = _("acting periods for the chair")
        ordering = ["committee", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="chair_acting_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} — {self.committee.short_code} — {self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y}"

    def clean(self) -> None:
        """The one acting is a deputy of the committee on the first day; one period at a time
        (the periods of a committee do not overlap)."""
        errors: dict[str, list[str]] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(_("The period cannot end before it starts."))
        elif self.committee_id and self.start_date and self.end_date:
            if self.deputy_id and not (
                RoleAssignment.objects.in_force(self.start_date)
                .filter(
                    committee_id=self.committee_id, user_id=self.deputy_id, role=RoleAssignment.Role.DEPUTY
                )
                .exists()
            ):
                errors.setdefault("deputy", []).append(
                    _("This person is not a deputy chair of the committee on the first day of the period.")
                )
            overlapping = (
                ChairActingPeriod.objects.filter(
                    committee_id=self.committee_id,
                    start_date__lte=self.end_date,
                    end_date__gte=self.start_date,
                )
                .exclude(pk=self.pk)
                .select_related("deputy")
                .first()
            )
            if overlapping is not None:
                errors.setdefault("start_date", []).append(
                    _("An acting period from %(start)s to %(end)s (%(person)s) overlaps these dates.")
                    % {
                        "start": overlapping.start_date.strftime("%d/%m/%Y"),
                        "end": overlapping.end_date.strftime("%d/%m/%Y"),
                        "person": overlapping.deputy,
                    }
                )
        if errors:
            raise ValidationError(errors)


class SupportTeam(models.Model):
    """A domain sub-group of the support group (nhóm giúp việc theo lĩnh vực, Điều 7.8)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="support_teams"
    )
    name = models.CharField(_("name"), max_length=255)
    domain = models.CharField(_("field"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support sub-team")
        verbose_name_plural = _("support sub-teams")
        ordering = ["committee", "name"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="support_team_name_unique")]

    def __str__(self) -> str:
        return self.name


class SupportTeamMembership(models.Model):
    team = models.ForeignKey(
        SupportTeam, verbose_name=_("sub-team"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="support_team_memberships"
    )
    is_lead = models.BooleanField(_("sub-team lead"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub-team member")
        verbose_name_plural = _("sub-team members")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="support_team_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.team}"


class SupportDuty(models.Model):
    """What one person of a sub-team is charged with (Điều 4.3, 7.8): the areas they follow, the
    agencies they follow, the committee's tasks they carry, from one day (to another). Assigned by
    the deputy or the support group's leader (members.services.support_duty_save)."""

    team = models.ForeignKey(
        SupportTeam, verbose_name=_("sub-team"), on_delete=models.CASCADE, related_name="duties"
    )
    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="support_duties"
    )
    areas = models.TextField(_("areas followed"), blank=True)
    agencies = models.ManyToManyField(
        Organization, verbose_name=_("agencies followed"), blank=True, related_name="+"
    )
    tasks = models.TextField(_("the committee's tasks"), blank=True)
    start_date = models.DateField(_("duty from"))
    end_date = models.DateField(_("duty until"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        verbose_name = _("sub-team duty")
        verbose_name_plural = _("sub-team duties")
        ordering = ["team", "user", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="support_duty_ends_after_start",
                violation_error_message=_("The duty cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.team}: {(self.areas or self.tasks)[:60]}"

    def in_force(self, on: datetime.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class Notification(models.Model):
    """Something a person should know: an invitation, a postponement, a decision on their absence.

    Stored as a kind and its parameters and worded when read, in the reader's language
    (members.notifications); `message` holds the sentence of rows stored before kinds existed.

    It is also the outbox of its e-mail: written in the transaction of the event that causes it,
    with `email_status` saying where the e-mail stands (a periodic sweep sends what is pending,
    retrying with backoff, and gives up visibly). A reminder carries its `occurrence_key`: one
    notification per person and occurrence, whoever runs the sweep and however often."""

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be e-mailed")
        SENDING = "sending", _("Being e-mailed")
        SENT = "sent", _("E-mailed")
        DIGEST = "digest", _("Waiting for the daily digest")
        NOT_EMAILED = "not_emailed", _("In the portal only")
        FAILED = "failed", _("Could not be e-mailed")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("notification kind"), max_length=64, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    # When the sweep may try (again); a claim being sent holds it a few minutes ahead (a lease).
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(_("last e-mail error"), max_length=500, blank=True)
    occurrence_key = models.CharField(_("reminder occurrence"), max_length=191, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email_status", "email_next_attempt_at"], name="notification_outbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "occurrence_key"],
                condition=~Q(occurrence_key=""),
                name="notification_occurrence_once",
            )
        ]

    def __str__(self) -> str:
        return notification_text(self)


class NotificationPreference(models.Model):
    """A person's choice for one kind of notification: e-mailed, or in the portal only (the
    portal always shows it). No row: e-mailed (or in the daily digest, if they chose it)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(_("notification kind"), max_length=64)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind}: {'e-mail' if self.by_email else 'portal'}"


class ReminderOccurrence(models.Model):
    """One occurrence of a reminder rule (e.g. "quarter 2027-Q1 has no committee meeting, first
    working day, committee 3"), claimed once by the sweep that acts on it: the unique key makes a
    second sweep, or a concurrent one, find it taken and do nothing."""

    key = models.CharField(_("occurrence"), max_length=191, unique=True)
    rule = models.CharField(_("reminder rule"), max_length=64)
    fired_at = models.DateTimeField(_("fired at"))
    recipients = models.PositiveIntegerField(_("people reminded"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-fired_at"]
        indexes = [models.Index(fields=["rule", "fired_at"])]

    def __str__(self) -> str:
        return self.key
