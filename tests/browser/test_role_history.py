"""A change of role through a browser (issue #9): the administrator ends a term and starts the
new one in the admin; the composition page then shows the former holder with the term's dates.

Assertions rest on data (names, decision numbers, dd/mm/yyyy dates) and on the portal's
Vietnamese labels of the pages under test.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit

EGOV_CODE = "BCĐCQĐT"
PERSON = "Võ Minh Tuấn"  # member2: Ủy viên of the e-Government committee only


def test_administrator_ends_a_term_and_starts_a_new_one_and_the_composition_shows_the_former_term(
    page, new_context, live_server, demo, login
):
    from members.models import RoleAssignment

    old = RoleAssignment.objects.get(
        user__username="member2", committee__short_code=EGOV_CODE, role=RoleAssignment.Role.MEMBER
    )
    ended_on = timezone.localdate() - datetime.timedelta(days=1)
    today = timezone.localdate()

    # --- the administrator: change page → "end this term and start a new one" -------------------
    login(page, live_server, "admin")
    visit(page, f"{live_server.url}/admin/members/roleassignment/{old.pk}/change/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("select[name=role]")).to_have_count(0)  # the role is read-only
    expect(page.locator("input[name=decision_number]")).to_have_count(0)
    click_and_wait(page, page.get_by_role("link", name="Kết thúc nhiệm kỳ này và bắt đầu nhiệm kỳ mới"))
    assert page.url.endswith(f"/{old.pk}/end-and-start/"), page.url
    expect(page.locator("#content-main")).to_contain_text(PERSON)

    page.get_by_label("Nhiệm kỳ hiện tại kết thúc ngày").fill(ended_on.strftime("%d/%m/%Y"))
    page.get_by_label("Chức danh mới").select_option("deputy")
    page.get_by_label("Số quyết định").fill("88/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(ended_on.strftime("%d/%m/%Y"))
    click_and_wait(page, page.get_by_role("button", name="Kết thúc nhiệm kỳ và bắt đầu nhiệm kỳ mới"))

    new = RoleAssignment.objects.get(user__username="member2", committee__short_code=EGOV_CODE, role="deputy")
    assert re.search(rf"/admin/members/roleassignment/{new.pk}/change/$", page.url), page.url
    success = page.locator(".messagelist .success")
    expect(success).to_contain_text(ended_on.strftime("%d/%m/%Y"))
    expect(success).to_contain_text(today.strftime("%d/%m/%Y"))
    old.refresh_from_db()
    assert (old.role, old.end_date, old.decision_number) == ("member", ended_on, "245/QĐ-UBND")
    assert (new.start_date, new.decision_number) == (today, "88/QĐ-UBND")

    # --- a member of the committee: the composition page ----------------------------------------
    member = new_context().new_page()
    member.set_default_timeout(15_000)
    login(member, live_server, "member")
    visit(member, f"{live_server.url}/committees/{old.committee_id}/")
    current = member.locator("tr", has=member.get_by_role("rowheader", name=PERSON, exact=True)).first
    expect(current).to_contain_text("Phó Trưởng ban")
    expect(current).to_contain_text("88/QĐ-UBND")

    expect(member.get_by_role("heading", name="Người từng giữ chức danh")).to_be_visible()
    former = member.locator("table", has=member.locator("caption", has_text="từng giữ"))
    row = former.locator("tr", has=member.get_by_role("rowheader", name=PERSON, exact=True))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Ủy viên")
    expect(row).to_contain_text("Sở Tài chính")
    expect(row).to_contain_text(f"{old.start_date:%d/%m/%Y} – {ended_on:%d/%m/%Y}")
    expect(row).to_contain_text("245/QĐ-UBND")
    member.close()
