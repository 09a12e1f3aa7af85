"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

- Playwright's sync API runs an event loop in the test thread, so Django would refuse ORM calls
  from tests and fixtures ("SynchronousOnlyOperation"); DJANGO_ALLOW_ASYNC_UNSAFE lifts that.
- `playwright install` cannot download browsers here: the system chromium is launched instead
  (CHROMIUM_PATH, else `chromium` on PATH, else /usr/bin/chromium). Without it the tests skip
  with a reason, except when CI=true, where that is a failure.
- Every test leaves a full-page screenshot of its last page in test-artifacts/<test name>.png,
  whether it passed or failed.
- Accessibility stays measured: `check_a11y(page)` runs axe-core (vendored under vendor/, test
  tooling only) on the page at desktop and at phone size and fails on any serious or critical
  violation. `log_in`, `visit` and `click_and_wait` call it after each navigation; a test that
  navigates otherwise calls it itself. Every page load is recorded, and a test that leaves a loaded
  page unchecked fails at teardown, naming the page.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# The default 5 s is tight when xdist workers and chromium share two busy CPUs.
expect.set_options(timeout=10_000)

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    """Mark every test of this folder `browser` (a conftest's pytestmark would not apply)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the test's own outcome, for the teardown check of unchecked pages."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item._a11y_call_report = report


def _find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    # An explicit CHROMIUM_PATH is taken at its word: a wrong one is reported, not papered over.
    candidates = [explicit] if explicit else [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _find_chromium()
    if path is None:
        reason = (
            f"browser tests need chromium, not found at CHROMIUM_PATH={os.environ['CHROMIUM_PATH']}"
            if os.environ.get("CHROMIUM_PATH")
            else "browser tests need chromium: install Debian's `chromium` package or set "
            "CHROMIUM_PATH=/path/to/chromium"
        )
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


# --- accessibility (axe-core) -------------------------------------------------------------------

AXE_JS = HERE / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
#: axe's impact levels that fail a test; "moderate" and "minor" are reported by axe, not here.
FAILING_IMPACTS = ("serious", "critical")


class A11yViolation(AssertionError):
    pass


def _axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag, so a page served under
        # a strict Content-Security-Policy (no inline scripts) is measured all the same.
        page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }"""
    )
    return [v for v in result if v["impact"] in FAILING_IMPACTS]


def _describe(url: str, size: str, violations: list[dict]) -> str:
    lines = [f"axe: {len(violations)} serious or critical violation(s) on {url} at {size} size:"]
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']}")
        lines += [f"    {n['target']}: {' '.join(n['summary'].split())}" for n in v["nodes"][:5]]
    return "\n".join(lines)


def _bare_htmx_attributes(page) -> list[str]:
    """htmx attributes in their non-standard `hx-*` form (valid HTML wants `data-hx-*`)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("*")].flatMap(el => [...el.attributes]
            .filter(a => a.name.startsWith("hx-"))
            .map(a => `${el.tagName.toLowerCase()}[${a.name}]`))"""
    )


def check_a11y(page) -> None:
    """Run axe-core on the page as it stands, at desktop and at phone size (the viewport it had is
    restored), and fail on any serious or critical violation or on an attribute invalid in HTML."""
    page.wait_for_load_state()
    original = page.viewport_size or DESKTOP
    problems = []
    bare = _bare_htmx_attributes(page)
    if bare:
        problems.append(f"invalid HTML on {page.url}: {', '.join(bare)} (write data-hx-*)")
    try:
        for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            violations = _axe_violations(page)
            if violations:
                problems.append(_describe(page.url, name, violations))
    finally:
        page.set_viewport_size(original)
    _CHECKED.setdefault(page, set()).add(page.url)
    if problems:
        raise A11yViolation("\n".join(problems))


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def focus_ring(page) -> dict:
    """The focused element's outline (style, width in px, colour) and the colour it is drawn
    against: the element's own background for a ring drawn inside it (negative offset), else the
    first opaque background among its ancestors."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
            const opaque = c => { const v = rgb(c); return v.length === 3 || (v.length === 4 && v[3] > 0.5); };
            let node = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
            while (node && !opaque(getComputedStyle(node).backgroundColor)) node = node.parentElement;
            const background = node ? getComputedStyle(node).backgroundColor : "rgb(255, 255, 255)";
            return {
                element: el.outerHTML.slice(0, 120),
                in_main: !!el.closest("main"),
                style: style.outlineStyle,
                width: parseFloat(style.outlineWidth),
                color: rgb(style.outlineColor).slice(0, 3),
                background: rgb(background).slice(0, 3),
            };
        }"""
    )


#: Pages loaded (page → URLs) and checked by check_a11y, for the test under way.
_LOADED: dict = {}
_CHECKED: dict = {}


def _track(page) -> None:
    # Only record here: a handler that drove the page would race the test's own steps.
    page.on("load", lambda p: _LOADED.setdefault(p, []).append(p.url))


@pytest.fixture(autouse=True)
def _every_loaded_page_is_checked(request, context):
    """Record every page load of the test's browser contexts; at teardown, fail if one was never
    checked with check_a11y (each navigation must be measured)."""
    _LOADED.clear()
    _CHECKED.clear()
    originals = []

    def watch(ctx) -> None:
        for existing in ctx.pages:
            _track(existing)
        ctx.on("page", _track)

    watch(context)
    # Contexts a test opens itself (new_context) are watched as they are made.
    browser = context.browser
    if browser is not None:
        original_new_context = browser.new_context

        def new_context(*args, **kwargs):
            ctx = original_new_context(*args, **kwargs)
            watch(ctx)
            return ctx

        browser.new_context = new_context
        originals.append((browser, original_new_context))
    yield
    for obj, original in originals:
        obj.new_context = original
    call = getattr(request.node, "_a11y_call_report", None)
    if call is None or not call.passed:
        return  # a failed test stopped midway: its own failure says what went wrong
    unchecked = [
        url for page, urls in _LOADED.items() for url in urls if url not in _CHECKED.get(page, set())
    ]
    if unchecked:
        pytest.fail("pages loaded but never checked with check_a11y: " + ", ".join(dict.fromkeys(unchecked)))


def _artifact_name(node) -> str:
    """The test's name; parameters other than the browser (always chromium here) are appended."""
    name = getattr(node, "originalname", None) or node.name
    callspec = getattr(node, "callspec", None)
    params = [part for part in (callspec.id.split("-") if callspec else []) if part != "chromium"]
    if params:
        name = f"{name}-{'-'.join(params)}"
    return re.sub(r"[^\w.\-]+", "_", name).strip("_") or "test"


@pytest.fixture(autouse=True)
def _screenshot_last_page(request, page):
    """After each test, pass or fail, save a full-page screenshot of its last open page."""
    yield
    pages = [p for p in page.context.pages if not p.is_closed()]
    if not pages:
        return
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS_DIR / f"{_artifact_name(request.node)}.png"
    try:
        pages[-1].screenshot(path=str(target), full_page=True, timeout=10_000)
    except PlaywrightError as exc:  # a screenshot must never hide the test's own outcome
        print(f"could not save screenshot {target}: {exc}")


@pytest.fixture
def demo(transactional_db, unlock_signed_minutes_at_teardown):
    """The demo committees, people and logins (`manage.py seed_demo`)."""
    from django.core.management import call_command

    call_command("seed_demo", force=True, stdout=io.StringIO())


def visit(page, url: str):
    """Open `url` and measure the page's accessibility; returns the navigation's response."""
    response = page.goto(url)
    check_a11y(page)
    return response


def click_and_wait(page, locator) -> None:
    """Click a link or a submit button, wait until the page it leads to has loaded, measure it."""
    with page.expect_navigation():
        locator.click()
    check_a11y(page)


def log_in(page, live_server, username: str, password: str | None = None, *, expect_success: bool = True):
    """Log in through the login form, as a person would; waits for the resulting page."""
    from django.conf import settings

    visit(page, f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.DEMO_PASSWORD if password is None else password)
    with page.expect_navigation():
        page.locator("form:has(#id_password) [type=submit]").click()
    check_a11y(page)
    if expect_success and "/accounts/login/" in page.url:
        alert = page.locator(".alert-danger")
        message = alert.inner_text() if alert.count() else "(no error shown)"
        raise AssertionError(f"login as {username!r} failed: still on {page.url}: {message}")
    return page


@pytest.fixture
def login():
    """`login(page, live_server, username)`: log in through the form with the demo password."""
    return log_in
