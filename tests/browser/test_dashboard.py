"""The dashboard in a browser (issue 12): the demo's chair lands on it after logging in, sees the
sections and both charts, and at phone size nothing needs the page to scroll sideways; it passes
the accessibility checks at desktop and phone size. Full-page pictures of both sizes are left in
test-artifacts/ (dashboard-desktop.png, dashboard-phone.png)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS_DIR, DESKTOP, PHONE, click_and_wait, visit


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_the_chair_lands_on_the_dashboard_which_fits_a_phone(page, live_server, demo, login):
    login(page, live_server, "chair")
    visit(page, f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1, name="Bảng điều hành")).to_be_visible()
    for name in (
        "Thực hiện Quy chế",
        "Chờ tôi ký hoặc quyết định",
        "Cuộc họp sắp tới",
        "Xu hướng tám quý gần nhất",
    ):
        expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()
    # Both charts are images with a name; "Việc của tôi" stays one click away.
    expect(page.locator("#scoreboard svg[role=img]")).to_be_visible()
    expect(page.locator("#trends svg[role=img]")).to_be_visible()
    expect(page.get_by_role("link", name="Việc của tôi").first).to_be_visible()
    # The figures, behind their summary.
    page.locator("#trends details summary").click()
    expect(page.locator("#trends-table")).to_be_visible()

    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.set_viewport_size(DESKTOP)
    assert overflow(page) <= 0
    page.screenshot(path=str(ARTIFACTS_DIR / "dashboard-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert overflow(page) <= 0
    width = page.evaluate("() => document.querySelector('#trends svg').getBoundingClientRect().width")
    assert width <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS_DIR / "dashboard-phone.png"), full_page=True)
    page.locator("#trends figure").screenshot(path=str(ARTIFACTS_DIR / "dashboard-phone-trends.png"))

    # The committee picker: the chair chairs both demo committees. In the e-Government one, the
    # commune officials' digital signatures wait for the chair's acceptance (README).
    picker = page.get_by_role("navigation", name="Ban chỉ đạo")
    expect(picker.get_by_role("link")).to_have_count(2)
    page.set_viewport_size(DESKTOP)
    click_and_wait(page, picker.get_by_role("link", name="BCĐCQĐT"))
    expect(picker.get_by_role("link", name="BCĐCQĐT")).to_have_attribute("aria-current", "page")
    expect(page.locator("#waiting-completions")).to_contain_text("chữ ký số")
    page.screenshot(path=str(ARTIFACTS_DIR / "dashboard-egov-desktop.png"), full_page=True)
