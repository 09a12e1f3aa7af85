"""The support group's sub-teams and each person's duties, run from the portal (Điều 4.3, 7.8;
issue #13): managed by the committee's deputies and the support group's leader only; members are
named from the support group in force; every change is kept with who made it; the composition
page shows the teams, their lead and the duties."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members import services
from members.errors import DomainError
from members.models import RoleAssignment, SupportDuty, SupportTeam, SupportTeamMembership
from tests.members.factories import RoleAssignmentFactory, SupportTeamFactory, UserFactory

Role = RoleAssignment.Role


def today() -> datetime.date:
    return timezone.localdate()


class TeamCast:
    """The shared cast plus the support group's leader (`lead`), a second support group member
    (`secretary2`), a former support group member (`former`) and committee B's deputy."""

    def __init__(self, cast) -> None:
        self.c = cast
        self.lead = UserFactory(username="lead", full_name="Võ Văn Tổ Trưởng", organization=cast.org_a)
        RoleAssignmentFactory(
            user=self.lead, committee=cast.committee, role=Role.SECRETARIAT_LEAD, organization=cast.org_a
        )
        self.secretary2 = UserFactory(
            username="secretary2", full_name="Đỗ Thị Giúp Việc", organization=cast.org_b
        )
        RoleAssignmentFactory(
            user=self.secretary2, committee=cast.committee, role=Role.SECRETARIAT, organization=cast.org_b
        )
        self.former = UserFactory(username="former", full_name="Lý Văn Đã Nghỉ", organization=cast.org_a)
        RoleAssignmentFactory(
            user=self.former,
            committee=cast.committee,
            role=Role.SECRETARIAT,
            organization=cast.org_a,
            start_date=datetime.date(2024, 1, 1),
            end_date=today() - datetime.timedelta(days=1),
        )
        self.other_deputy = UserFactory(username="other_deputy", organization=cast.org_ubnd)
        RoleAssignmentFactory(
            user=self.other_deputy,
            committee=cast.other_committee,
            role=Role.DEPUTY,
            organization=cast.org_ubnd,
        )
        self.team = services.support_team_create(
            committee=cast.committee, actor=cast.deputy, name="Nhóm hạ tầng", domain="Hạ tầng số"
        )
        self.membership = services.support_team_member_add(
            team=self.team, actor=self.lead, user=cast.secretary, is_lead=True
        )
        self.duty = services.support_duty_save(
            team=self.team,
            actor=self.lead,
            user=cast.secretary,
            areas="Dịch vụ công trực tuyến",
            agencies=[cast.org_a],
            tasks="Theo dõi kết quả số hóa hồ sơ",
            start_date=today(),
        )
        self.other_team = SupportTeamFactory(committee=cast.other_committee, name="Nhóm của ban B")

    def __getattr__(self, name):
        return getattr(self.c, name)


@pytest.fixture
def teams(cast) -> TeamCast:
    return TeamCast(cast)


# --- services ---------------------------------------------------------------------------------------


def test_only_the_deputy_and_the_support_group_lead_manage_sub_teams(teams):
    for actor in (teams.deputy, teams.lead):
        team = services.support_team_create(
            committee=teams.committee, actor=actor, name=f"Nhóm của {actor.username}"
        )
        assert team.committee == teams.committee
    for actor in (
        teams.chair,
        teams.standing,
        teams.member,
        teams.secretary,
        teams.focal,
        teams.other_deputy,
    ):
        with pytest.raises(PermissionDenied):
            services.support_team_create(committee=teams.committee, actor=actor, name="Nhóm lạ")
    with pytest.raises(PermissionDenied):
        services.support_team_member_add(team=teams.team, actor=teams.chair, user=teams.secretary2)
    with pytest.raises(PermissionDenied):
        services.support_duty_delete(duty=teams.duty, actor=teams.secretary)


def test_only_people_of_the_support_group_in_force_become_members(teams):
    for outsider in (teams.member, teams.focal, teams.standing, teams.former, teams.other_member):
        with pytest.raises(ValidationError) as refused:
            services.support_team_member_add(team=teams.team, actor=teams.deputy, user=outsider)
        assert "user" in refused.value.message_dict
    joined = services.support_team_member_add(team=teams.team, actor=teams.deputy, user=teams.lead)
    assert joined.user == teams.lead
    with pytest.raises(ValidationError):
        services.support_team_member_add(team=teams.team, actor=teams.deputy, user=teams.lead)


def test_a_sub_team_has_one_lead_at_a_time(teams):
    other = services.support_team_member_add(
        team=teams.team, actor=teams.deputy, user=teams.secretary2, is_lead=True
    )
    teams.membership.refresh_from_db()
    assert other.is_lead and not teams.membership.is_lead
    services.support_team_member_set_lead(membership=teams.membership, actor=teams.lead, is_lead=True)
    other.refresh_from_db()
    assert not other.is_lead
    assert list(SupportTeamMembership.objects.filter(team=teams.team, is_lead=True)) == [teams.membership]


def test_team_names_are_unique_in_the_committee_and_required(teams):
    with pytest.raises(ValidationError) as refused:
        services.support_team_create(committee=teams.committee, actor=teams.deputy, name=" nhóm HẠ TẦNG ")
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.support_team_create(committee=teams.committee, actor=teams.deputy, name="  \n ")
    # Another committee may use the name.
    SupportTeamFactory(committee=teams.other_committee, name="Nhóm hạ tầng")


def test_duties_keep_their_history_with_who_changed_them(teams):
    duty = services.support_duty_save(
        team=teams.team,
        actor=teams.deputy,
        duty=teams.duty,
        user=teams.secretary,
        areas="Chữ ký số",
        agencies=[teams.org_a, teams.org_b],
        tasks="",
        start_date=today(),
        end_date=today() + datetime.timedelta(days=90),
    )
    assert duty.areas == "Chữ ký số"
    assert set(duty.agencies.all()) == {teams.org_a, teams.org_b}
    versions = list(SupportDuty.history.filter(id=duty.pk).order_by("history_date", "history_id"))
    reasons = [(v.history_user, v.history_change_reason) for v in versions]
    assert (teams.lead, "assigned") in reasons
    assert (teams.deputy, "changed") in reasons
    assert versions[0].areas == "Dịch vụ công trực tuyến"


def test_a_duty_is_given_to_a_member_of_the_team_with_something_to_do(teams):
    base = {"team": teams.team, "actor": teams.lead, "start_date": today()}
    with pytest.raises(ValidationError) as refused:
        services.support_duty_save(**base, user=teams.secretary2, areas="Giám sát")
    assert "user" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.support_duty_save(**base, user=teams.secretary, areas=" ", tasks="")
    assert "areas" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.support_duty_save(
            **{**base, "start_date": today()},
            user=teams.secretary,
            areas="x",
            end_date=today() - datetime.timedelta(days=1),
        )
    assert "end_date" in refused.value.message_dict
    stranger = teams.org_ubnd.__class__.objects.create(name="Công ty lạ", short_code="CTL")
    with pytest.raises(ValidationError) as refused:
        services.support_duty_save(**base, user=teams.secretary, agencies=[stranger])
    assert "agencies" in refused.value.message_dict


def test_removing_a_member_withdraws_their_duties_and_keeps_the_history(teams):
    services.support_team_member_remove(membership=teams.membership, actor=teams.deputy)
    assert not SupportTeamMembership.objects.filter(pk=teams.membership.pk).exists()
    assert not SupportDuty.objects.filter(pk=teams.duty.pk).exists()
    gone = SupportDuty.history.filter(id=teams.duty.pk, history_type="-").get()
    assert gone.history_user == teams.deputy


def test_a_sub_team_following_up_a_directive_is_not_deleted(teams, task_cast_for):
    directive = task_cast_for(teams).ad_hoc()
    from tasks import services as task_services

    task_services.follow_up_team_set(directive=directive, actor=teams.deputy, team=teams.team)
    with pytest.raises(DomainError):
        services.support_team_delete(team=teams.team, actor=teams.deputy)
    task_services.follow_up_team_set(directive=directive, actor=teams.deputy, team=None)
    services.support_team_delete(team=teams.team, actor=teams.deputy)
    assert not SupportTeam.objects.filter(pk=teams.team.pk).exists()
    assert SupportTeam.history.filter(id=teams.team.pk, history_type="-").get().history_user == teams.deputy


@pytest.fixture
def task_cast_for():
    from tests.tasks.conftest import TaskCast

    return lambda teams: TaskCast(teams.c)


# --- pages --------------------------------------------------------------------------------------------


def test_the_composition_page_shows_teams_leads_and_duties_to_everyone_of_the_committee(client, teams):
    client.force_login(teams.member)
    page = client.get(reverse("members:committee-detail", kwargs={"pk": teams.committee.pk}))
    text = page.content.decode()
    assert "Nhóm hạ tầng" in text
    assert teams.secretary.display_name in text
    assert "Trưởng nhóm" in text  # the lead
    assert "Dịch vụ công trực tuyến" in text
    assert "Theo dõi kết quả số hóa hồ sơ" in text
    assert teams.org_a.name in text
    # The member may read, not manage.
    assert reverse("members:support-teams", kwargs={"committee_pk": teams.committee.pk}) not in text
    client.force_login(teams.lead)
    text = client.get(reverse("members:committee-detail", kwargs={"pk": teams.committee.pk})).content.decode()
    assert reverse("members:support-teams", kwargs={"committee_pk": teams.committee.pk}) in text


def test_an_ended_duty_leaves_the_composition_page(client, teams):
    SupportDuty.objects.filter(pk=teams.duty.pk).update(
        start_date=today() - datetime.timedelta(days=30), end_date=today() - datetime.timedelta(days=1)
    )
    client.force_login(teams.member)
    text = client.get(reverse("members:committee-detail", kwargs={"pk": teams.committee.pk})).content.decode()
    assert "Nhóm hạ tầng" in text
    assert "Dịch vụ công trực tuyến" not in text


def test_creating_a_team_with_a_taken_name_keeps_what_was_typed(client, teams):
    client.force_login(teams.deputy)
    url = reverse("members:support-teams", kwargs={"committee_pk": teams.committee.pk})
    response = client.post(url, {"name": "Nhóm hạ tầng", "domain": "Lĩnh vực gõ dở"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert 'value="Lĩnh vực gõ dở"' in response.content.decode()
    response = client.post(url, {"name": "Nhóm an toàn thông tin", "domain": "ATTT"})
    created = SupportTeam.objects.get(committee=teams.committee, name="Nhóm an toàn thông tin")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "members:support-team", kwargs={"committee_pk": teams.committee.pk, "pk": created.pk}
    )


def test_the_member_form_offers_only_the_support_group_in_force(client, teams):
    client.force_login(teams.lead)
    page = client.get(
        reverse("members:support-team", kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk})
    )
    offered = set(page.context["member_form"].fields["user"].queryset)
    assert offered == {teams.lead, teams.secretary2}  # `secretary` is already in it; not `former`
    # A person outside the support group sent anyway: an error on the field, nothing saved.
    response = client.post(
        reverse(
            "members:support-team-member-add",
            kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk},
        ),
        {"user": teams.member.pk},
    )
    assert response.status_code == 200
    assert response.context["member_form"].errors["user"]
    assert not SupportTeamMembership.objects.filter(user=teams.member).exists()


def test_a_duty_form_with_errors_keeps_what_was_typed(client, teams):
    client.force_login(teams.lead)
    url = reverse(
        "members:support-duty-add", kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk}
    )
    response = client.post(
        url,
        {
            "user": teams.secretary.pk,
            "areas": "Đô thị thông minh",
            "tasks": "Chuẩn bị báo cáo quý",
            "start_date": today().isoformat(),
            "end_date": (today() - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"]
    text = response.content.decode()
    assert "Đô thị thông minh" in text and "Chuẩn bị báo cáo quý" in text


def test_another_committees_team_answers_404_even_to_a_manager(client, teams):
    client.force_login(teams.deputy)
    for name in ("members:support-team", "members:support-duty-add"):
        url = reverse(name, kwargs={"committee_pk": teams.committee.pk, "pk": teams.other_team.pk})
        assert client.get(url).status_code == 404
    url = reverse(
        "members:support-team-delete", kwargs={"committee_pk": teams.committee.pk, "pk": teams.other_team.pk}
    )
    assert client.post(url).status_code == 404
    assert SupportTeam.objects.filter(pk=teams.other_team.pk).exists()
    # Committee B's own deputy does not reach committee A's team either.
    client.force_login(teams.other_deputy)
    url = reverse("members:support-team", kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk})
    assert client.get(url).status_code == 404


def test_deleting_asks_for_confirmation_on_the_page(client, teams):
    client.force_login(teams.deputy)
    page = client.get(
        reverse("members:support-team", kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk})
    ).content.decode()
    assert 'class="confirm-step"' in page
    # The delete URL only answers a POST.
    url = reverse(
        "members:support-team-delete", kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk}
    )
    assert client.get(url).status_code == 405


# --- the permission matrix --------------------------------------------------------------------------

CAST = [
    "chair",
    "deputy",
    "standing",
    "member",
    "member_b",
    "secretary",
    "lead",
    "focal",
    "other_member",
    "other_deputy",
    "guest",
    "outsider",
    "admin",
    "anonymous",
]
MANAGERS = ("deputy", "lead")
OUTSIDERS = ("other_member", "other_deputy", "guest", "outsider", "admin")


def _expected(who: str) -> object:
    if who == "anonymous":
        return "login"
    if who in MANAGERS:
        return "ok"
    return 404 if who in OUTSIDERS else 403


#: URL name → (method, the kwargs built from the world, POST data).
ROWS = {
    "support-teams": ("get", "committee", {}),
    "support-team": ("get", "team", {}),
    "support-team-delete": ("post", "team", {}),
    "support-team-member-add": ("post", "team", {"user": "secretary2"}),
    "support-team-member-lead": ("post", "member", {"is_lead": "0"}),
    "support-team-member-remove": ("post", "member", {}),
    "support-duty-add": ("get", "team", {}),
    "support-duty-edit": ("get", "duty", {}),
    "support-duty-delete": ("post", "duty", {}),
}


def test_every_support_team_url_has_a_row():
    from members import urls

    names = {p.name for p in urls.urlpatterns if p.name.startswith("support-")}
    assert names == set(ROWS)


def _outcome(response) -> object:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        return "login" if reverse("login") in response["Location"] else "ok"
    return response.status_code


@pytest.mark.parametrize("name", sorted(ROWS))
def test_permission_matrix(client, teams, name):
    method, kind, data = ROWS[name]
    c = teams.committee.pk
    kwargs = {
        "committee": {"committee_pk": c},
        "team": {"committee_pk": c, "pk": teams.team.pk},
        "member": {"committee_pk": c, "pk": teams.team.pk, "member_pk": teams.membership.pk},
        "duty": {"committee_pk": c, "pk": teams.team.pk, "duty_pk": teams.duty.pk},
    }[kind]
    url = reverse(f"members:{name}", kwargs=kwargs)
    payload = {k: (getattr(teams, v).pk if k == "user" else v) for k, v in data.items()}
    got = {}
    for who in CAST:
        client.logout()
        if who != "anonymous":
            client.force_login(getattr(teams, who if who != "member_b" else "member_other_agency"))
        with transaction.atomic():
            response = client.post(url, payload) if method == "post" else client.get(url)
            transaction.set_rollback(True)
        got[who] = _outcome(response)
    mismatches = {who: (got[who], _expected(who)) for who in CAST if got[who] != _expected(who)}
    assert not mismatches, f"{name}: who → (got, expected): {mismatches}"


# --- hostile input ------------------------------------------------------------------------------------


def test_no_sub_team_form_answers_500_when_given_hostile_values(client, teams):
    from tests.test_hostile_input import FormReader, Target, fuzz_targets

    pages = [
        reverse("members:support-teams", kwargs={"committee_pk": teams.committee.pk}),
        reverse("members:support-team", kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk}),
        reverse("members:support-duty-add", kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk}),
        reverse(
            "members:support-duty-edit",
            kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk, "duty_pk": teams.duty.pk},
        ),
    ]
    found: dict[tuple[str, str], Target] = {}
    client.force_login(teams.lead)
    for url in pages:
        page = found.setdefault((url, "get"), Target(url, "get"))
        page.add("user", "id")
        reader = FormReader(url)
        reader.feed(client.get(url).content.decode())
        for form in reader.forms:
            if form.url.startswith(("/admin/", "/i18n/", "/accounts/")):
                continue
            known = found.setdefault((form.url, form.method), Target(form.url, form.method))
            for field_name, read in form.fields.items():
                known.add(field_name, read.kind, shown=read.shown)
                for option in read.options:
                    known.add(field_name, read.kind, option)
    targets = sorted(found.values(), key=lambda t: (t.url, t.method))
    assert sum(t.method == "post" for t in targets) >= 5  # the crawl found the forms
    fuzz_targets(client, [teams.lead, teams.deputy], targets, examples=4)


def test_the_composition_page_reads_the_teams_in_a_fixed_number_of_queries(
    client, teams, django_assert_max_num_queries
):
    url = reverse("members:committee-detail", kwargs={"pk": teams.committee.pk})
    client.force_login(teams.member)
    client.get(url)  # warm the caches that do not depend on the rows
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    for n in range(4):
        team = services.support_team_create(
            committee=teams.committee, actor=teams.deputy, name=f"Nhóm số {n}"
        )
        services.support_team_member_add(team=team, actor=teams.deputy, user=teams.secretary2, is_lead=n == 0)
        services.support_duty_save(
            team=team,
            actor=teams.deputy,
            user=teams.secretary2,
            areas=f"Lĩnh vực {n}",
            agencies=[teams.org_a, teams.org_b],
            start_date=today(),
        )
    with django_assert_max_num_queries(baseline):
        text = client.get(url).content.decode()
    assert "Lĩnh vực 3" in text


def test_the_team_page_history_says_who_assigned_and_changed_each_duty_once(client, teams):
    services.support_duty_save(
        team=teams.team,
        actor=teams.deputy,
        duty=teams.duty,
        user=teams.secretary,
        areas="Chữ ký số",
        agencies=[teams.org_b],
        start_date=today(),
    )
    client.force_login(teams.lead)
    page = client.get(
        reverse("members:support-team", kwargs={"committee_pk": teams.committee.pk, "pk": teams.team.pk})
    )
    duty_rows = [(h.history_user, h.reason_label) for h in page.context["history"] if h.what == "duty"]
    assert duty_rows == [(teams.deputy, "sửa nhiệm vụ"), (teams.lead, "phân công nhiệm vụ")]
