"""Every authorisation rule of the tasks app: directives and annual plans (Điều 3.1, 5, 6.2, 7,
9.3; the matrix in docs/domain.md).

The same two levels as the meetings' (meetings.permissions.rules): who the person is — their
committee permissions, from their roles (members.permissions), and the agencies they act for there
as a member or a focal officer — then what the directive's state allows now. Services refuse the
first with PermissionDenied (403) and the second with DirectiveError and its message.

- Seeing directives and plans: anyone with a role in the committee; guests see nothing of them,
  and a directive of another committee answers 404 (`get_directive_for_user`).
- Posting progress, reporting done, asking for an extension: the lead agency's member and focal
  officers. Contributions: the coordinating agencies'.
- Creating: chair, deputy, standing member, secretariat; editing and cancelling: chair and deputy.
- Accepting or returning completed work: chair, deputy, standing member; proposing it: the
  secretariat. Approving an extension: chair and deputy, and the standing member where the
  committee is configured so (Committee.standing_member_decides_extensions).
- Urging: chair, deputy, standing member, secretariat.
- Giving a directive to a support sub-team to follow up (Điều 4.3, 7.8): chair, deputy, and the
  support group's leader, while it is not accepted or cancelled.
- Plans: drafted by the standing member and the secretariat, approved by the chair (or a deputy
  during an acting period naming them).
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.permissions.rules import Access, Rule
from members.models import ChairActingPeriod, Committee, User
from members.permissions import agencies_for_user, committee_codenames_for_user

from .models import Directive, DirectiveError, Evidence, ExtensionRequest, WorkPlan, WorkPlanItem

S = Directive.Status
A = Directive.Action
_UNSET = object()


class DirectivePermissionDenied(DirectiveError, PermissionDenied):
    """The person's role never allows this: a 403 that carries the service's message."""


class DirectiveRight(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    CANCEL = "cancel"
    POST_PROGRESS = "post_progress"
    ADD_CONTRIBUTION = "add_contribution"
    REPORT_DONE = "report_done"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"  # the pending ExtensionRequest is the target
    PROPOSE_ACCEPTANCE = "propose_acceptance"
    ACCEPT = "accept"  # accept or return
    URGE = "urge"
    SET_FOLLOW_UP_TEAM = "set_follow_up_team"


#: The directive page's flags: template name → the right it shows.
DIRECTIVE_PAGE_FLAGS: dict[str, DirectiveRight] = {
    "can_edit": DirectiveRight.EDIT,
    "can_cancel": DirectiveRight.CANCEL,
    "can_post_progress": DirectiveRight.POST_PROGRESS,
    "can_add_contribution": DirectiveRight.ADD_CONTRIBUTION,
    "can_report_done": DirectiveRight.REPORT_DONE,
    "can_request_extension": DirectiveRight.REQUEST_EXTENSION,
    "can_propose_acceptance": DirectiveRight.PROPOSE_ACCEPTANCE,
    "can_accept": DirectiveRight.ACCEPT,
    "can_urge": DirectiveRight.URGE,
    "can_set_follow_up_team": DirectiveRight.SET_FOLLOW_UP_TEAM,
}


def transition_refusal(directive: Directive, action: str) -> str | None:
    """Why the directive's status does not allow `action`, or None (Directive.TRANSITIONS)."""
    if action in Directive.TRANSITIONS[directive.status]:
        return None
    return _("This directive is %(status)s: you cannot %(action)s now.") % {
        "status": directive.get_status_display().lower(),
        "action": Directive.Action(action).label,
    }


class _CommitteeMember(Access):
    """What both access objects know of the person in one committee (no query once loaded)."""

    error_class = DirectiveError
    denied_class = DirectivePermissionDenied

    user: User
    committee_id: int

    def _load(self) -> None:
        self.codes: frozenset[str] = committee_codenames_for_user(self.user).get(
            self.committee_id, frozenset()
        )
        self.agencies: frozenset[int] = agencies_for_user(self.user).get(self.committee_id, frozenset())

    def _holds(self, *codenames: str) -> bool:
        return not self.codes.isdisjoint(codenames)

    @property
    def sees_committee(self) -> bool:
        return self._holds("view_committee_business")


class DirectiveAccess(_CommitteeMember):
    """One person's rights on one directive: `may`, `can`, `ensure`, `require` as for meetings."""

    def __init__(self, user: User, directive: Directive):
        self.user = user
        self.directive = directive
        self.committee_id = directive.committee_id
        self._pending = _UNSET
        self._load()

    def __repr__(self) -> str:
        return f"<DirectiveAccess user={self.user.pk} directive={self.directive.pk}>"

    def bound_to(self, directive: Directive, actor: User) -> DirectiveAccess:
        """The same person's access to the directive as a service has re-read it under lock."""
        if actor.pk != self.user.pk or directive.pk != self.directive.pk:
            raise ValueError("This access is another person's, or another directive's.")
        fresh = DirectiveAccess.__new__(DirectiveAccess)
        # What the person is stays; what the directive's state is (its agencies, a waiting
        # request) is read again from the locked row.
        fresh.__dict__.update({k: v for k, v in self.__dict__.items() if k != "coordinating_ids"})
        fresh.directive = directive
        fresh._pending = _UNSET
        return fresh

    # --- who ---------------------------------------------------------------------------------------

    @property
    def can_view(self) -> bool:
        return self.sees_committee

    @property
    def pending_extension(self) -> ExtensionRequest | None:
        """The request for a new deadline waiting for a decision, if any (read once)."""
        if self._pending is _UNSET:
            self._pending = self.directive.extension_requests.filter(
                status=ExtensionRequest.Status.PENDING
            ).first()
        return self._pending

    def know_pending_extension(self, request: ExtensionRequest | None) -> None:
        """Give the waiting request when the caller has already read it."""
        self._pending = request

    @property
    def leads(self) -> bool:
        """The person acts for the directive's lead agency (its member or a focal officer)."""
        return self.directive.lead_organization_id in self.agencies and self._holds("report_progress")

    @cached_property
    def coordinating_ids(self) -> frozenset[int]:
        return frozenset(self.directive.coordinating_organizations.values_list("pk", flat=True))

    @property
    def coordinates(self) -> bool:
        """The person acts for one of the coordinating agencies."""
        if not self.agencies or not self._holds("report_progress"):
            return False
        return not self.agencies.isdisjoint(self.coordinating_ids)

    @property
    def contributing_agency_ids(self) -> frozenset[int]:
        """The coordinating agencies the person may write a contribution for."""
        return self.agencies & self.coordinating_ids

    def _views(self, _t: object) -> bool:
        return self.sees_committee

    def _assigns(self, _t: object) -> bool:
        return self._holds("assign_directive")

    def _leads(self, _t: object) -> bool:
        return self.leads

    def _coordinates(self, _t: object) -> bool:
        return self.coordinates

    def _decides_extension(self, _t: object) -> bool:
        if self._holds("decide_directive"):
            return True
        return (
            self._holds("follow_up_directives")
            and self.directive.committee.standing_member_decides_extensions
        )

    def _proposes(self, _t: object) -> bool:
        return self._holds("propose_acceptance")

    def _accepts(self, _t: object) -> bool:
        return self._holds("decide_directive", "follow_up_directives")

    def _urges(self, _t: object) -> bool:
        return self._holds("urge_directive")

    def _gives_follow_up(self, _t: object) -> bool:
        """Who organises the support group's sub-teams (the deputies, the support group's leader)
        and who assigns directives (the chair, the deputies) say which sub-team follows one up."""
        return self._holds("manage_support_teams", "assign_directive")

    # --- when --------------------------------------------------------------------------------------

    def _open(self, _t: object) -> str | None:
        if self.directive.status in Directive.OPEN_STATUSES:
            return None
        return _("This directive is %(status)s: nothing more can be posted on it.") % {
            "status": self.directive.get_status_display().lower()
        }

    def _not_closed(self, _t: object) -> str | None:
        if self.directive.status in (S.ACCEPTED, S.CANCELLED):
            return _("This directive is %(status)s: nobody follows it up any more.") % {
                "status": self.directive.get_status_display().lower()
            }
        return None

    def _reportable(self, _t: object) -> str | None:
        return transition_refusal(self.directive, A.REPORT_DONE)

    def _cancellable(self, _t: object) -> str | None:
        return transition_refusal(self.directive, A.CANCEL)

    def _extendable(self, _t: object) -> str | None:
        refusal = self._open(_t)
        if refusal is not None:
            return refusal
        if self.directive.deadline is None:
            return _("Regular work has no deadline to extend.")
        if self.pending_extension is not None:
            return _("A request for a new deadline is already waiting for a decision.")
        return None

    def _pending_extension(self, request: ExtensionRequest | None) -> str | None:
        if request is None or request.status != ExtensionRequest.Status.PENDING:
            return _("This request has already been decided.")
        if request.directive_id != self.directive.pk:
            return _("This request is not about this directive.")
        return self._open(None)

    def _proposable(self, _t: object) -> str | None:
        refusal = transition_refusal(self.directive, A.PROPOSE_ACCEPTANCE)
        if refusal is None and self.directive.acceptance_proposed_at is not None:
            return _("Acceptance has already been proposed.")
        return refusal

    def _acceptable(self, _t: object) -> str | None:
        return transition_refusal(self.directive, A.ACCEPT)

    R = DirectiveRight
    RULES: ClassVar[dict[str, Rule]] = {
        R.VIEW: Rule(_views),
        R.EDIT: Rule(_assigns, _open, gettext_lazy("Only the chair or a deputy changes a directive.")),
        R.CANCEL: Rule(
            _assigns, _cancellable, gettext_lazy("Only the chair or a deputy cancels a directive.")
        ),
        R.POST_PROGRESS: Rule(
            _leads, _open, gettext_lazy("Only the lead agency's member and focal officers post progress.")
        ),
        R.REPORT_DONE: Rule(
            _leads,
            _reportable,
            gettext_lazy("Only the lead agency's member and focal officers report it done."),
        ),
        R.REQUEST_EXTENSION: Rule(
            _leads, _extendable, gettext_lazy("Only the lead agency asks for a new deadline.")
        ),
        R.ADD_CONTRIBUTION: Rule(
            _coordinates, _open, gettext_lazy("Only a coordinating agency's people add a contribution.")
        ),
        R.DECIDE_EXTENSION: Rule(
            _decides_extension,
            _pending_extension,
            gettext_lazy("Only the chair or a deputy approves a new deadline."),
        ),
        R.PROPOSE_ACCEPTANCE: Rule(
            _proposes, _proposable, gettext_lazy("Only the secretariat proposes acceptance.")
        ),
        R.ACCEPT: Rule(
            _accepts,
            _acceptable,
            gettext_lazy("Only the chair, a deputy or the standing member accepts or returns the work."),
        ),
        R.URGE: Rule(
            _urges,
            _open,
            gettext_lazy("Only the chair, the deputies, the standing member and the secretariat urge."),
        ),
        R.SET_FOLLOW_UP_TEAM: Rule(
            _gives_follow_up,
            _not_closed,
            gettext_lazy(
                "Only the chair, a deputy or the support group's leader gives a directive to a sub-team."
            ),
        ),
    }

    def page_flags(self) -> dict[str, bool]:
        flags = {name: self.can(right) for name, right in DIRECTIVE_PAGE_FLAGS.items()}
        pending = self.pending_extension
        flags["can_decide_extension"] = pending is not None and self.can(
            DirectiveRight.DECIDE_EXTENSION, pending
        )
        return flags


class TasksRight(StrEnum):
    VIEW = "view"  # directives and plans of the committee
    CREATE_DIRECTIVE = "create_directive"
    VIEW_SCOREBOARD = "view_scoreboard"  # every agency's; a focal officer sees their own
    DRAFT_PLAN = "draft_plan"
    APPROVE_PLAN = "approve_plan"  # the draft plan is the target
    VIEW_PLAN = "view_plan"  # the plan is the target: a draft only to its drafters and approvers
    CREATE_PLAN_DIRECTIVES = "create_plan_directives"  # the approved plan is the target


class TasksAccess(_CommitteeMember):
    """One person's rights in one committee's directives and plans, before there is a directive."""

    def __init__(self, user: User, committee: Committee | int):
        self.user = user
        self.committee_id = committee if isinstance(committee, int) else committee.pk
        self._load()

    def __repr__(self) -> str:
        return f"<TasksAccess user={self.user.pk} committee={self.committee_id}>"

    @property
    def sees_every_agency(self) -> bool:
        return self._holds("view_scoreboard")

    @cached_property
    def acts_for_chair(self) -> bool:
        """A deputy named by an acting period in force today (Điều 4.1)."""
        if not self._holds("act_for_chair"):
            return False
        return (
            ChairActingPeriod.objects.covering(timezone.localdate())
            .filter(committee_id=self.committee_id, deputy_id=self.user.pk)
            .exists()
        )

    @property
    def sees_draft_plans(self) -> bool:
        """Drafts are read by those who write them and those who may approve them (the chair, the
        deputies, who may act for the chair); the others see a plan once it is approved."""
        return self._holds("draft_plans", "approve_plans", "act_for_chair")

    @property
    def plan_signature_role(self) -> str:
        return "chair" if self._holds("approve_plans") else "acting"

    def _views(self, _t: object) -> bool:
        return self.sees_committee

    def _creates(self, _t: object) -> bool:
        return self._holds("create_directive")

    def _scoreboard(self, _t: object) -> bool:
        return self.sees_committee

    def _drafts(self, _t: object) -> bool:
        return self._holds("draft_plans")

    def _approves(self, _t: object) -> bool:
        return self._holds("approve_plans") or self.acts_for_chair

    def _views_plan(self, plan: WorkPlan | None) -> bool:
        if not self.sees_committee:
            return False
        return (plan is not None and plan.status == WorkPlan.Status.APPROVED) or self.sees_draft_plans

    def _approved_plan(self, plan: WorkPlan | None) -> str | None:
        if plan is None or plan.status != WorkPlan.Status.APPROVED:
            return _("The items become directives once the plan is approved.")
        return None

    def _draft_plan(self, plan: WorkPlan | None) -> str | None:
        if plan is not None and plan.status != WorkPlan.Status.DRAFT:
            return _("This plan is approved: it cannot change.")
        return None

    RULES: ClassVar[dict[str, Rule]] = {
        TasksRight.VIEW: Rule(_views),
        TasksRight.CREATE_DIRECTIVE: Rule(
            _creates,
            None,
            gettext_lazy(
                "Only the chair, a deputy, the standing member or the secretariat gives a directive."
            ),
        ),
        TasksRight.VIEW_SCOREBOARD: Rule(_scoreboard),
        TasksRight.DRAFT_PLAN: Rule(
            _drafts, _draft_plan, gettext_lazy("Only the standing member and the secretariat draft plans.")
        ),
        TasksRight.APPROVE_PLAN: Rule(
            _approves,
            _draft_plan,
            gettext_lazy(
                "The chair approves the plan; a deputy does so only during an acting period naming them."
            ),
        ),
        TasksRight.VIEW_PLAN: Rule(_views_plan),
        TasksRight.CREATE_PLAN_DIRECTIVES: Rule(
            _creates,
            _approved_plan,
            gettext_lazy(
                "Only the chair, a deputy, the standing member or the secretariat gives a directive."
            ),
        ),
    }


# --- visibility ------------------------------------------------------------------------------------


def committee_ids_with_tasks(user: User) -> list[int]:
    """The committees whose directives and plans the person sees (a role there, guests excluded)."""
    return [
        cid for cid, codes in committee_codenames_for_user(user).items() if "view_committee_business" in codes
    ]


def directives_visible_to(user: User) -> QuerySet[Directive]:
    return Directive.objects.filter(committee_id__in=committee_ids_with_tasks(user))


def access_directive(user: User, pk: int, *, for_update: bool = False) -> DirectiveAccess:
    """The directive `pk` with the person's access to it; 404 when they may not know it exists."""
    if not user.is_authenticated:
        raise Http404
    queryset = Directive.objects.select_related("committee", "lead_organization")
    if for_update:
        queryset = queryset.select_for_update()
    directive = queryset.filter(pk=pk, committee_id__in=committee_ids_with_tasks(user)).first()
    if directive is None:
        raise Http404
    return DirectiveAccess(user, directive)


def access_extension_request(user: User, pk: int) -> tuple[ExtensionRequest, DirectiveAccess]:
    """A request for a new deadline with the person's access to its directive; 404 when they may
    not see the directive."""
    if not user.is_authenticated:
        raise Http404
    request = ExtensionRequest.objects.filter(
        pk=pk, directive__committee_id__in=committee_ids_with_tasks(user)
    ).first()
    if request is None:
        raise Http404
    return request, access_directive(user, request.directive_id)


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    """A file of a directive's timeline, to anyone who may see the directive; 404 for others."""
    if not user.is_authenticated:
        raise Http404
    evidence = Evidence.objects.filter(
        pk=pk, event__directive__committee_id__in=committee_ids_with_tasks(user)
    ).first()
    if evidence is None:
        raise Http404
    return evidence


def access_plan(user: User, pk: int) -> tuple[WorkPlan, TasksAccess]:
    if not user.is_authenticated:
        raise Http404
    plan = (
        WorkPlan.objects.select_related("committee")
        .filter(pk=pk, committee_id__in=committee_ids_with_tasks(user))
        .first()
    )
    if plan is None:
        raise Http404
    return plan, TasksAccess(user, plan.committee_id)


def access_plan_item(user: User, pk: int) -> tuple[WorkPlanItem, TasksAccess]:
    """An item of a plan with the person's access in the plan's committee; 404 as for its plan."""
    if not user.is_authenticated:
        raise Http404
    item = (
        WorkPlanItem.objects.select_related("plan__committee", "owner_organization")
        .filter(pk=pk, plan__committee_id__in=committee_ids_with_tasks(user))
        .first()
    )
    if item is None:
        raise Http404
    return item, TasksAccess(user, item.plan.committee_id)


def tasks_access(user: User, committee: Committee | int) -> TasksAccess:
    """The person's access in the committee; 404 when they hold no role there."""
    access = TasksAccess(user, committee)
    if not access.sees_committee:
        raise Http404
    return access
