""" "Việc của tôi": the focal officer's and member's home — what their agency leads (by timeliness,
most pressing first) or coordinates, and what waits for the person's own decision."""

from __future__ import annotations

import datetime
import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from tasks import services
from tasks.models import Directive
from tests.tasks.conftest import in_days

S = Directive.Status
MY_WORK = reverse("tasks:my-work")
# One budget whatever the number of directives: the page must not grow a query per row.
MY_WORK_QUERIES = 8
HOME_QUERIES = 14


def vi(msgid: str) -> str:
    with override("vi"):
        return escape(gettext(msgid))


@contextmanager
def days_ago(days: int):
    """Run the block as if it were `days` days ago (a directive given then, due since)."""
    moment = timezone.now() - datetime.timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def overdue(task_cast, title: str = "Việc đã quá hạn") -> Directive:
    """A directive of org_a given ten days ago, due three days ago."""
    with days_ago(10):
        return task_cast.ad_hoc(title, deadline=in_days(7))


def section_ids(page: str) -> list[str]:
    """The page's work sections, in their order."""
    return re.findall(r'<section class="mb-3" id="([\w-]+)"', page)


def test_my_work_groups_the_lead_agencys_work_overdue_first(client, task_cast):
    on_time = task_cast.ad_hoc("Việc còn thời gian", deadline=in_days(40))
    due_soon = task_cast.ad_hoc("Việc sắp đến hạn", deadline=in_days(2))
    late = overdue(task_cast)
    task_cast.ad_hoc("Việc của sở khác", lead=task_cast.org_b)
    client.force_login(task_cast.focal)

    page = client.get(MY_WORK).content.decode()

    assert section_ids(page) == ["group-overdue", "group-due_soon", "group-on_time"]
    assert page.index(late.title) < page.index(due_soon.title) < page.index(on_time.title)
    for directive in (late, due_soon, on_time):
        assert directive.get_absolute_url() in page
    assert "Việc của sở khác" not in page
    assert in_days(-3).strftime("%d/%m/%Y") in page
    assert vi("Overdue") in page


def test_my_work_lists_coordinated_work_apart(client, task_cast):
    task_cast.ad_hoc("Việc phối hợp", coordinating_organizations=[task_cast.org_b])
    client.force_login(task_cast.member_other_agency)

    page = client.get(MY_WORK).content.decode()

    assert section_ids(page) == ["coordinating"]
    assert "Việc phối hợp" in page
    assert "Sở Kế hoạch và Đầu tư" in page  # the lead agency of the row


def test_my_work_keeps_reported_work_until_accepted(client, task_cast):
    reported = task_cast.directive_in(S.REPORTED_DONE, title="Việc đã báo cáo")
    task_cast.directive_in(S.ACCEPTED, title="Việc đã nghiệm thu")
    client.force_login(task_cast.focal)

    page = client.get(MY_WORK).content.decode()

    assert reported.title in page
    assert "Việc đã nghiệm thu" not in page


def test_my_work_shows_what_waits_for_the_chairs_decision(client, task_cast):
    reported = task_cast.directive_in(S.REPORTED_DONE, title="Chờ nghiệm thu")
    extended = task_cast.ad_hoc("Xin gia hạn", deadline=in_days(10))
    services.extension_request(
        directive=extended, actor=task_cast.focal, proposed_deadline=in_days(45), reason="Chờ vốn"
    )
    client.force_login(task_cast.chair)

    page = client.get(MY_WORK).content.decode()

    assert section_ids(page) == ["waiting", "extensions"]
    assert reported.get_absolute_url() in page
    assert extended.get_absolute_url() + "#pending-extension" in page
    assert in_days(45).strftime("%d/%m/%Y") in page
    assert task_cast.focal.display_name in page


def test_my_work_shows_acceptances_to_propose_to_the_secretariat_until_proposed(client, task_cast):
    reported = task_cast.directive_in(S.REPORTED_DONE, title="Chờ đề xuất")
    client.force_login(task_cast.secretary)
    before = client.get(MY_WORK).content.decode()
    services.acceptance_propose(directive=reported, actor=task_cast.secretary)
    after = client.get(MY_WORK).content.decode()

    assert "Chờ đề xuất" in before
    assert "Chờ đề xuất" not in after


def test_my_work_says_so_when_there_is_nothing(client, task_cast):
    client.force_login(task_cast.member_other_agency)

    r = client.get(MY_WORK)

    assert r.status_code == 200
    assert vi("Nothing is assigned to your agency and nothing waits for your decision.") in r.content.decode()


def test_my_work_shows_nothing_of_another_committee(client, task_cast):
    task_cast.ad_hoc("Việc của Ban A")
    client.force_login(task_cast.other_member)

    assert "Việc của Ban A" not in client.get(MY_WORK).content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_my_work_query_count_does_not_grow_with_the_directives(
    client, task_cast, django_assert_max_num_queries, count
):
    for n in range(count):
        task_cast.ad_hoc(
            f"Việc số {n}", deadline=in_days(1 + n), coordinating_organizations=[task_cast.org_b]
        )
        task_cast.ad_hoc(
            f"Phối hợp số {n}", lead=task_cast.org_b, coordinating_organizations=[task_cast.org_a]
        )
    client.force_login(task_cast.focal)

    with django_assert_max_num_queries(MY_WORK_QUERIES):
        page = client.get(MY_WORK).content.decode()

    assert page.count('class="list-group-item') == 2 * count


# --- the site's home --------------------------------------------------------------------------------


def test_home_shows_my_work_on_top_for_the_focal_officer(client, task_cast):
    overdue(task_cast)
    client.force_login(task_cast.focal)

    page = client.get(reverse("home")).content.decode()

    assert 'id="my-work-heading"' in page
    assert "Việc đã quá hạn" in page
    assert page.index('id="my-work-heading"') < page.index(vi("Your role"))
    assert page.count("<h1") == 1


def test_home_has_no_my_work_section_when_nothing_waits(client, task_cast):
    client.force_login(task_cast.member_other_agency)

    page = client.get(reverse("home")).content.decode()

    assert 'id="my-work-heading"' not in page
    assert vi("Your role") in page  # the committees are still there


@pytest.mark.parametrize("count", [1, 20])
def test_home_query_count_does_not_grow_with_the_directives(
    client, task_cast, django_assert_max_num_queries, count
):
    for n in range(count):
        task_cast.ad_hoc(f"Việc số {n}", deadline=in_days(1 + n))
    client.force_login(task_cast.focal)

    with django_assert_max_num_queries(HOME_QUERIES):
        page = client.get(reverse("home")).content.decode()

    assert len(re.findall(r'href="/directives/\d+/"', page)) == count


def test_navigation_links_my_work_for_committee_roles_only(client, task_cast):
    client.force_login(task_cast.member)
    member_page = client.get(reverse("members:profile")).content.decode()
    client.force_login(task_cast.guest)
    guest_page = client.get(reverse("members:profile")).content.decode()

    assert f'href="{MY_WORK}"' in member_page
    assert f'href="{MY_WORK}"' not in guest_page
