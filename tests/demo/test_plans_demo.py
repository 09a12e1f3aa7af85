"""The demo's annual plans (demo/story/plans/, run by seed_demo): this year's work plan drafted by
the secretariat, approved by the chair as a numbered KH document archived as PDF, about half its
items turned into directives and followed up (done, in progress, one overdue), a draft inspection
plan waiting for the chair, the plan's page showing each item's progress, and a second run that
writes nothing.

Seeded once for the module on the same pinned clock as test_story.py (late November 2026), inside
a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from members.models import Notification, User
from tasks.models import Directive, DirectiveEvent, PlanDocument, Timeliness, WorkPlan, WorkPlanItem
from tasks.selectors import directives_with_timeliness
from tasks.services.plans import quarter_last_day

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=VN)  # test_story.py's day, late in quarter IV
EGOV = "BCĐCQĐT"
SECRETARIAT = {"secretary_lead", "secretary", "secretary2", "secretary3"}
K = DirectiveEvent.Kind

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("plans_demo")]


def _seed(now: datetime.datetime, **options) -> None:
    with mock.patch("django.utils.timezone.now", return_value=now):
        call_command("seed_demo", force=True, **{"verbosity": 0, **options})


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for this module; yields the private media root."""
    root = tmp_path_factory.mktemp("private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=root), transaction.atomic():
        _seed(TODAY)
        yield root
        transaction.set_rollback(True)


def _plan(kind: str) -> WorkPlan:
    return WorkPlan.objects.select_related("created_by", "approved_by").get(
        committee__short_code=EGOV, kind=kind
    )


def _plan_directives(plan: WorkPlan) -> list[Directive]:
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        return list(
            directives_with_timeliness(Directive.objects.filter(plan_item__plan=plan)).select_related(
                "plan_item", "created_by"
            )
        )


def test_demo_work_plan_drafted_in_january_is_approved_by_the_chair_as_a_numbered_kh(demo):
    plan = _plan(WorkPlan.Kind.WORK)
    assert plan.year == 2026 and "Kế hoạch công tác năm 2026" in plan.title
    assert plan.status == WorkPlan.Status.APPROVED and plan.symbol == "01/KH-BCĐCQĐT"
    assert plan.approved_by.username == "chair" and plan.signed_as == WorkPlan.SignedAs.CHAIR
    assert plan.created_by.username in SECRETARIAT | {"standing"}
    drafted, approved = plan.created_at.astimezone(VN), plan.approved_at.astimezone(VN)
    assert drafted.date() >= datetime.date(2026, 1, 1) and approved.month == 1 and drafted < approved
    # The draft was written, then approved: every change before the approval, by those who draft.
    *drafting, approval = plan.history.order_by("history_date")
    drafting += list(WorkPlanItem.history.filter(plan_id=plan.pk))
    assert len(drafting) >= 9 and all(h.history_date < plan.approved_at for h in drafting)
    assert {h.history_user.username for h in drafting} <= SECRETARIAT | {"standing"}
    assert approval.history_user.username == "chair" and approval.history_date == plan.approved_at


def test_demo_approved_work_plan_is_archived_as_a_pdf_with_its_sha256(demo):
    document = PlanDocument.objects.get(plan=_plan(WorkPlan.Kind.WORK))
    content = (demo / document.file.name).read_bytes()
    assert content.startswith(b"%PDF-") and document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()


def test_demo_about_half_the_work_plans_items_became_directives_due_at_the_end_of_their_quarter(demo):
    plan = _plan(WorkPlan.Kind.WORK)
    items = list(plan.items.all())
    assert len(items) >= 8 and len({i.owner_organization_id for i in items}) >= 5
    assert {i.target_quarter for i in items} == {1, 2, 3, 4}
    directives = _plan_directives(plan)
    given = {d.plan_item_id for d in directives}
    assert abs(len(given) - len(items) / 2) <= 1
    for directive in directives:
        assert directive.source == Directive.Source.PLAN
        assert directive.lead_organization_id == directive.plan_item.owner_organization_id
        assert directive.original_deadline == quarter_last_day(2026, directive.plan_item.target_quarter)
        assert directive.created_by.username in SECRETARIAT | {"standing", "chair", "deputy"}
        assert plan.approved_at < directive.created_at < TODAY


def test_demo_plan_directives_are_done_in_progress_and_one_overdue_with_progress_from_their_agency(demo):
    directives = _plan_directives(_plan(WorkPlan.Kind.WORK))
    timeliness = [d.timeliness for d in directives]
    assert Timeliness.DONE_ON_TIME in timeliness and Timeliness.DONE_LATE in timeliness
    assert timeliness.count(Timeliness.OVERDUE) == 1 and Timeliness.ON_TIME in timeliness
    progress = DirectiveEvent.objects.filter(directive__in=directives, kind=K.PROGRESS).select_related(
        "actor", "directive"
    )
    assert progress.count() >= 5
    for event in progress:
        assert event.actor.organization_id == event.directive.lead_organization_id, event
        assert event.at < TODAY
    overdue = next(d for d in directives if d.timeliness == Timeliness.OVERDUE)
    assert overdue.is_open and overdue.events.filter(kind=K.URGED).exists()


def test_demo_inspection_plan_is_a_draft_of_three_items_the_chair_may_approve(demo, client):
    plan = _plan(WorkPlan.Kind.INSPECTION)
    assert plan.status == WorkPlan.Status.DRAFT and plan.number is None and not plan.approved_at
    assert plan.created_by.username in SECRETARIAT and plan.items.count() == 3
    assert plan.created_at < TODAY and plan.year in (2026, 2027)
    client.force_login(User.objects.get(username="chair"))
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        response = client.get(reverse("tasks:plan-approve", args=[plan.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("username", ["chair", "focal"])
def test_demo_plan_page_shows_each_items_progress(demo, client, username):
    plan = _plan(WorkPlan.Kind.WORK)
    client.force_login(User.objects.get(username=username))
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        response = client.get(reverse("tasks:plan-detail", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for directive in _plan_directives(plan):
        assert directive.get_absolute_url() in html
        assert f'aria-valuenow="{directive.percent}"' in html  # one directive per item: its average
    assert html.count('role="progressbar"') == len({d.plan_item_id for d in _plan_directives(plan)})


def _counts() -> dict[str, int]:
    models = [WorkPlan, WorkPlanItem, PlanDocument, Directive, DirectiveEvent]
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"history:{m.__name__}": m.history.count() for m in (WorkPlan, WorkPlanItem, Directive)})
    counts["Notification"] = Notification.objects.count()
    return counts


def test_seed_demo_twice_creates_no_plan_records(demo):
    before = _counts()
    out = StringIO()
    _seed(TODAY + datetime.timedelta(days=1), verbosity=1, stdout=out)
    assert _counts() == before
    assert "Demo plans: already in place" in out.getvalue()
