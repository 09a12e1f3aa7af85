"""Editing and reordering agenda items, papers and conclusions (services): allowed while the meeting
(agenda, papers: draft or convened) or the notice (conclusions: not yet issued) is a draft, with
history, refused for people without the right (PermissionDenied) and at the wrong moment
(MeetingError with its message). Services hit the real database."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import services
from meetings.models import AgendaItem, Conclusion, Meeting, MeetingError, Paper
from tests.meetings.factories import tiny_pdf

S = Meeting.Status
pytestmark = pytest.mark.django_db


def agenda(meeting: Meeting) -> list[tuple[int, str]]:
    return [(item.order, item.title) for item in AgendaItem.objects.filter(meeting=meeting)]


def conclusions(meeting: Meeting) -> list[tuple[int, str]]:
    return [(c.order, c.text) for c in Conclusion.objects.filter(meeting=meeting)]


@pytest.fixture
def draft(meeting_cast) -> Meeting:
    """A draft meeting with three agenda items, numbered 1, 2, 3."""
    meeting = meeting_cast.meeting
    for title in ("Khai mạc", "Báo cáo tiến độ", "Kết luận"):
        services.agenda_item_add(meeting=meeting, actor=meeting_cast.secretary, title=title)
    return meeting


def item_titled(meeting: Meeting, title: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title=title)


@pytest.fixture
def concluding(meeting_cast) -> Meeting:
    """Minutes signed, three conclusions drafted, the notice not yet issued."""
    meeting = meeting_cast.meeting_in(S.MINUTES_SIGNED)
    for text in ("Giao Sở TT&TT", "Giao Sở KH&ĐT", "Giao Sở Tài chính"):
        services.conclusion_add(meeting=meeting, actor=meeting_cast.secretary, text=text)
    return meeting


def conclusion_with(meeting: Meeting, text: str) -> Conclusion:
    return Conclusion.objects.get(meeting=meeting, text=text)


# --- agenda items -------------------------------------------------------------------------------


def test_agenda_item_update_saves_title_presenter_and_time_with_history_when_the_meeting_is_a_draft(
    meeting_cast, draft
):
    item = item_titled(draft, "Báo cáo tiến độ")
    services.agenda_item_update(
        item=item,
        actor=meeting_cast.secretary,
        title="  Báo cáo tiến độ Chính quyền điện tử  ",
        presenter=meeting_cast.org_a,
        minutes_allowed=20,
    )
    item.refresh_from_db()
    assert (item.title, item.presenter, item.minutes_allowed) == (
        "Báo cáo tiến độ Chính quyền điện tử",
        meeting_cast.org_a,
        20,
    )
    last = item.history.first()
    assert (last.history_user, last.history_change_reason) == (meeting_cast.secretary, "agenda item edited")


def test_agenda_item_update_is_allowed_when_the_meeting_is_convened(meeting_cast, draft):
    meeting = meeting_cast.to_state(draft, S.CONVENED)
    item = item_titled(meeting, "Khai mạc")
    services.agenda_item_update(item=item, actor=meeting_cast.chair, title="Khai mạc hội nghị")
    assert agenda(meeting)[0] == (1, "Khai mạc hội nghị")


def test_agenda_item_update_is_refused_with_a_message_when_the_meeting_is_held(meeting_cast, draft):
    meeting = meeting_cast.to_state(draft, S.HELD)
    with pytest.raises(MeetingError) as refused:
        services.agenda_item_update(
            item=item_titled(meeting, "Khai mạc"), actor=meeting_cast.secretary, title="Khai mạc hội nghị"
        )
    assert refused.value.message == _("The agenda of this meeting can no longer be changed.")
    assert agenda(meeting)[0] == (1, "Khai mạc")


def test_agenda_item_update_is_refused_when_the_actor_is_a_member(meeting_cast, draft):
    with pytest.raises(PermissionDenied):
        services.agenda_item_update(
            item=item_titled(draft, "Khai mạc"), actor=meeting_cast.member, title="Khai mạc hội nghị"
        )


def test_agenda_item_update_is_refused_under_the_title_when_the_title_is_blank(meeting_cast, draft):
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_update(
            item=item_titled(draft, "Khai mạc"), actor=meeting_cast.secretary, title=" "
        )
    assert refused.value.message_dict == {"title": [_("Give the agenda item a title.")]}


def test_agenda_item_move_up_swaps_it_with_the_one_above_when_the_meeting_is_a_draft(meeting_cast, draft):
    moved = services.agenda_item_move(
        item=item_titled(draft, "Kết luận"), actor=meeting_cast.secretary, direction="up"
    )
    assert moved.order == 2
    assert agenda(draft) == [(1, "Khai mạc"), (2, "Kết luận"), (3, "Báo cáo tiến độ")]


def test_agenda_item_move_down_numbers_the_items_1_to_n_when_a_removal_left_a_gap(meeting_cast, draft):
    services.agenda_item_delete(item=item_titled(draft, "Báo cáo tiến độ"), actor=meeting_cast.secretary)
    services.agenda_item_add(meeting=draft, actor=meeting_cast.secretary, title="Các vấn đề khác")
    assert [order for order, _title in agenda(draft)] == [1, 3, 4]
    services.agenda_item_move(
        item=item_titled(draft, "Khai mạc"), actor=meeting_cast.secretary, direction="down"
    )
    assert agenda(draft) == [(1, "Kết luận"), (2, "Khai mạc"), (3, "Các vấn đề khác")]


def test_agenda_item_move_records_who_moved_each_renumbered_item(meeting_cast, draft):
    services.agenda_item_move(item=item_titled(draft, "Kết luận"), actor=meeting_cast.chair, direction="up")
    for title in ("Kết luận", "Báo cáo tiến độ"):
        last = item_titled(draft, title).history.first()
        assert (last.history_user, last.history_change_reason) == (meeting_cast.chair, "agenda item moved")
    assert item_titled(draft, "Khai mạc").history.first().history_change_reason == "agenda item added"


@pytest.mark.parametrize(
    ("title", "direction", "message"),
    [
        ("Khai mạc", "up", "It is already first in the list."),
        ("Kết luận", "down", "It is already last in the list."),
    ],
)
def test_agenda_item_move_is_refused_with_a_message_when_it_would_leave_the_list(
    meeting_cast, draft, title, direction, message
):
    with pytest.raises(MeetingError) as refused:
        services.agenda_item_move(
            item=item_titled(draft, title), actor=meeting_cast.secretary, direction=direction
        )
    assert refused.value.message == _(message)
    assert agenda(draft) == [(1, "Khai mạc"), (2, "Báo cáo tiến độ"), (3, "Kết luận")]


def test_agenda_item_move_is_refused_with_a_message_when_the_meeting_is_held(meeting_cast, draft):
    meeting = meeting_cast.to_state(draft, S.HELD)
    with pytest.raises(MeetingError) as refused:
        services.agenda_item_move(
            item=item_titled(meeting, "Kết luận"), actor=meeting_cast.secretary, direction="up"
        )
    assert refused.value.message == _("The agenda of this meeting can no longer be changed.")


def test_agenda_item_move_is_refused_when_the_actor_is_a_member(meeting_cast, draft):
    with pytest.raises(PermissionDenied):
        services.agenda_item_move(
            item=item_titled(draft, "Kết luận"), actor=meeting_cast.member, direction="up"
        )


# --- papers -------------------------------------------------------------------------------------


@pytest.fixture
def paper(meeting_cast, draft) -> Paper:
    return services.paper_add(
        meeting=draft,
        actor=meeting_cast.secretary,
        upload=tiny_pdf("to-trinh.pdf"),
        agenda_item=item_titled(draft, "Khai mạc"),
    )


def test_paper_update_renames_and_moves_it_to_another_agenda_item_with_history_when_convened(
    meeting_cast, draft, paper
):
    meeting_cast.to_state(draft, S.CONVENED)
    target = item_titled(draft, "Báo cáo tiến độ")
    services.paper_update(
        paper=paper, actor=meeting_cast.secretary, title="Tờ trình số 12", agenda_item=target
    )
    paper.refresh_from_db()
    assert (paper.title, paper.agenda_item, paper.original_name) == ("Tờ trình số 12", target, "to-trinh.pdf")
    assert paper.history.first().history_change_reason == "paper edited"


def test_paper_update_attaches_it_to_the_meeting_as_a_whole_when_no_agenda_item_is_given(meeting_cast, paper):
    services.paper_update(paper=paper, actor=meeting_cast.secretary, title="Tờ trình", agenda_item=None)
    paper.refresh_from_db()
    assert paper.agenda_item is None


def test_paper_update_is_refused_when_the_agenda_item_belongs_to_another_meeting(meeting_cast, paper):
    other = services.agenda_item_add(
        meeting=meeting_cast.extended, actor=meeting_cast.secretary, title="Khác"
    )
    with pytest.raises(MeetingError) as refused:
        services.paper_update(paper=paper, actor=meeting_cast.secretary, title="Tờ trình", agenda_item=other)
    assert refused.value.message == _("That agenda item belongs to another meeting.")


def test_paper_update_is_refused_with_a_message_when_the_meeting_is_held(meeting_cast, draft, paper):
    meeting_cast.to_state(draft, S.HELD)
    with pytest.raises(MeetingError) as refused:
        services.paper_update(paper=paper, actor=meeting_cast.secretary, title="Tờ trình số 12")
    assert refused.value.message == _("The papers of this meeting can no longer be changed.")
    paper.refresh_from_db()
    assert paper.title == "to-trinh.pdf"


def test_paper_update_is_refused_when_the_actor_is_a_member(meeting_cast, paper):
    with pytest.raises(PermissionDenied):
        services.paper_update(paper=paper, actor=meeting_cast.member, title="Tờ trình số 12")


def papers_of(meeting: Meeting, item: AgendaItem | None) -> list[tuple[int, str]]:
    return [(p.order, p.title) for p in Paper.objects.filter(meeting=meeting, agenda_item=item)]


def add_paper(meeting_cast, meeting: Meeting, title: str, item: AgendaItem | None = None) -> Paper:
    return services.paper_add(
        meeting=meeting,
        actor=meeting_cast.secretary,
        upload=tiny_pdf(f"{title}.pdf"),
        title=title,
        agenda_item=item,
    )


@pytest.fixture
def papers(meeting_cast, draft) -> AgendaItem:
    """Three papers on "Khai mạc" (A, B, C), one on "Kết luận" and two for the meeting as a whole."""
    opening = item_titled(draft, "Khai mạc")
    for title in ("A", "B", "C"):
        add_paper(meeting_cast, draft, title, opening)
    add_paper(meeting_cast, draft, "Dự thảo kết luận", item_titled(draft, "Kết luận"))
    for title in ("Chung 1", "Chung 2"):
        add_paper(meeting_cast, draft, title)
    return opening


def paper_titled(meeting: Meeting, title: str) -> Paper:
    return Paper.objects.get(meeting=meeting, title=title)


def test_paper_add_numbers_each_new_paper_last_in_its_own_list(draft, papers):
    assert papers_of(draft, papers) == [(1, "A"), (2, "B"), (3, "C")]
    assert papers_of(draft, item_titled(draft, "Kết luận")) == [(1, "Dự thảo kết luận")]
    assert papers_of(draft, None) == [(1, "Chung 1"), (2, "Chung 2")]


def test_paper_move_up_swaps_it_with_the_paper_above_in_its_agenda_item(meeting_cast, draft, papers):
    moved = services.paper_move(paper=paper_titled(draft, "C"), actor=meeting_cast.secretary, direction="up")
    assert (moved.order, moved.agenda_item) == (2, papers)
    assert papers_of(draft, papers) == [(1, "A"), (2, "C"), (3, "B")]


def test_paper_move_down_reorders_the_general_papers_only_when_the_paper_is_for_the_whole_meeting(
    meeting_cast, draft, papers
):
    services.paper_move(paper=paper_titled(draft, "Chung 1"), actor=meeting_cast.secretary, direction="down")
    assert papers_of(draft, None) == [(1, "Chung 2"), (2, "Chung 1")]
    assert papers_of(draft, papers) == [(1, "A"), (2, "B"), (3, "C")]


def test_paper_move_records_who_moved_each_renumbered_paper(meeting_cast, draft, papers):
    services.paper_move(paper=paper_titled(draft, "B"), actor=meeting_cast.chair, direction="down")
    for title in ("B", "C"):
        last = paper_titled(draft, title).history.first()
        assert (last.history_user, last.history_change_reason) == (meeting_cast.chair, "paper moved")
    assert paper_titled(draft, "A").history.first().history_change_reason == "paper added"


@pytest.mark.parametrize(
    ("title", "direction", "message"),
    [
        ("A", "up", "It is already first in the list."),
        ("C", "down", "It is already last in the list."),
        ("Dự thảo kết luận", "up", "It is already first in the list."),
        ("Chung 2", "down", "It is already last in the list."),
    ],
)
def test_paper_move_is_refused_with_a_message_when_it_would_leave_its_list(
    meeting_cast, draft, papers, title, direction, message
):
    with pytest.raises(MeetingError) as refused:
        services.paper_move(
            paper=paper_titled(draft, title), actor=meeting_cast.secretary, direction=direction
        )
    assert refused.value.message == _(message)
    assert papers_of(draft, papers) == [(1, "A"), (2, "B"), (3, "C")]
    assert papers_of(draft, None) == [(1, "Chung 1"), (2, "Chung 2")]


def test_paper_move_is_allowed_when_the_meeting_is_convened(meeting_cast, draft, papers):
    meeting_cast.to_state(draft, S.CONVENED)
    services.paper_move(paper=paper_titled(draft, "B"), actor=meeting_cast.secretary, direction="up")
    assert papers_of(draft, papers) == [(1, "B"), (2, "A"), (3, "C")]


def test_paper_move_is_refused_with_a_message_when_the_meeting_is_held(meeting_cast, draft, papers):
    meeting_cast.to_state(draft, S.HELD)
    with pytest.raises(MeetingError) as refused:
        services.paper_move(paper=paper_titled(draft, "B"), actor=meeting_cast.secretary, direction="up")
    assert refused.value.message == _("The papers of this meeting can no longer be changed.")
    assert papers_of(draft, papers) == [(1, "A"), (2, "B"), (3, "C")]


def test_paper_move_is_refused_when_the_actor_is_a_member(meeting_cast, draft, papers):
    with pytest.raises(PermissionDenied):
        services.paper_move(paper=paper_titled(draft, "B"), actor=meeting_cast.member, direction="up")


def test_paper_update_puts_it_last_in_its_new_list_and_renumbers_the_list_it_left(
    meeting_cast, draft, papers
):
    closing = item_titled(draft, "Kết luận")
    services.paper_update(
        paper=paper_titled(draft, "A"), actor=meeting_cast.secretary, title="A", agenda_item=closing
    )
    assert papers_of(draft, closing) == [(1, "Dự thảo kết luận"), (2, "A")]
    assert papers_of(draft, papers) == [(1, "B"), (2, "C")]
    last = paper_titled(draft, "B").history.first()
    assert (last.history_user, last.history_change_reason) == (meeting_cast.secretary, "paper moved")


def test_paper_update_keeps_its_place_when_only_the_title_changes(meeting_cast, draft, papers):
    services.paper_update(
        paper=paper_titled(draft, "B"), actor=meeting_cast.secretary, title="B2", agenda_item=papers
    )
    assert papers_of(draft, papers) == [(1, "A"), (2, "B2"), (3, "C")]


# --- conclusions --------------------------------------------------------------------------------


def test_conclusion_update_makes_it_an_instruction_with_lead_agency_and_due_date_with_history(
    meeting_cast, concluding
):
    conclusion = conclusion_with(concluding, "Giao Sở KH&ĐT")
    due = timezone.localdate() + datetime.timedelta(days=30)
    services.conclusion_update(
        conclusion=conclusion,
        actor=meeting_cast.standing,
        text="Giao Sở KH&ĐT tổng hợp kế hoạch vốn.",
        is_instruction=True,
        lead_organization=meeting_cast.org_a,
        due_date=due,
    )
    conclusion.refresh_from_db()
    assert (
        conclusion.text,
        conclusion.is_instruction,
        conclusion.lead_organization,
        conclusion.due_date,
    ) == (
        "Giao Sở KH&ĐT tổng hợp kế hoạch vốn.",
        True,
        meeting_cast.org_a,
        due,
    )
    last = conclusion.history.first()
    assert (last.history_user, last.history_change_reason) == (meeting_cast.standing, "edited")


def test_conclusion_update_clears_lead_agency_and_due_date_when_it_is_no_longer_an_instruction(
    meeting_cast, concluding
):
    conclusion = services.conclusion_add(
        meeting=concluding,
        actor=meeting_cast.secretary,
        text="Giao Sở Tài chính bố trí kinh phí.",
        is_instruction=True,
        lead_organization=meeting_cast.org_b,
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    services.conclusion_update(conclusion=conclusion, actor=meeting_cast.secretary, text="Ghi nhận ý kiến.")
    conclusion.refresh_from_db()
    assert (conclusion.is_instruction, conclusion.lead_organization, conclusion.due_date) == (
        False,
        None,
        None,
    )


def test_conclusion_update_is_refused_under_its_fields_when_an_instruction_lacks_agency_and_date(
    meeting_cast, concluding
):
    with pytest.raises(ValidationError) as refused:
        services.conclusion_update(
            conclusion=conclusion_with(concluding, "Giao Sở TT&TT"),
            actor=meeting_cast.secretary,
            text="Giao Sở TT&TT",
            is_instruction=True,
        )
    assert refused.value.message_dict == {
        "lead_organization": [_("An instruction names the agency that leads it.")],
        "due_date": [_("An instruction has a due date.")],
    }


def test_conclusion_update_is_refused_with_a_message_when_the_notice_is_issued(meeting_cast, concluding):
    services.conclusions_sign(meeting=concluding, actor=meeting_cast.chair)
    with pytest.raises(MeetingError) as refused:
        services.conclusion_update(
            conclusion=conclusion_with(concluding, "Giao Sở TT&TT"), actor=meeting_cast.secretary, text="Khác"
        )
    assert refused.value.message == _("Conclusions cannot be changed for this meeting now.")
    assert conclusions(concluding)[0] == (1, "Giao Sở TT&TT")


def test_conclusion_update_is_refused_when_the_actor_is_a_member(meeting_cast, concluding):
    with pytest.raises(PermissionDenied):
        services.conclusion_update(
            conclusion=conclusion_with(concluding, "Giao Sở TT&TT"), actor=meeting_cast.member, text="Khác"
        )


def test_conclusion_move_down_swaps_it_with_the_next_and_the_notice_keeps_that_order(
    meeting_cast, concluding
):
    moved = services.conclusion_move(
        conclusion=conclusion_with(concluding, "Giao Sở TT&TT"),
        actor=meeting_cast.secretary,
        direction="down",
    )
    assert moved.order == 2
    services.conclusions_sign(meeting=concluding, actor=meeting_cast.chair)
    assert conclusions(concluding) == [(1, "Giao Sở KH&ĐT"), (2, "Giao Sở TT&TT"), (3, "Giao Sở Tài chính")]


def test_conclusion_move_is_refused_with_a_message_when_the_notice_is_issued(meeting_cast, concluding):
    services.conclusions_sign(meeting=concluding, actor=meeting_cast.chair)
    with pytest.raises(MeetingError) as refused:
        services.conclusion_move(
            conclusion=conclusion_with(concluding, "Giao Sở Tài chính"),
            actor=meeting_cast.secretary,
            direction="up",
        )
    assert refused.value.message == _("Conclusions cannot be changed for this meeting now.")


def test_conclusion_move_is_refused_when_the_actor_signs_but_does_not_draft(meeting_cast, concluding):
    with pytest.raises(PermissionDenied):
        services.conclusion_move(
            conclusion=conclusion_with(concluding, "Giao Sở Tài chính"),
            actor=meeting_cast.chair,
            direction="up",
        )


# --- the migration that numbered the papers existing before the order field ---------------------


def test_paper_order_migration_numbers_each_list_1_to_n_in_upload_order(meeting_cast, draft, papers):
    migration = importlib.import_module("meetings.migrations.0007_paper_order")
    # As before the field: no numbers, and "B" uploaded first of its list.
    Paper.objects.filter(meeting=draft).update(order=0)
    Paper.objects.filter(pk=paper_titled(draft, "B").pk).update(
        uploaded_at=paper_titled(draft, "A").uploaded_at - datetime.timedelta(minutes=1)
    )
    migration.number_papers_in_upload_order(apps, None)
    assert papers_of(draft, papers) == [(1, "B"), (2, "A"), (3, "C")]
    assert papers_of(draft, item_titled(draft, "Kết luận")) == [(1, "Dự thảo kết luận")]
    assert papers_of(draft, None) == [(1, "Chung 1"), (2, "Chung 2")]
