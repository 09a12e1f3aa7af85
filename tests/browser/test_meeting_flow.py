"""A meeting from its draft to the numbered notice of conclusions, walked through the pages by the
people who do each step, each in their own browser session:

secretary prepares (agenda, paper) → chair convenes, through the confirmation naming the letters
and e-mails → member asks to be absent, chair approves (confirming) → member2 sends a substitute
(refused without a written opinion, accepted with one) → before the start, attendance is not
offered → the meeting starts → secretary records attendance and starts the pre-filled minutes →
secretary and chair sign, each confirming → an edit after signing is refused → secretary drafts a
conclusion → chair signs (confirming) → notice 01/TB-BCĐTEST.

The meeting starts two hours after the test begins; "the meeting starts" moves the portal's clock
(`django.utils.timezone.now`, shared with the live server's thread) past its start, as the demo's
clock does: attendance is taken from the start only, answers until then.

The flow runs in a committee of its own, created here, so that its notice is the first of the
year in that committee's register (the demo already issued 01–03/TB-BCĐCQĐT).

Labels, buttons and messages are looked up through the portal's catalogue (`vi()`, what the
page shows in Vietnamese), so the test follows the catalogue rather than hard-coding its
wording; data (names, places, numbers, dd/mm/yyyy dates) is asserted literally.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit

COMMITTEE_CODE = "BCĐTEST"
COMMITTEE_NAME = "Ban chỉ đạo thử nghiệm quy trình họp tỉnh Tây Ninh"
PLACE = "Phòng họp số 1"
AGENDA_TITLE = "Dự thảo Kế hoạch chuyển đổi số năm 2027"
PAPER_NAME = "to-trinh-ke-hoach-2027.pdf"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ABSENCE_REASON = "Dự Hội nghị của Bộ Kế hoạch và Đầu tư tại Hà Nội"
SUBSTITUTE_NAME = "Nguyễn Thị Lan"
SUBSTITUTE_POSITION = "Phó Giám đốc Sở Tài chính"
OPINION = "Sở Tài chính thống nhất với dự thảo Kế hoạch, đề nghị bổ sung dự toán kinh phí năm 2027."
CONCLUSION = "Giao Sở Kế hoạch và Đầu tư tổng hợp ý kiến, hoàn chỉnh dự thảo Kế hoạch trình UBND tỉnh."

# Demo people (manage.py seed_demo).
CHAIR = "Trần Văn Minh"
DEPUTY = "Lê Thị Hồng Nhung"
MEMBER = "Phạm Thị Thu Hà"
MEMBER_ORG = "Sở Kế hoạch và Đầu tư"
SECRETARY = "Huỳnh Ngọc Ánh"

SUBSTITUTE_NEEDS_OPINION = (
    "A member who sends a substitute must give their opinion in writing (Article 6.5 of the regulation)."
)
SIGNED_MINUTES_LOCKED = "Signed minutes cannot be changed; add an addendum instead."


def vi(message: str) -> str:
    """What the page shows for this msgid (the portal's default language is Vietnamese)."""
    with translation.override("vi"):
        return translation.gettext(message)


def starts(text: str) -> re.Pattern:
    """A name that begins with `text`: a label followed by "(optional)", a button followed by a
    visually hidden ": <person>". Anchored, so "Đồng ý" does not also match "Không đồng ý"."""
    return re.compile(rf"^{re.escape(text)}(\s|:|$)")


def confirm(page, summary: str, button: str) -> None:
    """Open the in-page confirmation whose button reads `summary`, then press its `button`."""
    step = page.locator("details.confirm-step", has=page.locator("summary", has_text=starts(summary)))
    if step.get_attribute("open") is None:  # not opened yet
        step.locator("summary").click()
    click_and_wait(page, step.get_by_role("button", name=starts(button)))


def summaries(page, text: str):
    """The buttons that open a confirmation (a <summary>, which has no ARIA role of its own)."""
    return page.locator("summary", has_text=starts(text))


def main_says(page, message: str) -> None:
    expect(page.locator("main")).to_contain_text(message)


@pytest.fixture
def _private_media(settings, tmp_path, monkeypatch):
    """Uploaded files land in tmp_path. The FileFields built their storage once, at import, from
    the setting of that time, so they get one built from the changed setting."""
    from meetings.models import Invitation, Paper, private_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    for model, name in ((Paper, "file"), (Invitation, "written_opinion_file")):
        monkeypatch.setattr(model._meta.get_field(name), "storage", private_storage())


@pytest.fixture
def test_committee(demo):
    """A committee with no notice yet: chair, deputy, two members (for their own agencies) and a
    support group member, all demo people, appointed a month ago."""
    from members.models import Committee, RoleAssignment, User
    from members.services import role_assignment_create

    Role = RoleAssignment.Role
    committee = Committee.objects.create(
        name=COMMITTEE_NAME,
        short_code=COMMITTEE_CODE,
        parent_body="UBND TỈNH TÂY NINH",
        place_name="Tây Ninh",
    )
    start = timezone.localdate() - datetime.timedelta(days=30)
    for username, role in (
        ("chair", Role.CHAIR),
        ("deputy", Role.DEPUTY),
        ("member", Role.MEMBER),
        ("member2", Role.MEMBER),
        ("secretary", Role.SECRETARIAT),
    ):
        user = User.objects.get(username=username)
        role_assignment_create(
            user=user, committee=committee, role=role, start_date=start, organization=user.organization
        )
    assert not committee.notices.exists()
    return committee


def test_meeting_flow_from_draft_to_numbered_notice(
    page, new_context, live_server, login, test_committee, _private_media, tmp_path, monkeypatch
):
    from meetings.models import Invitation, Meeting, Minutes, Notice

    S = Meeting.Status
    committee = test_committee

    def session_of(username: str):
        """A fresh browser context (own cookies) with `username` logged in."""
        other = new_context().new_page()
        other.set_default_timeout(15_000)
        login(other, live_server, username)
        return other

    # --- 1. The secretary prepares the draft: time, place, an agenda item and a paper. ----------
    secretary = page
    secretary.set_default_timeout(15_000)
    login(secretary, live_server, "secretary")
    visit(secretary, f"{live_server.url}/committees/{committee.pk}/meetings/new/")
    expect(secretary.locator("main h1")).to_have_text(vi("New meeting"))
    start = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    end = start + datetime.timedelta(hours=3)
    day = start.date()
    secretary.get_by_label(vi("Kind of meeting"), exact=True).select_option("quarterly")
    secretary.get_by_label(vi("Starts at"), exact=True).fill(f"{start:%Y-%m-%dT%H:%M}")
    secretary.get_by_label(vi("Ends at"), exact=True).fill(f"{end:%Y-%m-%dT%H:%M}")
    secretary.get_by_label(starts(vi("Place"))).fill(PLACE)
    click_and_wait(secretary, secretary.get_by_role("button", name=vi("Create the draft"), exact=True))
    match = re.search(r"/meetings/(\d+)/$", secretary.url)
    assert match, f"not on the new meeting's page: {secretary.url}"
    meeting = Meeting.objects.get(pk=int(match.group(1)))
    assert meeting.committee_id == committee.pk and meeting.status == S.DRAFT
    meeting_url = f"{live_server.url}/meetings/{meeting.pk}/"
    main_says(secretary, vi("The meeting draft is created."))
    main_says(secretary, PLACE)
    main_says(secretary, f"{start:%H:%M} {day:%d/%m/%Y}")

    click_and_wait(
        secretary, secretary.locator("#agenda").get_by_role("link", name=vi("Add an agenda item"), exact=True)
    )
    secretary.get_by_label(vi("Agenda item"), exact=True).fill(AGENDA_TITLE)
    secretary.get_by_label(starts(vi("Presenting agency"))).select_option(label=MEMBER_ORG)
    click_and_wait(secretary, secretary.get_by_role("button", name=vi("Add"), exact=True))
    agenda_row = secretary.locator("#agenda tr", has=secretary.get_by_role("rowheader", name=AGENDA_TITLE))
    expect(agenda_row).to_have_count(1)

    paper = tmp_path / PAPER_NAME
    paper.write_bytes(PDF_BYTES)
    click_and_wait(secretary, agenda_row.get_by_role("link", name=vi("Upload a paper"), exact=True))
    expect(secretary.get_by_label(starts(vi("Agenda item")))).to_have_value(
        str(meeting.agenda_items.get().pk)
    )
    secretary.get_by_label(vi("File"), exact=True).set_input_files(str(paper))
    click_and_wait(secretary, secretary.get_by_role("button", name=vi("Upload"), exact=True))
    main_says(secretary, vi("The paper is uploaded."))
    agenda_row = secretary.locator("#agenda tr", has=secretary.get_by_role("rowheader", name=AGENDA_TITLE))
    expect(agenda_row).to_contain_text(MEMBER_ORG)
    expect(agenda_row.get_by_role("link", name=PAPER_NAME, exact=True)).to_be_visible()

    # --- 2. The chair convenes: the confirmation names what goes out, then the invitations do. --
    chair = session_of("chair")
    visit(chair, meeting_url)
    click_and_wait(chair, chair.get_by_role("link", name=vi("Convene: send the invitations"), exact=True))
    expect(chair.locator("main h1")).to_have_text(vi("Convene the meeting"))
    invited = meeting.invitations.exclude(user=meeting.presiding).count()  # deputy, members, secretary
    assert invited == 4
    main_says(chair, f"Gửi giấy mời và e-mail tới {invited} người được mời")
    meeting.refresh_from_db()
    assert meeting.status == S.DRAFT  # the confirmation itself changes nothing
    click_and_wait(
        chair, chair.get_by_role("button", name=vi("Convene and send the invitations"), exact=True)
    )
    main_says(chair, vi("The meeting is convened: the invitations are sent."))
    expect(chair.get_by_role("link", name=vi("Convene: send the invitations"), exact=True)).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.status == S.CONVENED
    # The chair presides: the page asks no answer of them.
    main_says(chair, vi("You preside over this meeting: you are not asked to answer the invitation."))
    expect(chair.get_by_role("link", name=vi("Answer the invitation"), exact=True)).to_have_count(0)

    # --- 3. The member asks to be absent; the chair approves on the roll. ------------------------
    member = session_of("member")
    visit(member, meeting_url)
    click_and_wait(member, member.get_by_role("link", name=vi("Answer the invitation"), exact=True))
    member.get_by_label(vi("I cannot attend: I ask to be absent"), exact=True).check()
    member.get_by_label(starts(vi("Reason for absence"))).fill(ABSENCE_REASON)
    click_and_wait(member, member.get_by_role("button", name=vi("Send my answer"), exact=True))
    main_says(member, vi("Your answer is recorded."))
    expect(member.locator("main")).to_contain_text(ABSENCE_REASON)

    visit(chair, meeting_url)
    click_and_wait(chair, chair.get_by_role("link", name=vi("Roll of answers"), exact=True))
    request = chair.locator("#roll li", has_text=MEMBER)
    expect(request).to_contain_text(ABSENCE_REASON)
    summaries(request, vi("Approve")).click()
    expect(request).to_contain_text(
        vi("%(person)s is told at once that the absence is approved, and is recorded as absent with leave.")
        % {"person": MEMBER}
    )
    click_and_wait(chair, request.get_by_role("button", name=starts(vi("Confirm the approval"))))
    main_says(chair, vi("The absence is approved."))
    member_answer = chair.locator("#roll tr", has=chair.get_by_role("rowheader", name=MEMBER))
    expect(member_answer).to_contain_text(vi("Approved"))
    member_inv = meeting.invitations.get(user__username="member")
    assert member_inv.absence_decision == Invitation.AbsenceDecision.APPROVED

    # --- 4. member2 sends a substitute: refused without a written opinion, then accepted. -------
    member2 = session_of("member2")
    visit(member2, meeting_url)
    click_and_wait(member2, member2.get_by_role("link", name=vi("Answer the invitation"), exact=True))
    member2.get_by_label(vi("I send a substitute"), exact=True).check()
    member2.get_by_label(starts(vi("Substitute's full name"))).fill(SUBSTITUTE_NAME)
    member2.get_by_label(starts(vi("Substitute's position"))).fill(SUBSTITUTE_POSITION)
    click_and_wait(member2, member2.get_by_role("button", name=vi("Send my answer"), exact=True))
    refusal = member2.locator("#id_written_opinion_error")
    expect(refusal).to_contain_text(vi(SUBSTITUTE_NEEDS_OPINION))
    expect(refusal).to_contain_text("bằng văn bản")
    expect(member2.get_by_label(starts(vi("Substitute's full name")))).to_have_value(SUBSTITUTE_NAME)
    expect(member2.get_by_label(starts(vi("Substitute's position")))).to_have_value(SUBSTITUTE_POSITION)
    expect(member2.get_by_label(vi("I send a substitute"), exact=True)).to_be_checked()
    assert meeting.invitations.get(user__username="member2").response == Invitation.Response.PENDING

    member2.get_by_label(starts(vi("Your written opinion"))).fill(OPINION)
    click_and_wait(member2, member2.get_by_role("button", name=vi("Send my answer"), exact=True))
    main_says(member2, vi("Your answer is recorded."))
    expect(member2.locator("main")).to_contain_text(SUBSTITUTE_NAME)
    member2_inv = meeting.invitations.get(user__username="member2")
    assert member2_inv.response == Invitation.Response.SUBSTITUTE
    assert member2_inv.written_opinion == OPINION

    # --- 5. Before the start, attendance is not offered; once started, the secretary records it. --
    visit(secretary, meeting_url)
    opens = vi("Attendance can be recorded from %(time)s, when the meeting starts.") % {
        "time": f"{start:%H:%M %d/%m/%Y}"
    }
    main_says(secretary, opens)
    expect(secretary.get_by_role("link", name=vi("Record attendance"), exact=True)).to_have_count(0)

    real_now = timezone.now
    started = start + datetime.timedelta(minutes=30) - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + started)  # the meeting has begun

    visit(secretary, meeting_url)
    expect(secretary.locator("main")).not_to_contain_text(opens)
    click_and_wait(secretary, secretary.get_by_role("link", name=vi("Record attendance"), exact=True))

    def attendance_of(name: str):
        return secretary.get_by_label(vi("Attendance of %(name)s") % {"name": name}, exact=True)

    # Preselected from the answers: approved absence, substitute present.
    expect(attendance_of(MEMBER)).to_have_value(Invitation.Attendance.ABSENT_APPROVED)
    expect(attendance_of("Võ Minh Tuấn")).to_have_value(Invitation.Attendance.SUBSTITUTE_PRESENT)
    # The chair presides, asked no answer: preselected present.
    expect(attendance_of(CHAIR)).to_have_value(Invitation.Attendance.PRESENT)
    for name in (DEPUTY, SECRETARY):  # no answer given: the secretary marks them present
        attendance_of(name).select_option(Invitation.Attendance.PRESENT)
    click_and_wait(secretary, secretary.get_by_role("button", name=vi("Save the attendance"), exact=True))
    main_says(secretary, vi("The attendance is recorded."))
    meeting.refresh_from_db()
    assert meeting.status == S.HELD and meeting.held_at >= meeting.start_at

    visit(secretary, meeting_url)
    click_and_wait(secretary, secretary.get_by_role("link", name=vi("Start the minutes"), exact=True))
    click_and_wait(secretary, secretary.get_by_role("button", name=vi("Start the minutes"), exact=True))
    main_says(secretary, vi("The draft minutes are started from the meeting's records."))
    assert secretary.url.endswith(f"/meetings/{meeting.pk}/minutes/edit/"), secretary.url
    # The text is written in the rich-text editor (no one types HTML): a labelled text box.
    body = secretary.get_by_role("textbox", name=vi("Text of the minutes"))
    expect(body).to_contain_text(OPINION)  # member2's written opinion
    expect(body).to_contain_text(SUBSTITUTE_NAME)
    # Time, place and who attended come from the records: shown above the text, printed on the PDF.
    record = secretary.get_by_role("region", name=vi("From the meeting's records"))
    expect(record).to_contain_text(DEPUTY)
    expect(record).to_contain_text(PLACE)
    expect(record).to_contain_text(SUBSTITUTE_NAME)

    # --- 6. The secretary signs, keeps the edit form open; the chair signs: the minutes lock. ---
    click_and_wait(secretary, secretary.get_by_role("link", name=vi("Cancel"), exact=True))
    confirm(secretary, vi("Sign as secretary"), vi("Confirm my signature"))
    main_says(secretary, vi("Your signature is recorded."))
    click_and_wait(secretary, secretary.get_by_role("link", name=vi("Edit the minutes"), exact=True))
    expect(secretary.get_by_role("textbox", name=vi("Text of the minutes"))).to_be_editable()

    minutes_url = f"{meeting_url}minutes/"
    visit(chair, minutes_url)
    summaries(chair, vi("Sign as presiding")).click()
    expect(chair.locator("main")).to_contain_text(
        vi(
            "Your signature is final. Once the secretary and the presiding person have both signed, the text is locked and numbered in the register: a correction can then only be an addendum."
        )
    )
    confirm(chair, vi("Sign as presiding"), vi("Confirm my signature"))
    main_says(chair, vi("Your signature is recorded."))
    expect(chair.locator("main")).to_contain_text(vi("Signed"))
    expect(summaries(chair, vi("Sign as presiding"))).to_have_count(0)
    minutes = Minutes.objects.get(meeting=meeting, addendum_to=None)
    assert minutes.locked and minutes.status == Minutes.Status.SIGNED
    signed_body = minutes.body
    meeting.refresh_from_db()
    assert meeting.status == S.MINUTES_SIGNED

    # --- 7. An edit after signing is refused; the text stays as signed. ------------------------
    # The form opened before the chair signed is submitted now.
    secretary.get_by_role("textbox", name=vi("Text of the minutes")).click()
    secretary.keyboard.press("Control+End")
    secretary.keyboard.press("Enter")
    secretary.keyboard.type("Sửa sau khi ký.")
    click_and_wait(secretary, secretary.get_by_role("button", name=vi("Save"), exact=True))
    assert secretary.url.endswith(f"/meetings/{meeting.pk}/minutes/"), secretary.url
    expect(secretary.locator("main .alert-danger")).to_contain_text(vi(SIGNED_MINUTES_LOCKED))
    expect(secretary.locator("main")).not_to_contain_text("Sửa sau khi ký")
    # Opening the edit page now shows the signed text read-only, with the same refusal.
    visit(secretary, f"{meeting_url}minutes/edit/")
    main_says(secretary, vi(SIGNED_MINUTES_LOCKED))
    expect(secretary.locator("textarea")).to_have_count(0)
    expect(secretary.get_by_role("button", name=vi("Save"), exact=True)).to_have_count(0)
    minutes.refresh_from_db()
    assert minutes.body == signed_body and minutes.locked

    # --- 8. The secretary drafts a conclusion; the chair signs: notice 01/TB-<code>. -----------
    visit(secretary, minutes_url)
    click_and_wait(secretary, secretary.get_by_role("link", name=vi("Conclusions"), exact=True))
    due = timezone.localdate() + datetime.timedelta(days=30)
    secretary.get_by_label(vi("Conclusion"), exact=True).fill(CONCLUSION)
    secretary.get_by_label(vi("Instruction to an agency"), exact=True).check()
    secretary.get_by_label(vi("Lead agency"), exact=True).select_option(label=MEMBER_ORG)
    secretary.get_by_label(vi("Due date"), exact=True).fill(f"{due:%Y-%m-%d}")
    click_and_wait(secretary, secretary.get_by_role("button", name=vi("Add the conclusion"), exact=True))
    main_says(secretary, vi("The conclusion is added."))
    row = secretary.locator("tbody tr", has_text=CONCLUSION)
    expect(row).to_contain_text(MEMBER_ORG)
    expect(row).to_contain_text(f"{due:%d/%m/%Y}")
    # Signing is the chair's, not the secretary's.
    expect(summaries(secretary, vi("Sign as chair"))).to_have_count(0)

    visit(chair, f"{meeting_url}conclusions/")
    expect(chair.locator("tbody tr", has_text=CONCLUSION)).to_have_count(1)
    confirm(chair, vi("Sign as chair"), vi("Sign and issue the notice"))
    symbol = f"01/TB-{COMMITTEE_CODE}"
    assert chair.url.endswith(f"/meetings/{meeting.pk}/notice/"), chair.url
    main_says(chair, vi("Notice %(symbol)s is issued.") % {"symbol": symbol})
    expect(chair.locator("article.notice-document")).to_contain_text(f"Số: {symbol}")

    notice = Notice.objects.get(meeting=meeting)
    assert (notice.number, notice.symbol, notice.signed_by.username) == (1, symbol, "chair")
    meeting.refresh_from_db()
    assert meeting.status == S.NOTICE_ISSUED

    # The secretary reads the issued notice (the page kept as this test's screenshot).
    visit(secretary, f"{meeting_url}notice/")
    document = secretary.locator("article.notice-document")
    expect(document).to_contain_text(f"Số: {symbol}")
    expect(document).to_contain_text(COMMITTEE_NAME)
    expect(document).to_contain_text(CONCLUSION)
    expect(document).to_contain_text(f"Cơ quan chủ trì: {MEMBER_ORG}; thời hạn hoàn thành: {due:%d/%m/%Y}.")
    expect(document).to_contain_text(f"Ngày {day:%d/%m/%Y}, tại {PLACE}")
    expect(document).to_contain_text("TRƯỞNG BAN")
    expect(document).to_contain_text(CHAIR)
