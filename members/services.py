"""Writes of the members app: role assignments and their rules (Điều 3–7, 9.3)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import audit, jobs, outbox, throttle
from .errors import DomainError
from .history import save_with_history
from .models import (
    ChairActingPeriod,
    Committee,
    Notification,
    NotificationPreference,
    Organization,
    RoleAssignment,
    SupportDuty,
    SupportTeam,
    SupportTeamMembership,
    User,
)
from .notifications import notification_kind, notification_kinds, notification_params
from .permissions import (
    ensure_can_manage_role_assignment,
    ensure_can_manage_support_teams,
    ensure_can_name_focal_officers,
    ensure_can_record_acting_period,
)
from .selectors import committee_agencies, password_reset_users, support_group_people

logger = logging.getLogger(__name__)

Role = RoleAssignment.Role
Reason = RoleAssignment.ChangeReason


def role_assignment_validate(*, assignment: RoleAssignment) -> None:
    """Refuse an assignment that breaks the committee's rules, with a message per field
    (the rules are RoleAssignment.clean's, so the admin and the services check the same)."""
    assignment.clean()


def _terms_overlap(a: RoleAssignment, b: RoleAssignment) -> bool:
    far = datetime.date.max
    return a.start_date <= (b.end_date or far) and b.start_date <= (a.end_date or far)


def role_assignments_validate_together(assignments: list[RoleAssignment]) -> dict[int, str]:
    """The rules between assignments saved at once (the committee page's rows), which
    role_assignment_validate cannot see in the database yet: {index: message} for each row that
    gives a chair or standing member a term overlapping an earlier row's."""
    errors: dict[int, str] = {}
    for i, a in enumerate(assignments):
        if a.role not in RoleAssignment.SINGLE_HOLDER_ROLES or not a.start_date:
            continue
        for b in assignments[:i]:
            if b.role == a.role and b.start_date and _terms_overlap(a, b):
                errors[i] = _(
                    "%(person)s already holds this role in this committee for an overlapping term."
                ) % {"person": b.user}
                break
    return errors


@transaction.atomic
def role_assignment_create(
    *,
    user: User,
    committee: Committee,
    role: str,
    start_date: datetime.date,
    organization: Organization | None = None,
    end_date: datetime.date | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    actor: User | None = None,
) -> RoleAssignment:
    """Appoint a person to a role; their permissions follow at once (members.receivers).
    An administrator never appoints themselves: another administrator must."""
    ensure_can_manage_role_assignment(actor, user)
    assignment = RoleAssignment(
        user=user,
        committee=committee,
        role=role,
        organization=organization,
        start_date=start_date,
        end_date=end_date,
        decision_number=decision_number,
        decision_date=decision_date,
    )
    assignment.full_clean()
    if actor is not None:
        assignment._history_user = actor
    assignment._change_reason = Reason.APPOINTED
    assignment.save()
    audit.role_assignment_event("appointed", assignment, actor=actor)
    return assignment


@transaction.atomic
def role_assignment_end(
    *, assignment: RoleAssignment, end_date: datetime.date, actor: User | None = None
) -> RoleAssignment:
    """End a term on a date (inclusive); the person loses the role's permissions after it."""
    assignment = (
        RoleAssignment.objects.select_for_update().select_related("user", "committee").get(pk=assignment.pk)
    )
    ensure_can_manage_role_assignment(actor, assignment.user)
    assignment.end_date = end_date
    assignment.full_clean()
    if actor is not None:
        assignment._history_user = actor
    assignment._change_reason = Reason.TERM_ENDED
    assignment.save(update_fields=["end_date"])
    audit.role_assignment_event("term ended", assignment, actor=actor)
    return assignment


#: What may be corrected on a saved assignment; the rest (RoleAssignment.TERM_FIELDS) is a new term.
CORRECTABLE_FIELDS = ("organization", "start_date", "end_date", "note")


@transaction.atomic
def role_assignment_update(
    *, assignment: RoleAssignment, actor: User | None = None, **changes
) -> RoleAssignment:
    """Correct an assignment's agency, dates or note. A new person, committee, role or decision is
    not an edit but a new term (role_assignment_end_and_start): refused with a message per field."""
    assignment = (
        RoleAssignment.objects.select_for_update().select_related("user", "committee").get(pk=assignment.pk)
    )
    ensure_can_manage_role_assignment(actor, assignment.user)
    refused = [name for name in changes if name in RoleAssignment.TERM_FIELDS]
    if refused:
        raise ValidationError({name: RoleAssignment.term_change_refusal() for name in refused})
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise TypeError(f"role_assignment_update() cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(assignment, name, value)
    assignment.full_clean()
    if actor is not None:
        assignment._history_user = actor
    assignment._change_reason = Reason.CORRECTED
    assignment.save(update_fields=list(changes))
    audit.role_assignment_event("corrected", assignment, actor=actor)
    return assignment


@transaction.atomic
def role_assignment_end_and_start(
    *,
    assignment: RoleAssignment,
    end_date: datetime.date,
    role: str,
    decision_number: str,
    decision_date: datetime.date | None,
    organization: Organization | None = None,
    note: str = "",
    actor: User | None = None,
) -> RoleAssignment:
    """Change a person's role (or re-appoint them by a new decision): their term ends on
    `end_date` and a new one, by its own decision, starts the next day, in one transaction.
    Both stay in the history. Returns the new assignment."""
    old = RoleAssignment.objects.select_for_update().select_related("user", "committee").get(pk=assignment.pk)
    ensure_can_manage_role_assignment(actor, old.user)
    errors: dict[str, list[str]] = {}
    if old.end_date and end_date > old.end_date:
        errors["end_date"] = [
            _("This term already ends on %(date)s: end it on that date or earlier.")
            % {"date": formats.date_format(old.end_date, "d/m/Y")}
        ]
    decision_number = decision_number.strip()
    if not decision_number:
        errors["decision_number"] = [_("A new term needs the decision that appoints it.")]
    elif decision_number == old.decision_number and decision_date == old.decision_date:
        errors["decision_number"] = [
            _("This is the decision of the term that ends: give the new term's decision.")
        ]
    if errors:
        raise ValidationError(errors)

    old = role_assignment_end(assignment=old, end_date=end_date, actor=actor)
    new = RoleAssignment(
        user=old.user,
        committee=old.committee,
        role=role,
        organization=organization,
        start_date=end_date + datetime.timedelta(days=1),
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    new.full_clean()
    if actor is not None:
        new._history_user = actor
    new._change_reason = Reason.NEW_TERM
    new.save()
    audit.role_assignment_event("new term", new, actor=actor)
    return new


#: How far ahead a member may name a focal officer: the term starts today or within this.
FOCAL_OFFICER_START_WITHIN = datetime.timedelta(days=365)


@transaction.atomic
def focal_officer_name(
    *,
    committee: Committee,
    actor: User,
    user: User,
    start_date: datetime.date,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> RoleAssignment:
    """An agency's member names a person of their agency its focal officer in the committee
    (Điều 9.3), from today or a day within a year; the person is told, and reports progress for
    the agency from the first day (their permissions follow the assignment, members.receivers)."""
    agencies = ensure_can_name_focal_officers(actor, committee)
    # Locks the person: two members naming them at once give one term, not two.
    user = User.objects.select_for_update(of=("self",)).select_related("organization").get(pk=user.pk)
    if user.organization_id not in agencies:
        raise PermissionDenied  # a person of another agency: not this member's to name
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if user.pk == actor.pk:
        errors["user"] = _("You represent the agency yourself: name another person of it.")
    elif not user.is_active:
        errors["user"] = _("This person's account is disabled: they cannot be named.")
    else:
        current = (
            RoleAssignment.objects.filter(committee=committee, user=user, role=Role.FOCAL_OFFICER)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .order_by("start_date")
            .first()
        )
        if current is not None:
            errors["user"] = _("%(person)s is already a focal officer of the agency, from %(date)s.") % {
                "person": user,
                "date": formats.date_format(current.start_date, "d/m/Y"),
            }
    if start_date < today:
        errors["start_date"] = _("The term cannot start before today.")
    elif start_date > today + FOCAL_OFFICER_START_WITHIN:
        errors["start_date"] = _("The term starts within a year: on %(date)s at the latest.") % {
            "date": formats.date_format(today + FOCAL_OFFICER_START_WITHIN, "d/m/Y")
        }
    if decision_date is not None and decision_date > today:
        errors["decision_date"] = _("The decision cannot be dated after today.")
    if errors:
        raise ValidationError(errors)
    assignment = role_assignment_create(
        user=user,
        committee=committee,
        role=Role.FOCAL_OFFICER,
        organization=user.organization,
        start_date=start_date,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        actor=actor,
    )
    notify(
        users=[user],
        kind="members.focal_officer_named",
        params={"agency": user.organization.name, "committee": committee.short_code, "start": start_date},
        url=reverse("members:committee-detail", kwargs={"pk": committee.pk}),
    )
    return assignment


@transaction.atomic
def focal_officer_remove(*, assignment: RoleAssignment, actor: User) -> RoleAssignment | None:
    """The agency's member removes one of its focal officers (Điều 9.3): the term ends today and
    stays in the history with who ended it. A term not started yet is withdrawn instead: deleted,
    its history keeping the record and who withdrew it (returns None). The person is told."""
    # Only the assignment's row is locked: its agency is a nullable (outer) join.
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("user", "committee", "organization")
        .get(pk=assignment.pk)
    )
    if assignment.role != Role.FOCAL_OFFICER:
        raise PermissionDenied
    ensure_can_name_focal_officers(actor, assignment.committee, assignment.organization_id)
    today = timezone.localdate()
    if assignment.end_date is not None and assignment.end_date <= today:
        raise DomainError(
            _("%(person)s's term as focal officer already ends on %(date)s.")
            % {"person": assignment.user, "date": formats.date_format(assignment.end_date, "d/m/Y")}
        )
    committee = assignment.committee
    params = {"agency": assignment.organization.name, "committee": committee.short_code}
    if assignment.start_date > today:
        person, start_date = assignment.user, assignment.start_date
        audit.role_assignment_event("withdrawn before it started", assignment, actor=actor)
        assignment._history_user = actor
        assignment._change_reason = "withdrawn before it started"
        assignment.delete()
        notify(
            users=[person],
            kind="members.focal_officer_withdrawn",
            params={**params, "start": start_date},
            url=reverse("members:committee-detail", kwargs={"pk": committee.pk}),
        )
        return None
    ended = role_assignment_end(assignment=assignment, end_date=today, actor=actor)
    notify(
        users=[ended.user],
        kind="members.focal_officer_removed",
        params={**params, "end": today},
        url=reverse("members:committee-detail", kwargs={"pk": committee.pk}),
    )
    return ended


@transaction.atomic
def chair_acting_period_record(
    *,
    committee: Committee,
    actor: User,
    deputy: User,
    start_date: datetime.date,
    end_date: datetime.date,
    reason: str,
) -> ChairActingPeriod:
    """The chair records that they are away from `start_date` to `end_date` and that `deputy`
    acts for them meanwhile, signing "KT. TRƯỞNG BAN" (Điều 4.1); the deputy is told."""
    ensure_can_record_acting_period(actor, committee)
    period = ChairActingPeriod(
        committee=committee,
        deputy=deputy,
        start_date=start_date,
        end_date=end_date,
        reason=reason.strip(),
        created_by=actor,
    )
    period.full_clean()
    period._history_user = actor
    period._change_reason = "recorded"
    period.save()
    notify(
        users=[deputy],
        kind="members.acting_for_chair",
        params={"committee": committee.short_code, "start": start_date, "end": end_date},
        url=reverse("members:committee-detail", kwargs={"pk": committee.pk}),
    )
    return period


# --- the support group's sub-teams and duties (Điều 4.3, 7.8) -------------------------------------


def _one_line(value: str, field: str, *, required: str | None = None, max_length: int = 255) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": max_length}})
    return value


def _team_fields(
    committee: Committee, name: str, domain: str, exclude_pk: int | None = None
) -> tuple[str, str]:
    name = _one_line(name, "name", required=_("Give the sub-team a name."))
    domain = _one_line(domain, "domain")
    # Compared here, not by the database: SQLite folds the case of ASCII letters only ("Ạ").
    taken = (
        SupportTeam.objects.filter(committee=committee).exclude(pk=exclude_pk).values_list("name", flat=True)
    )
    if name.casefold() in {other.casefold() for other in taken}:
        raise ValidationError({"name": _("The committee already has a sub-team with this name.")})
    return name, domain


def _lock_team(team: SupportTeam) -> SupportTeam:
    return SupportTeam.objects.select_for_update().select_related("committee").get(pk=team.pk)


@transaction.atomic
def support_team_create(*, committee: Committee, actor: User, name: str, domain: str = "") -> SupportTeam:
    """The deputy or the support group's leader sets up a sub-team of the support group by field."""
    ensure_can_manage_support_teams(actor, committee)
    Committee.objects.select_for_update().filter(pk=committee.pk).first()  # one name at a time
    name, domain = _team_fields(committee, name, domain)
    team = SupportTeam(committee=committee, name=name, domain=domain)
    save_with_history(team, actor, "created")
    return team


@transaction.atomic
def support_team_update(*, team: SupportTeam, actor: User, name: str, domain: str = "") -> SupportTeam:
    team = _lock_team(team)
    ensure_can_manage_support_teams(actor, team.committee)
    team.name, team.domain = _team_fields(team.committee, name, domain, exclude_pk=team.pk)
    save_with_history(team, actor, "edited", ["name", "domain"])
    return team


@transaction.atomic
def support_team_delete(*, team: SupportTeam, actor: User) -> None:
    """Remove a sub-team with its members and duties (each removal kept in the history). Refused
    while a directive names it for follow-up: move those directives to another sub-team first."""
    team = _lock_team(team)
    ensure_can_manage_support_teams(actor, team.committee)
    followed = team.followed_directives.count()
    if followed:
        raise DomainError(
            _(
                "%(n)s directive(s) are followed up by this sub-team: give them to another sub-team "
                "before deleting it."
            )
            % {"n": followed}
        )
    for duty in team.duties.all():
        _delete_with_history(duty, actor, "sub-team deleted")
    for membership in team.memberships.all():
        _delete_with_history(membership, actor, "sub-team deleted")
    _delete_with_history(team, actor, "deleted")


def _delete_with_history(obj, actor: User, reason: str) -> None:
    obj._history_user = actor
    obj._change_reason = reason
    obj.delete()


@transaction.atomic
def support_team_member_add(
    *, team: SupportTeam, actor: User, user: User | None, is_lead: bool = False
) -> SupportTeamMembership:
    """Name a person of the support group in force (its leader or a member) to the sub-team; as
    its lead, the previous lead is one no more."""
    team = _lock_team(team)
    ensure_can_manage_support_teams(actor, team.committee)
    if user is None or not support_group_people(team.committee).filter(pk=user.pk).exists():
        raise ValidationError(
            {"user": _("Only a person of the committee's support group, in force today, joins a sub-team.")}
        )
    if team.memberships.filter(user=user).exists():
        raise ValidationError({"user": _("%(person)s is already in this sub-team.") % {"person": user}})
    if is_lead:
        _unset_lead(team, actor)
    membership = SupportTeamMembership(team=team, user=user, is_lead=is_lead)
    save_with_history(membership, actor, "named")
    return membership


def _unset_lead(team: SupportTeam, actor: User, keep: SupportTeamMembership | None = None) -> None:
    for previous in team.memberships.filter(is_lead=True).exclude(pk=keep.pk if keep else None):
        previous.is_lead = False
        save_with_history(previous, actor, "no longer the lead", ["is_lead"])


@transaction.atomic
def support_team_member_set_lead(
    *, membership: SupportTeamMembership, actor: User, is_lead: bool
) -> SupportTeamMembership:
    team = _lock_team(membership.team)
    ensure_can_manage_support_teams(actor, team.committee)
    membership = SupportTeamMembership.objects.select_related("user").get(pk=membership.pk, team=team)
    if membership.is_lead == is_lead:
        return membership
    if is_lead:
        _unset_lead(team, actor, keep=membership)
    membership.is_lead = is_lead
    save_with_history(membership, actor, "made the lead" if is_lead else "no longer the lead", ["is_lead"])
    return membership


@transaction.atomic
def support_team_member_remove(*, membership: SupportTeamMembership, actor: User) -> None:
    """Take a person off the sub-team, with their duties in it (both kept in the history)."""
    team = _lock_team(membership.team)
    ensure_can_manage_support_teams(actor, team.committee)
    membership = SupportTeamMembership.objects.get(pk=membership.pk, team=team)
    for duty in team.duties.filter(user_id=membership.user_id):
        _delete_with_history(duty, actor, "removed from the sub-team")
    _delete_with_history(membership, actor, "removed")


@transaction.atomic
def support_duty_save(
    *,
    team: SupportTeam,
    actor: User,
    user: User | None,
    areas: str = "",
    agencies: Iterable[Organization] = (),
    tasks: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    duty: SupportDuty | None = None,
) -> SupportDuty:
    """Assign (or, with `duty`, change) what a person of the sub-team is charged with: the areas
    they follow, the committee's agencies they follow, the committee's tasks they carry, from one
    day to another (open-ended when `end_date` is empty). Every change is kept in the history."""
    team = _lock_team(team)
    ensure_can_manage_support_teams(actor, team.committee)
    agencies = list(agencies)
    errors: dict[str, str] = {}
    if user is None or not team.memberships.filter(user_id=user.pk).exists():
        errors["user"] = _("Name the duty's person among the sub-team's members.")
    areas = (areas or "").strip()
    tasks = (tasks or "").strip()
    if not areas and not tasks and not agencies:
        errors["areas"] = _("Say what the person is charged with: areas, agencies followed or tasks.")
    if len(areas) > 2000:
        errors["areas"] = _("At most %(n)s characters.") % {"n": 2000}
    if len(tasks) > 4000:
        errors["tasks"] = _("At most %(n)s characters.") % {"n": 4000}
    allowed = set(committee_agencies(team.committee).values_list("pk", flat=True))
    if any(org.pk not in allowed for org in agencies):
        errors["agencies"] = _("Choose agencies of the committee only.")
    if start_date is None:
        errors["start_date"] = _("Give the day the duty starts.")
    elif end_date is not None and end_date < start_date:
        errors["end_date"] = _("The duty cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    if duty is None:
        duty = SupportDuty(team=team)
        reason = "assigned"
    else:
        duty = SupportDuty.objects.select_for_update().get(pk=duty.pk, team=team)
        reason = "changed"
    duty.user = user
    duty.areas, duty.tasks = areas, tasks
    duty.start_date, duty.end_date = start_date, end_date
    save_with_history(duty, actor, reason)
    duty._history_user = actor
    duty._change_reason = reason
    duty.agencies.set(agencies)
    return duty


@transaction.atomic
def support_duty_delete(*, duty: SupportDuty, actor: User) -> None:
    """Withdraw a duty given by mistake (an ended duty is rather given its last day)."""
    team = _lock_team(duty.team)
    ensure_can_manage_support_teams(actor, team.committee)
    duty = SupportDuty.objects.get(pk=duty.pk, team=team)
    _delete_with_history(duty, actor, "withdrawn")


def notify(
    *,
    users: Iterable[User],
    kind: str,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    occurrence_key: str = "",
) -> list[Notification]:
    """Tell people something in the portal, and by e-mail as each chose. `kind` is a registered
    kind (members.notifications); `params` fill its placeholders and are stored as JSON (instants
    and days as ISO 8601, objects as ids), so each reader gets the sentence in their own language.

    The rows are written in the caller's transaction (the outbox: they vanish with a rollback),
    each with its e-mail's fate: not e-mailed without an address or when the person chose the
    portal only for this kind, kept for the daily digest when they chose it, else pending. After
    commit the pending ones are published to be sent at once, best effort; the sweep sends them
    anyway (members.outbox).

    With an `occurrence_key` (a reminder), each person gets it once: a second call with the same
    key, even concurrent, creates nothing for them. Returns the notifications created."""
    stored = notification_params(notification_kind(kind), params or {})
    recipients = {u.pk: u for u in users if u is not None}
    if not recipients:
        return []
    statuses = _email_statuses(list(recipients.values()), notification_kind(kind).preference_key)
    rows = [
        Notification(
            user_id=pk,
            kind=kind,
            params=stored,
            url=url,
            occurrence_key=occurrence_key,
            email_status=statuses[pk],
        )
        for pk in recipients
    ]
    notes = _create_once(rows, occurrence_key) if occurrence_key else Notification.objects.bulk_create(rows)
    pending = [n.pk for n in notes if n.email_status == Notification.EmailStatus.PENDING]
    if pending:
        jobs.enqueue_after_commit(jobs.send_notification_emails, pending)
    return notes


@dataclass(frozen=True)
class Message:
    """One notification of `notify_claimed`: the same fields as `notify`'s."""

    users: Sequence[User]
    kind: str
    params: Mapping[str, Any]
    url: str
    occurrence_key: str


def notify_claimed(messages: Sequence[Message]) -> list[Notification]:
    """`notify` for many occurrences at once whose keys the caller has just claimed in this
    transaction (members.reminders: ReminderOccurrence), so no person can hold them yet: a fixed
    number of queries however many messages (the preferences of every kind in one read, one
    insert per 500 rows, one publish). Should a row exist after all, the unique constraint fails
    the caller's transaction, claims included, and the next sweep finds the keys taken."""
    Status = Notification.EmailStatus
    users = {u.pk: u for m in messages for u in m.users if u is not None}
    if not users:
        return []
    kinds = {m.kind: notification_kind(m.kind) for m in messages}
    portal_only = set(
        NotificationPreference.objects.filter(
            user_id__in=list(users), kind__in={k.preference_key for k in kinds.values()}, by_email=False
        ).values_list("user_id", "kind")
    )
    rows = []
    for m in messages:
        stored = notification_params(kinds[m.kind], m.params)
        preference = kinds[m.kind].preference_key
        for pk in {u.pk for u in m.users if u is not None}:
            user = users[pk]
            if not user.email or (pk, preference) in portal_only:
                status = Status.NOT_EMAILED
            elif user.email_digest:
                status = Status.DIGEST
            else:
                status = Status.PENDING
            rows.append(
                Notification(
                    user_id=pk,
                    kind=m.kind,
                    params=stored,
                    url=m.url,
                    occurrence_key=m.occurrence_key,
                    email_status=status,
                )
            )
    notes = Notification.objects.bulk_create(rows, batch_size=500)
    pending = [n.pk for n in notes if n.email_status == Status.PENDING]
    if pending:
        jobs.enqueue_after_commit(jobs.send_notification_emails, pending)
    return notes


def _email_statuses(users: list[User], preference_key: str) -> dict[int, str]:
    """{user id: the e-mail status a new notification of this kind starts with}. One query."""
    Status = Notification.EmailStatus
    portal_only = set(
        NotificationPreference.objects.filter(
            user_id__in=[u.pk for u in users], kind=preference_key, by_email=False
        ).values_list("user_id", flat=True)
    )
    statuses = {}
    for user in users:
        if not user.email or user.pk in portal_only:
            statuses[user.pk] = Status.NOT_EMAILED
        elif user.email_digest:
            statuses[user.pk] = Status.DIGEST
        else:
            statuses[user.pk] = Status.PENDING
    return statuses


def _create_once(rows: list[Notification], occurrence_key: str) -> list[Notification]:
    """Insert each row unless its person already has this occurrence. Each insert in its own
    savepoint: a concurrent transaction inserting the same (person, key) makes ours fail on the
    unique constraint (PostgreSQL waits for it to commit; SQLite's writers queue), and that row is
    skipped instead of failing the caller."""
    taken = set(
        Notification.objects.filter(
            occurrence_key=occurrence_key, user_id__in=[r.user_id for r in rows]
        ).values_list("user_id", flat=True)
    )
    created = []
    for row in rows:
        if row.user_id in taken:
            continue
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            if not Notification.objects.filter(occurrence_key=occurrence_key, user_id=row.user_id).exists():
                raise  # another constraint: not a second occurrence
            continue
        created.append(row)
    return created


def notifications_mark_read(*, user: User) -> int:
    unread = list(Notification.objects.filter(user=user, read_at__isnull=True))
    now = timezone.now()
    for note in unread:
        note.read_at = now
    Notification.objects.bulk_update(unread, ["read_at"])
    return len(unread)


@transaction.atomic
def notification_preferences_save(*, user: User, by_email: Mapping[str, bool], digest: bool) -> None:
    """A person's choices: per kind (its preference key), e-mailed or in the portal only, and the
    daily digest instead of single e-mails. The portal shows every notification whatever they
    choose. A key no registered kind uses is refused."""
    keys = {kind.preference_key for kind in notification_kinds()}
    unknown = set(by_email) - keys
    if unknown:
        raise ValidationError(
            _("Unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))}
        )
    portal_only = {key for key in keys if not by_email.get(key, True)}
    # No row means e-mailed: only the "portal only" choices are stored.
    NotificationPreference.objects.filter(user=user).exclude(kind__in=portal_only).delete()
    NotificationPreference.objects.filter(user=user, kind__in=portal_only).update(by_email=False)
    stored = set(NotificationPreference.objects.filter(user=user).values_list("kind", flat=True))
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user, kind=key, by_email=False) for key in sorted(portal_only - stored)]
    )
    if user.email_digest != digest:
        user.email_digest = digest
        user._change_reason = "notification preferences"
        user.save(update_fields=["email_digest"])


def notification_emails_retry(*, notification_ids: Iterable[int]) -> int:
    """E-mail again notifications given up (FAILED), once their cause is mended: back in the
    outbox with their attempts reset; the sweep sends them. Others are left as they are."""
    Status = Notification.EmailStatus
    retried = list(
        Notification.objects.filter(pk__in=list(notification_ids), email_status=Status.FAILED).values_list(
            "pk", flat=True
        )
    )
    Notification.objects.filter(pk__in=retried, email_status=Status.FAILED).update(
        email_status=Status.PENDING, email_attempts=0, email_next_attempt_at=None, email_error=""
    )
    if retried:
        jobs.enqueue_after_commit(jobs.send_notification_emails, retried)
    return len(retried)


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one notification now if it is due (members.outbox); False otherwise."""
    return outbox.notification_email_send(notification_id=notification_id)


def password_reset_request(*, email: str, ip_address: str, language: str) -> None:
    """ "Forgot my password" (issue #14, item 6): whatever the address, the caller learns nothing.
    Past the rate limit (per client address and per e-mail address) nothing is sent, and it is
    logged; otherwise each matching account gets its link from a job after commit, so a known
    address costs the request no more time than an unknown one."""
    if not throttle.password_reset_allowed(ip_address=ip_address, email=email):
        logger.warning("Password reset refused: too many requests (client %s).", ip_address)
        return
    for user in password_reset_users(email):
        jobs.enqueue_after_commit(jobs.send_password_reset_email, user.pk, language)
