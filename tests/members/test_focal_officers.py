"""An agency's member names and removes its focal officers from the portal (Điều 9.3): only for
their own agency, in that committee; the person is told; the history says who did what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from members import permissions, services
from members.errors import DomainError
from members.models import CommitteeUserObjectPermission, Notification, RoleAssignment
from members.selectors import notification_list_for_user
from tasks import services as task_services
from tests.members.factories import RoleAssignmentFactory, UserFactory

Role = RoleAssignment.Role


def vi(msgid: str, **params) -> str:
    with override("vi"):
        text = gettext(msgid)
    return text % params if params else text


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def page_url(committee) -> str:
    return reverse("members:focal-officers", kwargs={"committee_pk": committee.pk})


def remove_url(assignment) -> str:
    return reverse(
        "members:focal-officer-remove", kwargs={"committee_pk": assignment.committee_id, "pk": assignment.pk}
    )


@pytest.fixture
def staff_a(cast):
    """Someone of the member's agency (org_a) with an account and no role yet."""
    return UserFactory(username="staff_a", full_name="Phạm Thị Đầu Mối", organization=cast.org_a)


def name(cast, user, **kwargs) -> RoleAssignment:
    return services.focal_officer_name(
        committee=cast.committee,
        actor=kwargs.pop("actor", cast.member),
        user=user,
        start_date=kwargs.pop("start_date", today()),
        **kwargs,
    )


def focal_assignment(cast) -> RoleAssignment:
    return RoleAssignment.objects.get(user=cast.focal, committee=cast.committee, role=Role.FOCAL_OFFICER)


def perms_of(user, committee) -> set[str]:
    return set(
        CommitteeUserObjectPermission.objects.filter(user=user, content_object=committee).values_list(
            "permission__codename", flat=True
        )
    )


# --- naming (the service) --------------------------------------------------------------------------


def test_focal_officer_name_appoints_the_person_for_the_agency_and_records_who_named_them(cast, staff_a):
    assignment = name(cast, staff_a, decision_number="15/QĐ-SKHĐT", decision_date=days(-2))

    assert (assignment.role, assignment.organization, assignment.start_date) == (
        Role.FOCAL_OFFICER,
        cast.org_a,
        today(),
    )
    assert assignment.decision_number == "15/QĐ-SKHĐT"
    first = assignment.history.earliest()
    assert (first.history_user, first.history_change_reason) == (cast.member, "appointed")


def test_focal_officer_name_tells_the_person_in_their_language(cast, staff_a):
    name(cast, staff_a, start_date=days(3))

    note = Notification.objects.get(user=staff_a, kind="members.focal_officer_named")
    with override("vi"):
        text = notification_list_for_user(staff_a)[0].text
    assert text == vi(
        "You are named focal officer of %(agency)s in %(committee)s from %(start)s: you update "
        "the progress of the work assigned to your agency.",
        agency=cast.org_a.name,
        committee=cast.committee.short_code,
        start=days(3).strftime("%d/%m/%Y"),
    )
    assert note.url == cast.committee.get_absolute_url()


def test_named_focal_officer_posts_progress_on_the_agency_directive_right_away(cast, staff_a):
    directive = task_services.directive_create(
        committee=cast.committee,
        actor=cast.chair,
        title="Rà soát hạ tầng",
        lead_organization=cast.org_a,
        reference_number="12/TB-UBND",
        reference_date=today(),
        deadline=days(30),
    )
    name(cast, staff_a)
    staff_a = type(staff_a).objects.get(pk=staff_a.pk)  # a fresh request: no cached rights

    event = task_services.progress_post(directive=directive, actor=staff_a, text="Đã khảo sát", percent=20)

    assert event.pk is not None
    assert "report_progress" in perms_of(staff_a, cast.committee)


def test_focal_officer_starting_later_gets_no_rights_before_the_first_day(cast, staff_a):
    name(cast, staff_a, start_date=days(5))
    assert perms_of(staff_a, cast.committee) == set()


@pytest.mark.parametrize("who", ["chair", "deputy", "standing", "secretary", "focal"])
def test_focal_officer_name_is_refused_to_anyone_but_a_member(cast, staff_a, who):
    with pytest.raises(PermissionDenied):
        name(cast, staff_a, actor=getattr(cast, who))
    assert not RoleAssignment.objects.filter(user=staff_a).exists()


def test_focal_officer_name_is_refused_for_a_person_of_another_agency(cast):
    staff_b = UserFactory(username="staff_b", organization=cast.org_b)
    with pytest.raises(PermissionDenied):
        name(cast, staff_b, actor=cast.member)  # member represents org_a only


def test_member_of_committee_b_cannot_name_in_committee_a(cast):
    staff_b = UserFactory(username="staff_b", organization=cast.org_b)
    with pytest.raises(PermissionDenied):
        name(cast, staff_b, actor=cast.other_member)


def test_focal_officer_name_is_refused_to_a_member_whose_term_ended(cast, staff_a):
    term = RoleAssignment.objects.get(user=cast.member, committee=cast.committee)
    services.role_assignment_end(assignment=term, end_date=days(-1))
    member = type(cast.member).objects.get(pk=cast.member.pk)
    with pytest.raises(PermissionDenied):
        name(cast, staff_a, actor=member)


def test_focal_officer_name_refuses_the_member_themselves(cast):
    with pytest.raises(ValidationError) as refused:
        name(cast, cast.member)
    assert refused.value.message_dict == {
        "user": [vi("You represent the agency yourself: name another person of it.")]
    }


def test_focal_officer_name_refuses_someone_already_focal_officer_there(cast):
    with pytest.raises(ValidationError) as refused:
        name(cast, cast.focal)
    assert refused.value.message_dict["user"] == [
        vi(
            "%(person)s is already a focal officer of the agency, from %(date)s.",
            person=cast.focal,
            date="01/01/2024",
        )
    ]


def test_focal_officer_name_refuses_a_disabled_account(cast, staff_a):
    staff_a.is_active = False
    staff_a.save()
    with pytest.raises(ValidationError) as refused:
        name(cast, staff_a)
    assert refused.value.message_dict == {
        "user": [vi("This person's account is disabled: they cannot be named.")]
    }


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (-1, "The term cannot start before today."),
        (366, "The term starts within a year: on %(date)s at the latest."),
    ],
)
def test_focal_officer_name_refuses_a_start_in_the_past_or_beyond_a_year(cast, staff_a, start, message):
    with pytest.raises(ValidationError) as refused:
        name(cast, staff_a, start_date=days(start))
    expected = vi(message, date=days(365).strftime("%d/%m/%Y")) if "%(date)s" in message else vi(message)
    assert refused.value.message_dict == {"start_date": [expected]}


def test_focal_officer_name_accepts_a_start_exactly_a_year_ahead(cast, staff_a):
    assert name(cast, staff_a, start_date=days(365)).start_date == days(365)


def test_focal_officer_name_refuses_a_decision_dated_after_today(cast, staff_a):
    with pytest.raises(ValidationError) as refused:
        name(cast, staff_a, decision_number="15/QĐ", decision_date=days(1))
    assert refused.value.message_dict == {"decision_date": [vi("The decision cannot be dated after today.")]}


# --- removing (the service) ------------------------------------------------------------------------


def test_focal_officer_remove_ends_the_term_today_records_who_and_tells_the_person(cast):
    ended = services.focal_officer_remove(assignment=focal_assignment(cast), actor=cast.member)

    assert ended.end_date == today()
    last = ended.history.latest()
    assert (last.history_user, last.history_change_reason) == (cast.member, "term ended")
    note = Notification.objects.get(user=cast.focal, kind="members.focal_officer_removed")
    assert note.params["end"] == today().isoformat()


def test_removed_focal_officer_loses_progress_rights_after_today(cast):
    services.focal_officer_remove(assignment=focal_assignment(cast), actor=cast.member)
    assert "report_progress" in perms_of(cast.focal, cast.committee)  # the term includes today

    permissions.reconcile_all(on=days(1))  # the daily sweep, tomorrow

    assert perms_of(cast.focal, cast.committee) == set()


def test_focal_officer_remove_withdraws_a_term_not_started_yet_keeping_its_history(cast, staff_a):
    assignment = name(cast, staff_a, start_date=days(10))

    assert services.focal_officer_remove(assignment=assignment, actor=cast.member) is None

    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    gone = RoleAssignment.history.filter(id=assignment.pk).latest()
    assert (gone.history_type, gone.history_user) == ("-", cast.member)
    assert Notification.objects.filter(user=staff_a, kind="members.focal_officer_withdrawn").exists()


def test_focal_officer_remove_is_refused_for_another_agency_officer(cast):
    with pytest.raises(PermissionDenied):
        services.focal_officer_remove(assignment=focal_assignment(cast), actor=cast.member_other_agency)
    assert focal_assignment(cast).end_date is None


def test_focal_officer_remove_refuses_any_other_role(cast):
    secretary = RoleAssignment.objects.get(user=cast.secretary, committee=cast.committee)
    with pytest.raises(PermissionDenied):
        services.focal_officer_remove(assignment=secretary, actor=cast.member)


def test_focal_officer_remove_twice_says_the_term_already_ends(cast):
    services.focal_officer_remove(assignment=focal_assignment(cast), actor=cast.member)
    with pytest.raises(DomainError) as refused:
        services.focal_officer_remove(assignment=focal_assignment(cast), actor=cast.member)
    assert refused.value.message == vi(
        "%(person)s's term as focal officer already ends on %(date)s.",
        person=cast.focal,
        date=today().strftime("%d/%m/%Y"),
    )


# --- the page --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 200),
        ("member_other_agency", 200),
        ("chair", 403),
        ("deputy", 403),
        ("standing", 403),
        ("secretary", 403),
        ("focal", 403),
        ("other_member", 404),
        ("guest", 404),
        ("outsider", 404),
        ("admin", 404),
    ],
)
def test_focal_officers_page_is_the_members_only(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(page_url(cast.committee)).status_code == status


def test_focal_officers_page_lists_own_agency_officers_current_and_former_with_terms(client, cast, staff_a):
    former = UserFactory(username="former_a", full_name="Lê Văn Cũ", organization=cast.org_a)
    RoleAssignmentFactory(
        user=former,
        committee=cast.committee,
        role=Role.FOCAL_OFFICER,
        organization=cast.org_a,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    staff_b = UserFactory(username="staff_b", full_name="Đỗ Thị Sở Khác", organization=cast.org_b)
    name(cast, staff_b, actor=cast.member_other_agency)
    client.force_login(cast.member)

    page = client.get(page_url(cast.committee)).content.decode()

    current, rest = page.split(vi("Former focal officers"), 1)
    assert cast.focal.full_name in current
    assert "Lê Văn Cũ" in rest
    assert "01/01/2023 – 31/12/2023" in rest
    assert "Đỗ Thị Sở Khác" not in page  # another agency's officer
    assert f'value="{staff_a.pk}"' in page  # offered to be named
    assert f'value="{cast.member.pk}"' not in page  # not the member themselves
    assert f'value="{cast.focal.pk}"' not in page  # already a focal officer


def test_focal_officers_page_says_who_named_and_who_ended_each_term(client, cast, staff_a):
    services.role_assignment_end(assignment=focal_assignment(cast), end_date=days(-1), actor=cast.admin)
    named = name(cast, staff_a)
    client.force_login(cast.member)

    page = client.get(page_url(cast.committee)).content.decode()

    current_row = page.split(f'id="focal-officer-{named.pk}"', 1)[1].split("</tr>", 1)[0]
    assert cast.member.full_name in current_row  # named by
    former = page.split(vi("Former focal officers"), 1)[1]
    former_row = former.split(cast.focal.full_name, 1)[1].split("</tr>", 1)[0]
    assert cast.admin.display_name in former_row  # ended by


def test_focal_officer_removed_today_is_listed_until_tomorrow_without_a_second_remove(client, cast):
    assignment = focal_assignment(cast)
    services.focal_officer_remove(assignment=assignment, actor=cast.member)
    client.force_login(cast.member)

    page = client.get(page_url(cast.committee)).content.decode()

    row = page.split(f'id="focal-officer-{assignment.pk}"', 1)[1].split("</tr>", 1)[0]
    assert f"01/01/2024 – {today():%d/%m/%Y}" in row
    assert remove_url(assignment) not in page


def test_focal_officers_page_reads_a_fixed_number_of_queries(client, cast):
    def page_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page_url(cast.committee)).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(cast.member)
    name(cast, UserFactory(username="staff_first", organization=cast.org_a))
    few = page_queries()
    for i in range(5):
        name(cast, UserFactory(username=f"staff_{i}", organization=cast.org_a))
        RoleAssignmentFactory(
            user=UserFactory(username=f"old_{i}", organization=cast.org_a),
            committee=cast.committee,
            role=Role.FOCAL_OFFICER,
            organization=cast.org_a,
            end_date=datetime.date(2024, 6, 30),
        )

    assert page_queries() == few <= 12


def test_naming_through_the_page_appoints_and_returns_with_a_message(client, cast, staff_a):
    client.force_login(cast.member)

    r = client.post(
        page_url(cast.committee),
        {"user": staff_a.pk, "start_date": today().isoformat(), "decision_number": "15/QĐ-SKHĐT"},
        follow=True,
    )

    assert r.redirect_chain == [(page_url(cast.committee), 302)]
    assignment = RoleAssignment.objects.get(user=staff_a, committee=cast.committee)
    assert (assignment.role, assignment.decision_number) == (Role.FOCAL_OFFICER, "15/QĐ-SKHĐT")
    assert (
        vi(
            "%(person)s is named focal officer from %(date)s and is told.",
            person=staff_a,
            date=today().strftime("%d/%m/%Y"),
        )
        in r.content.decode()
    )


def test_naming_through_the_page_keeps_what_was_typed_with_the_message_on_the_date(client, cast, staff_a):
    client.force_login(cast.member)

    r = client.post(
        page_url(cast.committee),
        {"user": staff_a.pk, "start_date": days(-3).isoformat(), "decision_number": "15/QĐ-SKHĐT"},
    )

    assert r.status_code == 200
    page = r.content.decode()
    assert vi("The term cannot start before today.") in page
    assert 'value="15/QĐ-SKHĐT"' in page
    assert f'value="{days(-3).isoformat()}"' in page
    assert not RoleAssignment.objects.filter(user=staff_a).exists()


def test_naming_a_person_of_another_agency_through_the_page_is_refused_by_the_form(client, cast):
    staff_b = UserFactory(username="staff_b", organization=cast.org_b)
    client.force_login(cast.member)

    r = client.post(page_url(cast.committee), {"user": staff_b.pk, "start_date": today().isoformat()})

    assert r.status_code == 200
    assert not RoleAssignment.objects.filter(user=staff_b).exists()


def test_removing_through_the_page_asks_first_then_ends_the_term(client, cast):
    client.force_login(cast.member)
    assignment = focal_assignment(cast)

    page = client.get(page_url(cast.committee)).content.decode()
    assert f'action="{remove_url(assignment)}"' in page.split("<details", 1)[1].split("</details>", 1)[0]

    r = client.post(remove_url(assignment), follow=True)

    assert r.redirect_chain == [(page_url(cast.committee), 302)]
    assert focal_assignment(cast).end_date == today()
    assert (
        vi("%(person)s is no longer a focal officer after today; they are told.", person=cast.focal)
        in r.content.decode()
    )


def test_removing_another_agency_officer_through_the_page_is_403(client, cast):
    client.force_login(cast.member_other_agency)
    assert client.post(remove_url(focal_assignment(cast))).status_code == 403
    assert focal_assignment(cast).end_date is None


def test_removing_through_the_page_is_404_for_an_assignment_that_is_no_focal_officer(client, cast):
    secretary = RoleAssignment.objects.get(user=cast.secretary, committee=cast.committee)
    client.force_login(cast.member)
    assert client.post(remove_url(secretary)).status_code == 404


def test_removing_is_post_only(client, cast):
    client.force_login(cast.member)
    assert client.get(remove_url(focal_assignment(cast))).status_code == 405


def test_committee_page_links_the_members_to_their_focal_officers(client, cast):
    link = f'href="{page_url(cast.committee)}"'
    client.force_login(cast.member)
    assert link in client.get(cast.committee.get_absolute_url()).content.decode()
    for other in (cast.chair, cast.focal, cast.secretary):
        client.force_login(other)
        assert link not in client.get(cast.committee.get_absolute_url()).content.decode()
