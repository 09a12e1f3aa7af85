"""The minutes' rich-text editor in a browser, under a strict Content-Security-Policy.

The secretary writes with the toolbar and the keyboard (a heading, a bulleted list), pastes a
fragment as Word puts it on the clipboard (MsoNormal paragraphs, <o:p>, mso- styles, a heading,
a <ul>, Word's own list paragraphs, a table, styled spans, a link, an image and a <script>), and
saves: the saved minutes keep the headings, lists and table and lose the rest; reopening shows
them in the editor. Screenshots of the editor on a desktop and a phone go to test-artifacts/.

The page is served with `script-src 'self'; style-src 'self'` (no inline script, no style
attribute): the editor must work under it, and nothing of the editor may be refused by it.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS_DIR, REPO_ROOT, click_and_wait, visit

WORD_PASTE = REPO_ROOT / "tests" / "fixtures" / "word_paste.html"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Violations are collected before any page script runs (Playwright's init scripts are exempt).
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push({directive: e.violatedDirective, source: e.sourceFile, sample: e.sample});
});
"""

# What Word (Windows, through Chromium's clipboard) offers as text/html, trimmed to what matters.
WORD_FRAGMENT = WORD_PASTE.read_text(encoding="utf-8")

PASTE = """([html]) => {
  const editor = document.querySelector(".rich-text-editor");
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "plain text that must not be used");
  editor.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


@pytest.fixture
def drafted_minutes(transactional_db):
    """A held meeting of a committee whose secretary has started the pre-filled minutes."""
    from meetings import services
    from meetings.models import Invitation, Meeting
    from tests.conftest import Cast

    cast = Cast()
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind=Meeting.Kind.QUARTERLY,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Phòng họp số 1",
    )
    services.agenda_item_add(meeting=meeting, actor=cast.secretary, title="Tiến độ chuyển đổi số")
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    marks = {inv.pk: Invitation.Attendance.PRESENT for inv in meeting.invitations.all()}
    services.attendance_record(meeting=meeting, actor=cast.secretary, marks=marks)
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)
    return meeting, minutes


def serve_with_csp(page) -> None:
    def add_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    page.route("**/minutes/edit/", add_csp)
    page.add_init_script(COLLECT_VIOLATIONS)


EDITOR_FILES = ("/static/js/rich-text.js", "/static/vendor/squire/", "/static/vendor/dompurify/")


def editor_violations(page) -> list[dict]:
    """What the CSP refused of the editor: anything its scripts did, and any style attribute (the
    page's own templates have none, so one would come from the editor or what it let in). The
    rest of the page (the language picker's inline onchange, htmx's indicator <style>) is base.html's,
    left to the CSP work."""
    violations = page.evaluate("window.__cspViolations")
    return [
        v
        for v in violations
        if v["directive"].startswith("style-src-attr") or any(f in (v["source"] or "") for f in EDITOR_FILES)
    ]


def test_secretary_writes_pastes_from_word_and_saves_minutes_in_the_editor(
    page, live_server, login, drafted_minutes
):
    from meetings.models import Minutes

    meeting, minutes = drafted_minutes
    page.set_default_timeout(15_000)
    serve_with_csp(page)
    login(page, live_server, "secretary")
    edit_url = f"{live_server.url}/meetings/{meeting.pk}/minutes/edit/"
    visit(page, edit_url)

    # The editor replaces the textarea: a labelled text box and a labelled toolbar, in Vietnamese.
    editor = page.get_by_role("textbox", name=vi("Text of the minutes"))
    expect(editor).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_be_hidden()
    toolbar = page.get_by_role("toolbar", name=vi("Formatting of the text"))
    for label in ("Heading", "Subheading", "Bold", "Bulleted list", "Numbered list", "Add a row", "Undo"):
        expect(toolbar.get_by_role("button", name=vi(label), exact=True)).to_be_visible()
    # The pre-filled draft is in the editor, as formatted text.
    expect(editor.locator("h4")).to_contain_text("Tiến độ chuyển đổi số")

    # --- typing: a heading from the toolbar, a list from the keyboard ---------------------------
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Ý kiến thảo luận")
    toolbar.get_by_role("button", name=vi("Heading"), exact=True).click()
    expect(toolbar.get_by_role("button", name=vi("Heading"), exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Sở Thông tin và Truyền thông đề nghị bổ sung kinh phí")
    page.keyboard.press("Control+Shift+8")
    page.keyboard.press("Enter")
    page.keyboard.type("Sở Tài chính thống nhất")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type("Đoạn sau danh sách.")
    page.keyboard.press("Enter")
    page.keyboard.type("Kiến nghị")
    page.keyboard.press("Control+Alt+3")  # a subheading from the keyboard alone
    expect(editor.locator("h3", has_text="Kiến nghị")).to_have_count(1)
    expect(editor.locator("h2", has_text="Ý kiến thảo luận")).to_have_count(1)
    expect(editor.locator("ul > li")).to_have_text(
        ["Sở Thông tin và Truyền thông đề nghị bổ sung kinh phí", "Sở Tài chính thống nhất"]
    )

    # The toolbar is one tab stop; the arrow keys move along it (WAI-ARIA toolbar).
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.closest('[role=toolbar]') !== null")
    assert focused, "Shift+Tab from the text should land in the toolbar"
    first = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent") != first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "textbox"

    # --- pasting from Word ---------------------------------------------------------------------
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.evaluate(PASTE, [WORD_FRAGMENT])
    expect(editor.locator("h2", has_text="Kết quả triển khai năm 2026")).to_have_count(1)
    expect(editor.locator("table td")).to_have_text(
        ["Chỉ tiêu", "Kết quả", "Hồ sơ trực tuyến toàn trình", "85%"]
    )
    expect(editor.locator("ol > li")).to_have_text(["Rà soát hạ tầng mạng", "Đào tạo cán bộ chuyên trách"])
    expect(editor).to_contain_text("Trung tâm điều hành thông minh")
    for dropped in ("span", "a", "img", "script", "[style]", "[class]", "font"):
        expect(editor.locator(dropped)).to_have_count(0)
    assert page.evaluate("window.__pastedScriptRan") is None

    # A pasted table's rows can be added to from the toolbar.
    editor.locator("table td", has_text="85%").click()
    toolbar.get_by_role("button", name=vi("Add a row"), exact=True).click()
    expect(editor.locator("table tr")).to_have_count(3)
    page.keyboard.type("Tỷ lệ hài lòng")
    expect(editor.locator("table tr").nth(2)).to_contain_text("Tỷ lệ hài lòng")

    # Screenshots of the editor as a secretary sees it, on a desktop and on a phone.
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("main form", has=editor).screenshot(path=str(ARTIFACTS_DIR / "minutes_editor-desktop.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    expect(toolbar).to_be_visible()
    page.screenshot(path=str(ARTIFACTS_DIR / "minutes_editor-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    assert editor_violations(page) == []  # typing, the toolbar and the paste, under the CSP

    # --- saving ----------------------------------------------------------------------------------
    click_and_wait(page, page.get_by_role("button", name=vi("Save"), exact=True))
    expect(page.locator("main")).to_contain_text(vi("The minutes are saved."))
    body = Minutes.objects.get(pk=minutes.pk).body
    for kept in (
        "<h2>Ý kiến thảo luận</h2>",
        "<li>Sở Tài chính thống nhất</li>",
        "<h3>Kiến nghị</h3>",
        "<h2>Kết quả triển khai năm 2026</h2>",
        "<b>12</b>",
        "<li>Trung tâm điều hành thông minh</li>",
        "<ol>",
        "<li>Rà soát hạ tầng mạng</li>",
        "<table>",
        "<td><p><b>Chỉ tiêu</b></p></td>",
        "<td><p>85%</p></td>",
        "Tỷ lệ hài lòng",
        "danh sách cuộc họp",
    ):
        assert kept in body, f"{kept!r} lost from the saved minutes:\n{body}"
    for dropped in (
        "style",
        "class",
        "mso",
        "o:p",
        "<span",
        "<a ",
        "<img",
        "<script",
        "__pastedScriptRan",
        "Wingdings",
    ):
        assert dropped not in body, f"{dropped!r} kept in the saved minutes:\n{body}"

    # --- reopening shows it all in the editor --------------------------------------------------
    visit(page, edit_url)
    editor = page.get_by_role("textbox", name=vi("Text of the minutes"))
    expect(editor.locator("h2")).to_have_text(["Ý kiến thảo luận", "Kết quả triển khai năm 2026"])
    expect(editor.locator("ul > li").first).to_have_text(
        "Sở Thông tin và Truyền thông đề nghị bổ sung kinh phí"
    )
    expect(editor.locator("ol > li")).to_have_count(2)
    expect(editor.locator("table tr")).to_have_count(3)
    assert editor_violations(page) == []
