"""The archive's search: minutes, notices (by their conclusions), papers' titles, conclusions and
directives, ignoring diacritics and case both ways; only what the person may open (their
committees; draft minutes to their readers; a guest the papers of their meeting), paged."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting, Minutes, Notice
from reports.search import search
from tasks import services as task_services
from tests.meetings.factories import PaperFactory

pytestmark = pytest.mark.django_db

S = Meeting.Status


def with_body(task_cast, status: str, body: str) -> Meeting:
    """A meeting of committee A whose main minutes say `body`, signed if `status` asks."""
    meeting = task_cast.meeting_in(S.MINUTES_DRAFTED)
    Minutes.objects.filter(meeting=meeting, addendum_to__isnull=True).update(body=body)
    if status != S.MINUTES_DRAFTED:
        task_cast.do(meeting, Meeting.Action.SIGN_MINUTES)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def archive(task_cast):
    signed = with_body(task_cast, S.MINUTES_SIGNED, "<p>BIÊN BẢN họp về Hạ tầng số của tỉnh.</p>")
    draft = with_body(task_cast, S.MINUTES_DRAFTED, "<p>Dự thảo: Đường truyền Quảng Trị.</p>")
    PaperFactory(
        meeting=task_cast.extended, title="Bao cao tien do khong dau", uploaded_by=task_cast.secretary
    )
    notice_meeting = task_cast.meeting_in(S.MINUTES_SIGNED)
    meeting_services.conclusion_add(
        meeting=notice_meeting, actor=task_cast.secretary, text="Giao Sở Tài chính bố trí kinh phí Điện toán."
    )
    meeting_services.conclusions_sign(meeting=notice_meeting, actor=task_cast.chair)
    drafting = task_cast.meeting_in(S.MINUTES_SIGNED)
    meeting_services.conclusion_add(
        meeting=drafting, actor=task_cast.secretary, text="Kết luận dự kiến về Ứng dụng VNeID."
    )
    directive = task_cast.ad_hoc(title="Triển khai Đề án 06 ở cấp xã")
    # Committee B: the same words, never shown to committee A's people, and the other way round.
    other_directive = task_services.directive_create(
        committee=task_cast.other_committee,
        actor=task_cast.other_chair,
        title="Hạ tầng số và Điện toán của Ban B, Đề án 06",
        lead_organization=task_cast.org_b,
        reference_number="1/TB-B",
        reference_date=timezone.localdate(),
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    PaperFactory(
        meeting=task_cast.other_extended, title="Hạ tầng số Ban B", uploaded_by=task_cast.other_chair
    )
    return {
        "signed": signed,
        "draft": draft,
        "notice": Notice.objects.get(meeting=notice_meeting),
        "drafting": drafting,
        "directive": directive,
        "other_directive": other_directive,
    }


def kinds(results) -> list[str]:
    return sorted(r.kind for r in results)


@pytest.mark.parametrize(
    "query", ["bien ban hop ve ha tang", "Biên bản họp về hạ tầng", "BIEN BAN HOP VE HA TANG"]
)
def test_minutes_found_whatever_the_accents_and_case(task_cast, archive, query):
    results = search(task_cast.member, query)
    assert [r.kind for r in results] == ["minutes"]
    assert "BIÊN BẢN họp về Hạ tầng số" in results[0].snippet  # shown as written
    assert results[0].url == reverse("meetings:minutes-detail", kwargs={"pk": archive["signed"].pk})


def test_a_query_with_accents_finds_a_text_without(task_cast, archive):
    results = search(task_cast.member, "Báo cáo TIẾN ĐỘ không dấu")
    assert [(r.kind, r.title) for r in results] == [("paper", "Bao cao tien do khong dau")]


def test_draft_minutes_only_to_their_readers(task_cast, archive):
    assert search(task_cast.member, "duong truyen quang tri") == []
    assert search(task_cast.focal, "duong truyen quang tri") == []
    results = search(task_cast.secretary, "duong truyen quang tri")
    assert [r.kind for r in results] == ["minutes"]
    assert results[0].date == timezone.localdate(archive["draft"].start_at)


def test_notice_found_by_its_conclusions_and_conclusions_before_the_notice_to_their_drafters(
    task_cast, archive
):
    results = search(task_cast.member, "dien toan")
    assert [(r.kind, r.title.split(" · ")[0]) for r in results] == [("notice", archive["notice"].symbol)]
    assert "Điện toán" in results[0].snippet
    # Conclusions not yet issued: the secretariat sees them, a member does not.
    assert search(task_cast.member, "ung dung vneid") == []
    assert kinds(search(task_cast.secretary, "ung dung vneid")) == ["conclusion"]


def test_directives_by_their_folded_title(task_cast, archive):
    results = search(task_cast.focal, "DE AN 06")
    assert [(r.kind, r.url) for r in results] == [("directive", archive["directive"].get_absolute_url())]


def test_never_another_committees_documents(task_cast, archive):
    for who in ("chair", "member", "secretary", "focal"):
        for result in search(getattr(task_cast, who), "ha tang so") + search(
            getattr(task_cast, who), "de an 06"
        ):
            assert result.committee == task_cast.committee.short_code
    other = search(task_cast.other_member, "ha tang so")
    assert kinds(other) == ["directive", "paper"]
    assert {r.committee for r in other} == {task_cast.other_committee.short_code}
    assert search(task_cast.other_member, "bien ban hop") == []
    # Committee A's notice says "Điện toán" too: committee B's member finds their own directive only.
    assert [(r.kind, r.url) for r in search(task_cast.other_member, "dien toan")] == [
        ("directive", archive["other_directive"].get_absolute_url())
    ]


def test_guest_sees_the_papers_of_their_meeting_only(task_cast, archive):
    assert kinds(search(task_cast.guest, "tien do khong dau")) == ["paper"]
    assert search(task_cast.guest, "ha tang so") == []
    assert search(task_cast.guest, "de an 06") == []
    assert search(task_cast.outsider, "tien do khong dau") == []
    assert search(task_cast.admin, "ha tang so") == []


def test_page_lists_results_with_type_date_and_link(client, task_cast, archive):
    client.force_login(task_cast.member)
    response = client.get(reverse("reports:search"), {"q": "Hạ tầng"})
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("meetings:minutes-detail", kwargs={"pk": archive["signed"].pk}) in html
    signed = Minutes.objects.get(meeting=archive["signed"], addendum_to__isnull=True).presiding_signed_at
    assert timezone.localdate(signed).strftime("%d/%m/%Y") in html
    assert "Ban B" not in html
    # An empty or overlong query: no results, no error, what was typed is kept.
    assert client.get(reverse("reports:search")).status_code == 200
    response = client.get(reverse("reports:search"), {"q": "x" * 300})
    assert response.status_code == 200 and response.context["form"].errors
    assert response.context["page_obj"].paginator.count == 0


def test_results_are_paged(client, task_cast, archive):
    for n in range(30):
        task_cast.ad_hoc(title=f"Rà soát thủ tục số {n}")
    client.force_login(task_cast.member)
    first = client.get(reverse("reports:search"), {"q": "ra soat thu tuc"})
    assert first.context["page_obj"].paginator.count == 30
    assert len(first.context["page_obj"].object_list) == 25
    second = client.get(reverse("reports:search"), {"q": "ra soat thu tuc", "page": 2})
    assert len(second.context["page_obj"].object_list) == 5
    assert "page=2" in first.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reports:search"), {"q": "bien ban"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_query_budget_does_not_grow_with_signed_minutes(task_cast, archive, django_assert_max_num_queries):
    user = type(task_cast.member).objects.get(pk=task_cast.member.pk)
    with django_assert_max_num_queries(20) as few:
        search(user, "bien ban hop")
    for _n in range(3):
        with_body(task_cast, S.MINUTES_SIGNED, "<p>Biên bản họp lần nữa.</p>")
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        results = search(user, "bien ban hop")
    assert len(results) == 4
