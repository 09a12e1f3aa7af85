"""The register of issued documents (Điều 7.10): every numbered document of a committee —
invitation letters (GM), minutes (BB), notices of conclusions (TB), approved plans (KH), approved
quarterly reports (BC) — as one
list of rows, newest first, by year and type, with the archived copy's SHA-256 where one exists.

One query per type asked for (the hash read by a subquery), merged in Python; the page and its
CSV/XLSX copy read the same rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import InvitationLetter, Minutes, Notice, SignedDocument
from members.models import Committee
from tasks.exports import Table, ascii_slug
from tasks.models import PlanDocument, WorkPlan

from .models import QuarterlyReport, QuarterlyReportDocument

#: The register's document types in the order the filter lists them.
DOC_TYPES: dict[str, object] = {
    InvitationLetter.DOC_TYPE: gettext_lazy("Invitation letter"),
    Minutes.DOC_TYPE: gettext_lazy("Minutes"),
    Notice.DOC_TYPE: gettext_lazy("Notice of conclusions"),
    WorkPlan.DOC_TYPE: gettext_lazy("Plan"),
    QuarterlyReport.DOC_TYPE: gettext_lazy("Quarterly report"),
}


@dataclass(frozen=True)
class RegisterRow:
    doc_type: str
    type_label: str
    year: int
    number: int
    symbol: str
    signed_at: datetime.datetime
    title: str
    signer: str
    sha256: str
    url: str
    pdf_url: str
    superseded: bool = False

    @property
    def date(self) -> datetime.date:
        """The day it was signed or approved, in Asia/Ho_Chi_Minh."""
        return timezone.localdate(self.signed_at)


def _sha(model, link: str, **extra) -> Subquery:
    return Subquery(model.objects.filter(**{link: OuterRef("pk")}, **extra).values("sha256")[:1])


def _letters(committee_id: int, year: int | None) -> Iterable[RegisterRow]:
    queryset = (
        InvitationLetter.objects.filter(committee_id=committee_id)
        .select_related("committee", "meeting", "signed_by")
        .annotate(sha=_sha(SignedDocument, "letter", kind=SignedDocument.Kind.INVITATION))
    )
    if year:
        queryset = queryset.filter(year=year)
    label = str(DOC_TYPES[InvitationLetter.DOC_TYPE])
    for letter in queryset:
        current = letter.superseded_at is None
        yield RegisterRow(
            doc_type=InvitationLetter.DOC_TYPE,
            type_label=label,
            year=letter.year,
            number=letter.number,
            symbol=letter.symbol,
            signed_at=letter.signed_at,
            title=str(letter.meeting),
            signer=str(letter.signed_by),
            sha256=letter.sha or "",
            url=letter.meeting.get_absolute_url(),
            # The meeting's letter is the one in force; a superseded one is kept in the archive.
            pdf_url=reverse("meetings:invitation-pdf", kwargs={"pk": letter.meeting_id}) if current else "",
            superseded=not current,
        )


def _minutes(committee_id: int, year: int | None) -> Iterable[RegisterRow]:
    queryset = (
        Minutes.objects.filter(meeting__committee_id=committee_id, number__isnull=False)
        .select_related("meeting__committee", "presiding_signed_by")
        .annotate(sha=_sha(SignedDocument, "minutes", kind=SignedDocument.Kind.MINUTES))
    )
    if year:
        queryset = queryset.filter(year=year)
    label = str(DOC_TYPES[Minutes.DOC_TYPE])
    for minutes in queryset:
        signed = [at for at in (minutes.secretary_signed_at, minutes.presiding_signed_at) if at]
        meeting = minutes.meeting
        if minutes.addendum_to_id:
            title = _("Addendum to the minutes of %(meeting)s") % {"meeting": meeting}
            pdf = reverse(
                "meetings:minutes-document-pdf", kwargs={"pk": meeting.pk, "minutes_pk": minutes.pk}
            )
        else:
            title = str(minutes)
            pdf = reverse("meetings:minutes-pdf", kwargs={"pk": meeting.pk})
        yield RegisterRow(
            doc_type=Minutes.DOC_TYPE,
            type_label=label,
            year=minutes.year,
            number=minutes.number,
            symbol=minutes.symbol,
            signed_at=max(signed),
            title=title,
            signer=str(minutes.presiding_signed_by),
            sha256=minutes.sha or "",
            url=reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk}),
            pdf_url=pdf,
        )


def _notices(committee_id: int, year: int | None) -> Iterable[RegisterRow]:
    queryset = (
        Notice.objects.filter(committee_id=committee_id)
        .select_related("committee", "meeting", "signed_by")
        .annotate(sha=_sha(SignedDocument, "notice", kind=SignedDocument.Kind.NOTICE))
    )
    if year:
        queryset = queryset.filter(year=year)
    label = str(DOC_TYPES[Notice.DOC_TYPE])
    for notice in queryset:
        yield RegisterRow(
            doc_type=Notice.DOC_TYPE,
            type_label=label,
            year=notice.year,
            number=notice.number,
            symbol=notice.symbol,
            signed_at=notice.signed_at,
            title=_("Conclusions of %(meeting)s") % {"meeting": notice.meeting},
            signer=str(notice.signed_by),
            sha256=notice.sha or "",
            url=reverse("meetings:notice-detail", kwargs={"pk": notice.meeting_id}),
            pdf_url=reverse("meetings:notice-pdf", kwargs={"pk": notice.meeting_id}),
        )


def _plans(committee_id: int, year: int | None) -> Iterable[RegisterRow]:
    queryset = (
        WorkPlan.objects.filter(committee_id=committee_id, status=WorkPlan.Status.APPROVED)
        .select_related("committee", "approved_by")
        .annotate(sha=_sha(PlanDocument, "plan"))
    )
    if year:
        queryset = queryset.filter(number_year=year)
    label = str(DOC_TYPES[WorkPlan.DOC_TYPE])
    for plan in queryset:
        yield RegisterRow(
            doc_type=WorkPlan.DOC_TYPE,
            type_label=label,
            year=plan.number_year,
            number=plan.number,
            symbol=plan.symbol,
            signed_at=plan.approved_at,
            title=plan.title,
            signer=str(plan.approved_by),
            sha256=plan.sha or "",
            url=plan.get_absolute_url(),
            pdf_url=reverse("tasks:plan-pdf", kwargs={"pk": plan.pk}),
        )


def _reports(committee_id: int, year: int | None) -> Iterable[RegisterRow]:
    queryset = (
        QuarterlyReport.objects.filter(committee_id=committee_id, status=QuarterlyReport.Status.APPROVED)
        .select_related("committee", "approved_by")
        .annotate(sha=_sha(QuarterlyReportDocument, "report"))
    )
    if year:
        queryset = queryset.filter(number_year=year)
    label = str(DOC_TYPES[QuarterlyReport.DOC_TYPE])
    for report in queryset:
        yield RegisterRow(
            doc_type=QuarterlyReport.DOC_TYPE,
            type_label=label,
            year=report.number_year,
            number=report.number,
            symbol=report.symbol,
            signed_at=report.approved_at,
            title=report.title,
            signer=str(report.approved_by),
            sha256=report.sha or "",
            url=report.get_absolute_url(),
            pdf_url=reverse("reports:quarterly-pdf", kwargs={"pk": report.pk}),
        )


_READERS = {
    InvitationLetter.DOC_TYPE: _letters,
    Minutes.DOC_TYPE: _minutes,
    Notice.DOC_TYPE: _notices,
    WorkPlan.DOC_TYPE: _plans,
    QuarterlyReport.DOC_TYPE: _reports,
}


def register_rows(committee_id: int, *, year: int | None = None, doc_type: str = "") -> list[RegisterRow]:
    """The committee's numbered documents of `year` (every year if None) and `doc_type` (every
    type if empty), newest first: one query per type read."""
    types = [doc_type] if doc_type else list(_READERS)
    rows = [row for code in types for row in _READERS[code](committee_id, year)]
    rows.sort(key=lambda row: (row.signed_at, row.year, row.number, row.doc_type), reverse=True)
    return rows


def register_years(committee_id: int) -> list[int]:
    """The years the committee has numbered documents in, newest first (one query)."""
    years = (
        InvitationLetter.objects.filter(committee_id=committee_id)
        .order_by()
        .values_list("year", flat=True)
        .union(
            Minutes.objects.filter(meeting__committee_id=committee_id, number__isnull=False)
            .order_by()
            .values_list("year", flat=True),
            Notice.objects.filter(committee_id=committee_id).order_by().values_list("year", flat=True),
            WorkPlan.objects.filter(committee_id=committee_id, number_year__isnull=False)
            .order_by()
            .values_list("number_year", flat=True),
            QuarterlyReport.objects.filter(committee_id=committee_id, number_year__isnull=False)
            .order_by()
            .values_list("number_year", flat=True),
        )
    )
    return sorted(set(years), reverse=True)


def register_table(committee: Committee, rows: list[RegisterRow], *, year: int | None) -> Table:
    """The register's rows as a CSV/XLSX table, in the page's order."""
    return Table(
        headers=[
            _("No."),
            _("Type"),
            _("Number and symbol"),
            _("Date"),
            _("Title"),
            _("Signed by"),
            _("SHA-256 checksum"),
        ],
        rows=[
            [n, row.type_label, row.symbol, row.date, row.title, row.signer, row.sha256]
            for n, row in enumerate(rows, start=1)
        ],
        sheet=_("Register of documents"),
        filename=f"so-van-ban-{ascii_slug(committee.short_code)}-{year or 'tat-ca'}",
        widths=[6, 22, 20, 12, 60, 28, 66],
    )
