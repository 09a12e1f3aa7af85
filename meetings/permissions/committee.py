"""CommitteeAccess: one person's meeting rights in one committee, before there is a meeting — filing
a new one, proposing an extraordinary one and deciding proposals (Điều 8.1)."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import User
from members.permissions import committee_codenames_for_user

from ..models import MeetingProposal
from .rules import Access, Rule


class CommitteeRight(StrEnum):
    CREATE_MEETING = "create_meeting"
    PROPOSE_MEETING = "propose_meeting"
    VIEW_PROPOSALS = "view_proposals"
    DECIDE_PROPOSAL = "decide_proposal"  # the proposal is the target


class CommitteeAccess(Access):
    """The same two levels as MeetingAccess (`may`, `can`, `ensure`, `require`), for the
    committee's meetings in general. Costs no query once the person's permissions are loaded."""

    def __init__(self, user: User, committee_id: int):
        self.user = user
        self.committee_id = committee_id
        self.codes: frozenset[str] = committee_codenames_for_user(user).get(committee_id, frozenset())

    def __repr__(self) -> str:
        return f"<CommitteeAccess user={self.user.pk} committee={self.committee_id}>"

    def _holds(self, *codenames: str) -> bool:
        return not self.codes.isdisjoint(codenames)

    @property
    def keeps_minutes(self) -> bool:
        """A member of the support group, who keeps the minutes of the meetings they file."""
        return self._holds("record_minutes")

    def _prepares(self, _target: object) -> bool:
        return self._holds("prepare_meeting")

    def _proposes(self, _target: object) -> bool:
        """The standing member proposes an extraordinary meeting."""
        return self._holds("propose_meeting")

    def _follows_proposals(self, _target: object) -> bool:
        return self._holds("propose_meeting", "decide_meeting_proposal", "prepare_meeting")

    def _decides(self, _target: MeetingProposal | None) -> bool:
        """The chair or a deputy decides."""
        return self._holds("decide_meeting_proposal")

    def _undecided(self, proposal: MeetingProposal | None) -> str | None:
        if proposal is not None and proposal.status == MeetingProposal.Status.PENDING:
            return None
        return _("This proposal cannot be decided by you, or is already decided.")

    RULES: ClassVar[dict[str, Rule]] = {
        CommitteeRight.CREATE_MEETING: Rule(_prepares),
        CommitteeRight.PROPOSE_MEETING: Rule(
            _proposes, None, gettext_lazy("Only the standing member proposes an extraordinary meeting.")
        ),
        CommitteeRight.VIEW_PROPOSALS: Rule(_follows_proposals),
        CommitteeRight.DECIDE_PROPOSAL: Rule(
            _decides,
            _undecided,
            gettext_lazy("This proposal cannot be decided by you, or is already decided."),
        ),
    }
