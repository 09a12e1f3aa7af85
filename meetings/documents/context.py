"""The data of the meetings' official documents, built from the records and handed to the
documents app's layout: the notice of conclusions (Mẫu 1.4), the minutes (Mẫu 1.9) and the
invitation letter (Mẫu 1.7)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation

from documents.rendering.context import (
    DOC_TYPE_MINUTES,
    ConclusionItem,
    DocumentContext,
    Participant,
    Signature,
    build_header,
    caps,
    committee_signature,
    dated_line,
    minutes_body,
    number_line,
    person_line,
    signer_name,
    summary,
    vn_date,
    vn_time,
)
from documents.rendering.invitation import invitation_document, meeting_place
from members.models import Organization, RoleAssignment
from members.selectors import role_rank_by_user

from ..models import AgendaItem, Invitation, InvitationLetter, Meeting
from ..sanitize import sanitize_minutes_html

#: How the notice's title names the presiding person's place in the committee.
_COMMITTEE_TITLES = {
    RoleAssignment.Role.CHAIR: "Trưởng Ban chỉ đạo",
    RoleAssignment.Role.DEPUTY: "Phó Trưởng Ban chỉ đạo",
}


def notice_summary(meeting) -> str:
    """The notice's title as practice writes it: "Kết luận của đồng chí <name>, <post>, Trưởng
    Ban chỉ đạo tại <meeting>", "Phó Trưởng Ban chỉ đạo" when a deputy presided (their role on
    the day of the meeting); the post or the committee title left out when the person has none."""
    if meeting.kind == Meeting.Kind.WRITTEN_CONSULTATION:
        return f"Kết luận về việc lấy ý kiến bằng văn bản các thành viên về {consultation_matter(meeting)}"
    with translation.override(settings.LANGUAGE_CODE):
        presiding = meeting.presiding
        held_on = timezone.localdate(meeting.start_at)
        rank = role_rank_by_user(meeting.committee_id, [presiding.pk], held_on).get(presiding.pk)
        title = _COMMITTEE_TITLES.get(RoleAssignment.ROLE_ORDER[rank], "") if rank is not None else ""
        who = ", ".join(
            part for part in (signer_name(presiding.display_name), presiding.position, title) if part
        )
        return f"Kết luận của đồng chí {who} tại {in_sentence(meeting)}"


def consultation_matter(meeting) -> str:
    """A written consultation's matter as one line for a sentence: its title if it has one,
    else the first line of the matter, with a small letter."""
    if meeting.title:
        return meeting.title
    line = meeting.consultation.matter.strip().splitlines()[0].rstrip(".")
    return line[:1].lower() + line[1:]


def consultation_intro(meeting, committee) -> str:
    """The notice's opening for a written consultation: when the members were asked, about what,
    by when, and how many answered — instead of a meeting's day, place and presiding person."""
    consultation = meeting.consultation
    asked = meeting.invitations.filter(kind=Invitation.Kind.MEMBER)
    answered = asked.filter(consultation_answer__sent_at__isnull=False).count()
    sent_on = timezone.localdate(meeting.convened_at or meeting.start_at)
    due = timezone.localdate(consultation.deadline)
    return (
        f"{vn_date(sent_on).capitalize()}, {committee.name} lấy ý kiến bằng văn bản các thành viên "
        f"về {consultation_matter(meeting)} ({in_sentence(meeting)}, hạn trả lời {due.strftime('%d/%m/%Y')}); "
        f"{answered}/{asked.count()} thành viên đã gửi ý kiến. Trên cơ sở tổng hợp ý kiến các thành viên, "
        "kết luận như sau:"
    )


def notice_recipients(committee, conclusions) -> list[str]:
    """Nơi nhận of the notice, on the PDF and on its page alike: the committee's members, each lead
    agency of an instruction (once, in the conclusions' order), then each coordinating agency not
    already named, the archive."""
    leads: list[str] = []
    for c in conclusions:
        if c.is_instruction and c.lead_organization and str(c.lead_organization) not in leads:
            leads.append(str(c.lead_organization))
    coordinating: list[str] = []
    for c in conclusions:
        if c.is_instruction:
            for org in c.coordinating_organizations.all():
                if str(org) not in leads and str(org) not in coordinating:
                    coordinating.append(str(org))
    return [f"Thành viên {committee.name}", *leads, *coordinating, "Lưu: VT"]


def notice_conclusions(meeting) -> list:
    """The conclusion items in the notice's order, with their coordinating agencies."""
    return list(
        meeting.conclusions.select_related("lead_organization")
        .prefetch_related("coordinating_organizations")
        .order_by("order", "pk")
    )


def instruction_line(conclusion) -> str:
    """What the notice prints under an instruction: "Cơ quan chủ trì: …; cơ quan phối hợp: …;
    thời hạn hoàn thành: dd/mm/yyyy." (the coordinating agencies only when there are some, by
    name); empty for a plain conclusion."""
    c = conclusion
    if not (c.is_instruction and c.lead_organization and c.due_date):
        return ""
    coordinating = ", ".join(str(org) for org in c.coordinating_organizations.all())
    with_them = f"; cơ quan phối hợp: {coordinating}" if coordinating else ""
    return f"Cơ quan chủ trì: {c.lead_organization}{with_them}; thời hạn hoàn thành: {c.due_date:%d/%m/%Y}."


def notice_context(notice) -> dict:
    """The notice of conclusions of a meeting (thông báo kết luận, Mẫu 1.4)."""
    with translation.override(settings.LANGUAGE_CODE):
        meeting = notice.meeting
        committee = notice.committee
        signed_on = timezone.localdate(notice.signed_at)
        held_on = timezone.localdate(meeting.start_at)
        presiding = signer_name(meeting.presiding.display_name)
        meeting_name = str(meeting)
        conclusions = notice_conclusions(meeting)
        items = [
            ConclusionItem(
                order=i,
                text=c.text,
                instruction=instruction_line(c),
            )
            for i, c in enumerate(conclusions, start=1)
        ]
        place = f", tại {meeting.place}" if meeting.place else ""
        intro = (
            f"{vn_date(held_on).capitalize()}{place}, {committee.name} "
            f"tổ chức {meeting_name}, do {presiding} chủ trì. Kết luận như sau:"
        )
        if meeting.kind == Meeting.Kind.WRITTEN_CONSULTATION:
            intro = consultation_intro(meeting, committee)
        return DocumentContext(
            kind="notice",
            title=f"Thông báo {notice.symbol}",
            header=build_header(
                parent_body=committee.parent_body,
                body_name=committee.name,
                number_line=f"Số: {notice.symbol}",
                dated=dated_line(committee.place_name, signed_on),
            ),
            doc_type="THÔNG BÁO",
            summary_lines=summary(notice_summary(meeting)),
            recipients=notice_recipients(committee, conclusions),
            extra={
                "intro": intro,
                "conclusions": items,
                "closing": f"{committee.name} thông báo để các cơ quan, đơn vị biết, thực hiện./.",
                "signature": committee_signature(
                    committee=committee, signed_as=notice.signed_as, user=notice.signed_by
                ),
            },
        ).as_dict()


# --- the minutes (Mẫu 1.9) ------------------------------------------------------------------------


def minutes_record(minutes) -> dict:
    """The parts of Mẫu 1.9 that come from the meeting's records, not from the text the
    secretary writes: start and end, place, who attended (substitutes named with the member
    they replace), who was absent and why, presiding person and secretary. The PDF prints them
    and the minutes pages show them, so the written text holds only the proceedings."""
    with translation.override(settings.LANGUAGE_CODE):
        meeting = minutes.meeting
        At = Invitation.Attendance
        presiding_user = minutes.presiding_signed_by or meeting.presiding
        secretary_user = minutes.secretary_signed_by or meeting.secretary
        participants, absent = [], []
        for inv in meeting.invitations.select_related("user", "user__organization").order_by(
            "kind", "user__full_name"
        ):
            if inv.user_id in (presiding_user.pk, getattr(secretary_user, "pk", None)):
                continue
            if inv.attendance == At.PRESENT:
                participants.append(Participant(person_line(inv.user)))
            elif inv.attendance == At.SUBSTITUTE_PRESENT:
                position = f", {inv.substitute_position}" if inv.substitute_position else ""
                participants.append(
                    Participant(f"{inv.substitute_name}{position}, dự thay {person_line(inv.user)}")
                )
            elif inv.attendance == At.ABSENT_APPROVED:
                given = inv.absence_reason.strip().rstrip(".;")
                reason = f" (lý do: {given})" if given else ""
                absent.append(Participant(f"{person_line(inv.user)}, vắng có lý do{reason}"))
            elif inv.attendance == At.ABSENT_UNEXCUSED:
                absent.append(Participant(f"{person_line(inv.user)}, vắng không có lý do"))
        start = timezone.localtime(meeting.start_at)
        end = timezone.localtime(meeting.end_at)
        if meeting.place:
            place = meeting.place + (" (kết hợp trực tuyến)" if meeting.online_link else "")
        else:
            place = "Trực tuyến"
        return {
            "started": f"{vn_time(start)}, {vn_date(start.date())}",
            "place": place,
            "participants": participants,
            "absent": absent,
            "presiding": person_line(presiding_user),
            "secretary": person_line(secretary_user) if secretary_user else "",
            "ended": f"{vn_time(end)}, {vn_date(end.date())}",
            "presiding_user": presiding_user,
            "secretary_user": secretary_user,
        }


def minutes_context(minutes) -> dict:
    """The minutes of a meeting (biên bản, Mẫu 1.9): no date line in the header; the template's
    labels in order; THƯ KÝ left, CHỦ TỌA right; Nơi nhận under THƯ KÝ.

    The number is the one given at the last signature; a draft prints a blank for it. An
    addendum is a biên bản of its own that names the minutes it corrects.
    """
    record = minutes_record(minutes)
    with translation.override(settings.LANGUAGE_CODE):
        meeting = minutes.meeting
        committee = meeting.committee
        presiding_user = record.pop("presiding_user")
        secretary_user = record.pop("secretary_user")
        meeting_name = str(meeting)
        corrects = minutes.addendum_to if minutes.addendum_to_id else None
        if corrects is not None:
            what = f"Biên bản {meeting_name}"
            if corrects.symbol:
                what = f"Biên bản số {corrects.symbol} về {meeting_name}"
            summary_text = f"Bổ sung biên bản {meeting_name}"
            addendum_intro = f"Bổ sung, đính chính {what} như sau:"
        else:
            summary_text, addendum_intro = meeting_name, ""
        presiding_post = ""
        if committee.print_signer_post:
            presiding_post = caps(presiding_user.position)
        return DocumentContext(
            kind="minutes",
            title=f"Biên bản {meeting_name}",
            header=build_header(
                parent_body=committee.parent_body,
                body_name=committee.name,
                number_line=number_line(minutes.number, DOC_TYPE_MINUTES, committee.short_code),
            ),
            doc_type="BIÊN BẢN",
            summary_lines=summary(summary_text),
            recipients=["Các thành viên dự họp", "Lưu: VT, Hồ sơ"],
            extra={
                **record,
                "addendum_intro": addendum_intro,
                "body": minutes_body(sanitize_minutes_html(minutes.body)),
                "secretary_signature": Signature(
                    lines=["THƯ KÝ"],
                    name=signer_name(secretary_user.display_name) if secretary_user else "",
                    # An empty post line keeps the two names level when CHỦ TỌA prints a post.
                    post="\u00a0" if presiding_post else "",
                ),
                "presiding_signature": Signature(
                    lines=["CHỦ TỌA"], name=signer_name(presiding_user.display_name), post=presiding_post
                ),
            },
        ).as_dict()


def in_sentence(meeting) -> str:
    """The meeting's name inside a sentence: a generated name ("Phiên họp thường kỳ quý I/2026")
    is a common noun and takes a small letter after "Dự"; a title is printed as typed. A working
    session without a title names its agencies ("buổi làm việc số 2/2026 với Sở Y tế"); `meeting`
    may be a historical version (its agencies do not change once it is filed)."""
    name = str(meeting)
    if meeting.title:
        return name
    name = name[:1].lower() + name[1:]
    if meeting.kind == Meeting.Kind.WORKING_SESSION:
        agencies = Organization.objects.filter(working_sessions__pk=meeting.pk).order_by("name")
        names = [org.name for org in agencies]
        if names:
            name = f"{name} với {', '.join(names)}"
    return name


def _agenda_line(item) -> str:
    presenter = f" ({item.presenter} trình bày)" if item.presenter_id else ""
    return f"{item.title}{presenter}"


def _as_signed(letter) -> tuple[Meeting, list[AgendaItem]]:
    """The meeting (its title, presiding person) and its agenda when `letter` was signed, read
    from their history; a meeting with no history from before then reads as it is now."""
    meeting = letter.meeting
    try:
        then = meeting.history.as_of(letter.signed_at)
    except Meeting.DoesNotExist:
        return meeting, list(meeting.agenda_items.select_related("presenter"))
    agenda = (
        AgendaItem.history.as_of(letter.signed_at)
        .filter(meeting_id=meeting.pk)
        .select_related("presenter")
        .order_by("order", "pk")
    )
    return then, list(agenda)


def invitation_context(letter, invitation=None) -> dict:
    """The invitation letter of a convened meeting (giấy mời, Mẫu 1.7): with `invitation`, the
    personal letter to that invitee; without, the general letter listing every invitee (the
    presiding person is named under "Chủ trì" instead)."""
    with translation.override(settings.LANGUAGE_CODE):
        meeting = letter.meeting
        # A convened meeting's title, presiding person and agenda may still be edited; a personal
        # letter first printed later carries this letter's number, so it says what was signed.
        signed, agenda = _as_signed(letter)
        committee = letter.committee
        start = timezone.localtime(letter.start_at)
        if invitation is not None:
            people = [invitation]
        else:
            people = list(
                meeting.invitations.exclude(user_id=signed.presiding_id).select_related(
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
            meeting_name=in_sentence(signed),
            invitees=[f"Đồng chí {person_line(p.user)}" for p in people],
            personal=personal,
            presiding=person_line(signed.presiding, with_org=False),
            start=letter.start_at,  # as signed, whatever the meeting's record says later
            place=meeting_place(letter.place, letter.online_link),
            agenda=[_agenda_line(item) for item in agenda],
            signature=committee_signature(
                committee=committee, signed_as=letter.signed_as, user=letter.signed_by
            ),
            replaces=replaces,
            asks_substitute=not (personal and invitation.kind == Invitation.Kind.GUEST),
        )
