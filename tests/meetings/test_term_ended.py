"""A member whose term has ended and who follows an old link to a meeting of that committee is
told so, when, and whom to contact; nothing of the meeting is shown. Everyone else without access
still gets the 404 that reveals nothing (issue #9, item 10)."""

from __future__ import annotations

import datetime

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from members.models import RoleAssignment
from members.services import role_assignment_create, role_assignment_end, role_assignment_end_and_start
from tests.members.factories import RoleAssignmentFactory, UserFactory
from tests.test_i18n import _english_left_on

Role = RoleAssignment.Role
TITLE = "Họp chuyên đề về chuyển đổi số ngành y tế"
PLACE = "Phòng họp số 7, Sở Y tế"


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def meeting(meeting_cast):
    return meeting_cast.new_meeting(title=TITLE, place=PLACE)


@pytest.fixture
def lead(meeting_cast):
    """The support group's leader: the person a former member should contact."""
    user = UserFactory(
        username="secretary_lead",
        full_name="Đặng Quốc Bảo",
        position="Phó Giám đốc Sở TT&TT",
        email="bao.dq@tayninh.gov.vn",
        phone="0276 3822 999",
        organization=meeting_cast.org_a,
    )
    role_assignment_create(
        user=user,
        committee=meeting_cast.committee,
        role=Role.SECRETARIAT_LEAD,
        organization=meeting_cast.org_a,
        start_date=datetime.date(2024, 1, 1),
    )
    return user


def end_member_term(meeting_cast, on: datetime.date | None = None) -> datetime.date:
    a = RoleAssignment.objects.get(
        user=meeting_cast.member, committee=meeting_cast.committee, role=Role.MEMBER
    )
    role_assignment_end(assignment=a, end_date=on or yesterday())
    return on or yesterday()


def detail_url(meeting) -> str:
    return reverse("meetings:meeting-detail", kwargs={"pk": meeting.pk})


def test_meeting_link_tells_a_former_member_their_term_ended_and_whom_to_contact(
    client, meeting_cast, meeting, lead
):
    ended_on = end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    r = client.get(detail_url(meeting))
    assert r.status_code == 403
    page = r.content.decode()
    assert "Nhiệm kỳ của bạn đã kết thúc" in page
    assert meeting_cast.committee.name in page
    assert ended_on.strftime("%d/%m/%Y") in page
    assert "Đặng Quốc Bảo" in page and "Tổ trưởng Tổ giúp việc" in page
    assert 'href="mailto:bao.dq@tayninh.gov.vn"' in page and "0276 3822 999" in page
    assert meeting_cast.secretary.full_name not in page  # the leader is named, not every secretary


def test_meeting_link_shows_a_former_member_nothing_of_the_meeting(client, meeting_cast, meeting, lead):
    end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    page = client.get(detail_url(meeting)).content.decode()
    for content in (TITLE, PLACE, str(meeting.numbered_name), meeting.start_at.strftime("%d/%m/%Y")):
        assert content not in page


def test_meeting_link_names_the_support_group_members_when_it_has_no_leader(client, meeting_cast, meeting):
    end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    page = client.get(detail_url(meeting)).content.decode()
    assert meeting_cast.secretary.full_name in page and meeting_cast.secretary2.full_name in page


def test_term_ended_page_is_vietnamese(client, meeting_cast, meeting, lead):
    end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    page = client.get(detail_url(meeting)).content.decode()
    assert 'lang="vi"' in page
    vi = polib.pofile(str(settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    assert _english_left_on(page, vi) == set()


@pytest.mark.parametrize("name", ["meeting-detail", "meeting-ics", "invitation-respond", "meeting-roll"])
def test_every_meeting_link_tells_a_former_member_their_term_ended(client, meeting_cast, meeting, name):
    end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    r = client.get(reverse(f"meetings:{name}", kwargs={"pk": meeting.pk}))
    assert r.status_code == 403
    assert "Nhiệm kỳ của bạn đã kết thúc" in r.content.decode()


def test_meeting_link_names_the_latest_end_when_a_person_held_several_terms(client, meeting_cast, meeting):
    RoleAssignmentFactory(
        user=meeting_cast.member,
        committee=meeting_cast.committee,
        role=Role.FOCAL_OFFICER,
        organization=meeting_cast.org_a,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    ended_on = end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    page = client.get(detail_url(meeting)).content.decode()
    assert ended_on.strftime("%d/%m/%Y") in page and "31/12/2023" not in page


def test_meeting_link_still_opens_for_a_former_member_who_holds_a_new_role_in_force(
    client, meeting_cast, meeting
):
    a = RoleAssignment.objects.get(user=meeting_cast.member, committee=meeting_cast.committee)
    role_assignment_end_and_start(
        assignment=a,
        end_date=yesterday() - datetime.timedelta(days=1),
        role=Role.DEPUTY,
        organization=meeting_cast.org_a,
        decision_number="77/QĐ-UBND",
        decision_date=yesterday(),
    )
    client.force_login(meeting_cast.member)
    assert client.get(detail_url(meeting)).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "other_member", "guest_other", "admin"])
def test_meeting_link_is_404_for_people_who_never_held_a_role_in_the_committee(
    client, meeting_cast, meeting, who
):
    client.force_login(getattr(meeting_cast, who))
    r = client.get(detail_url(meeting))
    assert r.status_code == 404
    assert "Nhiệm kỳ của bạn đã kết thúc" not in r.content.decode()


def test_meeting_link_is_404_for_a_person_whose_term_has_not_started(client, meeting_cast, meeting):
    newcomer = UserFactory(username="newcomer", organization=meeting_cast.org_b)
    RoleAssignmentFactory(
        user=newcomer,
        committee=meeting_cast.committee,
        role=Role.MEMBER,
        organization=meeting_cast.org_b,
        start_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    client.force_login(newcomer)
    assert client.get(detail_url(meeting)).status_code == 404


def test_meeting_link_of_another_committee_is_404_for_a_former_member(client, meeting_cast):
    other_meeting = meeting_cast.other_extended
    end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    assert client.get(detail_url(other_meeting)).status_code == 404


def test_unknown_meeting_is_404_for_a_former_member(client, meeting_cast):
    end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    assert client.get(reverse("meetings:meeting-detail", kwargs={"pk": 999999})).status_code == 404


def test_other_refusals_keep_the_plain_403_page(client, meeting_cast, meeting):
    client.force_login(meeting_cast.member)
    r = client.post(reverse("meetings:meeting-convene", kwargs={"pk": meeting.pk}))
    assert r.status_code == 403
    page = r.content.decode()
    assert "Nhiệm kỳ của bạn đã kết thúc" not in page


def test_meeting_link_points_a_former_member_to_the_administrator_when_the_support_group_is_empty(
    client, meeting_cast, meeting
):
    for secretary in (meeting_cast.secretary, meeting_cast.secretary2):
        a = RoleAssignment.objects.get(user=secretary, committee=meeting_cast.committee)
        role_assignment_end(assignment=a, end_date=yesterday())
    end_member_term(meeting_cast)
    client.force_login(meeting_cast.member)
    page = client.get(detail_url(meeting)).content.decode()
    assert "quản trị viên cổng thông tin" in page
    assert meeting_cast.secretary.full_name not in page
