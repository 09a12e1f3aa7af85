"""A directive given to a support sub-team to follow up (Điều 4.3, 7.8; issue #13): by the chair, a
deputy or the support group's leader, only to a sub-team of the directive's committee; logged on
its timeline; the sub-team's members are told and find it on "Việc của tôi"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members import services as member_services
from members.models import Notification, RoleAssignment
from tasks import services
from tasks.models import Directive, DirectiveError, DirectiveEvent
from tests.members.factories import RoleAssignmentFactory, SupportTeamFactory, UserFactory

S = Directive.Status
Role = RoleAssignment.Role


@pytest.fixture
def world(task_cast):
    c = task_cast
    c.lead = UserFactory(username="lead", full_name="Võ Văn Tổ Trưởng", organization=c.org_a)
    RoleAssignmentFactory(
        user=c.lead, committee=c.committee, role=Role.SECRETARIAT_LEAD, organization=c.org_a
    )
    c.team = member_services.support_team_create(
        committee=c.committee, actor=c.lead, name="Nhóm dịch vụ công", domain="Dịch vụ công trực tuyến"
    )
    member_services.support_team_member_add(team=c.team, actor=c.lead, user=c.secretary, is_lead=True)
    c.other_team = SupportTeamFactory(committee=c.other_committee, name="Nhóm của ban B")
    c.directive = c.ad_hoc(title="Số hóa hồ sơ một cửa")
    return c


def give(world, actor, team, directive=None):
    return services.follow_up_team_set(directive=directive or world.directive, actor=actor, team=team)


def test_the_chair_a_deputy_and_the_support_group_lead_give_a_directive_to_a_sub_team(world):
    for actor in (world.chair, world.deputy, world.lead):
        give(world, actor, None if world.directive.follow_up_team_id else world.team)
        world.directive.refresh_from_db()
    for actor in (world.standing, world.secretary, world.member, world.focal, world.member_b):
        with pytest.raises(PermissionDenied):
            give(world, actor, world.team)


def test_giving_is_logged_and_the_sub_teams_members_are_told(world):
    directive = give(world, world.lead, world.team)
    assert directive.follow_up_team == world.team
    event = DirectiveEvent.objects.get(directive=directive, kind=DirectiveEvent.Kind.FOLLOW_UP_TEAM)
    assert (event.actor, event.text) == (world.lead, "Nhóm dịch vụ công")
    told = Notification.objects.get(kind="tasks.follow_up_team")
    assert told.user == world.secretary
    assert told.url == directive.get_absolute_url()
    assert "Nhóm dịch vụ công" in str(told)
    version = directive.history.latest()
    assert (version.history_user, version.history_change_reason) == (world.lead, "sub-team following up")


def test_only_a_sub_team_of_the_directives_committee(world):
    with pytest.raises(ValidationError) as refused:
        give(world, world.deputy, world.other_team)
    assert "team" in refused.value.message_dict
    assert Directive.objects.get(pk=world.directive.pk).follow_up_team is None


def test_a_closed_directive_is_not_given_to_a_sub_team(world):
    closed = world.directive_in(S.CANCELLED)
    with pytest.raises(DirectiveError):
        give(world, world.deputy, world.team, directive=closed)


def test_the_directive_page_shows_the_sub_team_and_the_form_to_those_who_may(client, world):
    give(world, world.deputy, world.team)
    url = world.directive.get_absolute_url()
    action = reverse("tasks:directive-follow-up-team", kwargs={"pk": world.directive.pk})
    client.force_login(world.member)
    text = client.get(url).content.decode()
    assert "Nhóm theo dõi" in text and "Nhóm dịch vụ công" in text
    assert action not in text
    client.force_login(world.lead)
    page = client.get(url)
    assert action in page.content.decode()
    offered = list(page.context["follow_up_form"].fields["team"].queryset)
    assert offered == [world.team]  # not committee B's


def test_posting_another_committees_team_is_an_error_on_the_form(client, world):
    client.force_login(world.deputy)
    url = reverse("tasks:directive-follow-up-team", kwargs={"pk": world.directive.pk})
    response = client.post(url, {"follow_up-team": world.other_team.pk})
    assert response.status_code == 200
    assert response.context["follow_up_form"].errors["team"]
    response = client.post(url, {"follow_up-team": world.team.pk})
    assert response.status_code == 302
    assert Directive.objects.get(pk=world.directive.pk).follow_up_team == world.team


def test_the_sub_teams_members_find_it_on_my_work(client, world):
    other = world.ad_hoc(title="Việc không giao nhóm")
    give(world, world.deputy, world.team)
    client.force_login(world.secretary)
    response = client.get(reverse("tasks:my-work"))
    text = response.content.decode()
    assert "Nhiệm vụ nhóm theo dõi (1)" in text
    assert [d.pk for d in response.context["work"]["followed"]] == [world.directive.pk]
    assert other.pk not in [d.pk for d in response.context["work"]["followed"]]
    # Someone outside the sub-team does not.
    client.force_login(world.secretary2)
    assert client.get(reverse("tasks:my-work")).context["work"]["followed"] == []
    # Accepted or cancelled work leaves the list.
    services.directive_cancel(directive=world.directive, actor=world.chair, reason="Không còn phù hợp")
    client.force_login(world.secretary)
    assert client.get(reverse("tasks:my-work")).context["work"]["followed"] == []
