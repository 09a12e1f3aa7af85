"""CSV and XLSX copies of the directive list and of the scoreboard: the same rows, in the same
order, as the page (every page of the list).

- CSV: UTF-8 with a byte order mark, so Excel reads the Vietnamese; dates as dd/mm/yyyy.
- XLSX: openpyxl's write-only workbook; dates are real dates shown dd/mm/yyyy, numbers numbers.
- A text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
  return: "CSV injection") gets a leading apostrophe in the CSV and is written as plain text in
  the XLSX.
- The file is an attachment with an ASCII name.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import Directive, Timeliness, fold
from .scoreboard import Scoreboard, ScoreRow

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    """What an export writes: a header row, the rows, the sheet's name, the file's name (no
    extension) and each column's width in the sheet."""

    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    sheet: str
    filename: str
    widths: Sequence[int] = ()


def ascii_slug(text: str) -> str:
    """A file name part anyone's browser and disk accept: "BCĐ Chuyển đổi số" → "bcd-chuyen-doi-so"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "export"


# --- the tables -------------------------------------------------------------------------------------


def _labels(choices) -> dict[str, str]:
    """{value: label} in the active language, translated once for the whole file."""
    return {value: str(label) for value, label in choices}


def coordinating_names(directives: QuerySet[Directive]) -> dict[int, str]:
    """{directive id: "agency; agency"} for every directive of the queryset, in one query."""
    through = Directive.coordinating_organizations.through
    names: dict[int, list[str]] = defaultdict(list)
    rows = (
        through.objects.filter(directive_id__in=directives.values("pk"))
        .order_by("organization__name", "organization_id")
        .values_list("directive_id", "organization__name")
    )
    for directive_id, name in rows:
        names[directive_id].append(name)
    return {directive_id: "; ".join(agencies) for directive_id, agencies in names.items()}


def directive_table(directives: QuerySet[Directive]) -> Table:
    """The directive list's rows (the filtered, ordered queryset of `DirectiveFilter.ordered`),
    read as plain values with the labels translated once: 20,000 rows stay a few seconds."""
    sources = _labels(Directive.Source.choices)
    periods = {"": "", **_labels(Directive.Period.choices)}
    statuses = _labels(Directive.Status.choices)
    timeliness = _labels(Timeliness.choices)
    coordinating = coordinating_names(directives)
    # (header, field read, how it is shown, width in the sheet)
    columns: list[tuple[str, str, Callable[[object], object] | None, int]] = [
        (_("Directive no."), "pk", None, 10),
        (_("Title"), "title", None, 60),
        (_("Committee"), "committee__short_code", None, 14),
        (_("Source"), "source", sources.get, 20),
        (_("Document number"), "reference_number", None, 16),
        (_("Lead agency"), "lead_organization__name", None, 36),
        (_("Coordinating agencies"), "pk", lambda pk: coordinating.get(pk, ""), 36),
        (_("Deadline"), "deadline", None, 12),
        (_("Reporting period"), "reporting_period", periods.get, 16),
        (_("Status"), "status", statuses.get, 16),
        (_("Timeliness"), "timeliness", timeliness.get, 18),
        (_("Progress (%)"), "percent", None, 10),
        (_("Reported done on"), "reported_done_on", None, 14),
    ]
    fields = [field for _header, field, _show, _width in columns]
    shows = [show for _header, _field, show, _width in columns]

    def rows() -> Iterator[list[object]]:
        values = directives.values_list(*fields).iterator(chunk_size=2000)
        for number, row in enumerate(values, start=1):
            yield [
                number,
                *(value if show is None else show(value) for show, value in zip(shows, row, strict=True)),
            ]

    return Table(
        headers=[_("No."), *(header for header, *_rest in columns)],
        rows=rows(),
        sheet=_("Directives"),
        filename=f"nhiem-vu-{timezone.localdate():%Y%m%d}",
        widths=[6, *(width for *_rest, width in columns)],
    )


def scoreboard_table(board: Scoreboard, committee_code: str) -> Table:
    """The scoreboard's rows as the page shows them, then the totals."""

    def line(number: object, row: ScoreRow) -> list[object]:
        return [
            number,
            row.name,
            row.assigned,
            row.in_progress,
            row.done_on_time,
            row.done_late,
            row.overdue,
            row.on_time_rate,
        ]

    rows = [line(n, row) for n, row in enumerate(board.rows, start=1)]
    rows.append(line("", board.totals))
    return Table(
        headers=[
            _("No."),
            _("Lead agency"),
            _("Total assigned"),
            _("In progress"),
            _("Done on time"),
            _("Done late"),
            _("Overdue"),
            _("On-time rate (%)"),
        ],
        rows=rows,
        sheet=_("Scoreboard"),
        filename=f"bang-theo-doi-{ascii_slug(committee_code)}-{board.period.slug}",
        widths=[6, 40, 10, 12, 14, 12, 10, 16],
    )


# --- the files ----------------------------------------------------------------------------------------


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_cell(sheet, value: object, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula nor an error code, whatever it starts with
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(table: Table) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{table.filename}.csv")


def xlsx_response(table: Table) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", table.sheet)[:31] or "Sheet")
    for index, width in enumerate(table.widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.append([xlsx_cell(sheet, h, bold=True) for h in table.headers])
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), f"{table.filename}.xlsx")


def export_response(table: Table, fmt: str) -> HttpResponse:
    """The table as a CSV or XLSX download; 404 for any other format."""
    if fmt == "csv":
        return csv_response(table)
    if fmt == "xlsx":
        return xlsx_response(table)
    raise Http404
