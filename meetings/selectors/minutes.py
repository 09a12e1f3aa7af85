"""Reads for the minutes, the conclusions, the notice and a meeting's history (Điều 3, 4.2, 7)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.rendering.context import dated_line
from members.models import User

from ..documents import context as documents_context
from ..models import AgendaItem, Conclusion, Invitation, Meeting, Minutes, MinutesComment, Notice, Paper
from ..permissions import MeetingAccess, Right

# --- the minutes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AddendumRow:
    minutes: Minutes
    sign_role: str | None


@dataclass(frozen=True)
class MinutesPage:
    """Everything the minutes page shows, with the viewer's rights worked out once."""

    meeting: Meeting
    minutes: Minutes
    addenda: list[AddendumRow]
    comments: list[MinutesComment]
    show_comments: bool
    can_edit: bool
    can_open_review: bool
    can_comment: bool
    review_open: bool  # the comment window holds the signatures back (Điều 7)
    can_close_review: bool
    can_answer_comments: bool
    sign_role: str | None
    can_add_addendum: bool
    can_view_conclusions: bool
    has_notice: bool
    record: dict  # what the PDF prints from the meeting's records (minutes_record)


_SIGNED_BY = ("secretary_signed_by", "presiding_signed_by", "updated_by", "review_closed_by")


def minutes_record(minutes: Minutes) -> dict:
    """Time, place, attendance, presiding person and secretary as the minutes PDF prints them."""
    return documents_context.minutes_record(minutes)


def minutes_main_get(meeting: Meeting) -> Minutes | None:
    """The meeting's main minutes (not an addendum), or None before they are started."""
    return meeting.minutes_set.filter(addendum_to=None).select_related(*_SIGNED_BY).first()


def minutes_of_meeting_get(meeting: Meeting, pk: int) -> Minutes | None:
    """The main minutes or an addendum of this meeting by pk; None if it belongs to another."""
    return meeting.minutes_set.filter(pk=pk).select_related(*_SIGNED_BY).first()


def minutes_comment_get(minutes: Minutes, pk: int) -> MinutesComment | None:
    """One comment on these minutes by pk; None if it belongs to other minutes."""
    comment = minutes.comments.filter(pk=pk).first()
    if comment is not None:
        comment.minutes = minutes
    return comment


def minutes_page_for_user(access: MeetingAccess) -> MinutesPage | None:
    """The minutes page for this person, or None when there are none or they may not see them."""
    meeting = access.meeting
    minutes = minutes_main_get(meeting)
    if minutes is None or not access.can(Right.VIEW_MINUTES, minutes):
        return None
    minutes.meeting = meeting  # spare a query in the predicates and the template
    addenda = []
    for addendum in minutes.addenda.select_related(*_SIGNED_BY).order_by("pk"):
        addendum.meeting = meeting
        addenda.append(AddendumRow(addendum, access.minutes_signature_role(addendum)))
    comments = list(minutes.comments.select_related("author", "answered_by"))
    for comment in comments:
        comment.minutes = minutes  # spare a query in the predicates
    in_review = minutes.status == Minutes.Status.IN_REVIEW
    return MinutesPage(
        meeting=meeting,
        minutes=minutes,
        addenda=addenda,
        comments=comments,
        # Comments and their answers stay on the page after signing: they are part of the record.
        show_comments=in_review or bool(comments),
        can_edit=access.can(Right.DRAFT_MINUTES, minutes),
        can_open_review=access.can(Right.OPEN_REVIEW, minutes),
        can_comment=access.can(Right.COMMENT_MINUTES, minutes),
        review_open=minutes.review_is_open,
        can_close_review=access.can(Right.CLOSE_REVIEW, minutes),
        can_answer_comments=bool(comments) and access.can(Right.ANSWER_COMMENT, comments[0]),
        sign_role=access.minutes_signature_role(minutes),
        can_add_addendum=access.can(Right.ADD_ADDENDUM, minutes),
        can_view_conclusions=access.may(Right.VIEW_CONCLUSIONS),
        has_notice=meeting.status == Meeting.Status.NOTICE_ISSUED,
        record=minutes_record(minutes),
    )


def minutes_prefill_context(meeting: Meeting) -> dict:
    """What the draft's first text is written from: the written opinions received from members
    who sent a substitute or were excused; as missing, only those who sent a substitute, the one
    case where the regulation requires a written opinion (Điều 6.5: an absence approved without
    a substitute needs none); and the agenda."""
    invitations = list(
        meeting.invitations.select_related("user", "user__organization").order_by("kind", "user__full_name")
    )
    At, R = Invitation.Attendance, Invitation.Response
    substituted = [
        i for i in invitations if i.attendance == At.SUBSTITUTE_PRESENT or i.response == R.SUBSTITUTE
    ]
    away = [i for i in invitations if i in substituted or i.attendance == At.ABSENT_APPROVED]
    return {
        "opinions": [i for i in away if i.has_written_opinion],
        "missing_opinions": [i for i in substituted if not i.has_written_opinion],
        "agenda": list(meeting.agenda_items.select_related("presenter")),
    }


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "del", "hunk", "file" or "same"
    text: str


def diff_lines(diff: list[str]) -> list[DiffLine]:
    """Classify unified-diff lines so the page can colour them (and say so in words)."""
    result = []
    for line in diff:
        if line.startswith(("+++", "---")):
            kind = "file"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "same"
        result.append(DiffLine(kind, line))
    return result


# --- conclusions and the notice --------------------------------------------------------------


@dataclass(frozen=True)
class ConclusionsPage:
    meeting: Meeting
    conclusions: list[Conclusion]
    can_draft: bool
    sign_role: str | None
    has_notice: bool


def conclusions_page_for_user(access: MeetingAccess) -> ConclusionsPage | None:
    """The conclusion items and what this person may do with them; None if they may not see them
    (drafts: those who draft or sign them; issued: every member)."""
    if not access.may(Right.VIEW_CONCLUSIONS):
        return None
    meeting = access.meeting
    return ConclusionsPage(
        meeting=meeting,
        conclusions=list(
            meeting.conclusions.select_related("lead_organization").prefetch_related(
                "coordinating_organizations"
            )
        ),
        can_draft=access.can(Right.DRAFT_CONCLUSIONS),
        sign_role=access.conclusions_signature_role,
        has_notice=meeting.status == Meeting.Status.NOTICE_ISSUED,
    )


def conclusion_of_meeting_get(meeting: Meeting, pk: int) -> Conclusion | None:
    """One conclusion item of this meeting; None if it belongs to another meeting."""
    return meeting.conclusions.filter(pk=pk).prefetch_related("coordinating_organizations").first()


@dataclass(frozen=True)
class NoticePage:
    meeting: Meeting
    notice: Notice
    conclusions: list[Conclusion]  # each with `instruction_line`, as the PDF prints it
    date_line: str
    summary: str  # the title under THÔNG BÁO, as the PDF prints it
    recipients: list[str]  # Nơi nhận, as the PDF prints it
    directives: list  # the directives its instructions became, with `timeliness_label`


#: A directive's timeliness (the values of tasks.models.Timeliness, annotated by the database),
#: in words: meetings sits below tasks and may not import it (docs/architecture.md).
TIMELINESS_LABELS = {
    "on_time": gettext_lazy("On schedule"),
    "due_soon": gettext_lazy("Deadline approaching"),
    "overdue": gettext_lazy("Past the deadline"),
    "done_on_time": gettext_lazy("Completed on time"),
    "done_late": gettext_lazy("Completed late"),
    "cancelled": gettext_lazy("Cancelled"),
}


def notice_page(meeting: Meeting) -> NoticePage | None:
    """The issued notice of conclusions with its items, or None before it is issued; its title
    and recipients come from the functions that build the PDF's. With it, the directives the
    tasks app made of its instructions when it was signed (through the reverse relation: meetings
    does not import tasks), each with its timeliness today. Six queries, whatever the number of
    conclusions and directives."""
    notice = Notice.objects.filter(meeting=meeting).select_related("committee", "signed_by").first()
    if notice is None:
        return None
    conclusions = documents_context.notice_conclusions(meeting)
    for c in conclusions:
        c.instruction_line = documents_context.instruction_line(c)
    directives = list(
        notice.directives.with_timeliness(timezone.localdate())
        .select_related("lead_organization")
        .order_by("conclusion__order", "pk")
    )
    for directive in directives:
        directive.timeliness_label = TIMELINESS_LABELS.get(directive.timeliness, directive.timeliness)
    return NoticePage(
        meeting=meeting,
        notice=notice,
        conclusions=conclusions,
        date_line=dated_line(notice.committee.place_name, timezone.localdate(notice.signed_at)),
        summary=documents_context.notice_summary(meeting),
        recipients=documents_context.notice_recipients(notice.committee, conclusions),
        directives=directives,
    )


# --- the history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str | None = None  # None: the value is not shown (long text, a person, a file)
    new: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: User | None
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


# Fields whose model declares no translated label.
FIELD_LABELS = {
    "convened_at": gettext_lazy("convened at"),
    "convened_by": gettext_lazy("convened by"),
    "held_at": gettext_lazy("held at"),
    "postponed_count": gettext_lazy("times postponed"),
    "responded_at": gettext_lazy("answered at"),
    "absence_decision": gettext_lazy("decision on the absence"),
    "absence_decided_by": gettext_lazy("absence decided by"),
    "absence_decided_at": gettext_lazy("absence decided at"),
    "status": gettext_lazy("status"),
    "secretary_signed_by": gettext_lazy("secretary's signature"),
    "secretary_signed_at": gettext_lazy("secretary signed at"),
    "presiding_signed_by": gettext_lazy("presiding person's signature"),
    "presiding_signed_at": gettext_lazy("presiding person signed at"),
    "presiding_signed_as": gettext_lazy("presiding person signed as"),
    "updated_by": gettext_lazy("last edited by"),
    "signed_by": gettext_lazy("signed by"),
    "signed_as": gettext_lazy("signed as"),
    "signed_at": gettext_lazy("signed at"),
}
# Bookkeeping that changes with every save and says nothing to the reader.
SKIPPED_FIELDS = {
    "id",
    "updated_at",
    "created_at",
    "version",
    "locked",
    "original_name",
    "content_type",
    "size",
}

# The change reasons the services record, in words people read.
REASONS = {
    "created": gettext_lazy("created"),
    "edited": gettext_lazy("edited"),
    "invited": gettext_lazy("invited"),
    "agenda item added": gettext_lazy("agenda item added"),
    "paper added": gettext_lazy("paper added"),
    "paper moved": gettext_lazy("paper moved"),
    "convened": gettext_lazy("convened"),
    "postponed": gettext_lazy("postponed"),
    "cancelled": gettext_lazy("cancelled"),
    "absence approved": gettext_lazy("absence approved"),
    "absence refused": gettext_lazy("absence refused"),
    "attendance recorded": gettext_lazy("attendance recorded"),
    "held": gettext_lazy("recorded as held"),
    "drafted": gettext_lazy("drafted"),
    "coordinating agencies named": gettext_lazy("coordinating agencies named"),
    "minutes drafted": gettext_lazy("minutes drafted"),
    "review opened": gettext_lazy("opened for comments"),
    "review closed early": gettext_lazy("comments closed early"),
    "commented": gettext_lazy("commented"),
    "comment answered": gettext_lazy("comment answered"),
    "signed as secretary": gettext_lazy("signed as secretary"),
    "signed as presiding": gettext_lazy("signed as presiding"),
    "signed as acting": gettext_lazy("signed for the chair"),
    "minutes signed": gettext_lazy("minutes signed"),
    "addendum drafted": gettext_lazy("addendum drafted"),
    "issued": gettext_lazy("issued"),
    "conclusions issued": gettext_lazy("conclusions issued"),
}
ANSWERS = dict(Invitation.Response.choices)
TYPES = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


def _reason(record) -> str:
    reason = record.history_change_reason or ""
    if reason.startswith("answered: "):
        answer = reason.removeprefix("answered: ")
        return _("answered: %(answer)s") % {"answer": ANSWERS.get(answer, answer)}
    if reason in REASONS:
        return str(REASONS[reason])
    return reason or str(TYPES.get(record.history_type, ""))


def _show(model_field: models.Field, value) -> str | None:
    """A short, readable value, or None when only the field's name is worth showing."""
    if isinstance(model_field, models.ForeignKey | models.TextField | models.FileField):
        return None
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _changes(model: type[models.Model], old, new) -> list[FieldChange]:
    changes = []
    for f in model._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        before, after = getattr(old, f.attname), getattr(new, f.attname)
        if before == after:
            continue
        label = str(FIELD_LABELS.get(f.name, f.verbose_name))
        old_text, new_text = _show(f, before), _show(f, after)
        changes.append(FieldChange(label, old_text, new_text if old_text is not None else None))
    return changes


def _subjects(meeting: Meeting) -> list[tuple[type[models.Model], models.QuerySet, object]]:
    """Each tracked model's history for this meeting (one query each) and how to name a record."""
    short_code = meeting.committee.short_code

    def minutes_label(r) -> str:
        return _("Addendum to the minutes") if r.addendum_to_id else _("Minutes")

    return [
        (Meeting, Meeting.history.filter(id=meeting.pk), lambda r: _("Meeting")),
        (
            Invitation,
            Invitation.history.filter(meeting_id=meeting.pk).select_related("user"),
            lambda r: _("Invitation of %(person)s") % {"person": r.user or "—"},
        ),
        (
            AgendaItem,
            AgendaItem.history.filter(meeting_id=meeting.pk),
            lambda r: _("Agenda item %(order)s. %(title)s") % {"order": r.order, "title": r.title},
        ),
        (
            Paper,
            Paper.history.filter(meeting_id=meeting.pk),
            lambda r: _("Paper “%(title)s”") % {"title": r.title},
        ),
        (Minutes, Minutes.history.filter(meeting_id=meeting.pk), minutes_label),
        (
            MinutesComment,
            MinutesComment.history.filter(minutes__meeting_id=meeting.pk).select_related("author"),
            lambda r: _("Comment of %(person)s") % {"person": r.author or "—"},
        ),
        (
            Conclusion,
            Conclusion.history.filter(meeting_id=meeting.pk),
            lambda r: _("Conclusion %(order)s") % {"order": r.order},
        ),
        (
            Notice,
            Notice.history.filter(meeting_id=meeting.pk),
            lambda r: _("Notice %(symbol)s") % {"symbol": f"{r.number:02d}/{r.doc_type}-{short_code}"},
        ),
    ]


def meeting_history(meeting: Meeting) -> list[HistoryEntry]:
    """One timeline, oldest first, of every recorded change to the meeting, its invitations,
    agenda, papers, minutes and the comments on them, conclusions and notice: who, when, what; a
    fixed number of queries."""
    entries: list[HistoryEntry] = []
    for model, queryset, label in _subjects(meeting):
        previous: dict[int, object] = {}
        for record in queryset.select_related("history_user").order_by("id", "history_date", "history_id"):
            prior = previous.get(record.id)
            changes = (
                _changes(model, prior, record) if prior is not None and record.history_type == "~" else []
            )
            previous[record.id] = record
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    subject=label(record),
                    action=_reason(record),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when)
    return entries
