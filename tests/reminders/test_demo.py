"""Acceptance 4: on the seeded demo, `reminders --dry-run --at <first working day of the next
quarter>` lists the quarterly reminder for the chair (the next quarter's regular meeting is only
a draft there: not convened, so not scheduled), and writes nothing.

The demo is seeded once for the module on test_story.py's pinned clock (Saturday 28/11/2026),
inside a transaction rolled back at the end."""

from __future__ import annotations

import datetime
import zoneinfo
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from meetings.models import Meeting
from members.models import Committee, RoleAssignment
from members.workdays import working_day_on_or_after

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2026, 11, 28, 10, 0, tzinfo=VN)
EGOV = "BCĐCQĐT"

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("reminders_demo")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    root = tmp_path_factory.mktemp("private")
    with django_db_blocker.unblock(), override_settings(PRIVATE_MEDIA_ROOT=root), transaction.atomic():
        with mock.patch("django.utils.timezone.now", return_value=TODAY):
            call_command("seed_demo", force=True, verbosity=0)
        yield
        transaction.set_rollback(True)


def _row_counts() -> dict[str, int]:
    """Every table of the project's apps, and their history tables."""
    return {
        model._meta.label: model._default_manager.count()
        for app in ("members", "meetings", "tasks", "documents")
        for model in apps.get_app_config(app).get_models()
    }


def test_dry_run_on_the_next_quarters_first_working_day_lists_the_chairs_quarterly_reminder(demo):
    first_day = working_day_on_or_after(datetime.date(2027, 1, 1))
    assert first_day == datetime.date(2027, 1, 4)
    egov = Committee.objects.get(short_code=EGOV)
    chair = (
        RoleAssignment.objects.in_force(first_day).get(committee=egov, role=RoleAssignment.Role.CHAIR).user
    )
    next_quarter = Meeting.objects.filter(
        committee=egov, kind=Meeting.Kind.QUARTERLY, start_at__year=2027, start_at__month__lte=3
    )
    assert list(next_quarter.values_list("status", flat=True)) == [Meeting.Status.DRAFT]
    before = _row_counts()

    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        call_command("reminders", "--dry-run", "--at", f"{first_day:%Y-%m-%d}T08:00", stdout=out)
    output = out.getvalue()

    assert _row_counts() == before
    section = output.split("1. Phiên họp định kỳ hằng quý của Ban chỉ đạo (khoản 1 Điều 8)")[1].split("\n\n")[
        0
    ]
    line = next(line for line in section.splitlines() if "Sẽ nhắc" in line and egov.name in line)
    assert chair.full_name in line
    assert "chưa triệu tập phiên họp định kỳ quý I/2027" in line
    assert f"[meetings.quarter:committee={egov.pk}:2027Q1:first-working-day]" in section
