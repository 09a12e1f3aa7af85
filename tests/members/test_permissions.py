"""Object permissions follow role assignments: granted at term start, revoked at term end or on
removal, from the save path at once and by the daily reconcile, idempotently."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members import permissions
from members.jobs import reconcile_role_permissions
from members.models import CommitteeUserObjectPermission, RoleAssignment
from members.services import role_assignment_end
from tests.members.factories import CommitteeFactory, OrganizationFactory, RoleAssignmentFactory, UserFactory

Role = RoleAssignment.Role


def perms_of(user, committee) -> set[str]:
    return set(
        CommitteeUserObjectPermission.objects.filter(user=user, content_object=committee).values_list(
            "permission__codename", flat=True
        )
    )


@pytest.mark.django_db
def test_appointment_grants_the_role_permissions_at_once():
    a = RoleAssignmentFactory(role=Role.CHAIR)
    assert perms_of(a.user, a.committee) == set(permissions.ROLE_PERMISSIONS[Role.CHAIR])
    assert "sign_conclusions" in perms_of(a.user, a.committee)


@pytest.mark.django_db
def test_member_gets_no_chair_permissions():
    a = RoleAssignmentFactory(role=Role.MEMBER)
    held = perms_of(a.user, a.committee)
    assert "view_composition" in held
    assert "sign_conclusions" not in held
    assert "convene_meeting" not in held


@pytest.mark.django_db
def test_permissions_are_revoked_at_once_when_assignment_deleted():
    a = RoleAssignmentFactory(role=Role.DEPUTY)
    user, committee = a.user, a.committee
    a.delete()
    assert perms_of(user, committee) == set()
    assert not permissions.can_view_composition(user, committee)


@pytest.mark.django_db
def test_permissions_are_revoked_at_once_when_term_ended_in_the_past():
    a = RoleAssignmentFactory(role=Role.MEMBER, start_date=datetime.date(2023, 1, 1))
    role_assignment_end(assignment=a, end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert perms_of(a.user, a.committee) == set()


@pytest.mark.django_db
def test_term_ending_today_still_holds_until_tomorrow_then_reconcile_revokes():
    today = timezone.localdate()
    a = RoleAssignmentFactory(role=Role.SECRETARIAT, start_date=datetime.date(2023, 1, 1), end_date=today)
    assert "record_minutes" in perms_of(a.user, a.committee)

    # The next day the daily job runs: the term has passed, the permissions go.
    granted, revoked = permissions.reconcile_all(on=today + datetime.timedelta(days=1))
    assert revoked == len(permissions.ROLE_PERMISSIONS[Role.SECRETARIAT])
    assert perms_of(a.user, a.committee) == set()


@pytest.mark.django_db
def test_future_term_is_granted_by_the_reconcile_on_its_first_day():
    start = timezone.localdate() + datetime.timedelta(days=3)
    a = RoleAssignmentFactory(role=Role.MEMBER, start_date=start)
    assert perms_of(a.user, a.committee) == set()
    permissions.reconcile_all(on=start)
    assert "view_composition" in perms_of(a.user, a.committee)


@pytest.mark.django_db
def test_reconcile_twice_changes_nothing():
    RoleAssignmentFactory(role=Role.CHAIR)
    RoleAssignmentFactory(role=Role.MEMBER)
    # Tamper: a stray grant with no role behind it, and a missing one.
    stray_user = UserFactory()
    committee = CommitteeFactory()
    from guardian.shortcuts import assign_perm

    assign_perm("members.sign_conclusions", stray_user, committee)
    CommitteeUserObjectPermission.objects.order_by("pk").first().delete()  # a grant gone missing
    first = permissions.reconcile_all()
    assert first[1] == 1  # the stray grant was revoked
    assert first == (1, 1)  # and the missing one granted again
    snapshot = sorted(
        CommitteeUserObjectPermission.objects.values_list("user_id", "content_object_id", "permission_id")
    )
    assert permissions.reconcile_all() == (0, 0)
    assert (
        sorted(
            CommitteeUserObjectPermission.objects.values_list("user_id", "content_object_id", "permission_id")
        )
        == snapshot
    )


@pytest.mark.django_db
def test_daily_job_run_twice_is_harmless():
    today = timezone.localdate()
    a = RoleAssignmentFactory(
        role=Role.MEMBER, start_date=datetime.date(2023, 1, 1), end_date=today - datetime.timedelta(days=1)
    )
    # Simulate a grant left from before the term ended (e.g. written while the date was earlier).
    from guardian.shortcuts import assign_perm

    assign_perm("members.view_composition", a.user, a.committee)
    assert reconcile_role_permissions.delay().get() == {"granted": 0, "revoked": 1}
    assert reconcile_role_permissions.delay().get() == {"granted": 0, "revoked": 0}
    assert perms_of(a.user, a.committee) == set()


@pytest.mark.django_db
def test_a_role_in_committee_a_gives_nothing_in_committee_b():
    a = RoleAssignmentFactory(role=Role.CHAIR)
    other = CommitteeFactory()
    assert perms_of(a.user, other) == set()
    assert not permissions.can_view_composition(a.user, other)


@pytest.mark.django_db
def test_moving_an_assignment_to_another_committee_is_refused_and_its_permissions_stay():
    """A term belongs to its committee (issue #9): moving it is refused by the model's guard, so
    the permissions stay where the term is; a new committee is a new assignment."""
    a = RoleAssignmentFactory(role=Role.MEMBER)
    old = a.committee
    new = CommitteeFactory()
    a.committee = new
    with pytest.raises(ValidationError):
        a.save()
    assert "view_composition" in perms_of(a.user, old)
    assert perms_of(a.user, new) == set()


@pytest.mark.django_db
def test_two_roles_in_one_committee_hold_the_union_and_ending_one_keeps_the_other():
    user = UserFactory()
    org = OrganizationFactory()
    committee = CommitteeFactory()
    chair = RoleAssignmentFactory(user=user, committee=committee, role=Role.CHAIR, organization=org)
    RoleAssignmentFactory(user=user, committee=committee, role=Role.MEMBER, organization=org)
    chair.delete()
    held = perms_of(user, committee)
    assert "view_composition" in held and "sign_conclusions" not in held


@pytest.mark.django_db
def test_superuser_without_a_role_reads_no_committee_business():
    admin = UserFactory(is_staff=True, is_superuser=True)
    committee = CommitteeFactory()
    assert not permissions.can_view_composition(admin, committee)
    assert list(permissions.committees_visible_to(admin)) == []


@pytest.mark.django_db
def test_model_level_permission_does_not_expose_every_committee():
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_composition"))
    committee = CommitteeFactory()
    user = type(user).objects.get(pk=user.pk)
    assert list(permissions.committees_visible_to(user)) == []
    assert not permissions.can_view_composition(user, committee)


@pytest.mark.django_db
def test_history_records_who_changed_an_assignment_and_when():
    actor = UserFactory(username="quantri")
    a = RoleAssignmentFactory(role=Role.MEMBER, start_date=datetime.date(2023, 1, 1))
    role_assignment_end(assignment=a, end_date=datetime.date(2025, 6, 30), actor=actor)
    latest = a.history.order_by("-history_date").first()
    assert latest.history_user == actor
    assert latest.end_date == datetime.date(2025, 6, 30)
    assert latest.history_change_reason == "term ended"
    assert latest.history_date is not None


def test_beat_runs_the_reconcile_every_day():
    from steering.celery import app

    entry = next(
        e for e in app.conf.beat_schedule.values() if e["task"] == "members.jobs.reconcile_role_permissions"
    )
    assert entry["schedule"].hour == {0}
    assert "members.jobs.reconcile_role_permissions" in app.tasks
