"""Directive.TRANSITIONS × every status: each move's service, called by a person allowed to make it,
succeeds exactly where the table allows it and refuses with DirectiveError (the state's message)
everywhere else; each service refuses people whose role never allows it with PermissionDenied."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tasks import services
from tasks.models import Directive, DirectiveError, DirectiveEvent
from tests.tasks.conftest import evidence_pdf, in_days

S = Directive.Status
A = Directive.Action

#: action → (who may, the service call).
MOVES = {
    A.START: ("focal", lambda c, d, who: services.directive_start(directive=d, actor=who)),
    A.REPORT_DONE: (
        "focal",
        lambda c, d, who: services.directive_report_done(
            directive=d, actor=who, summary="Xong", files=[evidence_pdf()]
        ),
    ),
    A.PROPOSE_ACCEPTANCE: (
        "secretary",
        lambda c, d, who: services.acceptance_propose(directive=d, actor=who),
    ),
    A.ACCEPT: ("chair", lambda c, d, who: services.directive_accept(directive=d, actor=who)),
    A.RETURN: (
        "chair",
        lambda c, d, who: services.directive_return(directive=d, actor=who, reason="Thiếu số liệu"),
    ),
    A.CANCEL: (
        "chair",
        lambda c, d, who: services.directive_cancel(directive=d, actor=who, reason="Không còn phù hợp"),
    ),
}

#: action → the cast who may make it (the matrix of docs/domain.md).
MAY = {
    A.START: {"member", "focal"},
    A.REPORT_DONE: {"member", "focal"},
    A.PROPOSE_ACCEPTANCE: {"secretary"},
    A.ACCEPT: {"chair", "deputy", "standing"},
    A.RETURN: {"chair", "deputy", "standing"},
    A.CANCEL: {"chair", "deputy"},
}
PEOPLE = ["chair", "deputy", "standing", "member", "member_b", "secretary", "focal"]


def test_every_action_has_a_service_and_a_row():
    assert set(MOVES) == set(A) == set(MAY)
    assert set(Directive.TRANSITIONS) == set(S)


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(A))
def test_each_move_from_each_status(task_cast, status, action):
    directive = task_cast.directive_in(status)
    who_name, call = MOVES[action]
    who = getattr(task_cast, who_name)
    allowed = Directive.TRANSITIONS[status].get(action)
    events_before = directive.events.count()
    if allowed is None:
        with pytest.raises(DirectiveError):
            call(task_cast, directive, who)
        directive.refresh_from_db()
        assert directive.status == status
        assert directive.events.count() == events_before
    else:
        call(task_cast, directive, who)
        directive.refresh_from_db()
        assert directive.status == allowed
        last = directive.events.order_by("-pk").first()
        assert last.actor == who
        assert directive.history.first().history_user == who


@pytest.mark.parametrize("action", list(A))
def test_each_move_refuses_people_whose_role_never_allows_it(task_cast, action):
    """From a status where the move is allowed, everyone outside MAY gets PermissionDenied."""
    start = next(status for status, moves in Directive.TRANSITIONS.items() if action in moves)
    _who, call = MOVES[action]
    for name in PEOPLE:
        directive = task_cast.directive_in(start)
        person = getattr(task_cast, name)
        if name in MAY[action]:
            call(task_cast, directive, person)
        else:
            with pytest.raises(PermissionDenied):
                call(task_cast, directive, person)
            assert Directive.objects.get(pk=directive.pk).status == start


POSTINGS = {
    "progress": lambda c, d: services.progress_post(directive=d, actor=c.focal, text="Tiến độ", percent=50),
    "contribution": lambda c, d: services.contribution_add(directive=d, actor=c.member_b, text="Phối hợp"),
    "extension": lambda c, d: services.extension_request(
        directive=d, actor=c.focal, proposed_deadline=in_days(60), reason="Chờ kinh phí"
    ),
    "urge": lambda c, d: services.directive_urge(directive=d, actor=c.secretary),
    "urge_automatic": lambda c, d: services.directive_urge(directive=d, actor=None),
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("posting", list(POSTINGS))
def test_postings_only_on_open_work(task_cast, status, posting):
    """Progress, contributions, extension requests and urging are for open work only."""
    directive = task_cast.ad_hoc(coordinating_organizations=[task_cast.org_b])
    directive = task_cast.to_status(directive, status)
    if status in Directive.OPEN_STATUSES:
        POSTINGS[posting](task_cast, directive)
        assert directive.events.filter(
            kind__in=[
                DirectiveEvent.Kind.PROGRESS,
                DirectiveEvent.Kind.CONTRIBUTION,
                DirectiveEvent.Kind.EXTENSION_REQUESTED,
                DirectiveEvent.Kind.URGED,
            ]
        ).exists()
    else:
        with pytest.raises(DirectiveError):
            POSTINGS[posting](task_cast, directive)
