"""The per-agency scoreboard of one committee for a year or a quarter (Điều 7.9: the quarterly
report counts directives "done on time, done late, overdue, by agency").

Which directives count in a period:

- a directive with a deadline counts when its deadline in force (after any extension) falls in
  the period — the date the list shows and filters on, so the scoreboard's "see them" link and
  the list agree;
- regular work (no deadline, reported every period) counts in the period it was created in
  (Asia/Ho_Chi_Minh);
- cancelled directives never count.

Every count is made by the database in ONE aggregate query over the timeliness annotation
(`Directive.objects.with_timeliness`), grouped by lead agency; the totals add the rows up (each
directive has exactly one lead agency) and the on-time rate is worked out from the counts.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Directive, Timeliness
from .permissions import TasksAccess

T = Timeliness


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> datetime.date:
        month = 12 if self.quarter is None else 3 * self.quarter
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.quarter is None:
            return _("Year %(year)s") % {"year": self.year}
        return _("Quarter %(quarter)s/%(year)s") % {"quarter": self.quarter, "year": self.year}

    @property
    def slug(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-q{self.quarter}"


@dataclass
class ScoreRow:
    """One lead agency's figures (or the totals, with organization_id None)."""

    organization_id: int | None
    name: str
    short_code: str
    assigned: int = 0
    in_progress: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0

    @property
    def judged(self) -> int:
        """The directives whose timeliness is settled or already lost: done, or overdue."""
        return self.done_on_time + self.done_late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """Done on time / (done on time + done late + overdue), in percent with one decimal;
        None when nothing is done nor overdue yet."""
        if not self.judged:
            return None
        return round(100 * self.done_on_time / self.judged, 1)


@dataclass
class Scoreboard:
    committee_id: int
    period: Period
    rows: list[ScoreRow]
    totals: ScoreRow
    own_agencies_only: bool


COUNTED = {
    "in_progress": (T.ON_TIME, T.DUE_SOON),
    "done_on_time": (T.DONE_ON_TIME,),
    "done_late": (T.DONE_LATE,),
    "overdue": (T.OVERDUE,),
}


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def directives_in_period(committee_id: int, period: Period):
    """The committee's directives the period counts (see the module's docstring), cancelled ones
    excluded."""
    created_from = _midnight(period.start)
    created_before = _midnight(period.end + datetime.timedelta(days=1))
    return (
        Directive.objects.filter(committee_id=committee_id)
        .exclude(status=Directive.Status.CANCELLED)
        .filter(
            Q(deadline__gte=period.start, deadline__lte=period.end)
            | Q(deadline__isnull=True, created_at__gte=created_from, created_at__lt=created_before)
        )
    )


def scoreboard_for(access: TasksAccess, period: Period, *, today: datetime.date | None = None) -> Scoreboard:
    """The scoreboard of the access's committee for the period: a row per lead agency (by name)
    with assigned, in progress (open, not overdue), done on time, done late, overdue (open past
    its deadline) and the on-time rate; a focal officer sees their own agencies' rows only."""
    today = today or timezone.localdate()
    queryset = directives_in_period(access.committee_id, period)
    own_only = not access.sees_every_agency
    if own_only:
        queryset = queryset.filter(lead_organization_id__in=access.agencies)
    counts = {name: Count("pk", filter=Q(timeliness__in=values)) for name, values in COUNTED.items()}
    grouped = (
        queryset.with_timeliness(today)
        .values("lead_organization_id", "lead_organization__name", "lead_organization__short_code")
        .annotate(assigned=Count("pk"), **counts)
        .order_by("lead_organization__name", "lead_organization_id")
    )
    rows = [
        ScoreRow(
            organization_id=row["lead_organization_id"],
            name=row["lead_organization__name"],
            short_code=row["lead_organization__short_code"],
            assigned=row["assigned"],
            **{name: row[name] for name in COUNTED},
        )
        for row in grouped
    ]
    totals = ScoreRow(organization_id=None, name=_("Total"), short_code="")
    for row in rows:
        for name in ("assigned", *COUNTED):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    return Scoreboard(
        committee_id=access.committee_id, period=period, rows=rows, totals=totals, own_agencies_only=own_only
    )
