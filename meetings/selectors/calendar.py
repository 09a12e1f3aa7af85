"""Reads for the calendar: the month grid and list, and iCalendar files and feeds."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from members.models import User

from .. import permissions
from ..models import CalendarToken, Meeting

# --- the month page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    meetings: list[Meeting]


@dataclass(frozen=True)
class CalendarMonth:
    first: datetime.date
    weekdays: list[str]
    weeks: list[list[CalendarDay]]
    meetings: list[Meeting]  # this month's, in order (the list view)
    prev_month: str  # "YYYY-MM"
    next_month: str
    this_month: str
    today_iso: str  # "YYYY-MM-DD", to mark today's meetings in the list


def _month_param(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def calendar_month_for_user(user: User, *, first: datetime.date, today: datetime.date) -> CalendarMonth:
    """The person's meetings in the weeks (Monday first) covering the month of `first`."""
    weeks_dates = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    span_start, span_end = weeks_dates[0][0], weeks_dates[-1][-1] + datetime.timedelta(days=1)
    meetings = list(
        permissions.meetings_visible_to(user)
        .filter(start_at__gte=_local_midnight(span_start), start_at__lt=_local_midnight(span_end))
        .exclude(kind=Meeting.Kind.WRITTEN_CONSULTATION)  # no one meets: not in the calendar
        .select_related("committee")
        .order_by("start_at", "pk")
    )
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localdate(meeting.start_at), []).append(meeting)
    weeks = [
        [CalendarDay(day, day.month == first.month, day == today, by_day.get(day, [])) for day in week]
        for week in weeks_dates
    ]
    prev_last = first - datetime.timedelta(days=1)
    next_first = (first + datetime.timedelta(days=32)).replace(day=1)
    in_month = [m for m in meetings if timezone.localdate(m.start_at).month == first.month]
    return CalendarMonth(
        first=first,
        weekdays=[str(WEEKDAYS_ABBR[i]) for i in range(7)],
        weeks=weeks,
        meetings=in_month,
        prev_month=_month_param(prev_last),
        next_month=_month_param(next_first),
        this_month=_month_param(today),
        today_iso=today.isoformat(),
    )


# --- iCalendar ------------------------------------------------------------------------------------

Absolute = Callable[[str], str]  # turns a path into an absolute URL (request.build_absolute_uri)

ICAL_STATUS = {Meeting.Status.DRAFT: "TENTATIVE", Meeting.Status.CANCELLED: "CANCELLED"}


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Steering committee portal//Meetings//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _event(meeting: Meeting, *, host: str, absolute: Absolute, now: datetime.datetime) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", meeting.start_at.astimezone(zone))
    event.add("dtend", meeting.end_at.astimezone(zone))
    event.add("summary", str(meeting))
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    lines = [f"{item.order}. {item.title}" for item in meeting.agenda_items.all()]
    if meeting.place and meeting.online_link:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_link})
    if meeting.status == Meeting.Status.CANCELLED and meeting.cancelled_reason:
        lines.append(_("Cancelled: %(reason)s") % {"reason": meeting.cancelled_reason})
    if lines:
        event.add("description", "\n".join(lines))
    event.add("url", absolute(meeting.get_absolute_url()))
    event.add("status", ICAL_STATUS.get(meeting.status, "CONFIRMED"))
    event.add("sequence", meeting.postponed_count)
    return event


def _ical_bytes(cal: Calendar) -> bytes:
    cal.add_missing_timezones()  # a VTIMEZONE for Asia/Ho_Chi_Minh, so every client agrees
    return cal.to_ical()


def meeting_ical(meeting: Meeting, *, host: str, absolute: Absolute) -> bytes:
    """One meeting as an .ics file (times in Asia/Ho_Chi_Minh, with its VTIMEZONE)."""
    cal = _calendar(str(meeting))
    cal.add_component(_event(meeting, host=host, absolute=absolute, now=timezone.now()))
    return _ical_bytes(cal)


def meeting_itip(meeting: Meeting, *, attendee_email: str) -> tuple[str, bytes]:
    """One meeting as the .ics of an e-mail (iTIP): (method, file). METHOD:REQUEST, or CANCEL once
    the meeting is cancelled, so a calendar program adds, moves or removes the entry. The UID is
    the one of the meeting's downloaded .ics and feed (the host of PORTAL_BASE_URL), so every
    change updates the same entry; its SEQUENCE grows with every saved change of the meeting."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    host = urlsplit(base).hostname or "localhost"
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    cal = _calendar(str(meeting))
    cal.add("method", method)
    event = _event(meeting, host=host, absolute=lambda path: base + path, now=timezone.now())
    event.pop("sequence", None)
    event.add("sequence", max(meeting.history.count() - 1, meeting.postponed_count))
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(meeting.committee.name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("FALSE")  # answers are given in the portal
    event.add("attendee", attendee)
    cal.add_component(event)
    return method, _ical_bytes(cal)


def calendar_feed_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings a private feed shows: every meeting the person sees, from a year back;
    cancelled ones stay in (as CANCELLED) so subscribed calendars drop them."""
    since = timezone.now() - datetime.timedelta(days=365)
    return (
        permissions.meetings_visible_to(user)
        .filter(start_at__gte=since)
        .exclude(kind=Meeting.Kind.WRITTEN_CONSULTATION)
        .select_related("committee")
        .prefetch_related("agenda_items")
        .order_by("start_at", "pk")
    )


def calendar_feed_ical(user: User, *, host: str, absolute: Absolute) -> bytes:
    """The person's private iCalendar feed."""
    cal = _calendar(_("Meetings of %(person)s") % {"person": user})
    now = timezone.now()
    for meeting in calendar_feed_meetings(user):
        cal.add_component(_event(meeting, host=host, absolute=absolute, now=now))
    return _ical_bytes(cal)


def calendar_token_get(user: User) -> CalendarToken | None:
    """The person's feed token, if they have created one."""
    return CalendarToken.objects.filter(user_id=user.pk).first()


def calendar_token_user(token: str) -> User | None:
    """Whose feed this token opens; None when unknown, revoked or the account is inactive."""
    found = CalendarToken.objects.filter(token=token).select_related("user").first()
    if found is None or not found.user.is_active:
        return None
    return found.user
