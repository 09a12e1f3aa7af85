"""HTTP for agency reports on request (Điều 7.7, 11.2): a committee's requests, asking, one
request's page with who has and has not answered, an agency's report form, closing (confirmed),
the files, and the askers' ZIP and compiled text. Parse, load through an access helper, require a
right, call one service or selector, render; a service's refusal is reported by run_service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.forms import run_service

from . import requests_exports, requests_selectors, requests_services
from .forms_requests import AgencyRequestForm, SubmissionForm
from .requests_permissions import (
    RequestRight,
    access_agency_request,
    get_request_attachment_for_user,
    get_submission_file_for_user,
    requests_access,
)

R = RequestRight


@login_required
@require_http_methods(["GET", "HEAD"])
def request_list(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee, access = requests_access(request.user, committee_pk)
    context = {
        "committee": committee,
        "requests": requests_selectors.agency_request_list(committee.pk),
        "today": timezone.localdate(),
        "can_ask": access.can(R.ASK),
    }
    return render(request, "reports/request_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_create(request: HttpRequest, committee_pk: int) -> HttpResponse:
    """The askers choose the agencies (or all of them), the due date, the text or questions, files."""
    committee, access = requests_access(request.user, committee_pk)
    access.require(R.ASK)
    agencies = requests_selectors.committee_agencies(committee.pk)
    form = AgencyRequestForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request,
            lambda: requests_services.agency_request_create(
                committee=committee, actor=request.user, access=access, **form.service_kwargs()
            ),
            form=form,
        )
        if created.ok:
            messages.success(request, _("The request is sent: the agencies' people are told."))
            return redirect(created.value)
    return render(request, "reports/request_form.html", {"committee": committee, "form": form})


@login_required
@require_http_methods(["GET", "HEAD"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request, its questions and attachments, and each asked agency: answered (when, by
    whom) or not, late once the due date has passed; the reports themselves to whoever may read them."""
    access = access_agency_request(request.user, pk)
    agency_request = access.request
    rows = requests_selectors.agency_request_rows(agency_request)
    access.know_asked(frozenset(row.organization.pk for row in rows))
    context = {
        "agency_request": agency_request,
        "attachments": requests_selectors.request_attachments(agency_request),
        "rows": rows,
        "answered": sum(row.answered for row in rows),
        "readable": {row.organization.pk for row in rows if access.can(R.READ_REPORT, row.organization.pk)},
        "answering": {row.organization.pk for row in rows if row.organization.pk in access.answering_ids},
        "can_submit": any(access.can(R.SUBMIT, org) for org in access.answering_ids),
        "can_read_all": access.can(R.READ_ALL),
        "can_close": access.can(R.CLOSE),
        "is_overdue": agency_request.is_open and agency_request.due_date < timezone.localdate(),
    }
    return render(request, "reports/request_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """An agency's member or focal officer writes (or corrects) its report; what was typed stays
    when something is refused."""
    access = access_agency_request(request.user, pk)
    agency_request = access.request
    mine = sorted(access.answering_ids)
    if not mine:
        raise PermissionDenied  # a person of the committee who answers for no asked agency
    access.require(R.SUBMIT, mine[0], now=request.method != "POST")
    agencies = requests_selectors.agencies_by_ids(mine)
    chosen = _chosen_agency(request, mine)
    submission = requests_selectors.agency_submission_for(agency_request, chosen)
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        request=agency_request,
        agencies=agencies,
        submission=submission,
        initial=None if submission else {"organization": chosen},
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            lambda: requests_services.agency_submission_save(
                request=agency_request, actor=request.user, access=access, **form.service_kwargs()
            ),
            form=form,
        )
        if saved.ok:
            messages.success(
                request, _("The report of %(agency)s is saved.") % {"agency": saved.value.organization.name}
            )
            return redirect(agency_request)
        if saved.refused:
            return redirect(agency_request)
    context = {"agency_request": agency_request, "form": form, "submission": submission}
    return render(request, "reports/request_submit.html", context)


def _chosen_agency(request: HttpRequest, mine: list[int]) -> int:
    """The agency the form is for: the one asked in the query or posted (when the person answers
    for it), else their first."""
    raw = request.POST.get("organization") or request.GET.get("agency") or ""
    if raw.isascii() and raw.isdigit() and int(raw) in mine:
        return int(raw)
    return mine[0]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page, then the closing: no report can be sent or changed after."""
    access = access_agency_request(request.user, pk)
    access.require(R.CLOSE, now=request.method != "POST")
    agency_request = access.request
    if request.method == "POST":
        closed = run_service(
            request,
            lambda: requests_services.agency_request_close(
                request=agency_request, actor=request.user, access=access
            ),
        )
        if closed.ok:
            messages.success(request, _("The request is closed."))
        return redirect(agency_request)
    missing = list(requests_selectors.agency_request_missing(agency_request))
    return render(
        request, "reports/request_close.html", {"agency_request": agency_request, "missing": missing}
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def request_export(request: HttpRequest, pk: int) -> FileResponse:
    """Every report sent, in one ZIP, for the askers."""
    access = access_agency_request(request.user, pk)
    access.require(R.READ_ALL)
    submissions = requests_selectors.submissions_in_order(access.request)
    archive = requests_exports.request_zip(access.request, submissions)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=requests_exports.zip_filename(access.request),
        content_type="application/zip",
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def request_compiled(request: HttpRequest, pk: int) -> HttpResponse:
    """The agencies' reports compiled in one document made for print, in the agencies' order."""
    access = access_agency_request(request.user, pk)
    access.require(R.READ_ALL)
    context = {
        "agency_request": access.request,
        "submissions": requests_selectors.submissions_in_order(access.request),
        "missing": list(requests_selectors.agency_request_missing(access.request)),
        "today": timezone.localdate(),
    }
    return render(request, "reports/request_compiled.html", context)


def _download(stored) -> FileResponse:
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def request_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A file sent with a request, to anyone who sees the request."""
    return _download(get_request_attachment_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "HEAD"])
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    """A file of an agency's report, to the askers and the agency's own people."""
    return _download(get_submission_file_for_user(request.user, pk))
