"""What a notification says, worded when it is read, in the reader's language.

A notification is stored as a kind and its parameters (JSON: ids and plain strings), never as a
sentence: the sentence is built at display time from the kind's translatable template, so the
list, the navigation and the e-mail speak the reader's language, not the language of whoever
acted. `members` knows no feature: a feature registers its kinds from its AppConfig.ready()
(`meetings.notifications`), as `documents.registry` does for render jobs.

Rows stored before kinds existed keep their worded `message` and show it as it is.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

#: Loads the objects a parameter names by id, in one query: {id: object}; the object is shown
#: with str() in the reader's language (a meeting's generated name, for instance).
ObjectLoader = Callable[[set[int]], Mapping[int, Any]]

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass(frozen=True)
class NotificationKind:
    """One kind of notification.

    - `template`: the English msgid with named placeholders, marked with gettext_noop so the
      catalogue has it ("%(meeting)s is cancelled. Reason: %(reason)s"); translated when read;
    - `datetimes`: parameters holding an instant (stored ISO 8601), shown dd/mm/yyyy HH:MM in
      Asia/Ho_Chi_Minh; `dates`: parameters holding a day, shown dd/mm/yyyy;
    - `objects`: parameters holding an id, shown by the loader's object in the reader's language.
    Every other parameter is a plain string shown as stored (a reason, a name, a symbol).
    - `label`: what the kind is, in a few words (an English msgid marked with gettext_noop,
      translated when shown): the preferences page, the notifications filter, the e-mail;
    - `preference`: the kind whose e-mail choice this one follows (a variant of the same news,
      such as a decision with or without a note); empty: its own.
    """

    name: str
    template: str
    datetimes: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    objects: Mapping[str, ObjectLoader] = field(default_factory=dict)
    label: str = ""
    preference: str = ""

    @property
    def placeholders(self) -> set[str]:
        return set(_PLACEHOLDER.findall(self.template))

    @property
    def preference_key(self) -> str:
        """The name under which a person's e-mail choice for this kind is stored."""
        return self.preference or self.name

    @property
    def label_text(self) -> str:
        """The label in the active language (the kind's name when it has none)."""
        return gettext(self.label) if self.label else self.name


_KINDS: dict[str, NotificationKind] = {}


def register_notification_kind(kind: NotificationKind) -> NotificationKind:
    """Register (or replace, on a reload) a kind of notification."""
    _KINDS[kind.name] = kind
    return kind


def notification_kind(name: str) -> NotificationKind:
    """The registered kind; a KeyError names a kind no installed feature registers."""
    return _KINDS[name]


def notification_kinds() -> list[NotificationKind]:
    """Every registered kind, in the order registered (members, then each feature's)."""
    return list(_KINDS.values())


def notification_preference_kinds(preference_key: str) -> list[str]:
    """The kinds whose e-mail choice is stored under `preference_key` (the kind and its variants)."""
    return [kind.name for kind in _KINDS.values() if kind.preference_key == preference_key]


def notification_params(kind: NotificationKind, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as stored: instants and days as ISO 8601 text, ids as ints, the rest as
    plain strings. Refuses a parameter the template lacks or a placeholder left without one."""
    if set(params) != kind.placeholders:
        raise ValueError(
            f"notification {kind.name!r} takes {sorted(kind.placeholders)}, not {sorted(params)}"
        )
    stored: dict[str, Any] = {}
    for key, value in params.items():
        if key in kind.datetimes:
            if not isinstance(value, datetime.datetime) or value.tzinfo is None:
                raise TypeError(f"{kind.name}.{key} must be an aware datetime")
            stored[key] = value.isoformat()
        elif key in kind.dates:
            if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
                raise TypeError(f"{kind.name}.{key} must be a date")
            stored[key] = value.isoformat()
        elif key in kind.objects:
            stored[key] = int(value.pk if hasattr(value, "pk") else value)
        else:
            stored[key] = str(value)
    return stored


def _local_datetime(text: str) -> str:
    moment = datetime.datetime.fromisoformat(text).astimezone(ZoneInfo(settings.TIME_ZONE))
    return moment.strftime("%d/%m/%Y %H:%M")


def _local_date(text: str) -> str:
    return datetime.date.fromisoformat(text).strftime("%d/%m/%Y")


def _load_objects(notes: list) -> dict[tuple[ObjectLoader, int], Any]:
    """Every object the notes name, one query per loader."""
    wanted: dict[ObjectLoader, set[int]] = {}
    for note in notes:
        kind = _KINDS.get(note.kind)
        if kind is None:
            continue
        for key, loader in kind.objects.items():
            if key in note.params:
                wanted.setdefault(loader, set()).add(int(note.params[key]))
    found: dict[tuple[ObjectLoader, int], Any] = {}
    for loader, ids in wanted.items():
        for pk, obj in loader(ids).items():
            found[(loader, pk)] = obj
    return found


def _word(note, objects: Mapping[tuple[ObjectLoader, int], Any]) -> str:
    if not note.kind:
        return note.message  # stored before kinds existed: already worded
    kind = _KINDS.get(note.kind)
    if kind is None:
        return note.message or note.kind
    values: dict[str, str] = {}
    for key, value in note.params.items():
        if key in kind.datetimes:
            values[key] = _local_datetime(value)
        elif key in kind.dates:
            values[key] = _local_date(value)
        elif key in kind.objects:
            obj = objects.get((kind.objects[key], int(value)))
            values[key] = str(obj) if obj is not None else gettext("(no longer available)")
        else:
            values[key] = value
    return gettext(kind.template) % values


def notifications_word(notes: Iterable, language: str | None = None) -> list:
    """Set `text` on each notification: its sentence in `language` (the active language when
    None), the objects it names loaded once for all the notes."""
    notes = list(notes)
    with translation.override(language or translation.get_language()):
        objects = _load_objects(notes)
        for note in notes:
            note.text = _word(note, objects)
    return notes


def notification_text(note, language: str | None = None) -> str:
    """One notification's sentence in `language` (the active language when None)."""
    return notifications_word([note], language)[0].text


def notification_language(user) -> str:
    """The language a person reads their notifications in away from a page (e-mail): their
    `language` preference when the user model has one, else the portal's (Vietnamese)."""
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# The members app's own kinds (a feature registers its kinds from its AppConfig.ready()).
register_notification_kind(
    NotificationKind(
        "members.acting_for_chair",
        gettext_noop("You act for the chair of %(committee)s from %(start)s to %(end)s."),
        dates=("start", "end"),
        label=gettext_noop("Acting for the chair"),
    )
)
register_notification_kind(
    NotificationKind(
        "members.focal_officer_named",
        gettext_noop(
            "You are named focal officer of %(agency)s in %(committee)s from %(start)s: you update "
            "the progress of the work assigned to your agency."
        ),
        dates=("start",),
        label=gettext_noop("Focal officer naming"),
    )
)
register_notification_kind(
    NotificationKind(
        "members.focal_officer_removed",
        gettext_noop("Your term as focal officer of %(agency)s in %(committee)s ends on %(end)s."),
        dates=("end",),
        label=gettext_noop("End of a focal officer term"),
        preference="members.focal_officer_named",
    )
)
register_notification_kind(
    NotificationKind(
        "members.focal_officer_withdrawn",
        gettext_noop(
            "Your naming as focal officer of %(agency)s in %(committee)s from %(start)s is withdrawn."
        ),
        dates=("start",),
        label=gettext_noop("Focal officer naming withdrawn"),
        preference="members.focal_officer_named",
    )
)


# --- the members' reminders (members.reminders, rule 7): to the administrators ------------------


def _role_assignments_by_id(ids: set[int]) -> Mapping[int, Any]:
    # members.models imports this module (a notification words itself), so the model can only
    # be imported when a notification is worded.
    from .models import RoleAssignment

    return RoleAssignment.objects.select_related("user", "committee").in_bulk(ids)


register_notification_kind(
    NotificationKind(
        "members.reminder_term_ending",
        gettext_noop("The term %(assignment)s ends on %(end)s: appoint the next holder or renew it."),
        dates=("end",),
        objects={"assignment": _role_assignments_by_id},
        label=gettext_noop("Reminder: a term ends soon"),
    )
)
register_notification_kind(
    NotificationKind(
        "members.reminder_no_chair",
        gettext_noop("%(committee)s has no chair in force: record the appointment."),
        label=gettext_noop("Reminder: no chair in force"),
    )
)
register_notification_kind(
    NotificationKind(
        "members.reminder_no_deputy",
        gettext_noop("%(committee)s has no deputy chair in force: record the appointment."),
        label=gettext_noop("Reminder: no deputy chair in force"),
    )
)
register_notification_kind(
    NotificationKind(
        "members.reminder_no_standing_member",
        gettext_noop("%(committee)s has no standing member in force: record the appointment."),
        label=gettext_noop("Reminder: no standing member in force"),
    )
)
