"""Writes of the quarterly report (Điều 7.9): drafted by the secretariat from the committee's
records (the figures, compiled by reports.quarterly.compile_quarter) and its own narrative,
submitted to the chair, approved as a numbered document (NN/BC-<code>) — or returned to draft
with a reason — and archived as PDF/A once approved.

The standing member and the secretariat draft (ReportsRight.DRAFT); the chair approves or
returns, or a deputy during an acting period naming them (APPROVE, RETURN). Each service locks the
report, asks the person's ReportsAccess (`ensure`: PermissionDenied for a role that never may,
QuarterlyReportError for the report's state), and writes with its history (who, why). Nothing of
an approved report changes: the services refuse it, and the database's triggers refuse the rest.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import register_next_number
from members.history import save_with_history
from members.jobs import enqueue_after_commit
from members.models import ChairActingPeriod, Committee, User
from members.services import notify
from members.workdays import quarter_of
from tasks.selectors import committee_people_with

from .. import jobs
from ..models import QuarterlyReport
from ..permissions import QuarterlyReportError, ReportsAccess, ReportsRight
from ..quarterly import FigureChange, compile_quarter, figures_diff

RS = QuarterlyReport.Status
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
#: The narrative sections the secretariat writes, in the report's order.
NARRATIVE_FIELDS = ("results", "difficulties", "proposals", "next_focus")
#: A section longer than this is refused: a report is read, not a dump of a file.
NARRATIVE_MAX_LENGTH = 20000
#: simple-history keeps a reason of at most 100 characters.
REASON_MAX_LENGTH = 100


def default_report_title(year: int, quarter: int) -> str:
    """The document's own wording, so Vietnamese: "Báo cáo công tác quý III năm 2026"."""
    return f"Báo cáo công tác quý {ROMAN[quarter]} năm {year}"


def allowed_quarters(today=None) -> list[tuple[int, int]]:
    """The quarters a report may be written for today, newest first: the current quarter, the
    past ones of this year and those of last year."""
    today = today or timezone.localdate()
    current = quarter_of(today)
    return [(today.year, q) for q in range(current, 0, -1)] + [(today.year - 1, q) for q in (4, 3, 2, 1)]


# --- shared -----------------------------------------------------------------------------------------


def _lock(report: QuarterlyReport) -> QuarterlyReport:
    return (
        QuarterlyReport.objects.select_for_update(of=("self",)).select_related("committee").get(pk=report.pk)
    )


def _access(actor: User, committee_id: int, access: ReportsAccess | None) -> ReportsAccess:
    if access is None:
        return ReportsAccess(actor, committee_id)
    if access.user.pk != actor.pk or access.committee_id != committee_id:
        raise ValueError("This access is another person's, or another committee's.")
    return access


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in text)


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the report a title.")})
    if len(title) > 500:
        raise ValidationError({"title": _("Keep the title within 500 characters.")})
    if _has_control_characters(title) or "\n" in title or "\r" in title:
        raise ValidationError(
            {"title": _("Write this on one line, without line breaks or control characters.")}
        )
    return title


def _clean_narrative(values: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    cleaned = {}
    for name in NARRATIVE_FIELDS:
        text = (values.get(name) or "").replace("\r\n", "\n").strip()
        if len(text) > NARRATIVE_MAX_LENGTH:
            errors[name] = _("Keep this section within %(n)s characters.") % {"n": NARRATIVE_MAX_LENGTH}
        elif _has_control_characters(text):
            errors[name] = _("Remove the control characters from this text.")
        cleaned[name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def _reason(text: str) -> str:
    return text if len(text) <= REASON_MAX_LENGTH else text[: REASON_MAX_LENGTH - 1] + "…"


def _approvers(committee_id: int) -> list[User]:
    """Who approves a report today: the chair, and a deputy an acting period in force names."""
    people = {u.pk: u for u in committee_people_with(committee_id, ["approve_plans"])}
    acting = ChairActingPeriod.objects.covering(timezone.localdate()).filter(committee_id=committee_id)
    for period in acting.select_related("deputy"):
        if period.deputy.is_active:
            people.setdefault(period.deputy_id, period.deputy)
    return list(people.values())


# --- the report ---------------------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *,
    committee: Committee,
    actor: User,
    year: int | None,
    quarter: int | None,
    title: str = "",
    access: ReportsAccess | None = None,
) -> QuarterlyReport:
    """The standing member or the secretariat starts the report of the current quarter or a past
    one (this year's or last year's), one per committee and quarter; its figures are compiled
    from the records now."""
    access = _access(actor, committee.pk, access)
    access.ensure(ReportsRight.DRAFT)
    allowed = allowed_quarters()
    if not isinstance(year, int) or not isinstance(quarter, int) or (year, quarter) not in allowed:
        this_year = allowed[0][0]
        raise ValidationError(
            {
                "quarter": _(
                    "A report is written for the current quarter or a past one of %(last)s or %(this)s."
                )
                % {"last": this_year - 1, "this": this_year}
            }
        )
    existing = QuarterlyReport.objects.filter(committee=committee, year=year, quarter=quarter).first()
    if existing is not None:
        raise ValidationError(
            {
                "quarter": _("The report of quarter %(quarter)s/%(year)s already exists: open it instead.")
                % {"quarter": ROMAN[quarter], "year": year}
            }
        )
    report = QuarterlyReport(
        committee=committee,
        year=year,
        quarter=quarter,
        title=_clean_title(title) if (title or "").strip() else default_report_title(year, quarter),
        figures=compile_quarter(committee, year, quarter),
        figures_compiled_at=timezone.now(),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            save_with_history(report, actor, "drafted")
    except IntegrityError:
        # Another drafter created it at the same instant.
        raise ValidationError(
            {
                "quarter": _("The report of quarter %(quarter)s/%(year)s already exists: open it instead.")
                % {"quarter": ROMAN[quarter], "year": year}
            }
        ) from None
    return report


@transaction.atomic
def report_update(
    *,
    report: QuarterlyReport,
    actor: User,
    title: str,
    results: str = "",
    difficulties: str = "",
    proposals: str = "",
    next_focus: str = "",
    access: ReportsAccess | None = None,
) -> QuarterlyReport:
    """Change the title and the four narrative sections of a draft."""
    report = _lock(report)
    _access(actor, report.committee_id, access).ensure(ReportsRight.DRAFT, report)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    narrative = {"results": results, "difficulties": difficulties, "proposals": proposals}
    narrative["next_focus"] = next_focus
    for check in (lambda: {"title": _clean_title(title)}, lambda: _clean_narrative(narrative)):
        try:
            cleaned.update(check())
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    for name, value in cleaned.items():
        setattr(report, name, value)
    save_with_history(report, actor, "edited", ["title", *NARRATIVE_FIELDS])
    return report


@transaction.atomic
def report_refresh(
    *, report: QuarterlyReport, actor: User, access: ReportsAccess | None = None
) -> list[FigureChange]:
    """Compile the figures of a draft again from the records as they are now; what changed (none:
    an empty list, and nothing is written)."""
    report = _lock(report)
    _access(actor, report.committee_id, access).ensure(ReportsRight.DRAFT, report)
    fresh = compile_quarter(report.committee, report.year, report.quarter)
    changes = figures_diff(report.figures, fresh)
    if not changes:
        return []
    report.figures = fresh
    report.figures_compiled_at = timezone.now()
    listed = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in changes)
    save_with_history(
        report, actor, _reason(f"figures refreshed: {listed}"), ["figures", "figures_compiled_at"]
    )
    return changes


@transaction.atomic
def report_submit(
    *, report: QuarterlyReport, actor: User, access: ReportsAccess | None = None
) -> QuarterlyReport:
    """The drafter sends the draft to the chair (a deputy acting for them) for approval; they are told."""
    report = _lock(report)
    _access(actor, report.committee_id, access).ensure(ReportsRight.DRAFT, report)
    if not report.results.strip():
        raise QuarterlyReportError(_("Write the results of the quarter before submitting the report."))
    report.status = RS.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    save_with_history(report, actor, "submitted for approval", ["status", "submitted_by", "submitted_at"])
    people = [u for u in _approvers(report.committee_id) if u != actor]
    if people:
        notify(
            users=people,
            kind="reports.quarterly_submitted",
            params={"report": report.pk},
            url=report.get_absolute_url(),
        )
    return report


@transaction.atomic
def report_return(
    *, report: QuarterlyReport, actor: User, reason: str, access: ReportsAccess | None = None
) -> QuarterlyReport:
    """The approver sends a submitted report back to draft, saying why; the drafters are told."""
    report = _lock(report)
    _access(actor, report.committee_id, access).ensure(ReportsRight.RETURN, report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is returned.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason within 1000 characters.")})
    if _has_control_characters(reason):
        raise ValidationError({"reason": _("Remove the control characters from this text.")})
    report.status = RS.DRAFT
    save_with_history(report, actor, _reason(f"returned to draft: {reason}"), ["status"])
    people = [u for u in committee_people_with(report.committee_id, ["draft_plans"]) if u != actor]
    if people:
        notify(
            users=people,
            kind="reports.quarterly_returned",
            params={"report": report.pk, "reason": reason},
            url=report.get_absolute_url(),
        )
    return report


@transaction.atomic
def report_approve(
    *, report: QuarterlyReport, actor: User, access: ReportsAccess | None = None
) -> QuarterlyReport:
    """The chair approves the submitted report (a deputy during an acting period naming them signs
    "KT. TRƯỞNG BAN"): it takes the next number of the committee's BC register for this year, is
    archived as PDF/A once committed, and the committee's people are told. It never changes
    afterwards."""
    report = _lock(report)
    access = _access(actor, report.committee_id, access)
    access.ensure(ReportsRight.APPROVE, report)
    now = timezone.now()
    year = timezone.localtime(now).year
    report.number = register_next_number(
        committee=report.committee, doc_type=QuarterlyReport.DOC_TYPE, year=year
    )
    report.number_year = year
    report.status = RS.APPROVED
    report.approved_by = actor
    report.approved_at = now
    report.signed_as = access.signature_role
    save_with_history(
        report,
        actor,
        f"approved as {report.symbol}",
        ["number", "number_year", "status", "approved_by", "approved_at", "signed_as"],
    )
    enqueue_after_commit(jobs.archive_approved_report, report_id=report.pk)
    people = [
        u for u in committee_people_with(report.committee_id, ["view_committee_business"]) if u != actor
    ]
    if people:
        notify(
            users=people,
            kind="reports.quarterly_approved",
            params={"report": report.pk, "symbol": report.symbol},
            url=report.get_absolute_url(),
        )
    return report
