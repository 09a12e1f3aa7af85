"""Irreversible actions ask first, in the page, naming what follows (issue #9): convening (a
confirmation page: GET says what will be sent to whom, POST convenes), cancelling (its page says
who is told), and, with an in-page disclosure whose second button acts, signing the minutes,
signing the conclusions, deciding an absence and removing an agenda item. No blocking
`confirm()` dialog anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from meetings import services
from meetings.models import Invitation, InvitationLetter, Meeting
from members.models import Notification

S = Meeting.Status


def vi(msgid: str, **params) -> str:
    with override("vi"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def url(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, **kwargs})


def disclosure(page: str, summary: str) -> str:
    """The <details> whose <summary> starts with `summary`: its whole markup (fails if none)."""
    for block in re.findall(r"<details[^>]*>.*?</details>", page, flags=re.S):
        found = re.search(r"<summary[^>]*>(.*?)</summary>", block, flags=re.S)
        if found and found.group(1).strip().startswith(summary):
            return block
    raise AssertionError(f"no confirmation opened by {summary!r}")


# --- convening: a confirmation page --------------------------------------------------------------


def test_convene_page_names_the_letters_and_e_mails_to_the_invitees_when_the_chair_opens_it(
    client, meeting_cast
):
    meeting = meeting_cast.meeting
    invitees = meeting.invitations.exclude(user=meeting.presiding).count()
    client.force_login(meeting_cast.chair)

    r = client.get(url("meeting-convene", meeting))

    assert r.status_code == 200
    page = r.content.decode()
    assert vi("Send the invitation letter and an e-mail to %(count)s invitee(s)", count=invitees) in page
    assert f"Gửi giấy mời và e-mail tới {invitees} người được mời" in page
    assert meeting_cast.deputy.full_name in page  # each invitee is named
    assert 'method="post"' in page and vi("Convene and send the invitations") in page
    meeting.refresh_from_db()
    assert meeting.status == S.DRAFT  # opening the page changes nothing
    assert not InvitationLetter.objects.filter(meeting=meeting).exists()
    assert not Notification.objects.exists()


def test_meeting_page_offers_convening_as_a_link_to_its_confirmation_when_the_chair_views_a_draft(
    client, meeting_cast
):
    client.force_login(meeting_cast.chair)
    page = client.get(url("meeting-detail", meeting_cast.meeting)).content.decode()
    assert f'href="{url("meeting-convene", meeting_cast.meeting)}"' in page
    assert f'action="{url("meeting-convene", meeting_cast.meeting)}"' not in page


def test_convene_confirmation_convenes_and_sends_when_posted(client, meeting_cast):
    meeting = meeting_cast.meeting
    client.force_login(meeting_cast.chair)
    r = client.post(url("meeting-convene", meeting), follow=True)
    assert vi("The meeting is convened: the invitations are sent.") in r.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == S.CONVENED
    assert InvitationLetter.objects.filter(meeting=meeting).count() == 1


def test_convene_page_is_403_when_the_person_may_not_convene(client, meeting_cast):
    client.force_login(meeting_cast.secretary)
    assert client.get(url("meeting-convene", meeting_cast.meeting)).status_code == 403


def test_convene_page_says_why_when_the_meeting_is_already_convened(client, meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.meeting, S.CONVENED)
    client.force_login(meeting_cast.chair)
    r = client.get(url("meeting-convene", meeting), follow=True)
    assert r.redirect_chain[-1][0] == url("meeting-detail", meeting)
    assert InvitationLetter.objects.filter(meeting=meeting).count() == 1


# --- cancelling: its page says who is told ------------------------------------------------------------


def test_cancel_page_names_how_many_invitees_are_told_when_the_meeting_is_convened(client, meeting_cast):
    meeting = meeting_cast.to_state(meeting_cast.meeting, S.CONVENED)
    client.force_login(meeting_cast.chair)
    page = client.get(url("meeting-cancel", meeting)).content.decode()
    count = meeting.invitations.count()
    assert (
        vi("The %(count)s invitee(s) are told the reason, in the portal and by e-mail.", count=count) in page
    )
    assert vi("A cancelled meeting cannot be reopened.") in page


def test_cancel_page_says_nobody_is_told_when_the_meeting_is_a_draft(client, meeting_cast):
    client.force_login(meeting_cast.chair)
    page = client.get(url("meeting-cancel", meeting_cast.meeting)).content.decode()
    assert vi("The meeting has not been convened: nobody is told.") in page


# --- in-page confirmations ------------------------------------------------------------------------


def test_minutes_sign_opens_a_confirmation_naming_the_lock_when_the_secretary_views_the_draft(
    client, meeting_cast
):
    meeting = meeting_cast.to_state(meeting_cast.meeting, S.MINUTES_DRAFTED)
    client.force_login(meeting_cast.secretary)
    page = client.get(url("minutes-detail", meeting)).content.decode()
    step = disclosure(page, vi("Sign as secretary"))
    assert (
        vi(
            "Your signature is final. Once the secretary and the presiding person have both signed, the text is locked and numbered in the register: a correction can then only be an addendum."
        )
        in step
    )
    assert f'action="{url("minutes-sign", meeting)}"' in step
    assert vi("Confirm my signature") in step
    # The only form that signs is inside the confirmation.
    assert page.count(f'action="{url("minutes-sign", meeting)}"') == step.count(
        f'action="{url("minutes-sign", meeting)}"'
    )


def test_conclusions_sign_opens_a_confirmation_naming_the_notice_when_the_chair_views_them(
    client, meeting_cast
):
    meeting = meeting_cast.to_state(meeting_cast.meeting, S.MINUTES_SIGNED)
    services.conclusion_add(meeting=meeting, actor=meeting_cast.secretary, text="Giao các sở triển khai.")
    services.conclusion_add(meeting=meeting, actor=meeting_cast.secretary, text="Báo cáo kết quả quý sau.")
    client.force_login(meeting_cast.chair)
    page = client.get(url("conclusions-edit", meeting)).content.decode()
    step = disclosure(page, vi("Sign as chair"))
    assert (
        vi(
            "Issue the notice of these %(items)s conclusions under the next number of the register: every invitee is told, and the notice cannot be withdrawn.",
            items=2,
        )
        in step
    )
    assert f'action="{url("conclusions-sign", meeting)}"' in step
    assert page.count(f'action="{url("conclusions-sign", meeting)}"') == 1


def test_absence_decision_opens_a_confirmation_naming_who_is_told_when_the_presiding_person_views_the_roll(
    client, meeting_cast
):
    meeting = meeting_cast.to_state(meeting_cast.meeting, S.CONVENED)
    services.invitation_respond(
        invitation=meeting_cast.invitation(meeting, meeting_cast.member),
        actor=meeting_cast.member,
        response=Invitation.Response.ABSENT,
        absence_reason="Đi công tác",
    )
    client.force_login(meeting_cast.chair)
    page = client.get(url("meeting-roll", meeting)).content.decode()
    name = meeting_cast.member.display_name
    approve = disclosure(page, vi("Approve"))
    refuse = disclosure(page, vi("Refuse"))
    assert (
        vi(
            "%(person)s is told at once that the absence is approved, and is recorded as absent with leave.",
            person=name,
        )
        in approve
    )
    assert 'name="decision" value="approve"' in approve
    assert (
        vi(
            "%(person)s is told at once that the absence is refused and that they are expected to attend.",
            person=name,
        )
        in refuse
    )
    assert 'name="decision" value="refuse"' in refuse
    # The roll's refresh waits while a decision is being confirmed (it would close it).
    assert "details[open]" in page and "preventDefault" in page


def test_agenda_item_remove_opens_a_confirmation_naming_the_papers_kept_when_a_preparer_views_the_meeting(
    client, meeting_cast
):
    meeting = meeting_cast.meeting
    item = services.agenda_item_add(meeting=meeting, actor=meeting_cast.secretary, title="Báo cáo quý")
    client.force_login(meeting_cast.secretary)
    page = client.get(url("meeting-detail", meeting)).content.decode()
    step = disclosure(page, vi("Remove"))
    assert (
        vi(
            "“%(title)s” leaves the agenda; its papers (%(papers)s) stay with the meeting as a whole. This cannot be undone.",
            title="Báo cáo quý",
            papers=0,
        )
        in step
    )
    assert f'action="{url("agenda-delete", meeting, item_pk=item.pk)}"' in step


# --- never a blocking dialog ------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", [r"\bconfirm\(", r"hx-confirm", r"onclick="])
def test_templates_use_no_blocking_dialog_when_asking_for_confirmation(pattern):
    root = Path(settings.BASE_DIR)
    templates = list((root / "meetings" / "templates").rglob("*.html")) + list(
        (root / "templates").rglob("*.html")
    )
    offending = [str(path.relative_to(root)) for path in templates if re.search(pattern, path.read_text())]
    assert offending == []
