"""Signed documents are archived once (PDF/A + SHA-256) and served from the archive; drafts are
rendered on demand, marked "DỰ THẢO" and never stored (issue 4, acceptance 3)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.rendering.pdf import render_html
from meetings import services
from meetings.documents.services import signed_document_archive
from meetings.jobs import archive_signed_document
from meetings.models import SignedDocument
from tests.documents.conftest import _cast, _held, _issue, _signed, at
from tests.documents.pdfcheck import parse
from tests.documents.test_rendering import watermark

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def cast():
    return _cast()


def _start() -> datetime.datetime:
    return at(timezone.localdate() + datetime.timedelta(days=3), 8)


@pytest.fixture
def notice(cast):
    meeting, _minutes = _signed(cast, _start())
    return _issue(cast, meeting, cast.chair)


def _download(client, user, name: str, meeting_pk: int):
    client.force_login(user)
    response = client.get(reverse(f"meetings:{name}", kwargs={"pk": meeting_pk}))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_notice_pdf_served_bytes_hash_equals_stored_hash(client, cast, notice):
    response, body = _download(client, cast.member, "notice-pdf", notice.meeting_id)

    document = SignedDocument.objects.get(notice=notice)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="TB-{notice.number:02d}-{notice.year}-BCDA.pdf"' in response["Content-Disposition"]
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == document.sha256 == response["X-Content-SHA256"]
    assert len(body) == document.size


def test_notice_pdf_is_404_not_a_server_error_when_the_archived_file_is_gone(client, cast, notice):
    _download(client, cast.member, "notice-pdf", notice.meeting_id)  # archived
    document = SignedDocument.objects.get(notice=notice)
    document.file.storage.delete(document.file.name)
    response, _body = _download(client, cast.member, "notice-pdf", notice.meeting_id)
    assert response.status_code == 404
    assert SignedDocument.objects.get(notice=notice).sha256 == document.sha256  # not re-rendered


def test_notice_pdf_unchanged_when_template_edited_after_signing(client, settings, tmp_path, cast, notice):
    _response, before = _download(client, cast.member, "notice-pdf", notice.meeting_id)
    override = tmp_path / "templates" / "documents"
    override.mkdir(parents=True)
    (override / "notice.html").write_text("<html><body><p>MẪU ĐÃ SỬA</p></body></html>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    assert "MẪU ĐÃ SỬA" in render_html("documents/notice.html", {})  # the edit is in force

    _response, after = _download(client, cast.chair, "notice-pdf", notice.meeting_id)

    assert after == before
    assert SignedDocument.objects.filter(notice=notice).count() == 1


def test_minutes_pdf_served_from_archive_when_signed(client, cast):
    meeting, minutes = _signed(cast, _start())

    response, body = _download(client, cast.secretary, "minutes-pdf", meeting.pk)

    document = SignedDocument.objects.get(kind=SignedDocument.Kind.MINUTES, minutes=minutes)
    assert response.status_code == 200
    assert hashlib.sha256(body).hexdigest() == document.sha256 == response["X-Content-SHA256"]
    assert all(watermark(page) == "" for page in parse(body).pages)


def test_minutes_pdf_draft_watermarked_and_not_stored_when_unsigned(client, cast, private_media):
    meeting = _held(cast, _start())
    services.minutes_start(meeting=meeting, actor=cast.secretary)

    response, body = _download(client, cast.secretary, "minutes-pdf", meeting.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="DU-THAO-BB-' in response["Content-Disposition"]
    assert "X-Content-SHA256" not in response
    pages = parse(body).pages
    assert pages and all(watermark(page) == "".join(sorted(set("DỰTHẢO"))) for page in pages)
    assert not SignedDocument.objects.exists()
    assert not private_media.exists() or not any(p.is_file() for p in private_media.rglob("*"))


def test_signed_document_archive_idempotent_when_called_twice(cast, notice, private_media):
    first = signed_document_archive(notice=notice)
    second = signed_document_archive(notice=notice)

    assert second.pk == first.pk
    assert SignedDocument.objects.count() == 1
    assert len([p for p in private_media.rglob("*") if p.is_file()]) == 1
    assert first.history.count() == 1


def test_signed_document_archive_refuses_unsigned_minutes(cast):
    """The message comes in the site language (Vietnamese)."""
    from meetings.models import MeetingError

    meeting = _held(cast, _start())
    minutes = services.minutes_start(meeting=meeting, actor=cast.secretary)

    with pytest.raises(MeetingError, match="Chỉ lưu trữ biên bản đã ký."):
        signed_document_archive(minutes=minutes)
    assert not SignedDocument.objects.exists()


def test_signing_archives_notice_and_minutes_on_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting, minutes = _signed(cast, _start())
        notice = _issue(cast, meeting, cast.chair)

    assert SignedDocument.objects.filter(kind=SignedDocument.Kind.MINUTES, minutes=minutes).count() == 1
    assert SignedDocument.objects.filter(kind=SignedDocument.Kind.NOTICE, notice=notice).count() == 1


def test_archive_job_harmless_when_run_twice(cast, notice):
    first = archive_signed_document(notice_id=notice.pk)
    second = archive_signed_document(notice_id=notice.pk)

    assert first == second == SignedDocument.objects.get().pk


def test_storage_failure_answers_503_with_a_message_not_a_server_error(client, cast, notice, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("meetings.documents.services.signed_document_archive", full_disk)
    response, _body = _download(client, cast.member, "notice-pdf", notice.meeting_id)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "thử lại sau một phút" in page  # in Vietnamese, the portal's language
    assert reverse("meetings:meeting-detail", kwargs={"pk": notice.meeting_id}) in page


def test_a_second_archiver_that_loses_the_race_returns_the_first_copy(
    cast, notice, monkeypatch, private_media
):
    """SQLite has no row locks: two first downloads may both render; the one that stores second
    keeps the first copy and leaves no orphan file behind."""
    first = signed_document_archive(notice=notice)
    from meetings.documents import selectors as report_selectors

    real_get = report_selectors.signed_document_get
    calls = []

    def not_yet_then_real(**source):
        calls.append(source)
        return None if len(calls) == 1 else real_get(**source)  # the lock-time check misses it

    monkeypatch.setattr(report_selectors, "signed_document_get", not_yet_then_real)
    second = signed_document_archive(notice=notice)

    assert second.pk == first.pk
    assert SignedDocument.objects.filter(notice=notice).count() == 1
    stored = sorted(p.name for p in private_media.rglob("*.pdf"))
    assert stored == [first.file.name.rsplit("/", 1)[-1]]
