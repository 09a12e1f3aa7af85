"""Every meetings URL × the cast → the expected outcome (Điều 4, 6.5, 8; docs/domain.md's matrix).

Outcomes: "ok" (200, or a redirect that is not to the login page), "login" (302 to the login
page), 403 (sees the meeting but may not act), 404 (may not know it exists). A URL in
meetings/urls.py without a row here fails `test_every_meetings_url_has_a_row`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Invitation, Meeting, MeetingProposal
from members.models import RoleAssignment
from tests.meetings.clock import hold
from tests.members.factories import CommitteeFactory, OrganizationFactory, RoleAssignmentFactory, UserFactory

Role = RoleAssignment.Role
CAST = [
    "chair",
    "deputy",
    "standing",
    "member",
    "other_member",
    "secretary",
    "focal",
    "guest",
    "guest_other",
    "anonymous",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ok_for(
    *names: str, denied: int = 403, hidden: tuple[str, ...] = ("other_member", "guest_other")
) -> dict[str, object]:
    """Those named get "ok"; the outsiders named in `hidden` 404; anonymous goes to login;
    everyone else gets `denied`."""
    table: dict[str, object] = {}
    for who in CAST:
        if who == "anonymous":
            table[who] = "login"
        elif who in names:
            table[who] = "ok"
        elif who in hidden:
            table[who] = 404
        else:
            table[who] = denied
    return table


EVERYONE = ok_for(
    "chair", "deputy", "standing", "member", "other_member", "secretary", "focal", "guest", "guest_other"
)
SEES_MEETING = ok_for("chair", "deputy", "standing", "member", "secretary", "focal", "guest")
PREPARERS = ok_for("chair", "deputy", "standing", "secretary")
CONVENERS = ok_for("chair", "deputy")


@dataclass
class Row:
    state: str  # the meeting's status before the request (see World.meeting_in)
    method: str = "get"
    kwargs: str = "meeting"  # meeting | committee | invitation | guest_invitation | paper | agenda | minutes | comment | conclusion | proposal | token | none
    data: dict = field(default_factory=dict)
    expect: dict = field(default_factory=dict)


ROWS: dict[str, Row] = {
    "meeting-list": Row("convened", kwargs="none", expect=EVERYONE),
    "calendar-month": Row("convened", kwargs="none", expect=EVERYONE),
    "calendar-feed-settings": Row("convened", kwargs="none", expect=EVERYONE),
    # The token is the credential: whoever holds the URL reads that person's feed, no login.
    "calendar-feed": Row("convened", kwargs="token", expect={who: "ok" for who in CAST}),
    "meeting-create": Row(
        "draft",
        kwargs="committee",
        expect=ok_for(
            "chair", "deputy", "standing", "secretary", hidden=("other_member", "guest", "guest_other")
        ),
    ),
    "meeting-detail": Row("convened", expect=SEES_MEETING),
    "meeting-edit": Row("convened", expect=PREPARERS),
    "agenda-add": Row(
        "convened", "post", data={"title": "Mục bổ sung", "minutes_allowed": "15"}, expect=PREPARERS
    ),
    "agenda-delete": Row("convened", "post", kwargs="agenda", expect=PREPARERS),
    "agenda-edit": Row(
        "convened", "post", kwargs="agenda", data={"title": "Báo cáo tiến độ quý"}, expect=PREPARERS
    ),
    # The world's one item is already last: the move is refused with a message, for preparers only.
    "agenda-move": Row("convened", "post", kwargs="agenda", data={"direction": "down"}, expect=PREPARERS),
    "paper-upload": Row("convened", "post", data={"title": "Tài liệu bổ sung"}, expect=PREPARERS),
    "paper-download": Row("convened", kwargs="paper", expect=SEES_MEETING),
    "paper-edit": Row(
        "convened", "post", kwargs="paper", data={"title": "Báo cáo (bản sửa)"}, expect=PREPARERS
    ),
    # The world's one paper is alone in its list: the move is refused with a message, for preparers only.
    "paper-move": Row("convened", "post", kwargs="paper", data={"direction": "up"}, expect=PREPARERS),
    "invitees-edit": Row("convened", expect=PREPARERS),
    # The invitee page's forms, each posting to its own URL: whoever may open the page.
    "invitees-set": Row("convened", "post", expect=PREPARERS),
    "guest-add": Row("convened", "post", expect=PREPARERS),
    "guest-account-create": Row(
        "convened",
        "post",
        data={"account-full_name": "Trần Quốc Khánh", "account-email": "khanh.expert@example.vn"},
        expect=PREPARERS,
    ),
    "guest-remove": Row("convened", "post", kwargs="guest_invitation", expect=PREPARERS),
    "meeting-ics": Row("convened", expect=SEES_MEETING),
    "meeting-convene": Row("draft", "post", expect=CONVENERS),
    "meeting-postpone": Row("convened", "post", data="postpone", expect=CONVENERS),
    "meeting-cancel": Row("convened", "post", data={"reason": "Trùng lịch"}, expect=CONVENERS),
    # The chair presides: not asked to answer (issue #9).
    "invitation-respond": Row(
        "convened", expect=ok_for("deputy", "standing", "member", "secretary", "guest")
    ),
    "opinion-download": Row("convened", kwargs="opinion", expect=ok_for("chair", "deputy", "secretary")),
    "absence-decide": Row(
        "convened", "post", kwargs="invitation", data={"decision": "approve"}, expect=ok_for("chair")
    ),
    "meeting-roll": Row("convened", expect=ok_for("chair", "deputy", "secretary")),
    "attendance-record": Row("convened", expect=ok_for("secretary")),
    # Draft minutes: only the secretariat, the presiding person, the chair and the deputy know them.
    "minutes-detail": Row("minutes_drafted", expect=ok_for("chair", "deputy", "secretary", denied=404)),
    "minutes-edit": Row("minutes_drafted", expect=ok_for("secretary")),
    "minutes-open-review": Row("minutes_drafted", "post", expect=ok_for("secretary")),
    "minutes-comment": Row(
        "in_review",
        "post",
        data={"body": "Đề nghị bổ sung ý kiến của Sở."},
        expect=ok_for("chair", "deputy", "standing", "member", "secretary"),
    ),
    # The presiding person (here the chair) ends the comment window early; the support group
    # answers a comment (here the member's).
    "minutes-review-close": Row("in_review", "post", expect=ok_for("chair")),
    "minutes-comment-answer": Row(
        "in_review", "post", kwargs="comment", data="answer", expect=ok_for("secretary")
    ),
    "minutes-sign": Row("minutes_drafted", "post", expect=ok_for("chair", "deputy", "secretary")),
    "minutes-addendum": Row("minutes_signed", expect=ok_for("secretary")),
    "conclusions-edit": Row(
        "minutes_signed", expect=ok_for("chair", "deputy", "standing", "secretary", denied=404)
    ),
    "conclusion-delete": Row(
        "minutes_signed", "post", kwargs="conclusion", expect=ok_for("standing", "secretary")
    ),
    "conclusion-edit": Row(
        "minutes_signed",
        "post",
        kwargs="conclusion",
        data={"text": "Giao Sở TT&TT hoàn thành IOC trong quý."},
        expect=ok_for("standing", "secretary"),
    ),
    "conclusion-move": Row(
        "minutes_signed",
        "post",
        kwargs="conclusion",
        data={"direction": "up"},
        expect=ok_for("standing", "secretary"),
    ),
    "conclusions-sign": Row("minutes_signed", "post", expect=ok_for("chair", "deputy")),
    "notice-detail": Row(
        "notice_issued",
        expect=ok_for("chair", "deputy", "standing", "member", "secretary", "focal", denied=404),
    ),
    "notice-pdf": Row(
        "notice_issued",
        expect=ok_for("chair", "deputy", "standing", "member", "secretary", "focal", denied=404),
    ),
    "minutes-pdf": Row("minutes_drafted", expect=ok_for("chair", "deputy", "secretary", denied=404)),
    # One biên bản by its record (the minutes or an addendum): signed, every committee member;
    # the meeting's guests and other committees get 404.
    "minutes-document-pdf": Row(
        "minutes_signed",
        kwargs="minutes",
        expect=ok_for("chair", "deputy", "standing", "member", "secretary", "focal", denied=404),
    ),
    # The invitation letter: whoever sees the meeting's papers; a personal letter (here the
    # member's): that invitee and those who prepare the meeting, 404 for everyone else.
    "invitation-pdf": Row("convened", expect=SEES_MEETING),
    "personal-invitation-pdf": Row(
        "convened",
        kwargs="invitation",
        expect=ok_for("chair", "deputy", "standing", "member", "secretary", denied=404),
    ),
    "meeting-history": Row("convened", expect=ok_for("chair", "deputy", "secretary")),
    "proposal-list": Row(
        "convened",
        kwargs="committee",
        expect=ok_for(
            "chair", "deputy", "standing", "secretary", hidden=("other_member", "guest", "guest_other")
        ),
    ),
    "proposal-decide": Row(
        "convened",
        "post",
        kwargs="proposal",
        data={"decision": "decline"},
        expect=ok_for("chair", "deputy", hidden=("other_member", "guest", "guest_other")),
    ),
}


class World:
    """One committee with the cast, an extended meeting the guest is invited to, and a second
    committee whose extended meeting has its own guest."""

    def __init__(self) -> None:
        self.org_ubnd = OrganizationFactory(short_code="UBND-M")
        self.org_a = OrganizationFactory(short_code="SKHDT-M")
        self.org_b = OrganizationFactory(short_code="STC-M")
        self.committee = CommitteeFactory(short_code="BCĐM")
        self.other_committee = CommitteeFactory(short_code="BCĐN")
        self.users = {}
        for name, role, org in [
            ("chair", Role.CHAIR, self.org_ubnd),
            ("deputy", Role.DEPUTY, self.org_ubnd),
            ("standing", Role.STANDING_MEMBER, self.org_a),
            ("member", Role.MEMBER, self.org_a),
            ("member_b", Role.MEMBER, self.org_b),
            ("secretary", Role.SECRETARIAT, self.org_a),
            ("focal", Role.FOCAL_OFFICER, self.org_a),
        ]:
            user = UserFactory(username=f"m_{name}", organization=org)
            RoleAssignmentFactory(
                user=user,
                committee=self.committee,
                role=role,
                organization=org,
                start_date=datetime.date(2024, 1, 1),
            )
            self.users[name] = user
        other_chair = UserFactory(username="m_other_chair")
        RoleAssignmentFactory(
            user=other_chair, committee=self.other_committee, role=Role.CHAIR, organization=self.org_ubnd
        )
        self.users["other_member"] = UserFactory(username="m_other_member", organization=self.org_b)
        RoleAssignmentFactory(
            user=self.users["other_member"],
            committee=self.other_committee,
            role=Role.MEMBER,
            organization=self.org_b,
        )
        self.users["guest"] = UserFactory(username="m_guest")
        self.users["guest_other"] = UserFactory(username="m_guest_other")
        start = timezone.now() + datetime.timedelta(days=5)
        other_meeting = services.meeting_create(
            committee=self.other_committee,
            actor=other_chair,
            kind=Meeting.Kind.EXTENDED,
            start_at=start,
            end_at=start + datetime.timedelta(hours=2),
        )
        services.guest_invite(meeting=other_meeting, actor=other_chair, user=self.users["guest_other"])
        u = self.users
        self.meeting = services.meeting_create(
            committee=self.committee,
            actor=u["secretary"],
            kind=Meeting.Kind.EXTENDED,
            start_at=start,
            end_at=start + datetime.timedelta(hours=2),
            place="Phòng họp số 1",
        )
        self.guest_invitation = services.guest_invite(
            meeting=self.meeting, actor=u["secretary"], user=u["guest"]
        )
        self.agenda = services.agenda_item_add(
            meeting=self.meeting, actor=u["secretary"], title="Báo cáo tiến độ"
        )
        self.paper = services.paper_add(
            meeting=self.meeting,
            actor=u["secretary"],
            upload=SimpleUploadedFile("bao-cao.pdf", PDF),
            agenda_item=self.agenda,
        )
        self.proposal = MeetingProposal.objects.create(
            committee=self.committee, proposed_by=u["standing"], reason="Sự cố an toàn thông tin"
        )
        self.token = services.calendar_token_rotate(user=u["chair"]).token

    def meeting_in(self, state: str) -> None:
        u, m = self.users, self.meeting
        if state == "draft":
            return
        services.meeting_convene(meeting=m, actor=u["chair"])
        inv_member = Invitation.objects.get(meeting=m, user=u["member"])
        services.invitation_respond(
            invitation=inv_member, actor=u["member"], response="absent", absence_reason="Đi công tác"
        )
        inv_b = Invitation.objects.get(meeting=m, user=u["member_b"])
        services.invitation_respond(
            invitation=inv_b,
            actor=u["member_b"],
            response="substitute",
            substitute_name="Nguyễn Thị Vân",
            written_opinion="Thống nhất.",
            written_opinion_file=SimpleUploadedFile("y-kien.pdf", PDF),
        )
        self.invitation = inv_member
        self.substitute_invitation = inv_b
        if state == "convened":
            return
        hold(m, u["secretary"])
        minutes = services.minutes_start(meeting=m, actor=u["secretary"])
        self.minutes = minutes
        if state == "minutes_drafted":
            return
        if state == "in_review":
            services.minutes_open_review(minutes=minutes, actor=u["secretary"])
            self.comment = services.minutes_comment_add(
                minutes=minutes, actor=u["member"], body="Đề nghị ghi rõ thời hạn."
            )
            return
        services.minutes_sign(minutes=minutes, actor=u["secretary"])
        services.minutes_sign(minutes=minutes, actor=u["chair"])
        self.conclusion = services.conclusion_add(
            meeting=m, actor=u["secretary"], text="Giao Sở TT&TT hoàn thành IOC."
        )
        if state == "minutes_signed":
            return
        services.conclusions_sign(meeting=m, actor=u["chair"])

    def url(self, name: str, row: Row) -> str:
        kwargs = {
            "none": {},
            "meeting": {"pk": self.meeting.pk},
            "committee": {"committee_pk": self.committee.pk},
            "token": {"token": self.token},
            "proposal": {"proposal_pk": self.proposal.pk},
            "paper": {"pk": self.meeting.pk, "paper_pk": self.paper.pk},
            "agenda": {"pk": self.meeting.pk, "item_pk": self.agenda.pk},
            "invitation": {
                "pk": self.meeting.pk,
                "invitation_pk": getattr(self, "invitation", None) and self.invitation.pk,
            },
            "guest_invitation": {"pk": self.meeting.pk, "invitation_pk": self.guest_invitation.pk},
            "opinion": {
                "pk": self.meeting.pk,
                "invitation_pk": getattr(self, "substitute_invitation", None)
                and self.substitute_invitation.pk,
            },
            "minutes": {
                "pk": self.meeting.pk,
                "minutes_pk": getattr(self, "minutes", None) and self.minutes.pk,
            },
            "comment": {
                "pk": self.meeting.pk,
                "comment_pk": getattr(self, "comment", None) and self.comment.pk,
            },
            "conclusion": {
                "pk": self.meeting.pk,
                "conclusion_pk": getattr(self, "conclusion", None) and self.conclusion.pk,
            },
        }[row.kwargs]
        return reverse(f"meetings:{name}", kwargs=kwargs)


def _outcome(response) -> object:
    if response.status_code in (200, 409):
        return "ok"
    if response.status_code == 302:
        return "login" if reverse("login") in response["Location"] else "ok"
    return response.status_code


def test_every_meetings_url_has_a_row():
    from meetings import urls
    from tests.meetings.test_consultation_matrix import ROWS as CONSULTATION_ROWS  # noqa: PLC0415 — that module imports this one

    assert {p.name for p in urls.urlpatterns} == set(ROWS) | set(CONSULTATION_ROWS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_permission_matrix(client, db, settings, tmp_path, name):
    """One world per URL; each cast member's request runs in a transaction rolled back after it,
    so a POST by one person does not change what the next one meets."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    row = ROWS[name]
    world = World()
    world.meeting_in(row.state)
    url = world.url(name, row)
    data = row.data
    if data == "postpone":
        new = timezone.localtime(world.meeting.start_at + datetime.timedelta(days=7))
        data = {
            "start_at": new.strftime("%Y-%m-%dT%H:%M"),
            "end_at": (new + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Trùng lịch",
        }
    if data == "answer":
        data = {f"answer-{world.comment.pk}-answer": "taken", f"answer-{world.comment.pk}-note": ""}
    got = {}
    for who in CAST:
        client.logout()
        if who != "anonymous":
            client.force_login(world.users[who])
        payload = dict(data)
        if name == "paper-upload":
            payload["file"] = SimpleUploadedFile("them.pdf", PDF)
        with transaction.atomic():
            response = client.post(url, payload) if row.method == "post" else client.get(url)
            transaction.set_rollback(True)
        got[who] = _outcome(response)
    mismatches = {who: (got[who], row.expect[who]) for who in CAST if got[who] != row.expect[who]}
    assert not mismatches, f"{name}: who → (got, expected): {mismatches}"
