"""Markup that assistive technology and validators read (issue 9, item 12a), on the server's HTML:
every aria-describedby names an element of the page, and htmx attributes take their valid
`data-hx-*` form. The browser tests measure the rest with axe-core (tests/browser/conftest.py)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from meetings.models import Meeting

S = Meeting.Status
pytestmark = pytest.mark.django_db


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[str] = []
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.names.add(name)
            if name == "id" and value:
                self.ids.add(value)
            if name == "aria-describedby" and value:
                self.described_by += value.split()


def _attributes(client, url: str) -> _Attributes:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Attributes()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("page", ["minutes-edit", "conclusions-edit"])
def test_form_fields_aria_describedby_name_elements_of_the_page_when_fields_have_help_text(
    client, meeting_cast, page
):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.MINUTES_DRAFTED)
    client.force_login(mc.secretary)
    found = _attributes(client, reverse(f"meetings:{page}", kwargs={"pk": meeting.pk}))
    assert found.described_by, "the form's help texts should be named by their fields"
    assert [ref for ref in found.described_by if ref not in found.ids] == []


def test_roll_page_refreshes_through_valid_data_hx_attributes_when_it_polls(client, meeting_cast):
    mc = meeting_cast
    meeting = mc.to_state(mc.meeting, S.CONVENED)
    client.force_login(mc.chair)
    found = _attributes(client, reverse("meetings:meeting-roll", kwargs={"pk": meeting.pk}))
    assert {"data-hx-get", "data-hx-trigger", "data-hx-swap"} <= found.names
    assert sorted(name for name in found.names if name.startswith("hx-")) == []
