"""The quarterly report in the compliance panel (Điều 7.9): the report of the quarter just ended,
green once approved, amber while drafted or submitted within the committee's working days after
the quarter's end, red when there is none, or when it is still not approved after them; and the
approved report in the register of issued documents (BC) with its archived copy's hash."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from members.workdays import add_working_days
from reports import services
from reports.compliance import Status, compliance_checks
from reports.models import QuarterlyReportDocument
from reports.quarterly import quarter_bounds
from reports.register import register_rows, register_years
from tests.reports.quarterly import RS, make_report

SHA_REPORT = "c" * 64


def _this_quarter() -> tuple[int, int, datetime.date]:
    """Today's quarter (a report may be written for it now) and its last day."""
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    return today.year, quarter, quarter_bounds(today.year, quarter)[1]


def check(cast, day: datetime.date):
    return next(c for c in compliance_checks(cast.committee, day) if c.name == "quarterly_report")


def test_red_when_the_last_quarter_has_no_report(task_cast):
    _year, _quarter, end = _this_quarter()
    found = check(task_cast, end + datetime.timedelta(days=1))
    assert found.status == Status.RED
    assert found.url == reverse("reports:quarterly-list", kwargs={"committee_pk": task_cast.committee.pk})
    deadline = add_working_days(end, task_cast.committee.quarterly_report_working_days)
    assert deadline.strftime("%d/%m/%Y") in found.sentence and "7.9" in found.sentence


def test_amber_while_drafted_within_the_threshold_then_red(task_cast):
    year, quarter, end = _this_quarter()
    report = make_report(task_cast, year=year, quarter=quarter)
    deadline = add_working_days(end, task_cast.committee.quarterly_report_working_days)
    for day in (end + datetime.timedelta(days=1), deadline):
        found = check(task_cast, day)
        assert found.status == Status.AMBER, day
        assert found.url == report.get_absolute_url()
    assert check(task_cast, deadline + datetime.timedelta(days=1)).status == Status.RED


def test_amber_while_submitted_then_green_once_approved(task_cast):
    year, quarter, end = _this_quarter()
    report = make_report(task_cast, RS.SUBMITTED, year=year, quarter=quarter)
    day = end + datetime.timedelta(days=1)
    submitted = check(task_cast, day)
    assert submitted.status == Status.AMBER and "đang chờ Trưởng Ban phê duyệt" in submitted.sentence
    services.report_approve(report=report, actor=task_cast.chair)
    green = check(task_cast, day)
    assert green.status == Status.GREEN and green.url == report.get_absolute_url()
    # Long after the threshold, an approved report stays green.
    assert check(task_cast, end + datetime.timedelta(days=80)).status == Status.GREEN


def test_the_threshold_is_the_committee_s_setting(task_cast):
    year, quarter, end = _this_quarter()
    make_report(task_cast, year=year, quarter=quarter)
    late = add_working_days(end, 3)
    assert check(task_cast, late).status == Status.AMBER
    task_cast.committee.quarterly_report_working_days = 2
    task_cast.committee.save(update_fields=["quarterly_report_working_days"])
    assert check(task_cast, late).status == Status.RED


def test_only_the_quarter_just_ended_counts(task_cast):
    year, quarter, end = _this_quarter()
    make_report(task_cast, RS.APPROVED, year=year, quarter=quarter)
    # Two quarters later, the report due is another quarter's.
    assert check(task_cast, end + datetime.timedelta(days=100)).status == Status.RED


def test_every_state_reads_in_vietnamese(task_cast):
    year, quarter, end = _this_quarter()
    day = end + datetime.timedelta(days=1)
    states = [lambda: None, lambda: make_report(task_cast, year=year, quarter=quarter)]
    for make in states:
        make()
        with translation.override("en"):
            english = check(task_cast, day)
        with translation.override("vi"):
            vietnamese = check(task_cast, day)
        assert english.sentence != vietnamese.sentence and english.title != vietnamese.title
        assert "Điều 7.9" in vietnamese.sentence


# --- the register (Điều 7.10): the approved report as BC ------------------------------------------


def test_an_approved_report_is_in_the_register_with_its_hash(client, task_cast):
    draft_year, draft_quarter, _end = _this_quarter()
    make_report(task_cast, year=draft_year, quarter=draft_quarter)  # a draft: not issued, not listed
    previous = (draft_year, draft_quarter - 1) if draft_quarter > 1 else (draft_year - 1, 4)
    report = make_report(task_cast, RS.APPROVED, year=previous[0], quarter=previous[1])
    QuarterlyReportDocument.objects.create(
        report=report, file=ContentFile(b"%PDF-1.7", name="bc.pdf"), sha256=SHA_REPORT, size=8
    )
    rows = [row for row in register_rows(task_cast.committee.pk) if row.doc_type == "BC"]
    assert len(rows) == 1
    row = rows[0]
    assert row.symbol == report.symbol == "01/BC-BCĐA"
    assert row.title == report.title and row.signer == str(task_cast.chair)
    assert row.sha256 == SHA_REPORT and row.date == timezone.localdate(report.approved_at)
    assert row.pdf_url == reverse("reports:quarterly-pdf", kwargs={"pk": report.pk})
    assert report.number_year in register_years(task_cast.committee.pk)
    assert [r.doc_type for r in register_rows(task_cast.committee.pk, doc_type="BC")] == ["BC"]

    client.force_login(task_cast.member)
    response = client.get(
        reverse("reports:register", kwargs={"committee_pk": task_cast.committee.pk}), {"doc_type": "BC"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "01/BC-BCĐA" in html and SHA_REPORT in html
    assert "Báo cáo quý (BC)" in html


def test_the_register_lists_no_report_of_another_committee(task_cast):
    make_report(task_cast, RS.APPROVED)
    assert not [row for row in register_rows(task_cast.other_committee.pk) if row.doc_type == "BC"]
