"""The demo's directives (demo/story/directives/, run by seed_demo): the signed notices' and a few
ad-hoc directives in every status and timeliness, followed up through the services as the people
allowed to act — progress with evidence, contributions, reports on time and late, a return, two
extensions and a refusal, urgings (one by the portal itself), a cancellation — with work waiting
for `focal`, `member` and the chair, a timeline in time order, and a second run that writes nothing.

Seeded once for the module on the same pinned clock as test_story.py (late November 2026), inside
a transaction rolled back at the end; the other-day tests run first, on their own data.
"""

from __future__ import annotations

import datetime
import zoneinfo
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from members.models import Notification, Organization, User
from tasks.models import Directive, DirectiveEvent, Evidence, ExtensionRequest, Timeliness
from tasks.selectors import directives_with_timeliness, my_work

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=VN)  # test_story.py's day, late in quarter IV
EGOV = "BCĐCQĐT"
S = Directive.Status
K = DirectiveEvent.Kind

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("directives_demo")]


def _seed(now: datetime.datetime) -> None:
    with mock.patch("django.utils.timezone.now", return_value=now):
        call_command("seed_demo", force=True, verbosity=0)


def _timeliness(now: datetime.datetime) -> dict[int, str]:
    with mock.patch("django.utils.timezone.now", return_value=now):
        rows = directives_with_timeliness(Directive.objects.filter(committee__short_code=EGOV))
        return {d.pk: d.timeliness for d in rows}


def _assert_timelines_in_order(now: datetime.datetime) -> None:
    for directive in Directive.objects.prefetch_related("events"):
        events = list(directive.events.order_by("pk"))
        assert events[0].kind == K.CREATED, directive
        moments = [e.at for e in events]
        assert moments == sorted(moments), directive
        assert directive.created_at <= moments[0] and moments[-1] < now, directive


@pytest.mark.parametrize(
    "today",
    [
        pytest.param(datetime.datetime(2026, 10, 1, 9, 0, tzinfo=VN), id="first-day-of-a-quarter"),
        pytest.param(datetime.datetime(2027, 3, 31, 17, 30, tzinfo=VN), id="last-day-of-a-quarter"),
    ],
)
def test_demo_directives_keep_every_status_and_timeliness_on_another_day(today, settings, tmp_path):
    """The follow-up moves with the calendar: on the first and the last day of a quarter it still
    shows every status and timeliness, and no step lands after the clock's present."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    _seed(today)
    egov = Directive.objects.filter(committee__short_code=EGOV)
    assert set(egov.values_list("status", flat=True)) == set(S.values)
    assert set(_timeliness(today).values()) == set(Timeliness.values)
    _assert_timelines_in_order(today)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for this module; yields the private media root."""
    root = tmp_path_factory.mktemp("private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=root), transaction.atomic():
        _seed(TODAY)
        yield root
        transaction.set_rollback(True)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _egov() -> list[Directive]:
    return list(Directive.objects.filter(committee__short_code=EGOV).select_related("lead_organization"))


def test_demo_directives_show_every_status_and_every_timeliness(demo):
    assert {d.status for d in _egov()} == set(S.values)
    assert set(_timeliness(TODAY).values()) == set(Timeliness.values)


def test_demo_signed_notices_gave_directives_to_several_agencies_with_coordinating_ones(demo):
    from_notices = [d for d in _egov() if d.source == Directive.Source.CONCLUSION]
    assert len(from_notices) >= 10
    assert len({d.lead_organization_id for d in from_notices}) >= 6
    # 04/TB: the chair's working session with Sở Y tế (Điều 9.2); 05/TB: the decision on the
    # written consultation about next year's plan.
    assert {d.notice.number for d in from_notices} == {1, 2, 3, 4, 5}
    coordinated = [d for d in from_notices if d.coordinating_organizations.exists()]
    assert len(coordinated) >= 5
    # Each contribution is written for one of the directive's coordinating agencies, never the lead.
    contributions = DirectiveEvent.objects.filter(kind=K.CONTRIBUTION).select_related("directive")
    assert contributions.count() >= 8
    for event in contributions:
        assert event.organization in event.directive.coordinating_organizations.all(), event
        assert event.actor.organization_id == event.organization_id, event


def test_demo_progress_comes_with_percentages_and_pdf_evidence(demo):
    progress = DirectiveEvent.objects.filter(kind=K.PROGRESS)
    assert progress.count() >= 15 and not progress.filter(percent__isnull=True).exists()
    evidence = list(Evidence.objects.select_related("event"))
    assert len(evidence) >= 10
    assert {e.event.kind for e in evidence} >= {K.PROGRESS, K.CONTRIBUTION, K.REPORTED_DONE}
    for item in evidence:
        path = demo / item.file.name
        assert path.read_bytes().startswith(b"%PDF-") and item.size == path.stat().st_size
        assert item.content_type == "application/pdf" and item.uploaded_at < TODAY


def test_demo_directive_extended_twice_is_done_on_time_against_its_new_deadline(demo):
    extended = Directive.objects.get(extension_count=2)
    requests = list(extended.extension_requests.order_by("requested_at"))
    assert [r.status for r in requests] == [ExtensionRequest.Status.APPROVED] * 2
    assert requests[0].current_deadline == extended.original_deadline
    assert requests[1].proposed_deadline == extended.deadline > extended.original_deadline
    # Reported after the first deadline, before the one in force: done on time.
    assert extended.original_deadline < extended.reported_done_on <= extended.deadline
    assert extended.status == S.ACCEPTED
    assert _timeliness(TODAY)[extended.pk] == Timeliness.DONE_ON_TIME


def test_demo_refused_extension_says_why_and_leaves_the_work_overdue(demo):
    refused = ExtensionRequest.objects.select_related("directive", "decided_by").get(
        status=ExtensionRequest.Status.REFUSED
    )
    assert refused.decision_note and refused.decided_by == _user("chair")
    directive = refused.directive
    assert directive.deadline == directive.original_deadline and directive.is_open
    assert _timeliness(TODAY)[directive.pk] == Timeliness.OVERDUE


def test_demo_returned_directive_was_completed_reported_again_and_accepted_late(demo):
    returned = Directive.objects.get(times_returned__gte=1)
    kinds = list(returned.events.values_list("kind", flat=True))
    back = kinds.index(K.RETURNED)
    assert kinds[back - 2 : back] == [K.REPORTED_DONE, K.ACCEPTANCE_PROPOSED]
    assert K.REPORTED_DONE in kinds[back:] and kinds[-1] == K.ACCEPTED
    assert returned.events.get(kind=K.RETURNED).text.strip()
    assert returned.closed_by == _user("chair")
    assert _timeliness(TODAY)[returned.pk] == Timeliness.DONE_LATE


def test_demo_work_is_accepted_mostly_by_the_chair_some_done_late(demo):
    accepted = [d for d in _egov() if d.status == S.ACCEPTED]
    by_chair = [d for d in accepted if d.closed_by_id == _user("chair").pk]
    assert len(by_chair) > len(accepted) / 2
    assert {d.closed_by.username for d in accepted} >= {"chair", "deputy", "standing"}
    late = [pk for pk, t in _timeliness(TODAY).items() if t == Timeliness.DONE_LATE]
    assert len(late) >= 2
    proposed = DirectiveEvent.objects.filter(kind=K.ACCEPTANCE_PROPOSED).select_related("actor")
    assert {e.actor.username for e in proposed} <= {"secretary", "secretary2", "secretary_lead"}


def test_demo_urged_directives_are_logged_one_urging_by_the_portal_itself(demo):
    urged = DirectiveEvent.objects.filter(kind=K.URGED).select_related("directive", "actor")
    automatic = [e for e in urged if e.automatic]
    assert automatic and all(e.actor is None for e in automatic)
    assert {e.actor.username for e in urged if not e.automatic} >= {"secretary", "standing"}
    times = _timeliness(TODAY)
    for directive in {e.directive for e in urged}:
        assert directive.is_open
        assert directive.last_urged_at == directive.events.filter(kind=K.URGED).last().at
    assert any(times[e.directive_id] == Timeliness.OVERDUE for e in urged)
    never_started = [d for d in _egov() if d.status == S.ASSIGNED and times[d.pk] == Timeliness.OVERDUE]
    assert never_started and never_started[0].events.filter(kind=K.URGED).count() >= 2


def test_demo_cancelled_directive_was_cancelled_by_the_chair_with_the_reason(demo):
    cancelled = Directive.objects.get(status=S.CANCELLED)
    event = cancelled.events.get(kind=K.CANCELLED)
    assert event.actor == cancelled.closed_by == _user("chair") and event.text.strip()


def test_demo_ad_hoc_directives_carry_the_document_that_gave_them(demo):
    ad_hoc = Directive.objects.filter(source=Directive.Source.AD_HOC)
    assert ad_hoc.count() >= 2
    for directive in ad_hoc:
        assert directive.reference_number and directive.reference_date <= directive.created_at.date()
        assert directive.created_by.username in ("chair", "secretary", "standing")


@pytest.mark.parametrize("username", ["focal", "member"])
def test_demo_focal_and_member_have_their_agencys_overdue_and_soon_due_work_waiting(demo, username):
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        work = my_work(_user(username))
    groups = dict(work["groups"])
    assert groups[Timeliness.OVERDUE] and groups[Timeliness.DUE_SOON]
    skhdt = Organization.objects.get(short_code="SKHDT")
    assert all(d.lead_organization_id == skhdt.pk and d.is_open for d in groups[Timeliness.DUE_SOON])


def test_demo_chair_has_an_acceptance_waiting(demo):
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        waiting = my_work(_user("chair"))["waiting"]
    assert any(d.acceptance_proposed_at is not None for d in waiting)
    assert all(d.status == S.REPORTED_DONE for d in waiting)


def test_demo_directive_timelines_are_in_time_order_and_never_after_the_clocks_now(demo):
    _assert_timelines_in_order(TODAY)
    assert not DirectiveEvent.objects.filter(at__gte=TODAY).exists()
    assert not ExtensionRequest.objects.filter(requested_at__gte=TODAY).exists()
    # Every acceptance follows the report it accepts, every report the directive's creation.
    for directive in Directive.objects.filter(status=S.ACCEPTED):
        report = directive.events.filter(kind=K.REPORTED_DONE).last()
        assert directive.created_at < report.at < directive.closed_at < TODAY


def _counts() -> dict[str, int]:
    models = [Directive, DirectiveEvent, Evidence, ExtensionRequest]
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"history:{m.__name__}": m.history.count() for m in (Directive, ExtensionRequest)})
    counts["Notification"] = Notification.objects.count()
    return counts


def test_seed_demo_twice_creates_no_directive_records(demo):
    before = _counts()
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=TODAY + datetime.timedelta(days=1)):
        call_command("seed_demo", force=True, verbosity=1, stdout=out)
    assert _counts() == before
    assert "Demo directives: already in place" in out.getvalue()
