"""A person's name and position, a guest's name, a meeting's title and place become e-mail
subjects and lines of official documents: each is refused at input when it holds a line break,
a control character or a bidirectional override (members.validators.single_line, on the model
field for User so the profile and admin forms both apply it)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.forms.meetings import MeetingForm
from meetings.models import Meeting
from members.models import User

pytestmark = pytest.mark.django_db

ONE_LINE = "Write this on one line, without line breaks or control characters."
BROKEN = [
    "Nguyễn Văn A\r\nBcc: ai-do@example.vn",
    "Nguyễn Văn A\nB",
    "Nguyễn\x00Văn A",
    "Nguyễn Văn A\u2028B",
    "\u202eA nĂV nễyugN",
]
IDS = ["crlf-header", "newline", "nul", "line-separator", "right-to-left-override"]


@pytest.mark.parametrize("name", BROKEN, ids=IDS)
def test_user_full_name_is_refused_when_it_holds_a_line_break_or_control_character(cast, name):
    cast.member.full_name = name
    with pytest.raises(ValidationError) as exc:
        cast.member.full_clean()
    assert exc.value.message_dict == {"full_name": [_(ONE_LINE)]}


def test_user_full_name_is_accepted_when_vietnamese_on_one_line(cast):
    cast.member.full_name = "Nguyễn Thị Ánh Tuyết (Phó Giám đốc)"
    cast.member.position = "Giám đốc Sở Thông tin và Truyền thông"
    cast.member.full_clean()


def test_profile_form_shows_the_error_and_saves_nothing_when_the_name_holds_a_new_line(client, cast):
    client.force_login(cast.member)
    r = client.post(
        reverse("members:profile"),
        {"full_name": BROKEN[0], "position": "Giám đốc", "phone": "", "email": cast.member.email},
    )
    assert r.status_code == 200
    assert r.context["form"].errors == {"full_name": [_(ONE_LINE)]}
    assert User.objects.get(pk=cast.member.pk).full_name == cast.member.full_name


def test_admin_user_form_shows_the_error_and_saves_nothing_when_the_position_holds_a_new_line(client, cast):
    client.force_login(cast.admin)
    joined = timezone.localtime(cast.member.date_joined)
    r = client.post(
        reverse("admin:members_user_change", args=[cast.member.pk]),
        {
            "username": cast.member.username,
            "full_name": cast.member.full_name,
            "position": "Giám đốc\r\nBcc: ai-do@example.vn",
            "email": cast.member.email,
            "is_active": "on",
            "date_joined_0": joined.strftime("%d/%m/%Y"),
            "date_joined_1": joined.strftime("%H:%M:%S"),
        },
    )
    assert r.status_code == 200
    assert r.context["adminform"].form.errors["position"] == [_(ONE_LINE)]
    assert User.objects.get(pk=cast.member.pk).position == cast.member.position


@pytest.mark.parametrize("field", ["title", "place"])
def test_meeting_form_is_refused_when_the_title_or_place_holds_a_new_line(cast, field):
    start = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "kind": Meeting.Kind.QUARTERLY,
        "start_at": start.strftime("%Y-%m-%dT%H:%M"),
        "end_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        field: "Họp quý\r\nBcc: ai-do@example.vn",
    }
    form = MeetingForm(data)
    assert not form.is_valid()
    assert form.errors[field] == [_(ONE_LINE)]
