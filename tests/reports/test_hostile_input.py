"""No input to the follow-up pages gives a 500: the compliance panel, the register (its filters
and export) and the search, crawled and fuzzed as tests/test_hostile_input.py does, as the chair and
the focal officer."""

from __future__ import annotations

from django.urls import reverse

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
