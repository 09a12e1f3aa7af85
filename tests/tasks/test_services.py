"""The directive services' rules: creation from a signed notice (in its transaction) and ad hoc,
evidence, timeliness measured when work is reported, extensions, contributions, urging."""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting, Notice
from members.models import Notification
from tasks import services
from tasks.models import (
    Directive,
    DirectiveError,
    DirectiveEvent,
    Evidence,
    ExtensionRequest,
    Timeliness,
    fold,
)
from tasks.selectors import agency_people, directives_with_timeliness, my_work, timeliness_counts
from tests.tasks.conftest import evidence_pdf, in_days

S = Directive.Status


@contextmanager
def days_later(days: int):
    """Run the block `days` days from now (timezone.now and localdate follow)."""
    moment = timezone.now() + datetime.timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def timeliness_of(directive: Directive) -> str:
    return directives_with_timeliness(Directive.objects.filter(pk=directive.pk)).get().timeliness


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


# --- from the notice --------------------------------------------------------------------------------


def test_signing_the_notice_creates_a_directive_per_instruction_linked_both_ways(task_cast):
    c = task_cast
    meeting = c.meeting_in(Meeting.Status.MINUTES_SIGNED)
    meeting_services.conclusion_add(meeting=meeting, actor=c.secretary, text="Thống nhất báo cáo quý.")
    first = meeting_services.conclusion_add(
        meeting=meeting,
        actor=c.secretary,
        text="Sở KH&ĐT hoàn thiện kho dữ liệu.",
        is_instruction=True,
        lead_organization=c.org_a,
        due_date=in_days(40),
    )
    first.coordinating_organizations.set([c.org_b])
    meeting_services.conclusion_add(
        meeting=meeting,
        actor=c.secretary,
        text="Sở Tài chính bố trí kinh phí.",
        is_instruction=True,
        lead_organization=c.org_b,
        due_date=in_days(20),
    )
    notice = meeting_services.conclusions_sign(meeting=meeting, actor=c.chair)

    directives = list(notice.directives.order_by("conclusion__order"))
    assert [d.title for d in directives] == [
        "Sở KH&ĐT hoàn thiện kho dữ liệu.",
        "Sở Tài chính bố trí kinh phí.",
    ]
    assert [d.lead_organization for d in directives] == [c.org_a, c.org_b]
    assert [d.deadline for d in directives] == [in_days(40), in_days(20)]
    assert directives[0].original_deadline == in_days(40)
    assert list(directives[0].coordinating_organizations.all()) == [c.org_b]
    assert all(d.source == Directive.Source.CONCLUSION and d.status == S.ASSIGNED for d in directives)
    assert directives[0].conclusion == first and list(first.directives.all()) == [directives[0]]
    assert directives[0].events.get().kind == DirectiveEvent.Kind.CREATED
    # The lead agency's member and focal officer are told; the coordinating agency's member too.
    assert "tasks.assigned" in kinds_for(c.focal) and "tasks.assigned" in kinds_for(c.member)
    assert "tasks.coordinating" in kinds_for(c.member_b)


def test_a_failure_creating_directives_undoes_the_signing(task_cast, monkeypatch):
    c = task_cast
    meeting = c.meeting_in(Meeting.Status.MINUTES_SIGNED)
    meeting_services.conclusion_add(
        meeting=meeting,
        actor=c.secretary,
        text="Giao việc",
        is_instruction=True,
        lead_organization=c.org_a,
        due_date=in_days(10),
    )

    def boom(**kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr("tasks.receivers.directives_from_notice", boom)
    with pytest.raises(RuntimeError):
        meeting_services.conclusions_sign(meeting=meeting, actor=c.chair)
    assert not Notice.objects.filter(meeting=meeting).exists()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.MINUTES_SIGNED
    assert not Directive.objects.exists()


# --- ad hoc -----------------------------------------------------------------------------------------


def test_ad_hoc_directive_needs_its_reference_and_a_sane_deadline(task_cast):
    c = task_cast
    with pytest.raises(ValidationError) as refused:
        c.ad_hoc(reference_number=" ", reference_date=in_days(1))
    assert set(refused.value.message_dict) == {"reference_number", "reference_date"}
    with pytest.raises(ValidationError) as refused:
        c.ad_hoc(deadline=in_days(-1))
    assert "deadline" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        c.ad_hoc(coordinating_organizations=[c.org_a])
    assert "coordinating_organizations" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        c.ad_hoc(deadline=in_days(30), reporting_period=Directive.Period.QUARTERLY)
    assert "reporting_period" in refused.value.message_dict
    assert not Directive.objects.exists()
    regular = c.ad_hoc(deadline=None, reporting_period=Directive.Period.QUARTERLY)
    assert regular.is_regular and timeliness_of(regular) == Timeliness.ON_TIME


@pytest.mark.parametrize("who", ["member", "focal"])
def test_agency_people_cannot_give_directives(task_cast, who):
    with pytest.raises(PermissionDenied):
        task_cast.ad_hoc(actor=getattr(task_cast, who))


def test_standing_member_and_secretariat_give_directives_but_only_chair_and_deputy_change_them(task_cast):
    c = task_cast
    directive = c.ad_hoc(actor=c.secretary)
    c.ad_hoc(actor=c.standing)
    for person in (c.standing, c.secretary, c.focal):
        with pytest.raises(PermissionDenied):
            services.directive_update(
                directive=directive, actor=person, title="Khác", expected_result="", lead_organization=c.org_b
            )
    services.directive_update(
        directive=directive,
        actor=c.deputy,
        title="Rà soát lại",
        expected_result="Báo cáo",
        lead_organization=c.org_b,
    )
    directive.refresh_from_db()
    assert directive.lead_organization == c.org_b and directive.title == "Rà soát lại"
    assert "tasks.assigned" in kinds_for(c.member_b)


# --- progress and reporting -------------------------------------------------------------------------


def test_first_progress_starts_the_work_and_stores_the_evidence(task_cast):
    c = task_cast
    directive = c.ad_hoc()
    event = services.progress_post(
        directive=directive, actor=c.focal, text="Đã khảo sát 5 huyện", percent=40, files=[evidence_pdf()]
    )
    directive.refresh_from_db()
    assert directive.status == S.IN_PROGRESS and directive.percent == 40
    assert event.organization == c.org_a
    assert [e.original_name for e in event.evidence.all()] == ["bao-cao.pdf"]


def test_a_file_that_lies_about_its_type_refuses_the_whole_update(task_cast):
    c = task_cast
    directive = c.ad_hoc()
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.progress_post(
            directive=directive, actor=c.focal, text="x", percent=10, files=[evidence_pdf(), fake]
        )
    assert "files" in refused.value.message_dict
    assert not DirectiveEvent.objects.filter(kind=DirectiveEvent.Kind.PROGRESS).exists()
    assert not Evidence.objects.exists()
    assert Directive.objects.get(pk=directive.pk).status == S.ASSIGNED


def test_percent_outside_0_to_100_is_refused(task_cast):
    with pytest.raises(ValidationError):
        services.progress_post(directive=task_cast.ad_hoc(), actor=task_cast.focal, text="x", percent=150)


def test_another_agency_cannot_report_on_work_it_does_not_lead(task_cast):
    c = task_cast
    directive = c.ad_hoc(lead=c.org_b)
    with pytest.raises(PermissionDenied):
        services.progress_post(directive=directive, actor=c.focal, text="x", percent=10)
    services.progress_post(directive=directive, actor=c.member_b, text="Sở Tài chính đang làm", percent=10)


def test_reporting_done_needs_a_summary_and_evidence(task_cast):
    c = task_cast
    directive = c.ad_hoc()
    with pytest.raises(ValidationError) as refused:
        services.directive_report_done(directive=directive, actor=c.focal, summary="Xong")
    assert "files" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.directive_report_done(
            directive=directive, actor=c.focal, summary="", document_number="15/BC-SKHDT"
        )
    assert {"summary", "document_date"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError) as refused:
        services.directive_report_done(
            directive=directive,
            actor=c.focal,
            summary="Xong",
            document_number="15/BC-SKHDT",
            document_date=in_days(2),
        )
    assert "document_date" in refused.value.message_dict
    assert Directive.objects.get(pk=directive.pk).status == S.ASSIGNED
    services.directive_report_done(
        directive=directive,
        actor=c.focal,
        summary="Đã ban hành",
        document_number="15/BC-SKHDT",
        document_date=timezone.localdate(),
    )
    directive.refresh_from_db()
    assert directive.status == S.REPORTED_DONE and directive.percent == 100
    event = directive.events.get(kind=DirectiveEvent.Kind.REPORTED_DONE)
    assert event.document_number == "15/BC-SKHDT"
    # The secretariat (to propose) and the chair's side (to accept) are told.
    assert "tasks.reported_done" in kinds_for(c.secretary) and "tasks.reported_done" in kinds_for(c.chair)


def test_done_late_is_measured_against_the_deadline_in_force_when_reported(task_cast):
    c = task_cast
    late = c.ad_hoc(deadline=in_days(5))
    on_time = c.ad_hoc(deadline=in_days(5))
    services.directive_report_done(directive=on_time, actor=c.focal, summary="Xong", files=[evidence_pdf()])
    with days_later(9):
        assert timeliness_of(late) == Timeliness.OVERDUE
        services.directive_report_done(directive=late, actor=c.member, summary="Xong", files=[evidence_pdf()])
        assert timeliness_of(late) == Timeliness.DONE_LATE
        assert timeliness_of(on_time) == Timeliness.DONE_ON_TIME
        services.directive_accept(directive=late, actor=c.chair)
    assert timeliness_of(late) == Timeliness.DONE_LATE  # accepted work keeps how it was reported


def test_returned_work_is_measured_again_at_its_next_report(task_cast):
    c = task_cast
    directive = c.ad_hoc(deadline=in_days(5))
    services.directive_report_done(directive=directive, actor=c.focal, summary="Xong", files=[evidence_pdf()])
    services.directive_return(directive=directive, actor=c.chair, reason="Thiếu phụ lục số liệu")
    directive.refresh_from_db()
    assert directive.status == S.IN_PROGRESS and directive.times_returned == 1
    assert directive.reported_done_on is None
    assert "tasks.returned" in kinds_for(c.focal)
    with days_later(8):
        services.directive_report_done(
            directive=directive, actor=c.focal, summary="Bổ sung", files=[evidence_pdf()]
        )
        assert timeliness_of(directive) == Timeliness.DONE_LATE


def test_return_needs_a_reason(task_cast):
    directive = task_cast.directive_in(S.REPORTED_DONE)
    with pytest.raises(ValidationError):
        services.directive_return(directive=directive, actor=task_cast.chair, reason="  ")


def test_acceptance_is_proposed_once_then_decided(task_cast):
    c = task_cast
    directive = c.directive_in(S.REPORTED_DONE)
    services.acceptance_propose(directive=directive, actor=c.secretary, note="Đủ hồ sơ")
    with pytest.raises(DirectiveError):
        services.acceptance_propose(directive=directive, actor=c.secretary)
    assert "tasks.acceptance_proposed" in kinds_for(c.chair)
    services.directive_accept(directive=directive, actor=c.standing)
    directive.refresh_from_db()
    assert directive.status == S.ACCEPTED and directive.closed_by == c.standing


# --- extensions -------------------------------------------------------------------------------------


def test_an_approved_extension_moves_the_deadline_and_keeps_the_original(task_cast):
    c = task_cast
    directive = c.ad_hoc(deadline=in_days(5))
    request = services.extension_request(
        directive=directive, actor=c.focal, proposed_deadline=in_days(20), reason="Chờ phê duyệt kinh phí"
    )
    assert "tasks.extension_requested" in kinds_for(c.chair)
    assert "tasks.extension_requested" not in kinds_for(c.standing)
    with pytest.raises(DirectiveError):
        services.extension_request(
            directive=directive, actor=c.member, proposed_deadline=in_days(30), reason="x"
        )
    services.extension_decide(request=request, actor=c.deputy, approve=True)
    directive.refresh_from_db()
    assert (directive.deadline, directive.original_deadline, directive.extension_count) == (
        in_days(20),
        in_days(5),
        1,
    )
    assert "tasks.extension_approved" in kinds_for(c.focal)
    # Reported after the original deadline, before the new one: on time.
    with days_later(10):
        services.directive_report_done(
            directive=directive, actor=c.focal, summary="Xong", files=[evidence_pdf()]
        )
        assert timeliness_of(directive) == Timeliness.DONE_ON_TIME


def test_extension_must_be_later_and_refusal_needs_a_reason(task_cast):
    c = task_cast
    directive = c.ad_hoc(deadline=in_days(5))
    with pytest.raises(ValidationError) as refused:
        services.extension_request(
            directive=directive, actor=c.focal, proposed_deadline=in_days(5), reason="x"
        )
    assert "proposed_deadline" in refused.value.message_dict
    request = services.extension_request(
        directive=directive, actor=c.focal, proposed_deadline=in_days(9), reason="x"
    )
    with pytest.raises(ValidationError):
        services.extension_decide(request=request, actor=c.chair, approve=False, note="")
    services.extension_decide(request=request, actor=c.chair, approve=False, note="Đã đủ thời gian")
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.REFUSED
    assert Directive.objects.get(pk=directive.pk).deadline == in_days(5)
    with pytest.raises(DirectiveError):
        services.extension_decide(request=request, actor=c.chair, approve=True)


def test_the_standing_member_decides_extensions_only_where_configured(task_cast):
    c = task_cast
    directive = c.ad_hoc(deadline=in_days(5))
    request = services.extension_request(
        directive=directive, actor=c.focal, proposed_deadline=in_days(9), reason="x"
    )
    with pytest.raises(PermissionDenied):
        services.extension_decide(request=request, actor=c.standing, approve=True)
    c.committee.standing_member_decides_extensions = True
    c.committee.save()
    services.extension_decide(request=request, actor=c.standing, approve=True)
    assert Directive.objects.get(pk=directive.pk).extension_count == 1


def test_a_report_of_completion_withdraws_a_waiting_extension_request(task_cast):
    c = task_cast
    directive = c.ad_hoc(deadline=in_days(5))
    request = services.extension_request(
        directive=directive, actor=c.focal, proposed_deadline=in_days(9), reason="x"
    )
    services.directive_report_done(directive=directive, actor=c.focal, summary="Xong", files=[evidence_pdf()])
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.WITHDRAWN


# --- contributions and urging -----------------------------------------------------------------------


def test_only_a_coordinating_agency_contributes(task_cast):
    c = task_cast
    directive = c.ad_hoc(coordinating_organizations=[c.org_b])
    with pytest.raises(PermissionDenied):
        services.contribution_add(directive=directive, actor=c.focal, text="x")
    event = services.contribution_add(directive=directive, actor=c.member_b, text="Đã chuyển số liệu")
    assert event.organization == c.org_b
    assert "tasks.contribution" in kinds_for(c.focal)


def test_urging_tells_the_lead_agency_and_is_logged(task_cast):
    c = task_cast
    directive = c.ad_hoc()
    services.directive_urge(directive=directive, actor=c.secretary, note="Đề nghị báo cáo trước thứ Sáu")
    services.directive_urge(directive=directive, actor=None)
    urged = list(directive.events.filter(kind=DirectiveEvent.Kind.URGED).order_by("pk"))
    assert [(e.actor, e.automatic) for e in urged] == [(c.secretary, False), (None, True)]
    assert kinds_for(c.focal).count("tasks.urged") == 2 and kinds_for(c.member).count("tasks.urged") == 2
    assert "tasks.urged" not in kinds_for(c.member_b)
    assert Directive.objects.get(pk=directive.pk).last_urged_at is not None
    with pytest.raises(PermissionDenied):
        services.directive_urge(directive=directive, actor=c.focal)


def test_people_of_another_committee_hold_no_rights(task_cast):
    c = task_cast
    directive = c.directive_in(S.REPORTED_DONE)
    with pytest.raises(PermissionDenied):
        services.directive_accept(directive=directive, actor=c.other_chair)
    with pytest.raises(PermissionDenied):
        services.directive_urge(directive=directive, actor=c.other_chair)


# --- reads ------------------------------------------------------------------------------------------


def test_timeliness_boundaries(task_cast):
    c = task_cast
    seven = c.ad_hoc(deadline=in_days(7))
    eight = c.ad_hoc(deadline=in_days(8))
    today = c.ad_hoc(deadline=in_days(0))
    assert [timeliness_of(d) for d in (seven, eight, today)] == [
        Timeliness.DUE_SOON,
        Timeliness.ON_TIME,
        Timeliness.DUE_SOON,
    ]
    with days_later(1):
        assert timeliness_of(today) == Timeliness.OVERDUE
    cancelled = c.directive_in(S.CANCELLED)
    assert timeliness_of(cancelled) == Timeliness.CANCELLED
    counts = timeliness_counts(Directive.objects.all())
    assert counts == {"due_soon": 2, "on_time": 1, "cancelled": 1}


def test_agency_people_are_the_member_and_focal_officers_in_force(task_cast):
    c = task_cast
    assert agency_people(c.committee.pk, [c.org_a.pk]) == sorted([c.member, c.focal], key=lambda u: u.pk)


def test_my_work_groups_the_agencys_work_and_what_waits_for_me(task_cast):
    c = task_cast
    soon = c.ad_hoc(title="Sắp đến hạn", deadline=in_days(3))
    later = c.ad_hoc(title="Còn thời gian", deadline=in_days(30))
    c.ad_hoc(title="Việc của Sở Tài chính", lead=c.org_b, coordinating_organizations=[c.org_a])
    done = c.directive_in(S.REPORTED_DONE, title="Đã báo cáo")
    work = my_work(c.focal)
    groups = {str(key): [d.title for d in rows] for key, rows in work["groups"]}
    assert groups == {
        "due_soon": ["Sắp đến hạn"],
        "on_time": ["Còn thời gian"],
        "done_on_time": ["Đã báo cáo"],
    }
    assert [d.title for d in work["coordinating"]] == ["Việc của Sở Tài chính"]
    assert [d.pk for d in my_work(c.secretary)["waiting"]] == [done.pk]
    assert [d.pk for d in my_work(c.chair)["waiting"]] == [done.pk]
    assert soon.pk and later.pk


def test_fold_ignores_diacritics_case_and_spacing():
    assert fold("  Tiến   ĐỘ  Đường ") == "tien do duong"
    directive = Directive(title="Báo cáo TIẾN ĐỘ", expected_result="", reference_number="")
    directive.refresh_search_text()
    assert "tien do" in directive.search_text
