"""HTTP for the register of issued documents (its page and CSV/XLSX copy) and the archive's
search. The page and its exports read the same `register_rows`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from members.models import Committee
from tasks.exports import FORMATS, export_response
from tasks.permissions import tasks_access

from .forms_register import RegisterFilterForm, SearchForm
from .register import register_rows, register_table, register_years
from .search import search as search_archive

#: Search results per page.
SEARCH_PAGE_SIZE = 25


def _register(request: HttpRequest, committee_pk: int):
    # The person's roles first (no query with the pk): 404 for whoever holds no role there.
    tasks_access(request.user, committee_pk)
    committee = get_object_or_404(Committee, pk=committee_pk)
    form = RegisterFilterForm(request.GET or None, years=register_years(committee.pk))
    filters = form.filters()
    return committee, form, filters, register_rows(committee.pk, **filters)


@login_required
def register(request: HttpRequest, committee_pk: int) -> HttpResponse:
    committee, form, _filters, rows = _register(request, committee_pk)
    return render(request, "reports/register.html", {"committee": committee, "form": form, "rows": rows})


@login_required
def register_export(request: HttpRequest, committee_pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    committee, _form, filters, rows = _register(request, committee_pk)
    return export_response(register_table(committee, rows, year=filters["year"]), fmt)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.query()
    page = Paginator(search_archive(request.user, query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/search.html", {"form": form, "query": query, "page_obj": page})
