"""The notice of conclusions' title and recipients (issue 9, item 13): the title follows practice,
"Kết luận của đồng chí <name>, <post>, Trưởng Ban chỉ đạo tại <meeting>" (the deputy's form when
the deputy presided), and the notice page shows the same title and recipients as the PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from meetings import services
from meetings.documents.context import in_sentence, notice_context
from meetings.models import Meeting, Notice

S = Meeting.Status
pytestmark = pytest.mark.django_db


def _people(mc) -> None:
    for user, name, position in (
        (mc.chair, "TS. Nguyễn Thanh Ngọc", "Chủ tịch UBND tỉnh"),
        (mc.deputy, "Trần Văn Chiến", "Phó Chủ tịch UBND tỉnh"),
    ):
        user.full_name, user.position = name, position
        user.save()


def _issued(mc, presiding=None) -> Notice:
    _people(mc)
    meeting = mc.new_meeting(presiding=presiding) if presiding else mc.meeting
    meeting = mc.to_state(meeting, S.MINUTES_SIGNED)
    services.conclusion_add(
        meeting=meeting,
        actor=mc.secretary,
        text="Giao Sở Kế hoạch và Đầu tư tham mưu bố trí vốn.",
        is_instruction=True,
        lead_organization=mc.org_a,
        due_date=meeting.start_at.date().replace(year=meeting.start_at.year + 1),
    )
    services.conclusions_sign(meeting=meeting, actor=mc.chair)
    return Notice.objects.select_related("meeting", "committee", "signed_by").get(meeting=meeting)


def _meeting_in_sentence(meeting) -> str:
    with translation.override("vi"):
        return in_sentence(Meeting.objects.get(pk=meeting.pk))


def test_notice_title_names_the_chair_with_post_and_committee_title_when_the_chair_presided(meeting_cast):
    notice = _issued(meeting_cast)
    title = " ".join(notice_context(notice)["summary_lines"])
    assert title == (
        "Kết luận của đồng chí Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh, Trưởng Ban chỉ đạo "
        f"tại {_meeting_in_sentence(notice.meeting)}"
    )
    assert " tại phiên họp thường kỳ quý " in title  # a generated name is a common noun in a sentence


def test_notice_title_takes_the_deputys_form_when_the_deputy_presided(meeting_cast):
    notice = _issued(meeting_cast, presiding=meeting_cast.deputy)
    title = " ".join(notice_context(notice)["summary_lines"])
    assert title == (
        "Kết luận của đồng chí Trần Văn Chiến, Phó Chủ tịch UBND tỉnh, Phó Trưởng Ban chỉ đạo "
        f"tại {_meeting_in_sentence(notice.meeting)}"
    )


def test_notice_page_shows_the_pdfs_title_and_recipients_when_read_in_english(client, meeting_cast):
    notice = _issued(meeting_cast)
    context = notice_context(notice)
    client.force_login(meeting_cast.member)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # the document stays Vietnamese
    page = client.get(reverse("meetings:notice-detail", kwargs={"pk": notice.meeting_id})).content.decode()

    assert " ".join(context["summary_lines"]) in page
    assert context["recipients"] == ["Thành viên Ban chỉ đạo A", "Sở Kế hoạch và Đầu tư", "Lưu: VT"]
    assert "<li>- Thành viên Ban chỉ đạo A;</li>" in page
    assert "<li>- Sở Kế hoạch và Đầu tư;</li>" in page
    assert "<li>- Lưu: VT.</li>" in page
