"""The demo's support group works in sub-teams with duties (issue #13, acceptance 5): each sub-team
has a lead and every person in it a duty in force, with agencies of the committee; the composition
page shows them; a second seeding writes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import Committee, SupportDuty, User
from tasks.models import Directive

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", force=True, verbosity=0)


def test_the_demo_sub_teams_have_a_lead_and_duties_for_everyone(seeded):
    egov = Committee.objects.get(short_code="BCĐCQĐT")
    teams = list(egov.support_teams.prefetch_related("memberships", "duties__agencies"))
    assert len(teams) >= 2
    member_agencies = set(egov.role_assignments.values_list("organization_id", flat=True))
    for team in teams:
        assert sum(m.is_lead for m in team.memberships.all()) == 1
        with_duty = {d.user_id for d in team.duties.all() if d.end_date is None}
        assert with_duty == {m.user_id for m in team.memberships.all()}
        for duty in team.duties.all():
            assert duty.areas and duty.tasks
            assert {a.pk for a in duty.agencies.all()} <= member_agencies


def test_seeding_twice_writes_no_duty_and_no_history(seeded):
    before = (
        SupportDuty.objects.count(),
        SupportDuty.history.count(),
        SupportDuty.agencies.through.objects.count(),
    )
    call_command("seed_demo", force=True, verbosity=0)
    assert (
        SupportDuty.objects.count(),
        SupportDuty.history.count(),
        SupportDuty.agencies.through.objects.count(),
    ) == before


def test_the_demo_composition_page_shows_the_duties(client, seeded):
    client.force_login(User.objects.get(username="member"))
    egov = Committee.objects.get(short_code="BCĐCQĐT")
    text = client.get(reverse("members:committee-detail", kwargs={"pk": egov.pk})).content.decode()
    assert "Trung tâm dữ liệu tỉnh; an toàn thông tin mạng" in text
    assert "Trưởng nhóm" in text


def test_a_demo_directive_is_followed_up_by_a_sub_team_whose_members_see_it_in_their_work(client, seeded):
    directive = Directive.objects.get(follow_up_team__isnull=False)
    team = directive.follow_up_team
    assert team.name == "Nhóm dịch vụ công và cải cách hành chính" and team.committee.short_code == "BCĐCQĐT"
    assert directive.events.filter(kind="follow_up_team", actor__username="secretary_lead").exists()
    client.force_login(User.objects.get(username="secretary2"))
    page = client.get(reverse("tasks:my-work")).content.decode()
    assert "Nhiệm vụ nhóm theo dõi" in page and directive.get_absolute_url() in page
