"""The dashboard and the register within a fixed query budget (the reports issue, acceptance 5):
the same number of queries with one quarter of meetings and 20 directives as with eight quarters
and 2,000 directives (rows made in bulk). Timings are measured by scripts/bench_dashboard.py, never
asserted here."""

from __future__ import annotations

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Invitation, Meeting
from reports.dashboard import last_quarters
from tasks import services as task_services
from tasks.models import Directive

S = Directive.Status
MS = Meeting.Status

#: Queries of one dashboard request (session, user, roles, the compliance checks, the waiting
#: lists, the meetings, the scoreboard, the trends, the navigation): 27 for the chair on
#: 2026-12-01, with room for a check or a waiting list more. It must not grow with the rows.
DASHBOARD_BUDGET = 35
REGISTER_BUDGET = 16


def add_meetings(task_cast, quarters: int) -> None:
    """Copies of a meeting whose conclusions are issued (its invitations too, half present), two
    per quarter over the last `quarters` quarters."""
    model = task_cast.meeting_in(MS.NOTICE_ISSUED)
    invitations = list(model.invitations.all())
    today = timezone.localdate()
    copies = []
    for index, period in enumerate(last_quarters(today, quarters)):
        for extra in range(2):
            day = min(period.start + datetime.timedelta(days=20 + 30 * extra), today)
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
            copy = Meeting.objects.get(pk=model.pk)
            copy.pk = None
            copy.sequence = 1000 + 2 * index + extra + 100 * quarters
            copy.year = day.year
            copy.start_at, copy.end_at = start, start + datetime.timedelta(hours=2)
            copies.append(copy)
    made = Meeting.objects.bulk_create(copies)
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            user_id=invitation.user_id,
            kind=invitation.kind,
            response=Invitation.Response.ATTEND,
            attendance=Invitation.Attendance.PRESENT if n % 2 else Invitation.Attendance.ABSENT_APPROVED,
        )
        for meeting in made
        for n, invitation in enumerate(invitations)
    )


def add_directives(task_cast, count: int) -> None:
    """`count` directives of committee A in bulk: every status and timeliness, over eight quarters
    of deadlines, a quarter of them reported done (some waiting for acceptance)."""
    rng = random.Random(count)  # noqa: S311 - the same rows for the same size
    today = timezone.localdate()
    rows = []
    for n in range(count):
        deadline = today + datetime.timedelta(days=rng.randint(-700, 60))
        fields: dict = {}
        roll = rng.random()
        status = S.ASSIGNED
        if roll < 0.2:
            status = S.IN_PROGRESS
        elif roll < 0.45:
            status = S.ACCEPTED if roll < 0.4 else S.REPORTED_DONE
            reported = min(deadline + datetime.timedelta(days=rng.randint(-20, 10)), today)
            fields = {"reported_done_on": reported, "deadline_at_report": deadline}
        elif roll < 0.5:
            status = S.CANCELLED
        rows.append(
            Directive(
                committee=task_cast.committee,
                source=Directive.Source.AD_HOC,
                title=f"Nhiệm vụ số {n}",
                reference_number=f"{n}/TB-UBND",
                lead_organization=task_cast.org_a if n % 2 else task_cast.org_b,
                status=status,
                deadline=deadline,
                created_by=task_cast.chair,
                **fields,
            )
        )
    Directive.objects.bulk_create(rows, batch_size=500)


@pytest.fixture
def busy(task_cast):
    """Something in every "waits for me" list: minutes to sign, an extension request, a draft plan."""
    task_cast.meeting_in(MS.MINUTES_DRAFTED)
    directive = task_cast.ad_hoc("Gia hạn")
    task_services.extension_request(
        directive=directive,
        actor=task_cast.focal,
        proposed_deadline=directive.deadline + datetime.timedelta(days=10),
        reason="Chờ vốn",
    )
    task_services.plan_create(
        committee=task_cast.committee, actor=task_cast.secretary, kind="work", year=2027
    )
    return task_cast


def get(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["chair", "deputy", "secretary", "standing"])
def test_the_dashboard_does_not_grow_with_quarters_and_directives(
    client, busy, who, django_assert_max_num_queries
):
    add_meetings(busy, 1)
    add_directives(busy, 20)
    client.force_login(getattr(busy, who))
    url = reverse("home")
    get(client, url)  # warm: the session, the catalogues
    with django_assert_max_num_queries(DASHBOARD_BUDGET) as small:
        get(client, url)

    add_meetings(busy, 8)
    add_directives(busy, 2000 - 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    if who == "chair":
        assert {g.key for g in dashboard.waiting} >= {"minutes", "extensions", "plans", "completions"}
    assert sum(t.meetings_held for t in dashboard.trends) >= 16
    assert sum(t.directives_done for t in dashboard.trends) > 100


def test_the_register_does_not_grow_with_quarters_and_directives(client, busy, django_assert_max_num_queries):
    add_meetings(busy, 1)
    add_directives(busy, 20)
    client.force_login(busy.chair)
    url = reverse("reports:register", kwargs={"committee_pk": busy.committee.pk})
    get(client, url)
    with django_assert_max_num_queries(REGISTER_BUDGET) as small:
        get(client, url)

    add_meetings(busy, 8)
    add_directives(busy, 2000 - 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        get(client, url)
