"""The compliance panel: the regulation's checks of one committee, as of today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .compliance import Status, compliance_checks, compliance_sections
from .selectors import committee_for_compliance, committees_followed_by


@login_required
def compliance(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee = committee_for_compliance(request.user, committee_pk)
    today = timezone.localdate()
    checks = compliance_checks(committee, today)
    return render(
        request,
        "reports/compliance.html",
        {
            "committee": committee,
            "today": today,
            "sections": compliance_sections(checks),
            "counts": [(status, sum(c.status == status for c in checks)) for status in Status],
        },
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Where each of the person's committees stands: links to its compliance panel and its register
    of issued documents, and the archive's search."""
    return render(request, "reports/overview.html", {"committees": committees_followed_by(request.user)})
