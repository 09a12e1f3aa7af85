"""Every reports URL × the whole cast → the expected outcome (the reports issue, acceptance 4).

Outcomes: "ok" (200), "login" (302 to the login page), 404 (the committee is not theirs). A URL in
reports/urls.py without a row here fails `test_every_reports_url_has_a_row`. What the search finds
for whom is tested in test_search.py; here, who may open it.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import urls
from reports.requests_services import agency_request_create, agency_submission_save
from tests.reports.quarterly import make_report
from tests.tasks.conftest import evidence_pdf
from tests.tasks.test_permission_matrix import CAST, INSIDERS, OUTSIDERS, ok_for

EVERYONE_SIGNED_IN = {who: ("login" if who == "anonymous" else "ok") for who in CAST}
COMMITTEE_A = {
    who: "login" if who == "anonymous" else "ok" if who in INSIDERS else 404 if who in OUTSIDERS else None
    for who in CAST
}

ROWS: dict[str, tuple[str, dict]] = {
    "overview": ("none", EVERYONE_SIGNED_IN),
    "search": ("none", EVERYONE_SIGNED_IN),
    "compliance": ("committee", COMMITTEE_A),
    "register": ("committee", COMMITTEE_A),
    "register-export": ("committee_fmt", COMMITTEE_A),
}


def test_every_reports_url_has_a_row():
    assert {p.name for p in urls.urlpatterns} == set(ROWS) | set(QUARTERLY_ROWS) | set(REQUEST_ROWS)
    assert all(outcome is not None for _kwargs, expect in ROWS.values() for outcome in expect.values())
    assert all(
        outcome is not None for _t, _m, expect in QUARTERLY_ROWS.values() for outcome in expect.values()
    )


def _outcome(response) -> object:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        return "login" if reverse("login") in response["Location"] else "ok"
    return response.status_code


@pytest.mark.parametrize("name", sorted(ROWS))
def test_permission_matrix(client, task_cast, name):
    c = task_cast
    users = {
        "chair": c.chair,
        "deputy": c.deputy,
        "standing": c.standing,
        "member": c.member,
        "member_b": c.member_b,
        "secretary": c.secretary,
        "focal": c.focal,
        "other_member": c.other_member,
        "guest": c.guest,
        "outsider": c.outsider,
        "admin": c.admin,
    }
    kind, expect = ROWS[name]
    kwargs = {
        "none": {},
        "committee": {"committee_pk": c.committee.pk},
        "committee_fmt": {"committee_pk": c.committee.pk, "fmt": "csv"},
    }[kind]
    url = reverse(f"reports:{name}", kwargs=kwargs)
    query = {"q": "kế hoạch"} if name == "search" else {}
    got = {}
    for who in CAST:
        client.logout()
        if who != "anonymous":
            client.force_login(users[who])
        got[who] = _outcome(client.get(url, query))
    mismatches = {who: (got[who], expect[who]) for who in CAST if got[who] != expect[who]}
    assert not mismatches, f"{name}: who → (got, expected): {mismatches}"


# --- the quarterly report (Điều 7.9) ----------------------------------------------------------------
# A draft or a submitted report is read by its drafters (standing member, secretariat) and those who
# may approve it (chair, deputies); the committee's other people get 404, as for another
# committee's. Drafting is the drafters'; approving and returning the chair's (a deputy only while
# acting: not in this cast). Each row: the report's state (or the committee), the method, outcomes.

DRAFT_READERS = ("chair", "deputy", "standing", "secretary")
DRAFTERS_ONLY = {
    **ok_for("standing", "secretary"),
    **{who: 404 for who in ("member", "member_b", "focal")},
}
CHAIR_ONLY = {**ok_for("chair"), **{who: 404 for who in ("member", "member_b", "focal")}}

QUARTERLY_ROWS: dict[str, tuple[str, str, dict]] = {
    "quarterly-list": ("committee", "get", COMMITTEE_A),
    "quarterly-create": ("committee", "get", ok_for("standing", "secretary")),
    "quarterly-detail": ("draft", "get", ok_for(*DRAFT_READERS, denied=404)),
    "quarterly-edit": ("draft", "get", DRAFTERS_ONLY),
    "quarterly-refresh": ("draft", "post", DRAFTERS_ONLY),
    "quarterly-submit": ("draft", "get", DRAFTERS_ONLY),
    "quarterly-return": ("submitted", "get", CHAIR_ONLY),
    "quarterly-approve": ("submitted", "get", CHAIR_ONLY),
    # Rendered by reports.quarterly_documents (the document work): see test_quarterly_pdf_matrix.
    "quarterly-pdf": ("draft", "get", ok_for(*DRAFT_READERS, denied=404)),
}


def _quarterly_people(c) -> dict[str, object]:
    names = [who for who in CAST if who != "anonymous"]
    return {who: (c.member_b if who == "member_b" else getattr(c, who)) for who in names}


def _quarterly_matrix(client, c, name: str) -> None:
    target, method, expect = QUARTERLY_ROWS[name]
    if target == "committee":
        url = reverse(f"reports:{name}", kwargs={"committee_pk": c.committee.pk})
    else:
        url = reverse(f"reports:{name}", kwargs={"pk": make_report(c, target).pk})
    people = _quarterly_people(c)
    got = {}
    for who in CAST:
        client.logout()
        if who != "anonymous":
            client.force_login(people[who])
        got[who] = _outcome(client.post(url) if method == "post" else client.get(url))
    mismatches = {who: (got[who], expect[who]) for who in CAST if got[who] != expect[who]}
    assert not mismatches, f"{name}: who → (got, expected): {mismatches}"


@pytest.mark.parametrize("name", sorted(set(QUARTERLY_ROWS) - {"quarterly-pdf"}))
def test_quarterly_permission_matrix(client, task_cast, name):
    _quarterly_matrix(client, task_cast, name)


def test_quarterly_pdf_matrix(client, task_cast):
    """Needs reports.quarterly_documents.report_pdf (NotImplementedError until the document work)."""
    _quarterly_matrix(client, task_cast, "quarterly-pdf")


def test_an_approved_report_is_read_by_the_whole_committee(client, task_cast):
    url = make_report(task_cast, "approved").get_absolute_url()
    people = _quarterly_people(task_cast)
    for who in CAST:
        client.logout()
        if who != "anonymous":
            client.force_login(people[who])
        assert _outcome(client.get(url)) == COMMITTEE_A[who], who


# --- agency reports on request (reports/views_requests.py) ------------------------------------------
# The world: committee A's secretary asked org_a (Sở KH&ĐT) only, with an attachment; its focal
# officer answered with a file. member_b (Sở Tài chính) sees the request but answers for no asked
# agency and may not read org_a's report.

ASKERS = ok_for("chair", "deputy", "standing", "secretary")
REQUEST_ROWS: dict[str, tuple[str, dict]] = {
    "request-list": ("committee", COMMITTEE_A),
    "request-create": ("committee", ASKERS),
    "request-detail": ("request", COMMITTEE_A),
    "request-submit": ("request", ok_for("member", "focal")),
    "request-close": ("request", ASKERS),
    "request-export": ("request", ASKERS),
    "request-compiled": ("request", ASKERS),
    "request-attachment": ("attachment", COMMITTEE_A),
    "request-submission-file": (
        "report_file",
        ok_for("chair", "deputy", "standing", "secretary", "member", "focal", denied=404),
    ),
}


@pytest.mark.parametrize("name", sorted(REQUEST_ROWS))
def test_permission_matrix_of_agency_requests(client, task_cast, name):
    c = task_cast
    asked = agency_request_create(
        committee=c.committee,
        actor=c.secretary,
        title="Báo cáo chuyển đổi số",
        body="Đề nghị báo cáo",
        due_date=timezone.localdate() + datetime.timedelta(days=5),
        organizations=[c.org_a],
        files=[evidence_pdf("cong-van.pdf")],
    )
    report = agency_submission_save(
        request=asked, organization=c.org_a, actor=c.focal, text="Đã triển khai", files=[evidence_pdf()]
    )
    users = {
        "chair": c.chair,
        "deputy": c.deputy,
        "standing": c.standing,
        "member": c.member,
        "member_b": c.member_b,
        "secretary": c.secretary,
        "focal": c.focal,
        "other_member": c.other_member,
        "guest": c.guest,
        "outsider": c.outsider,
        "admin": c.admin,
    }
    kind, expect = REQUEST_ROWS[name]
    pk = {
        "committee": None,
        "request": asked.pk,
        "attachment": asked.attachments.get().pk,
        "report_file": report.files.get().pk,
    }[kind]
    kwargs = {"committee_pk": c.committee.pk} if kind == "committee" else {"pk": pk}
    url = reverse(f"reports:{name}", kwargs=kwargs)
    got = {}
    for who in CAST:
        client.logout()
        if who != "anonymous":
            client.force_login(users[who])
        got[who] = _outcome(client.get(url))
    mismatches = {who: (got[who], expect[who]) for who in CAST if got[who] != expect[who]}
    assert not mismatches, f"{name}: who → (got, expected): {mismatches}"
