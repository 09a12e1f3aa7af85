"""Reads of directives: who acts for an agency, the lists with their timeliness (computed by the
database), "Việc của tôi", a directive's timeline."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Committee, CommitteeUserObjectPermission, RoleAssignment, SupportTeam, User
from members.permissions import AGENCY_ROLES, agencies_for_user, committee_codenames_for_user

from .models import Directive, DirectiveEvent, Evidence, ExtensionRequest, Timeliness


def agency_people(committee_id: int, organization_ids: Iterable[int]) -> list[User]:
    """The people who act for these agencies in the committee today: their member and their
    focal officers (Điều 6, 9.3)."""
    user_ids = (
        RoleAssignment.objects.in_force(timezone.localdate())
        .filter(committee_id=committee_id, role__in=AGENCY_ROLES, organization_id__in=list(organization_ids))
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def committee_people_with(committee_id: int, codenames: Iterable[str]) -> list[User]:
    """The people who hold any of these committee permissions now (from their roles)."""
    user_ids = CommitteeUserObjectPermission.objects.filter(
        content_object_id=committee_id, permission__codename__in=list(codenames)
    ).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def directives_with_timeliness(queryset: QuerySet[Directive] | None = None) -> QuerySet[Directive]:
    """The directives, each with `timeliness` annotated (today in Asia/Ho_Chi_Minh), and what a
    list row shows loaded in the same query."""
    queryset = Directive.objects.all() if queryset is None else queryset
    return queryset.with_timeliness(timezone.localdate()).select_related("lead_organization", "committee")


def directive_for_page(directive: Directive) -> Directive:
    """The directive with its timeliness, for its page."""
    return (
        directives_with_timeliness(Directive.objects.filter(pk=directive.pk))
        .select_related(
            "notice__committee",
            "conclusion__meeting",
            "plan_item__plan",
            "created_by",
            "closed_by",
            "follow_up_team",
        )
        .get()
    )


def directive_timeline(directive: Directive) -> list[DirectiveEvent]:
    """Every event of the directive, oldest first, with who did it, for which agency, and its files."""
    return list(
        directive.events.select_related("actor", "organization").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
        )
    )


def follow_up_teams(committee_id: int) -> QuerySet[SupportTeam]:
    """The support sub-teams a directive of the committee may be given to."""
    return SupportTeam.objects.filter(committee_id=committee_id).order_by("name")


def pending_extension(directive: Directive) -> ExtensionRequest | None:
    return (
        directive.extension_requests.filter(status=ExtensionRequest.Status.PENDING)
        .select_related("requested_by")
        .first()
    )


#: The order of the groups on "Việc của tôi": most pressing first.
MY_WORK_GROUPS = (
    Timeliness.OVERDUE,
    Timeliness.DUE_SOON,
    Timeliness.ON_TIME,
    Timeliness.DONE_LATE,
    Timeliness.DONE_ON_TIME,
)


def my_work(user: User) -> dict[str, object]:
    """What the person's agencies lead or coordinate, open or waiting for acceptance, grouped by
    timeliness; and what waits for the person's own action (acceptance to propose or decide,
    extensions to decide)."""
    agencies = agencies_for_user(user)
    codes = committee_codenames_for_user(user)
    lead_q = Q()
    coordinating_q = Q()
    for committee_id, orgs in agencies.items():
        if "view_committee_business" not in codes.get(committee_id, ()):
            continue
        lead_q |= Q(committee_id=committee_id, lead_organization_id__in=orgs)
        coordinating_q |= Q(committee_id=committee_id, coordinating_organizations__in=orgs)
    active = (Directive.Status.ASSIGNED, Directive.Status.IN_PROGRESS, Directive.Status.REPORTED_DONE)
    mine: list[Directive] = []
    if lead_q:
        mine = list(
            directives_with_timeliness(Directive.objects.filter(lead_q, status__in=active)).order_by(
                "deadline", "pk"
            )
        )
    coordinating: list[Directive] = []
    if coordinating_q:
        coordinating = list(
            directives_with_timeliness(
                Directive.objects.filter(coordinating_q, status__in=Directive.OPEN_STATUSES).exclude(
                    pk__in=[d.pk for d in mine]
                )
            )
            .distinct()
            .order_by("deadline", "pk")
        )
    groups = {key: [d for d in mine if d.timeliness == key] for key in MY_WORK_GROUPS}

    def holding(*codenames: str) -> list[int]:
        return [cid for cid, held in codes.items() if not held.isdisjoint(codenames)]

    to_propose = holding("propose_acceptance")
    to_decide = holding("decide_directive", "follow_up_directives")
    waiting: list[Directive] = []
    if to_propose or to_decide:
        waiting = list(
            directives_with_timeliness(
                Directive.objects.filter(
                    Q(committee_id__in=to_propose, acceptance_proposed_at__isnull=True)
                    | Q(committee_id__in=to_decide),
                    status=Directive.Status.REPORTED_DONE,
                )
            ).order_by("reported_done_on", "pk")
        )
    extension_committees = holding("decide_directive") + [
        cid for cid in holding("follow_up_directives") if cid not in holding("decide_directive")
    ]
    extensions = list(
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.PENDING, directive__committee_id__in=extension_committees
        )
        .filter(
            Q(directive__committee__standing_member_decides_extensions=True)
            | Q(directive__committee_id__in=holding("decide_directive"))
        )
        .select_related("directive__lead_organization", "requested_by")
        .order_by("requested_at")
    )
    seeing = [cid for cid, held in codes.items() if "view_committee_business" in held]
    followed = list(
        directives_with_timeliness(
            Directive.objects.filter(
                committee_id__in=seeing,
                follow_up_team__memberships__user=user,
                status__in=active,
            )
        )
        .select_related("follow_up_team")
        .distinct()
        .order_by("deadline", "pk")
    )
    return {
        "groups": [(Timeliness(key), groups[key]) for key in MY_WORK_GROUPS if groups[key]],
        "followed": followed,
        "lead_count": len(mine),
        "coordinating": coordinating,
        "waiting": waiting,
        "extensions": extensions,
    }


def timeliness_counts(queryset: QuerySet[Directive]) -> dict[str, int]:
    """{timeliness: count} over the directives, counted by the database."""
    rows = (
        queryset.with_timeliness(timezone.localdate()).order_by().values("timeliness").annotate(n=Count("pk"))
    )
    return {row["timeliness"]: row["n"] for row in rows}


def committee_shortcuts(user: User) -> list[dict[str, object]]:
    """The committees whose directives the person follows, each with what they may open from the
    directive list: the scoreboard, the plans, and the form of a new directive (one query)."""
    codes = committee_codenames_for_user(user)
    ids = [cid for cid, held in codes.items() if "view_committee_business" in held]
    return [
        {"committee": committee, "can_create": "create_directive" in codes[committee.pk]}
        for committee in Committee.objects.filter(pk__in=ids).order_by("name")
    ]
