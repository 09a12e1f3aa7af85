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

from django.utils import timezone

from .context import (
    DocumentContext,
    Signature,
    build_header,
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
