"""Every authorisation rule of the members app, and the only code that grants and revokes
django-guardian object permissions.

Role assignments are the single source: a person holds, on a committee, exactly the union of the
permissions of the roles they hold there *in force today* (Điều 3–7, 9.3 of the regulation; the
"who may do what" matrix in docs/domain.md). `reconcile_*` makes the guardian table equal to that
set: granting when a term starts, revoking when it ends or the assignment is removed. It is
idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime
import ipaddress
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from .models import Committee, CommitteeUserObjectPermission, RoleAssignment, User

Role = RoleAssignment.Role

# What every person with any role in the committee may see.
_SEE = {"view_composition", "view_committee_business", "view_compliance"}
# Everyone but a focal officer sees every agency's scoreboard; a focal officer sees their own.
_SEE_ALL = _SEE | {"view_scoreboard"}

#: The role → permission table (codenames of Committee.Meta.permissions), read from the matrix.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CHAIR: frozenset(
        _SEE_ALL
        | {
            "prepare_meeting",
            "convene_meeting",
            "decide_meeting_proposal",
            "view_draft_minutes",
            "sign_conclusions",
            "record_acting_period",
            "create_directive",
            "assign_directive",
            "urge_directive",
            "decide_directive",
            "approve_plans",
        }
    ),
    Role.DEPUTY: frozenset(
        _SEE_ALL
        | {
            "act_for_chair",
            "manage_support_teams",
            "prepare_meeting",
            "convene_meeting",
            "decide_meeting_proposal",
            "view_draft_minutes",
            "create_directive",
            "assign_directive",
            "urge_directive",
            "decide_directive",
        }
    ),
    Role.STANDING_MEMBER: frozenset(
        _SEE_ALL
        | {
            "prepare_meeting",
            "propose_meeting",
            "draft_conclusions",
            "create_directive",
            "urge_directive",
            "follow_up_directives",
            "draft_plans",
        }
    ),
    Role.MEMBER: frozenset(_SEE_ALL | {"report_progress", "name_focal_officers"}),
    Role.SECRETARIAT_LEAD: frozenset(
        _SEE_ALL
        | {
            "manage_support_teams",
            "prepare_meeting",
            "record_minutes",
            "view_draft_minutes",
            "draft_conclusions",
            "create_directive",
            "urge_directive",
            "propose_acceptance",
            "draft_plans",
        }
    ),
    Role.SECRETARIAT: frozenset(
        _SEE_ALL
        | {
            "prepare_meeting",
            "record_minutes",
            "view_draft_minutes",
            "draft_conclusions",
            "create_directive",
            "urge_directive",
            "propose_acceptance",
            "draft_plans",
        }
    ),
    Role.FOCAL_OFFICER: frozenset(_SEE | {"report_progress"}),  # scoreboard: own agency only
}

ALL_COMMITTEE_CODENAMES: frozenset[str] = frozenset().union(*ROLE_PERMISSIONS.values())

# Roles that make someone part of the support group (Tổ giúp việc).
SUPPORT_GROUP_ROLES = frozenset({Role.SECRETARIAT_LEAD, Role.SECRETARIAT})
# Roles that act for an agency on its directives (Điều 6.2, 9.3).
AGENCY_ROLES = frozenset({Role.MEMBER, Role.FOCAL_OFFICER})


# --- reconcile (grants and revokes) -------------------------------------------------------------


def desired_codenames(*, user_id: int, committee_id: int, on: datetime.date) -> set[str]:
    roles = RoleAssignment.objects.in_force(on).filter(user_id=user_id, committee_id=committee_id)
    return codenames_for_roles(roles.values_list("role", flat=True))


def _permission_ids() -> dict[str, int]:
    return dict(
        Permission.objects.filter(
            content_type__app_label="members",
            content_type__model="committee",
            codename__in=ALL_COMMITTEE_CODENAMES,
        ).values_list("codename", "id")
    )


@transaction.atomic
def reconcile_user_committee(
    *, user_id: int, committee_id: int, on: datetime.date | None = None, ids: dict[str, int] | None = None
) -> tuple[int, int]:
    """Make one person's object permissions on one committee match their roles in force.

    Returns (granted, revoked) counts; a second call returns (0, 0). `ids` (codename → permission
    id) spares the lookup when many pairs are reconciled in a row.
    """
    on = on or timezone.localdate()
    ids = ids or _permission_ids()
    wanted = {ids[c] for c in desired_codenames(user_id=user_id, committee_id=committee_id, on=on)}
    held = CommitteeUserObjectPermission.objects.filter(user_id=user_id, content_object_id=committee_id)
    have = set(held.values_list("permission_id", flat=True))
    to_revoke = have - wanted
    to_grant = wanted - have
    if to_revoke:
        held.filter(permission_id__in=to_revoke).delete()
    CommitteeUserObjectPermission.objects.bulk_create(
        [
            CommitteeUserObjectPermission(user_id=user_id, content_object_id=committee_id, permission_id=pid)
            for pid in to_grant
        ]
    )
    return len(to_grant), len(to_revoke)


def reconcile_all(*, on: datetime.date | None = None) -> tuple[int, int]:
    """The daily sweep: reconcile every (person, committee) pair that has a role or a grant."""
    on = on or timezone.localdate()
    pairs = set(RoleAssignment.objects.values_list("user_id", "committee_id"))
    pairs |= set(CommitteeUserObjectPermission.objects.values_list("user_id", "content_object_id"))
    granted = revoked = 0
    ids = _permission_ids()
    for user_id, committee_id in sorted(pairs):
        g, r = reconcile_user_committee(user_id=user_id, committee_id=committee_id, on=on, ids=ids)
        granted += g
        revoked += r
    return granted, revoked


# --- checks --------------------------------------------------------------------------------------


def committee_codenames_for_user(user: User | AnonymousUser) -> dict[int, frozenset[str]]:
    """{committee id: codenames} the user holds, read in one query and cached on the user object.

    Deliberately ignores is_staff / is_superuser: administrators do not read committee business
    by being administrators alone.
    """
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_committee_codenames", None)
    if cached is None:
        perms: dict[int, set[str]] = defaultdict(set)
        rows = CommitteeUserObjectPermission.objects.filter(user_id=user.pk).values_list(
            "content_object_id", "permission__codename"
        )
        for committee_id, codename in rows:
            perms[committee_id].add(codename)
        cached = {cid: frozenset(codes) for cid, codes in perms.items()}
        user._committee_codenames = cached
    return cached


def agencies_for_user(user: User | AnonymousUser) -> dict[int, frozenset[int]]:
    """{committee id: organization ids} the user acts for today as a member or a focal officer
    (Điều 6, 9.3): the agencies whose directives they report on. One query, cached on the user."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_committee_agencies", None)
    if cached is None:
        found: dict[int, set[int]] = defaultdict(set)
        rows = (
            RoleAssignment.objects.in_force(timezone.localdate())
            .filter(user_id=user.pk, role__in=AGENCY_ROLES, organization__isnull=False)
            .values_list("committee_id", "organization_id")
        )
        for committee_id, organization_id in rows:
            found[committee_id].add(organization_id)
        cached = {cid: frozenset(orgs) for cid, orgs in found.items()}
        user._committee_agencies = cached
    return cached


def has_committee_perm(user: User | AnonymousUser, committee: Committee | int, codename: str) -> bool:
    committee_id = committee if isinstance(committee, int) else committee.pk
    return codename in committee_codenames_for_user(user).get(committee_id, frozenset())


def committees_visible_to(user: User | AnonymousUser) -> QuerySet[Committee]:
    """Committees whose composition the user may see: their own, through a role in force."""
    if not user.is_authenticated:
        return Committee.objects.none()
    return get_objects_for_user(
        user,
        "members.view_composition",
        klass=Committee,
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )


def can_view_composition(user: User | AnonymousUser, committee: Committee) -> bool:
    return has_committee_perm(user, committee, "view_composition")


def get_committee_for_user(user: User | AnonymousUser, pk: int, perm: str = "view_composition") -> Committee:
    """Load a committee the user may see; 404 for everyone else (no existence leak)."""
    try:
        committee = Committee.objects.get(pk=pk)
    except Committee.DoesNotExist:
        raise Http404 from None
    if not has_committee_perm(user, committee, perm):
        raise Http404
    return committee


class TermEnded(PermissionDenied):
    """The person held a role in this committee and every term of theirs there has ended.

    Raised instead of a 404 when they open a link to the committee's business (an old e-mail, a
    notification): the page (members.views.permission_denied) says when their term ended and whom
    to ask, and shows nothing of what the link pointed to. Carries the committee and the date only.
    """

    def __init__(self, committee: Committee, ended_on: datetime.date) -> None:
        super().__init__("term ended")
        self.committee = committee
        self.ended_on = ended_on


def term_ended_refusal(user: User | AnonymousUser, committee: Committee) -> TermEnded | None:
    """The refusal for a former holder of a role in `committee` (the latest end of their terms);
    None for anyone else: someone with a role in force, a term not yet started, or no term at all
    (they get the 404 that reveals nothing). One query."""
    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    ended_on = None
    terms = RoleAssignment.objects.filter(user_id=user.pk, committee_id=committee.pk, start_date__lte=today)
    for end_date in terms.values_list("end_date", flat=True):
        if end_date is None or end_date >= today:
            return None
        ended_on = max(ended_on or end_date, end_date)
    return TermEnded(committee, ended_on) if ended_on else None


def can_record_acting_period(user: User | AnonymousUser, committee: Committee) -> bool:
    """The chair records when they are away and which deputy acts for them (Điều 4.1); an
    administrator does it in the admin."""
    return has_committee_perm(user, committee, "record_acting_period")


def ensure_can_record_acting_period(user: User | AnonymousUser, committee: Committee) -> None:
    if not can_record_acting_period(user, committee):
        raise PermissionDenied


def can_manage_support_teams(user: User | AnonymousUser, committee: Committee | int) -> bool:
    """The support group's sub-teams, their members and each person's duties are organised by the
    committee's deputies (Điều 4.3) and the support group's leader (Điều 7.8), nobody else: not
    the chair, not the support group's other members; the administrator keeps the admin."""
    return has_committee_perm(user, committee, "manage_support_teams")


def ensure_can_manage_support_teams(user: User | AnonymousUser, committee: Committee | int) -> None:
    if not can_manage_support_teams(user, committee):
        raise PermissionDenied


def represented_agencies(user: User | AnonymousUser, committee: Committee | int) -> frozenset[int]:
    """The organizations the person represents as a member of the committee today (Điều 6): the
    agencies whose focal officers they name (Điều 9.3). One query."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    committee_id = committee if isinstance(committee, int) else committee.pk
    return frozenset(
        RoleAssignment.objects.in_force(timezone.localdate())
        .filter(user_id=user.pk, committee_id=committee_id, role=Role.MEMBER, organization__isnull=False)
        .values_list("organization_id", flat=True)
    )


def can_name_focal_officers(user: User | AnonymousUser, committee: Committee) -> bool:
    """An agency's member names and removes its focal officers in the committee (Điều 9.3); the
    administrator does it in the admin. Nobody else, not even the chair: the agency chooses."""
    return has_committee_perm(user, committee, "name_focal_officers") and bool(
        represented_agencies(user, committee)
    )


def ensure_can_name_focal_officers(
    user: User | AnonymousUser, committee: Committee, organization_id: int | None = None
) -> frozenset[int]:
    """Refuse (403) anyone but a member of the committee holding `name_focal_officers`, and a
    member acting for an agency (`organization_id`) they do not represent; return the agencies
    they represent there."""
    if not has_committee_perm(user, committee, "name_focal_officers"):
        raise PermissionDenied
    agencies = represented_agencies(user, committee)
    if not agencies or (organization_id is not None and organization_id not in agencies):
        raise PermissionDenied
    return agencies


def can_use_admin(user: User | AnonymousUser) -> bool:
    """The Django admin is for administrators (staff) only; Django enforces it, the menu follows."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_view_assignment_history(user: User | AnonymousUser) -> bool:
    """Administrators read the audit log of role assignments (they manage them)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("members.view_roleassignment")
    )


def ensure_can_view_assignment_history(user: User | AnonymousUser) -> None:
    if not can_view_assignment_history(user):
        raise PermissionDenied


def can_manage_role_assignment(actor: User | None, person: User | int | None) -> bool:
    """Nobody changes their own committee roles: another administrator must, so no single account
    both administers the portal and gives itself committee business unseen. `actor` None is the
    system itself (seed_demo, jobs)."""
    if actor is None or person is None:
        return True
    person_id = person if isinstance(person, int) else person.pk
    return actor.pk != person_id


def ensure_can_manage_role_assignment(actor: User | None, person: User | int | None) -> None:
    if not can_manage_role_assignment(actor, person):
        raise PermissionDenied(own_role_refusal())


def own_role_refusal() -> str:
    return _("You cannot give yourself a committee role or change your own: another administrator must.")


def codenames_for_roles(roles: Iterable[str]) -> set[str]:
    result: set[str] = set()
    for role in roles:
        result |= ROLE_PERMISSIONS[role]
    return result


#: Headers a reverse proxy adds: a request that carries one was relayed, so its loopback
#: REMOTE_ADDR is the proxy's, not the caller's.
_RELAYED_BY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


def can_view_system_health_details(user: User | AnonymousUser, meta: dict) -> bool:
    """/healthz names the database vendor, the broker transport and error classes only to
    administrators (staff) and to a monitor on the server itself (a loopback address, not
    relayed by a proxy); everyone else learns ok or not ok."""
    if can_use_admin(user):
        return True
    if any(meta.get(header) for header in _RELAYED_BY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(meta.get("REMOTE_ADDR") or "")
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback
