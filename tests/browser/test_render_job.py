"""The page of a document rendered in a job, in a browser: the progress bar polls every second,
then the download link appears by itself and the polling stops (issue: large documents)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS_DIR, visit


@pytest.fixture
def private_media(settings, tmp_path):
    """Rendered files of this test go to a temporary folder (requested before `demo`)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _running_job():
    from documents.models import RenderJob
    from meetings.documents.services import MINUTES_DRAFT
    from meetings.models import Minutes

    minutes = Minutes.objects.select_related("meeting__secretary").filter(locked=False).first()
    job = RenderJob.objects.create(
        requested_by=minutes.meeting.secretary,
        kind=MINUTES_DRAFT,
        source_id=minutes.pk,
        source_version=minutes.version,
        status=RenderJob.Status.RUNNING,
        progress=40,
        step="Đang dàn trang: trang 3",
        filename="DU-THAO-BB-demo.pdf",
    )
    return job, minutes.meeting.secretary.username


def test_render_job_page_shows_progress_then_link_without_reload(
    page, live_server, private_media, demo, login
):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from documents.models import RenderJob

    job, username = _running_job()
    login(page, live_server, username)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    visit(page, f"{live_server.url}{job.get_absolute_url()}")

    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "40")
    expect(page.locator("#render-job-status")).to_contain_text("Đang dàn trang: trang 3")
    RenderJob.objects.filter(pk=job.pk).update(progress=55, step="Đang dàn trang: trang 5")
    expect(bar).to_have_attribute("aria-valuenow", "55")  # polled, no reload
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "render_job_running_phone.png"), full_page=True)

    job.file.save(job.filename, ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderJob.Status.DONE, progress=100, file=job.file.name, finished_at=timezone.now()
    )
    link = page.locator(f'a[href="/documents/jobs/{job.pk}/file/"]')
    expect(link).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.locator("#render-job-hint")).to_have_count(0)  # "this page updates by itself" is gone

    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url) if "/status/" in request.url else None)
    page.wait_for_timeout(2_500)
    assert polls == []  # the finished fragment (286) stopped the polling

    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == "DU-THAO-BB-demo.pdf"
