"""Rule 7 (Điều 3–5): role terms ending within 30 days, and committees without a chair, a deputy or
a standing member in force — told to the administrators."""

import datetime

from members.models import Notification, RoleAssignment
from tests.members.factories import RoleAssignmentFactory, UserFactory

from .conftest import at, fired, sweep

D = datetime.date
R = RoleAssignment.Role


def _end_term(user, committee, role, end):
    assignment = RoleAssignment.objects.get(user=user, committee=committee, role=role)
    assignment.end_date = end
    assignment.save()
    return assignment


def test_term_ending_within_30_days_reminds_the_administrators_once(rc):
    second_admin = UserFactory(username="admin2", is_staff=True)
    UserFactory(username="retired_admin", is_staff=True, is_active=False)
    term = _end_term(rc.member, rc.committee, R.MEMBER, D(2027, 3, 31))
    assert fired(sweep(at(2027, 2, 28), "members.terms")) == {}  # 31 days before

    reports = sweep(at(2027, 3, 1), "members.terms")

    key = f"members.term_ending:assignment={term.pk}:2027-03-31"
    assert fired(reports) == {key: {"admin", second_admin.username}}
    note = Notification.objects.get(user=rc.admin, kind="members.reminder_term_ending")
    assert rc.member.full_name in str(note) and "31/03/2027" in str(note) and "Ủy viên" in str(note)
    assert note.url.endswith(f"/admin/members/roleassignment/{term.pk}/change/")
    assert fired(sweep(at(2027, 3, 20), "members.terms")) == {}


def test_term_ending_is_not_reminded_when_renewed_from_the_next_day(rc):
    _end_term(rc.member, rc.committee, R.MEMBER, D(2027, 3, 31))
    RoleAssignmentFactory(
        user=rc.member,
        committee=rc.committee,
        role=R.MEMBER,
        organization=rc.org_a,
        start_date=D(2027, 4, 1),
        decision_number="12/QĐ-UBND",
    )
    assert fired(sweep(at(2027, 3, 10), "members.terms")) == {}


def test_term_ending_again_on_a_corrected_date_is_a_new_reminder(rc):
    term = _end_term(rc.member, rc.committee, R.MEMBER, D(2027, 3, 31))
    sweep(at(2027, 3, 1), "members.terms")
    term.end_date = D(2027, 3, 20)
    term.save()
    reports = sweep(at(2027, 3, 2), "members.terms")
    assert set(fired(reports)) == {f"members.term_ending:assignment={term.pk}:2027-03-20"}


def test_committee_without_a_chair_deputy_or_standing_member_reminds_the_administrators(rc):
    reports = sweep(at(2027, 3, 1), "members.vacancies")

    # Committee A has all three; committee B only a chair (and a member).
    b = rc.other_committee.pk
    assert fired(reports) == {
        f"members.vacancy:committee={b}:role=deputy:since=never": {"admin"},
        f"members.vacancy:committee={b}:role=standing_member:since=never": {"admin"},
    }
    kinds = set(Notification.objects.filter(user=rc.admin).values_list("kind", flat=True))
    assert kinds == {"members.reminder_no_deputy", "members.reminder_no_standing_member"}
    note = Notification.objects.get(kind="members.reminder_no_deputy")
    assert "Ban chỉ đạo B" in str(note)
    assert fired(sweep(at(2027, 3, 8), "members.vacancies")) == {}


def test_vacancy_of_the_chair_is_reminded_from_the_day_after_the_term_ended(rc):
    _end_term(rc.chair, rc.committee, R.CHAIR, D(2027, 3, 5))
    a = rc.committee.pk
    assert f"members.vacancy:committee={a}:role=chair:since=2027-03-06" not in fired(
        sweep(at(2027, 3, 5, 17, 0), "members.vacancies")
    )
    reports = sweep(at(2027, 3, 6, 8, 0), "members.vacancies")
    assert fired(reports)[f"members.vacancy:committee={a}:role=chair:since=2027-03-06"] == {"admin"}


def test_member_rules_remind_nobody_who_is_not_an_administrator(rc):
    _end_term(rc.member, rc.committee, R.MEMBER, D(2027, 3, 31))
    sweep(at(2027, 3, 1), "members.terms", "members.vacancies")
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"admin"}
