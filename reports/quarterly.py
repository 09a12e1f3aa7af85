"""The figures of a quarterly report (Điều 7.9), compiled from the committee's records.

`compile_quarter` reads the records and returns a JSON-serialisable dict (stored in
QuarterlyReport.figures); `figures_diff` says what a refresh changed. Both are pure reads, and
`compile_quarter` makes the same small number of queries whatever the quantity of records.

Dates are "dd/mm/yyyy" strings (Asia/Ho_Chi_Minh); rates are percentages with one decimal, or None
when there is nothing to divide by; labels (kinds, states) are in Vietnamese, the language of the
report, whatever the language of the person who compiled it. Every key is always present:

    period:      year, quarter, start, end (ISO dates)
    period_display: label ("Quý III/2026"), start, end, as_of (dd/mm/yyyy; as_of is the
                 quarter's last day, or today while the quarter runs)
    compiled_on: ISO date of the compilation
    meetings:    held, cancelled (the committee's and the support group's meetings: the chair's
                 working sessions with agencies, Điều 9.2, are not meetings of either), by_kind
                 {quarterly, extraordinary, extended, support_monthly, working_session: count
                 held}, list [{id, date, title, kind, kind_label, (working sessions included)
                 minutes ("03/BB-…" or ""), notice ("02/TB-…" or "")}] — held means held or any
                 later step (minutes, notice), never cancelled; a meeting belongs to the quarter
                 its start day falls in
    attendance:  the invitees of kind "member" of the committee meetings held (Invitation.Kind):
                 invited, recorded, present, substitute_present, absent_approved,
                 absent_unexcused, not_recorded, rate; meetings [{id, name, date, …the same
                 counts…, rate}]; members [{id, name, …the same counts…, rate}] — rate is
                 (present + substitute present) / invitees whose attendance is recorded
    documents:   minutes [{symbol, date, meeting}] and notices [{symbol, date, meeting}] signed in
                 the quarter (numbered in the register), minutes_count, notices_count
    directives:  as_of; agencies [{id, name, short_code, opened, done_on_time, done_late, done,
                 overdue, in_progress, on_time_rate, previous_rate, change}] by lead agency, and
                 totals {name "Tổng cộng", the same keys}. Opened: created in the quarter. Done on
                 time / done late: reported done in the quarter, on time or late as
                 tasks.models.DirectiveQuerySet.with_timeliness says (against the deadline in
                 force on the day it was reported). Overdue / in progress: still open at `as_of`
                 (not reported done by then), past its deadline in force or not (regular work is
                 in progress). on_time_rate: done on time / done; previous_rate the same for the
                 previous quarter; change: the difference in points. Cancelled directives never
                 count (as on the scoreboard, tasks/scoreboard.py).
    plan_items:  the items of the committee's approved plan(s) of the year targeted at the
                 quarter: total, done, in_progress, overdue, not_started, cancelled, items [{id,
                 order, content, owner, plan, state, state_label, directives [{id, title, status,
                 status_label, timeliness, timeliness_label, deadline}]}] — the directives as they
                 stand when compiled; an item is done when every directive it became is done,
                 overdue when one is overdue, not started when it became none
    support_group: months_met, months_not_met, months [{month, label ("07/2026"), state ("met",
                 "not_met" or "open" for a month not over yet), dates [dd/mm/yyyy]}] — the
                 support group's monthly meetings held (Điều 8.3)
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.models import Invitation, Meeting, Minutes, Notice
from members.models import Committee
from tasks.models import Directive, Timeliness, WorkPlan, WorkPlanItem

HELD_STATUSES = (
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_DRAFTED,
    Meeting.Status.MINUTES_SIGNED,
    Meeting.Status.NOTICE_ISSUED,
)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
A = Invitation.Attendance
#: The attendance outcomes counted, by their key in the figures.
OUTCOMES = {
    "present": A.PRESENT,
    "substitute_present": A.SUBSTITUTE_PRESENT,
    "absent_approved": A.ABSENT_APPROVED,
    "absent_unexcused": A.ABSENT_UNEXCUSED,
}
DIRECTIVE_COUNTS = ("opened", "done_on_time", "done_late", "done", "overdue", "in_progress")


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * quarter - 2
    last_month = 3 * quarter
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def quarter_label(year: int, quarter: int) -> str:
    """ "Quý III/2026"."""
    return f"Quý {ROMAN[quarter]}/{year}"


def _dmy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _symbol(number: int | None, doc_type: str, committee: Committee) -> str:
    return f"{number:02d}/{doc_type}-{committee.short_code}" if number is not None else ""


# --- meetings, attendance, documents ----------------------------------------------------------------


def _meetings(committee: Committee, start: datetime.date, end: datetime.date) -> list[Meeting]:
    """The committee's meetings held or cancelled in the quarter, with their notice (one query)."""
    return list(
        Meeting.objects.filter(
            committee=committee,
            status__in=(*HELD_STATUSES, Meeting.Status.CANCELLED),
            start_at__gte=_midnight(start),
            start_at__lt=_midnight(end + datetime.timedelta(days=1)),
        )
        .select_related("notice")
        .order_by("start_at", "pk")
    )


def _minutes(committee: Committee, held_ids: list[int], start, end) -> tuple[dict[int, str], list[dict]]:
    """(main minutes' symbol by meeting, the minutes signed in the quarter) — one query. Minutes
    are signed when the second of the two signatures is put on (that is when they are numbered)."""
    window = (_midnight(start), _midnight(end + datetime.timedelta(days=1)))
    rows = (
        Minutes.objects.filter(meeting__committee=committee, number__isnull=False)
        .filter(
            Q(meeting_id__in=held_ids, addendum_to__isnull=True)
            | Q(secretary_signed_at__range=window)
            | Q(presiding_signed_at__range=window)
        )
        .select_related("meeting")
        .order_by("year", "number", "pk")
    )
    by_meeting: dict[int, str] = {}
    issued: list[dict] = []
    for minutes in rows:
        symbol = _symbol(minutes.number, Minutes.DOC_TYPE, committee)
        if minutes.addendum_to_id is None:
            by_meeting[minutes.meeting_id] = symbol
        signed = max(filter(None, [minutes.secretary_signed_at, minutes.presiding_signed_at]), default=None)
        day = _local_day(signed)
        if day and start <= day <= end:
            issued.append(
                {
                    "symbol": symbol,
                    "date": _dmy(day),
                    "meeting": minutes.meeting.title or minutes.meeting.numbered_name,
                }
            )
    return by_meeting, issued


def _notices(committee: Committee, start, end) -> list[dict]:
    rows = (
        Notice.objects.filter(
            committee=committee,
            signed_at__gte=_midnight(start),
            signed_at__lt=_midnight(end + datetime.timedelta(days=1)),
        )
        .select_related("meeting")
        .order_by("signed_at", "pk")
    )
    return [
        {
            "symbol": _symbol(notice.number, notice.doc_type, committee),
            "date": _dmy(_local_day(notice.signed_at)),
            "meeting": notice.meeting.title or notice.meeting.numbered_name,
        }
        for notice in rows
    ]


def _empty_counts() -> dict:
    return {"invited": 0, "recorded": 0, **dict.fromkeys(OUTCOMES, 0), "not_recorded": 0, "rate": None}


def _count(row: dict, attendance: str) -> None:
    row["invited"] += 1
    for key, value in OUTCOMES.items():
        if attendance == value:
            row[key] += 1
            row["recorded"] += 1
            break
    else:
        row["not_recorded"] += 1


def _close(row: dict) -> dict:
    row["rate"] = _rate(row["present"] + row["substitute_present"], row["recorded"])
    return row


def _attendance(committee_meetings: list[Meeting]) -> dict:
    """Per meeting and per member of the committee meetings held (one query)."""
    rows = (
        Invitation.objects.filter(meeting__in=committee_meetings, kind=Invitation.Kind.MEMBER)
        .values_list("meeting_id", "user_id", "user__full_name", "user__username", "attendance")
        .order_by("user__full_name", "user__username", "user_id")
    )
    totals = _empty_counts()
    per_meeting = {
        m.pk: {"id": m.pk, "name": m.title or m.numbered_name, "date": _dmy(_local_day(m.start_at))}
        | _empty_counts()
        for m in committee_meetings
    }
    per_member: dict[int, dict] = {}
    for meeting_id, user_id, full_name, username, attendance in rows:
        member = per_member.setdefault(
            user_id, {"id": user_id, "name": full_name or username} | _empty_counts()
        )
        for row in (totals, per_meeting[meeting_id], member):
            _count(row, attendance)
    return _close(totals) | {
        "meetings": [_close(row) for row in per_meeting.values()],
        "members": [_close(row) for row in per_member.values()],
    }


def _meeting_figures(committee: Committee, meetings: list[Meeting], minutes_by_meeting: dict) -> dict:
    held = [m for m in meetings if m.status != Meeting.Status.CANCELLED]
    # The chair's working sessions and the written consultations are counted by kind and listed,
    # not among the meetings held.
    meetings_proper = [m for m in meetings if not (m.is_working_session or m.is_consultation)]
    held_proper = [m for m in held if not (m.is_working_session or m.is_consultation)]
    by_kind = dict.fromkeys(Meeting.Kind.values, 0)
    listed = []
    for meeting in held:
        by_kind[meeting.kind] += 1
        notice = getattr(meeting, "notice", None)
        listed.append(
            {
                "id": meeting.pk,
                "date": _dmy(_local_day(meeting.start_at)),
                "title": meeting.title or meeting.numbered_name,
                "kind": meeting.kind,
                "kind_label": str(Meeting.Kind(meeting.kind).label),
                "minutes": minutes_by_meeting.get(meeting.pk, ""),
                "notice": _symbol(notice.number, notice.doc_type, committee) if notice else "",
            }
        )
    return {
        "held": len(held_proper),
        "cancelled": len(meetings_proper) - len(held_proper),
        "by_kind": by_kind,
        "list": listed,
    }


def _support_group(meetings: list[Meeting], year: int, quarter: int, today: datetime.date) -> dict:
    months = []
    for month in range(3 * quarter - 2, 3 * quarter + 1):
        dates = [
            _local_day(m.start_at)
            for m in meetings
            if m.kind == Meeting.Kind.SUPPORT_MONTHLY
            and m.status != Meeting.Status.CANCELLED
            and _local_day(m.start_at).month == month
        ]
        last_day = datetime.date(year, month, calendar.monthrange(year, month)[1])
        state = "met" if dates else ("not_met" if last_day < today else "open")
        months.append(
            {
                "month": month,
                "label": f"{month:02d}/{year}",
                "state": state,
                "dates": [_dmy(d) for d in dates],
            }
        )
    return {
        "months_met": sum(m["state"] == "met" for m in months),
        "months_not_met": sum(m["state"] == "not_met" for m in months),
        "months": months,
    }


# --- written consultations -------------------------------------------------------------------------


def _consultations(meetings: list[Meeting]) -> dict:
    """The written consultations asked in the quarter and closed (their summary compiled, or
    decided): per member asked, how many they were asked, answered and did not answer (one query)."""
    closed = [m for m in meetings if m.is_consultation and m.status != Meeting.Status.CANCELLED]
    rows = (
        Invitation.objects.filter(meeting__in=closed, kind=Invitation.Kind.MEMBER)
        .values_list("user_id", "user__full_name", "user__username", "consultation_answer__sent_at")
        .order_by("user__full_name", "user__username", "user_id")
    )
    per_member: dict[int, dict] = {}
    for user_id, full_name, username, sent_at in rows:
        row = per_member.setdefault(
            user_id,
            {"id": user_id, "name": full_name or username, "asked": 0, "answered": 0, "not_answered": 0},
        )
        row["asked"] += 1
        row["answered" if sent_at is not None else "not_answered"] += 1
    members = list(per_member.values())
    return {
        "count": len(closed),
        "asked": sum(r["asked"] for r in members),
        "answered": sum(r["answered"] for r in members),
        "not_answered": sum(r["not_answered"] for r in members),
        "members": members,
    }


# --- directives -------------------------------------------------------------------------------------


def _directives(committee: Committee, year: int, quarter: int, as_of: datetime.date) -> dict:
    """By lead agency, in ONE aggregate query over tasks' timeliness annotation."""
    start, end = quarter_bounds(year, quarter)
    prev_start, prev_end = quarter_bounds(*previous_quarter(year, quarter))
    created = Q(created_at__gte=_midnight(start), created_at__lt=_midnight(end + datetime.timedelta(days=1)))
    done = Q(status__in=Directive.DONE_STATUSES)
    done_in = done & Q(reported_done_on__gte=start, reported_done_on__lte=end)
    done_before = done & Q(reported_done_on__gte=prev_start, reported_done_on__lte=prev_end)
    on_time, late = Q(timeliness=Timeliness.DONE_ON_TIME), Q(timeliness=Timeliness.DONE_LATE)
    open_at_end = Q(created_at__lt=_midnight(as_of + datetime.timedelta(days=1))) & (
        Q(status__in=Directive.OPEN_STATUSES) | (done & Q(reported_done_on__gt=as_of))
    )
    past_deadline = Q(deadline__isnull=False, deadline__lt=as_of)
    grouped = (
        Directive.objects.filter(committee=committee)
        .exclude(status=Directive.Status.CANCELLED)
        .with_timeliness(as_of)
        .filter(created | done_in | done_before | open_at_end)
        .values("lead_organization_id", "lead_organization__name", "lead_organization__short_code")
        .annotate(
            opened=Count("pk", filter=created),
            done_on_time=Count("pk", filter=done_in & on_time),
            done_late=Count("pk", filter=done_in & late),
            previous_on_time=Count("pk", filter=done_before & on_time),
            previous_late=Count("pk", filter=done_before & late),
            overdue=Count("pk", filter=open_at_end & past_deadline),
            in_progress=Count("pk", filter=open_at_end & ~past_deadline),
        )
        .order_by("lead_organization__name", "lead_organization_id")
    )
    totals = {"id": None, "name": "Tổng cộng", "short_code": "", **dict.fromkeys(DIRECTIVE_COUNTS, 0)}
    totals |= {"previous_on_time": 0, "previous_late": 0}
    agencies = []
    for row in grouped:
        agency = {
            "id": row["lead_organization_id"],
            "name": row["lead_organization__name"],
            "short_code": row["lead_organization__short_code"],
            **{key: row[key] for key in DIRECTIVE_COUNTS if key != "done"},
            "done": row["done_on_time"] + row["done_late"],
            "previous_on_time": row["previous_on_time"],
            "previous_late": row["previous_late"],
        }
        for key in (*DIRECTIVE_COUNTS, "previous_on_time", "previous_late"):
            totals[key] += agency[key]
        agencies.append(agency)
    for row in (*agencies, totals):
        previous_on_time, previous_late = row.pop("previous_on_time"), row.pop("previous_late")
        row["on_time_rate"] = _rate(row["done_on_time"], row["done"])
        row["previous_rate"] = _rate(previous_on_time, previous_on_time + previous_late)
        row["change"] = (
            round(row["on_time_rate"] - row["previous_rate"], 1)
            if row["on_time_rate"] is not None and row["previous_rate"] is not None
            else None
        )
    return {"as_of": _dmy(as_of), "agencies": agencies, "totals": totals}


# --- plan items -------------------------------------------------------------------------------------

PLAN_STATES = {
    "done": "Đã hoàn thành",
    "in_progress": "Đang thực hiện",
    "overdue": "Quá hạn",
    "not_started": "Chưa giao nhiệm vụ",
    "cancelled": "Đã hủy",
}
T = Timeliness


def _item_state(directives: list[Directive]) -> str:
    if not directives:
        return "not_started"
    live = [d for d in directives if d.timeliness != T.CANCELLED]
    if not live:
        return "cancelled"
    if any(d.timeliness == T.OVERDUE for d in live):
        return "overdue"
    if all(d.timeliness in (T.DONE_ON_TIME, T.DONE_LATE) for d in live):
        return "done"
    return "in_progress"


def _plan_items(committee: Committee, year: int, quarter: int, today: datetime.date) -> dict:
    """The approved plans' items of the quarter and the directives they became (two queries)."""
    items = (
        WorkPlanItem.objects.filter(
            plan__committee=committee,
            plan__year=year,
            plan__status=WorkPlan.Status.APPROVED,
            target_quarter=quarter,
        )
        .select_related("owner_organization", "plan__committee")
        .prefetch_related(
            Prefetch("directives", queryset=Directive.objects.with_timeliness(today).order_by("pk"))
        )
        .order_by("plan__kind", "plan_id", "order", "pk")
    )
    listed = []
    for item in items:
        directives = list(item.directives.all())
        state = _item_state(directives)
        listed.append(
            {
                "id": item.pk,
                "order": item.order,
                "content": item.content,
                "owner": item.owner_organization.name,
                "plan": item.plan.symbol or item.plan.title,
                "state": state,
                "state_label": PLAN_STATES[state],
                "directives": [
                    {
                        "id": d.pk,
                        "title": d.title,
                        "status": d.status,
                        "status_label": str(Directive.Status(d.status).label),
                        "timeliness": d.timeliness,
                        "timeliness_label": str(T(d.timeliness).label),
                        "deadline": _dmy(d.deadline),
                    }
                    for d in directives
                ],
            }
        )
    counts = {state: sum(i["state"] == state for i in listed) for state in PLAN_STATES}
    return {"total": len(listed), **counts, "items": listed}


# --- the whole -------------------------------------------------------------------------------------


#: The sections every compilation has (figures stored before one was added lack it).
SECTIONS = ("meetings", "attendance", "documents", "directives", "plan_items", "support_group")


def is_complete(figures: dict | None) -> bool:
    """Whether stored figures have every section of this module's shape (older ones are shown
    only once refreshed)."""
    return bool(figures) and all(isinstance(figures.get(key), dict) for key in (*SECTIONS, "period_display"))


def compile_quarter(committee: Committee, year: int, quarter: int) -> dict:
    """The figures of `committee` for `quarter` of `year`, from its records as they are now (shape:
    the module's docstring)."""
    with translation.override(settings.LANGUAGE_CODE):
        today = timezone.localdate()
        start, end = quarter_bounds(year, quarter)
        as_of = min(end, today)
        meetings = _meetings(committee, start, end)
        held = [m for m in meetings if m.status != Meeting.Status.CANCELLED]
        minutes_by_meeting, minutes_issued = _minutes(committee, [m.pk for m in held], start, end)
        notices = _notices(committee, start, end)
        return {
            "period": {"year": year, "quarter": quarter, "start": start.isoformat(), "end": end.isoformat()},
            "period_display": {
                "label": quarter_label(year, quarter),
                "start": _dmy(start),
                "end": _dmy(end),
                "as_of": _dmy(as_of),
            },
            "compiled_on": today.isoformat(),
            "meetings": _meeting_figures(committee, meetings, minutes_by_meeting),
            "attendance": _attendance([m for m in held if m.is_committee_meeting]),
            "consultations": _consultations(held),
            "documents": {
                "minutes": minutes_issued,
                "notices": notices,
                "minutes_count": len(minutes_issued),
                "notices_count": len(notices),
            },
            "directives": _directives(committee, year, quarter, as_of),
            "plan_items": _plan_items(committee, year, quarter, today),
            "support_group": _support_group(meetings, year, quarter, today),
        }


# --- what a refresh changed -------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureChange:
    """One figure that a refresh changed: its label (Vietnamese, as the page shows it), before, after."""

    label: str
    old: object
    new: object


#: Numbers that identify a row rather than count anything: never reported as changed.
IDENTITY_KEYS = {"id", "order", "month", "year", "quarter"}


def _labels() -> dict[tuple[str, str], str]:
    """(section, key) → what a person calls that figure (in the active language)."""
    return {
        ("meetings", "held"): _("Meetings held"),
        ("meetings", "cancelled"): _("Meetings cancelled"),
        ("attendance", "invited"): _("Members invited (attendances)"),
        ("attendance", "recorded"): _("Attendances recorded"),
        ("attendance", "present"): _("Members present"),
        ("attendance", "substitute_present"): _("Substitutes present"),
        ("attendance", "absent_approved"): _("Absences approved"),
        ("attendance", "absent_unexcused"): _("Absences unexcused"),
        ("attendance", "not_recorded"): _("Attendances not recorded"),
        ("attendance", "rate"): _("Attendance rate (%)"),
        ("documents", "minutes_count"): _("Number of minutes signed"),
        ("documents", "notices_count"): _("Notices of conclusions issued"),
        ("directives", "opened"): _("Directives opened"),
        ("directives", "done_on_time"): _("Directives done on time"),
        ("directives", "done_late"): _("Directives done late"),
        ("directives", "done"): _("Directives done"),
        ("directives", "overdue"): _("Directives overdue"),
        ("directives", "in_progress"): _("Directives in progress"),
        ("directives", "on_time_rate"): _("On-time rate (%)"),
        ("directives", "previous_rate"): _("Previous quarter's on-time rate (%)"),
        ("directives", "change"): _("Change from the previous quarter (points)"),
        ("plan_items", "total"): _("Plan items of the quarter"),
        ("plan_items", "done"): _("Plan items done"),
        ("plan_items", "in_progress"): _("Plan items in progress"),
        ("plan_items", "overdue"): _("Plan items overdue"),
        ("plan_items", "not_started"): _("Plan items not yet assigned"),
        ("plan_items", "cancelled"): _("Plan items cancelled"),
        ("support_group", "months_met"): _("Months the support group met"),
        ("support_group", "months_not_met"): _("Months the support group did not meet"),
    }


def _leaves(node, path: tuple[str, ...] = (), names: tuple[str, ...] = ()) -> dict[tuple, tuple]:
    """Every number of the figures: {path: (names of the rows on the way, value)}. A row of a
    list is identified by its "id" (its position when it has none) and named by its "name",
    "title" or "content"; a count by meeting kind is named by the kind. The period is not a figure."""
    out: dict[tuple, tuple] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key in IDENTITY_KEYS or (not path and key in ("period", "period_display")):
                continue
            step_names = names
            if path == ("meetings", "by_kind") and key in Meeting.Kind.values:
                step_names = (*names, str(Meeting.Kind(key).label))
            elif isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"]:
                step_names = (*names, value["name"])  # a row of its own, such as the totals
            out.update(_leaves(value, (*path, str(key)), step_names))
    elif isinstance(node, list):
        for index, element in enumerate(node):
            if not isinstance(element, dict):
                continue
            ident = element.get("id", f"#{index}")
            name = element.get("name") or element.get("title") or element.get("content") or ""
            out.update(_leaves(element, (*path, f"[{ident}]"), (*names, str(name)) if name else names))
    elif isinstance(node, int | float) and not isinstance(node, bool):
        out[path] = (names, node)
    return out


def figure_label(path: tuple[str, ...], names: tuple[str, ...] = ()) -> str:
    """ "Nhiệm vụ quá hạn — Sở Tài chính": the figure's name, then the rows it belongs to. A key
    this module does not know yet is shown by its path."""
    known = _labels().get((path[0], path[-1])) if path else None
    if path[:2] == ("meetings", "by_kind"):
        known = _("Meetings held")
    base = known or ".".join(part for part in path if not part.startswith("["))
    return " — ".join([base, *names])


def figures_diff(old: dict, new: dict) -> list[FigureChange]:
    """The numeric figures that differ between two compilations, in the new one's order (a row
    that appears changes from None), then those that are gone (to None); a row that appears or
    goes with a zero is no change to report."""
    before, after = _leaves(old or {}), _leaves(new or {})
    changes = [
        FigureChange(label=figure_label(path, names), old=before.get(path, ((), None))[1], new=value)
        for path, (names, value) in after.items()
        if (before[path][1] != value if path in before else value != 0)
    ]
    changes += [
        FigureChange(label=figure_label(path, names), old=value, new=None)
        for path, (names, value) in before.items()
        if path not in after and value != 0
    ]
    return changes
