"""The archive's search (Điều 7.10): minutes, notices of conclusions (their conclusions' text),
papers' titles, conclusions not yet issued, and directives, ignoring diacritics and case.

The same on SQLite and PostgreSQL because the comparison is `tasks.models.fold`, applied to the
query and to the text: directives carry a folded column the database filters on; the other
texts are read from the committees the person sees only (a bounded candidate set) and folded
here. What is read is then filtered by the meetings app's own rules (drafts of minutes to their
readers only, conclusions before their notice to those who draft or sign them), so a result is
never something the person could not open."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from meetings.models import Conclusion, Meeting, Minutes, Notice, Paper
from meetings.permissions import MeetingAccess, Right, meetings_visible_to
from members.models import User
from tasks.models import fold
from tasks.permissions import committee_ids_with_tasks, directives_visible_to

#: Characters of context shown either side of the match.
CONTEXT = 80


@dataclass(frozen=True)
class SearchResult:
    kind: str
    kind_label: str
    title: str
    snippet: str
    date: datetime.date | None
    url: str
    committee: str


def _folded(text: str) -> tuple[str, str, list[int]]:
    """(the text with its spaces collapsed, its folded form, for each folded character the index
    of the character it came from): a match in the folded form is shown from the original."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        part = " " if char == " " else fold(char)
        folded.extend(part)
        origin.extend([index] * len(part))
    return text, "".join(folded), origin


def _match(text: str, needle: str) -> str | None:
    """The passage of `text` around the first match of the folded `needle`, or None."""
    plain, folded, origin = _folded(text)
    at = folded.find(needle)
    if at < 0:
        return None
    start = origin[at]
    end = origin[at + len(needle) - 1] + 1
    left = max(0, start - CONTEXT)
    right = min(len(plain), end + CONTEXT)
    return ("…" if left else "") + plain[left:right] + ("…" if right < len(plain) else "")


class _Accesses:
    """One MeetingAccess per meeting, read once for the whole search."""

    def __init__(self, user: User) -> None:
        self.user = user
        self._by_meeting: dict[int, MeetingAccess] = {}

    def __call__(self, meeting: Meeting) -> MeetingAccess:
        if meeting.pk not in self._by_meeting:
            self._by_meeting[meeting.pk] = MeetingAccess(self.user, meeting)
        return self._by_meeting[meeting.pk]


def _papers(user: User, needle: str) -> list[SearchResult]:
    label = _("Paper")
    papers = (
        Paper.objects.filter(meeting__in=meetings_visible_to(user))
        .select_related("meeting__committee")
        .only("pk", "title", "uploaded_at", "meeting")
        .order_by()
    )
    results = []
    for paper in papers:
        snippet = _match(paper.title, needle)
        if snippet is None:
            continue
        meeting = paper.meeting
        results.append(
            SearchResult(
                kind="paper",
                kind_label=label,
                title=paper.title,
                snippet=str(meeting),
                date=timezone.localdate(meeting.start_at),
                url=reverse("meetings:paper-download", kwargs={"pk": meeting.pk, "paper_pk": paper.pk}),
                committee=meeting.committee.short_code,
            )
        )
    return results


def _minutes(user: User, needle: str, committee_ids: list[int], access: _Accesses) -> list[SearchResult]:
    label = _("Minutes")
    results = []
    candidates = (
        Minutes.objects.filter(meeting__committee_id__in=committee_ids)
        .select_related("meeting__committee")
        .order_by()
    )
    for minutes in candidates:
        snippet = _match(strip_tags(minutes.body), needle)
        if snippet is None:
            continue
        meeting = minutes.meeting
        if not access(meeting).can_view_minutes(minutes):
            continue
        if minutes.addendum_to_id:
            url = reverse(
                "meetings:minutes-document-pdf", kwargs={"pk": meeting.pk, "minutes_pk": minutes.pk}
            )
            title = _("Addendum to the minutes of %(meeting)s") % {"meeting": meeting}
        else:
            url = reverse("meetings:minutes-detail", kwargs={"pk": meeting.pk})
            title = str(minutes)
        if minutes.symbol:
            title = f"{minutes.symbol} · {title}"
        else:
            title = f"{title} ({minutes.get_status_display().lower()})"
        signed = minutes.presiding_signed_at or minutes.secretary_signed_at
        results.append(
            SearchResult(
                kind="minutes",
                kind_label=label,
                title=title,
                snippet=snippet,
                date=timezone.localdate(signed or meeting.start_at),
                url=url,
                committee=meeting.committee.short_code,
            )
        )
    return results


def _notices_and_conclusions(
    user: User, needle: str, committee_ids: list[int], access: _Accesses
) -> list[SearchResult]:
    """A notice matches by its number or meeting, or by one of its conclusions' text (the
    conclusion then shows as the notice's passage); a conclusion of a meeting whose notice is not
    issued yet shows on its own, to those who may read it."""
    notice_label, conclusion_label = _("Notice of conclusions"), _("Conclusion")
    notices: dict[int, tuple[Notice, str]] = {}
    by_conclusion: set[int] = set()
    for notice in (
        Notice.objects.filter(committee_id__in=committee_ids)
        .select_related("committee", "meeting")
        .order_by()
    ):
        snippet = _match(f"{notice.symbol} {notice.meeting}", needle)
        if snippet is not None:
            notices[notice.pk] = (notice, str(notice.meeting))
    results = []
    candidates = (
        Conclusion.objects.filter(meeting__committee_id__in=committee_ids)
        .select_related("meeting__committee", "meeting__notice__committee")
        .order_by("meeting_id", "order", "pk")
    )
    for conclusion in candidates:
        meeting = conclusion.meeting
        notice = getattr(meeting, "notice", None) if meeting.status == Meeting.Status.NOTICE_ISSUED else None
        if notice is not None and notice.pk in by_conclusion:
            continue  # the notice already shows its first matching conclusion
        snippet = _match(conclusion.text, needle)
        if snippet is None:
            continue
        if notice is not None:
            notices[notice.pk] = (notice, snippet)
            by_conclusion.add(notice.pk)
        elif access(meeting).can(Right.VIEW_CONCLUSIONS):
            results.append(
                SearchResult(
                    kind="conclusion",
                    kind_label=conclusion_label,
                    title=_("Conclusions of %(meeting)s") % {"meeting": meeting},
                    snippet=snippet,
                    date=timezone.localdate(meeting.start_at),
                    url=reverse("meetings:meeting-detail", kwargs={"pk": meeting.pk}),
                    committee=meeting.committee.short_code,
                )
            )
    for notice, snippet in notices.values():
        results.append(
            SearchResult(
                kind="notice",
                kind_label=notice_label,
                title=f"{notice.symbol} · {_('Conclusions of %(meeting)s') % {'meeting': notice.meeting}}",
                snippet=snippet,
                date=timezone.localdate(notice.signed_at),
                url=reverse("meetings:notice-detail", kwargs={"pk": notice.meeting_id}),
                committee=notice.committee.short_code,
            )
        )
    return results


def _directives(user: User, needle: str) -> list[SearchResult]:
    label = _("Directive")
    directives = (
        directives_visible_to(user)
        .filter(search_text__contains=needle)
        .select_related("committee")
        .only("pk", "title", "expected_result", "created_at", "committee__short_code")
        .order_by()
    )
    return [
        SearchResult(
            kind="directive",
            kind_label=label,
            title=f"#{directive.pk} {directive.title}",
            snippet=_match(directive.title, needle) or _match(directive.expected_result, needle) or "",
            date=timezone.localdate(directive.created_at),
            url=directive.get_absolute_url(),
            committee=directive.committee.short_code,
        )
        for directive in directives
    ]


def search(user: User, query: str) -> list[SearchResult]:
    """Every result the person may open for `query`, newest first ([] for an empty query)."""
    needle = fold(query)
    if not needle or not user.is_authenticated:
        return []
    # Minutes, notices and conclusions: the committees where the person holds a role (a guest
    # of a meeting sees its papers only, Điều 8.2).
    committee_ids = committee_ids_with_tasks(user)
    access = _Accesses(user)
    results = [
        *_papers(user, needle),
        *_minutes(user, needle, committee_ids, access),
        *_notices_and_conclusions(user, needle, committee_ids, access),
        *_directives(user, needle),
    ]
    results.sort(key=lambda r: (r.date or datetime.date.min, r.kind, r.title), reverse=True)
    return results
