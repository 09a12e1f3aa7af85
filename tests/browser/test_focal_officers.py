"""An agency's member names and removes a focal officer through the pages (Điều 9.3): from the
committee page to the focal officers' page, the form, then the removal's in-page confirmation.

Labels and messages are looked up through the portal's catalogue (`vi()`); data (names, dates)
is asserted literally.
"""

from __future__ import annotations

import re

from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit

EGOV_CODE = "BCĐCQĐT"
MEMBER = "member"  # Phạm Thị Thu Hà, member for Sở Kế hoạch và Đầu tư (demo)
FOCAL = "Bùi Thanh Tâm"  # the agency's focal officer in the demo
NEWCOMER = "Trịnh Thị Mới"


def vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


def starts(text: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(text)}(\s|:|$)")


def test_member_names_a_focal_officer_then_removes_the_former_one(page, live_server, demo, login):
    from members.models import Committee, Organization, RoleAssignment, User

    committee = Committee.objects.get(short_code=EGOV_CODE)
    User.objects.create_user(
        username="newcomer",
        full_name=NEWCOMER,
        position="Chuyên viên",
        organization=Organization.objects.get(short_code="SKHDT"),
    )
    today = timezone.localdate()

    login(page, live_server, MEMBER)
    visit(page, f"{live_server.url}{committee.get_absolute_url()}")
    click_and_wait(page, page.get_by_role("link", name=vi("Name or remove your agency's focal officers")))
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Focal officers"))
    expect(page.locator("main")).to_contain_text(FOCAL)

    page.get_by_label(vi("Officer to name")).select_option(label=f"{NEWCOMER} — Chuyên viên")
    page.get_by_label(starts(vi("Decision number"))).fill("52/QĐ-SKHĐT")
    click_and_wait(page, page.get_by_role("button", name=vi("Name the focal officer")))

    named = RoleAssignment.objects.get(user__username="newcomer", committee=committee)
    assert (named.role, named.start_date, named.decision_number) == ("focal_officer", today, "52/QĐ-SKHĐT")
    expect(page.locator(f"#focal-officer-{named.pk}")).to_contain_text(today.strftime("%d/%m/%Y"))

    old = RoleAssignment.objects.get(user__username="focal", committee=committee)
    row = page.locator(f"#focal-officer-{old.pk}")
    row.locator("summary", has_text=starts(vi("Remove"))).click()
    click_and_wait(page, row.get_by_role("button", name=starts(vi("Remove the focal officer"))))

    old.refresh_from_db()
    assert old.end_date == today
    expect(page.locator(f"#focal-officer-{old.pk}")).to_contain_text(f"– {today:%d/%m/%Y}")
