"""Every written-consultation URL × the cast (issue #13, acceptance 2), in the style of
test_permission_matrix.py (whose every-URL check counts these rows): the standing member asks,
the secretary prepares; `member` (Sở KH&ĐT, with `focal`) and `member_b` (Sở Tài chính) answer.
Another committee's people and the guests get 404; a member cannot fetch another member's
answer file before the deadline."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import ConsultationAnswer, Invitation
from tests.meetings.test_permission_matrix import CAST, PDF, Row, World, _outcome, ok_for

HIDDEN = ("other_member", "guest", "guest_other")
SEES = ok_for("chair", "deputy", "standing", "member", "secretary", "focal", hidden=HIDDEN)

ROWS: dict[str, Row] = {
    "consultation-create": Row(
        "draft", kwargs="committee", expect=ok_for("chair", "deputy", "standing", "secretary", hidden=HIDDEN)
    ),
    "consultation-detail": Row("convened", expect=SEES),
    # A draft's details: those who prepare meetings (the secretariat, the chair, deputies, the
    # standing member).
    "consultation-edit": Row(
        "draft", expect=ok_for("chair", "deputy", "standing", "secretary", hidden=HIDDEN)
    ),
    # Sent by the person asking (the standing member), the chair or a deputy, or the secretariat.
    "consultation-send": Row(
        "draft", expect=ok_for("chair", "deputy", "standing", "secretary", hidden=HIDDEN)
    ),
    # `member`'s answer: the member, and the focal officer of the member's agency who prepares it.
    "consultation-answer": Row("convened", kwargs="answer", expect=ok_for("member", "focal", hidden=HIDDEN)),
    # member_b's file before the deadline: the person asking, the deciders and the secretariat;
    # not another member (nor another agency's focal officer), who may not know it is there.
    "consultation-answer-file": Row(
        "convened",
        kwargs="answer_b",
        expect=ok_for("chair", "deputy", "standing", "secretary", denied=404),
    ),
    "consultation-summary": Row("held", expect=ok_for("secretary", hidden=HIDDEN)),
}

AFTER_DEADLINE = datetime.timedelta(days=3, hours=1)


class ConsultationWorld(World):
    def __init__(self) -> None:
        super().__init__()
        u = self.users
        self.consultation = services.consultation_create(
            committee=self.committee,
            actor=u["secretary"],
            asked_by=u["standing"],
            matter="Dự thảo kế hoạch",
            questions=["Đồng ý với mục tiêu?"],
            deadline=timezone.now() + datetime.timedelta(days=3),
        )
        self.answer_inv = Invitation.objects.get(meeting=self.consultation, user=u["member"])
        self.answer_inv_b = Invitation.objects.get(meeting=self.consultation, user=u["member_b"])

    def consultation_in(self, state: str) -> None:
        u, m = self.users, self.consultation
        if state == "draft":
            return
        services.consultation_send(meeting=m, actor=u["standing"])
        services.consultation_answer_save(
            invitation=self.answer_inv_b,
            actor=u["member_b"],
            position=ConsultationAnswer.Position.DISAGREE,
            comments="Chưa đủ kinh phí",
            upload=SimpleUploadedFile("y-kien.pdf", PDF),
            send=True,
        )

    def consultation_in_held(self) -> None:
        """After the deadline (the caller moves the clock): the summary closes the answers."""
        services.consultation_summary_compile(meeting=self.consultation, actor=self.users["secretary"])

    def consultation_url(self, name: str, row: Row) -> str:
        kwargs = {
            "committee": {"committee_pk": self.committee.pk},
            "meeting": {"pk": self.consultation.pk},
            "answer": {"pk": self.consultation.pk, "invitation_pk": self.answer_inv.pk},
            "answer_b": {"pk": self.consultation.pk, "invitation_pk": self.answer_inv_b.pk},
        }[row.kwargs]
        return reverse(f"meetings:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_consultation_permission_matrix(client, db, settings, tmp_path, name):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    row = ROWS[name]
    world = ConsultationWorld()
    later = timezone.now() + AFTER_DEADLINE
    if row.state == "held":
        world.consultation_in("convened")
        clock = mock.patch("django.utils.timezone.now", return_value=later)
        clock.start()
        world.consultation_in_held()
    else:
        world.consultation_in(row.state)
        clock = None
    try:
        url = world.consultation_url(name, row)
        got = {}
        for who in CAST:
            client.logout()
            if who != "anonymous":
                client.force_login(world.users[who])
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            got[who] = _outcome(response)
    finally:
        if clock is not None:
            clock.stop()
    mismatches = {who: (got[who], row.expect[who]) for who in CAST if got[who] != row.expect[who]}
    assert not mismatches, f"{name}: who → (got, expected): {mismatches}"


def test_another_committee_s_people_get_404_on_a_consultation_s_answers(client, db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    world = ConsultationWorld()
    world.consultation_in("convened")
    client.force_login(world.users["other_member"])
    for kwargs in ("answer", "answer_b"):
        for name in ("consultation-answer", "consultation-answer-file"):
            assert client.get(world.consultation_url(name, Row("convened", kwargs=kwargs))).status_code == 404


def test_the_answer_file_opens_for_the_other_members_after_the_deadline(client, db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    world = ConsultationWorld()
    world.consultation_in("convened")
    url = world.consultation_url("consultation-answer-file", Row("convened", kwargs="answer_b"))
    client.force_login(world.users["member"])
    assert client.get(url).status_code == 404
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + AFTER_DEADLINE):
        client.force_login(world.users["member"])  # the session's idle limit has passed too
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("state", ["draft", "convened", "held"])
def test_no_meeting_page_fails_on_a_consultation(client, db, settings, tmp_path, state):
    """Every meetings URL that takes only the meeting, opened on a consultation by the people
    who act on it: a page, a redirect, a refusal or "not found" — never a server error."""
    from meetings import urls

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    world = ConsultationWorld()
    clock = None
    if state == "held":
        world.consultation_in("convened")
        clock = mock.patch("django.utils.timezone.now", return_value=timezone.now() + AFTER_DEADLINE)
        clock.start()
        world.consultation_in_held()
    else:
        world.consultation_in(state)
    try:
        names = [p.name for p in urls.urlpatterns if set(p.pattern.converters) == {"pk"}]
        assert "meeting-detail" in names and "conclusions-sign" in names
        for who in ("chair", "standing", "member", "secretary", "focal"):
            client.force_login(world.users[who])
            for name in names:
                url = reverse(f"meetings:{name}", kwargs={"pk": world.consultation.pk})
                with transaction.atomic():
                    got = client.get(url).status_code, client.post(url, {}).status_code
                    transaction.set_rollback(True)
                assert 500 not in got, (who, name, got)
    finally:
        if clock is not None:
            clock.stop()
