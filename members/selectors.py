"""Reads of the members app."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from kombu import Connection

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
from .notifications import notification_kinds, notification_preference_kinds, notifications_word
from .permissions import SUPPORT_GROUP_ROLES, committees_visible_to


@dataclass(frozen=True)
class CommitteeRoles:
    committee: Committee
    roles: list[str]  # role labels, in the regulation's order


def committee_list_for_user(user: User) -> list[CommitteeRoles]:
    """The user's committees, each with the roles they hold there today (home page)."""
    committees = {c.pk: c for c in committees_visible_to(user)}
    assignments = (
        RoleAssignment.objects.in_force()
        .filter(user=user, committee_id__in=committees.keys())
        .order_by("committee__name")
    )
    order = RoleAssignment.ROLE_RANK
    by_committee: dict[int, list[RoleAssignment]] = {}
    for a in assignments:
        by_committee.setdefault(a.committee_id, []).append(a)
    result = []
    for cid, committee in sorted(committees.items(), key=lambda item: item[1].name):
        held = sorted(by_committee.get(cid, []), key=lambda a: order[a.role])
        result.append(CommitteeRoles(committee=committee, roles=[a.get_role_display() for a in held]))
    return result


@dataclass(frozen=True)
class RoleGroup:
    role: str
    label: str
    assignments: list[RoleAssignment]


@dataclass(frozen=True)
class Composition:
    committee: Committee
    leadership: list[RoleGroup]  # chair, deputy, standing member, members
    support_group: list[RoleGroup]  # lead, secretaries, focal officers
    teams: list[SupportTeam]
    acting_periods: list[ChairActingPeriod] = field(default_factory=list)  # this year's and those to come
    former: list[RoleGroup] = field(default_factory=list)  # ended terms, by role, latest first


# How far back the composition page lists the chair's acting periods.
ACTING_PERIODS_SHOWN_SINCE = datetime.timedelta(days=365)


def committee_composition(committee: Committee) -> Composition:
    """Who holds which role in force today, for which agency, since when, by which decision;
    and who held each role before, with their terms (Điều 3–7: roles change by decision).

    A fixed number of queries whatever the committee's size.
    """
    today = timezone.localdate()
    assignments = list(
        RoleAssignment.objects.filter(committee=committee, start_date__lte=today)
        .select_related("user", "user__organization", "organization")
        .order_by("start_date", "user__full_name")
    )
    groups: dict[str, list[RoleAssignment]] = {role: [] for role in RoleAssignment.ROLE_ORDER}
    ended: dict[str, list[RoleAssignment]] = {role: [] for role in RoleAssignment.ROLE_ORDER}
    for a in assignments:
        (ended if a.end_date and a.end_date < today else groups)[a.role].append(a)
    labels = dict(RoleAssignment.Role.choices)
    former = [
        RoleGroup(
            role=role,
            label=labels[role],
            assignments=sorted(ended[role], key=lambda a: a.end_date, reverse=True),
        )
        for role in RoleAssignment.ROLE_ORDER
        if ended[role]
    ]
    leadership, support = [], []
    for role in RoleAssignment.ROLE_ORDER:
        group = RoleGroup(role=role, label=labels[role], assignments=groups[role])
        if role in SUPPORT_GROUP_ROLES or role == RoleAssignment.Role.FOCAL_OFFICER:
            support.append(group)
        else:
            leadership.append(group)
    teams = support_teams_with_duties(committee, today)
    acting_periods = list(
        ChairActingPeriod.objects.filter(
            committee=committee, end_date__gte=timezone.localdate() - ACTING_PERIODS_SHOWN_SINCE
        )
        .select_related("deputy", "created_by")
        .order_by("-start_date")
    )
    return Composition(
        committee=committee,
        leadership=leadership,
        support_group=support,
        teams=teams,
        acting_periods=acting_periods,
        former=former,
    )


def support_teams_with_duties(committee: Committee, on: datetime.date | None = None) -> list[SupportTeam]:
    """The committee's sub-teams, each with its members (the lead first), each member with
    `duties`: their duties in the team in force on `on` (today) or starting later, with the
    agencies they follow. A fixed number of queries."""
    on = on or timezone.localdate()
    teams = list(
        SupportTeam.objects.filter(committee=committee)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=SupportTeamMembership.objects.select_related("user").order_by(
                    "-is_lead", "user__full_name", "pk"
                ),
            ),
            Prefetch(
                "duties",
                queryset=SupportDuty.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
                .prefetch_related(Prefetch("agencies", queryset=Organization.objects.order_by("name")))
                .order_by("start_date", "pk"),
            ),
        )
    )
    for team in teams:
        by_user: dict[int, list[SupportDuty]] = {}
        for duty in team.duties.all():
            by_user.setdefault(duty.user_id, []).append(duty)
        for membership in team.memberships.all():
            membership.duties = by_user.get(membership.user_id, [])
    return teams


def support_team_get(committee: Committee, pk: int) -> SupportTeam | None:
    """One sub-team of the committee; None for another committee's (the view answers 404)."""
    return SupportTeam.objects.filter(committee=committee, pk=pk).first()


def support_team_membership_get(team: SupportTeam, pk: int) -> SupportTeamMembership | None:
    return SupportTeamMembership.objects.filter(team=team, pk=pk).select_related("user").first()


def support_duty_get(team: SupportTeam, pk: int) -> SupportDuty | None:
    return SupportDuty.objects.filter(team=team, pk=pk).select_related("user").first()


def support_group_people(committee: Committee, on: datetime.date | None = None) -> QuerySet[User]:
    """Who may be named to a sub-team: the support group in force (its leader and members), active
    accounts only (Điều 7.8)."""
    user_ids = (
        RoleAssignment.objects.in_force(on)
        .filter(committee=committee, role__in=SUPPORT_GROUP_ROLES)
        .values("user_id")
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "username")


def support_team_people(team: SupportTeam) -> QuerySet[User]:
    """The sub-team's members, whom its duties are given to."""
    return User.objects.filter(pk__in=team.memberships.values("user_id")).order_by("full_name", "username")


def committee_agencies(committee: Committee) -> QuerySet[Organization]:
    """The agencies of the committee: those a member or a focal officer represents there (whatever
    the term), which a sub-team's people follow."""
    return Organization.objects.filter(
        pk__in=RoleAssignment.objects.filter(committee=committee, organization__isnull=False).values(
            "organization_id"
        )
    ).order_by("name")


def _support_change_reasons() -> dict[str, str]:
    """The words members.services records as the reason of a change to a sub-team, its members and
    their duties, as the history shows them."""
    return {
        "created": gettext("created"),
        "edited": gettext("edited"),
        "deleted": gettext("deleted"),
        "sub-team deleted": gettext("the sub-team was deleted"),
        "named": gettext("named to the sub-team"),
        "made the lead": gettext("made the lead"),
        "no longer the lead": gettext("no longer the lead"),
        "removed": gettext("removed from the sub-team"),
        "removed from the sub-team": gettext("withdrawn: the person left the sub-team"),
        "assigned": gettext("duty assigned"),
        "changed": gettext("duty changed"),
        "withdrawn": gettext("duty withdrawn"),
    }


def support_duty_history(team: SupportTeam) -> list:
    """Every version of the team's duties, memberships and of the team itself, latest first,
    with who changed it and why (the page's history)."""
    rows = []
    for what, history in (
        ("team", SupportTeam.history.filter(id=team.pk).select_related("history_user")),
        (
            "member",
            SupportTeamMembership.history.filter(team_id=team.pk).select_related("history_user", "user"),
        ),
        ("duty", SupportDuty.history.filter(team_id=team.pk).select_related("history_user", "user")),
    ):
        for row in history:
            row.what = what
            reason = row.history_change_reason or ""
            row.reason_label = _support_change_reasons().get(reason, reason)
            rows.append(row)
    rows.sort(key=lambda row: (row.history_date, row.history_id))
    # A duty's agencies are set just after the duty is saved: one change, recorded as two
    # versions (the row, then its agencies) by the same person for the same reason.
    shown: list = []
    for row in rows:
        previous = shown[-1] if shown else None
        if (
            previous is not None
            and row.what == previous.what == "duty"
            and row.id == previous.id
            and row.history_type == "~"
            and row.history_change_reason == previous.history_change_reason
            and row.history_user_id == previous.history_user_id
            and row.history_date - previous.history_date < datetime.timedelta(seconds=5)
        ):
            continue
        shown.append(row)
    return shown[::-1][:200]


def committee_deputies(committee: Committee, on: datetime.date | None = None) -> list[User]:
    """The committee's deputy chairs in force on `on` (today): who may act for the chair."""
    return list(
        User.objects.filter(
            pk__in=RoleAssignment.objects.in_force(on)
            .filter(committee=committee, role=RoleAssignment.Role.DEPUTY)
            .values("user_id")
        ).order_by("full_name")
    )


def committee_contacts(committee: Committee) -> list[RoleAssignment]:
    """Whom a person asks about the committee's records (Điều 7.10: the support group keeps them):
    the support group's leader in force, or its members when it has no leader. One query."""
    Role = RoleAssignment.Role
    assignments = list(
        RoleAssignment.objects.in_force()
        .filter(committee=committee, role__in=[Role.SECRETARIAT_LEAD, Role.SECRETARIAT])
        .select_related("user")
        .order_by("user__full_name")
    )
    leads = [a for a in assignments if a.role == Role.SECRETARIAT_LEAD]
    return leads or assignments


def role_assignment_terms(assignment: RoleAssignment) -> list[RoleAssignment]:
    """All the terms of the assignment's person in its committee, oldest first: a change of role
    is one term ending and the next starting, so the history page links them. One query."""
    return list(
        RoleAssignment.objects.filter(user_id=assignment.user_id, committee_id=assignment.committee_id)
        .select_related("organization")
        .order_by("start_date", "pk")
    )


def role_assignment_history(assignment: RoleAssignment) -> list:
    """Every recorded version of an assignment, newest first, with who made the change and why
    (`reason_label`: the change reason in the reader's language)."""
    reasons = dict(RoleAssignment.ChangeReason.choices)
    versions = list(
        assignment.history.select_related("history_user", "organization", "user", "committee").order_by(
            "-history_date"
        )
    )
    for version in versions:
        reason = version.history_change_reason or ""
        version.reason_label = reasons.get(reason, reason)
    return versions


@dataclass(frozen=True)
class FocalOfficers:
    """An agency's focal officers in one committee (Điều 9.3), as its member manages them."""

    committee: Committee
    agencies: list[Organization]  # those the member represents there
    current: list[RoleAssignment]  # in force today or starting later, by start
    former: list[RoleAssignment]  # ended, the latest first
    candidates: QuerySet[User]  # whom the member may name


def focal_officers_for_member(
    committee: Committee, member: User, agency_ids: frozenset[int]
) -> FocalOfficers:
    """The focal officers of the agencies `member` represents in the committee, current and
    former, each with `named_by` and `ended_by` (who made the change, from the assignment's
    history; None when unknown), `starts_later` and `removable` (not already ending today); and the people the member may name (a
    queryset, for the form): active accounts of those agencies, not the member, not already a
    focal officer there today or later. Three queries, whatever the number of officers."""
    today = timezone.localdate()
    Role = RoleAssignment.Role
    History = RoleAssignment.history.model
    first_version = History.objects.filter(id=OuterRef("pk")).order_by("history_date", "history_id")
    ending = History.objects.filter(
        id=OuterRef("pk"), history_change_reason=RoleAssignment.ChangeReason.TERM_ENDED
    ).order_by("-history_date", "-history_id")
    assignments = list(
        RoleAssignment.objects.filter(
            committee=committee, role=Role.FOCAL_OFFICER, organization_id__in=agency_ids
        )
        .select_related("user", "organization")
        .annotate(
            named_by_id=Subquery(first_version.values("history_user_id")[:1]),
            ended_by_id=Subquery(ending.values("history_user_id")[:1]),
        )
        .order_by("start_date", "user__full_name", "pk")
    )
    author_ids = {a.named_by_id for a in assignments} | {a.ended_by_id for a in assignments}
    authors = User.objects.in_bulk(author_ids - {None})
    for a in assignments:
        a.named_by = authors.get(a.named_by_id)
        a.ended_by = authors.get(a.ended_by_id)
        a.starts_later = a.start_date > today
        a.removable = a.end_date is None or a.end_date > today
    current = [a for a in assignments if a.end_date is None or a.end_date >= today]
    former = sorted(
        (a for a in assignments if a.end_date is not None and a.end_date < today),
        key=lambda a: (a.end_date, a.pk),
        reverse=True,
    )
    serving = RoleAssignment.objects.filter(committee=committee, role=Role.FOCAL_OFFICER).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    candidates = (
        User.objects.filter(is_active=True, organization_id__in=agency_ids)
        .exclude(pk=member.pk)
        .exclude(pk__in=serving.values("user_id"))
        .select_related("organization")
        .order_by("full_name", "username")
    )
    return FocalOfficers(
        committee=committee,
        agencies=list(Organization.objects.filter(pk__in=agency_ids).order_by("name")),
        current=current,
        former=former,
        candidates=candidates,
    )


def focal_officer_assignment_get(committee: Committee, pk: int) -> RoleAssignment | None:
    """One focal officer's assignment in the committee; None for any other assignment."""
    return (
        RoleAssignment.objects.filter(committee=committee, role=RoleAssignment.Role.FOCAL_OFFICER, pk=pk)
        .select_related("user", "organization")
        .first()
    )


def role_rank_by_user(committee_id: int, user_ids: list[int], on: datetime.date) -> dict[int, int]:
    """{user id: rank of their highest role in force on `on`} (the regulation's order: chair
    first); people without a role are left out. One query."""
    best: dict[int, int] = {}
    rows = (
        RoleAssignment.objects.in_force(on)
        .filter(committee_id=committee_id, user_id__in=user_ids)
        .values_list("user_id", "role")
    )
    for user_id, role in rows:
        rank = RoleAssignment.ROLE_RANK.get(role, len(RoleAssignment.ROLE_RANK))
        best[user_id] = min(best.get(user_id, rank), rank)
    return best


def system_health() -> dict[str, dict[str, object]]:
    """The database's and the broker's state, for /healthz."""
    state: dict[str, dict[str, object]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        state["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; report it, don't crash
        state["database"] = {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}
    broker_url = settings.CELERY_BROKER_URL
    transport = broker_url.split("://", 1)[0]
    try:
        options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}))
        if transport == "filesystem":
            # kombu's filesystem "connection" always succeeds; the folder is the real broker.
            folder = Path(options["data_folder_in"])
            if not folder.is_dir() or not os.access(folder, os.W_OK):
                raise OSError(f"broker folder {folder} is missing or read-only")
        with Connection(broker_url, transport_options=options, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        state["broker"] = {"ok": True, "transport": transport}
    except Exception as exc:  # noqa: BLE001
        state["broker"] = {"ok": False, "transport": transport, "error": exc.__class__.__name__}
    return state


def notification_list_for_user(user: User, limit: int = 100) -> list[Notification]:
    """The person's latest notifications, newest first, each with its `text` worded in the
    active language (the reader's), whoever acted; the objects they name load in one query."""
    return notifications_word(Notification.objects.filter(user=user).order_by("-created_at")[:limit])


NOTIFICATIONS_PER_PAGE = 25


def notification_page_for_user(
    user: User, *, kind: str | None = None, read: bool | None = None, page: str | int | None = None
) -> Page:
    """One page of the person's notifications, newest first, worded in the active language:
    only those of a kind's preference group (`kind`), read or unread (`read`) when given. A page
    number out of range or not a number gives the nearest page."""
    notes = Notification.objects.filter(user=user).order_by("-created_at", "-pk")
    if kind is not None:
        notes = notes.filter(kind__in=notification_preference_kinds(kind))
    if read is not None:
        notes = notes.filter(read_at__isnull=not read)
    found = Paginator(notes, NOTIFICATIONS_PER_PAGE).get_page(page)
    found.object_list = notifications_word(list(found.object_list))
    return found


@dataclass(frozen=True)
class PreferenceChoice:
    key: str  # the preference key (a kind's name)
    label: str
    by_email: bool


@dataclass(frozen=True)
class PreferenceSection:
    title: str  # the app's name: Members, Meetings, Directives
    choices: list[PreferenceChoice]


def _section_title(app_label: str) -> str:
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return gettext("Other")


def notification_preference_sections(user: User) -> list[PreferenceSection]:
    """Every kind a person may choose about (a kind's variants follow it), by app, in the order
    registered, with their choice: by e-mail unless they chose the portal only. One query."""
    portal_only = set(
        NotificationPreference.objects.filter(user=user, by_email=False).values_list("kind", flat=True)
    )
    sections: dict[str, list[PreferenceChoice]] = {}
    for kind in notification_kinds():
        if kind.preference:
            continue
        app_label = kind.name.split(".", 1)[0]
        choice = PreferenceChoice(kind.name, kind.label_text, kind.name not in portal_only)
        sections.setdefault(app_label, []).append(choice)
    return [PreferenceSection(_section_title(label), choices) for label, choices in sections.items()]


def notification_kind_choices() -> list[tuple[str, str]]:
    """(preference key, label) of every kind, for the notifications page's filter."""
    return [(kind.name, kind.label_text) for kind in notification_kinds() if not kind.preference]


def unread_notification_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def password_reset_users(email: str) -> list[User]:
    """The accounts a reset link may go to for this address (Django's rule: active, with a usable
    password, the address matched without regard to case)."""
    users = User.objects.filter(email__iexact=email.strip(), is_active=True)
    return [user for user in users if user.has_usable_password()]
