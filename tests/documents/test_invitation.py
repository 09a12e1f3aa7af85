"""The invitation letter (giấy mời, Mẫu 1.7; D3 of shared/docs/vn-document-format.md): its body,
its number in the register, the copies archived at convening and at the first download of a
personal letter, and who may download which.

The page, header, title, signature and recipient rules (G, H, T, S, N) run on both letters in
test_layout.py, test_signature.py and test_rendering.py.
"""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from documents.rendering.invitation import meeting_place, vn_clock, vn_weekday_date
from documents.rendering.pdf import render_html
from meetings import services
from meetings.documents import selectors as documents
from meetings.documents.context import invitation_context
from meetings.jobs import archive_signed_document
from meetings.models import Invitation, InvitationLetter, Meeting, SignedDocument
from tests.documents.conftest import CHAIR_NAME, COMMITTEE_NAME, TZ, _cast, at
from tests.documents.pdfcheck import parse
from tests.members.factories import UserFactory

D3_LABELS = [
    rf"{re.escape(COMMITTEE_NAME)} trân trọng kính mời:",
    r"Tới dự: ",
    rf"Chủ trì: Đồng chí {CHAIR_NAME}, Chủ tịch UBND tỉnh\.",
    r"Thời gian: \d{1,2} giờ \d{2} phút, (thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), "
    r"ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}\.",
    r"Địa điểm: Hội trường UBND tỉnh\.",
]
SYMBOL_RE = re.compile(r"^(0[1-9]|[1-9]\d+)/GM-BCĐA$")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- the rendered letters (the session documents) ---------------------------------------------------


@pytest.mark.xdist_group("documents")
@pytest.mark.parametrize("kind", ["invitation", "personal_invitation"])
def test_D3_labels_present_in_the_order_of_form_1_7(docs, kind):
    text = flat(getattr(docs, kind).text)
    positions = []
    for label in D3_LABELS:
        match = re.search(label, text)
        assert match, f"missing: {label}"
        positions.append(match.start())
    assert positions == sorted(positions)
    assert text.rstrip().endswith("Nguyễn Thanh Ngọc")  # the signature closes the letter
    body = text.split("Nơi nhận:")[0]
    assert body.rstrip().endswith("./."), body[-120:]  # X5


@pytest.mark.xdist_group("documents")
def test_D3_number_comes_from_the_register(docs):
    assert SYMBOL_RE.match(docs.invitation_symbol), docs.invitation_symbol
    for kind in ("invitation", "personal_invitation"):
        assert f"Số: {docs.invitation_symbol}" in getattr(docs, kind).text


@pytest.mark.xdist_group("documents")
def test_D3_general_letter_names_every_invitee_the_personal_one_only_its_own(docs):
    general = flat(docs.invitation.text)
    personal = flat(docs.personal_invitation.text)
    assert len(docs.invitee_names) >= 5
    for name in docs.invitee_names:
        assert f"Đồng chí {name}," in general, name
    assert general.count("- Đồng chí ") == len(docs.invitee_names)
    assert f"trân trọng kính mời: Đồng chí {docs.personal_invitee_name}," in personal
    others = [n for n in docs.invitee_names if n != docs.personal_invitee_name]
    assert not [n for n in others if n in personal]
    assert "- Như thành phần mời;" in general and "- Như trên;" in personal
    for text in (general, personal):
        assert "- Lưu: VT, Tổ giúp việc." in text
        assert "TS." not in text  # no academic title before any name (S3)
        assert "khoản 5 Điều 6" in text  # a member who cannot come: substitute + written opinion


@pytest.mark.xdist_group("documents")
def test_D3_summary_and_agenda_name_the_meeting(docs):
    text = flat(docs.invitation.text)
    name = docs.meeting_name[:1].lower() + docs.meeting_name[1:]
    assert f"Dự {name}" in text and f"Tới dự: {name}." in text
    assert "Nội dung cuộc họp: - Tiến độ xây dựng Chính quyền điện tử." in text


# --- wording helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "printed"),
    [
        (datetime.datetime(2026, 3, 5, 8, 0, tzinfo=TZ), "8 giờ 00 phút, thứ Năm, ngày 05 tháng 3 năm 2026"),
        (
            datetime.datetime(2026, 2, 1, 14, 30, tzinfo=TZ),
            "14 giờ 30 phút, Chủ nhật, ngày 01 tháng 02 năm 2026",
        ),
        (
            datetime.datetime(2026, 3, 9, 1, 15, tzinfo=datetime.UTC),
            "8 giờ 15 phút, thứ Hai, ngày 09 tháng 3 năm 2026",
        ),
    ],
)
def test_time_line_in_hours_minutes_weekday_and_date_of_vietnam(moment, printed):
    local = timezone.localtime(moment)
    assert f"{vn_clock(moment)}, {vn_weekday_date(local.date())}" == printed


def test_place_names_the_online_link_too():
    link = "https://hop.example.gov.vn/p1"
    assert meeting_place("Phòng họp 1", link) == f"Phòng họp 1 (kết hợp trực tuyến tại địa chỉ {link})"
    assert meeting_place("", link) == f"trực tuyến tại địa chỉ {link}"
    assert meeting_place("Phòng họp 1", "") == "Phòng họp 1"


# --- register, postponement, archive and downloads (database) ------------------------------------------


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def cast(db, private_media):
    return _cast()


def _draft(cast, days: int = 3, kind: str = Meeting.Kind.EXTRAORDINARY) -> Meeting:
    start = at(timezone.localdate() + datetime.timedelta(days=days), 8)
    meeting = services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind=kind,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Hội trường UBND tỉnh",
    )
    services.agenda_item_add(meeting=meeting, actor=cast.secretary, title="Tiến độ dịch vụ công trực tuyến")
    return meeting


def _convened(cast, days: int = 3) -> Meeting:
    meeting = _draft(cast, days)
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    return Meeting.objects.get(pk=meeting.pk)


def _get(client, user, name: str, **kwargs):
    client.force_login(user)
    response = client.get(reverse(f"meetings:{name}", kwargs=kwargs))
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return response, body


def _invitation(meeting: Meeting, user) -> Invitation:
    return Invitation.objects.get(meeting=meeting, user=user)


@pytest.mark.django_db
def test_two_convened_meetings_get_consecutive_numbers(cast):
    first = documents.invitation_letter_current(_convened(cast))
    second = documents.invitation_letter_current(_convened(cast, days=4))

    assert (second.year, second.number) == (first.year, first.number + 1)
    assert SYMBOL_RE.match(first.symbol) and SYMBOL_RE.match(second.symbol)
    assert first.signed_by == cast.chair and first.signed_as == InvitationLetter.SignedAs.CHAIR


@pytest.mark.django_db
def test_draft_meeting_has_no_letter(cast):
    assert documents.invitation_letter_current(_draft(cast)) is None


@pytest.mark.django_db
def test_postponing_a_convened_meeting_issues_a_new_number_and_supersedes_the_old_letter(cast):
    meeting = _convened(cast)
    old = documents.invitation_letter_current(meeting)
    new_start = meeting.start_at + datetime.timedelta(days=7, hours=6, minutes=30)

    services.meeting_postpone(
        meeting=meeting,
        actor=cast.chair,
        start_at=new_start,
        end_at=new_start + datetime.timedelta(hours=2),
        reason="Trùng lịch họp của Tỉnh ủy",
    )

    old.refresh_from_db()
    new = documents.invitation_letter_current(meeting)
    assert old.superseded_at is not None
    assert new.pk != old.pk and new.number == old.number + 1
    assert InvitationLetter.objects.filter(meeting=meeting).count() == 2
    context = invitation_context(new)
    assert context["header"].number_line == f"Số: {new.symbol}"
    assert f"Giấy mời này thay thế Giấy mời số {old.symbol} " in context["replaces"]
    assert context["when"].startswith("Thời gian: 14 giờ 30 phút, ")  # the new time


@pytest.mark.django_db
def test_letter_wording_stays_vietnamese_when_the_reader_uses_english(cast):
    letter = documents.invitation_letter_current(_convened(cast))
    with translation.override("en"):
        context = invitation_context(letter)
    assert context["attend"].startswith("Tới dự: phiên họp đột xuất số ")
    assert context["doc_type"] == "GIẤY MỜI"


@pytest.mark.django_db
def test_guest_letter_asks_for_an_answer_without_the_members_substitute_rule(cast):
    meeting = _draft(cast, kind=Meeting.Kind.EXTENDED)
    guest = services.guest_invite(meeting=meeting, actor=cast.secretary, user=UserFactory(username="expert"))
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    letter = documents.invitation_letter_current(meeting)

    personal = invitation_context(letter, guest)
    general = invitation_context(letter)

    assert "Điều 6" not in personal["closing"] and personal["closing"].endswith("./.")
    assert "khoản 5 Điều 6" in general["closing"]
    assert any(guest.user.full_name in line for line in general["invitees"])


def test_convening_archives_the_letter_served_with_its_hash(
    client, settings, tmp_path, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _convened(cast)
    letter = documents.invitation_letter_current(meeting)
    stored = SignedDocument.objects.get(kind=SignedDocument.Kind.INVITATION, letter=letter)

    response, body = _get(client, cast.member, "invitation-pdf", pk=meeting.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="GM-{letter.number:02d}-{letter.year}-BCDA.pdf"' in response["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == stored.sha256 == response["X-Content-SHA256"]
    assert len(body) == stored.size

    # A template edited afterwards does not touch the letter as issued.
    override = tmp_path / "templates" / "documents"
    override.mkdir(parents=True)
    (override / "invitation.html").write_text("<html><body><p>MẪU ĐÃ SỬA</p></body></html>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    assert "MẪU ĐÃ SỬA" in render_html("documents/invitation.html", {})

    _response, again = _get(client, cast.chair, "invitation-pdf", pk=meeting.pk)
    assert again == body
    assert SignedDocument.objects.filter(letter=letter).count() == 1


def test_archive_job_harmless_when_run_twice(cast):
    letter = documents.invitation_letter_current(_convened(cast))
    first = archive_signed_document(letter_id=letter.pk)
    second = archive_signed_document(letter_id=letter.pk)
    assert first == second == SignedDocument.objects.get(kind=SignedDocument.Kind.INVITATION).pk


def test_personal_letter_archived_at_first_download_and_served_from_the_copy(client, cast):
    meeting = _convened(cast)
    invitation = _invitation(meeting, cast.member)
    assert not SignedDocument.objects.filter(kind=SignedDocument.Kind.PERSONAL_INVITATION).exists()

    first, body = _get(
        client, cast.member, "personal-invitation-pdf", pk=meeting.pk, invitation_pk=invitation.pk
    )
    second, again = _get(
        client, cast.member, "personal-invitation-pdf", pk=meeting.pk, invitation_pk=invitation.pk
    )

    stored = SignedDocument.objects.get(kind=SignedDocument.Kind.PERSONAL_INVITATION, invitation=invitation)
    assert first.status_code == second.status_code == 200
    assert again == body and hashlib.sha256(body).hexdigest() == stored.sha256 == first["X-Content-SHA256"]
    letter = documents.invitation_letter_current(meeting)
    assert stored.letter == letter and stored.meeting == meeting
    name = documents.invitation_filename(letter, invitation)
    assert re.fullmatch(rf"GM-{letter.number:02d}-{letter.year}-BCDA-[A-Za-z0-9-]+\.pdf", name), name
    assert f'filename="{name}"' in first["Content-Disposition"]


@pytest.mark.django_db
def test_personal_letter_printed_later_says_what_the_signed_letter_said(cast):
    """The secretariat may still edit a convened meeting's place; a personal letter first printed
    after that keeps the place and time the letter was signed with, like the general letter."""
    meeting = _convened(cast)
    services.meeting_update(meeting=meeting, actor=cast.secretary, place="Phòng họp số 2")
    letter = documents.invitation_letter_current(meeting)

    personal = flat(
        render_html(
            "documents/invitation.html", invitation_context(letter, _invitation(meeting, cast.member))
        )
    )
    general = flat(render_html("documents/invitation.html", invitation_context(letter)))
    for text in (personal, general):
        assert "Địa điểm: Hội trường UBND tỉnh" in text
        assert "Phòng họp số 2" not in text


def test_preparer_gets_any_invitees_personal_letter(client, cast):
    meeting = _convened(cast)
    invitation = _invitation(meeting, cast.member)
    response, _body = _get(
        client, cast.secretary, "personal-invitation-pdf", pk=meeting.pk, invitation_pk=invitation.pk
    )
    assert response.status_code == 200


def test_another_member_gets_404_for_someone_elses_personal_letter(client, cast):
    meeting = _convened(cast)
    invitation = _invitation(meeting, cast.member)
    response, _body = _get(
        client,
        cast.member_other_agency,
        "personal-invitation-pdf",
        pk=meeting.pk,
        invitation_pk=invitation.pk,
    )
    assert response.status_code == 404
    assert not SignedDocument.objects.exists()


def test_member_of_another_committee_gets_404(client, cast):
    meeting = _convened(cast)
    invitation = _invitation(meeting, cast.member)
    general, _b = _get(client, cast.other_member, "invitation-pdf", pk=meeting.pk)
    personal, _b = _get(
        client, cast.other_member, "personal-invitation-pdf", pk=meeting.pk, invitation_pk=invitation.pk
    )
    assert general.status_code == personal.status_code == 404


def test_personal_letter_of_another_meetings_invitation_is_404(client, cast):
    meeting, other = _convened(cast), _convened(cast, days=4)
    response, _body = _get(
        client,
        cast.member,
        "personal-invitation-pdf",
        pk=meeting.pk,
        invitation_pk=_invitation(other, cast.member).pk,
    )
    assert response.status_code == 404


def test_draft_meeting_invitation_is_404(client, cast):
    meeting = _draft(cast)
    invitation = _invitation(meeting, cast.member)
    general, _b = _get(client, cast.chair, "invitation-pdf", pk=meeting.pk)
    personal, _b = _get(
        client, cast.member, "personal-invitation-pdf", pk=meeting.pk, invitation_pk=invitation.pk
    )
    assert general.status_code == personal.status_code == 404


def test_meeting_page_links_the_letters(client, cast):
    meeting = _convened(cast)
    general = reverse("meetings:invitation-pdf", kwargs={"pk": meeting.pk})

    def personal(user) -> str:
        return reverse(
            "meetings:personal-invitation-pdf",
            kwargs={"pk": meeting.pk, "invitation_pk": _invitation(meeting, user).pk},
        )

    client.force_login(cast.member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert general in page and personal(cast.member) in page
    assert personal(cast.deputy) not in page

    client.force_login(cast.secretary)  # prepares the meeting: every invitee's letter
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert general in page and personal(cast.member) in page and personal(cast.deputy) in page

    client.force_login(cast.chair)
    draft = _draft(cast, days=5)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("meetings:invitation-pdf", kwargs={"pk": draft.pk}) not in page


@pytest.mark.django_db
def test_personal_letter_printed_later_keeps_the_signed_title_agenda_and_presiding(client, cast):
    """A convened meeting's title, agenda and presiding person may still be edited; a personal
    letter first downloaded after that carries the signed letter's number, so it says what the
    letter said when it was signed, like the general letter archived at convening."""
    meeting = _convened(cast)
    member = _invitation(meeting, cast.member)
    item = meeting.agenda_items.get()
    services.meeting_update(
        meeting=meeting, actor=cast.secretary, title="Hội nghị đổi tên sau khi mời", presiding=cast.deputy
    )
    services.agenda_item_update(item=item, actor=cast.secretary, title="Nội dung sửa sau khi mời")
    services.agenda_item_add(meeting=meeting, actor=cast.secretary, title="Nội dung thêm sau khi mời")

    response, body = _get(
        client, cast.member, "personal-invitation-pdf", pk=meeting.pk, invitation_pk=member.pk
    )

    assert response.status_code == 200
    text = flat(parse(body).text)
    assert "Tiến độ dịch vụ công trực tuyến" in text
    assert f"Chủ trì: Đồng chí {CHAIR_NAME}," in text
    for later in ("đổi tên sau khi mời", "sửa sau khi mời", "thêm sau khi mời"):
        assert later not in text
