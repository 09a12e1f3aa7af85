"""The administrator moves the daily digest to 06:30 in the admin (issue 11, "Schedules an
administrator can see and change"): the list of periodic jobs shows what each does, its schedule
in words and its last run, in Vietnamese; the job's form describes the crontab chosen.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import click_and_wait, visit


def test_administrator_moves_the_daily_digest_to_half_past_six_in_the_admin(page, live_server, cast, login):
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from steering.beat import install_schedule

    install_schedule(settings.CELERY_BEAT_SCHEDULE)
    CrontabSchedule.objects.create(minute="30", hour="6", timezone="Asia/Ho_Chi_Minh")

    login(page, live_server, "admin")
    visit(page, f"{live_server.url}/admin/django_celery_beat/periodictask/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    digest_row = page.locator("tr", has=page.get_by_role("link", name="send-daily-digests", exact=True))
    expect(digest_row).to_contain_text("Gửi thư tổng hợp hằng ngày")
    expect(digest_row).to_contain_text("Tại 07:00 (Asia/Ho_Chi_Minh)")
    expect(page.locator("#result_list thead")).to_contain_text("Lần chạy gần nhất")

    click_and_wait(page, digest_row.get_by_role("link", name="send-daily-digests", exact=True))
    page.get_by_label("Lịch cron:").select_option(label="Tại 06:30 (Asia/Ho_Chi_Minh)")
    expect(page.locator(".field-crontab .help")).to_contain_text("Diễn giải: Tại 06:30 (Asia/Ho_Chi_Minh)")
    click_and_wait(page, page.get_by_role("button", name="Lưu", exact=True))

    expect(page.locator(".messagelist .success")).to_contain_text(
        "send-daily-digests: Tại 06:30 (Asia/Ho_Chi_Minh)"
    )
    digest_row = page.locator("tr", has=page.get_by_role("link", name="send-daily-digests", exact=True))
    expect(digest_row).to_contain_text("Tại 06:30 (Asia/Ho_Chi_Minh)")
    crontab = PeriodicTask.objects.get(name="send-daily-digests").crontab
    assert (crontab.hour, crontab.minute) == ("6", "30")
