"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

- Playwright's sync API runs an event loop in the test thread, so Django would refuse ORM calls
  from tests and fixtures ("SynchronousOnlyOperation"); DJANGO_ALLOW_ASYNC_UNSAFE lifts that.
- `playwright install` cannot download browsers here: the system chromium is launched instead
  (CHROMIUM_PATH, else `chromium` on PATH, else /usr/bin/chromium). Without it the tests skip
  with a reason, except when CI=true, where that is a failure.
- Every test leaves a full-page screenshot of its last page in test-artifacts/<test name>.png,
  whether it passed or failed.
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


def log_in(page, live_server, username: str, password: str | None = None, *, expect_success: bool = True):
    """Log in through the login form, as a person would; waits for the resulting page."""
    from django.conf import settings

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.DEMO_PASSWORD if password is None else password)
    with page.expect_navigation():
        page.locator("form:has(#id_password) [type=submit]").click()
    if expect_success and "/accounts/login/" in page.url:
        alert = page.locator(".alert-danger")
        message = alert.inner_text() if alert.count() else "(no error shown)"
        raise AssertionError(f"login as {username!r} failed: still on {page.url}: {message}")
    return page


@pytest.fixture
def login():
    """`login(page, live_server, username)`: log in through the form with the demo password."""
    return log_in
