"""The minutes' comment window (Điều 7), walked through the pages, each person in their own session:

the secretary opens the draft for comments → a member comments → the presiding chair's signature
is refused while the window is open → the chair closes the window early (who and when shown) →
the secretary answers the comment (not taken into account, with a note) → both sign → after
signing, the member still reads the comment and its answer beside the signed text.

The meeting is prepared through the services (held, its minutes started) in a committee of its
own; labels, buttons and messages are looked up through the catalogue (`vi()`).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit
from tests.browser.test_meeting_flow import confirm, main_says, starts, vi
from tests.meetings.clock import hold

COMMENT = "Đề nghị ghi rõ thời hạn Sở Tài chính thẩm định dự toán kinh phí."
NOTE = "Thời hạn đã nêu trong dự thảo Thông báo kết luận, không ghi vào biên bản."
CHAIR, MEMBER, SECRETARY = "Trần Văn Chủ Trì", "Phạm Thị Góp Ý", "Huỳnh Ngọc Thư Ký"

WINDOW_OPEN = (
    "The minutes are open for the participants' comments until %(date)s: they are signed once the "
    "comments close, or after the presiding person closes them early."
)


@pytest.fixture
def private_media(settings, tmp_path):
    """The signed minutes' PDF is archived in a temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def drafted_minutes(transactional_db, unlock_signed_minutes_at_teardown, private_media):
    """A held quarterly meeting the chair presides, its minutes started by the secretary."""
    from meetings import services
    from meetings.models import Meeting
    from members.models import RoleAssignment
    from tests.members.factories import (
        CommitteeFactory,
        OrganizationFactory,
        RoleAssignmentFactory,
        UserFactory,
    )

    Role = RoleAssignment.Role
    committee = CommitteeFactory(name="Ban chỉ đạo thử nghiệm góp ý biên bản", short_code="BCĐGY")
    org = OrganizationFactory(name="Sở Tài chính thử nghiệm", short_code="STCGY")
    people = {}
    for username, name, role in (
        ("gy_chair", CHAIR, Role.CHAIR),
        ("gy_member", MEMBER, Role.MEMBER),
        ("gy_secretary", SECRETARY, Role.SECRETARIAT),
    ):
        people[username] = UserFactory(username=username, full_name=name, organization=org)
        RoleAssignmentFactory(user=people[username], committee=committee, role=role, organization=org)
    start = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=2
    )
    meeting = services.meeting_create(
        committee=committee,
        actor=people["gy_secretary"],
        kind=Meeting.Kind.QUARTERLY,
        start_at=start,
        end_at=start + datetime.timedelta(hours=3),
        place="Phòng họp số 2",
    )
    assert meeting.presiding == people["gy_chair"] and meeting.secretary == people["gy_secretary"]
    services.meeting_convene(meeting=meeting, actor=people["gy_chair"])
    hold(Meeting.objects.get(pk=meeting.pk), people["gy_secretary"])  # once the meeting has started
    minutes = services.minutes_start(meeting=Meeting.objects.get(pk=meeting.pk), actor=people["gy_secretary"])
    return minutes


def test_minutes_review_window_holds_signatures_until_closed_and_keeps_the_answered_comment(
    page, new_context, live_server, login, drafted_minutes
):
    from meetings.models import Minutes, MinutesComment

    minutes_url = f"{live_server.url}/meetings/{drafted_minutes.meeting_id}/minutes/"

    def session_of(username: str):
        other = new_context().new_page()
        other.set_default_timeout(15_000)
        login(other, live_server, username)
        visit(other, minutes_url)
        return other

    # --- 1. The secretary opens the draft for the participants' comments. ----------------------
    secretary = page
    secretary.set_default_timeout(15_000)
    login(secretary, live_server, "gy_secretary")
    visit(secretary, minutes_url)
    click_and_wait(
        secretary, secretary.get_by_role("button", name=vi("Open for participants' comments"), exact=True)
    )
    minutes = Minutes.objects.get(pk=drafted_minutes.pk)
    until = minutes.review_until.strftime("%d/%m/%Y")
    main_says(
        secretary, vi("The draft is open for the participants' comments until %(date)s.") % {"date": until}
    )

    # --- 2. A member comments. -------------------------------------------------------------------
    member = session_of("gy_member")
    member.get_by_label(vi("Your comment"), exact=True).fill(COMMENT)
    click_and_wait(member, member.get_by_role("button", name=vi("Add my comment"), exact=True))
    main_says(member, vi("Your comment is added."))
    comments = member.get_by_role("complementary", name=vi("Participants' comments"))
    expect(comments).to_contain_text(COMMENT)

    # --- 3. The chair's signature is refused while the window is open. -----------------------------
    chair = session_of("gy_chair")
    expect(chair.get_by_role("note")).to_contain_text(until)
    confirm(chair, vi("Sign as presiding"), vi("Confirm my signature"))
    expect(chair.locator("main .alert-danger")).to_contain_text(vi(WINDOW_OPEN) % {"date": until})
    minutes.refresh_from_db()
    assert minutes.presiding_signed_by is None

    # --- 4. The chair closes the window early: who and when are shown. ----------------------------
    click_and_wait(chair, chair.get_by_role("button", name=vi("Close the comments now"), exact=True))
    main_says(chair, vi("The comments are closed: the minutes can be signed."))
    minutes.refresh_from_db()
    closed_at = timezone.localtime(minutes.review_closed_at).strftime("%H:%M %d/%m/%Y")
    main_says(
        chair,
        vi("Comments closed early by %(person)s at %(when)s.") % {"person": CHAIR, "when": closed_at},
    )
    expect(chair.get_by_role("button", name=vi("Close the comments now"), exact=True)).to_have_count(0)

    # --- 5. The secretary answers the comment: not taken into account, with a note. ---------------
    visit(secretary, minutes_url)
    comment = secretary.locator("#minutes-comments ~ ul > li", has_text=COMMENT)
    comment.get_by_text(vi("Answer this comment"), exact=True).click()
    form = comment.get_by_role("form", name=vi("Answer to the comment of %(person)s") % {"person": MEMBER})
    form.get_by_label(vi("Not taken into account"), exact=True).check()
    form.get_by_label(starts(vi("Note"))).fill(NOTE)
    click_and_wait(secretary, form.get_by_role("button", name=vi("Record the answer"), exact=True))
    main_says(secretary, vi("Your answer to the comment is recorded."))
    answered = MinutesComment.objects.get(minutes=minutes)
    assert (answered.answer, answered.answer_note, answered.answered_by.username) == (
        MinutesComment.Answer.NOT_TAKEN,
        NOTE,
        "gy_secretary",
    )

    # --- 6. Both sign: the minutes lock. ------------------------------------------------------------
    confirm(secretary, vi("Sign as secretary"), vi("Confirm my signature"))
    main_says(secretary, vi("Your signature is recorded."))
    visit(chair, minutes_url)
    confirm(chair, vi("Sign as presiding"), vi("Confirm my signature"))
    main_says(chair, vi("Your signature is recorded."))
    minutes.refresh_from_db()
    assert minutes.locked and minutes.status == Minutes.Status.SIGNED

    # --- 7. After signing, the member reads the comment and its answer beside the signed text. ----
    visit(member, minutes_url)
    expect(member.locator("main")).to_contain_text(vi("Signed"))
    comments = member.get_by_role("complementary", name=vi("Participants' comments"))
    expect(comments).to_contain_text(COMMENT)
    expect(comments).to_contain_text(vi("Not taken into account"))
    expect(comments).to_contain_text(NOTE)
    expect(comments).to_contain_text(SECRETARY)
    expect(comments).to_contain_text(
        vi("Comments closed early by %(person)s at %(when)s.") % {"person": CHAIR, "when": closed_at}
    )
    expect(comments.get_by_role("form")).to_have_count(0)  # nothing left to answer or add
