"""The committee's composition rules (Điều 3–7, 9.3), enforced by services and the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import RoleAssignment
from members.services import role_assignment_create, role_assignment_end
from tests.members.factories import CommitteeFactory, OrganizationFactory, RoleAssignmentFactory, UserFactory

Role = RoleAssignment.Role
pytestmark = pytest.mark.django_db


def test_second_chair_with_overlapping_term_is_refused_with_the_holders_name():
    first = RoleAssignmentFactory(role=Role.CHAIR, start_date=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        role_assignment_create(
            user=UserFactory(),
            committee=first.committee,
            role=Role.CHAIR,
            start_date=datetime.date(2025, 1, 1),
            organization=OrganizationFactory(),
        )
    assert str(first.user) in str(exc.value.message_dict["role"])


def test_new_chair_after_the_previous_term_ended_is_accepted():
    first = RoleAssignmentFactory(role=Role.CHAIR, start_date=datetime.date(2024, 1, 1))
    role_assignment_end(assignment=first, end_date=datetime.date(2025, 5, 31))
    second = role_assignment_create(
        user=UserFactory(),
        committee=first.committee,
        role=Role.CHAIR,
        start_date=datetime.date(2025, 6, 1),
        organization=OrganizationFactory(),
    )
    assert second.pk


def test_second_standing_member_overlapping_is_refused():
    first = RoleAssignmentFactory(
        role=Role.STANDING_MEMBER, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    with pytest.raises(ValidationError):
        role_assignment_create(
            user=UserFactory(),
            committee=first.committee,
            role=Role.STANDING_MEMBER,
            start_date=datetime.date(2024, 6, 1),
            end_date=datetime.date(2025, 6, 1),
            organization=OrganizationFactory(),
        )


def test_several_deputies_and_members_are_allowed():
    committee = CommitteeFactory()
    for _ in range(2):
        role_assignment_create(
            user=UserFactory(), committee=committee, role=Role.DEPUTY, start_date=datetime.date(2024, 1, 1)
        )
    assert RoleAssignment.objects.filter(committee=committee, role=Role.DEPUTY).count() == 2


def test_database_refuses_two_open_chairs_even_bypassing_the_service():
    first = RoleAssignmentFactory(role=Role.CHAIR)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=UserFactory(),
            committee=first.committee,
            role=Role.CHAIR,
            start_date=datetime.date(2025, 1, 1),
        )


def test_database_refuses_a_term_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=UserFactory(),
            committee=CommitteeFactory(),
            role=Role.MEMBER,
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2024, 1, 1),
        )


@pytest.mark.postgres
def test_postgres_refuses_overlapping_dated_chair_terms_bypassing_the_service():
    first = RoleAssignmentFactory(
        role=Role.CHAIR, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            user=UserFactory(),
            committee=first.committee,
            role=Role.CHAIR,
            start_date=datetime.date(2024, 6, 1),
            end_date=datetime.date(2025, 6, 1),
        )


def test_member_must_represent_an_organization():
    with pytest.raises(ValidationError) as exc:
        role_assignment_create(
            user=UserFactory(),
            committee=CommitteeFactory(),
            role=Role.MEMBER,
            start_date=datetime.date(2024, 1, 1),
        )
    assert "organization" in exc.value.message_dict


def test_focal_officer_must_belong_to_the_organization_served():
    committee = CommitteeFactory()
    org = OrganizationFactory()
    other_org = OrganizationFactory()
    RoleAssignmentFactory(committee=committee, role=Role.MEMBER, organization=org)
    officer = UserFactory(organization=other_org)
    with pytest.raises(ValidationError) as exc:
        role_assignment_create(
            user=officer,
            committee=committee,
            role=Role.FOCAL_OFFICER,
            organization=org,
            start_date=datetime.date(2024, 1, 1),
        )
    assert "organization" in exc.value.message_dict


def test_focal_officer_needs_a_member_of_that_organization_in_the_committee():
    committee = CommitteeFactory()
    org = OrganizationFactory()
    officer = UserFactory(organization=org)
    with pytest.raises(ValidationError):
        role_assignment_create(
            user=officer,
            committee=committee,
            role=Role.FOCAL_OFFICER,
            organization=org,
            start_date=datetime.date(2024, 1, 1),
        )
    RoleAssignmentFactory(committee=committee, role=Role.MEMBER, organization=org)
    assert role_assignment_create(
        user=officer,
        committee=committee,
        role=Role.FOCAL_OFFICER,
        organization=org,
        start_date=datetime.date(2024, 1, 1),
    ).pk


def test_refused_assignment_writes_nothing():
    first = RoleAssignmentFactory(role=Role.CHAIR)
    before = RoleAssignment.objects.count()
    with pytest.raises(ValidationError):
        role_assignment_create(
            user=UserFactory(),
            committee=first.committee,
            role=Role.CHAIR,
            start_date=datetime.date(2025, 1, 1),
        )
    assert RoleAssignment.objects.count() == before
