"""What people see: composition visibility, login, lockout, admin refusal, history, budgets."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from members.models import RoleAssignment
from tests.members.factories import CommitteeFactory, RoleAssignmentFactory, UserFactory

Role = RoleAssignment.Role


@pytest.fixture
def plain_notification():
    """A kind whose sentence is its one parameter, for tests of the list and the e-mail."""
    from members.notifications import NotificationKind, register_notification_kind

    return register_notification_kind(NotificationKind("tests.plain", "%(text)s")).name


def composition_url(committee):
    return reverse("members:committee-detail", kwargs={"pk": committee.pk})


def test_member_sees_own_committee_composition(client, cast):
    client.force_login(cast.member)
    r = client.get(composition_url(cast.committee))
    assert r.status_code == 200
    page = r.content.decode()
    assert cast.chair.full_name in page
    assert cast.secretary.full_name in page
    assert "245/QĐ-UBND" in page


def test_member_of_committee_a_gets_404_on_committee_b(client, cast):
    client.force_login(cast.member)
    assert client.get(composition_url(cast.other_committee)).status_code == 404


def test_unknown_committee_is_404_like_a_forbidden_one(client, cast):
    client.force_login(cast.member)
    assert client.get(reverse("members:committee-detail", kwargs={"pk": 999999})).status_code == 404


def test_anonymous_user_is_sent_to_login(client, cast):
    url = composition_url(cast.committee)
    r = client.get(url)
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login"))
    assert "next=" in r["Location"]


def test_administrator_without_role_gets_404_on_composition(client, cast):
    client.force_login(cast.admin)
    assert client.get(composition_url(cast.committee)).status_code == 404


def test_person_whose_term_ended_loses_the_page(client, cast):
    a = RoleAssignment.objects.get(user=cast.member, committee=cast.committee)
    a.end_date = datetime.date(2024, 6, 30)
    a.save()
    client.force_login(cast.member)
    assert client.get(composition_url(cast.committee)).status_code == 404


def test_admin_is_refused_to_non_staff(client, cast):
    client.force_login(cast.chair)
    r = client.get("/admin/")
    assert r.status_code == 302
    assert r["Location"].startswith("/admin/login/")
    r = client.get("/admin/members/roleassignment/")
    assert r.status_code == 302


def test_admin_is_open_to_staff(client, cast):
    client.force_login(cast.admin)
    assert client.get("/admin/members/roleassignment/").status_code == 200


def test_navigation_shows_administration_only_to_staff(client, cast):
    client.force_login(cast.member)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    client.force_login(cast.admin)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_home_lists_committees_with_roles(client, cast):
    client.force_login(cast.standing)
    page = client.get("/").content.decode()
    assert cast.committee.name in page
    assert cast.other_committee.name not in page


@pytest.mark.parametrize("members", [5, 50])
def test_composition_page_query_count_does_not_grow_with_members(
    client, db, django_assert_max_num_queries, members
):
    committee = CommitteeFactory()
    viewer = RoleAssignmentFactory(committee=committee, role=Role.CHAIR).user
    for _ in range(members - 1):
        RoleAssignmentFactory(committee=committee, role=Role.MEMBER)
    client.force_login(viewer)
    with django_assert_max_num_queries(8):
        r = client.get(composition_url(committee))
    assert r.status_code == 200
    assert r.content.decode().count('scope="row"') == members


def test_role_assignment_history_page_shows_who_changed_it(client, cast):
    a = RoleAssignment.objects.get(user=cast.member, committee=cast.committee)
    client.force_login(cast.admin)
    r = client.post(
        reverse("admin:members_roleassignment_change", args=[a.pk]),
        {
            "user": a.user_id,
            "committee": a.committee_id,
            "role": a.role,
            "organization": a.organization_id,
            "start_date": "01/01/2024",
            "end_date": "31/12/2026",
            "decision_number": "245/QĐ-UBND",
            "decision_date": "01/01/2024",
            "note": "nhiệm kỳ 2024-2026",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    latest = a.history.order_by("-history_date").first()
    assert latest.history_user == cast.admin
    r = client.get(reverse("members:roleassignment-history", args=[a.pk]))
    assert r.status_code == 200
    page = r.content.decode()
    assert "245/QĐ-UBND" in page
    assert cast.admin.full_name in page
    assert "31/12/2026" in page


def test_role_assignment_history_is_refused_to_committee_members(client, cast):
    a = RoleAssignment.objects.get(user=cast.member, committee=cast.committee)
    client.force_login(cast.chair)
    assert client.get(reverse("members:roleassignment-history", args=[a.pk])).status_code == 403


def test_admin_refuses_a_second_open_chair_with_a_clear_message(client, cast):
    newcomer = UserFactory(organization=cast.org_ubnd)
    client.force_login(cast.admin)
    r = client.post(
        reverse("admin:members_roleassignment_add"),
        {
            "user": newcomer.pk,
            "committee": cast.committee.pk,
            "role": Role.CHAIR,
            "organization": cast.org_ubnd.pk,
            "start_date": "01/01/2025",
            "end_date": "",
            "decision_number": "1/QĐ",
            "decision_date": "",
            "note": "",
        },
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert cast.chair.full_name in page and "trùng thời gian" in page
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


# --- login, lockout, password --------------------------------------------------------------------


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_login_with_demo_password_works(client, cast):
    r = _login(client, "member", settings.DEMO_PASSWORD)
    assert r.status_code == 302
    assert r["Location"] == reverse("home")


def test_wrong_password_keeps_the_username_and_says_why(client, cast):
    r = _login(client, "member", "wrong-password-123")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'value="member"' in page
    assert "mật khẩu chính xác" in page


def test_sixth_wrong_password_locks_the_account_with_a_vietnamese_message(client, cast):
    for attempt in range(5):
        r = _login(client, "member", f"wrong-password-{attempt}")
    r = _login(client, "member", "wrong-password-6")
    assert r.status_code == 429
    page = r.content.decode()
    assert "Tài khoản tạm thời bị khóa" in page
    assert "15 phút" in page
    # Even the right password is refused during the cool-off.
    r = _login(client, "member", settings.DEMO_PASSWORD)
    assert r.status_code == 429


def test_four_wrong_passwords_do_not_lock(client, cast):
    for attempt in range(4):
        _login(client, "member", f"wrong-password-{attempt}")
    assert _login(client, "member", settings.DEMO_PASSWORD).status_code == 302


def test_password_change_refuses_a_short_password_and_accepts_a_long_one(client, cast):
    client.force_login(cast.member)
    url = reverse("members:password-change")
    r = client.post(
        url,
        {"old_password": settings.DEMO_PASSWORD, "new_password1": "ngan-qua", "new_password2": "ngan-qua"},
    )
    assert r.status_code == 200
    assert "12" in r.content.decode()
    assert r.context["form"].has_error("new_password2", "password_too_short")
    r = client.post(
        url,
        {
            "old_password": settings.DEMO_PASSWORD,
            "new_password1": "mat-khau-moi-du-dai",
            "new_password2": "mat-khau-moi-du-dai",
        },
    )
    assert r.status_code == 302
    cast.member.refresh_from_db()
    assert cast.member.check_password("mat-khau-moi-du-dai")


def test_profile_update_keeps_typed_values_on_error(client, cast):
    client.force_login(cast.member)
    r = client.post(
        reverse("members:profile"),
        {
            "full_name": "Phạm Thị Thu Hà",
            "position": "Giám đốc",
            "phone": "0276 3822 111",
            "email": "khong-phai-email",
        },
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert 'value="0276 3822 111"' in page
    assert 'value="khong-phai-email"' in page
    assert 'aria-invalid="true"' in page


def test_healthz_reports_database_and_broker(client, db, tmp_path, settings):
    (tmp_path / "q").mkdir()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "q"),
        "data_folder_out": str(tmp_path / "q"),
        "processed_folder": str(tmp_path / "p"),
    }
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"] == {"ok": True, "transport": "filesystem"}


def test_healthz_is_503_when_the_filesystem_broker_folder_is_missing(client, db, tmp_path, settings):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "gone")}
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["broker"]["ok"] is False
    assert r.json()["database"]["ok"] is True


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["broker"]["ok"] is False


@pytest.mark.redis
def test_healthz_with_real_redis(client, db, settings):
    import os

    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["broker"] == {"ok": True, "transport": "redis"}


def test_notifications_list_shows_unread_count_and_marks_read(client, cast, plain_notification):
    from members.models import Notification
    from members.services import notify

    notify(users=[cast.member], kind=plain_notification, params={"text": "Giấy mời họp quý IV/2026"}, url="/")
    client.force_login(cast.member)
    page = client.get("/").content.decode()
    assert 'badge text-bg-warning">1<' in page
    page = client.get(reverse("members:notification-list")).content.decode()
    assert "Giấy mời họp quý IV/2026" in page
    client.post(reverse("members:notification-list"))
    assert not Notification.objects.filter(user=cast.member, read_at__isnull=True).exists()
    assert "badge text-bg-warning" not in client.get("/").content.decode()


def test_notification_email_is_sent_once_even_if_the_job_runs_twice(cast, mailoutbox, plain_notification):
    from members.jobs import send_notification_emails
    from members.services import notify

    notes = notify(
        users=[cast.member, cast.chair], kind=plain_notification, params={"text": "Thông báo thử"}, url="/"
    )
    ids = [n.pk for n in notes]
    assert send_notification_emails(ids) == 2
    assert send_notification_emails(ids) == 0
    assert len(mailoutbox) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.member.email, cast.chair.email])


def test_home_shows_the_next_meeting_with_a_button_to_answer(client, cast):
    import datetime

    from django.utils import timezone

    from meetings import services

    start = timezone.now() + datetime.timedelta(days=3)
    meeting = services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind="quarterly",
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Phòng họp số 1",
    )
    client.force_login(cast.member)
    assert str(meeting) not in client.get("/").content.decode()  # a draft is not announced
    services.meeting_convene(meeting=meeting, actor=cast.chair)
    page = client.get("/").content.decode()
    assert "Phòng họp số 1" in page
    assert reverse("meetings:invitation-respond", kwargs={"pk": meeting.pk}) in page


def test_notification_email_refused_by_the_mail_server_is_sent_by_the_sweep_later(
    cast, mailoutbox, settings, monkeypatch, plain_notification
):
    """A failed send gives its claim back with a later time to try, so the sweep delivers it
    instead of finding it 'already sent'; the job itself raises nothing (no retry of its own)."""
    import datetime

    import time_machine
    from django.utils import timezone

    from members.jobs import send_notification_emails, send_pending_emails
    from members.services import notify
    from tests.members.mailbackends import refuse_addresses

    (note,) = notify(users=[cast.member], kind=plain_notification, params={"text": "Thông báo thử"}, url="/")
    backend = refuse_addresses(
        settings, monkeypatch, {cast.member.email: ConnectionRefusedError("SMTP down")}
    )
    assert send_notification_emails([note.pk]) == 0
    note.refresh_from_db()
    assert note.emailed_at is None and len(mailoutbox) == 0
    assert note.email_status == "pending"

    backend.refuse.clear()
    assert send_pending_emails()["sent"] == 0  # not yet: it waits its turn (backoff)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        assert send_pending_emails()["sent"] == 1
        assert send_pending_emails()["sent"] == 0
    assert len(mailoutbox) == 1


def test_committee_admin_refuses_two_chairs_entered_on_one_page_with_a_message(client, cast):
    """Rows saved together are checked against each other: a clear message on the row, not a
    database error, and nothing saved."""
    from members.models import Committee

    client.force_login(cast.admin)
    prefix = "role_assignments"
    before = RoleAssignment.objects.count()
    data = {
        "name": "Ban chỉ đạo thử",
        "short_code": "BCĐTHU",
        "parent_body": "UBND TỈNH TÂY NINH",
        "place_name": "Tây Ninh",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, user in enumerate((cast.chair, cast.deputy)):
        data.update(
            {
                f"{prefix}-{i}-user": user.pk,
                f"{prefix}-{i}-role": "chair",
                f"{prefix}-{i}-start_date": "01/01/2026",
            }
        )
    r = client.post(reverse("admin:members_committee_add"), data)

    assert r.status_code == 200
    assert "đã giữ chức danh này trong Ban chỉ đạo" in r.content.decode()  # the row says why
    assert "errornote" in r.content.decode()
    assert not Committee.objects.filter(short_code="BCĐTHU").exists()
    assert RoleAssignment.objects.count() == before


# --- former holders and the history of a term (issue #9, item 9) --------------------------------


def _member_becomes_deputy(cast, actor):
    from members.services import role_assignment_end_and_start

    old = RoleAssignment.objects.get(user=cast.member, committee=cast.committee)
    new = role_assignment_end_and_start(
        assignment=old,
        end_date=datetime.date(2025, 6, 30),
        role=Role.DEPUTY,
        organization=cast.org_a,
        decision_number="77/QĐ-UBND",
        decision_date=datetime.date(2025, 6, 20),
        actor=actor,
    )
    return old, new


def _former_section(page: str) -> str:
    assert 'id="former-holders"' in page
    return page.split('id="former-holders"', 1)[1]


def test_composition_page_shows_former_holders_by_role_with_their_terms(client, cast):
    _member_becomes_deputy(cast, cast.admin)
    client.force_login(cast.chair)
    page = client.get(composition_url(cast.committee)).content.decode()
    former = _former_section(page)
    assert "Người từng giữ chức danh" in page
    assert cast.member.full_name in former
    assert "Ủy viên" in former and "Sở Kế hoạch và Đầu tư" in former
    assert "01/01/2024 – 30/06/2025" in former
    assert "245/QĐ-UBND (01/01/2024)" in former
    assert "77/QĐ-UBND" not in former  # the new term is current, not former


def test_composition_page_has_no_former_holders_section_when_no_term_has_ended(client, cast):
    client.force_login(cast.chair)
    assert 'id="former-holders"' not in client.get(composition_url(cast.committee)).content.decode()


def test_composition_page_hides_history_links_from_committee_members(client, cast):
    old, _new = _member_becomes_deputy(cast, cast.admin)
    client.force_login(cast.chair)
    page = client.get(composition_url(cast.committee)).content.decode()
    assert reverse("members:roleassignment-history", args=[old.pk]) not in page


def test_composition_page_links_former_terms_to_their_history_for_an_administrator_with_a_role(client, cast):
    """An administrator reads the history; they see the composition only through a role that
    another administrator gave them."""
    from members.services import role_assignment_create

    old, _new = _member_becomes_deputy(cast, cast.admin)
    second_admin = UserFactory(username="admin2", is_staff=True, is_superuser=True)
    role_assignment_create(
        user=cast.admin,
        committee=cast.committee,
        role=Role.SECRETARIAT,
        organization=cast.org_a,
        start_date=datetime.date(2025, 1, 1),
        actor=second_admin,
    )
    client.force_login(cast.admin)
    page = client.get(composition_url(cast.committee)).content.decode()
    history_url = reverse("members:roleassignment-history", args=[old.pk])
    assert history_url in _former_section(page)
    assert client.get(history_url).status_code == 200


@pytest.mark.parametrize(
    "who, status",
    [
        ("admin", 200),
        ("chair", 403),
        ("deputy", 403),
        ("standing", 403),
        ("member", 403),
        ("secretary", 403),
        ("focal", 403),
        ("guest", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_role_assignment_history_page_answers_the_cast(client, cast, who, status):
    a = RoleAssignment.objects.get(user=cast.member, committee=cast.committee)
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    r = client.get(reverse("members:roleassignment-history", args=[a.pk]))
    assert r.status_code == status
    if status == 302:
        assert r["Location"].startswith(reverse("login"))


def test_role_assignment_history_page_shows_readable_vietnamese_values(client, cast):
    import polib

    from tests.test_i18n import _english_left_on

    old, _new = _member_becomes_deputy(cast, cast.admin)
    client.force_login(cast.admin)
    r = client.get(reverse("members:roleassignment-history", args=[old.pk]))
    page = r.content.decode()
    assert 'lang="vi"' in page
    assert "Ủy viên" in page and "Sở Kế hoạch và Đầu tư" in page and cast.committee.name in page
    assert "30/06/2025" in page and "01/01/2024" in page and "245/QĐ-UBND (01/01/2024)" in page
    assert "kết thúc nhiệm kỳ" in page and "bổ nhiệm" not in page  # the factory's creation had no reason
    assert cast.admin.full_name in page
    for raw in (">member<", "term ended", f">{cast.org_a.pk}<", "2025-06-30"):
        assert raw not in page
    vi = polib.pofile(str(settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    assert _english_left_on(page, vi) == set()


@pytest.mark.parametrize("former", [5, 50])
def test_composition_page_query_count_does_not_grow_with_former_holders(
    client, db, django_assert_max_num_queries, former
):
    committee = CommitteeFactory()
    viewer = RoleAssignmentFactory(committee=committee, role=Role.CHAIR).user
    for _ in range(former):
        RoleAssignmentFactory(committee=committee, role=Role.MEMBER, end_date=datetime.date(2024, 12, 31))
    client.force_login(viewer)
    with django_assert_max_num_queries(8):
        r = client.get(composition_url(committee))
    assert r.status_code == 200
    assert _former_section(r.content.decode()).count('scope="row"') == former


def test_role_assignment_history_page_links_the_terms_before_and_after_a_change_of_role(client, cast):
    old, new = _member_becomes_deputy(cast, cast.admin)
    client.force_login(cast.admin)
    page = client.get(reverse("members:roleassignment-history", args=[old.pk])).content.decode()
    assert reverse("members:roleassignment-history", args=[new.pk]) in page
    assert "Phó Trưởng ban" in page and "01/07/2025" in page and "77/QĐ-UBND" in page
    assert reverse("admin:members_roleassignment_change", args=[old.pk]) in page
