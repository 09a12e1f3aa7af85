"""The meeting lifecycle as one table: every (state × action) pair of Meeting.Status ×
Meeting.Action, performed through its service by a person who is allowed to act. Allowed moves
(Meeting.TRANSITIONS) land on the table's target; every other pair is refused with a MeetingError
that names the meeting's state, and leaves the state in the database as it was."""

import itertools

import pytest

from meetings.models import Meeting, MeetingError

S = Meeting.Status
A = Meeting.Action
pytestmark = pytest.mark.django_db

KNOWN_BUGS: dict = {}

# Recording attendance on a held meeting corrects the roll: it is allowed (permissions.
# can_record_attendance) and moves nothing, so "hold" on "held" is not a refusal.
CORRECTION = {(S.HELD, A.HOLD)}


def _cases():
    for status, action in itertools.product(S.values, A.values):
        bug = KNOWN_BUGS.get((status, action))
        yield pytest.param(status, action, marks=(bug,) if bug else (), id=f"{status}-{action}")


def test_transitions_table_has_an_entry_for_every_status():
    assert set(Meeting.TRANSITIONS) == set(S.values)


def test_transitions_table_targets_are_statuses_and_keys_are_actions():
    for status, moves in Meeting.TRANSITIONS.items():
        assert set(moves) <= set(A.values), status
        assert set(moves.values()) <= set(S.values), status


def test_transition_parametrisation_covers_every_state_and_action_pair():
    assert len(list(_cases())) == len(S.values) * len(A.values) == 49


@pytest.mark.parametrize(("status", "action"), list(_cases()))
def test_meeting_action_follows_the_transitions_table_when_performed_in_each_state(
    meeting_cast, status, action
):
    meeting = meeting_cast.meeting_in(status)
    target = Meeting.TRANSITIONS[status].get(action)

    if target is not None:
        meeting_cast.do(meeting, action)
        meeting.refresh_from_db()
        assert meeting.status == target
    elif (status, action) in CORRECTION:
        meeting_cast.do(meeting, action)
        meeting.refresh_from_db()
        assert meeting.status == status
    else:
        with pytest.raises(MeetingError) as exc:
            meeting_cast.do(meeting, action)
        assert str(S(status).label) in exc.value.message
        meeting.refresh_from_db()
        assert meeting.status == status
