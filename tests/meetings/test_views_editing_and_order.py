"""Editing and reordering through the pages: the meeting page's agenda and papers, the conclusions
page. Buttons (never drag and drop) that name their row for screen readers, forms filled with what
is saved, a message saying where a moved row went, and no buttons once the draft is over."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from meetings import services
from meetings.models import AgendaItem, Conclusion, Meeting, Paper
from tests.meetings.factories import tiny_pdf

S = Meeting.Status
pytestmark = pytest.mark.django_db
DETAIL_QUERIES = 10  # tests/meetings/test_views_meetings.py's budget for the meeting page


def vi(msgid: str, **params) -> str:
    """The message as the (Vietnamese) page shows it, HTML-escaped."""
    with override("vi"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def move_buttons(page: str, direction: str) -> list[str]:
    """The accessible names' row parts of the move buttons of one direction, in page order."""
    return re.findall(rf'value="{direction}"[^>]*>.*?<span class="visually-hidden">: ([^<]*)</span>', page)


@pytest.fixture
def draft(meeting_cast) -> Meeting:
    meeting = meeting_cast.meeting
    for title in ("Khai mạc", "Báo cáo tiến độ", "Kết luận"):
        services.agenda_item_add(meeting=meeting, actor=meeting_cast.secretary, title=title)
    return meeting


def item_titled(meeting: Meeting, title: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title=title)


# --- the meeting page ----------------------------------------------------------------------------


def test_meeting_page_offers_edit_and_move_buttons_naming_each_agenda_item_when_the_secretary_prepares(
    client, meeting_cast, draft
):
    client.force_login(meeting_cast.secretary)
    page = client.get(draft.get_absolute_url()).content.decode()
    # The first item cannot go up, the last cannot go down.
    assert move_buttons(page, "up") == ["Báo cáo tiến độ", "Kết luận"]
    assert move_buttons(page, "down") == ["Khai mạc", "Báo cáo tiến độ"]
    item = item_titled(draft, "Kết luận")
    assert reverse("meetings:agenda-edit", kwargs={"pk": draft.pk, "item_pk": item.pk}) in page
    assert f'id="agenda-item-{item.pk}"' in page
    assert vi("Move up") in page and vi("Move down") in page


def test_meeting_page_offers_no_edit_or_move_buttons_when_the_meeting_is_held(client, meeting_cast, draft):
    meeting = meeting_cast.to_state(draft, S.HELD)
    client.force_login(meeting_cast.secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert move_buttons(page, "up") == [] and move_buttons(page, "down") == []
    assert "/agenda/" not in page and "/edit/" not in page.split('id="agenda"')[1]


def test_meeting_page_offers_no_edit_or_move_buttons_to_a_member(client, meeting_cast, draft):
    meeting = meeting_cast.to_state(draft, S.CONVENED)
    client.force_login(meeting_cast.member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert move_buttons(page, "up") == []
    assert "/agenda/" not in page


def test_meeting_page_query_count_does_not_grow_with_movable_agenda_items(
    client, meeting_cast, draft, django_assert_max_num_queries
):
    for n in range(12):
        services.agenda_item_add(meeting=draft, actor=meeting_cast.secretary, title=f"Nội dung {n}")
    client.force_login(meeting_cast.secretary)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert client.get(draft.get_absolute_url()).status_code == 200


def test_agenda_move_up_moves_the_item_and_says_its_new_number(client, meeting_cast, draft):
    item = item_titled(draft, "Kết luận")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:agenda-move", kwargs={"pk": draft.pk, "item_pk": item.pk})
    response = client.post(url, {"direction": "up"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{draft.get_absolute_url()}#agenda-item-{item.pk}"
    assert [i.title for i in AgendaItem.objects.filter(meeting=draft)] == [
        "Khai mạc",
        "Kết luận",
        "Báo cáo tiến độ",
    ]
    assert vi("“%(title)s” is now item %(number)s of the agenda.", title="Kết luận", number=2) in (
        response.content.decode()
    )


def test_agenda_move_of_the_first_item_up_shows_the_refusal_and_changes_nothing(client, meeting_cast, draft):
    item = item_titled(draft, "Khai mạc")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:agenda-move", kwargs={"pk": draft.pk, "item_pk": item.pk})
    response = client.post(url, {"direction": "up"}, follow=True)
    assert vi("It is already first in the list.") in response.content.decode()
    assert item_titled(draft, "Khai mạc").order == 1


def test_agenda_move_answers_400_when_the_direction_is_unknown(client, meeting_cast, draft):
    item = item_titled(draft, "Khai mạc")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:agenda-move", kwargs={"pk": draft.pk, "item_pk": item.pk})
    assert client.post(url, {"direction": "sideways"}).status_code == 400


def test_agenda_move_after_the_meeting_is_held_redirects_with_the_message_instead_of_403(
    client, meeting_cast, draft
):
    meeting = meeting_cast.to_state(draft, S.HELD)
    item = item_titled(meeting, "Kết luận")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:agenda-move", kwargs={"pk": meeting.pk, "item_pk": item.pk})
    response = client.post(url, {"direction": "up"}, follow=True)
    assert vi("The agenda of this meeting can no longer be changed.") in response.content.decode()


def test_agenda_edit_form_shows_the_saved_item_and_saves_the_change(client, meeting_cast, draft):
    item = item_titled(draft, "Báo cáo tiến độ")
    services.agenda_item_update(
        item=item,
        actor=meeting_cast.secretary,
        title=item.title,
        presenter=meeting_cast.org_a,
        minutes_allowed=15,
    )
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:agenda-edit", kwargs={"pk": draft.pk, "item_pk": item.pk})
    form = client.get(url).content.decode()
    assert 'value="Báo cáo tiến độ"' in form and 'value="15"' in form
    assert f'<option value="{meeting_cast.org_a.pk}" selected>' in form
    response = client.post(
        url, {"title": "Báo cáo tiến độ quý III", "presenter": "", "minutes_allowed": "30"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{draft.get_absolute_url()}#agenda-item-{item.pk}"
    item.refresh_from_db()
    assert (item.title, item.presenter, item.minutes_allowed) == ("Báo cáo tiến độ quý III", None, 30)


def test_agenda_edit_form_is_403_once_the_meeting_is_held(client, meeting_cast, draft):
    meeting = meeting_cast.to_state(draft, S.HELD)
    item = item_titled(meeting, "Khai mạc")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:agenda-edit", kwargs={"pk": meeting.pk, "item_pk": item.pk})
    assert client.get(url).status_code == 403


def test_agenda_edit_of_an_item_of_another_meeting_is_404(client, meeting_cast, draft):
    other = services.agenda_item_add(
        meeting=meeting_cast.extended, actor=meeting_cast.secretary, title="Khác"
    )
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:agenda-edit", kwargs={"pk": draft.pk, "item_pk": other.pk})
    assert client.get(url).status_code == 404


def test_paper_edit_renames_the_paper_and_moves_it_to_the_meeting_as_a_whole(client, meeting_cast, draft):
    paper = services.paper_add(
        meeting=draft,
        actor=meeting_cast.secretary,
        upload=tiny_pdf("to-trinh.pdf"),
        agenda_item=item_titled(draft, "Khai mạc"),
    )
    client.force_login(meeting_cast.secretary)
    page = client.get(draft.get_absolute_url()).content.decode()
    url = reverse("meetings:paper-edit", kwargs={"pk": draft.pk, "paper_pk": paper.pk})
    assert url in page
    form = client.get(url).content.decode()
    assert "to-trinh.pdf" in form  # the file that stays
    response = client.post(url, {"title": "Tờ trình số 12", "agenda_item": ""})
    assert response["Location"] == f"{draft.get_absolute_url()}#papers"
    paper.refresh_from_db()
    assert (paper.title, paper.agenda_item) == ("Tờ trình số 12", None)


@pytest.fixture
def papers(meeting_cast, draft) -> AgendaItem:
    """Two papers on "Khai mạc" (Tờ trình, Dự thảo) and two for the meeting as a whole."""
    opening = item_titled(draft, "Khai mạc")
    for title, item in (("Tờ trình", opening), ("Dự thảo", opening), ("Chung 1", None), ("Chung 2", None)):
        services.paper_add(
            meeting=draft,
            actor=meeting_cast.secretary,
            upload=tiny_pdf(f"{title}.pdf"),
            title=title,
            agenda_item=item,
        )
    return opening


def paper_titled(meeting: Meeting, title: str) -> Paper:
    return Paper.objects.get(meeting=meeting, title=title)


def test_meeting_page_offers_move_buttons_naming_each_paper_within_its_list_when_the_secretary_prepares(
    client, meeting_cast, draft, papers
):
    client.force_login(meeting_cast.secretary)
    page = client.get(draft.get_absolute_url()).content.decode()
    # In page order (an agenda row's papers come before its own buttons), each within its own list:
    # the first cannot go up, the last cannot go down.
    assert move_buttons(page, "up") == ["Dự thảo", "Báo cáo tiến độ", "Kết luận", "Chung 2"]
    assert move_buttons(page, "down") == ["Tờ trình", "Khai mạc", "Báo cáo tiến độ", "Chung 1"]
    paper = paper_titled(draft, "Chung 2")
    assert reverse("meetings:paper-move", kwargs={"pk": draft.pk, "paper_pk": paper.pk}) in page
    assert reverse("meetings:paper-edit", kwargs={"pk": draft.pk, "paper_pk": paper.pk}) in page


def test_meeting_page_lists_papers_in_their_order_after_a_move(client, meeting_cast, draft, papers):
    services.paper_move(paper=paper_titled(draft, "Dự thảo"), actor=meeting_cast.secretary, direction="up")
    client.force_login(meeting_cast.member)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert page.index("download>Dự thảo<") < page.index("download>Tờ trình<")


def test_meeting_page_offers_no_paper_move_buttons_to_a_member(client, meeting_cast, draft, papers):
    meeting = meeting_cast.to_state(draft, S.CONVENED)
    client.force_login(meeting_cast.member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert move_buttons(page, "up") == [] and move_buttons(page, "down") == []
    assert "/move/" not in page and "download>Chung 2<" in page


def test_meeting_page_query_count_does_not_grow_with_20_movable_papers(
    client, meeting_cast, draft, django_assert_max_num_queries
):
    items = list(AgendaItem.objects.filter(meeting=draft))
    for n in range(20):
        services.paper_add(
            meeting=draft,
            actor=meeting_cast.secretary,
            upload=tiny_pdf(f"p{n}.pdf"),
            title=f"Tài liệu {n}",
            agenda_item=items[n % 4] if n % 4 < 3 else None,
        )
    client.force_login(meeting_cast.secretary)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        page = client.get(draft.get_absolute_url()).content.decode()
    assert page.count("download>Tài liệu ") == 20
    assert len(move_buttons(page, "up")) == 2 + 20 - 4  # the agenda's, then all but each list's first


def test_paper_move_down_moves_the_paper_and_says_where_it_went(client, meeting_cast, draft, papers):
    paper = paper_titled(draft, "Tờ trình")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:paper-move", kwargs={"pk": draft.pk, "paper_pk": paper.pk})
    response = client.post(url, {"direction": "down"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{draft.get_absolute_url()}#paper-{paper.pk}"
    assert [p.title for p in Paper.objects.filter(agenda_item=papers)] == ["Dự thảo", "Tờ trình"]
    assert (
        vi("“%(title)s” is now paper %(number)s of “%(item)s”.", title="Tờ trình", number=2, item="Khai mạc")
        in response.content.decode()
    )


def test_paper_move_of_a_general_paper_says_it_is_a_paper_of_the_meeting_as_a_whole(
    client, meeting_cast, draft, papers
):
    paper = paper_titled(draft, "Chung 2")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:paper-move", kwargs={"pk": draft.pk, "paper_pk": paper.pk})
    response = client.post(url, {"direction": "up"}, follow=True)
    assert paper_titled(draft, "Chung 2").order == 1
    assert (
        vi("“%(title)s” is now paper %(number)s of the meeting as a whole.", title="Chung 2", number=1)
        in response.content.decode()
    )


def test_paper_move_of_the_last_paper_down_shows_the_refusal_and_changes_nothing(
    client, meeting_cast, draft, papers
):
    paper = paper_titled(draft, "Dự thảo")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:paper-move", kwargs={"pk": draft.pk, "paper_pk": paper.pk})
    response = client.post(url, {"direction": "down"}, follow=True)
    assert vi("It is already last in the list.") in response.content.decode()
    assert paper_titled(draft, "Dự thảo").order == 2


def test_paper_move_answers_400_when_the_direction_is_unknown(client, meeting_cast, draft, papers):
    paper = paper_titled(draft, "Dự thảo")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:paper-move", kwargs={"pk": draft.pk, "paper_pk": paper.pk})
    assert client.post(url, {"direction": "sideways"}).status_code == 400


def test_paper_move_after_the_meeting_is_held_redirects_with_the_message_instead_of_403(
    client, meeting_cast, draft, papers
):
    meeting = meeting_cast.to_state(draft, S.HELD)
    paper = paper_titled(meeting, "Dự thảo")
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:paper-move", kwargs={"pk": meeting.pk, "paper_pk": paper.pk})
    response = client.post(url, {"direction": "up"}, follow=True)
    assert vi("The papers of this meeting can no longer be changed.") in response.content.decode()
    assert paper_titled(meeting, "Dự thảo").order == 2


# --- the conclusions page -------------------------------------------------------------------------


@pytest.fixture
def concluding(meeting_cast) -> Meeting:
    meeting = meeting_cast.meeting_in(S.MINUTES_SIGNED)
    for text in ("Giao Sở TT&TT", "Giao Sở KH&ĐT"):
        services.conclusion_add(meeting=meeting, actor=meeting_cast.secretary, text=text)
    return meeting


def test_conclusions_page_offers_edit_and_move_buttons_to_the_secretary(client, meeting_cast, concluding):
    client.force_login(meeting_cast.secretary)
    page = client.get(reverse("meetings:conclusions-edit", kwargs={"pk": concluding.pk})).content.decode()
    name = vi("conclusion %(n)s", n=1)
    assert move_buttons(page, "down") == [name]
    assert move_buttons(page, "up") == [vi("conclusion %(n)s", n=2)]
    first = Conclusion.objects.get(meeting=concluding, order=1)
    assert (
        reverse("meetings:conclusion-edit", kwargs={"pk": concluding.pk, "conclusion_pk": first.pk}) in page
    )


def test_conclusions_page_offers_no_edit_or_move_buttons_once_the_notice_is_issued(
    client, meeting_cast, concluding
):
    services.conclusions_sign(meeting=concluding, actor=meeting_cast.chair)
    client.force_login(meeting_cast.secretary)
    page = client.get(reverse("meetings:conclusions-edit", kwargs={"pk": concluding.pk})).content.decode()
    assert move_buttons(page, "up") == [] and move_buttons(page, "down") == []
    assert "/edit/" not in page


def test_conclusion_move_down_moves_it_and_says_its_new_number(client, meeting_cast, concluding):
    first = Conclusion.objects.get(meeting=concluding, order=1)
    client.force_login(meeting_cast.standing)
    url = reverse("meetings:conclusion-move", kwargs={"pk": concluding.pk, "conclusion_pk": first.pk})
    response = client.post(url, {"direction": "down"}, follow=True)
    assert vi("The conclusion is now number %(number)s.", number=2) in response.content.decode()
    assert [c.text for c in Conclusion.objects.filter(meeting=concluding)] == [
        "Giao Sở KH&ĐT",
        "Giao Sở TT&TT",
    ]


def test_conclusion_edit_form_shows_the_saved_conclusion_and_saves_an_instruction(
    client, meeting_cast, concluding
):
    conclusion = Conclusion.objects.get(meeting=concluding, order=2)
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:conclusion-edit", kwargs={"pk": concluding.pk, "conclusion_pk": conclusion.pk})
    form = client.get(url).content.decode()
    assert "Giao Sở KH&amp;ĐT</textarea>" in form
    due = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        url,
        {
            "text": "Giao Sở KH&ĐT tổng hợp.",
            "is_instruction": "on",
            "lead_organization": str(meeting_cast.org_a.pk),
            "due_date": due.strftime("%d/%m/%Y"),
        },
    )
    assert response["Location"] == (
        reverse("meetings:conclusions-edit", kwargs={"pk": concluding.pk}) + f"#conclusion-{conclusion.pk}"
    )
    conclusion.refresh_from_db()
    assert (conclusion.text, conclusion.lead_organization, conclusion.due_date) == (
        "Giao Sở KH&ĐT tổng hợp.",
        meeting_cast.org_a,
        due,
    )


def test_conclusion_edit_keeps_what_was_typed_and_shows_errors_when_an_instruction_lacks_its_agency(
    client, meeting_cast, concluding
):
    conclusion = Conclusion.objects.get(meeting=concluding, order=1)
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:conclusion-edit", kwargs={"pk": concluding.pk, "conclusion_pk": conclusion.pk})
    response = client.post(url, {"text": "Giao Sở TT&TT làm ngay.", "is_instruction": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert vi("An instruction names the agency that leads it.") in page
    assert "Giao Sở TT&amp;TT làm ngay.</textarea>" in page
    conclusion.refresh_from_db()
    assert conclusion.text == "Giao Sở TT&TT"


def test_conclusion_edit_after_the_notice_redirects_with_the_message_instead_of_403(
    client, meeting_cast, concluding
):
    conclusion = Conclusion.objects.get(meeting=concluding, order=1)
    services.conclusions_sign(meeting=concluding, actor=meeting_cast.chair)
    client.force_login(meeting_cast.secretary)
    url = reverse("meetings:conclusion-edit", kwargs={"pk": concluding.pk, "conclusion_pk": conclusion.pk})
    assert client.get(url).status_code == 403
    response = client.post(url, {"text": "Sửa muộn"}, follow=True)
    assert vi("Conclusions cannot be changed for this meeting now.") in response.content.decode()
    conclusion.refresh_from_db()
    assert conclusion.text == "Giao Sở TT&TT"
