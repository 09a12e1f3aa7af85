"""The quarterly report's services (Điều 7.9): every move of draft → submitted → approved and
back, every refused move (the person, the state, what was typed), the register number and the
signature, what the refresh changes, the notifications, and the freeze of an approved report in
the database itself."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from meetings.models import Meeting
from members.models import Notification
from reports import services
from reports.models import QuarterlyReport
from reports.permissions import QuarterlyReportError
from reports.quarterly import quarter_bounds
from tests.reports.quarterly import RS, last_quarter, make_report

# --- creating -------------------------------------------------------------------------------------


def test_create_compiles_the_figures_and_takes_the_default_title(task_cast):
    year, quarter = last_quarter()
    report = services.report_create(
        committee=task_cast.committee, actor=task_cast.standing, year=year, quarter=quarter
    )
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
    assert report.title == f"Báo cáo công tác quý {roman} năm {year}"
    assert report.status == RS.DRAFT and report.created_by == task_cast.standing
    assert report.figures["period"] == {
        "year": year,
        "quarter": quarter,
        "start": quarter_bounds(year, quarter)[0].isoformat(),
        "end": quarter_bounds(year, quarter)[1].isoformat(),
    }
    assert report.figures_compiled_at is not None
    assert report.history.latest().history_change_reason == "drafted"
    assert report.history.latest().history_user == task_cast.standing


def test_create_keeps_a_typed_title(task_cast):
    year, quarter = last_quarter()
    report = services.report_create(
        committee=task_cast.committee,
        actor=task_cast.secretary,
        year=year,
        quarter=quarter,
        title="  Báo cáo riêng  ",
    )
    assert report.title == "Báo cáo riêng"


def test_create_accepts_the_current_quarter_and_every_quarter_of_last_year(task_cast):
    today = timezone.localdate()
    current = (today.month - 1) // 3 + 1
    services.report_create(
        committee=task_cast.committee, actor=task_cast.secretary, year=today.year, quarter=current
    )
    for quarter in (1, 2, 3, 4):
        services.report_create(
            committee=task_cast.committee, actor=task_cast.secretary, year=today.year - 1, quarter=quarter
        )
    assert QuarterlyReport.objects.filter(committee=task_cast.committee).count() == 5


@pytest.mark.parametrize(
    "shift",
    ["future_quarter", "next_year", "two_years_ago", "quarter_zero", "quarter_five", "no_year", "text"],
)
def test_create_refuses_a_quarter_out_of_reach(task_cast, shift):
    today = timezone.localdate()
    current = (today.month - 1) // 3 + 1
    year, quarter = {
        "future_quarter": (today.year, current + 1) if current < 4 else (today.year + 1, 1),
        "next_year": (today.year + 1, 1),
        "two_years_ago": (today.year - 2, 4),
        "quarter_zero": (today.year, 0),
        "quarter_five": (today.year - 1, 5),
        "no_year": (None, 1),
        "text": ("2026", "1"),
    }[shift]
    with pytest.raises(ValidationError) as error:
        services.report_create(
            committee=task_cast.committee, actor=task_cast.secretary, year=year, quarter=quarter
        )
    assert "quarter" in error.value.message_dict
    assert not QuarterlyReport.objects.exists()


def test_create_refuses_a_second_report_of_the_same_quarter(task_cast):
    report = make_report(task_cast)
    with pytest.raises(ValidationError) as error:
        services.report_create(
            committee=task_cast.committee, actor=task_cast.standing, year=report.year, quarter=report.quarter
        )
    assert "đã có" in error.value.message_dict["quarter"][0]
    # Another committee may have its own report of that quarter (committee B has no drafter: not tested here).
    assert QuarterlyReport.objects.count() == 1


@pytest.mark.parametrize("who", ["chair", "deputy", "member", "member_b", "focal", "other_member", "guest"])
def test_create_is_refused_to_those_who_do_not_draft(task_cast, who):
    year, quarter = last_quarter()
    with pytest.raises(PermissionDenied):
        services.report_create(
            committee=task_cast.committee, actor=getattr(task_cast, who), year=year, quarter=quarter
        )
    assert not QuarterlyReport.objects.exists()


# --- editing ----------------------------------------------------------------------------------------


def _edit(report, actor, **fields):
    values = {"title": report.title, "results": "", "difficulties": "", "proposals": "", "next_focus": ""}
    values.update(fields)
    return services.report_update(report=report, actor=actor, **values)


def test_update_writes_the_narrative_with_its_history(task_cast):
    report = make_report(task_cast)
    _edit(
        report,
        task_cast.standing,
        title="Báo cáo quý",
        results="  Đã họp 1 phiên.\r\nBan hành 2 văn bản.  ",
        difficulties="Thiếu nhân lực",
        proposals="Bổ sung biên chế",
        next_focus="Tổng kết năm",
    )
    report.refresh_from_db()
    assert report.title == "Báo cáo quý"
    assert report.results == "Đã họp 1 phiên.\nBan hành 2 văn bản."
    assert (report.difficulties, report.proposals, report.next_focus) == (
        "Thiếu nhân lực",
        "Bổ sung biên chế",
        "Tổng kết năm",
    )
    assert report.history.latest().history_change_reason == "edited"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "   "),
        ("title", "x" * 501),
        ("title", "Báo cáo\nquý"),
        ("results", "x" * (services.NARRATIVE_MAX_LENGTH + 1)),
        ("difficulties", "Có ký tự \x00 rỗng"),
        ("proposals", "Chuông \x07"),
        ("next_focus", "Thoát \x1b[31m"),
    ],
)
def test_update_refuses_hostile_text_by_field_and_changes_nothing(task_cast, field, value):
    report = make_report(task_cast)
    with pytest.raises(ValidationError) as error:
        _edit(report, task_cast.secretary, **{field: value})
    assert field in error.value.message_dict
    fresh = QuarterlyReport.objects.get(pk=report.pk)
    assert fresh.title == report.title and fresh.results == ""


def test_update_keeps_tabs_and_line_breaks(task_cast):
    report = make_report(task_cast)
    _edit(report, task_cast.secretary, results="Mục 1:\tđạt\nMục 2:\tchưa đạt")
    report.refresh_from_db()
    assert report.results == "Mục 1:\tđạt\nMục 2:\tchưa đạt"


@pytest.mark.parametrize("who", ["chair", "deputy", "member", "focal", "other_member"])
def test_update_is_refused_to_those_who_do_not_draft(task_cast, who):
    report = make_report(task_cast)
    with pytest.raises(PermissionDenied):
        _edit(report, getattr(task_cast, who), results="Sửa trái phép")
    assert QuarterlyReport.objects.get(pk=report.pk).results == ""


@pytest.mark.parametrize("status", [RS.SUBMITTED, RS.APPROVED])
def test_update_is_refused_once_submitted_or_approved(task_cast, status):
    report = make_report(task_cast, status)
    with pytest.raises(QuarterlyReportError) as error:
        _edit(report, task_cast.secretary, results="Sửa sau khi trình")
    assert "Sửa sau khi trình" not in QuarterlyReport.objects.get(pk=report.pk).results
    expected = "đã được phê duyệt" if status == RS.APPROVED else "đang chờ Trưởng Ban phê duyệt"
    assert expected in error.value.message


# --- refreshing the figures -------------------------------------------------------------------------


def _held_meeting_in(cast, year: int, quarter: int) -> Meeting:
    """A regular meeting of committee A recorded as held in the middle of the quarter."""
    meeting = cast.meeting_in(Meeting.Status.HELD)
    start, _end = quarter_bounds(year, quarter)
    day = timezone.make_aware(
        datetime.datetime.combine(start + datetime.timedelta(days=40), datetime.time(8))
    )
    Meeting.objects.filter(pk=meeting.pk).update(start_at=day, end_at=day + datetime.timedelta(hours=2))
    return meeting


def test_refresh_with_nothing_new_changes_nothing(task_cast):
    report = make_report(task_cast)
    before = report.history.count()
    assert services.report_refresh(report=report, actor=task_cast.secretary) == []
    assert report.history.count() == before


def test_refresh_stores_the_new_figures_and_says_what_changed(task_cast):
    report = make_report(task_cast)
    held_before = report.figures["meetings"]["held"]
    _held_meeting_in(task_cast, report.year, report.quarter)
    changes = services.report_refresh(report=report, actor=task_cast.standing)
    assert [(c.old, c.new) for c in changes if c.label == "Số cuộc họp đã tổ chức"] == [
        (held_before, held_before + 1)
    ]
    report.refresh_from_db()
    assert report.figures["meetings"]["held"] == held_before + 1
    last = report.history.latest()
    assert last.history_user == task_cast.standing
    assert last.history_change_reason.startswith("figures refreshed: ")
    assert f"{held_before} → {held_before + 1}" in last.history_change_reason


@pytest.mark.parametrize("status", [RS.SUBMITTED, RS.APPROVED])
def test_refresh_is_refused_once_submitted_or_approved(task_cast, status):
    report = make_report(task_cast, status)
    figures = report.figures
    _held_meeting_in(task_cast, report.year, report.quarter)
    with pytest.raises(QuarterlyReportError):
        services.report_refresh(report=report, actor=task_cast.secretary)
    assert QuarterlyReport.objects.get(pk=report.pk).figures == figures


def test_refresh_is_refused_to_the_chair(task_cast):
    report = make_report(task_cast)
    with pytest.raises(PermissionDenied):
        services.report_refresh(report=report, actor=task_cast.chair)


# --- submitting, returning, approving ----------------------------------------------------------------


def test_submit_moves_the_draft_and_tells_the_chair(task_cast):
    report = make_report(task_cast)
    _edit(report, task_cast.secretary, results="Kết quả")
    report = services.report_submit(report=report, actor=task_cast.secretary)
    fresh = QuarterlyReport.objects.get(pk=report.pk)
    assert fresh.status == RS.SUBMITTED and fresh.submitted_by == task_cast.secretary
    assert fresh.submitted_at is not None
    told = set(
        Notification.objects.filter(kind="reports.quarterly_submitted").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"chair"}


def test_submit_tells_the_deputy_acting_for_the_chair(task_cast):
    task_cast.chair_away()
    report = make_report(task_cast)
    _edit(report, task_cast.secretary, results="Kết quả")
    services.report_submit(report=report, actor=task_cast.secretary)
    told = set(
        Notification.objects.filter(kind="reports.quarterly_submitted").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"chair", "deputy"}


def test_submit_is_refused_without_results(task_cast):
    report = make_report(task_cast)
    with pytest.raises(QuarterlyReportError) as error:
        services.report_submit(report=report, actor=task_cast.secretary)
    assert "kết quả" in error.value.message
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.DRAFT


@pytest.mark.parametrize("who", ["chair", "deputy", "member", "focal"])
def test_submit_is_refused_to_those_who_do_not_draft(task_cast, who):
    report = make_report(task_cast)
    _edit(report, task_cast.secretary, results="Kết quả")
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, actor=getattr(task_cast, who))


@pytest.mark.parametrize("status", [RS.SUBMITTED, RS.APPROVED])
def test_submit_is_refused_twice_or_once_approved(task_cast, status):
    report = make_report(task_cast, status)
    with pytest.raises(QuarterlyReportError):
        services.report_submit(report=report, actor=task_cast.secretary)
    assert QuarterlyReport.objects.get(pk=report.pk).status == status


def test_return_sends_it_back_to_draft_with_the_reason_to_the_drafters(task_cast):
    report = make_report(task_cast, RS.SUBMITTED)
    services.report_return(report=report, actor=task_cast.chair, reason="  Bổ sung số liệu quý trước  ")
    fresh = QuarterlyReport.objects.get(pk=report.pk)
    assert fresh.status == RS.DRAFT
    assert fresh.history.latest().history_change_reason == "returned to draft: Bổ sung số liệu quý trước"
    notes = Notification.objects.filter(kind="reports.quarterly_returned")
    assert set(notes.values_list("user__username", flat=True)) == {"standing", "secretary", "secretary2"}
    assert notes.first().params["reason"] == "Bổ sung số liệu quý trước"
    # Back in draft: the drafters may edit and submit it again.
    _edit(fresh, task_cast.secretary, results="Đã bổ sung")
    assert services.report_submit(report=fresh, actor=task_cast.secretary).status == RS.SUBMITTED


def test_return_without_a_reason_is_refused(task_cast):
    report = make_report(task_cast, RS.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.report_return(report=report, actor=task_cast.chair, reason="   ")
    assert "reason" in error.value.message_dict
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.SUBMITTED


def test_a_long_return_reason_is_kept_whole_in_the_notification_and_cut_in_the_history(task_cast):
    report = make_report(task_cast, RS.SUBMITTED)
    reason = "Lý do " * 100
    services.report_return(report=report, actor=task_cast.chair, reason=reason)
    fresh = QuarterlyReport.objects.get(pk=report.pk)
    assert len(fresh.history.latest().history_change_reason) <= 100
    assert (
        Notification.objects.get(kind="reports.quarterly_returned", user=task_cast.secretary).params["reason"]
        == reason.strip()
    )


@pytest.mark.parametrize("who", ["deputy", "standing", "secretary", "member"])
def test_return_is_refused_to_all_but_the_chair(task_cast, who):
    report = make_report(task_cast, RS.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, actor=getattr(task_cast, who), reason="Không đạt")


@pytest.mark.parametrize("status", [RS.DRAFT, RS.APPROVED])
def test_return_is_refused_unless_submitted(task_cast, status):
    report = make_report(task_cast, status)
    with pytest.raises(QuarterlyReportError):
        services.report_return(report=report, actor=task_cast.chair, reason="Không đạt")
    assert QuarterlyReport.objects.get(pk=report.pk).status == status


def test_approve_numbers_signs_and_tells_the_committee(task_cast):
    report = make_report(task_cast, RS.SUBMITTED)
    report = services.report_approve(report=report, actor=task_cast.chair)
    fresh = QuarterlyReport.objects.get(pk=report.pk)
    year = timezone.localdate().year
    assert fresh.status == RS.APPROVED
    assert (fresh.number, fresh.number_year) == (1, year)
    assert fresh.symbol == "01/BC-BCĐA"
    assert fresh.approved_by == task_cast.chair and fresh.approved_at is not None
    assert fresh.signed_as == QuarterlyReport.SignedAs.CHAIR
    assert fresh.history.latest().history_change_reason == "approved as 01/BC-BCĐA"
    told = set(
        Notification.objects.filter(kind="reports.quarterly_approved").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"deputy", "standing", "member", "member_b", "secretary", "secretary2", "focal"}


def test_the_next_approved_report_takes_the_next_number(task_cast):
    first = make_report(task_cast, RS.APPROVED)
    year, quarter = first.year, first.quarter
    earlier = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    second = make_report(task_cast, RS.APPROVED, year=earlier[0], quarter=earlier[1])
    assert second.number == first.number + 1


def test_a_deputy_acting_for_the_chair_approves_as_acting(task_cast):
    task_cast.chair_away()
    report = make_report(task_cast, RS.SUBMITTED)
    report = services.report_approve(report=report, actor=task_cast.deputy)
    assert QuarterlyReport.objects.get(pk=report.pk).signed_as == QuarterlyReport.SignedAs.ACTING


def test_a_deputy_acting_for_the_chair_returns_it(task_cast):
    task_cast.chair_away()
    report = make_report(task_cast, RS.SUBMITTED)
    services.report_return(report=report, actor=task_cast.deputy, reason="Chưa đủ")
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.DRAFT


@pytest.mark.parametrize("who", ["deputy", "standing", "secretary", "member", "focal", "other_member"])
def test_approve_is_refused_to_all_but_the_chair(task_cast, who):
    report = make_report(task_cast, RS.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, actor=getattr(task_cast, who))
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.SUBMITTED


def test_a_deputy_whose_acting_period_is_over_cannot_approve(task_cast):
    today = timezone.localdate()
    task_cast.chair_away(start=today - datetime.timedelta(days=5), end=today - datetime.timedelta(days=1))
    report = make_report(task_cast, RS.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, actor=task_cast.deputy)


@pytest.mark.parametrize("status", [RS.DRAFT, RS.APPROVED])
def test_approve_is_refused_unless_submitted(task_cast, status):
    report = make_report(task_cast, status)
    number = report.number
    with pytest.raises(QuarterlyReportError):
        services.report_approve(report=report, actor=task_cast.chair)
    fresh = QuarterlyReport.objects.get(pk=report.pk)
    assert fresh.status == status and fresh.number == number


def test_approve_enqueues_the_archive_once_committed(
    task_cast, django_capture_on_commit_callbacks, monkeypatch
):
    enqueued = []
    monkeypatch.setattr(
        "members.jobs.enqueue", lambda task, *args, **kwargs: enqueued.append((task.name, kwargs))
    )
    report = make_report(task_cast, RS.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=report, actor=task_cast.chair)
    assert ("reports.jobs.archive_approved_report", {"report_id": report.pk}) in enqueued


# --- the freeze: nothing of an approved report changes ---------------------------------------------


def test_an_approved_report_refuses_an_orm_save(task_cast):
    report = make_report(task_cast, RS.APPROVED)
    report.results = "Sửa lén"
    with pytest.raises(DatabaseError), transaction.atomic():
        report.save()
    assert QuarterlyReport.objects.get(pk=report.pk).results != "Sửa lén"


def test_an_approved_report_refuses_a_queryset_update_and_delete(task_cast):
    report = make_report(task_cast, RS.APPROVED)
    with pytest.raises(DatabaseError), transaction.atomic():
        QuarterlyReport.objects.filter(pk=report.pk).update(status=RS.DRAFT)
    with pytest.raises(DatabaseError), transaction.atomic():
        QuarterlyReport.objects.filter(pk=report.pk).delete()
    assert QuarterlyReport.objects.get(pk=report.pk).status == RS.APPROVED


def _raw_update_and_delete(report) -> None:
    table = QuarterlyReport._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET results = %s WHERE id = %s", ["Sửa bằng SQL", report.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [report.pk])
    fresh = QuarterlyReport.objects.get(pk=report.pk)
    assert fresh.results != "Sửa bằng SQL" and fresh.status == RS.APPROVED


def test_an_approved_report_refuses_raw_sql(task_cast):
    _raw_update_and_delete(make_report(task_cast, RS.APPROVED))


@pytest.mark.postgres
def test_an_approved_report_refuses_raw_sql_on_postgresql(task_cast):
    assert connection.vendor == "postgresql"
    _raw_update_and_delete(make_report(task_cast, RS.APPROVED))


def test_a_draft_is_not_frozen(task_cast):
    report = make_report(task_cast)
    QuarterlyReport.objects.filter(pk=report.pk).update(results="Sửa được")
    assert QuarterlyReport.objects.get(pk=report.pk).results == "Sửa được"
