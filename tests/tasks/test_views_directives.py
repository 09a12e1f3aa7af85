"""The directive page: what it shows, each action through its form (success, the service's
refusal, bad input kept), evidence in and out, the ad-hoc form and its correction, and the
page's query budget."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from members.models import RoleAssignment
from tasks import services
from tasks.models import Directive, DirectiveEvent, Evidence, ExtensionRequest
from tasks.services.directives import MAX_EVIDENCE_FILES
from tests.members.factories import RoleAssignmentFactory
from tests.tasks.conftest import PDF, evidence_pdf, in_days

S = Directive.Status
K = DirectiveEvent.Kind

# One budget whatever the length of the timeline: the page must not grow a query per event.
DETAIL_QUERIES = 14


def vi(msgid: str, **params) -> str:
    """The message as the (Vietnamese) page shows it, HTML-escaped."""
    with override("vi"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def url(name: str, obj) -> str:
    return reverse(f"tasks:{name}", kwargs={"pk": obj.pk})


def page_of(client, directive) -> str:
    r = client.get(url("directive-detail", directive))
    assert r.status_code == 200
    return r.content.decode()


def fresh(directive: Directive) -> Directive:
    return Directive.objects.get(pk=directive.pk)


# --- the page -------------------------------------------------------------------------------------


def test_directive_page_shows_source_agencies_deadline_and_progress_when_from_a_notice(client, task_cast):
    (directive,) = task_cast.from_notice(
        ("Hoàn thành Trung tâm IOC", task_cast.org_a, in_days(20)), coordinating=[task_cast.org_b]
    )
    services.progress_post(directive=directive, actor=task_cast.focal, text="Đã lắp đặt máy chủ", percent=45)
    client.force_login(task_cast.member)

    page = page_of(client, directive)

    assert page.count("<h1") == 1
    assert "Hoàn thành Trung tâm IOC" in page
    assert reverse("meetings:notice-detail", kwargs={"pk": directive.notice.meeting_id}) in page
    assert directive.notice.symbol in page
    assert "Sở Kế hoạch và Đầu tư" in page and "Sở Tài chính" in page
    assert in_days(20).strftime("%d/%m/%Y") in page
    assert 'aria-valuenow="45"' in page
    assert "Đã lắp đặt máy chủ" in page
    assert task_cast.focal.display_name in page


def test_directive_page_shows_reference_document_when_ad_hoc(client, task_cast):
    directive = task_cast.ad_hoc(reference_number="123/UBND-VP", reference_date=in_days(-2))
    client.force_login(task_cast.focal)

    page = page_of(client, directive)

    assert "123/UBND-VP" in page
    assert in_days(-2).strftime("%d/%m/%Y") in page
    assert task_cast.chair.display_name in page  # who created it


def test_directive_page_shows_original_deadline_and_extensions_when_extended(client, task_cast):
    directive = task_cast.ad_hoc(deadline=in_days(10))
    request = services.extension_request(
        directive=directive, actor=task_cast.focal, proposed_deadline=in_days(40), reason="Chờ vốn"
    )
    services.extension_decide(request=request, actor=task_cast.chair, approve=True)
    client.force_login(task_cast.member)

    page = page_of(client, directive)

    assert in_days(40).strftime("%d/%m/%Y") in page
    assert (
        vi(
            "Original deadline %(original)s; extended %(count)s time(s).",
            original=in_days(10).strftime("%d/%m/%Y"),
            count=1,
        )
        in page
    )


@pytest.mark.parametrize("who", ["other_member", "guest", "outsider", "admin"])
def test_directive_page_is_404_when_not_in_the_committee(client, task_cast, who):
    directive = task_cast.ad_hoc()
    client.force_login(getattr(task_cast, who))

    assert client.get(url("directive-detail", directive)).status_code == 404


def test_directive_page_offers_only_the_forms_the_person_can_use(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.focal)
    focal_page = page_of(client, directive)
    client.force_login(task_cast.chair)
    chair_page = page_of(client, directive)

    assert url("directive-progress", directive) in focal_page
    assert url("directive-report-done", directive) in focal_page
    assert url("directive-cancel", directive) not in focal_page
    assert url("directive-urge", directive) not in focal_page
    assert url("directive-progress", directive) not in chair_page
    assert url("directive-cancel", directive) in chair_page
    assert url("directive-urge", directive) in chair_page
    assert url("directive-edit", directive) in chair_page


@pytest.mark.parametrize("events", [1, 30])
def test_directive_page_query_count_does_not_grow_with_the_timeline(
    client, task_cast, django_assert_max_num_queries, events
):
    directive = task_cast.ad_hoc()
    directive.coordinating_organizations.set([task_cast.org_b])
    for n in range(events):
        services.progress_post(
            directive=directive,
            actor=task_cast.focal,
            text=f"Cập nhật số {n}",
            percent=n % 100,
            files=[evidence_pdf(f"minh-chung-{n}.pdf")],
        )
    client.force_login(task_cast.focal)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        page = page_of(client, directive)

    assert page.count('href="/evidence/') == events


# --- progress -------------------------------------------------------------------------------------


def test_progress_post_stores_the_update_and_its_files_when_focal(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.focal)

    r = client.post(
        url("directive-progress", directive),
        {
            "progress-text": "Đã khảo sát 5 huyện",
            "progress-percent": "40",
            "progress-files": [evidence_pdf("khao-sat.pdf"), evidence_pdf("bien-ban.pdf")],
        },
        follow=True,
    )

    directive = fresh(directive)
    assert directive.status == S.IN_PROGRESS and directive.percent == 40
    event = directive.events.get(kind=K.PROGRESS)
    assert event.text == "Đã khảo sát 5 huyện" and event.actor == task_cast.focal
    assert sorted(e.original_name for e in event.evidence.all()) == ["bien-ban.pdf", "khao-sat.pdf"]
    page = r.content.decode()
    assert vi("The progress update is posted.") in page
    for evidence in event.evidence.all():
        assert url("evidence-download", evidence) in page


def test_progress_post_keeps_what_was_typed_when_the_percent_is_out_of_range(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.focal)

    r = client.post(
        url("directive-progress", directive),
        {"progress-text": "Đã khảo sát 5 huyện", "progress-percent": "150"},
    )

    assert r.status_code == 200
    page = r.content.decode()
    assert "Đã khảo sát 5 huyện</textarea>" in page
    assert 'id="progress-panel" open' in page
    assert 'aria-invalid="true"' in page
    assert not directive.events.filter(kind=K.PROGRESS).exists()


def test_progress_post_says_what_is_missing_when_text_is_empty(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.focal)

    r = client.post(url("directive-progress", directive), {"progress-text": "  ", "progress-percent": "20"})

    assert r.status_code == 200
    assert vi("Write what has been done.") in r.content.decode()
    assert fresh(directive).percent == 0


def test_progress_post_refuses_more_files_than_allowed(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.focal)
    files = [evidence_pdf(f"f{n}.pdf") for n in range(MAX_EVIDENCE_FILES + 1)]

    r = client.post(
        url("directive-progress", directive), {"progress-text": "Nhiều tệp", "progress-files": files}
    )

    assert r.status_code == 200
    assert vi("Attach at most %(n)s files at once.", n=MAX_EVIDENCE_FILES) in r.content.decode()
    assert not Evidence.objects.exists()


def test_progress_post_shows_the_upload_check_when_a_file_is_not_a_document(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.focal)
    program = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    r = client.post(
        url("directive-progress", directive), {"progress-text": "Kèm tệp lạ", "progress-files": [program]}
    )

    assert r.status_code == 200
    page = r.content.decode()
    assert "Kèm tệp lạ</textarea>" in page
    assert 'id="id_progress-files_error"' in page
    assert not Evidence.objects.exists()


def test_progress_post_is_403_when_another_agency(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.member_other_agency)

    r = client.post(url("directive-progress", directive), {"progress-text": "Không phải việc của tôi"})

    assert r.status_code == 403


def test_progress_post_is_404_when_another_committee(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.other_member)

    assert client.post(url("directive-progress", directive), {"progress-text": "x"}).status_code == 404


def test_progress_post_shows_the_refusal_when_the_directive_is_cancelled(client, task_cast):
    directive = task_cast.directive_in(S.CANCELLED)
    client.force_login(task_cast.focal)

    r = client.post(url("directive-progress", directive), {"progress-text": "Muộn"}, follow=True)

    page = r.content.decode()
    status = Directive.Status.CANCELLED.label
    with override("vi"):
        expected = gettext("This directive is %(status)s: nothing more can be posted on it.") % {
            "status": str(status).lower()
        }
    assert escape(expected) in page
    assert not directive.events.filter(kind=K.PROGRESS).exists()


# --- contributions --------------------------------------------------------------------------------


def test_contribution_add_records_the_coordinating_agency(client, task_cast):
    directive = task_cast.ad_hoc(coordinating_organizations=[task_cast.org_b])
    client.force_login(task_cast.member_other_agency)

    r = client.post(
        url("directive-contribution", directive),
        {"contribution-text": "Sở Tài chính đã bố trí kinh phí", "contribution-files": [evidence_pdf()]},
    )

    assert r.status_code == 302
    event = directive.events.get(kind=K.CONTRIBUTION)
    assert event.organization == task_cast.org_b
    assert event.evidence.count() == 1


def test_contribution_add_asks_the_agency_when_the_person_acts_for_several(client, task_cast):
    RoleAssignmentFactory(
        user=task_cast.member_other_agency,
        committee=task_cast.committee,
        role=RoleAssignment.Role.FOCAL_OFFICER,
        organization=task_cast.org_ubnd,
    )
    directive = task_cast.ad_hoc(coordinating_organizations=[task_cast.org_b, task_cast.org_ubnd])
    client.force_login(task_cast.member_other_agency)
    assert 'name="contribution-organization"' in page_of(client, directive)

    missing = client.post(url("directive-contribution", directive), {"contribution-text": "Ý kiến phối hợp"})
    chosen = client.post(
        url("directive-contribution", directive),
        {"contribution-text": "Ý kiến phối hợp", "contribution-organization": str(task_cast.org_ubnd.pk)},
    )

    assert missing.status_code == 200
    assert vi("Choose the agency you write for.") in missing.content.decode()
    assert "Ý kiến phối hợp</textarea>" in missing.content.decode()
    assert chosen.status_code == 302
    assert directive.events.get(kind=K.CONTRIBUTION).organization == task_cast.org_ubnd


def test_contribution_add_is_403_when_the_lead_agency(client, task_cast):
    directive = task_cast.ad_hoc(coordinating_organizations=[task_cast.org_b])
    client.force_login(task_cast.focal)

    assert (
        client.post(url("directive-contribution", directive), {"contribution-text": "x"}).status_code == 403
    )


# --- reporting done -------------------------------------------------------------------------------


def test_report_done_with_the_issued_document_moves_it_to_reported_done(client, task_cast):
    directive = task_cast.directive_in(S.IN_PROGRESS)
    client.force_login(task_cast.focal)

    r = client.post(
        url("directive-report-done", directive),
        {
            "done-summary": "Đã ban hành kế hoạch",
            "done-document_number": "45/KH-SKHDT",
            "done-document_date": in_days(0).strftime("%d/%m/%Y"),
        },
        follow=True,
    )

    directive = fresh(directive)
    assert directive.status == S.REPORTED_DONE and directive.percent == 100
    page = r.content.decode()
    assert vi("The work is reported done: it now waits for acceptance.") in page
    assert "45/KH-SKHDT" in page


def test_report_done_asks_for_evidence_and_keeps_the_summary(client, task_cast):
    directive = task_cast.directive_in(S.IN_PROGRESS)
    client.force_login(task_cast.focal)

    r = client.post(url("directive-report-done", directive), {"done-summary": "Đã hoàn thành toàn bộ"})

    assert r.status_code == 200
    page = r.content.decode()
    assert vi("Attach evidence: a file, or the number and date of the document issued.") in page
    assert "Đã hoàn thành toàn bộ</textarea>" in page
    assert fresh(directive).status == S.IN_PROGRESS


def test_report_done_with_a_file_stores_it_for_download(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.member)

    client.post(
        url("directive-report-done", directive),
        {"done-summary": "Xong", "done-files": [evidence_pdf("ket-qua.pdf")]},
    )

    evidence = Evidence.objects.get()
    assert evidence.event.kind == K.REPORTED_DONE
    r = client.get(url("evidence-download", evidence))
    assert b"".join(r.streaming_content) == PDF


# --- extensions -----------------------------------------------------------------------------------


def test_extension_request_shows_the_pending_request_with_its_reason(client, task_cast):
    directive = task_cast.ad_hoc(deadline=in_days(10))
    client.force_login(task_cast.focal)

    r = client.post(
        url("directive-extension", directive),
        {"extension-proposed_deadline": in_days(30).isoformat(), "extension-reason": "Chờ phân bổ vốn"},
        follow=True,
    )

    pending = ExtensionRequest.objects.get(directive=directive)
    assert pending.status == ExtensionRequest.Status.PENDING
    page = r.content.decode()
    assert "Chờ phân bổ vốn" in page
    assert in_days(30).strftime("%d/%m/%Y") in page
    assert url("directive-extension", directive) not in page  # one request waits at a time


def test_extension_request_keeps_the_reason_when_the_date_is_not_later(client, task_cast):
    directive = task_cast.ad_hoc(deadline=in_days(10))
    client.force_login(task_cast.focal)

    r = client.post(
        url("directive-extension", directive),
        {"extension-proposed_deadline": in_days(5).isoformat(), "extension-reason": "Chờ phân bổ vốn"},
    )

    assert r.status_code == 200
    page = r.content.decode()
    assert "Chờ phân bổ vốn</textarea>" in page
    assert (
        vi(
            "The new deadline must be after the one in force (%(date)s).",
            date=in_days(10).strftime("%d/%m/%Y"),
        )
        in page
    )
    assert not ExtensionRequest.objects.exists()


def _pending(task_cast) -> ExtensionRequest:
    directive = task_cast.ad_hoc(deadline=in_days(10))
    return services.extension_request(
        directive=directive, actor=task_cast.focal, proposed_deadline=in_days(30), reason="Chờ vốn"
    )


def test_extension_decide_approve_moves_the_deadline(client, task_cast):
    pending = _pending(task_cast)
    client.force_login(task_cast.chair)
    assert url("extension-decide", pending) in page_of(client, pending.directive)

    r = client.post(url("extension-decide", pending), {"decide-decision": "approve", "decide-note": ""})

    assert r.status_code == 302
    assert fresh(pending.directive).deadline == in_days(30)
    assert fresh(pending.directive).extension_count == 1


def test_extension_decide_refusal_needs_a_note(client, task_cast):
    pending = _pending(task_cast)
    client.force_login(task_cast.chair)

    r = client.post(url("extension-decide", pending), {"decide-decision": "refuse", "decide-note": ""})

    assert r.status_code == 200
    assert vi("Say why the new deadline is refused.") in r.content.decode()
    pending.refresh_from_db()
    assert pending.status == ExtensionRequest.Status.PENDING


def test_extension_decide_refusal_with_a_note_keeps_the_deadline(client, task_cast):
    pending = _pending(task_cast)
    client.force_login(task_cast.deputy)

    client.post(
        url("extension-decide", pending), {"decide-decision": "refuse", "decide-note": "Không có lý do"}
    )

    pending.refresh_from_db()
    assert pending.status == ExtensionRequest.Status.REFUSED
    assert fresh(pending.directive).deadline == in_days(10)


@pytest.mark.parametrize(("who", "status"), [("focal", 403), ("secretary", 403), ("other_member", 404)])
def test_extension_decide_is_refused_when_not_the_chairs_side(client, task_cast, who, status):
    pending = _pending(task_cast)
    client.force_login(getattr(task_cast, who))

    r = client.post(url("extension-decide", pending), {"decide-decision": "approve"})

    assert r.status_code == status
    pending.refresh_from_db()
    assert pending.status == ExtensionRequest.Status.PENDING


# --- acceptance -----------------------------------------------------------------------------------


def test_acceptance_propose_records_who_proposed(client, task_cast):
    directive = task_cast.directive_in(S.REPORTED_DONE)
    client.force_login(task_cast.secretary)

    r = client.post(url("directive-propose-acceptance", directive), {"propose-note": "Đạt yêu cầu"})

    assert r.status_code == 302
    assert fresh(directive).acceptance_proposed_by == task_cast.secretary
    assert directive.events.get(kind=K.ACCEPTANCE_PROPOSED).text == "Đạt yêu cầu"


def test_acceptance_propose_shows_the_refusal_when_already_proposed(client, task_cast):
    directive = task_cast.directive_in(S.REPORTED_DONE)
    services.acceptance_propose(directive=directive, actor=task_cast.secretary)
    client.force_login(task_cast.secretary)

    r = client.post(url("directive-propose-acceptance", directive), {"propose-note": ""}, follow=True)

    assert vi("Acceptance has already been proposed.") in r.content.decode()


def test_directive_accept_closes_it(client, task_cast):
    directive = task_cast.directive_in(S.REPORTED_DONE)
    client.force_login(task_cast.chair)

    r = client.post(url("directive-accept", directive), {"accept-note": "Tốt"}, follow=True)

    directive = fresh(directive)
    assert directive.status == S.ACCEPTED and directive.closed_by == task_cast.chair
    assert vi("The work is accepted: the directive is closed.") in r.content.decode()


def test_directive_accept_is_403_when_member(client, task_cast):
    directive = task_cast.directive_in(S.REPORTED_DONE)
    client.force_login(task_cast.member)

    assert client.post(url("directive-accept", directive), {}).status_code == 403
    assert fresh(directive).status == S.REPORTED_DONE


def test_directive_return_needs_a_reason_then_reopens_the_work(client, task_cast):
    directive = task_cast.directive_in(S.REPORTED_DONE)
    client.force_login(task_cast.standing)

    empty = client.post(url("directive-return", directive), {"return-reason": ""})
    given = client.post(url("directive-return", directive), {"return-reason": "Thiếu minh chứng"})

    assert empty.status_code == 200
    assert vi("Say why the work is returned.") in empty.content.decode()
    assert given.status_code == 302
    directive = fresh(directive)
    assert directive.status == S.IN_PROGRESS and directive.times_returned == 1


# --- cancelling -----------------------------------------------------------------------------------


def test_directive_cancel_asks_for_the_confirmation_and_keeps_the_reason(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.chair)

    r = client.post(url("directive-cancel", directive), {"cancel-reason": "Đã có chỉ đạo khác"})

    assert r.status_code == 200
    page = r.content.decode()
    assert vi("Tick the box to confirm: cancelling cannot be undone.") in page
    assert "Đã có chỉ đạo khác</textarea>" in page
    assert 'id="cancel-panel" open' in page
    assert fresh(directive).status == S.ASSIGNED


def test_directive_cancel_with_the_confirmation_cancels_it(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.deputy)

    r = client.post(
        url("directive-cancel", directive), {"cancel-reason": "Đã có chỉ đạo khác", "cancel-confirm": "on"}
    )

    assert r.status_code == 302
    assert fresh(directive).status == S.CANCELLED
    assert directive.events.get(kind=K.CANCELLED).text == "Đã có chỉ đạo khác"


def test_directive_cancel_is_403_when_secretary(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.secretary)

    r = client.post(url("directive-cancel", directive), {"cancel-reason": "x", "cancel-confirm": "on"})

    assert r.status_code == 403


# --- urging ---------------------------------------------------------------------------------------


def test_directive_urge_is_logged_with_who_and_the_note(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.secretary)

    r = client.post(
        url("directive-urge", directive), {"urge-note": "Đề nghị báo cáo trước thứ Sáu"}, follow=True
    )

    event = directive.events.get(kind=K.URGED)
    assert event.actor == task_cast.secretary and event.text == "Đề nghị báo cáo trước thứ Sáu"
    assert "Đề nghị báo cáo trước thứ Sáu" in r.content.decode()


def test_directive_urge_shows_the_refusal_when_closed(client, task_cast):
    directive = task_cast.directive_in(S.ACCEPTED)
    client.force_login(task_cast.secretary)

    r = client.post(url("directive-urge", directive), {"urge-note": ""})

    assert r.status_code == 302
    assert not directive.events.filter(kind=K.URGED).exists()


def test_actions_answer_405_to_a_get(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.chair)

    assert client.get(url("directive-urge", directive)).status_code == 405


# --- evidence -------------------------------------------------------------------------------------


def _evidence(task_cast) -> Evidence:
    directive = task_cast.ad_hoc()
    services.progress_post(
        directive=directive,
        actor=task_cast.focal,
        text="Kèm biên bản",
        percent=10,
        files=[evidence_pdf("bb.pdf")],
    )
    return Evidence.objects.get()


def test_evidence_download_is_a_nosniff_attachment_with_the_stored_type(client, task_cast):
    evidence = _evidence(task_cast)
    client.force_login(task_cast.member_other_agency)  # same committee, another agency: may read

    r = client.get(url("evidence-download", evidence))

    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert "bb.pdf" in r["Content-Disposition"]
    assert r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content) == PDF


@pytest.mark.parametrize("who", ["other_member", "guest", "outsider"])
def test_evidence_download_is_404_when_the_directive_is_not_theirs_to_see(client, task_cast, who):
    evidence = _evidence(task_cast)
    client.force_login(getattr(task_cast, who))

    assert client.get(url("evidence-download", evidence)).status_code == 404


def test_evidence_download_is_404_when_the_file_has_vanished(client, task_cast):
    evidence = _evidence(task_cast)
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(task_cast.member)

    assert client.get(url("evidence-download", evidence)).status_code == 404


# --- creating and editing -------------------------------------------------------------------------


def create_url(committee) -> str:
    return reverse("tasks:directive-create", kwargs={"committee_pk": committee.pk})


def directive_data(task_cast, **overrides) -> dict:
    data = {
        "reference_number": "123/UBND-VP",
        "reference_date": in_days(-1).isoformat(),
        "title": "Rà soát hạ tầng mạng",
        "expected_result": "Báo cáo rà soát",
        "lead_organization": str(task_cast.org_a.pk),
        "coordinating_organizations": [str(task_cast.org_b.pk)],
        "deadline": in_days(30).isoformat(),
        "reporting_period": "",
        "priority": Directive.Priority.HIGH,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["chair", "deputy", "standing", "secretary"])
def test_directive_create_assigns_an_ad_hoc_directive(client, task_cast, who):
    client.force_login(getattr(task_cast, who))
    assert client.get(create_url(task_cast.committee)).status_code == 200

    r = client.post(create_url(task_cast.committee), directive_data(task_cast))

    directive = Directive.objects.get()
    assert r.status_code == 302 and r["Location"] == directive.get_absolute_url()
    assert directive.source == Directive.Source.AD_HOC and directive.reference_number == "123/UBND-VP"
    assert list(directive.coordinating_organizations.all()) == [task_cast.org_b]
    assert directive.deadline == in_days(30) and directive.priority == Directive.Priority.HIGH


def test_directive_create_makes_regular_work_with_a_reporting_period(client, task_cast):
    client.force_login(task_cast.chair)

    client.post(
        create_url(task_cast.committee),
        directive_data(task_cast, deadline="", reporting_period=Directive.Period.QUARTERLY),
    )

    directive = Directive.objects.get()
    assert directive.deadline is None and directive.reporting_period == Directive.Period.QUARTERLY


def test_directive_create_keeps_what_was_typed_when_neither_deadline_nor_period(client, task_cast):
    client.force_login(task_cast.chair)

    r = client.post(create_url(task_cast.committee), directive_data(task_cast, deadline=""))

    assert r.status_code == 200
    page = r.content.decode()
    assert vi("Give a deadline, or mark it as regular work with a reporting period.") in page
    assert "Rà soát hạ tầng mạng</textarea>" in page
    assert 'value="123/UBND-VP"' in page
    assert not Directive.objects.exists()


def test_directive_create_refuses_the_lead_agency_as_coordinating(client, task_cast):
    client.force_login(task_cast.chair)

    r = client.post(
        create_url(task_cast.committee),
        directive_data(task_cast, coordinating_organizations=[str(task_cast.org_a.pk)]),
    )

    assert r.status_code == 200
    assert vi("The lead agency cannot also be a coordinating agency.") in r.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("member", 403), ("focal", 403), ("other_member", 404), ("guest", 404)]
)
def test_directive_create_is_refused_when_not_allowed(client, task_cast, who, status):
    client.force_login(getattr(task_cast, who))

    assert client.get(create_url(task_cast.committee)).status_code == status
    assert client.post(create_url(task_cast.committee), directive_data(task_cast)).status_code == status
    assert not Directive.objects.exists()


def test_directive_edit_changes_title_agencies_and_priority(client, task_cast):
    directive = task_cast.ad_hoc(title="Tên cũ", deadline=in_days(15))
    client.force_login(task_cast.chair)
    assert client.get(url("directive-edit", directive)).status_code == 200

    r = client.post(
        url("directive-edit", directive),
        {
            "title": "Tên mới",
            "expected_result": "",
            "lead_organization": str(task_cast.org_a.pk),
            "coordinating_organizations": [str(task_cast.org_b.pk)],
            "priority": Directive.Priority.URGENT,
            "deadline": in_days(99).isoformat(),  # not a field of the edit: ignored
        },
    )

    assert r.status_code == 302
    directive = fresh(directive)
    assert directive.title == "Tên mới" and directive.priority == Directive.Priority.URGENT
    assert list(directive.coordinating_organizations.all()) == [task_cast.org_b]
    assert directive.deadline == in_days(15)


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("secretary", 403), ("other_member", 404)])
def test_directive_edit_is_refused_when_not_chair_or_deputy(client, task_cast, who, status):
    directive = task_cast.ad_hoc()
    client.force_login(getattr(task_cast, who))

    assert client.get(url("directive-edit", directive)).status_code == status


def test_directive_edit_is_not_offered_once_closed(client, task_cast):
    directive = task_cast.directive_in(S.ACCEPTED)
    client.force_login(task_cast.chair)

    assert client.get(url("directive-edit", directive)).status_code == 403
    assert url("directive-edit", directive) not in page_of(client, directive)


# --- hostile input ----------------------------------------------------------------------------------


def _directive_id_patterns():
    from django.urls import URLPattern

    from tasks import urls

    for pattern in urls.urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.pattern.converters:
            yield f"tasks:{pattern.name}", list(pattern.pattern.converters)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "params"), list(_directive_id_patterns()))
def test_url_with_an_id_past_the_database_integer_is_not_found_never_500(client, task_cast, name, params):
    client.force_login(task_cast.chair)
    address = reverse(name, kwargs={p: 2**63 for p in params})

    assert {client.get(address).status_code, client.post(address).status_code} <= {404, 405}


def test_directive_create_refuses_a_date_at_the_end_of_the_calendar(client, task_cast):
    client.force_login(task_cast.chair)

    r = client.post(
        create_url(task_cast.committee),
        directive_data(task_cast, deadline="31/12/9999", reference_date="0001-01-01"),
    )

    assert r.status_code == 200
    assert r.context["form"].errors.keys() >= {"deadline", "reference_date"}
    assert not Directive.objects.exists()


def test_progress_post_refuses_a_percent_that_is_not_a_number(client, task_cast):
    directive = task_cast.ad_hoc()
    client.force_login(task_cast.focal)

    r = client.post(url("directive-progress", directive), {"progress-text": "x", "progress-percent": "²"})

    assert r.status_code == 200
    assert fresh(directive).percent == 0


def test_extension_decide_with_a_forged_decision_changes_nothing(client, task_cast):
    pending = _pending(task_cast)
    client.force_login(task_cast.chair)

    r = client.post(url("extension-decide", pending), {"decide-decision": "maybe"})

    assert r.status_code == 200
    assert vi("Choose to approve or to refuse the new deadline.") in r.content.decode()
    pending.refresh_from_db()
    assert pending.status == ExtensionRequest.Status.PENDING
