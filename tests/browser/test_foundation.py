"""The foundation seen through a browser: log in, my committees, a composition, refusals, phones.

Assertions rest on data (names, committees, decision numbers, dd/mm/yyyy dates), on the `lang`
attribute and on Django's own Vietnamese catalogue, not on the portal's UI catalogue.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import A11yViolation, check_a11y, click_and_wait, contrast, focus_ring, visit

EGOV_NAME = "Ban chỉ đạo xây dựng Chính quyền điện tử tỉnh Tây Ninh"
KTXH_NAME = "Ban chỉ đạo những giải pháp đột phá về phát triển kinh tế - xã hội tỉnh Tây Ninh"
KTXH_CODE = "BCĐĐPKTXH"


def test_member_sees_home_in_vietnamese_opens_composition_and_is_refused_admin(
    page, live_server, demo, login
):
    login(page, live_server, "member")

    # Home: Vietnamese page, a heading, both committees the member sits on.
    assert page.url.rstrip("/") == live_server.url
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.get_by_role("link", name=EGOV_NAME, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=KTXH_NAME, exact=True)).to_be_visible()

    # Composition of the e-Government committee.
    click_and_wait(page, page.get_by_role("link", name=EGOV_NAME, exact=True))
    assert re.search(r"/committees/\d+/$", page.url), page.url
    expect(page.locator("main h1")).to_have_text(EGOV_NAME)
    chair_row = page.locator("tr", has=page.get_by_role("rowheader", name="Trần Văn Minh", exact=True))
    expect(chair_row).to_have_count(1)
    expect(chair_row).to_contain_text("245/QĐ-UBND")
    member_row = page.locator("tr", has=page.get_by_role("rowheader", name="Phạm Thị Thu Hà", exact=True))
    expect(member_row).to_have_count(1)
    expect(member_row).to_contain_text("Sở Kế hoạch và Đầu tư")
    expect(member_row).to_contain_text("245/QĐ-UBND")
    expect(member_row).to_contain_text("06/02/2024")  # term start, dd/mm/yyyy
    expect(member_row).to_contain_text("01/02/2024")  # decision date
    # The committee's founding decision in the header, date in dd/mm/yyyy as well.
    expect(page.locator("main")).to_contain_text("199/QĐ-UBND")
    expect(page.locator("main")).to_contain_text("23/01/2019")

    # The administration is refused: Django admin sends a non-staff user to its login page
    # and says the account is not authorised (Django's own Vietnamese catalogue).
    response = visit(page, f"{live_server.url}/admin/")
    assert "/admin/login/" in page.url, page.url
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    note = page.locator(".errornote")
    expect(note).to_contain_text("member")
    expect(note).to_contain_text("không đủ quyền")
    expect(page.locator("#content-main [class*='app-']")).to_have_count(0)
    expect(page.locator("#content-main table caption")).to_have_count(0)
    expect(page.get_by_role("link", name="Người dùng")).to_have_count(0)
    expect(page.locator("#login-form")).to_be_visible()


def test_member2_gets_not_found_on_other_committee(page, live_server, demo, login):
    from members.models import Committee

    other = Committee.objects.get(short_code=KTXH_CODE)
    login(page, live_server, "member2")
    expect(page.get_by_role("link", name=EGOV_NAME, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=KTXH_NAME, exact=True)).to_have_count(0)

    response = visit(page, f"{live_server.url}/committees/{other.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(KTXH_NAME)
    expect(page.locator("main")).not_to_contain_text("Trần Văn Minh")


def test_composition_page_on_a_phone(page, live_server, demo, login):
    from members.models import Committee

    egov = Committee.objects.get(short_code="BCĐCQĐT")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "member")
    response = visit(page, f"{live_server.url}/committees/{egov.pk}/")
    assert response is not None and response.status == 200

    expect(page.locator(".navbar-toggler")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Phạm Thị Thu Hà", exact=True)).to_be_visible()
    expect(page.get_by_role("rowheader", name="Trần Văn Minh", exact=True)).to_be_visible()
    expect(page.get_by_text("Sở Kế hoạch và Đầu tư").first).to_be_visible()
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width + 1, (
        f"horizontal scroll: {scroll_width}px wide in a {inner_width}px viewport"
    )


def test_wrong_password_shows_clear_message(page, live_server, demo, login):
    login(page, live_server, "member", "not-the-password", expect_success=False)

    assert "/accounts/login/" in page.url, page.url
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    # Django's vi catalogue: "Vui lòng điền vào %(username)s và mật khẩu chính xác. ..."
    alert = page.locator(".alert-danger")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Vui lòng điền vào")
    expect(alert).to_contain_text("mật khẩu chính xác")
    expect(page.locator("#id_username")).to_have_value("member")
    expect(page.locator("#id_password")).to_have_value("")


def test_check_a11y_fails_on_a_button_whose_text_lacks_contrast(page):
    """The measuring itself: the old "Hoãn" button (#ffc107 on white, 1.6:1) is a serious failure."""
    page.set_content(
        '<html lang="vi"><head><title>Thử</title></head><body><main><h1>Thử</h1>'
        '<button style="color:#ffc107;background:#fff;border:1px solid #ffc107">Hoãn</button>'
        "</main></body></html>"
    )
    with pytest.raises(A11yViolation, match="color-contrast"):
        check_a11y(page)


def test_focus_rings_keep_3_to_1_against_their_background_when_tabbing_through_the_home_page(
    page, live_server, demo, login
):
    """The skip link, the red bar's links and the page's own links and buttons, by keyboard."""
    login(page, live_server, "member")
    seen, in_main = [], 0
    for _ in range(40):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring["element"].startswith("<body") or ring["element"] in seen:
            break  # past the last control: the keyboard went round
        seen.append(ring["element"])
        in_main += ring["in_main"]
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        ratio = contrast(tuple(ring["color"]), tuple(ring["background"]))
        assert ratio >= 3, f"focus ring {ratio:.2f}:1 on {ring}"
    assert any("skip-link" in element for element in seen)
    assert any("nav-link" in element for element in seen)
    assert in_main >= 2, seen
