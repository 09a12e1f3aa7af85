"""Input the views parse never answers 500 (issue #9): digits that str.isdigit() accepts but
int() refuses, ids past the database's integer, dates in year 1 or 9999. Each becomes a form
error, a 404 or is ignored. tests/test_hostile_input.py throws random values at every form; these
are the cases found, one behaviour each."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse
from django.utils.translation import gettext as _

from meetings import urls as meetings_urls
from meetings.models import Conclusion, Meeting
from meetings.views._helpers import MAX_ID, int_or_none
from members import urls as members_urls

S = Meeting.Status
YEARS = "Enter a date between the years %(first)s and %(last)s."
OUT_OF_RANGE = _(YEARS) % {"first": 1900, "last": 2999}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 20, None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits: int() takes them, no id is written so
        ("-3", None),
        ("0", None),
        ("", None),
        (None, None),
        ("12a", None),
    ],
)
def test_int_or_none_gives_an_id_only_when_ascii_digits_within_the_database_integer(value, expected):
    assert int_or_none(value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["²", "9" * 20, str(2**63)])
def test_minutes_sign_answers_404_when_minutes_pk_is_not_an_id_the_database_can_hold(
    client, meeting_cast, raw
):
    mc = meeting_cast
    meeting = mc.meeting_in(S.MINUTES_DRAFTED)
    client.force_login(mc.secretary)

    r = client.post(reverse("meetings:minutes-sign", kwargs={"pk": meeting.pk}), {"minutes_pk": raw})

    assert r.status_code == 404
    assert mc.main_minutes(meeting).secretary_signed_by is None


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["9" * 20, str(2**63), "²"])
def test_meeting_list_shows_every_committee_when_the_committee_filter_is_past_the_database_integer(
    client, meeting_cast, raw
):
    client.force_login(meeting_cast.secretary)
    r = client.get(reverse("meetings:meeting-list"), {"committee": raw})
    assert r.status_code == 200
    assert meeting_cast.meeting.get_absolute_url() in r.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01T00:00", "2030-01-01T10:00"), ("2030-01-01T08:00", "9999-12-31T23:59")],
    ids=["start-in-year-1", "end-in-year-9999"],
)
def test_meeting_postpone_shows_a_form_error_when_a_time_is_at_an_end_of_the_calendar(
    client, meeting_cast, start, end
):
    mc = meeting_cast
    meeting = mc.meeting_in(S.CONVENED)
    client.force_login(mc.chair)

    r = client.post(
        reverse("meetings:meeting-postpone", kwargs={"pk": meeting.pk}),
        {"start_at": start, "end_at": end, "reason": "Trùng lịch"},
    )

    assert r.status_code == 200
    field = "start_at" if start.startswith("0001") else "end_at"
    assert r.context["form"].errors[field] == [OUT_OF_RANGE]
    assert Meeting.objects.get(pk=meeting.pk).start_at == meeting.start_at


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0001", "9999"])
def test_meeting_create_shows_a_form_error_when_the_meeting_is_in_year_1_or_9999(client, meeting_cast, year):
    mc = meeting_cast
    client.force_login(mc.secretary)
    before = Meeting.objects.count()

    r = client.post(
        reverse("meetings:meeting-create", kwargs={"committee_pk": mc.committee.pk}),
        {
            "kind": Meeting.Kind.QUARTERLY,
            "start_at": f"{year}-12-31T08:00",
            "end_at": f"{year}-12-31T10:00",
            "presiding": str(mc.chair.pk),
        },
    )

    assert r.status_code == 200
    assert r.context["form"].errors["start_at"] == [OUT_OF_RANGE]
    assert Meeting.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("due", ["0001-01-01", "31/12/9999"])
def test_conclusions_edit_shows_a_form_error_when_the_due_date_is_in_year_1_or_9999(
    client, meeting_cast, due
):
    mc = meeting_cast
    meeting = mc.meeting_in(S.MINUTES_SIGNED)
    client.force_login(mc.secretary)

    r = client.post(
        reverse("meetings:conclusions-edit", kwargs={"pk": meeting.pk}),
        {
            "text": "Giao Sở Kế hoạch và Đầu tư tham mưu.",
            "is_instruction": "on",
            "lead_organization": str(mc.org_a.pk),
            "due_date": due,
        },
    )

    assert r.status_code == 200
    assert r.context["form"].errors["due_date"] == [OUT_OF_RANGE]
    assert not Conclusion.objects.filter(meeting=meeting).exists()


def _id_patterns():
    for namespace, module in (("meetings", meetings_urls), ("members", members_urls)):
        for pattern in module.urlpatterns:
            if isinstance(pattern, URLPattern) and any(
                type(c).__name__ == "IntConverter" for c in pattern.pattern.converters.values()
            ):
                yield f"{namespace}:{pattern.name}", list(pattern.pattern.converters)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "params"), list(_id_patterns()))
def test_url_with_an_id_past_the_database_integer_is_not_found_never_500(client, meeting_cast, name, params):
    """404, or what the view answers before looking anything up: 405 for a method it does not
    take, 403 for a page only administrators open."""
    client.force_login(meeting_cast.secretary)
    url = reverse(name, kwargs={p: 2**63 for p in params})
    assert {client.get(url).status_code, client.post(url).status_code} <= {403, 404, 405}
