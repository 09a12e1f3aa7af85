"""The e-mails of notifications, built (not sent: members.outbox sends them).

One notification, or a person's daily digest, becomes a message in the recipient's language
(members.notifications.notification_language), plain text and HTML, with a link to the portal
(settings.PORTAL_BASE_URL) and a footer saying where to change what is e-mailed. Each kind may have
its own templates (`members/email/<kind>.txt` and `.html`); the others use
`members/email/notification.*`.

`members` knows no feature: a higher app attaches files to its kinds through
`register_email_attachments` from its AppConfig.ready() (meetings attaches the meeting's .ics to
invitations and changes), as it registers the kinds themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Notification, User
from .notifications import notification_kind, notification_language, notifications_word
from .validators import is_single_line

#: Builds the files to attach to one notification's e-mail (the notification's user is loaded);
#: an empty list when there is nothing to attach (the object is gone).
AttachmentProvider = Callable[[Notification], Sequence[MIMEBase]]

_ATTACHMENTS: dict[str, AttachmentProvider] = {}

SUBJECT_LENGTH = 150


def register_email_attachments(kinds: Iterable[str], provider: AttachmentProvider) -> None:
    """Attach what `provider` builds to the e-mail of each of `kinds` (replaces, on a reload)."""
    for kind in kinds:
        _ATTACHMENTS[kind] = provider


def email_attachment_kinds() -> set[str]:
    """The kinds whose e-mails carry attachments."""
    return set(_ATTACHMENTS)


def calendar_part(ics: bytes, *, method: str, filename: str) -> MIMEBase:
    """An iCalendar file as a mail part that calendar programs recognise as an invitation
    (text/calendar with its iTIP `method`: REQUEST, CANCEL)."""
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def portal_url(path: str = "") -> str:
    """An absolute address in the portal, for e-mails (they are read outside it)."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def header_text(text: str) -> str:
    """Text made fit for an e-mail header: every line break, control character or bidirectional
    override becomes a space, runs of spaces one. Names are refused with those at input
    (members.validators), but a notification also quotes free text, such as an absence reason."""
    return " ".join("".join(c if is_single_line(c) else " " for c in text).split())


def _subject(text: str) -> str:
    whole = f"[{_('Steering committee portal')}] {header_text(text)}"
    return Truncator(whole).chars(SUBJECT_LENGTH)


def _footer_context() -> dict[str, str]:
    return {
        "preferences_url": portal_url(reverse("members:notification-preferences")),
        "notifications_url": portal_url(reverse("members:notification-list")),
    }


def _label(note: Notification) -> str:
    try:
        kind = notification_kind(note.kind)
    except KeyError:  # a row stored before kinds existed, or a kind no longer registered
        return _("Notification")
    return kind.label_text if kind.label else _("Notification")


def notification_message(
    note: Notification, *, connection=None, attachments: bool = True
) -> EmailMultiAlternatives:
    """One notification as an e-mail to its person, in their language: the sentence, a link to
    what it is about, the kind's attachments."""
    user = note.user
    language = notification_language(user)
    with translation.override(language):
        notifications_word([note])
        context = {
            "language": language,
            "user": user,
            "note": note,
            "label": _label(note),
            "link": portal_url(note.url or reverse("members:notification-list")),
            **_footer_context(),
        }
        names = [f"members/email/{note.kind}", "members/email/notification"] if note.kind else []
        names = names or ["members/email/notification"]
        body = select_template([f"{n}.txt" for n in names]).render(context).strip() + "\n"
        html = select_template([f"{n}.html" for n in names]).render(context)
        subject = _subject(note.text)
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=[user.email], connection=connection, headers=_headers(note)
    )
    message.attach_alternative(html, "text/html")
    provider = _ATTACHMENTS.get(note.kind) if attachments else None
    if provider is not None:
        for part in provider(note):
            message.attach(part)
    return message


def digest_message(user: User, notes: Sequence[Notification], *, connection=None) -> EmailMultiAlternatives:
    """A person's daily digest: one e-mail listing `notes` (oldest first), each with its link."""
    notes = sorted(notes, key=lambda n: (n.created_at, n.pk))
    language = notification_language(user)
    with translation.override(language):
        notifications_word(notes)
        items = [
            {
                "note": note,
                "label": _label(note),
                "when": timezone.localtime(note.created_at).strftime("%d/%m/%Y %H:%M"),
                "link": portal_url(note.url or reverse("members:notification-list")),
            }
            for note in notes
        ]
        count = len(items)
        summary = ngettext(
            "%(count)d notification since the last digest",
            "%(count)d notifications since the last digest",
            count,
        ) % {"count": count}
        context = {"language": language, "user": user, "items": items, "summary": summary}
        context.update(_footer_context())
        body = render_to_string("members/email/digest.txt", context).strip() + "\n"
        html = render_to_string("members/email/digest.html", context)
        subject = _subject(_("Daily digest: %(summary)s") % {"summary": summary})
    message = EmailMultiAlternatives(subject=subject, body=body, to=[user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def _headers(note: Notification) -> dict[str, str]:
    # Lets a mail filter sort the portal's e-mails by kind without reading the sentence.
    return {"X-Portal-Notification": note.kind} if note.kind else {}
