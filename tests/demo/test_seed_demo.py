"""The demo: a believable committee a newcomer can log into with every demo account."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.people import DEMO_LOGINS
from members import permissions
from members.models import Committee, RoleAssignment, User

Role = RoleAssignment.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", force=True, verbosity=0)


def _counts():
    from members.models import Organization, SupportTeam, SupportTeamMembership

    models = [User, Organization, Committee, RoleAssignment, SupportTeam, SupportTeamMembership]
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"history:{m.__name__}": m.history.count() for m in models})
    return counts


def test_seed_demo_twice_changes_nothing(seeded):
    before = _counts()
    call_command("seed_demo", force=True, verbosity=0)
    assert _counts() == before


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_every_demo_login_works(client, seeded):
    for username in DEMO_LOGINS:
        r = client.post("/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD})
        assert r.status_code == 302, username
        assert client.get("/").status_code == 200
        client.post("/accounts/logout/")


def test_demo_committee_has_a_believable_composition(seeded):
    egov = Committee.objects.get(short_code="BCĐCQĐT")
    in_force = RoleAssignment.objects.in_force().filter(committee=egov)
    assert in_force.filter(role=Role.CHAIR).count() == 1
    assert in_force.filter(role=Role.DEPUTY).count() >= 1
    assert in_force.filter(role=Role.STANDING_MEMBER).count() == 1
    members = in_force.filter(role=Role.MEMBER)
    assert members.count() >= 6
    assert members.values("organization").distinct().count() == members.count()
    assert in_force.filter(role=Role.SECRETARIAT_LEAD).count() == 1
    assert in_force.filter(role=Role.SECRETARIAT).count() >= 2
    assert in_force.filter(role=Role.FOCAL_OFFICER).exists()
    assert egov.support_teams.count() >= 2
    assert Committee.objects.count() >= 2


def test_demo_accounts_see_what_their_roles_allow(seeded):
    egov = Committee.objects.get(short_code="BCĐCQĐT")
    other = Committee.objects.exclude(pk=egov.pk).get()
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_LOGINS)}
    assert permissions.has_committee_perm(users["chair"], egov, "sign_conclusions")
    assert permissions.has_committee_perm(users["secretary"], egov, "record_minutes")
    assert not permissions.has_committee_perm(users["member"], egov, "record_minutes")
    assert permissions.can_view_composition(users["member"], other)  # shared member
    assert not permissions.can_view_composition(users["member2"], other)
    assert not permissions.can_view_composition(users["guest"], egov)
    assert not permissions.can_view_composition(users["admin"], egov)
