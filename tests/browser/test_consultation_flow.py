"""A written consultation of the members through the pages, each person in their own browser
session (issue #13, acceptance 1):

`standing` opens a consultation on the draft plan with two questions for every member, due in 3
days, attaches the draft and sends it (confirming); `member` agrees with comments and a file;
`focal_b`, the focal officer of Sở Tài chính, prepares `member_b`'s answer, which `member_b` sends;
the request page shows the chair and the deputy as not answered. The portal's clock then moves
past the deadline (django.utils.timezone.now, shared with the live server's thread; people log
in again, as their sessions would have ended): `secretary` compiles the summary, which closes the
answers, and drafts two instructions; `chair` signs → notice 01/TB-BCĐA and two directives.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit
from tests.browser.test_meeting_flow import confirm, main_says, starts, vi

MATTER = "Dự thảo Kế hoạch chuyển đổi số năm 2027 của Ban Chỉ đạo."
QUESTIONS = ["Đồng chí có thống nhất với các mục tiêu của dự thảo?", "Kinh phí dự kiến có phù hợp?"]
COMMENT = "Đề nghị bổ sung chỉ tiêu về dữ liệu mở."
STC_COMMENT = "Sở Tài chính đề nghị rà soát lại nguồn kinh phí."
INSTRUCTIONS = [
    "Sở Kế hoạch và Đầu tư tiếp thu ý kiến, hoàn thiện Kế hoạch.",
    "Sở Tài chính rà soát, bố trí kinh phí thực hiện Kế hoạch.",
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(transactional_db, unlock_signed_minutes_at_teardown, settings, tmp_path, monkeypatch):
    """The tests' cast (committee BCĐA) with the demo password, and a focal officer of Sở Tài
    chính (member_b's agency: the cast's `focal` is Sở KH&ĐT's, `member`'s); files in tmp_path."""
    from documents.storage import private_storage
    from meetings.models import ConsultationAnswer, Invitation, Paper
    from members.models import RoleAssignment
    from tests.conftest import Cast
    from tests.members.factories import RoleAssignmentFactory, UserFactory

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    for model, name in ((Paper, "file"), (Invitation, "written_opinion_file"), (ConsultationAnswer, "file")):
        monkeypatch.setattr(model._meta.get_field(name), "storage", private_storage())
    cast = Cast()
    cast.focal_b = UserFactory(username="focal_b", full_name="Đỗ Thị Đầu Mối", organization=cast.org_b)
    RoleAssignmentFactory(
        user=cast.focal_b,
        committee=cast.committee,
        role=RoleAssignment.Role.FOCAL_OFFICER,
        organization=cast.org_b,
    )
    for user in (
        cast.chair,
        cast.standing,
        cast.secretary,
        cast.member,
        cast.member_other_agency,
        cast.focal_b,
    ):
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    return cast


def test_written_consultation_answered_summarised_and_decided_in_a_numbered_notice(
    page, new_context, live_server, login, world, monkeypatch, tmp_path
):
    from meetings.models import ConsultationAnswer, Meeting, Notice
    from tasks.models import Directive

    c = world
    base = live_server.url
    draft = tmp_path / "du-thao-ke-hoach.pdf"
    draft.write_bytes(PDF_BYTES)

    # --- 1. The standing member opens the consultation for every member, due in 3 days. ---------
    standing = page
    login(standing, live_server, "standing")
    visit(standing, f"{base}/committees/{c.committee.pk}/consultations/new/")
    deadline = timezone.localtime() + datetime.timedelta(days=3)
    standing.get_by_label(vi("Asked by"), exact=True).select_option(label=c.standing.display_name)
    standing.get_by_label(vi("Matter"), exact=True).fill(MATTER)
    standing.get_by_label(starts(vi("Questions"))).fill("\n".join(QUESTIONS))
    standing.get_by_label(vi("Answers due by"), exact=True).fill(f"{deadline:%Y-%m-%dT%H:%M}")
    click_and_wait(standing, standing.get_by_role("button", name=vi("Create the draft")))
    consultation = Meeting.objects.get(kind=Meeting.Kind.WRITTEN_CONSULTATION)
    url = f"{base}{consultation.get_absolute_url()}"
    assert standing.url == url
    expect(
        standing.get_by_role("heading", name=f"Lấy ý kiến bằng văn bản số 1/{consultation.year}")
    ).to_be_visible()
    for question in QUESTIONS:
        expect(standing.locator("main")).to_contain_text(question)

    click_and_wait(standing, standing.get_by_role("link", name=vi("Attach a document")))
    standing.get_by_label(vi("File"), exact=True).set_input_files(str(draft))
    click_and_wait(standing, standing.get_by_role("button", name=vi("Upload")))
    expect(standing.locator("#papers")).to_contain_text("du-thao-ke-hoach.pdf")

    click_and_wait(standing, standing.get_by_role("link", name=vi("Send to the members")))
    expect(standing.locator("main")).to_contain_text("Lấy ý kiến 4 thành viên")
    click_and_wait(standing, standing.get_by_role("button", name=vi("Send to the members")))
    main_says(standing, vi("The consultation is sent: the members are notified with the deadline."))
    consultation.refresh_from_db()
    assert consultation.status == Meeting.Status.CONVENED and not consultation.invitation_letters.exists()

    # --- 2. The member agrees with comments and a file; a missing comment keeps what was typed. --
    member = new_context().new_page()
    login(member, live_server, "member")
    visit(member, url)
    click_and_wait(member, member.get_by_role("link", name=vi("Answer"), exact=True))
    opinion = tmp_path / "y-kien-skhdt.pdf"
    opinion.write_bytes(PDF_BYTES)
    member.get_by_label(vi("Agree with comments"), exact=True).check()
    click_and_wait(member, member.get_by_role("button", name=vi("Send my answer")))
    main_says(member, vi("Write your comments: they explain your position."))
    expect(member.get_by_label(vi("Agree with comments"), exact=True)).to_be_checked()
    member.get_by_label(starts(vi("Comments"))).fill(COMMENT)
    member.get_by_label(starts(vi("Attached file"))).set_input_files(str(opinion))
    click_and_wait(member, member.get_by_role("button", name=vi("Send my answer")))
    main_says(member, vi("Your answer is sent."))
    answer = ConsultationAnswer.objects.get(invitation__meeting=consultation, invitation__user=c.member)
    assert (answer.position, answer.sent_by, answer.original_name) == (
        ConsultationAnswer.Position.AGREE_WITH_COMMENTS,
        c.member,
        "y-kien-skhdt.pdf",
    )

    # --- 3. Sở Tài chính's focal officer prepares member_b's answer; member_b sends it. ----------
    focal = new_context().new_page()
    login(focal, live_server, "focal_b")
    visit(focal, url)
    row_b = focal.locator("tr", has_text=c.member_other_agency.display_name)
    click_and_wait(focal, row_b.get_by_role("link", name=vi("Prepare the answer")))
    focal.get_by_label(vi("Disagree"), exact=True).check()
    focal.get_by_label(starts(vi("Comments"))).fill(STC_COMMENT)
    expect(focal.get_by_role("button", name=vi("Send my answer"))).to_have_count(0)
    click_and_wait(focal, focal.get_by_role("button", name=vi("Prepare for the member to send")))
    main_says(focal, vi("The answer is prepared: the member checks and sends it."))

    member_b = new_context().new_page()
    login(member_b, live_server, "member_b")
    visit(member_b, url)
    expect(member_b.locator("tr", has_text=c.member_other_agency.display_name)).to_contain_text(
        vi("Prepared, not sent")
    )
    # Before the deadline member_b sees that the member answered, not what.
    expect(member_b.locator("tr", has_text=c.member.display_name)).not_to_contain_text(COMMENT)
    click_and_wait(member_b, member_b.get_by_role("link", name=vi("Change my answer")))
    expect(member_b.get_by_label(starts(vi("Comments")))).to_have_value(STC_COMMENT)
    click_and_wait(member_b, member_b.get_by_role("button", name=vi("Send my answer")))
    main_says(member_b, vi("Your answer is sent."))
    stc = ConsultationAnswer.objects.get(
        invitation__meeting=consultation, invitation__user=c.member_other_agency
    )
    assert stc.sent_by == c.member_other_agency and stc.position == ConsultationAnswer.Position.DISAGREE

    # --- 4. The request page: two answered, the chair and the deputy not. -----------------------
    visit(standing, url)
    table = standing.locator("#answers")
    expect(table.locator("tr", has_text=c.member.display_name)).to_contain_text(COMMENT)
    expect(table.locator("tr", has_text=c.member_other_agency.display_name)).to_contain_text(vi("Disagree"))
    for person in (c.chair, c.deputy):
        expect(table.locator("tr", has_text=person.display_name)).to_contain_text(vi("Not answered"))

    # --- 5. Past the deadline: the secretary compiles the summary, closing the answers. ---------
    real_now = timezone.now
    monkeypatch.setattr("django.utils.timezone.now", lambda: real_now() + datetime.timedelta(days=3, hours=1))
    secretary = new_context().new_page()
    login(secretary, live_server, "secretary")
    visit(secretary, url)
    click_and_wait(secretary, secretary.get_by_role("link", name=vi("Compile the summary")))
    expect(secretary.get_by_role("heading", name=vi("Saving the summary closes the answers"))).to_be_visible()
    expect(secretary.get_by_label(vi("Summary of the answers"), exact=True)).to_contain_text(COMMENT)
    click_and_wait(
        secretary, secretary.get_by_role("button", name=vi("Compile the summary and close the answers"))
    )
    main_says(secretary, vi("The summary is saved: the answers are closed and the chair can decide."))
    consultation.refresh_from_db()
    assert consultation.status == Meeting.Status.HELD and STC_COMMENT in consultation.consultation.summary

    # --- 6. Two instructions; the chair signs: notice 01/TB-BCĐA and two directives. ------------
    click_and_wait(secretary, secretary.get_by_role("link", name=vi("Conclusions"), exact=True))
    due = timezone.localdate() + datetime.timedelta(days=30)
    for text, org in zip(INSTRUCTIONS, (c.org_a, c.org_b), strict=True):
        secretary.get_by_label(vi("Conclusion"), exact=True).fill(text)
        secretary.get_by_label(vi("Instruction to an agency"), exact=True).check()
        secretary.get_by_label(vi("Lead agency"), exact=True).select_option(label=org.name)
        secretary.get_by_label(vi("Due date"), exact=True).fill(f"{due:%Y-%m-%d}")
        click_and_wait(secretary, secretary.get_by_role("button", name=vi("Add the conclusion"), exact=True))
        main_says(secretary, vi("The conclusion is added."))

    chair = new_context().new_page()
    login(chair, live_server, "chair")
    visit(chair, url)
    click_and_wait(chair, chair.get_by_role("link", name=vi("Conclusions"), exact=True))
    confirm(chair, vi("Sign as chair"), vi("Sign and issue the notice"))
    symbol = f"01/TB-{c.committee.short_code}"
    main_says(chair, vi("Notice %(symbol)s is issued.") % {"symbol": symbol})
    document = chair.locator("article.notice-document")
    expect(document).to_contain_text(f"Số: {symbol}")
    expect(document).to_contain_text("lấy ý kiến bằng văn bản các thành viên")
    notice = Notice.objects.get(meeting=consultation)
    directives = Directive.objects.filter(notice=notice).order_by("pk")
    assert [d.lead_organization for d in directives] == [c.org_a, c.org_b]
    assert not consultation.minutes_set.exists()
