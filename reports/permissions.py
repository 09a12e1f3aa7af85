"""Who does what with a committee's quarterly reports (Điều 7.9), as the annual plans do it
(tasks.permissions.TasksAccess): the same two levels — who the person is (their committee
permissions, from their roles), then what the report's state allows now. Services refuse the
first with PermissionDenied (403) and the second with QuarterlyReportError and its message.

- Seeing: anyone with a role in the committee sees its approved reports; a draft or a report
  waiting for approval is read only by those who write it and those who may approve it (the
  chair, the deputies, who may act for the chair). Another committee's report answers 404.
- Drafting (creating, editing, refreshing the figures, submitting): the standing member and the
  secretariat (the support group's lead and members) — who draft the plans.
- Approving, or returning a submitted report to draft with a reason: the chair, or a deputy
  during an acting period naming them (signing "KT. TRƯỞNG BAN") — who approve the plans.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.permissions.rules import Access, Rule
from members.errors import DomainError
from members.models import ChairActingPeriod, Committee, User
from members.permissions import committee_codenames_for_user

from .models import QuarterlyReport

RS = QuarterlyReport.Status
#: The largest id the database holds: a longer one in a URL is a 404, not an overflow.
MAX_ID = 2**63 - 1


class QuarterlyReportError(DomainError):
    """A report's state refuses what was asked; the message says why."""


class QuarterlyReportPermissionDenied(QuarterlyReportError, PermissionDenied):
    """The person's role never allows this: a 403 that carries the service's message."""


class ReportsRight(StrEnum):
    VIEW = "view"  # the committee's list of reports
    VIEW_REPORT = "view_report"  # the report is the target: a draft only to its drafters and approvers
    DRAFT = "draft"  # create; edit, refresh and submit a draft (the report is the target)
    APPROVE = "approve"  # the submitted report is the target
    RETURN = "return"  # the submitted report is the target


#: The report page's flags: template name → the right it shows (the report is the target).
REPORT_PAGE_FLAGS: dict[str, ReportsRight] = {
    "can_draft": ReportsRight.DRAFT,
    "can_approve": ReportsRight.APPROVE,
    "can_return": ReportsRight.RETURN,
}


def report_state_refusal(report: QuarterlyReport, wanted: str) -> str | None:
    """Why the report's status is not `wanted` now, or None."""
    if report.status == wanted:
        return None
    if report.status == RS.APPROVED:
        return _("This report is approved: it no longer changes.")
    if report.status == RS.SUBMITTED:
        return _("This report is waiting for the chair's approval: it changes only once returned to draft.")
    return _("This report is a draft: it is not submitted for approval yet.")


class ReportsAccess(Access):
    """One person's rights on one committee's quarterly reports: `may`, `can`, `ensure`, `require`."""

    error_class = QuarterlyReportError
    denied_class = QuarterlyReportPermissionDenied

    def __init__(self, user: User, committee: Committee | int):
        self.user = user
        self.committee_id = committee if isinstance(committee, int) else committee.pk
        self.codes: frozenset[str] = committee_codenames_for_user(user).get(self.committee_id, frozenset())

    def __repr__(self) -> str:
        return f"<ReportsAccess user={self.user.pk} committee={self.committee_id}>"

    def _holds(self, *codenames: str) -> bool:
        return not self.codes.isdisjoint(codenames)

    @property
    def sees_committee(self) -> bool:
        return self._holds("view_committee_business")

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
    def sees_drafts(self) -> bool:
        return self._holds("draft_plans", "approve_plans", "act_for_chair")

    @property
    def signature_role(self) -> str:
        """How the approver signs: "chair", or "acting" for a deputy in an acting period."""
        return (
            QuarterlyReport.SignedAs.CHAIR
            if self._holds("approve_plans")
            else QuarterlyReport.SignedAs.ACTING
        )

    # --- who ---------------------------------------------------------------------------------------

    def _views(self, _t: object) -> bool:
        return self.sees_committee

    def _views_report(self, report: QuarterlyReport | None) -> bool:
        if not self.sees_committee:
            return False
        return (report is not None and report.status == RS.APPROVED) or self.sees_drafts

    def _drafts(self, _t: object) -> bool:
        return self.sees_committee and self._holds("draft_plans")

    def _approves(self, _t: object) -> bool:
        return self.sees_committee and (self._holds("approve_plans") or self.acts_for_chair)

    # --- when --------------------------------------------------------------------------------------

    def _draft(self, report: QuarterlyReport | None) -> str | None:
        return None if report is None else report_state_refusal(report, RS.DRAFT)

    def _submitted(self, report: QuarterlyReport | None) -> str | None:
        if report is None:
            return _("This report is a draft: it is not submitted for approval yet.")
        return report_state_refusal(report, RS.SUBMITTED)

    R = ReportsRight
    RULES: ClassVar[dict[str, Rule]] = {
        R.VIEW: Rule(_views),
        R.VIEW_REPORT: Rule(_views_report),
        R.DRAFT: Rule(
            _drafts,
            _draft,
            gettext_lazy("Only the standing member and the support group draft the quarterly report."),
        ),
        R.APPROVE: Rule(
            _approves,
            _submitted,
            gettext_lazy(
                "The chair approves the report; a deputy does so only during an acting period naming them."
            ),
        ),
        R.RETURN: Rule(
            _approves,
            _submitted,
            gettext_lazy(
                "The chair returns the report; a deputy does so only during an acting period naming them."
            ),
        ),
    }


# --- visibility ------------------------------------------------------------------------------------


def reports_access(user: User, committee_pk: int) -> tuple[Committee, ReportsAccess]:
    """The committee and the person's access there; 404 when they hold no role in it."""
    if not user.is_authenticated:
        raise Http404
    access = ReportsAccess(user, committee_pk)
    if not access.sees_committee:
        raise Http404
    committee = Committee.objects.filter(pk=committee_pk).first()
    if committee is None:
        raise Http404
    return committee, access


def access_report(user: User, pk: int) -> tuple[QuarterlyReport, ReportsAccess]:
    """The report with the person's access; 404 for another committee's, or a draft they may not read."""
    if not user.is_authenticated or not 0 < pk <= MAX_ID:
        raise Http404
    report = QuarterlyReport.objects.select_related("committee").filter(pk=pk).first()
    if report is None:
        raise Http404
    access = ReportsAccess(user, report.committee_id)
    if not access.can(ReportsRight.VIEW_REPORT, report):
        raise Http404
    return report, access
