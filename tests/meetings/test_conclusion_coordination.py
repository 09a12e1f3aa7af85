"""An instruction's coordinating agencies (cơ quan phối hợp): drafted with the conclusion, refused
when the lead agency is among them, frozen by the notice, printed on it after the lead agency;
and the notice page listing the directives its instructions became, with their state."""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from meetings import services
from meetings.documents.context import notice_context
from meetings.documents.selectors import notice_pdf
from meetings.models import Conclusion, Meeting, MeetingError
from tasks import services as task_services
from tasks.models import Directive
from tests.documents.pdfcheck import parse
from tests.members.factories import OrganizationFactory

S = Meeting.Status


def vi(msgid: str, **params) -> str:
    with override("vi"):
        text = gettext(msgid)
    return text % params if params else text


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def url(name: str, meeting: Meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, **kwargs})


@pytest.fixture
def org_c(cast):
    return OrganizationFactory(name="Sở Thông tin và Truyền thông", short_code="STTTT")


@pytest.fixture
def signed(meeting_cast):
    """A meeting whose minutes are signed: its conclusions are being drafted."""
    return meeting_cast.meeting_in(S.MINUTES_SIGNED)


def add(meeting_cast, meeting, **kwargs) -> Conclusion:
    return services.conclusion_add(
        meeting=meeting,
        actor=meeting_cast.secretary,
        text=kwargs.pop("text", "Triển khai nền tảng chia sẻ dữ liệu."),
        is_instruction=kwargs.pop("is_instruction", True),
        lead_organization=kwargs.pop("lead_organization", meeting_cast.org_a),
        due_date=kwargs.pop("due_date", in_days(60)),
        **kwargs,
    )


def ticked(page: str) -> set[int]:
    """The organizations whose coordinating-agency checkbox is ticked on the page."""
    boxes = re.findall(r'<input type="checkbox" name="coordinating_organizations"[^>]*>', page)
    return {int(re.search(r'value="(\d+)"', box).group(1)) for box in boxes if " checked" in box}


def agencies(conclusion: Conclusion) -> set:
    return set(Conclusion.objects.get(pk=conclusion.pk).coordinating_organizations.all())


# --- the services --------------------------------------------------------------------------------


def test_conclusion_add_names_the_coordinating_agencies_and_the_history_says_who(meeting_cast, signed, org_c):
    conclusion = add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_b, org_c])

    assert agencies(conclusion) == {meeting_cast.org_b, org_c}
    latest = conclusion.history.latest()
    assert latest.history_user == meeting_cast.secretary
    assert {row.organization for row in latest.coordinating_organizations.all()} == {
        meeting_cast.org_b,
        org_c,
    }


def test_conclusion_add_refuses_the_lead_agency_among_the_coordinating_ones(meeting_cast, signed):
    with pytest.raises(ValidationError) as refused:
        add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_a, meeting_cast.org_b])

    assert refused.value.message_dict == {
        "coordinating_organizations": [
            vi(
                "%(agency)s leads this instruction: it cannot also be one of its coordinating agencies.",
                agency=meeting_cast.org_a,
            )
        ]
    }
    assert not signed.conclusions.exists()


def test_conclusion_add_keeps_no_coordinating_agency_on_a_plain_conclusion(meeting_cast, signed):
    conclusion = add(
        meeting_cast,
        signed,
        is_instruction=False,
        lead_organization=None,
        due_date=None,
        coordinating_organizations=[meeting_cast.org_b],
    )
    assert agencies(conclusion) == set()


def test_conclusion_update_changes_the_coordinating_agencies_in_one_version(meeting_cast, signed, org_c):
    conclusion = add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_b])
    versions = conclusion.history.count()

    services.conclusion_update(
        conclusion=conclusion,
        actor=meeting_cast.standing,
        text=conclusion.text,
        is_instruction=True,
        lead_organization=meeting_cast.org_a,
        due_date=conclusion.due_date,
        coordinating_organizations=[org_c],
    )

    assert agencies(conclusion) == {org_c}
    assert conclusion.history.count() == versions + 1
    latest = conclusion.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (meeting_cast.standing, "edited")
    assert [row.organization for row in latest.coordinating_organizations.all()] == [org_c]


def test_conclusion_update_refuses_the_lead_agency_among_the_coordinating_ones(meeting_cast, signed):
    conclusion = add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_b])

    with pytest.raises(ValidationError) as refused:
        services.conclusion_update(
            conclusion=conclusion,
            actor=meeting_cast.secretary,
            text=conclusion.text,
            is_instruction=True,
            lead_organization=meeting_cast.org_b,  # the coordinating agency now leads
            due_date=conclusion.due_date,
            coordinating_organizations=[meeting_cast.org_b],
        )

    assert list(refused.value.message_dict) == ["coordinating_organizations"]
    assert agencies(conclusion) == {meeting_cast.org_b}
    assert Conclusion.objects.get(pk=conclusion.pk).lead_organization == meeting_cast.org_a


def test_conclusion_update_clears_the_agencies_when_it_is_no_longer_an_instruction(meeting_cast, signed):
    conclusion = add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_b])

    services.conclusion_update(
        conclusion=conclusion, actor=meeting_cast.secretary, text=conclusion.text, is_instruction=False
    )

    assert agencies(conclusion) == set()


def test_conclusion_update_of_the_agencies_is_refused_after_the_notice(meeting_cast, signed, org_c):
    conclusion = add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_b])
    services.conclusions_sign(meeting=signed, actor=meeting_cast.chair)

    with pytest.raises(MeetingError) as refused:
        services.conclusion_update(
            conclusion=conclusion,
            actor=meeting_cast.secretary,
            text=conclusion.text,
            is_instruction=True,
            lead_organization=meeting_cast.org_a,
            due_date=conclusion.due_date,
            coordinating_organizations=[org_c],
        )

    assert refused.value.message == vi("Conclusions cannot be changed for this meeting now.")
    assert agencies(conclusion) == {meeting_cast.org_b}


def test_signing_gives_the_directive_the_instruction_coordinating_agencies(meeting_cast, signed, org_c):
    add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_b, org_c])

    notice = services.conclusions_sign(meeting=signed, actor=meeting_cast.chair)

    directive = notice.directives.get()
    assert set(directive.coordinating_organizations.all()) == {meeting_cast.org_b, org_c}


# --- the pages -----------------------------------------------------------------------------------


def test_conclusion_added_through_the_page_keeps_its_coordinating_agencies(
    client, meeting_cast, signed, org_c
):
    client.force_login(meeting_cast.secretary)

    r = client.post(
        url("conclusions-edit", signed),
        {
            "text": "Kết nối hệ thống quản lý văn bản.",
            "is_instruction": "on",
            "lead_organization": meeting_cast.org_a.pk,
            "due_date": in_days(30).isoformat(),
            "coordinating_organizations": [meeting_cast.org_b.pk, org_c.pk],
        },
        follow=True,
    )

    assert r.redirect_chain == [(url("conclusions-edit", signed), 302)]
    assert agencies(signed.conclusions.get()) == {meeting_cast.org_b, org_c}
    page = r.content.decode()
    assert escape(vi("Coordinating agencies")) in page
    assert f"{meeting_cast.org_b}; {org_c}" in page or f"{org_c}; {meeting_cast.org_b}" in page


def test_conclusion_page_keeps_what_was_typed_when_the_lead_agency_also_coordinates(
    client, meeting_cast, signed
):
    client.force_login(meeting_cast.secretary)

    r = client.post(
        url("conclusions-edit", signed),
        {
            "text": "Kết nối hệ thống quản lý văn bản.",
            "is_instruction": "on",
            "lead_organization": meeting_cast.org_a.pk,
            "due_date": in_days(30).isoformat(),
            "coordinating_organizations": [meeting_cast.org_a.pk, meeting_cast.org_b.pk],
        },
    )

    assert r.status_code == 200
    page = r.content.decode()
    message = vi(
        "%(agency)s leads this instruction: it cannot also be one of its coordinating agencies.",
        agency=meeting_cast.org_a,
    )
    assert escape(message) in page
    assert "Kết nối hệ thống quản lý văn bản." in page
    assert ticked(page) == {meeting_cast.org_a.pk, meeting_cast.org_b.pk}
    assert not signed.conclusions.exists()


def test_conclusion_edit_page_shows_the_agencies_ticked(client, meeting_cast, signed):
    conclusion = add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_b])
    client.force_login(meeting_cast.secretary)

    r = client.get(url("conclusion-edit", signed, conclusion_pk=conclusion.pk))

    assert r.status_code == 200
    assert ticked(r.content.decode()) == {meeting_cast.org_b.pk}


# --- the notice ----------------------------------------------------------------------------------


def test_notice_prints_the_coordinating_agencies_after_the_lead_one_and_sends_it_to_them(
    meeting_cast, signed, org_c
):
    due = in_days(60)
    add(meeting_cast, signed, due_date=due, coordinating_organizations=[org_c, meeting_cast.org_b])
    add(meeting_cast, signed, text="Không giao cơ quan phối hợp.", due_date=due)
    notice = services.conclusions_sign(meeting=signed, actor=meeting_cast.chair)

    context = notice_context(notice)

    first, second = (item.instruction for item in context["conclusions"])
    assert first == (
        f"Cơ quan chủ trì: {meeting_cast.org_a}; cơ quan phối hợp: {org_c}, {meeting_cast.org_b}; "
        f"thời hạn hoàn thành: {due:%d/%m/%Y}."
    )
    assert second == f"Cơ quan chủ trì: {meeting_cast.org_a}; thời hạn hoàn thành: {due:%d/%m/%Y}."
    assert context["recipients"] == [
        f"Thành viên {meeting_cast.committee.name}",
        str(meeting_cast.org_a),
        str(org_c),
        str(meeting_cast.org_b),
        "Lưu: VT",
    ]


def test_notice_pdf_and_page_print_the_coordinating_agencies(client, meeting_cast, signed):
    add(meeting_cast, signed, coordinating_organizations=[meeting_cast.org_b])
    notice = services.conclusions_sign(meeting=signed, actor=meeting_cast.chair)
    expected = f"cơ quan phối hợp: {meeting_cast.org_b};"

    text = " ".join(" ".join(page.text for page in parse(notice_pdf(notice)).pages).split())
    client.force_login(meeting_cast.member)
    page = client.get(url("notice-detail", signed)).content.decode()

    assert expected in text
    assert expected in page


# --- the notice page lists its directives --------------------------------------------------------


def issued_with_directives(meeting_cast, meeting, dues: list[datetime.date]) -> list[Directive]:
    for i, due in enumerate(dues, start=1):
        add(meeting_cast, meeting, text=f"Nhiệm vụ số {i} của thông báo.", due_date=due)
    notice = services.conclusions_sign(meeting=meeting, actor=meeting_cast.chair)
    return list(notice.directives.order_by("conclusion__order"))


def test_notice_page_lists_its_directives_with_lead_agency_deadline_status_and_timeliness(
    client, meeting_cast, signed
):
    soon, later = in_days(5), in_days(60)
    due_soon, on_time = issued_with_directives(meeting_cast, signed, [soon, later])
    client.force_login(meeting_cast.member)

    r = client.get(url("notice-detail", signed))

    page = r.content.decode()
    section = page.split('id="notice-directives"', 1)[1]
    rows = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")
    assert f'href="{due_soon.get_absolute_url()}"' in rows[0]
    assert "Nhiệm vụ số 1 của thông báo." in rows[0]
    assert str(meeting_cast.org_a) in rows[0]
    assert f"{soon:%d/%m/%Y}" in rows[0]
    assert escape(vi("Assigned")) in rows[0]
    assert "Sắp đến hạn" in rows[0]
    assert f'href="{on_time.get_absolute_url()}"' in rows[1]
    assert "Đúng tiến độ" in rows[1]


def test_notice_page_shows_work_done_cancelled_and_overdue_in_words(client, meeting_cast, signed):
    done, cancelled, late = issued_with_directives(
        meeting_cast, signed, [in_days(20), in_days(20), in_days(3)]
    )
    task_services.directive_report_done(
        directive=done,
        actor=meeting_cast.focal,
        summary="Đã hoàn thành",
        document_number="5/BC-SKHĐT",
        document_date=timezone.localdate(),
    )
    task_services.directive_cancel(directive=cancelled, actor=meeting_cast.chair, reason="Không còn phù hợp")

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=10)):
        client.force_login(meeting_cast.member)
        page = client.get(url("notice-detail", signed)).content.decode()

    rows = page.split('id="notice-directives"', 1)[1].split("<tbody>", 1)[1].split("</tr>")
    assert "Hoàn thành đúng hạn" in rows[0]
    assert escape(vi("Cancelled")) in rows[1]
    assert "Quá hạn" in rows[2]
    assert late.deadline.strftime("%d/%m/%Y") in rows[2]


def test_notice_page_without_instructions_says_no_directive_was_made(client, meeting_cast, signed):
    add(meeting_cast, signed, is_instruction=False, lead_organization=None, due_date=None)
    services.conclusions_sign(meeting=signed, actor=meeting_cast.chair)
    client.force_login(meeting_cast.member)

    page = client.get(url("notice-detail", signed)).content.decode()

    assert escape(vi("This notice has no instruction to an agency: no directive was made of it.")) in page


def test_notice_page_reads_the_same_number_of_queries_whatever_the_number_of_directives(
    client, meeting_cast, org_c
):
    def page_queries(meeting) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("notice-detail", meeting)).status_code == 200
        return len(ctx.captured_queries)

    one = meeting_cast.meeting_in(S.MINUTES_SIGNED)
    issued_with_directives(meeting_cast, one, [in_days(30)])
    many = meeting_cast.meeting_in(S.MINUTES_SIGNED)
    for i in range(6):
        add(
            meeting_cast,
            many,
            text=f"Nhiệm vụ {i}.",
            lead_organization=meeting_cast.org_b if i % 2 else meeting_cast.org_a,
            coordinating_organizations=[org_c],
        )
    services.conclusions_sign(meeting=many, actor=meeting_cast.chair)
    client.force_login(meeting_cast.member)

    assert page_queries(one) == page_queries(many) <= 12
