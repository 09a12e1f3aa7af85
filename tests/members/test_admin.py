"""The administration (issue #9): a term is ended and a new one started, never rewritten; nobody
gives themselves a committee role; only a superuser grants privileges; changes are security events."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from members.models import RoleAssignment, User
from tests.members.factories import UserFactory

Role = RoleAssignment.Role


def change_url(assignment: RoleAssignment) -> str:
    return reverse("admin:members_roleassignment_change", args=[assignment.pk])


def end_and_start_url(assignment: RoleAssignment) -> str:
    return reverse("admin:members_roleassignment_end_and_start", args=[assignment.pk])


def member_assignment(cast) -> RoleAssignment:
    return RoleAssignment.objects.get(user=cast.member, committee=cast.committee)


def change_data(a: RoleAssignment, **overrides) -> dict:
    data = {
        "user": a.user_id,
        "committee": a.committee_id,
        "role": a.role,
        "organization": a.organization_id or "",
        "start_date": a.start_date.strftime("%d/%m/%Y"),
        "end_date": "",
        "decision_number": a.decision_number,
        "decision_date": a.decision_date.strftime("%d/%m/%Y") if a.decision_date else "",
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def second_admin(db) -> User:
    return UserFactory(username="admin2", full_name="Quản Trị Hai", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_user_manager(db) -> User:
    """A staff account that may manage accounts, but is no superuser."""
    user = UserFactory(username="helpdesk", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="members", codename__in=["view_user", "change_user", "add_user"]
        ),
        *Permission.objects.filter(
            content_type__app_label="auth", codename__in=["view_group", "change_group"]
        ),
    )
    return user


# --- a term is not rewritten in place ------------------------------------------------------------


def test_role_assignment_change_page_shows_person_role_committee_and_decision_read_only(client, cast):
    client.force_login(cast.admin)
    r = client.get(change_url(member_assignment(cast)))
    assert r.status_code == 200
    form = r.context["adminform"].form
    assert not {"user", "committee", "role", "decision_number", "decision_date"} & set(form.fields)
    assert {"organization", "start_date", "end_date", "note"} <= set(form.fields)
    page = r.content.decode()
    assert end_and_start_url(member_assignment(cast)) in page
    assert "Kết thúc nhiệm kỳ này và bắt đầu nhiệm kỳ mới" in page


def test_role_assignment_admin_keeps_the_role_and_decision_when_new_ones_are_posted(client, cast):
    a = member_assignment(cast)
    client.force_login(cast.admin)
    r = client.post(
        change_url(a), change_data(a, role=Role.CHAIR, decision_number="999/QĐ-UBND", note="sửa ghi chú")
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.role, a.decision_number, a.note) == (Role.MEMBER, "245/QĐ-UBND", "sửa ghi chú")


def test_role_assignment_admin_shows_a_message_not_a_500_when_corrected_dates_overlap_another_chair(
    client, cast
):
    chair = RoleAssignment.objects.get(user=cast.chair, committee=cast.committee)
    former = RoleAssignment.objects.create(
        user=UserFactory(username="former_chair", full_name="Trưởng Ban Cũ"),
        committee=cast.committee,
        role=Role.CHAIR,
        organization=cast.org_ubnd,
        start_date=chair.start_date - datetime.timedelta(days=400),
        end_date=chair.start_date - datetime.timedelta(days=1),
        decision_number="1/QĐ-UBND",
    )
    client.force_login(cast.admin)
    r = client.post(change_url(former), change_data(former, end_date=""))  # reopened: overlaps
    assert r.status_code == 200
    assert f"{cast.chair} đã giữ chức danh này trong Ban chỉ đạo" in r.content.decode()
    former.refresh_from_db()
    assert former.end_date == chair.start_date - datetime.timedelta(days=1)


def _threshold_fields() -> list[str]:
    """The fields of the admin's "Compliance thresholds" section (the one holding the first)."""
    from django.contrib import admin

    from members.models import Committee

    fieldsets = admin.site._registry[Committee].fieldsets
    fields = next(o["fields"] for _t, o in fieldsets if "compliance_quarter_amber_days" in o["fields"])
    assert len(fields) >= 8
    return list(fields)


def test_committee_inline_keeps_a_saved_rows_role_when_a_new_one_is_posted(client, cast):
    a = member_assignment(cast)
    rows = list(RoleAssignment.objects.filter(committee=cast.committee).order_by("pk"))
    prefix = "role_assignments"
    data = {
        "name": cast.committee.name,
        "short_code": cast.committee.short_code,
        "parent_body": cast.committee.parent_body,
        "decision_number": cast.committee.decision_number,
        "decision_date": cast.committee.decision_date.strftime("%d/%m/%Y"),
        "place_name": cast.committee.place_name,
        # The committee's settings as saved (the compliance thresholds are required numbers): every
        # field of the admin's "Compliance thresholds" section, so a new threshold is posted too.
        **{name: getattr(cast.committee, name) for name in _threshold_fields()},
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        values = change_data(row)
        data.update(
            {f"{prefix}-{i}-{name}": values[name] for name in values if name not in ("committee", "note")}
        )
        data[f"{prefix}-{i}-id"] = row.pk
        data[f"{prefix}-{i}-committee"] = cast.committee.pk
        if row.pk == a.pk:
            data[f"{prefix}-{i}-role"] = Role.CHAIR
            data[f"{prefix}-{i}-decision_number"] = "999/QĐ-UBND"
    client.force_login(cast.admin)
    r = client.post(reverse("admin:members_committee_change", args=[cast.committee.pk]), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    a.refresh_from_db()
    assert (a.role, a.decision_number) == (Role.MEMBER, "245/QĐ-UBND")


def test_end_and_start_in_the_admin_ends_the_term_and_starts_the_new_one_the_next_day(client, cast):
    a = member_assignment(cast)
    client.force_login(cast.admin)
    r = client.get(end_and_start_url(a))
    assert r.status_code == 200
    assert r.context["adminform"].form.initial["role"] == Role.MEMBER
    r = client.post(
        end_and_start_url(a),
        {
            "end_date": "30/06/2025",
            "role": Role.DEPUTY,
            "organization": cast.org_a.pk,
            "decision_number": "77/QĐ-UBND",
            "decision_date": "20/06/2025",
            "note": "",
        },
        follow=True,
    )
    a.refresh_from_db()
    new = RoleAssignment.objects.get(user=cast.member, committee=cast.committee, role=Role.DEPUTY)
    assert r.redirect_chain[-1][0] == change_url(new)
    assert "30/06/2025" in r.content.decode() and "01/07/2025" in r.content.decode()
    assert (a.role, a.end_date, a.decision_number) == (Role.MEMBER, datetime.date(2025, 6, 30), "245/QĐ-UBND")
    assert (new.start_date, new.decision_number) == (datetime.date(2025, 7, 1), "77/QĐ-UBND")
    entries = LogEntry.objects.filter(user=cast.admin).order_by("pk")
    assert [(e.action_flag, e.object_id) for e in entries] == [(CHANGE, str(a.pk)), (ADDITION, str(new.pk))]
    assert a.history.order_by("-history_date").first().history_user == cast.admin


def test_end_and_start_in_the_admin_shows_the_refusal_on_the_form_and_ends_nothing(client, cast):
    a = RoleAssignment.objects.get(user=cast.deputy, committee=cast.committee)
    client.force_login(cast.admin)
    r = client.post(
        end_and_start_url(a),
        {
            "end_date": "30/06/2025",
            "role": Role.CHAIR,
            "organization": cast.org_ubnd.pk,
            "decision_number": "78/QĐ-UBND",
            "decision_date": "20/06/2025",
        },
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert cast.chair.full_name in page and "trùng thời gian" in page
    assert r.context["adminform"].form.has_error("role")
    a.refresh_from_db()
    assert a.end_date is None


def test_end_and_start_page_is_refused_to_staff_who_may_not_change_assignments(
    client, cast, staff_user_manager
):
    client.force_login(staff_user_manager)
    assert client.get(end_and_start_url(member_assignment(cast))).status_code == 403


# --- nobody gives themselves a role --------------------------------------------------------------


def test_admin_refuses_an_administrator_giving_themselves_a_role_with_a_message(client, cast):
    client.force_login(cast.admin)
    r = client.post(
        reverse("admin:members_roleassignment_add"),
        {
            "user": cast.admin.pk,
            "committee": cast.committee.pk,
            "role": Role.DEPUTY,
            "organization": cast.org_ubnd.pk,
            "start_date": "01/01/2025",
            "end_date": "",
            "decision_number": "1/QĐ",
            "decision_date": "",
            "note": "",
        },
    )
    assert r.status_code == 200
    assert "quản trị viên khác" in r.content.decode()
    assert not RoleAssignment.objects.filter(user=cast.admin).exists()


def test_admin_accepts_another_administrator_giving_an_administrator_a_role(client, cast, second_admin):
    client.force_login(second_admin)
    r = client.post(
        reverse("admin:members_roleassignment_add"),
        {
            "user": cast.admin.pk,
            "committee": cast.committee.pk,
            "role": Role.DEPUTY,
            "organization": cast.org_ubnd.pk,
            "start_date": "01/01/2025",
            "end_date": "",
            "decision_number": "1/QĐ",
            "decision_date": "",
            "note": "",
        },
    )
    assert r.status_code == 302
    a = RoleAssignment.objects.get(user=cast.admin)
    assert a.history.get().history_user == second_admin


def test_committee_inline_refuses_a_row_giving_the_administrator_a_role(client, cast):
    prefix = "role_assignments"
    client.force_login(cast.admin)
    r = client.post(
        reverse("admin:members_committee_add"),
        {
            "name": "Ban chỉ đạo thử",
            "short_code": "BCĐTHU",
            "parent_body": "UBND TỈNH TÂY NINH",
            "place_name": "Tây Ninh",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-user": cast.admin.pk,
            f"{prefix}-0-role": Role.CHAIR,
            f"{prefix}-0-start_date": "01/01/2026",
        },
    )
    assert r.status_code == 200
    assert "quản trị viên khác" in r.content.decode()
    assert not RoleAssignment.objects.filter(user=cast.admin).exists()


def test_end_and_start_refuses_an_administrator_changing_their_own_term_with_a_message(
    client, cast, second_admin
):
    own = RoleAssignment.objects.create(
        user=cast.admin, committee=cast.committee, role=Role.DEPUTY, start_date=datetime.date(2025, 1, 1)
    )
    client.force_login(cast.admin)
    r = client.post(
        end_and_start_url(own),
        {
            "end_date": "30/06/2025",
            "role": Role.CHAIR,
            "decision_number": "9/QĐ",
            "decision_date": "20/06/2025",
        },
    )
    assert r.status_code == 200
    assert "quản trị viên khác" in r.content.decode()
    own.refresh_from_db()
    assert own.end_date is None


# --- security events -----------------------------------------------------------------------------


def _security_messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "security" and r.levelname == "WARNING"]


def test_role_assignment_saved_in_the_admin_is_logged_as_a_security_event(client, cast, caplog):
    a = member_assignment(cast)
    client.force_login(cast.admin)
    with caplog.at_level("WARNING", logger="security"):
        client.post(change_url(a), change_data(a, end_date="31/12/2026"))
    (message,) = _security_messages(caplog)
    assert message.startswith("role assignment changed in the admin by admin(#")
    assert f"assignment=#{a.pk}" in message and "person=member(#" in message
    assert "role=member" in message and "term=2024-01-01..2026-12-31" in message


def test_role_assignment_deleted_in_the_admin_is_logged_as_a_security_event(client, cast, caplog):
    a = member_assignment(cast)
    client.force_login(cast.admin)
    with caplog.at_level("WARNING", logger="security"):
        r = client.post(reverse("admin:members_roleassignment_delete", args=[a.pk]), {"post": "yes"})
    assert r.status_code == 302
    assert not RoleAssignment.objects.filter(pk=a.pk).exists()
    (message,) = _security_messages(caplog)
    assert message.startswith("role assignment deleted in the admin by admin(#")
    assert f"assignment=#{a.pk}" in message


def test_role_assignments_bulk_deleted_in_the_admin_are_logged_one_event_each(client, cast, caplog):
    ids = [member_assignment(cast).pk, RoleAssignment.objects.get(user=cast.focal).pk]
    client.force_login(cast.admin)
    with caplog.at_level("WARNING", logger="security"):
        client.post(
            reverse("admin:members_roleassignment_changelist"),
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
    assert not RoleAssignment.objects.filter(pk__in=ids).exists()
    assert len(_security_messages(caplog)) == 2


# --- only a superuser grants privileges ----------------------------------------------------------


def _user_change_data(user: User, **overrides) -> dict:
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "position": user.position,
        "organization": user.organization_id or "",
        "email": user.email,
        "phone": user.phone,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": "08:00:00",
    }
    data.update(overrides)
    return data


def test_user_admin_shows_privileges_read_only_to_staff_who_are_not_superusers(
    client, cast, staff_user_manager
):
    client.force_login(staff_user_manager)
    r = client.get(reverse("admin:members_user_change", args=[cast.member.pk]))
    assert r.status_code == 200
    fields = set(r.context["adminform"].form.fields)
    assert not {"is_staff", "is_superuser", "groups", "user_permissions"} & fields
    assert {"full_name", "email", "is_active"} <= fields


def test_user_admin_ignores_privileges_posted_by_staff_who_are_not_superusers(
    client, cast, staff_user_manager
):
    group = Group.objects.create(name="Toàn quyền")
    group.permissions.set(Permission.objects.all())
    client.force_login(staff_user_manager)
    for target in (cast.member, staff_user_manager):
        r = client.post(
            reverse("admin:members_user_change", args=[target.pk]),
            _user_change_data(
                target,
                is_staff="on",
                is_superuser="on",
                groups=[group.pk],
                user_permissions=[p.pk for p in Permission.objects.all()[:5]],
                position="Chuyên viên chính",
            ),
        )
        assert r.status_code == 302, r.content.decode()[:2000]
        target = User.objects.get(pk=target.pk)
        assert target.position == "Chuyên viên chính"
        assert not target.is_superuser
        assert not target.groups.exists()
    assert not User.objects.get(pk=cast.member.pk).is_staff
    assert User.objects.get(pk=staff_user_manager.pk).user_permissions.count() == 3 + 2


def test_user_admin_lets_a_superuser_grant_staff_status_and_logs_it(client, cast, caplog):
    client.force_login(cast.admin)
    with caplog.at_level("WARNING", logger="security"):
        r = client.post(
            reverse("admin:members_user_change", args=[cast.member.pk]),
            _user_change_data(cast.member, is_staff="on"),
        )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert User.objects.get(pk=cast.member.pk).is_staff
    (message,) = _security_messages(caplog)
    assert message.startswith("user privileges changed by admin(#")
    assert "person=member(#" in message and "fields=is_staff" in message and "is_staff=True" in message


def test_user_admin_refuses_staff_changing_a_superusers_account(client, cast, staff_user_manager):
    client.force_login(staff_user_manager)
    url = reverse("admin:members_user_change", args=[cast.admin.pk])
    r = client.post(url, _user_change_data(cast.admin, email="ke-gian@example.com"))
    assert r.status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[cast.admin.pk])
    assert client.get(password_url).status_code == 403
    assert User.objects.get(pk=cast.admin.pk).email == cast.admin.email


def test_group_admin_shows_permissions_read_only_to_staff_who_are_not_superusers(
    client, cast, staff_user_manager
):
    group = Group.objects.create(name="Tổ hỗ trợ")
    client.force_login(staff_user_manager)
    r = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Tổ hỗ trợ", "permissions": [p.pk for p in Permission.objects.all()[:5]]},
    )
    assert r.status_code == 302
    assert not group.permissions.exists()


def test_user_admin_refuses_staff_restoring_an_old_version_that_was_superuser(
    client, cast, staff_user_manager
):
    demoted = UserFactory(username="ex_admin", full_name="Quản Trị Cũ", is_staff=True, is_superuser=True)
    demoted.is_staff = demoted.is_superuser = False
    demoted.save()
    when_superuser = demoted.history.filter(is_superuser=True).get()
    client.force_login(staff_user_manager)
    r = client.post(
        reverse("admin:members_user_simple_history", args=[demoted.pk, when_superuser.history_id]),
        _user_change_data(demoted),
    )
    assert r.status_code == 403
    demoted.refresh_from_db()
    assert (demoted.is_staff, demoted.is_superuser) == (False, False)
