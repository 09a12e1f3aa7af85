"""The figures of a quarterly report (Điều 7.9), compiled from the committee's records.

`compile_quarter` reads the records and returns a JSON-serialisable dict (stored in
QuarterlyReport.figures); `figures_diff` says what a refresh changed. Both are pure reads.

Shape of the figures (every key always present):

    {"period": {"year": 2026, "quarter": 3, "start": "2026-07-01", "end": "2026-09-30"},
     "meetings": {"held": int, ...}}

(The full shape — meetings by kind, attendance per meeting and per member, minutes and notices
issued, directives by agency with the on-time rate and its change, plan items, the support
group's months — is being completed; see the docstring of compile_quarter.)
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone

from meetings.models import Meeting
from members.models import Committee

HELD_STATUSES = (
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_DRAFTED,
    Meeting.Status.MINUTES_SIGNED,
    Meeting.Status.NOTICE_ISSUED,
)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * quarter - 2
    last_month = 3 * quarter
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def compile_quarter(committee: Committee, year: int, quarter: int) -> dict:
    """The figures of `committee` for `quarter` of `year`, from its records as they are now."""
    start, end = quarter_bounds(year, quarter)
    held = Meeting.objects.filter(
        committee=committee,
        status__in=HELD_STATUSES,
        start_at__date__gte=start,
        start_at__date__lte=end,
    ).count()
    return {
        "period": {"year": year, "quarter": quarter, "start": start.isoformat(), "end": end.isoformat()},
        "compiled_on": timezone.localdate().isoformat(),
        "meetings": {"held": held},
    }


@dataclass(frozen=True)
class FigureChange:
    """One figure that a refresh changed: its label (Vietnamese, as the page shows it), before, after."""

    label: str
    old: object
    new: object


def _leaves(figures: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in figures.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_leaves(value, path + "."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[path] = value
    return out


def figures_diff(old: dict, new: dict) -> list[FigureChange]:
    """The numeric figures that differ between two compilations, in the new one's order."""
    before, after = _leaves(old or {}), _leaves(new or {})
    return [
        FigureChange(label=path, old=before.get(path), new=value)
        for path, value in after.items()
        if before.get(path) != value
    ] + [FigureChange(label=path, old=value, new=None) for path, value in before.items() if path not in after]
