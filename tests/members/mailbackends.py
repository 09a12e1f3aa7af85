"""A mail server that refuses some addresses, for tests of the outbox: Django's locmem backend
(mail.outbox), except that a message to an address of `RefusingBackend.refuse` raises what is
mapped to it, as smtplib would. Use `refuse_addresses(settings, monkeypatch, {...})`."""

from __future__ import annotations

import smtplib

from django.core.mail.backends import locmem


class RefusingBackend(locmem.EmailBackend):
    refuse: dict[str, Exception] = {}
    tried: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            for address in message.recipients():
                RefusingBackend.tried.append(address)
                if address in self.refuse:
                    raise self.refuse[address]
        return super().send_messages(messages)


def refuse_addresses(settings, monkeypatch, refuse: dict[str, Exception]) -> type[RefusingBackend]:
    """Send through RefusingBackend, refusing `refuse` (for this test only)."""
    settings.EMAIL_BACKEND = "tests.members.mailbackends.RefusingBackend"
    monkeypatch.setattr(RefusingBackend, "refuse", dict(refuse))
    monkeypatch.setattr(RefusingBackend, "tried", [])
    return RefusingBackend


def busy(address: str) -> smtplib.SMTPRecipientsRefused:
    """The server refuses the address for now (4xx): worth trying again later."""
    return smtplib.SMTPRecipientsRefused({address: (450, b"4.2.1 Mailbox busy, try again later")})


def unknown(address: str) -> smtplib.SMTPRecipientsRefused:
    """The server refuses the address for good (5xx)."""
    return smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 No such user")})
