"""Minutes whose markup is heavy: a short text with tens of thousands of empty table rows is
refused at the minutes form with a message saying what to change, and a heavy draft already stored
is rendered in the background job like a long one (meetings/sanitize.py, the minutes services,
meetings.documents.selectors.minutes_draft_is_slow). No test times anything."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from documents.models import RenderJob
from meetings import services
from meetings.documents import selectors as document_selectors
from meetings.models import Minutes
from meetings.sanitize import (
    MINUTES_MAX_DEPTH,
    MINUTES_MAX_ELEMENTS,
    MINUTES_MAX_HTML_CHARS,
    MINUTES_MAX_TABLE_ROWS,
)
from tests.meetings.test_views_minutes import drafted_meeting, signed_meeting, url, vi

pytestmark = pytest.mark.django_db

TOO_LARGE = (
    "The text of the minutes is too large: %(count)s characters of HTML, the limit is %(max)s. "
    "Move long annexes to a paper attached to the meeting."
)
TOO_MANY_ROWS = (
    "The text of the minutes has %(count)s table rows, the limit is %(max)s. "
    "Move long tables to a paper attached to the meeting."
)
TOO_MANY_TAGS = (
    "The text of the minutes has %(count)s tags, the limit is %(max)s. "
    "Remove empty paragraphs and rows, or move long parts to a paper attached to the meeting."
)
TOO_DEEP = (
    "The text of the minutes nests tags %(count)s levels deep, the limit is %(max)s. "
    "Simplify the lists, quotations and tables inside one another."
)


def empty_rows(n: int) -> str:
    return "<table><tbody>" + "<tr><td></td></tr>" * n + "</tbody></table>"


def nested(depth: int) -> str:
    return "<blockquote>" * depth + "x" + "</blockquote>" * depth


def long_text(chars: int) -> str:
    return "<p>" + "x" * chars + "</p>"


def empty_paragraphs(n: int) -> str:
    return "<p></p>" * n


# --- the minutes form -----------------------------------------------------------------------------


def test_minutes_edit_shows_the_row_limit_under_the_text_and_keeps_the_draft_when_20000_empty_rows_are_posted(
    client, cast
):
    meeting, minutes = drafted_meeting(cast)
    client.force_login(cast.secretary)

    r = client.post(url("minutes-edit", meeting), {"body": empty_rows(20_000), "version": minutes.version})

    assert r.status_code == 200
    assert r.context["form"].errors["body"] == [
        vi(TOO_MANY_ROWS) % {"count": 20000, "max": MINUTES_MAX_TABLE_ROWS}
    ]
    assert escape(vi(TOO_MANY_ROWS) % {"count": 20000, "max": MINUTES_MAX_TABLE_ROWS}) in r.content.decode()
    saved = Minutes.objects.get(pk=minutes.pk)
    assert (saved.body, saved.version) == (minutes.body, minutes.version)


@pytest.mark.parametrize(
    ("body", "message", "count", "limit"),
    [
        (long_text(MINUTES_MAX_HTML_CHARS), TOO_LARGE, MINUTES_MAX_HTML_CHARS + 7, MINUTES_MAX_HTML_CHARS),
        (
            empty_rows(MINUTES_MAX_TABLE_ROWS + 1),
            TOO_MANY_ROWS,
            MINUTES_MAX_TABLE_ROWS + 1,
            MINUTES_MAX_TABLE_ROWS,
        ),
        (
            empty_paragraphs(MINUTES_MAX_ELEMENTS + 1),
            TOO_MANY_TAGS,
            MINUTES_MAX_ELEMENTS + 1,
            MINUTES_MAX_ELEMENTS,
        ),
        (nested(MINUTES_MAX_DEPTH + 1), TOO_DEEP, MINUTES_MAX_DEPTH + 1, MINUTES_MAX_DEPTH),
    ],
    ids=["size", "rows", "tags", "depth"],
)
def test_minutes_update_is_refused_naming_the_limit_when_the_markup_is_over_it(
    cast, body, message, count, limit
):
    _meeting, minutes = drafted_meeting(cast)
    with pytest.raises(ValidationError) as exc:
        services.minutes_update(minutes=minutes, actor=cast.secretary, body=body, expected_version=1)
    assert exc.value.message_dict == {"body": [vi(message) % {"count": count, "max": limit}]}
    assert Minutes.objects.get(pk=minutes.pk).version == 1


def test_minutes_update_saves_when_the_markup_is_exactly_at_the_limits(cast):
    _meeting, minutes = drafted_meeting(cast)
    body = empty_rows(MINUTES_MAX_TABLE_ROWS - 1) + nested(MINUTES_MAX_DEPTH)
    saved = services.minutes_update(minutes=minutes, actor=cast.secretary, body=body, expected_version=1)
    assert saved.version == 2


def test_minutes_addendum_is_refused_naming_the_limit_when_it_has_too_many_table_rows(client, cast):
    meeting, _minutes = signed_meeting(cast)
    client.force_login(cast.secretary)

    r = client.post(url("minutes-addendum", meeting), {"body": empty_rows(MINUTES_MAX_TABLE_ROWS + 1)})

    assert r.status_code == 200
    assert r.context["form"].errors["body"] == [
        vi(TOO_MANY_ROWS) % {"count": MINUTES_MAX_TABLE_ROWS + 1, "max": MINUTES_MAX_TABLE_ROWS}
    ]
    assert not Minutes.objects.filter(addendum_to__meeting=meeting).exists()


# --- a heavy draft goes to the background job ---------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [empty_rows(20_000), empty_rows(1_000), empty_paragraphs(1_600)],
    ids=["20000-empty-rows", "1000-empty-rows", "1600-empty-paragraphs"],
)
def test_minutes_draft_is_slow_when_the_markup_is_heavy_though_the_text_is_empty(cast, body):
    _meeting, minutes = drafted_meeting(cast)
    minutes.body = body  # as stored before the limits, or within them
    assert document_selectors.minutes_body_chars(minutes) == 0
    assert document_selectors.minutes_draft_is_slow(minutes)


def test_minutes_draft_is_not_slow_when_a_real_draft_has_a_table_of_fifty_rows(cast):
    _meeting, minutes = drafted_meeting(cast)
    minutes.body += "<table>" + "<tr><td>Sở Tài chính</td><td>Có mặt</td></tr>" * 50 + "</table>"
    assert not document_selectors.minutes_draft_is_slow(minutes)


def test_minutes_pdf_sends_a_short_draft_with_20000_empty_rows_to_the_render_job(
    client, cast, django_capture_on_commit_callbacks
):
    meeting, minutes = drafted_meeting(cast)
    Minutes.objects.filter(pk=minutes.pk).update(body=empty_rows(20_000))  # stored before the limits
    client.force_login(cast.secretary)

    with django_capture_on_commit_callbacks(execute=False):
        r = client.get(reverse("meetings:minutes-pdf", kwargs={"pk": meeting.pk}))

    job = RenderJob.objects.get()
    assert r.status_code == 303
    assert r["Location"] == reverse("documents:render-job-detail", kwargs={"pk": job.pk})
