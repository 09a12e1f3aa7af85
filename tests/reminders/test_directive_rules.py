"""Rules 6 and 8 (Điều 3.1, 5.1, 7.6): directives 7 days and 1 day before the deadline and on it,
then urged each week while overdue (logged on the directive); extensions and acceptance
proposals waiting 3 working days; no approved work plan by 31 January."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from members.models import Notification, ReminderOccurrence
from tasks import services
from tasks.models import Directive, DirectiveEvent, WorkPlan

from .conftest import at, fired, notified, sweep

D = datetime.date
DEADLINE = D(2027, 3, 15)  # a Monday
LEAD = {"member", "focal"}  # org_a's member and focal officer


@pytest.fixture
def directive(rc) -> Directive:
    """An ad-hoc directive given on Monday 01/03/2027 to org_a, due Monday 15/03/2027."""
    with time_machine.travel(at(2027, 3, 1), tick=False):
        return rc.ad_hoc(deadline=DEADLINE)


def _key(directive, stage, deadline=DEADLINE):
    return f"tasks.deadline:directive={directive.pk}:{deadline:%Y-%m-%d}:{stage}"


def test_deadline_reminder_goes_to_the_lead_agency_seven_days_before(rc, directive):
    assert fired(sweep(at(2027, 3, 7, 23, 0), "tasks.deadlines")) == {}

    reports = sweep(at(2027, 3, 8, 8, 0), "tasks.deadlines")

    assert fired(reports) == {_key(directive, "7d"): LEAD}
    note = Notification.objects.get(user=rc.focal, kind="tasks.reminder_due_soon")
    assert "15/03/2027" in str(note) and note.url == directive.get_absolute_url()
    assert fired(sweep(at(2027, 3, 12), "tasks.deadlines")) == {}


def test_deadline_reminders_the_day_before_and_on_the_day_each_once(rc, directive):
    sweep(at(2027, 3, 8), "tasks.deadlines")
    assert fired(sweep(at(2027, 3, 14, 9, 0), "tasks.deadlines")) == {_key(directive, "1d"): LEAD}
    assert fired(sweep(at(2027, 3, 14, 9, 15), "tasks.deadlines")) == {}
    assert fired(sweep(at(2027, 3, 15, 0, 5), "tasks.deadlines")) == {_key(directive, "today"): LEAD}
    assert fired(sweep(at(2027, 3, 15, 17, 0), "tasks.deadlines")) == {}
    assert notified("tasks.reminder_due_today") == {_key(directive, "today"): LEAD}


def test_deadline_reminder_seven_days_before_is_skipped_for_a_directive_given_later(rc):
    with time_machine.travel(at(2027, 3, 11), tick=False):
        late = rc.ad_hoc(deadline=DEADLINE)
    assert fired(sweep(at(2027, 3, 12), "tasks.deadlines")) == {}
    assert fired(sweep(at(2027, 3, 14), "tasks.deadlines")) == {_key(late, "1d"): LEAD}


def test_deadline_reminders_stop_when_the_work_is_reported_done(rc, directive):
    with time_machine.travel(at(2027, 3, 10), tick=False):
        rc.to_status(directive, Directive.Status.REPORTED_DONE)
    assert fired(sweep(at(2027, 3, 14), "tasks.deadlines")) == {}


def test_deadline_reminders_start_again_after_an_extension(rc, directive):
    sweep(at(2027, 3, 8), "tasks.deadlines")
    new_deadline = D(2027, 4, 15)
    with time_machine.travel(at(2027, 3, 9), tick=False):
        request = services.extension_request(
            directive=directive, actor=rc.member, proposed_deadline=new_deadline, reason="Chờ số liệu"
        )
        services.extension_decide(request=request, actor=rc.chair, approve=True)
    assert fired(sweep(at(2027, 3, 14), "tasks.deadlines")) == {}
    assert fired(sweep(at(2027, 4, 8), "tasks.deadlines")) == {_key(directive, "7d", new_deadline): LEAD}


def test_overdue_directive_is_urged_a_week_after_the_deadline_and_logged_on_it(rc, directive):
    assert fired(sweep(at(2027, 3, 21, 23, 0), "tasks.overdue")) == {}

    reports = sweep(at(2027, 3, 22, 8, 0), "tasks.overdue")

    key = f"tasks.overdue:directive={directive.pk}:2027-03-15:week=1"
    assert fired(reports) == {key: LEAD}
    urged = DirectiveEvent.objects.get(directive=directive, kind=DirectiveEvent.Kind.URGED)
    assert urged.automatic and urged.actor is None
    assert timezone.localdate(urged.at) == D(2027, 3, 22)
    assert (
        set(Notification.objects.filter(kind="tasks.urged").values_list("user__username", flat=True)) == LEAD
    )
    assert Directive.objects.get(pk=directive.pk).last_urged_at == urged.at


def test_overdue_directive_is_urged_once_a_week_however_often_the_sweep_runs(rc, directive):
    for day in (22, 23, 26, 28):
        sweep(at(2027, 3, day), "tasks.overdue")
    assert DirectiveEvent.objects.filter(directive=directive, kind=DirectiveEvent.Kind.URGED).count() == 1
    sweep(at(2027, 3, 29), "tasks.overdue")
    sweep(at(2027, 3, 29, 18, 0), "tasks.overdue")
    assert DirectiveEvent.objects.filter(directive=directive, kind=DirectiveEvent.Kind.URGED).count() == 2
    assert ReminderOccurrence.objects.filter(key__endswith=":week=2").exists()


def test_overdue_urging_after_weeks_of_downtime_urges_once_for_the_current_week(rc, directive):
    sweep(at(2027, 4, 20), "tasks.overdue")  # 36 days overdue
    assert DirectiveEvent.objects.filter(directive=directive, kind=DirectiveEvent.Kind.URGED).count() == 1
    assert ReminderOccurrence.objects.get(rule="tasks.overdue").key.endswith(":week=5")


def test_overdue_urging_stops_when_the_directive_is_cancelled(rc, directive):
    with time_machine.travel(at(2027, 3, 20), tick=False):
        rc.to_status(directive, Directive.Status.CANCELLED)
    assert fired(sweep(at(2027, 3, 22), "tasks.overdue")) == {}


# --- decisions waiting 3 working days -----------------------------------------------------------


def test_extension_request_waiting_three_working_days_reminds_the_chair_and_deputies(rc, directive):
    with time_machine.travel(at(2027, 3, 2, 10, 0), tick=False):  # Tuesday
        request = services.extension_request(
            directive=directive, actor=rc.focal, proposed_deadline=D(2027, 4, 30), reason="Chờ số liệu"
        )
    assert fired(sweep(at(2027, 3, 4, 17, 0), "tasks.extensions")) == {}

    reports = sweep(at(2027, 3, 5, 8, 0), "tasks.extensions")  # Wed 3, Thu 4, Fri 5

    assert fired(reports) == {f"tasks.extension:request={request.pk}": {"chair", "deputy"}}
    note = Notification.objects.get(user=rc.deputy, kind="tasks.reminder_extension_pending")
    assert "30/04/2027" in str(note) and "02/03/2027" in str(note)
    assert fired(sweep(at(2027, 3, 8), "tasks.extensions")) == {}


def test_extension_reminder_includes_the_standing_member_where_the_committee_says_so(rc, directive):
    rc.committee.standing_member_decides_extensions = True
    rc.committee.save()
    with time_machine.travel(at(2027, 3, 2), tick=False):
        services.extension_request(
            directive=directive, actor=rc.focal, proposed_deadline=D(2027, 4, 30), reason="Chờ số liệu"
        )
    reports = sweep(at(2027, 3, 5), "tasks.extensions")
    assert list(fired(reports).values()) == [{"chair", "deputy", "standing"}]


def test_extension_reminder_is_not_sent_once_decided(rc, directive):
    with time_machine.travel(at(2027, 3, 2), tick=False):
        request = services.extension_request(
            directive=directive, actor=rc.focal, proposed_deadline=D(2027, 4, 30), reason="Chờ số liệu"
        )
        services.extension_decide(request=request, actor=rc.chair, approve=False, note="Không đủ lý do")
    assert fired(sweep(at(2027, 3, 5), "tasks.extensions")) == {}


def test_acceptance_proposal_waiting_three_working_days_reminds_whoever_accepts(rc, directive):
    with time_machine.travel(at(2027, 3, 2, 10, 0), tick=False):
        rc.to_status(directive, Directive.Status.REPORTED_DONE)
        services.acceptance_propose(directive=directive, actor=rc.secretary)
    assert fired(sweep(at(2027, 3, 4, 23, 0), "tasks.acceptance")) == {}

    reports = sweep(at(2027, 3, 5, 8, 0), "tasks.acceptance")

    assert list(fired(reports).values()) == [{"chair", "deputy", "standing"}]
    note = Notification.objects.get(user=rc.standing, kind="tasks.reminder_acceptance_pending")
    assert "02/03/2027" in str(note)
    with time_machine.travel(at(2027, 3, 5, 9, 0), tick=False):
        services.directive_accept(directive=directive, actor=rc.chair)
    assert fired(sweep(at(2027, 3, 8), "tasks.acceptance")) == {}


def test_reported_work_not_yet_proposed_for_acceptance_is_not_reminded(rc, directive):
    with time_machine.travel(at(2027, 3, 2), tick=False):
        rc.to_status(directive, Directive.Status.REPORTED_DONE)
    assert fired(sweep(at(2027, 3, 10), "tasks.acceptance")) == {}


# --- rule 8: the year's work plan ---------------------------------------------------------------


def test_work_plan_reminder_after_31_january_to_the_standing_member_and_the_chair(rc):
    assert fired(sweep(at(2027, 1, 31, 20, 0), "tasks.work_plan")) == {}  # a Sunday: still "by 31 January"

    reports = sweep(at(2027, 2, 1, 8, 0), "tasks.work_plan")

    key = f"tasks.work_plan:committee={rc.committee.pk}:2027"
    assert fired(reports)[key] == {"standing", "chair"}
    note = Notification.objects.get(user=rc.standing, kind="tasks.reminder_work_plan_missing")
    assert "2027" in str(note) and "31/01/2027" in str(note)
    assert note.url.endswith(f"/committees/{rc.committee.pk}/plans/")
    assert fired(sweep(at(2027, 6, 1), "tasks.work_plan")) == {}  # once a year


def test_work_plan_reminder_is_not_sent_when_the_years_plan_is_approved(rc):
    WorkPlan.objects.create(
        committee=rc.committee,
        kind=WorkPlan.Kind.WORK,
        year=2027,
        title="Kế hoạch công tác năm 2027",
        status=WorkPlan.Status.APPROVED,
        number=1,
        number_year=2027,
        approved_by=rc.chair,
        approved_at=at(2027, 1, 20),
        created_by=rc.secretary,
    )
    WorkPlan.objects.create(
        committee=rc.committee,
        kind=WorkPlan.Kind.INSPECTION,
        year=2027,
        title="Kế hoạch kiểm tra",
        created_by=rc.secretary,
    )
    reports = sweep(at(2027, 2, 1), "tasks.work_plan")
    assert f"tasks.work_plan:committee={rc.committee.pk}:2027" not in fired(reports)


def test_work_plan_reminder_counts_a_draft_plan_as_missing(rc):
    WorkPlan.objects.create(
        committee=rc.committee, kind=WorkPlan.Kind.WORK, year=2027, title="Dự thảo", created_by=rc.secretary
    )
    reports = sweep(at(2027, 2, 1), "tasks.work_plan")
    assert f"tasks.work_plan:committee={rc.committee.pk}:2027" in fired(reports)
