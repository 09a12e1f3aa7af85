"""The quarterly report's PDF download: a draft rendered now, an approved report from its archived
copy, named "NN-BC-<code>.pdf", with its SHA-256; a storage failure answers 503 with a page, a
vanished copy 404 (never re-rendered).

The first two need reports.quarterly_documents (the report's document work, merged separately):
before it they fail with NotImplementedError."""

from __future__ import annotations

from django.urls import reverse

from reports import quarterly_documents
from tests.reports.quarterly import RS, make_report


def _pdf(report) -> str:
    return reverse("reports:quarterly-pdf", kwargs={"pk": report.pk})


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_draft_downloads_as_a_pdf_rendered_now(client, task_cast):
    report = make_report(task_cast)
    client.force_login(task_cast.secretary)
    response = client.get(_pdf(report))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _body(response).startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and disposition.endswith('.pdf"')
    assert "BC-" not in disposition  # a draft has no number yet


def test_an_approved_report_downloads_its_archived_copy_named_by_its_number(client, task_cast):
    report = make_report(task_cast, RS.APPROVED)
    client.force_login(task_cast.member)
    response = client.get(_pdf(report))
    assert response.status_code == 200
    assert _body(response).startswith(b"%PDF")
    assert "01-BC-" in response["Content-Disposition"]
    assert len(response["X-Content-SHA256"]) == 64
    # The same copy the second time (archived once).
    again = client.get(_pdf(report))
    assert again["X-Content-SHA256"] == response["X-Content-SHA256"]


def test_a_storage_failure_answers_503_with_a_page(client, task_cast, monkeypatch):
    report = make_report(task_cast, RS.APPROVED)

    def broken(_report):
        raise OSError("disk full")

    monkeypatch.setattr(quarterly_documents, "report_document_get_or_archive", broken)
    client.force_login(task_cast.chair)
    response = client.get(_pdf(report))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert report.get_absolute_url() in response.content.decode()


def test_a_vanished_archived_copy_is_404_not_rendered_again(client, task_cast, monkeypatch):
    report = make_report(task_cast, RS.APPROVED)

    def vanished(_report):
        raise FileNotFoundError("gone")

    def never(*_args, **_kwargs):
        raise AssertionError("an approved report is never rendered again")

    monkeypatch.setattr(quarterly_documents, "report_document_get_or_archive", vanished)
    monkeypatch.setattr(quarterly_documents, "report_pdf", never)
    client.force_login(task_cast.chair)
    assert client.get(_pdf(report)).status_code == 404


def test_a_head_request_renders_nothing(client, task_cast, monkeypatch):
    report = make_report(task_cast)
    monkeypatch.setattr(
        quarterly_documents, "report_pdf", lambda *_a, **_k: (_ for _ in ()).throw(AssertionError)
    )
    client.force_login(task_cast.secretary)
    assert client.head(_pdf(report)).status_code == 405
