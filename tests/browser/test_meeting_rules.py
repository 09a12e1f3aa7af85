"""Rules of time and sequence through a browser (issue #9), on the demo committee:

- attendance is refused before the meeting starts: the secretary's meeting page says when it
  opens and offers no attendance sheet; the sheet's address sends them back with that message;
- convening asks first: the chair's button opens a confirmation page naming what is sent to whom
  ("Gửi giấy mời và e-mail tới N người được mời"); only its own button convenes.

Labels and messages come from the catalogue (`vi()`); data is asserted literally.
"""

from __future__ import annotations

import re

from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit

EGOV = "BCĐCQĐT"


def vi(message: str) -> str:
    with translation.override("vi"):
        return translation.gettext(message)


def test_attendance_is_refused_before_the_meeting_starts(page, live_server, demo, login):
    from meetings.models import Meeting

    # This quarter's regular meeting: convened, postponed to about ten days from today.
    meeting = Meeting.objects.get(
        committee__short_code=EGOV, kind=Meeting.Kind.QUARTERLY, status=Meeting.Status.CONVENED
    )
    assert meeting.start_at > timezone.now()
    opens = vi("Attendance can be recorded from %(time)s, when the meeting starts.") % {
        "time": timezone.localtime(meeting.start_at).strftime("%H:%M %d/%m/%Y")
    }
    login(page, live_server, "secretary")

    visit(page, f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text(opens)
    expect(page.get_by_role("link", name=vi("Record attendance"), exact=True)).to_have_count(0)

    # The sheet's address itself (a bookmark, an old link): back to the meeting, saying when.
    visit(page, f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    assert re.search(rf"/meetings/{meeting.pk}/$", page.url), page.url
    expect(page.locator("main .alert-danger")).to_contain_text(opens)
    expect(page.get_by_role("button", name=vi("Save the attendance"), exact=True)).to_have_count(0)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED and meeting.held_at is None
    assert not meeting.invitations.exclude(attendance="").exists()


def test_convene_asks_naming_the_letters_and_e_mails_then_convenes(page, live_server, demo, login):
    from meetings.models import InvitationLetter, Meeting

    # Next quarter's regular meeting: a draft the secretary is preparing.
    meeting = Meeting.objects.get(committee__short_code=EGOV, status=Meeting.Status.DRAFT)
    invited = meeting.invitations.exclude(user=meeting.presiding).count()
    assert invited > 5
    login(page, live_server, "chair")

    visit(page, f"{live_server.url}/meetings/{meeting.pk}/")
    click_and_wait(page, page.get_by_role("link", name=vi("Convene: send the invitations"), exact=True))

    # The confirmation: what will be sent, to whom; nothing is sent yet.
    expect(page.locator("main h1")).to_have_text(vi("Convene the meeting"))
    consequence = page.get_by_role("heading", name=f"Gửi giấy mời và e-mail tới {invited} người được mời")
    expect(consequence).to_be_visible()
    expect(page.locator("main")).to_contain_text("Lê Thị Hồng Nhung")  # the deputy, among the invitees
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert not InvitationLetter.objects.filter(meeting=meeting).exists()

    click_and_wait(page, page.get_by_role("button", name=vi("Convene and send the invitations"), exact=True))
    assert page.url.endswith(f"/meetings/{meeting.pk}/"), page.url
    expect(page.locator("main")).to_contain_text(vi("The meeting is convened: the invitations are sent."))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert InvitationLetter.objects.filter(meeting=meeting).count() == 1
