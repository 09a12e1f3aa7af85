"""A long draft of the minutes is rendered in a Celery job with a time limit, not in the request;
the person who asked watches its progress, then downloads it (issue: large documents).

Celery runs eagerly in tests (steering.settings.test), so a job requested in a request has run
when the request's on_commit callbacks have. The threshold is lowered with monkeypatch so that
a two-page draft counts as long; no test times anything (docs/benchmarks.md holds the figures).
"""

from __future__ import annotations

import datetime
import logging
import os

import pytest
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.urls import reverse
from django.utils import timezone

from documents import selectors as job_selectors
from documents import services as job_services
from documents.jobs import RenderDocumentTask, cleanup_render_jobs, render_document
from documents.models import RenderJob
from documents.rendering import render_pdf
from documents.rendering.preview import sample_minutes_context
from documents.rendering.progress import render_progress
from meetings import services
from meetings.documents import selectors
from meetings.documents import services as report_services
from meetings.documents.services import MINUTES_DRAFT
from tests.documents.conftest import _cast, _held, at
from tests.documents.pdfcheck import parse
from tests.documents.test_rendering import watermark

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "<p>Đại diện Sở Kế hoạch và Đầu tư báo cáo tiến độ xây dựng Chính quyền điện tử; các thành viên "
    "thảo luận về nền tảng tích hợp, chia sẻ dữ liệu, hệ thống một cửa điện tử và dịch vụ công trực "
    "tuyến, thống nhất đề nghị bổ sung kinh phí năm sau.</p>"
)
LONG_BODY = "<h3>1. Tiến độ xây dựng Chính quyền điện tử</h3>" + PARAGRAPH * 12
#: Below LONG_BODY's text (≈ 2,600 characters), above the default draft's.
TEST_THRESHOLD = 1_000
DU_THAO = "".join(sorted(set("DỰTHẢO")))


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def cast():
    return _cast()


@pytest.fixture
def low_threshold(monkeypatch):
    monkeypatch.setattr(selectors, "MINUTES_DRAFT_INLINE_MAX_CHARS", TEST_THRESHOLD)


@pytest.fixture
def draft(cast):
    """Unsigned minutes of a held meeting, with a long text (version 2)."""
    meeting = _held(cast, at(timezone.localdate() + datetime.timedelta(days=3), 8))
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)
    return services.minutes_update(
        minutes=minutes, actor=cast.secretary, body=LONG_BODY, expected_version=minutes.version
    )


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _ask(client, user, minutes, capture):
    """GET the minutes' PDF link as `user`, running the on-commit job eagerly."""
    client.force_login(user)
    with capture(execute=True):
        return client.get(reverse("meetings:minutes-pdf", kwargs={"pk": minutes.meeting_id}))


def _job_url(name: str, job: RenderJob) -> str:
    return reverse(f"documents:{name}", kwargs={"pk": job.pk})


# --- short drafts stay in the request -------------------------------------------------------------


def test_minutes_pdf_served_inline_when_draft_is_short(client, cast, django_capture_on_commit_callbacks):
    meeting = _held(cast, at(timezone.localdate() + datetime.timedelta(days=3), 8))
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)

    response = _ask(client, cast.secretary, minutes, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _content(response).startswith(b"%PDF")
    assert not RenderJob.objects.exists()


def test_minutes_draft_is_slow_only_when_text_is_longer_than_the_measured_threshold(draft):
    limit = selectors.MINUTES_DRAFT_INLINE_MAX_CHARS
    draft.body = "<p><strong>" + "x" * limit + "</strong></p>"  # tags are not text
    assert not selectors.minutes_draft_is_slow(draft)

    draft.body = "<p>" + "x" * (limit + 1) + "</p>"
    assert selectors.minutes_draft_is_slow(draft)


# --- long drafts go to a job ----------------------------------------------------------------------


def test_minutes_pdf_redirects_to_job_then_serves_draft_when_draft_is_long(
    client, cast, draft, low_threshold, django_capture_on_commit_callbacks
):
    response = _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)

    job = RenderJob.objects.get()
    assert response.status_code == 303
    assert response["Location"] == _job_url("render-job-detail", job)
    assert (job.status, job.progress, job.requested_by, job.source_id, job.source_version) == (
        RenderJob.Status.DONE,
        100,
        cast.secretary,
        draft.pk,
        2,
    )
    assert job.file.name.startswith(f"renders/{timezone.now():%Y/%m}/")

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'href="{_job_url("render-job-file", job)}"' in page.content.decode()

    download = client.get(_job_url("render-job-file", job))
    body = _content(download)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert f'filename="{selectors.minutes_filename(draft, draft=True)}"' in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith('attachment; filename="DU-THAO-BB-')
    pages = parse(body).pages
    assert len(pages) >= 2
    assert all(watermark(page) == DU_THAO for page in pages)


def test_render_job_saves_increasing_progress_with_vietnamese_steps_while_rendering(
    client, cast, draft, low_threshold, monkeypatch, django_capture_on_commit_callbacks
):
    """The real WeasyPrint render reports its steps; each report is saved on the job at once."""
    saved: list[tuple[int, str, str]] = []

    def spying(report, **kwargs):
        def report_and_read(percent: int, label: str) -> None:
            report(percent, label)
            saved.append(RenderJob.objects.values_list("progress", "step", "status").get())

        return render_progress(report_and_read, **kwargs)

    monkeypatch.setattr(job_services, "render_progress", spying)

    _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)

    progress = [p for p, _step, _status in saved]
    steps = [step for _p, step, _status in saved]
    assert len(saved) >= 6
    assert progress == sorted(progress) and progress[0] > 0 and progress[-1] < 100
    assert {status for *_rest, status in saved} == {RenderJob.Status.RUNNING}
    assert "Đang đọc nội dung văn bản" in steps
    assert "Đang dàn trang: trang 1" in steps and "Đang dàn trang: trang 2" in steps
    assert steps[-1] == "Đang nhúng phông chữ và hoàn tất tệp"
    assert len(steps) == len(set(steps))  # one write per step or page, not per message
    job = RenderJob.objects.get()
    assert (job.progress, job.step) == (100, "Đã tạo xong tệp")


def test_render_progress_reports_only_this_threads_render_and_restores_the_logger():
    from weasyprint.logger import PROGRESS_LOGGER

    before = (PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate, list(PROGRESS_LOGGER.handlers))
    seen: list[tuple[int, str]] = []
    context = sample_minutes_context()

    with render_progress(lambda percent, label: seen.append((percent, label)), expected_pages=2):
        render_pdf("documents/minutes.html", context, draft=True)
        PROGRESS_LOGGER.handlers[-1].thread = -1  # as if the next render ran in another thread
        render_pdf("documents/minutes.html", context, draft=True)

    assert seen and seen[-1] == (80, "Đang nhúng phông chữ và hoàn tất tệp")
    assert [label for _p, label in seen].count("Đang tạo tệp PDF") == 1
    assert (PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate, list(PROGRESS_LOGGER.handlers)) == before


# --- the page and its polled fragment -------------------------------------------------------------


def _job(cast, draft, **fields) -> RenderJob:
    values = {
        "requested_by": cast.secretary,
        "kind": MINUTES_DRAFT,
        "source_id": draft.pk,
        "source_version": draft.version,
        "filename": "DU-THAO-BB-test.pdf",
        **fields,
    }
    return RenderJob.objects.create(**values)


def test_render_job_fragment_shows_progress_and_page_keeps_polling_when_running(client, cast, draft):
    job = _job(cast, draft, status=RenderJob.Status.RUNNING, progress=40, step="Đang dàn trang: trang 3")
    client.force_login(cast.secretary)

    fragment = client.get(_job_url("render-job-status", job))
    page = client.get(_job_url("render-job-detail", job)).content.decode()

    html = fragment.content.decode()
    assert fragment.status_code == 200  # 200: htmx polls on
    assert 'role="progressbar"' in html and 'aria-valuenow="40"' in html
    assert "Đang dàn trang: trang 3" in html
    assert 'hx-trigger="every 1s"' in page
    assert f'hx-get="{_job_url("render-job-status", job)}"' in page
    assert 'aria-live="polite"' in page
    assert '<meta http-equiv="refresh"' in page  # inside <noscript>: works without JavaScript


def test_render_job_fragment_stops_polling_and_links_the_file_when_done(
    client, cast, draft, low_threshold, django_capture_on_commit_callbacks
):
    _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    job = RenderJob.objects.get()

    fragment = client.get(_job_url("render-job-status", job))
    page = client.get(_job_url("render-job-detail", job)).content.decode()

    assert fragment.status_code == 286  # htmx swaps it in, then stops polling
    assert 'aria-valuenow="100"' in fragment.content.decode()
    assert _job_url("render-job-file", job) in fragment.content.decode()
    assert "hx-trigger" not in page and "http-equiv" not in page


@pytest.mark.parametrize("who", ["chair", "member", "outsider"])
def test_render_job_and_its_file_are_404_for_anyone_but_the_requester(
    client, cast, draft, low_threshold, django_capture_on_commit_callbacks, who
):
    _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    job = RenderJob.objects.get()
    client.force_login(getattr(cast, who))

    for name in ("render-job-detail", "render-job-status", "render-job-file"):
        assert client.get(_job_url(name, job)).status_code == 404, name
    assert client.post(_job_url("render-job-retry", job)).status_code == 404


def test_render_job_redirects_anonymous_visitors_to_login(client, cast, draft):
    job = _job(cast, draft)
    response = client.get(_job_url("render-job-detail", job))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- failures -------------------------------------------------------------------------------------


def test_render_job_failed_with_vietnamese_message_when_soft_time_limit_exceeded(
    client, cast, draft, low_threshold, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def too_slow(minutes):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(selectors, "minutes_draft_pdf", too_slow)

    with caplog.at_level(logging.WARNING, logger="documents.jobs"):
        response = _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    page = client.get(response["Location"])

    job = RenderJob.objects.get()
    html = page.content.decode()
    assert (job.status, job.error, job.file.name) == (
        RenderJob.Status.FAILED,
        job_selectors.RENDER_JOB_TIMEOUT_MESSAGE,
        "",
    )
    assert job.error.startswith("Văn bản dài nên chưa tạo xong tệp PDF trong thời gian cho phép.")
    assert page.status_code == 200
    assert job_selectors.RENDER_JOB_TIMEOUT_MESSAGE in html
    assert "Traceback" not in html and "SoftTimeLimitExceeded" not in html
    assert f'action="{_job_url("render-job-retry", job)}"' in html and 'method="post"' in html
    assert "hx-trigger" not in html
    assert "soft time limit" in caplog.text


def test_render_job_failed_and_error_logged_when_rendering_raises(
    client, cast, draft, low_threshold, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(minutes):
        raise ValueError("layout exploded")

    monkeypatch.setattr(selectors, "minutes_draft_pdf", broken)

    with caplog.at_level(logging.ERROR, logger="documents.jobs"):
        _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)

    job = RenderJob.objects.get()
    assert (job.status, job.error) == (RenderJob.Status.FAILED, job_selectors.RENDER_JOB_ERROR_MESSAGE)
    assert "layout exploded" in caplog.text  # the traceback goes to the log, not to the person
    assert "layout exploded" not in client.get(_job_url("render-job-detail", job)).content.decode()


def test_render_job_failed_with_timeout_message_when_hard_time_limit_kills_the_render(cast, draft):
    job = _job(cast, draft, status=RenderJob.Status.RUNNING, progress=30)

    RenderDocumentTask().on_failure(TimeLimitExceeded(90), "task-id", (), {"job_id": str(job.pk)}, None)

    job.refresh_from_db()
    assert (job.status, job.error) == (RenderJob.Status.FAILED, job_selectors.RENDER_JOB_TIMEOUT_MESSAGE)
    assert job.finished_at is not None


def test_render_job_page_offers_retry_when_job_is_lost(client, cast, draft):
    job = _job(cast, draft)  # queued, and no worker ever took it
    RenderJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    client.force_login(cast.secretary)

    html = client.get(_job_url("render-job-detail", job)).content.decode()

    assert job_selectors.RENDER_JOB_STUCK_MESSAGE in html
    assert "hx-trigger" not in html


def test_render_job_retry_makes_a_new_job_after_a_failure(
    client, cast, draft, low_threshold, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(selectors, "minutes_draft_pdf", lambda minutes: (_ for _ in ()).throw(OSError()))
    _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    failed = RenderJob.objects.get()
    monkeypatch.undo()
    monkeypatch.setattr(selectors, "MINUTES_DRAFT_INLINE_MAX_CHARS", TEST_THRESHOLD)

    retry = client.post(_job_url("render-job-retry", failed))
    assert retry.status_code == 303
    # The PDF link of the same biên bản (an addendum's job retries the addendum, not the minutes).
    assert retry["Location"] == reverse(
        "meetings:minutes-document-pdf", kwargs={"pk": draft.meeting_id, "minutes_pk": draft.pk}
    )
    again = _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)

    new = RenderJob.objects.exclude(pk=failed.pk).get()
    assert again["Location"] == _job_url("render-job-detail", new)
    assert new.status == RenderJob.Status.DONE
    assert RenderJob.objects.get(pk=failed.pk).status == RenderJob.Status.FAILED


def test_render_job_failed_when_draft_edited_before_the_job_ran(cast, draft, low_threshold):
    job = report_services.render_job_request(minutes=draft, actor=cast.secretary)  # not committed: not run
    services.minutes_update(
        minutes=draft, actor=cast.secretary, body=LONG_BODY + PARAGRAPH, expected_version=draft.version
    )

    render_document(job_id=str(job.pk))

    job.refresh_from_db()
    assert (job.status, job.error) == (RenderJob.Status.FAILED, job_selectors.RENDER_JOB_CHANGED_MESSAGE)


# --- one job per version --------------------------------------------------------------------------


def test_render_job_reused_when_the_same_draft_is_asked_for_again(
    client, cast, draft, low_threshold, monkeypatch, django_capture_on_commit_callbacks
):
    renders = []
    real = selectors.minutes_draft_pdf
    monkeypatch.setattr(selectors, "minutes_draft_pdf", lambda minutes: renders.append(1) or real(minutes))

    first = _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    second = _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)

    assert first["Location"] == second["Location"]
    assert RenderJob.objects.count() == 1
    assert len(renders) == 1


def test_render_job_reused_while_it_is_still_running(cast, draft, low_threshold):
    running = _job(cast, draft, status=RenderJob.Status.RUNNING, progress=20)

    assert report_services.render_job_request(minutes=draft, actor=cast.secretary) == running


def test_render_job_new_when_the_draft_is_edited(
    client, cast, draft, low_threshold, django_capture_on_commit_callbacks
):
    first = _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    edited = services.minutes_update(
        minutes=draft, actor=cast.secretary, body=LONG_BODY + PARAGRAPH, expected_version=draft.version
    )
    second = _ask(client, cast.secretary, edited, django_capture_on_commit_callbacks)

    assert first["Location"] != second["Location"]
    assert sorted(RenderJob.objects.values_list("source_version", flat=True)) == [2, 3]


def test_render_job_separate_for_each_person(
    client, cast, draft, low_threshold, django_capture_on_commit_callbacks
):
    _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    _ask(client, cast.chair, draft, django_capture_on_commit_callbacks)

    assert set(RenderJob.objects.values_list("requested_by", flat=True)) == {cast.secretary.pk, cast.chair.pk}


def test_render_document_job_harmless_when_run_twice(
    client, cast, draft, low_threshold, django_capture_on_commit_callbacks
):
    _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    job = RenderJob.objects.get()

    render_document(job_id=str(job.pk))

    again = RenderJob.objects.get()
    assert (again.status, again.file.name, again.finished_at) == (job.status, job.file.name, job.finished_at)


# --- cleanup --------------------------------------------------------------------------------------


def test_cleanup_deletes_jobs_and_files_older_than_a_day(
    client, cast, draft, low_threshold, django_capture_on_commit_callbacks, private_media
):
    _ask(client, cast.secretary, draft, django_capture_on_commit_callbacks)
    old = RenderJob.objects.get()
    old_path = private_media / old.file.name
    RenderJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    recent = _job(cast, draft, status=RenderJob.Status.FAILED, error="x", finished_at=timezone.now())
    orphan = private_media / "renders" / "2020" / "01" / "orphan.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.7")  # a file whose job row is gone, two days old
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(orphan, (two_days_ago, two_days_ago))
    fresh_orphan = orphan.with_name("rendering-now.pdf")
    fresh_orphan.write_bytes(b"%PDF-1.7")
    assert old_path.is_file()

    assert cleanup_render_jobs() == 1
    assert cleanup_render_jobs() == 0  # harmless twice

    assert list(RenderJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not old_path.exists()
    assert not orphan.exists()
    assert fresh_orphan.exists()  # a render storing its file right now keeps it
    client.force_login(cast.secretary)
    assert client.get(_job_url("render-job-detail", old)).status_code == 404


def test_cleanup_is_scheduled_daily(settings):
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "documents.jobs.cleanup_render_jobs" in entries


def test_retry_of_an_addendums_job_asks_for_that_addendum_not_the_signed_minutes(
    client, cast, low_threshold, monkeypatch, django_capture_on_commit_callbacks
):
    meeting = _held(cast, at(timezone.localdate() + datetime.timedelta(days=3), 8))
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)
    services.minutes_sign(minutes=minutes, actor=cast.secretary)
    services.minutes_sign(minutes=minutes, actor=cast.chair)
    addendum = services.minutes_addendum_create(minutes=minutes, actor=cast.secretary, body=LONG_BODY)
    url = reverse("meetings:minutes-document-pdf", kwargs={"pk": meeting.pk, "minutes_pk": addendum.pk})
    monkeypatch.setattr(selectors, "minutes_draft_pdf", lambda minutes: (_ for _ in ()).throw(OSError()))
    client.force_login(cast.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.get(url)
    job = RenderJob.objects.get()
    assert asked.status_code == 303 and job.source_id == addendum.pk
    assert job.status == RenderJob.Status.FAILED

    retry = client.post(_job_url("render-job-retry", job))
    assert retry["Location"] == url


def test_head_on_a_long_drafts_link_starts_no_job(client, cast, draft, low_threshold):
    client.force_login(cast.secretary)
    response = client.head(reverse("meetings:minutes-pdf", kwargs={"pk": draft.meeting_id}))
    assert response.status_code == 405
    assert not RenderJob.objects.exists()
