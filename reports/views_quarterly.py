"""HTTP for the quarterly report (Điều 7.9): a committee's reports, starting one for a quarter,
the report (figures, narrative, history), editing its narrative, refreshing its figures,
submitting it, returning or approving it (each with a confirmation page), and its PDF. Parse, load
through an access helper, require a right, call one service or selector, render; what a service
refuses is reported by `members.forms.run_service`.

Who sees what: every person with a role in the committee sees the approved reports; a draft or a
submitted report only those who write it or may approve it (404 for the others, as for another
committee's)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.views import archived_document_response
from members.forms import run_service

from . import quarterly_documents, selectors_quarterly, services
from .forms_quarterly import ReportCreateForm, ReportEditForm, ReportReturnForm
from .models import QuarterlyReport
from .permissions import REPORT_PAGE_FLAGS, ReportsRight, access_report, reports_access

PDF = "application/pdf"
#: Where the detail page finds what the last refresh changed (shown once).
REFRESH_SESSION_KEY = "reports.quarterly_refresh"
logger = logging.getLogger(__name__)


# --- the committee's reports ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def report_list(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee, access = reports_access(request.user, committee_pk)
    context = {
        "committee": committee,
        "reports": selectors_quarterly.report_list(access),
        "can_draft": access.can(ReportsRight.DRAFT),
    }
    return render(request, "reports/quarterly_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_create(request: HttpRequest, committee_pk: int) -> HttpResponse:
    """The standing member or the secretariat starts the report of a quarter."""
    committee, access = reports_access(request.user, committee_pk)
    access.require(ReportsRight.DRAFT)
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: services.report_create(
                committee=committee, actor=request.user, access=access, **form.service_arguments()
            ),
            form=form,
            field="period",
        )
        if created.ok:
            messages.success(request, _("The report is drafted from the records: write its sections."))
            return redirect(created.value)
    return render(request, "reports/quarterly_form.html", {"committee": committee, "form": form})


# --- one report -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The figures compiled from the records, the narrative sections, the status, who did what,
    and the actions the person may take now; after a refresh, what it changed."""
    report, access = access_report(request.user, pk)
    refreshed = request.session.pop(REFRESH_SESSION_KEY, None)
    if refreshed is not None and refreshed.get("report") != report.pk:
        refreshed = None
    context = {
        "report": report,
        "history": selectors_quarterly.report_history(report),
        "refreshed": refreshed,
        **{name: access.can(right, report) for name, right in REPORT_PAGE_FLAGS.items()},
    }
    return render(request, "reports/quarterly_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report, access = access_report(request.user, pk)
    # Drafters; the form is offered while the report is a draft, a late submit gets the service's message.
    access.require(ReportsRight.DRAFT, report, now=request.method != "POST")
    initial = {name: getattr(report, name) for name in ("title", *services.NARRATIVE_FIELDS)}
    form = ReportEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: services.report_update(
                report=report, actor=request.user, access=access, **form.cleaned_data
            ),
            form=form,
        )
        if saved.ok:
            messages.success(request, _("The report is saved."))
        if saved.ok or saved.refused:
            return redirect(report)
    return render(request, "reports/quarterly_edit.html", {"report": report, "form": form})


@login_required
@require_POST
def report_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Compile the figures again; the report's page then shows what changed, or that nothing did."""
    report, access = access_report(request.user, pk)
    access.require(ReportsRight.DRAFT, report, now=False)
    refreshed = run_service(
        request, lambda: services.report_refresh(report=report, actor=request.user, access=access)
    )
    if refreshed.ok:
        request.session[REFRESH_SESSION_KEY] = {
            "report": report.pk,
            "changes": [
                {"label": str(c.label), "old": _shown(c.old), "new": _shown(c.new)} for c in refreshed.value
            ],
        }
    return redirect(report)


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


def _confirm(
    request: HttpRequest,
    pk: int,
    right: ReportsRight,
    template: str,
    act,
    done: str,
) -> HttpResponse:
    """A confirmation page, then the action (irreversible for the people it moves the report to)."""
    report, access = access_report(request.user, pk)
    access.require(right, report, now=request.method != "POST")
    form = ReportReturnForm(request.POST or None) if right == ReportsRight.RETURN else None
    if request.method == "POST" and (form is None or form.is_valid()):
        outcome = run_service(
            request,
            lambda: act(report, access, form.cleaned_data if form is not None else {}),
            form=form,
        )
        if outcome.ok:
            messages.success(request, done % {"symbol": outcome.value.symbol})
        if outcome.ok or outcome.refused:
            return redirect(report)
    context = {
        "report": report,
        "form": form,
        "signs_as_chair": access.signature_role == QuarterlyReport.SignedAs.CHAIR,
    }
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(
        request,
        pk,
        ReportsRight.DRAFT,
        "reports/quarterly_submit.html",
        lambda report, access, _data: services.report_submit(
            report=report, actor=request.user, access=access
        ),
        _("The report is submitted to the chair for approval."),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(
        request,
        pk,
        ReportsRight.RETURN,
        "reports/quarterly_return.html",
        lambda report, access, data: services.report_return(
            report=report, actor=request.user, access=access, reason=data["reason"]
        ),
        _("The report is returned to its drafters."),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(
        request,
        pk,
        ReportsRight.APPROVE,
        "reports/quarterly_approve.html",
        lambda report, access, _data: services.report_approve(
            report=report, actor=request.user, access=access
        ),
        _("Report %(symbol)s is approved and issued."),
    )


@login_required
@require_GET  # not HEAD: a draft is rendered, or the approved report archived, by the request
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The approved report from its archived copy; a draft or submitted report rendered now,
    marked "DỰ THẢO", for those who may read it."""
    report, _access = access_report(request.user, pk)
    if report.status == QuarterlyReport.Status.APPROVED:
        return _serve_archived(request, report)
    response = HttpResponse(quarterly_documents.report_pdf(report), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{quarterly_documents.report_filename(report)}"'
    return response


def _serve_archived(request: HttpRequest, report: QuarterlyReport) -> HttpResponse:
    """The stored copy (archived now if its job has not run yet) with its SHA-256. A storage
    failure answers 503 with a message to try again; a stored copy whose file has vanished 404,
    logged, never re-rendered (a new rendering might differ from what was approved)."""
    try:
        document = quarterly_documents.report_document_get_or_archive(report)
        return archived_document_response(document, filename=quarterly_documents.report_filename(report))
    except FileNotFoundError:
        logger.error("The archived file of quarterly report %s is missing.", report.pk)
        raise Http404 from None
    except OSError:
        logger.exception("Could not store or read the archived copy of quarterly report %s.", report.pk)
        response = render(
            request, "reports/quarterly_document_unavailable.html", {"report": report}, status=503
        )
        response["Retry-After"] = "60"
        return response
