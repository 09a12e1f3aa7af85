"""A person's e-mail preferences (members.views.notification_preferences): per kind, by e-mail
or in the portal only, and the daily digest; the portal always shows everything. The
notifications page filters by kind and read state, in pages, and shrugs off hostile values."""

from __future__ import annotations

import datetime

import polib
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting
from members.jobs import send_pending_emails
from members.models import Notification, NotificationPreference, User
from members.notifications import notification_kind, notification_kinds
from members.services import notify

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("members:notification-preferences")
NOTIFICATIONS = reverse("members:notification-list")


def _all_ticked(**changes) -> dict[str, str]:
    """The form as sent with every e-mail box ticked (a box left out is unticked)."""
    data = {
        "email_" + kind.name.replace(".", "__"): "on" for kind in notification_kinds() if not kind.preference
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_every_kind_has_a_vietnamese_label_and_every_variant_follows_a_registered_kind():
    vi = polib.pofile(str(settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    for kind in notification_kinds():
        if kind.name.startswith("tests."):
            continue  # registered by the tests themselves
        assert kind.label, f"{kind.name} has no label for the preferences page"
        entry = vi.find(kind.label)
        assert entry is not None and entry.msgstr and entry.msgstr != kind.label, kind.label
        if kind.preference:
            assert notification_kind(kind.preference).preference == ""


def test_the_preferences_page_offers_each_kind_by_e_mail_ticked_by_default_and_the_digest(client, cast):
    client.force_login(cast.member)
    page = client.get(PREFERENCES).content.decode()

    assert "<h1" in page and "Tùy chọn nhận thư" in page
    for title in ("Nhân sự và Ban chỉ đạo", "Cuộc họp", "Nhiệm vụ chỉ đạo"):
        assert f'<legend class="h5">{title}</legend>' in page
    assert '<label for="id_email_meetings__invited" class="form-check-label">Giấy mời họp</label>' in page
    assert (
        'name="email_meetings__invited" class="form-check-input" id="id_email_meetings__invited" checked'
        in page
    )
    assert 'name="email_tasks__urged"' in page
    assert "meetings__absence_refused" not in page  # a variant follows "Decision on your absence"
    assert (
        'name="digest" class="form-check-input" aria-describedby="id_digest_helptext" id="id_digest">' in page
    )


def test_the_preferences_page_is_linked_from_the_profile_and_the_notifications_page(client, cast):
    client.force_login(cast.member)
    assert f'href="{PREFERENCES}"' in client.get(reverse("members:profile")).content.decode()
    assert f'href="{PREFERENCES}"' in client.get(NOTIFICATIONS).content.decode()


def test_the_preferences_page_asks_for_a_login(client):
    r = client.get(PREFERENCES)
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_unticking_a_kind_keeps_it_in_the_portal_and_stops_its_e_mails(client, cast, mailoutbox):
    client.force_login(cast.member)
    r = client.post(PREFERENCES, _all_ticked(email_meetings__invited=None), follow=True)

    assert "Đã lưu tùy chọn thông báo của bạn." in r.content.decode()
    assert list(NotificationPreference.objects.values_list("user_id", "kind", "by_email")) == [
        (cast.member.pk, "meetings.invited", False)
    ]
    assert 'id="id_email_meetings__invited" checked' not in r.content.decode()

    start = (timezone.localtime() + datetime.timedelta(days=5)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    meeting = meeting_services.meeting_create(
        committee=cast.committee,
        actor=cast.secretary,
        kind=Meeting.Kind.QUARTERLY,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        place="Phòng họp số 1",
        confirm_second_meeting=True,
    )
    meeting_services.meeting_convene(meeting=meeting, actor=cast.chair)
    send_pending_emails()
    recipients = {m.to[0] for m in mailoutbox}
    assert cast.member.email not in recipients and cast.chair.email in recipients
    assert Notification.objects.get(user=cast.member, kind="meetings.invited").email_status == "not_emailed"
    assert str(meeting) in client.get(NOTIFICATIONS).content.decode()  # still in the portal


def test_ticking_it_again_e_mails_it_again(client, cast):
    NotificationPreference.objects.create(user=cast.member, kind="meetings.invited", by_email=False)
    client.force_login(cast.member)
    client.post(PREFERENCES, _all_ticked())
    assert not NotificationPreference.objects.exists()


def test_choosing_the_daily_digest_keeps_the_e_mails_for_the_morning(client, cast):
    client.force_login(cast.member)
    client.post(PREFERENCES, _all_ticked(digest="on"))
    assert User.objects.get(pk=cast.member.pk).email_digest is True

    (note,) = notify(
        users=[User.objects.get(pk=cast.member.pk)], kind="meetings.proposal_accepted", params={}
    )
    assert note.email_status == "digest"

    client.post(PREFERENCES, _all_ticked())
    assert User.objects.get(pk=cast.member.pk).email_digest is False


def test_a_preferences_form_with_an_unknown_box_changes_nothing_it_does_not_know(client, cast):
    client.force_login(cast.member)
    r = client.post(PREFERENCES, _all_ticked(email_meetings__nonsense="on", digest="yes<script>"))
    assert r.status_code == 302
    assert not NotificationPreference.objects.exists()


# --- the notifications page ----------------------------------------------------------------------------


WITHDRAWN = {
    "agency": "Sở Kế hoạch và Đầu tư",
    "committee": "Ban chỉ đạo A",
    "start": datetime.date(2027, 1, 4),
}


def _notes(user, count: int, kind: str = "meetings.proposal_accepted", **params) -> list[Notification]:
    return [notify(users=[user], kind=kind, params=params)[0] for _ in range(count)]


def test_the_notifications_page_filters_by_kind_and_read_state(client, cast):
    _notes(cast.member, 2, "meetings.proposal_accepted")
    (declined,) = _notes(cast.member, 1, "meetings.proposal_declined")  # a variant of the same choice
    withdrawn = {
        "agency": "Sở Kế hoạch và Đầu tư",
        "committee": "Ban chỉ đạo A",
        "start": datetime.date(2027, 1, 4),
    }
    notify(users=[cast.member], kind="members.focal_officer_withdrawn", params=withdrawn)
    Notification.objects.filter(pk=declined.pk).update(read_at=timezone.now())
    client.force_login(cast.member)

    def shown(**query) -> int:
        page = client.get(NOTIFICATIONS, query).content.decode()
        return page.count('<li class="list-group-item')

    assert shown() == 4
    assert shown(kind="meetings.proposal_accepted") == 3
    assert shown(kind="members.focal_officer_named") == 1
    assert shown(kind="meetings.proposal_accepted", state="unread") == 2
    assert shown(state="read") == 1
    page = client.get(NOTIFICATIONS, {"kind": "meetings.invited"}).content.decode()
    assert "Không có thông báo nào phù hợp với bộ lọc." in page
    assert '<label for="id_kind" class="form-label">Loại</label>' in page
    assert '<label for="id_state" class="form-label">Trạng thái</label>' in page


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "<script>alert(1)</script>"},
        {"state": "deleted"},
        {"kind": "meetings.absence_refused"},  # a variant is filtered through its main kind
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"kind": "x" * 5000, "state": "\x00"},
    ],
)
def test_the_notifications_page_ignores_a_hostile_filter_with_a_message(client, cast, query):
    _notes(cast.member, 3)
    client.force_login(cast.member)
    r = client.get(NOTIFICATIONS, query)
    page = r.content.decode()
    assert r.status_code == 200
    assert page.count('<li class="list-group-item') == 3  # the filter is ignored, not applied
    assert "<script>alert(1)" not in page
    if "page" not in query:
        assert "is-invalid" in page and "invalid-feedback" in page


def test_the_notifications_page_shows_25_a_page_keeping_its_filters(client, cast):
    _notes(cast.member, 30)
    _notes(cast.member, 2, "members.focal_officer_withdrawn", **WITHDRAWN)
    client.force_login(cast.member)
    first = client.get(NOTIFICATIONS, {"kind": "meetings.proposal_accepted"}).content.decode()
    assert first.count('<li class="list-group-item') == 25
    assert "Trang 1/2" in first
    assert "?kind=meetings.proposal_accepted&amp;page=2" in first
    second = client.get(NOTIFICATIONS, {"kind": "meetings.proposal_accepted", "page": 2}).content.decode()
    assert second.count('<li class="list-group-item') == 5


def test_the_notifications_page_reads_a_page_in_the_same_queries_however_many_rows(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.member)
    _notes(cast.member, 2)
    client.get(NOTIFICATIONS)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(NOTIFICATIONS, {"state": "unread"})
    _notes(cast.member, 40)
    with django_assert_max_num_queries(len(few)):
        client.get(NOTIFICATIONS, {"state": "unread"})
