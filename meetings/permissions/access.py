"""MeetingAccess: one person's rights on one meeting, loaded once, answering every question the
views, the page flags and the services ask (Điều 4, 6.5, 7, 8; the matrix in docs/domain.md).

After Wagtail's PagePermissionTester. Building one costs the person's committee permissions (one
query, kept on the user object); their own invitation, the guest grant, the invitation letter in
force and the chair's standing (presiding, recorded absent, an acting period naming a deputy) are
read when a question first needs them, once.

A guest of an extended meeting (no role in its committee) sees the meeting, its agenda and papers,
the invitation letter and their own invitation, and answers it; nothing else (Điều 8.2).
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import ClassVar

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import RoleAssignment, User
from members.permissions import committee_codenames_for_user

from ..models import ConsultationAnswer, Invitation, Meeting, Minutes, MinutesComment
from .guests import guest_meeting_ids
from .rules import NOTHING_YET, Access, Rule
from .state import ChairStanding, chair_standing, transition_refusal

S = Meeting.Status
A = Meeting.Action
EDITABLE = (S.DRAFT, S.CONVENED)
DRAFTING_MINUTES = (S.HELD, S.MINUTES_DRAFTED)
DRAFTING_CONCLUSIONS = (S.MINUTES_DRAFTED, S.MINUTES_SIGNED)
# From the drafting of the minutes on, a meeting has conclusions to show (Điều 4.2).
CONCLUDING = (S.MINUTES_DRAFTED, S.MINUTES_SIGNED, S.NOTICE_ISSUED)


class Right(StrEnum):
    """What a person may do with, or see of, one meeting."""

    EDIT = "edit"  # details, agenda, papers
    SET_INVITEES = "set_invitees"  # members and guests
    CONVENE = "convene"
    POSTPONE = "postpone"
    CANCEL = "cancel"
    ANSWER = "answer"  # an invitation (the person's own by default)
    DECIDE_ABSENCE = "decide_absence"
    VIEW_ROLL = "view_roll"
    RECORD_ATTENDANCE = "record_attendance"
    VIEW_HISTORY = "view_history"
    VIEW_MINUTES = "view_minutes"  # minutes or an addendum (the target)
    DRAFT_MINUTES = "draft_minutes"  # start (no target) or edit the main minutes
    OPEN_REVIEW = "open_review"
    COMMENT_MINUTES = "comment_minutes"
    CLOSE_REVIEW = "close_review"  # end the comment window before its last day
    ANSWER_COMMENT = "answer_comment"  # the comment is the target
    SIGN_MINUTES = "sign_minutes"
    ADD_ADDENDUM = "add_addendum"
    DRAFT_CONCLUSIONS = "draft_conclusions"
    SIGN_CONCLUSIONS = "sign_conclusions"
    VIEW_CONCLUSIONS = "view_conclusions"
    VIEW_NOTICE = "view_notice"
    VIEW_WRITTEN_OPINION = "view_written_opinion"  # of an invitation (the person's own by default)
    DOWNLOAD_INVITATION = "download_invitation"  # the letter listing every invitee
    DOWNLOAD_PERSONAL_INVITATION = "download_personal_invitation"  # one invitee's (own by default)
    HAND_OUT_INVITATIONS = "hand_out_invitations"  # every invitee's personal letter
    # A written consultation (issue #13); the target is the member's invitation.
    CONSULT_SEND_ANSWER = "consult_send_answer"  # the member sends their own answer
    CONSULT_PREPARE_ANSWER = "consult_prepare_answer"  # the member, or a focal officer of the agency
    CONSULT_READ_ANSWER = "consult_read_answer"
    CONSULT_READ_ANSWERS = "consult_read_answers"  # every answer, before the deadline too
    CONSULT_COMPILE = "consult_compile"  # the summary, which closes the answers


#: The meeting page's flags: template name → the right it shows, asked with `can`.
MEETING_PAGE_FLAGS: dict[str, Right] = {
    "can_answer": Right.ANSWER,
    "can_edit": Right.EDIT,
    "can_set_invitees": Right.SET_INVITEES,
    "can_convene": Right.CONVENE,
    "can_postpone": Right.POSTPONE,
    "can_cancel": Right.CANCEL,
    "can_view_roll": Right.VIEW_ROLL,
    "can_record_attendance": Right.RECORD_ATTENDANCE,
    "can_view_minutes": Right.VIEW_MINUTES,
    "can_draft_minutes": Right.DRAFT_MINUTES,
    "can_view_conclusions": Right.VIEW_CONCLUSIONS,
    "can_view_notice": Right.VIEW_NOTICE,
    "can_view_history": Right.VIEW_HISTORY,
    "can_view_opinion": Right.VIEW_WRITTEN_OPINION,
    "can_download_invitation": Right.DOWNLOAD_INVITATION,
    "can_download_own_invitation": Right.DOWNLOAD_PERSONAL_INVITATION,
    "can_download_personal_invitations": Right.HAND_OUT_INVITATIONS,
}
_MINUTES_RIGHTS = frozenset({Right.VIEW_MINUTES, Right.DRAFT_MINUTES})
_UNSET = object()

# Why a deputy may not sign for the chair now (Điều 4.1).
CHAIR_SIGNS_MINUTES = gettext_lazy(
    "The chair signs these minutes. A deputy signs for the chair only when the chair is recorded "
    "absent from the meeting, or during an acting period naming the deputy."
)
CHAIR_SIGNS_CONCLUSIONS = gettext_lazy(
    "The chair signs the conclusions. A deputy signs for the chair (KT. TRƯỞNG BAN) only when the "
    "chair is recorded absent from the meeting, or during an acting period naming the deputy."
)
CHAIR_SIGNS_INVITATION = gettext_lazy(
    "The chair convenes this meeting and signs its invitation. A deputy does it for the chair "
    "(KT. TRƯỞNG BAN) only during an acting period naming the deputy."
)


class MeetingAccess(Access):
    """One person's rights on one meeting. Ask `may(right)` (who they are), `can(right)` (and the
    state allows it now), `ensure(right)` in a service, `require(right)` in a view; the meeting
    page reads `page_flags()`. Rights about minutes or an invitation take it as the target."""

    def __init__(self, user: User, meeting: Meeting, *, invitation: Invitation | None | object = _UNSET):
        self.user = user
        self.meeting = meeting
        self.codes: frozenset[str] = committee_codenames_for_user(user).get(meeting.committee_id, frozenset())
        self._invitation = invitation

    def __repr__(self) -> str:
        return f"<MeetingAccess user={self.user.pk} meeting={self.meeting.pk}>"

    def bound_to(self, meeting: Meeting, actor: User) -> MeetingAccess:
        """The same person's access to `meeting` as a service has just re-read it (under lock):
        what was loaded about the person is kept, the state is the fresh row's."""
        if actor.pk != self.user.pk or meeting.pk != self.meeting.pk:
            raise ValueError("This access is another person's, or another meeting's.")
        return MeetingAccess(self.user, meeting, invitation=self._invitation)

    # --- who the person is -----------------------------------------------------------------------

    def _holds(self, *codenames: str) -> bool:
        return not self.codes.isdisjoint(codenames)

    @property
    def is_guest_only(self) -> bool:
        """No role in the meeting's committee: a guest sees the meeting and its papers (Điều 8.2)."""
        return "view_committee_business" not in self.codes

    @property
    def is_presiding(self) -> bool:
        return self.user.pk is not None and self.meeting.presiding_id == self.user.pk

    @property
    def is_secretary(self) -> bool:
        return self.user.pk is not None and self.meeting.secretary_id == self.user.pk

    @property
    def can_view(self) -> bool:
        """The meeting itself: those with a role in its committee, and its guests."""
        if not self.user.is_authenticated:
            return False
        return not self.is_guest_only or self.meeting.pk in guest_meeting_ids(self.user)

    @property
    def invitation(self) -> Invitation | None:
        """The person's own invitation to the meeting, if any (read once)."""
        if self._invitation is _UNSET:
            self._invitation = Invitation.objects.filter(meeting=self.meeting, user_id=self.user.pk).first()
        return self._invitation

    def know_invitation(self, invitation: Invitation | None) -> None:
        """Give the person's own invitation when the caller has already read it."""
        self._invitation = invitation

    def _default_target(self, name: str) -> Invitation | None:
        if name == "invitation":
            return self.invitation
        raise ValueError(name)

    @cached_property
    def has_invitation_letter(self) -> bool:
        """The invitation letter in force (giấy mời) exists: it is issued at convening."""
        return (
            self.meeting.status != S.DRAFT
            and self.meeting.invitation_letters.filter(superseded_at__isnull=True).exists()
        )

    @cached_property
    def chair(self) -> ChairStanding:
        """Whether the chair presides, is recorded absent, or has this person acting for them
        today (read once, on first need)."""
        return chair_standing(self.meeting, self.user.pk)

    @property
    def acts_for_chair(self) -> bool:
        """A deputy acting for the chair now: the chair recorded absent from this meeting, or an
        acting period naming this deputy today (Điều 4.1); or the deputy presiding over their own
        working session with agencies, who convenes it and signs its notice for the chair
        (KT. TRƯỞNG BAN, Điều 9.2)."""
        return self._holds("act_for_chair") and (self.chair.deputy_acts or self._leads_working_session)

    @property
    def _leads_working_session(self) -> bool:
        return self.meeting.kind == Meeting.Kind.WORKING_SESSION and self.is_presiding

    # --- preparing and convening (Điều 8.1) -------------------------------------------------------

    def _prepares(self, _target: object) -> bool:
        return self._holds("prepare_meeting")

    def _editable(self, _target: object) -> str | None:
        if self.meeting.is_consultation and self.meeting.status != S.DRAFT:
            # What the members were sent stays as it was sent.
            return _("This meeting can no longer be edited.")
        return None if self.meeting.status in EDITABLE else _("This meeting can no longer be edited.")

    def _sets_invitees(self, _target: object) -> bool:
        """The presiding person decides who attends; the secretariat prepares the list."""
        return not self.is_guest_only and (self.is_presiding or self._holds("prepare_meeting"))

    def _invitees_open(self, _target: object) -> str | None:
        if self.meeting.status in EDITABLE:
            return None
        return _("You cannot change who is invited to this meeting.")

    def _convenes(self, _target: object) -> bool:
        """The chair or a deputy convenes (Điều 8.1); the support group's leader convenes its
        monthly meeting when presiding over it (Điều 8.3). They also postpone and cancel."""
        if self.is_guest_only:
            return False
        if self.meeting.kind == Meeting.Kind.SUPPORT_MONTHLY and self.is_presiding:
            return True
        if self.meeting.is_consultation and (self.is_presiding or self._holds("prepare_meeting")):
            # A written consultation is sent by whoever asks it, or the secretariat for them.
            return True
        return self._holds("convene_meeting")

    def _letter_signable(self) -> str | None:
        """A convener who would sign the invitation letter but may not sign it now (a deputy not
        acting for the chair) is told the chair does it."""
        if self.meeting.is_consultation:
            return None  # no invitation letter: the members are notified with the deadline
        if self._convenes(None) and self.convene_signature_role is None:
            return str(CHAIR_SIGNS_INVITATION)
        return None

    def _convene_allowed(self, _target: object) -> str | None:
        return transition_refusal(self.meeting, A.CONVENE) or self._letter_signable()

    def _postpone_allowed(self, _target: object) -> str | None:
        refusal = transition_refusal(self.meeting, A.POSTPONE)
        if refusal is None and self.meeting.status == S.CONVENED:  # a new letter is issued
            refusal = self._letter_signable()
        return refusal

    def _cancel_allowed(self, _target: object) -> str | None:
        return transition_refusal(self.meeting, A.CANCEL)

    @property
    def convene_signature_role(self) -> str | None:
        """How the person convening signs the invitation letter: "chair" (TRƯỞNG BAN), "acting"
        (KT. TRƯỞNG BAN, a deputy acting for the chair: Điều 4.1), "support_lead" (TL. TRƯỞNG
        BAN, the support group's leader convening its monthly meeting), or None when they may not
        sign it now."""
        if self._holds("sign_conclusions"):
            return "chair"
        if self._holds("convene_meeting") and self.acts_for_chair:
            return "acting"
        if self.meeting.kind == Meeting.Kind.SUPPORT_MONTHLY and self.is_presiding:
            return "support_lead"
        return None

    # --- invitations and answers (Điều 6.5) -----------------------------------------------------------

    def _answers(self, invitation: Invitation | None) -> bool:
        """Invitees answer their own invitation; the presiding person is not asked (they convene
        or lead the meeting, and decide the others' absences)."""
        return (
            invitation is not None
            and invitation.user_id == self.user.pk
            and invitation.user_id != self.meeting.presiding_id
        )

    def _answers_open(self, _invitation: Invitation | None) -> str | None:
        """Answers can be given and changed until the meeting starts."""
        meeting = self.meeting
        if meeting.is_consultation:
            return _("A written consultation is answered on its own page.")
        if meeting.status == S.CONVENED and timezone.now() < meeting.start_at:
            return None
        if meeting.status == S.CANCELLED:
            return _("The meeting is cancelled: no answer is needed.")
        if timezone.now() >= meeting.start_at:
            return _("The meeting has started: answers can no longer be changed.")
        return _("This invitation cannot be answered now.")

    def _presides(self, _target: object) -> bool:
        return not self.is_guest_only and self.is_presiding

    def _absences_open(self, _target: object) -> str | None:
        if self.meeting.status in EDITABLE:
            return None
        return _("Only the person presiding over the meeting decides on absences.")

    def _sees_roll(self, _target: object = None) -> bool:
        """The roll and the history: the presiding person, those who convene, the secretariat."""
        if self.is_guest_only:
            return False
        return self.is_presiding or self._holds("convene_meeting", "record_minutes")

    def _reads_opinion(self, invitation: Invitation | None) -> bool:
        return invitation is not None and (invitation.user_id == self.user.pk or self._sees_roll())

    def _opinion_filed(self, invitation: Invitation | None) -> str | None:
        return None if invitation is not None and invitation.written_opinion_file else NOTHING_YET

    def _sees_meeting(self, _target: object) -> bool:
        """The invitation letter listing every invitee: whoever sees the meeting and its papers,
        guests of the meeting included (Điều 8.2)."""
        return self.can_view

    def _letter_issued(self, _target: object) -> str | None:
        return None if self.has_invitation_letter else NOTHING_YET

    def _gets_personal_letter(self, invitation: Invitation | None) -> bool:
        """One invitee's personal letter: that invitee, or someone who prepares the meeting. The
        presiding person has none: the letter names them under "Chủ trì", not as an invitee."""
        if invitation is None or invitation.user_id == self.meeting.presiding_id:
            return False
        return invitation.user_id == self.user.pk or self._holds("prepare_meeting")

    def _hands_out_letters(self, _target: object) -> bool:
        """Those who prepare the committee's meetings hand out each invitee's personal letter."""
        return self._holds("prepare_meeting") and self._sees_roll()

    # --- attendance, minutes (Điều 4.2, 7) ------------------------------------------------------------

    def _keeps_minutes(self, _target: object) -> bool:
        return self._holds("record_minutes")

    def _attendance_open(self, _target: object) -> str | None:
        """Taken while convened, from the moment the meeting starts (a meeting is not held before
        it begins, so nothing dated from its holding can precede it); on a held meeting it
        corrects the roll."""
        meeting = self.meeting
        if meeting.is_consultation:
            return _("No one meets for a written consultation: there is no attendance.")
        if meeting.status != S.HELD:
            refusal = transition_refusal(meeting, A.HOLD)
            if refusal is not None:
                return refusal
        if self.attendance_opens_at is not None:
            return _("Attendance can be recorded from %(time)s, when the meeting starts.") % {
                "time": timezone.localtime(meeting.start_at).strftime("%H:%M %d/%m/%Y")
            }
        return None

    @property
    def attendance_opens_at(self) -> datetime.datetime | None:
        """When attendance may first be recorded, while that is still to come: the start."""
        return self.meeting.start_at if timezone.now() < self.meeting.start_at else None

    def _minutes_draftable(self, minutes: Minutes | None) -> str | None:
        if minutes is not None and minutes.locked:
            return _("Signed minutes cannot be changed; add an addendum instead.")
        if self.meeting.status not in DRAFTING_MINUTES:
            return transition_refusal(self.meeting, A.DRAFT_MINUTES)
        return None

    def _review_openable(self, minutes: Minutes | None) -> str | None:
        refusal = self._minutes_draftable(minutes)
        if refusal is None and (minutes is None or minutes.status != Minutes.Status.DRAFT):
            refusal = _("The review can only be opened on draft minutes, by the support group.")
        return refusal

    def _reads_drafts(self) -> bool:
        return self.is_presiding or self._holds("view_draft_minutes")

    def _reads_minutes(self, minutes: Minutes | None) -> bool:
        """Drafts: secretariat, presiding, chair, deputy; open for review: also participants;
        signed: every committee member and non-guest invitee."""
        if minutes is None or self.is_guest_only:
            return False
        if minutes.locked or self._reads_drafts():
            return True
        return minutes.status == Minutes.Status.IN_REVIEW and self._takes_part()

    def _takes_part(self) -> bool:
        """Invited as a participant (not as a guest)."""
        return self.invitation is not None and self.invitation.kind != Invitation.Kind.GUEST

    def _comments(self, _minutes: Minutes | None) -> bool:
        """Those who read the draft under review: participants and the readers of drafts."""
        return not self.is_guest_only and (self._reads_drafts() or self._takes_part())

    def _comments_open(self, minutes: Minutes | None) -> str | None:
        if minutes is None or not minutes.review_is_open:
            return _("Comments are not open on these minutes.")
        return None

    def _review_closable(self, minutes: Minutes | None) -> str | None:
        if minutes is None or not minutes.review_is_open:
            return _("The comment window of these minutes is not open.")
        return None

    def _comment_answerable(self, comment: MinutesComment | None) -> str | None:
        """The secretariat answers a comment until the minutes are signed."""
        if comment is None or comment.minutes.locked:
            return _("Comments are answered before the minutes are signed.")
        return None

    def _signs_minutes(self, _minutes: Minutes | None) -> bool:
        """The meeting's secretary and presiding person; a deputy for a chair who presided."""
        if self.is_guest_only:
            return False
        if self.is_secretary or self.is_presiding:
            return True
        return self._holds("act_for_chair") and self.chair.presides

    def _minutes_signable(self, minutes: Minutes | None) -> str | None:
        if minutes is None:
            return NOTHING_YET
        if minutes.addendum_to_id is None:
            refusal = transition_refusal(self.meeting, A.SIGN_MINUTES)
            if refusal is not None:
                return refusal
        if minutes.locked:
            return _("These minutes are already signed.")
        if minutes.review_is_open:
            return _(
                "The minutes are open for the participants' comments until %(date)s: they are signed "
                "once the comments close, or after the presiding person closes them early."
            ) % {"date": minutes.review_until.strftime("%d/%m/%Y") if minutes.review_until else "…"}
        if self.minutes_signature_role(minutes) is None:
            if self._waits_for_chair(minutes):
                return str(CHAIR_SIGNS_MINUTES)
            return _("You cannot sign these minutes (or you have already signed them).")
        return None

    def _waits_for_chair(self, minutes: Minutes) -> bool:
        """A deputy who would sign for the presiding chair, but the chair is not away."""
        return (
            minutes.presiding_signed_by_id is None
            and not (self.is_presiding or self.is_secretary)
            and self._holds("act_for_chair")
            and self.chair.presides
            and not self.chair.deputy_acts
        )

    def minutes_signature_role(self, minutes: Minutes) -> str | None:
        """Which signature this person may put on the minutes: "secretary", "presiding",
        "acting" (a deputy signing for a chair who presided and is away since: recorded absent,
        or an acting period naming the deputy today, Điều 4.1), or None. Whether the comment
        window still holds signatures back is the SIGN_MINUTES right's answer."""
        meeting = self.meeting
        if minutes.locked or (minutes.addendum_to_id is None and meeting.status != S.MINUTES_DRAFTED):
            return None
        if self.is_secretary and minutes.secretary_signed_by_id is None:
            return "secretary"
        if minutes.presiding_signed_by_id is None:
            if self.is_presiding:
                return "presiding"
            if self._holds("act_for_chair") and self.chair.presides and self.chair.deputy_acts:
                return "acting"
        return None

    def _addendum_open(self, minutes: Minutes | None) -> str | None:
        if minutes is not None and minutes.locked:
            return None
        return _("An addendum can only be added to signed minutes, by the support group.")

    # --- conclusions and the notice (Điều 3, 4.2) ----------------------------------------------------

    def _drafts_conclusions(self, _target: object) -> bool:
        return self._holds("draft_conclusions")

    def _conclusions_open(self, _target: object) -> str | None:
        if self.meeting.is_consultation:
            # Decided once the summary has closed the answers (no minutes).
            if self.meeting.status == S.HELD:
                return None
        elif self.meeting.status in DRAFTING_CONCLUSIONS:
            return None
        return _("Conclusions cannot be drafted for this meeting now.")

    def _signs_conclusions(self, _target: object) -> bool:
        """The chair, or a deputy for the chair."""
        return self._holds("sign_conclusions", "act_for_chair")

    def _notice_due(self, _target: object) -> str | None:
        refusal = transition_refusal(self.meeting, A.ISSUE_NOTICE)
        if (
            refusal is None
            and self._holds("act_for_chair")
            and not self._holds("sign_conclusions")
            and not self.acts_for_chair
        ):
            return str(CHAIR_SIGNS_CONCLUSIONS)
        return refusal

    @property
    def conclusions_signature_role(self) -> str | None:
        """ "chair" (TRƯỞNG BAN), "acting" (KT. TRƯỞNG BAN, a deputy acting for the chair: the
        chair recorded absent from the meeting, or an acting period naming them, Điều 4.1) or None."""
        due = S.HELD if self.meeting.is_consultation else S.MINUTES_SIGNED
        if self.meeting.status != due:
            return None
        if self._holds("sign_conclusions"):
            return "chair"
        if self.acts_for_chair:
            return "acting"
        return None

    def _reads_conclusions(self, _target: object) -> bool:
        """Issued conclusions: every committee member; drafts: those who draft or sign them,
        and the readers of draft minutes."""
        if self.is_guest_only:
            return False
        if self.meeting.status == S.NOTICE_ISSUED:
            return True
        return self._holds("draft_conclusions", "sign_conclusions", "act_for_chair", "view_draft_minutes")

    def _conclusions_shown(self, _target: object) -> str | None:
        if self.meeting.is_consultation and self.meeting.status == S.HELD:
            return None
        return None if self.meeting.status in CONCLUDING else NOTHING_YET

    # --- a written consultation (issue #13) -----------------------------------------------------------

    def _asked(self, invitation: Invitation | None) -> bool:
        """A committee member asked in the consultation (not the person asking)."""
        return (
            self.meeting.is_consultation
            and invitation is not None
            and invitation.meeting_id == self.meeting.pk
            and invitation.kind == Invitation.Kind.MEMBER
            and invitation.user_id != self.meeting.presiding_id
        )

    def _sends_answer(self, invitation: Invitation | None) -> bool:
        """The member answers, not the officer: only the member sends."""
        return self._asked(invitation) and invitation.user_id == self.user.pk

    def _prepares_answer(self, invitation: Invitation | None) -> bool:
        """The member, or a focal officer of the member's agency in the committee."""
        if not self._asked(invitation) or self.is_guest_only:
            return False
        if invitation.user_id == self.user.pk:
            return True
        return self._same_agency(invitation)

    def _same_agency(self, invitation: Invitation) -> bool:
        on = timezone.localdate()
        mine = RoleAssignment.objects.in_force(on).filter(
            committee_id=self.meeting.committee_id,
            user_id=self.user.pk,
            role=RoleAssignment.Role.FOCAL_OFFICER,
            organization__isnull=False,
        )
        return (
            RoleAssignment.objects.in_force(on)
            .filter(
                committee_id=self.meeting.committee_id,
                user_id=invitation.user_id,
                organization_id__in=mine.values("organization_id"),
            )
            .exists()
        )

    def _answers_open_now(self, invitation: Invitation | None) -> str | None:
        meeting = self.meeting
        # The consultation's row is read only for a consultation (no query for a meeting).
        consultation = meeting.consultation if meeting.is_consultation else None
        if meeting.status != S.CONVENED or consultation is None:
            return _("This consultation is not open for answers.")
        if consultation.is_past_deadline:
            return _("The deadline has passed: answers can no longer be given or changed.")
        answer = _answer_of(invitation)
        if (
            answer is not None
            and answer.is_sent
            and invitation is not None
            and self.user.pk != invitation.user_id
        ):
            return _("The member has sent this answer: only the member can change it now.")
        return None

    def _reads_every_answer(self, _target: object = None) -> bool:
        """The person asking and the secretariat read every answer as it comes; the chair and
        the deputies, who decide, too."""
        if self.is_guest_only or not self.meeting.is_consultation:
            return False
        return self.is_presiding or self._holds(
            "prepare_meeting", "record_minutes", "sign_conclusions", "act_for_chair"
        )

    def _reads_answer(self, invitation: Invitation | None) -> bool:
        if invitation is None or not self.meeting.is_consultation or self.is_guest_only:
            return False
        if self._reads_every_answer() or self._prepares_answer(invitation):
            return True
        # Another member's answer: after the deadline, or before it when the committee says so.
        consultation = self.meeting.consultation
        if not self._takes_part():
            return False
        return consultation.is_past_deadline or self.meeting.committee.consultation_answers_visible

    def _compiles(self, _target: object) -> bool:
        return self.meeting.is_consultation and self._holds("record_minutes")

    def _compile_open(self, _target: object) -> str | None:
        meeting = self.meeting
        if not meeting.is_consultation:
            return NOTHING_YET
        consultation = meeting.consultation
        if meeting.status == S.HELD:
            return None  # the summary stays editable until the decision
        if meeting.status != S.CONVENED:
            return _("The summary is compiled after the deadline, before the decision.")
        if not consultation.is_past_deadline:
            return _("The summary is compiled once the deadline has passed (%(time)s).") % {
                "time": timezone.localtime(consultation.deadline).strftime("%H:%M %d/%m/%Y")
            }
        return None

    def _reads_notice(self, _target: object) -> bool:
        """The issued notice: every committee member."""
        return not self.is_guest_only and self.meeting.status == S.NOTICE_ISSUED

    # --- the table ------------------------------------------------------------------------------------

    RULES: ClassVar[dict[str, Rule]] = {
        Right.EDIT: Rule(_prepares, _editable, gettext_lazy("This meeting can no longer be edited.")),
        Right.SET_INVITEES: Rule(
            _sets_invitees, _invitees_open, gettext_lazy("You cannot change who is invited to this meeting.")
        ),
        Right.CONVENE: Rule(
            _convenes,
            _convene_allowed,
            gettext_lazy(
                "Only the chair or a deputy chair convenes a meeting (the support group leader, its monthly meeting)."
            ),
        ),
        Right.POSTPONE: Rule(
            _convenes,
            _postpone_allowed,
            gettext_lazy(
                "Only the chair or a deputy chair postpones a meeting (the support group leader, its monthly meeting)."
            ),
        ),
        Right.CANCEL: Rule(
            _convenes,
            _cancel_allowed,
            gettext_lazy(
                "Only the chair or a deputy chair cancels a meeting (the support group leader, its monthly meeting)."
            ),
        ),
        Right.ANSWER: Rule(
            _answers, _answers_open, gettext_lazy("This invitation cannot be answered now."), "invitation"
        ),
        Right.DECIDE_ABSENCE: Rule(
            _presides,
            _absences_open,
            gettext_lazy("Only the person presiding over the meeting decides on absences."),
        ),
        Right.VIEW_ROLL: Rule(_sees_roll),
        Right.VIEW_HISTORY: Rule(_sees_roll),
        Right.RECORD_ATTENDANCE: Rule(
            _keeps_minutes, _attendance_open, gettext_lazy("Only the support group records attendance.")
        ),
        Right.VIEW_MINUTES: Rule(_reads_minutes),
        Right.DRAFT_MINUTES: Rule(
            _keeps_minutes, _minutes_draftable, gettext_lazy("Only the support group drafts the minutes.")
        ),
        Right.OPEN_REVIEW: Rule(
            _keeps_minutes,
            _review_openable,
            gettext_lazy("The review can only be opened on draft minutes, by the support group."),
        ),
        Right.COMMENT_MINUTES: Rule(
            _comments, _comments_open, gettext_lazy("Comments are not open on these minutes.")
        ),
        Right.CLOSE_REVIEW: Rule(
            _presides,
            _review_closable,
            gettext_lazy("Only the person presiding over the meeting closes the comments early."),
        ),
        Right.ANSWER_COMMENT: Rule(
            _keeps_minutes,
            _comment_answerable,
            gettext_lazy("Only the support group answers the comments on the minutes."),
        ),
        Right.SIGN_MINUTES: Rule(
            _signs_minutes,
            _minutes_signable,
            gettext_lazy("You cannot sign these minutes (or you have already signed them)."),
        ),
        Right.ADD_ADDENDUM: Rule(
            _keeps_minutes,
            _addendum_open,
            gettext_lazy("An addendum can only be added to signed minutes, by the support group."),
        ),
        Right.DRAFT_CONCLUSIONS: Rule(
            _drafts_conclusions,
            _conclusions_open,
            gettext_lazy("Conclusions cannot be drafted for this meeting now."),
        ),
        Right.SIGN_CONCLUSIONS: Rule(
            _signs_conclusions,
            _notice_due,
            gettext_lazy("Only the chair, or a deputy acting for the chair, signs the conclusions."),
        ),
        Right.VIEW_CONCLUSIONS: Rule(_reads_conclusions, _conclusions_shown),
        Right.VIEW_NOTICE: Rule(_reads_notice),
        Right.VIEW_WRITTEN_OPINION: Rule(_reads_opinion, _opinion_filed, None, "invitation"),
        Right.DOWNLOAD_INVITATION: Rule(_sees_meeting, _letter_issued),
        Right.DOWNLOAD_PERSONAL_INVITATION: Rule(_gets_personal_letter, _letter_issued, None, "invitation"),
        Right.HAND_OUT_INVITATIONS: Rule(_hands_out_letters, _letter_issued),
        Right.CONSULT_SEND_ANSWER: Rule(
            _sends_answer,
            _answers_open_now,
            gettext_lazy("Only the member asked sends their answer."),
            "invitation",
        ),
        Right.CONSULT_PREPARE_ANSWER: Rule(
            _prepares_answer,
            _answers_open_now,
            gettext_lazy(
                "Only the member asked, or a focal officer of the member's agency, prepares the answer."
            ),
            "invitation",
        ),
        Right.CONSULT_READ_ANSWER: Rule(_reads_answer, None, None, "invitation"),
        Right.CONSULT_READ_ANSWERS: Rule(_reads_every_answer),
        Right.CONSULT_COMPILE: Rule(
            _compiles, _compile_open, gettext_lazy("Only the support group compiles the summary.")
        ),
    }

    # --- questions that are not a right's ------------------------------------------------------------

    def can_view_minutes(self, minutes: Minutes) -> bool:
        return self.can(Right.VIEW_MINUTES, minutes)

    def page_flags(self, *, minutes: Minutes | None = None) -> dict[str, bool]:
        """The meeting page's `can_*` flags (MEETING_PAGE_FLAGS), `minutes` being the main
        minutes the page shows (None before they are started)."""
        flags = {"is_guest_only": self.is_guest_only}
        for name, right in MEETING_PAGE_FLAGS.items():
            flags[name] = self.can(right, minutes if right in _MINUTES_RIGHTS else None)
        return flags


def _answer_of(invitation: Invitation | None) -> ConsultationAnswer | None:
    if invitation is None:
        return None
    try:
        return invitation.consultation_answer
    except ConsultationAnswer.DoesNotExist:
        return None


def can_view_minutes(user: User, meeting: Meeting, minutes: Minutes) -> bool:
    """Whether the person may read these minutes (for the apps that serve them as documents)."""
    return MeetingAccess(user, meeting).can_view_minutes(minutes)
