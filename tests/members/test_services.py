"""The committee's composition rules (Điều 3–7, 9.3), enforced by services and the database."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from members.models import RoleAssignment
from members.services import (
    role_assignment_create,
    role_assignment_end,
    role_assignment_end_and_start,
    role_assignment_update,
)
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


# --- a change of role is a new term (issue #9, item 9) -------------------------------------------


def test_role_assignment_update_refuses_a_new_role_with_a_message_when_the_term_is_saved():
    a = RoleAssignmentFactory(role=Role.MEMBER)
    with pytest.raises(ValidationError) as exc:
        role_assignment_update(assignment=a, role=Role.DEPUTY)
    assert "kết thúc nhiệm kỳ này" in " ".join(exc.value.message_dict["role"])
    a.refresh_from_db()
    assert a.role == Role.MEMBER


@pytest.mark.parametrize(
    "field, value",
    [
        ("committee", "other committee"),
        ("decision_number", "999/QĐ-UBND"),
        ("decision_date", datetime.date(2025, 1, 1)),
        ("user", "other person"),
    ],
)
def test_role_assignment_update_refuses_a_new_committee_person_or_decision_when_the_term_is_saved(
    field, value
):
    a = RoleAssignmentFactory(role=Role.MEMBER)
    value = {"other committee": CommitteeFactory, "other person": UserFactory}.get(value, lambda: value)()
    with pytest.raises(ValidationError) as exc:
        role_assignment_update(assignment=a, **{field: value})
    assert list(exc.value.message_dict) == [field]


def test_role_assignment_update_corrects_the_agency_dates_and_note_with_a_history_reason():
    a = RoleAssignmentFactory(role=Role.MEMBER, start_date=datetime.date(2024, 1, 1))
    org = OrganizationFactory()
    role_assignment_update(
        assignment=a, organization=org, start_date=datetime.date(2024, 1, 15), note="sửa ngày"
    )
    a.refresh_from_db()
    assert (a.organization, a.start_date, a.note) == (org, datetime.date(2024, 1, 15), "sửa ngày")
    assert a.history.order_by("-history_date").first().history_change_reason == "corrected"


def test_saving_an_assignment_with_a_new_role_is_refused_whatever_the_path():
    """The model's guard: the shell, an inline or a revert cannot rewrite a term either."""
    a = RoleAssignmentFactory(role=Role.MEMBER)
    a.role = Role.CHAIR
    with pytest.raises(ValidationError) as exc:
        a.save()
    assert "role" in exc.value.message_dict
    with pytest.raises(ValidationError):
        a.full_clean()
    assert RoleAssignment.objects.get(pk=a.pk).role == Role.MEMBER


def test_saving_an_assignment_with_only_its_end_date_changed_is_accepted():
    a = RoleAssignmentFactory(role=Role.MEMBER)
    a.end_date = datetime.date(2026, 12, 31)
    a.save()
    a.full_clean()
    assert RoleAssignment.objects.get(pk=a.pk).end_date == datetime.date(2026, 12, 31)


def test_end_and_start_ends_the_term_and_starts_the_new_role_the_next_day():
    actor = UserFactory(username="quantri", is_staff=True)
    old = RoleAssignmentFactory(role=Role.MEMBER, start_date=datetime.date(2024, 1, 1))
    new = role_assignment_end_and_start(
        assignment=old,
        end_date=datetime.date(2025, 6, 30),
        role=Role.DEPUTY,
        organization=old.organization,
        decision_number="77/QĐ-UBND",
        decision_date=datetime.date(2025, 6, 20),
        actor=actor,
    )
    old.refresh_from_db()
    assert old.role == Role.MEMBER and old.end_date == datetime.date(2025, 6, 30)
    assert old.decision_number == "245/QĐ-UBND"
    assert (new.user, new.committee, new.role) == (old.user, old.committee, Role.DEPUTY)
    assert new.start_date == datetime.date(2025, 7, 1) and new.end_date is None
    assert (new.decision_number, new.decision_date) == ("77/QĐ-UBND", datetime.date(2025, 6, 20))
    assert old.history.order_by("-history_date").first().history_change_reason == "term ended"
    latest = new.history.get()
    assert (latest.history_user, latest.history_change_reason) == (actor, "new term")


def test_end_and_start_writes_nothing_when_the_new_term_is_refused():
    """One transaction: the old term is not ended when the new one breaks a rule (a second chair)."""
    committee = CommitteeFactory()
    RoleAssignmentFactory(committee=committee, role=Role.CHAIR)
    deputy = RoleAssignmentFactory(committee=committee, role=Role.DEPUTY)
    with pytest.raises(ValidationError) as exc:
        role_assignment_end_and_start(
            assignment=deputy,
            end_date=datetime.date(2025, 6, 30),
            role=Role.CHAIR,
            organization=deputy.organization,
            decision_number="78/QĐ-UBND",
            decision_date=datetime.date(2025, 6, 20),
        )
    assert "role" in exc.value.message_dict
    deputy.refresh_from_db()
    assert deputy.end_date is None
    assert RoleAssignment.objects.filter(committee=committee).count() == 2


def test_end_and_start_refuses_a_new_term_without_its_own_decision():
    old = RoleAssignmentFactory(role=Role.MEMBER)
    for number in ("", old.decision_number):
        with pytest.raises(ValidationError) as exc:
            role_assignment_end_and_start(
                assignment=old,
                end_date=datetime.date(2025, 6, 30),
                role=Role.DEPUTY,
                organization=old.organization,
                decision_number=number,
                decision_date=old.decision_date,
            )
        assert "decision_number" in exc.value.message_dict
    old.refresh_from_db()
    assert old.end_date is None


def test_end_and_start_refuses_an_end_after_the_terms_own_end():
    old = RoleAssignmentFactory(role=Role.MEMBER, end_date=datetime.date(2025, 3, 31))
    with pytest.raises(ValidationError) as exc:
        role_assignment_end_and_start(
            assignment=old,
            end_date=datetime.date(2025, 6, 30),
            role=Role.DEPUTY,
            organization=old.organization,
            decision_number="79/QĐ-UBND",
            decision_date=datetime.date(2025, 6, 20),
        )
    assert "31/03/2025" in " ".join(exc.value.message_dict["end_date"])


# --- nobody gives themselves a committee role (issue #9, item 15) --------------------------------


def test_role_assignment_create_refuses_an_administrator_appointing_themselves():
    admin = UserFactory(is_staff=True, is_superuser=True)
    committee = CommitteeFactory()
    with pytest.raises(PermissionDenied) as exc:
        role_assignment_create(
            user=admin,
            committee=committee,
            role=Role.DEPUTY,
            start_date=datetime.date(2025, 1, 1),
            actor=admin,
        )
    assert "quản trị viên khác" in str(exc.value)
    assert not RoleAssignment.objects.filter(user=admin).exists()


def test_role_assignment_create_accepts_another_administrator_appointing_an_administrator():
    admin = UserFactory(is_staff=True, is_superuser=True)
    other_admin = UserFactory(is_staff=True, is_superuser=True)
    a = role_assignment_create(
        user=admin,
        committee=CommitteeFactory(),
        role=Role.DEPUTY,
        start_date=datetime.date(2025, 1, 1),
        actor=other_admin,
    )
    assert a.history.get().history_user == other_admin


def test_administrator_cannot_end_and_restart_or_correct_their_own_term():
    admin = UserFactory(is_staff=True, is_superuser=True)
    a = RoleAssignmentFactory(user=admin, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        role_assignment_end_and_start(
            assignment=a,
            end_date=datetime.date(2025, 6, 30),
            role=Role.CHAIR,
            organization=a.organization,
            decision_number="80/QĐ-UBND",
            decision_date=datetime.date(2025, 6, 20),
            actor=admin,
        )
    with pytest.raises(PermissionDenied):
        role_assignment_update(assignment=a, end_date=None, start_date=datetime.date(2020, 1, 1), actor=admin)
    with pytest.raises(PermissionDenied):
        role_assignment_end(assignment=a, end_date=datetime.date(2030, 1, 1), actor=admin)
    a.refresh_from_db()
    assert (a.role, a.start_date, a.end_date) == (Role.MEMBER, datetime.date(2024, 1, 1), None)


def test_role_assignment_services_log_a_security_event_with_who_and_what(caplog):
    actor = UserFactory(username="quantri", is_staff=True)
    person = UserFactory(username="nguoi_duoc_bo_nhiem")
    committee = CommitteeFactory(short_code="BCĐLOG")
    with caplog.at_level("WARNING", logger="security"):
        a = role_assignment_create(
            user=person,
            committee=committee,
            role=Role.DEPUTY,
            start_date=datetime.date(2025, 1, 1),
            decision_number="81/QĐ-UBND",
            actor=actor,
        )
    (record,) = [r for r in caplog.records if r.name == "security"]
    assert record.levelname == "WARNING"
    message = record.getMessage()
    assert "appointed by quantri" in message
    assert f"assignment=#{a.pk}" in message and "person=nguoi_duoc_bo_nhiem" in message
    assert "committee=BCĐLOG" in message and "role=deputy" in message and "81/QĐ-UBND" in message


def test_end_and_start_reappoints_the_chair_by_a_new_decision_without_overlapping_terms():
    """The old term ends on the day, the new one starts the next: no overlap for the database's
    one-chair rules (the open-term unique constraint, and PostgreSQL's exclusion constraint)."""
    chair = RoleAssignmentFactory(role=Role.CHAIR, start_date=datetime.date(2021, 1, 1))
    new = role_assignment_end_and_start(
        assignment=chair,
        end_date=datetime.date(2025, 12, 31),
        role=Role.CHAIR,
        organization=chair.organization,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 12, 20),
    )
    assert new.start_date == datetime.date(2026, 1, 1)
    assert RoleAssignment.objects.filter(committee=chair.committee, role=Role.CHAIR).count() == 2
