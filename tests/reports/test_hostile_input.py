"""No input to the follow-up pages gives a 500: the compliance panel, the register (its filters
and export) and the search, crawled and fuzzed as tests/test_hostile_input.py does, as the chair and
the focal officer."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tests.reports.quarterly import RS, make_report
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
