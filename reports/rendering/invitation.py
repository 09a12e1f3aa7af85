"""Template context for the invitation (giấy mời, Mẫu 1.7 of Decree 30/2020/NĐ-CP, Appendix III).

The letter is issued when a meeting is convened (meetings.services): the general letter lists
every invitee; a personal letter, cut from the same numbered letter, names one invitee. The body
follows D3 of shared/docs/vn-document-format.md: "… trân trọng kính mời:", "Tới dự:", "Chủ trì:",
"Thời gian:", "Địa điểm:", then points to note, ending "./.".

The wording is fixed Vietnamese whatever the reader's language. `invitation_document` takes
plain values, so the preview (preview.py) fills it without a database.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone, translation

from .context import (
    DocumentContext,
    Signature,
    _person,
    build_header,
    committee_signature,
    dated_line,
    summary,
    vn_date,
    vn_time,
)

#: "thứ Hai" … "thứ Bảy", "Chủ nhật" by date.weekday().
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]

#: Recipients (ô 9b): the general letter goes to those it lists; a personal one to its addressee.
RECIPIENTS_GENERAL = ["Như thành phần mời", "Lưu: VT, Tổ giúp việc"]
RECIPIENTS_PERSONAL = ["Như trên", "Lưu: VT, Tổ giúp việc"]

#: Điều 6.5 of the committee's regulation: an absent member reports to the presiding person;
#: one who sends a substitute gives their opinion in writing.
SUBSTITUTE_RULE = (
    "trường hợp không thể tham dự, đề nghị báo cáo người chủ trì cuộc họp; trường hợp cử người "
    "dự họp thay, đề nghị gửi kèm ý kiến tham gia bằng văn bản (khoản 5 Điều 6 Quy chế hoạt động "
    "của Ban Chỉ đạo)"
)


def vn_clock(moment: datetime.datetime) -> str:
    """ "8 giờ 00 phút", "14 giờ 30 phút" (local time): an invitation always gives the minutes."""
    text = vn_time(moment)
    return text if "phút" in text else f"{text} 00 phút"


def vn_weekday_date(day: datetime.date) -> str:
    """ "thứ Năm, ngày 05 tháng 3 năm 2026"."""
    return f"{WEEKDAYS[day.weekday()]}, {vn_date(day)}"


def meeting_place(place: str, online_link: str) -> str:
    """The room, with the online link when the meeting is also (or only) online."""
    if place and online_link:
        return f"{place} (kết hợp trực tuyến tại địa chỉ {online_link})"
    if online_link:
        return f"trực tuyến tại địa chỉ {online_link}"
    return place or "Tổ giúp việc sẽ thông báo sau"


def invitation_document(
    *,
    parent_body: str,
    committee_name: str,
    place_name: str,
    symbol: str,
    signed_on: datetime.date,
    meeting_name: str,
    invitees: list[str],
    personal: bool,
    presiding: str,
    start: datetime.datetime,
    place: str,
    agenda: list[str],
    signature: Signature,
    replaces: str = "",
    asks_substitute: bool = True,
) -> dict:
    """The invitation's template context from plain values.

    `invitees` are "Đồng chí <name>, <post>, <agency>" strings (one for a personal letter);
    `presiding` is "<name>, <post>"; `replaces` names the letter a postponement supersedes;
    `asks_substitute` adds the Điều 6.5 reminder (not for a guest's own letter)."""
    local = timezone.localtime(start)
    whom = "Đồng chí" if personal else "các đồng chí"
    confirm = f"Đề nghị {whom} xác nhận tham dự trên Cổng thông tin Ban Chỉ đạo trước giờ họp"
    closing = f"{confirm}; {SUBSTITUTE_RULE}./." if asks_substitute else f"{confirm}./."
    invitation_line = f"{committee_name} trân trọng kính mời:"
    if personal:
        invitation_line = f"{invitation_line} {invitees[0]}."
    return DocumentContext(
        kind="invitation",
        title=f"Giấy mời {symbol}",
        header=build_header(
            parent_body=parent_body,
            body_name=committee_name,
            number_line=f"Số: {symbol}",
            dated=dated_line(place_name, signed_on),
        ),
        doc_type="GIẤY MỜI",
        summary_lines=summary(f"Dự {meeting_name}"),
        recipients=RECIPIENTS_PERSONAL if personal else RECIPIENTS_GENERAL,
        extra={
            "personal": personal,
            "invitation_line": invitation_line,
            "invitees": [] if personal else invitees,
            "attend": f"Tới dự: {meeting_name}.",
            "presiding": f"Chủ trì: Đồng chí {presiding}.",
            "when": f"Thời gian: {vn_clock(local)}, {vn_weekday_date(local.date())}.",
            "where": f"Địa điểm: {place}.",
            "agenda": agenda,
            "replaces": replaces,
            "closing": closing,
            "signature": signature,
        },
    ).as_dict()


def in_sentence(meeting) -> str:
    """The meeting's name inside a sentence: a generated name ("Phiên họp thường kỳ quý I/2026")
    is a common noun and takes a small letter after "Dự"; a title is printed as typed."""
    name = str(meeting)
    return name if meeting.title else name[:1].lower() + name[1:]


def _agenda_line(item) -> str:
    presenter = f" ({item.presenter} trình bày)" if item.presenter_id else ""
    return f"{item.title}{presenter}"


def invitation_context(letter, invitation=None) -> dict:
    """The invitation letter of a convened meeting (giấy mời, Mẫu 1.7): with `invitation`, the
    personal letter to that invitee; without, the general letter listing every invitee (the
    presiding person is named under "Chủ trì" instead)."""
    from meetings.models import Invitation, InvitationLetter
    from members.models import RoleAssignment
    from members.selectors import role_rank_by_user

    with translation.override(settings.LANGUAGE_CODE):
        meeting = letter.meeting
        committee = letter.committee
        start = timezone.localtime(letter.start_at)
        if invitation is not None:
            people = [invitation]
        else:
            people = list(
                meeting.invitations.exclude(user_id=meeting.presiding_id).select_related(
                    "user", "user__organization"
                )
            )
            best = role_rank_by_user(committee.pk, [p.user_id for p in people], start.date())
            last = len(RoleAssignment.ROLE_RANK)
            kinds = {Invitation.Kind.MEMBER: 0, Invitation.Kind.SUPPORT: 1, Invitation.Kind.GUEST: 2}
            people.sort(
                key=lambda p: (kinds.get(p.kind, 3), best.get(p.user_id, last), p.user.full_name, p.pk)
            )
        previous = (
            InvitationLetter.objects.filter(meeting=meeting, pk__lt=letter.pk)
            .select_related("committee")
            .order_by("-pk")
            .first()
        )
        replaces = ""
        if previous is not None:
            replaces = (
                f"Giấy mời này thay thế Giấy mời số {previous.symbol} "
                f"{vn_date(timezone.localdate(previous.signed_at))} của {committee.name} "
                "do thay đổi thời gian họp."
            )
        personal = invitation is not None
        return invitation_document(
            parent_body=committee.parent_body,
            committee_name=committee.name,
            place_name=committee.place_name,
            symbol=letter.symbol,
            signed_on=timezone.localdate(letter.signed_at),
            meeting_name=in_sentence(meeting),
            invitees=[f"Đồng chí {_person(p.user)}" for p in people],
            personal=personal,
            presiding=_person(meeting.presiding, with_org=False),
            start=letter.start_at,  # as signed, whatever the meeting's record says later
            place=meeting_place(letter.place, letter.online_link),
            agenda=[_agenda_line(item) for item in meeting.agenda_items.select_related("presenter")],
            signature=committee_signature(
                committee=committee, signed_as=letter.signed_as, user=letter.signed_by
            ),
            replaces=replaces,
            asks_substitute=not (personal and invitation.kind == Invitation.Kind.GUEST),
        )
