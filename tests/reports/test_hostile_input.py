"""No input to the follow-up pages gives a 500: the compliance panel, the register (its filters
and export) and the search, crawled and fuzzed as tests/test_hostile_input.py does, as the chair and
the focal officer."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from reports.requests_services import agency_request_create, agency_submission_save
from tests.reports.quarterly import RS, make_report
from tests.tasks.conftest import evidence_pdf
from tests.test_hostile_input import FormReader, Target, fuzz_targets

QUERY_PARAMS = {"q": "text", "page": "id", "year": "number", "type": "text", "kind": "text"}


def test_no_reports_form_or_query_parameter_answers_500(client, task_cast):
    c = task_cast
    people = [c.chair, c.focal]
    pages = [
        reverse("reports:overview"),
        reverse("reports:search"),
        reverse("reports:compliance", kwargs={"committee_pk": c.committee.pk}),
        reverse("reports:register", kwargs={"committee_pk": c.committee.pk}),
        reverse("reports:register-export", kwargs={"committee_pk": c.committee.pk, "fmt": "csv"}),
    ]
    found: dict[tuple[str, str], Target] = {}
    for person in people:
        client.force_login(person)
        for url in pages:
            page = found.setdefault((url, "get"), Target(url, "get"))
            for name, kind in QUERY_PARAMS.items():
                page.add(name, kind)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            reader = FormReader(url)
            reader.feed(response.content.decode())
            for form in reader.forms:
                if form.url.startswith(("/admin/", "/i18n/", "/accounts/")):
                    continue
                known = found.setdefault((form.url, form.method), Target(form.url, form.method))
                for name, read in form.fields.items():
                    known.add(name, read.kind, shown=read.shown)
                    for option in read.options:
                        known.add(name, read.kind, option)
    targets = sorted(found.values(), key=lambda t: (t.url, t.method))
    assert len(targets) >= len(pages)
    fuzz_targets(client, people, targets, examples=6)


# --- the quarterly report (Điều 7.9) ----------------------------------------------------------------


def test_no_quarterly_report_form_or_query_parameter_answers_500(client, task_cast):
    """The report's pages as its drafter and its approver: every form found (the quarter to
    start, the sections, the refresh, submit, return, approve) and the list's query parameters,
    fuzzed with hostile values (long, control characters, numbers past the database's integers)."""
    c = task_cast
    people = [c.secretary, c.chair]
    draft = make_report(c)
    submitted = make_report(c, RS.SUBMITTED, year=timezone.localdate().year - 1, quarter=1)
    committee = {"committee_pk": c.committee.pk}
    pages = [
        reverse("reports:quarterly-list", kwargs=committee),
        reverse("reports:quarterly-create", kwargs=committee),
        *(
            reverse(f"reports:{name}", kwargs={"pk": report.pk})
            for report in (draft, submitted)
            for name in (
                "quarterly-detail",
                "quarterly-edit",
                "quarterly-submit",
                "quarterly-return",
                "quarterly-approve",
            )
        ),
    ]
    found: dict[tuple[str, str], Target] = {}
    for person in people:
        client.force_login(person)
        for url in pages:
            page = found.setdefault((url, "get"), Target(url, "get"))
            for name, kind in {"page": "id", "year": "number", "quarter": "number"}.items():
                page.add(name, kind)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            reader = FormReader(url)
            reader.feed(response.content.decode())
            for form in reader.forms:
                if form.url.startswith(("/admin/", "/i18n/", "/accounts/")):
                    continue
                known = found.setdefault((form.url, form.method), Target(form.url, form.method))
                for name, read in form.fields.items():
                    known.add(name, read.kind, shown=read.shown)
                    for option in read.options:
                        known.add(name, read.kind, option)
    targets = sorted(found.values(), key=lambda t: (t.url, t.method))
    # The forms of the create, edit and return pages, and the refresh and confirmation buttons.
    assert sum(t.method == "post" for t in targets) >= 6
    fuzz_targets(client, people, targets, examples=6)


# --- agency reports on request (reports/views_requests.py) ------------------------------------------


def test_no_agency_request_form_or_query_parameter_answers_500(client, task_cast):
    """The requests' pages and forms (asking, an agency's report, closing), crawled as the
    secretary (who asks) and the focal officer (who answers), then fuzzed."""
    c = task_cast
    asked = agency_request_create(
        committee=c.committee,
        actor=c.secretary,
        title="Báo cáo chuyển đổi số",
        body="Đề nghị báo cáo",
        questions=["Kết quả?", "Khó khăn?"],
        due_date=timezone.localdate() + datetime.timedelta(days=5),
        organizations=[c.org_a, c.org_b],
    )
    agency_submission_save(
        request=asked, organization=c.org_a, actor=c.focal, text="Đã triển khai", files=[evidence_pdf()]
    )
    people = [c.secretary, c.focal]
    pages = [
        reverse("reports:request-list", kwargs={"committee_pk": c.committee.pk}),
        reverse("reports:request-create", kwargs={"committee_pk": c.committee.pk}),
        reverse("reports:request-detail", kwargs={"pk": asked.pk}),
        reverse("reports:request-submit", kwargs={"pk": asked.pk}),
        reverse("reports:request-close", kwargs={"pk": asked.pk}),
        reverse("reports:request-compiled", kwargs={"pk": asked.pk}),
    ]
    found: dict[tuple[str, str], Target] = {}
    for person in people:
        client.force_login(person)
        for url in pages:
            page = found.setdefault((url, "get"), Target(url, "get"))
            page.add("agency", "id")
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            reader = FormReader(url)
            reader.feed(response.content.decode())
            for form in reader.forms:
                if form.url.startswith(("/admin/", "/i18n/", "/accounts/")) or form.url.startswith("/search"):
                    continue
                known = found.setdefault((form.url, form.method), Target(form.url, form.method))
                for name, read in form.fields.items():
                    known.add(name, read.kind, shown=read.shown)
                    for option in read.options:
                        known.add(name, read.kind, option)
    targets = sorted(found.values(), key=lambda t: (t.url, t.method))
    assert sum(t.method == "post" for t in targets) >= 3  # asking, answering, closing
    fuzz_targets(client, people, targets, examples=6)
