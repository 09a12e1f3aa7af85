"""The demo's reports (demo/story/reports.py, run by seed_demo): an approved quarterly report for
each past quarter of the year, numbered BC and archived as PDF/A, a draft for the current quarter,
a request for the agencies' reports half answered (Sở Tài chính with a file, Sở Kế hoạch và Đầu tư
not yet), a compliance panel with green, amber and red checks, and a second run that writes
nothing.

Seeded once for the module on the same pinned clock as test_story.py (late November 2026), inside
a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from members.models import User
from reports.compliance import Status, compliance_checks
from reports.models import AgencyReportRequest, AgencySubmission, QuarterlyReport, QuarterlyReportDocument
from reports.quarterly import quarter_bounds

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=VN)  # test_story.py's day, late in quarter IV
EGOV = "BCĐCQĐT"

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("reports_demo")]


def _seed(now: datetime.datetime, **options) -> None:
    with mock.patch("django.utils.timezone.now", return_value=now):
        call_command("seed_demo", force=True, **{"verbosity": 0, **options})


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for this module; yields the private media root."""
    root = tmp_path_factory.mktemp("private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=root), transaction.atomic():
        _seed(TODAY)
        yield root
        transaction.set_rollback(True)


def _reports() -> list[QuarterlyReport]:
    return list(
        QuarterlyReport.objects.filter(committee__short_code=EGOV)
        .select_related("approved_by", "created_by")
        .order_by("quarter")
    )


def test_demo_has_an_approved_report_per_past_quarter_and_a_draft_for_this_one(demo):
    reports = _reports()
    assert [(r.year, r.quarter) for r in reports] == [(2026, 1), (2026, 2), (2026, 3), (2026, 4)]
    *past, current = reports
    assert [r.symbol for r in past] == ["01/BC-BCĐCQĐT", "02/BC-BCĐCQĐT", "03/BC-BCĐCQĐT"]
    for report in past:
        assert report.status == QuarterlyReport.Status.APPROVED and report.approved_by.username == "chair"
        assert report.created_by.username == "secretary" and report.results and report.next_focus
        # Written after its quarter ended, approved after it was submitted.
        end = quarter_bounds(report.year, report.quarter)[1]
        assert report.created_at.astimezone(VN).date() > end
        assert report.created_at < report.submitted_at < report.approved_at
        assert report.figures["period"]["quarter"] == report.quarter
    assert current.status == QuarterlyReport.Status.DRAFT and current.symbol == ""
    assert current.results and not current.difficulties


def test_demo_approved_reports_are_archived_as_pdf_with_their_sha256(demo):
    documents = list(QuarterlyReportDocument.objects.filter(report__committee__short_code=EGOV))
    assert len(documents) == 3
    for document in documents:
        content = (demo / document.file.name).read_bytes()
        assert content.startswith(b"%PDF-") and document.size == len(content)
        assert hashlib.sha256(content).hexdigest() == document.sha256


def test_demo_agency_request_is_half_answered_and_waits_for_the_focal_officers_agency(demo, client):
    request = AgencyReportRequest.objects.get(committee__short_code=EGOV)
    asked = set(request.organizations.values_list("short_code", flat=True))
    answered = set(
        AgencySubmission.objects.filter(request=request).values_list("organization__short_code", flat=True)
    )
    assert answered < asked and "SKHDT" in asked - answered and "STC" in answered
    assert len(asked) // 2 <= len(answered) <= len(asked) // 2 + 1
    stc = AgencySubmission.objects.get(request=request, organization__short_code="STC")
    assert stc.files.count() == 1 and stc.submitted_at.astimezone(VN) < TODAY
    assert request.due_date > TODAY.date()

    client.force_login(User.objects.get(username="focal"))
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        page = client.get(reverse("reports:request-detail", kwargs={"pk": request.pk}))
    assert page.status_code == 200
    assert reverse("reports:request-submit", kwargs={"pk": request.pk}) in page.content.decode()


def test_demo_compliance_panel_shows_green_amber_and_red(demo):
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        checks = compliance_checks(_reports()[0].committee, TODAY.date())
    assert {check.status for check in checks} == set(Status)


def test_seed_demo_twice_creates_no_report_records(demo):
    before = (
        QuarterlyReport.history.count(),
        AgencySubmission.history.count(),
        AgencyReportRequest.objects.count(),
    )
    out = StringIO()
    _seed(TODAY + datetime.timedelta(days=1), verbosity=1, stdout=out)
    assert (
        QuarterlyReport.history.count(),
        AgencySubmission.history.count(),
        AgencyReportRequest.objects.count(),
    ) == before
    assert "Demo reports: already in place" in out.getvalue()
