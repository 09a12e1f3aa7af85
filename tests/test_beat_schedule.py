"""Schedules an administrator can see and change (issue 11): beat installs the jobs the settings
declare into the database, keeps what an administrator changed there when it restarts, runs the
daily ones at Hanoi time, and the admin lists each job, its schedule and its last run in
Vietnamese. The scheduler is the one `celery beat` runs (steering.beat), driven here by hand.

The scheduler closes stale connections and commits as beat does, which a test inside a
transaction cannot survive: those tests use the transactional database.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from members.models import Notification
from steering.beat import PortalDatabaseScheduler, install_schedule
from steering.celery import app

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CHANGELIST = "admin:django_celery_beat_periodictask_changelist"
beat_db = pytest.mark.django_db(transaction=True)


def _start_beat() -> PortalDatabaseScheduler:
    """What `celery beat` does when it starts: set the schedule up, then read it."""
    scheduler = PortalDatabaseScheduler(app=app)
    assert scheduler.schedule is not None  # the first read, from the database
    return scheduler


def _crontab(job: PeriodicTask) -> tuple[str, str, str]:
    return job.crontab.minute, job.crontab.hour, str(job.crontab.timezone)


# --- Beat and the database ------------------------------------------------------------------------


@beat_db
def test_beat_installs_each_declared_job_with_its_schedule_in_hanoi_time():
    scheduler = _start_beat()

    jobs = {job.name: job for job in PeriodicTask.objects.select_related("crontab")}
    assert set(jobs) == set(settings.CELERY_BEAT_SCHEDULE)  # and no "celery.backend_cleanup"
    # Beat holds the jobs due within a couple of hours (it rereads the rest every 5 minutes).
    assert {"send-pending-emails", "run-reminders"} <= set(scheduler.schedule) <= set(jobs)
    assert _crontab(jobs["send-pending-emails"]) == ("*", "*", "Asia/Ho_Chi_Minh")
    assert _crontab(jobs["send-daily-digests"]) == ("0", "7", "Asia/Ho_Chi_Minh")
    assert _crontab(jobs["run-reminders"]) == ("*/15", "*", "Asia/Ho_Chi_Minh")
    assert _crontab(jobs["reconcile-role-permissions-daily"]) == ("5", "0", "Asia/Ho_Chi_Minh")
    assert jobs["send-pending-emails"].task == "members.jobs.send_pending_emails"
    assert jobs["send-pending-emails"].expire_seconds == 50
    assert all(job.enabled for job in jobs.values())


@beat_db
def test_beat_restart_keeps_the_schedule_and_switch_an_administrator_changed():
    install_schedule(settings.CELERY_BEAT_SCHEDULE)
    digest = PeriodicTask.objects.get(name="send-daily-digests")
    digest.crontab = CrontabSchedule.objects.create(minute="30", hour="6", timezone="Asia/Ho_Chi_Minh")
    digest.save()
    PeriodicTask.objects.filter(name="reconcile-role-permissions-daily").update(enabled=False)
    PeriodicTask.objects.filter(name="cleanup-render-jobs-daily").delete()

    scheduler = _start_beat()

    assert _crontab(PeriodicTask.objects.get(name="send-daily-digests")) == ("30", "6", "Asia/Ho_Chi_Minh")
    assert not PeriodicTask.objects.get(name="reconcile-role-permissions-daily").enabled
    assert "reconcile-role-permissions-daily" not in scheduler.schedule
    # A job deleted comes back as declared (switching it off is how to stop it).
    assert _crontab(PeriodicTask.objects.get(name="cleanup-render-jobs-daily")) == (
        "15",
        "2",
        "Asia/Ho_Chi_Minh",
    )
    assert PeriodicTask.objects.count() == len(settings.CELERY_BEAT_SCHEDULE)


@beat_db
def test_daily_digest_is_due_at_seven_in_hanoi_not_at_seven_utc():
    with time_machine.travel(datetime.datetime(2027, 1, 5, 6, 59, 30, tzinfo=HCM), tick=False):
        # Beat reads the crontabs of the hours around now, converted from Hanoi time to UTC.
        entry = _start_beat().schedule["send-daily-digests"]
        entry.last_run_at = datetime.datetime(2027, 1, 4, 7, 0, tzinfo=HCM)
        due, next_check = entry.is_due()
    assert not due and 29 <= next_check <= 31

    with time_machine.travel(datetime.datetime(2027, 1, 5, 7, 0, 5, tzinfo=HCM), tick=False):
        assert entry.is_due()[0]

    entry.last_run_at = datetime.datetime(2027, 1, 5, 7, 0, tzinfo=HCM)
    with time_machine.travel(datetime.datetime(2027, 1, 5, 7, 0, 5, tzinfo=datetime.UTC), tick=False):
        assert not entry.is_due()[0]  # 14:00 in Hanoi: today's digest has gone


@beat_db
def test_a_job_switched_off_in_the_admin_leaves_the_running_beat_without_a_restart(client, django_user_model):
    scheduler = _start_beat()
    assert "run-reminders" in scheduler.schedule
    assert scheduler.schedule  # beat's next tick notes the database's last change
    admin = django_user_model.objects.create_user("beat_admin", is_staff=True, is_superuser=True)
    client.force_login(admin)

    reminders = PeriodicTask.objects.get(name="run-reminders")
    response = client.post(
        reverse(CHANGELIST), {"action": "disable_tasks", "_selected_action": [reminders.pk]}, follow=True
    )

    assert "Đã tắt 1 công việc" in response.content.decode()
    assert scheduler.schedule_changed()
    scheduler._last_timestamp = None  # the check above consumed the change: read it again
    assert "run-reminders" not in scheduler.all_as_schedule()


# --- The admin ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, cast):
    install_schedule(settings.CELERY_BEAT_SCHEDULE)
    client.force_login(cast.admin)
    return client


def test_admin_lists_each_job_with_what_it_does_its_schedule_and_last_run_in_vietnamese(admin_client):
    PeriodicTask.objects.filter(name="send-pending-emails").update(
        last_run_at=datetime.datetime(2027, 1, 5, 0, 31, tzinfo=datetime.UTC), total_run_count=42
    )

    page = admin_client.get(reverse(CHANGELIST)).content.decode()

    for vietnamese in (
        "Công việc định kỳ",
        "Nội dung công việc",
        "Lịch chạy",
        "Lần chạy gần nhất",
        "Gửi thư điện tử các thông báo đang chờ gửi",
        "Mỗi phút (Asia/Ho_Chi_Minh)",
        "Gửi thư tổng hợp hằng ngày",
        "Tại 07:00 (Asia/Ho_Chi_Minh)",
        "Gửi các lời nhắc đến hạn (cuộc họp, biên bản, nhiệm vụ, kế hoạch)",
        "Mỗi 15 phút (Asia/Ho_Chi_Minh)",
        "07:31 05/01/2027",  # the last run, in Hanoi time
        "Tác vụ Celery",  # the filter by job
    ):
        assert vietnamese in page
    for english in ("Every minute", "At 07:00", "Last Run Datetime", "Periodic Tasks", "Task Name"):
        assert english not in page


def test_admin_job_form_describes_each_crontab_in_vietnamese(admin_client):
    digest = PeriodicTask.objects.get(name="send-daily-digests")

    page = admin_client.get(
        reverse("admin:django_celery_beat_periodictask_change", args=[digest.pk])
    ).content.decode()

    assert ">Tại 07:00 (Asia/Ho_Chi_Minh)</option>" in page.replace(" selected", "")
    assert "Diễn giải" in page
    assert "<title>send-daily-digests: Tại 07:00 (Asia/Ho_Chi_Minh) |" in page
    assert "Translation:" not in page and "At 07:00" not in page and "m/h/dM/MY/d" not in page
    # The start and expiry moments: each input named with its field, for assistive technology.
    assert 'aria-label="Thời điểm bắt đầu, ngày"' in page and 'aria-label="Thời điểm hết hạn, giờ"' in page


def test_interval_in_minutes_reads_phut_not_bien_ban_minutes_of_a_meeting(admin_client):
    interval = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)

    assert str(interval) == "mỗi 5 phút"
    with translation.override("en"):
        assert str(interval) == "every 5 minutes"
    listing = admin_client.get(reverse("admin:django_celery_beat_intervalschedule_changelist"))
    assert "mỗi 5 phút" in listing.content.decode()
    form = admin_client.get(reverse("admin:django_celery_beat_intervalschedule_add")).content.decode()
    assert '<option value="minutes">Phút</option>' in form
    assert "Biên bản" not in form


def test_admin_runs_a_chosen_job_now_through_the_worker(admin_client, cast):
    note = Notification.objects.create(
        user=cast.deputy,
        kind="members.acting_for_chair",
        params={"committee": "BCĐA", "start": "2027-01-05", "end": "2027-01-09"},
    )
    job = PeriodicTask.objects.create(
        name="e-mail one notification",
        task="members.jobs.send_notification_emails",
        args=f"[[{note.pk}]]",
        interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS),
    )

    response = admin_client.post(
        reverse(CHANGELIST), {"action": "run_tasks", "_selected_action": [job.pk]}, follow=True
    )

    assert "Đã gửi 1 công việc cho tiến trình xử lý." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[cast.deputy.email]]  # eager in tests: it has run


def test_admin_refuses_to_run_a_job_no_worker_knows(admin_client):
    job = PeriodicTask.objects.create(
        name="a job of nowhere",
        task="nowhere.jobs.nothing",
        interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS),
    )

    response = admin_client.post(
        reverse(CHANGELIST), {"action": "run_tasks", "_selected_action": [job.pk]}, follow=True
    )

    page = response.content.decode()
    assert "Không tiến trình xử lý nào biết tác vụ nowhere.jobs.nothing: chưa chạy công việc nào." in page
    assert "not found" not in page
