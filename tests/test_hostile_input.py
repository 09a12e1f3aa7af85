"""No input gives a 500 (issue #9): whatever a person types or a URL carries — digits that
`str.isdigit()` accepts but `int()` refuses ("²"), ids past the database's integer, dates in year
1 or 9999, control characters — every form and query parameter of the meetings and members apps
answers with a form error, a message, a redirect or a 404.

The forms are found by reading the pages as the secretary and the chair see them, in each state
of a meeting (the permission matrix's world, tests/meetings/test_permission_matrix.py), so a new
form is fuzzed without being listed here. In each request one field gets a hostile value for its
kind (a date in year 1 or 9999, an id past any integer, "²", a control character) and the others
what a person would send (what the page shows, an offered option, a value of their kind), so the
hostile value gets past the form's other checks to whatever uses it.
Hypothesis draws them, bounded: a fixed number of derandomised examples, no deadline, no
shrinking, no example database. Each request runs in a transaction rolled back after it, so one
request does not change what the next one meets; the test client raises what a view raises, so
a 500 fails with its traceback. tests/meetings/test_input_parsing.py holds the cases found.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.meetings.test_permission_matrix import ROWS, World

USERS = ("secretary", "chair")
STATES = sorted({row.state for row in ROWS.values()})
#: What views read from request.GET and request.POST themselves, besides the forms' fields.
QUERY_PARAMS = {"committee": "id", "item": "id", "kind": "text", "month": "month", "view": "text"}
POST_PARAMS = {"minutes_pk": "id", "action": "text"}
EXAMPLES_PER_STATE = 10

#: Values that broke, or could break, a parser: int() refuses "²" and takes "١٢" (Arabic-Indic
#: digits); ids past every database integer; dates at the ends of the calendar, which overflow
#: when a time zone or a day is added; and the usual suspects of text.
HOSTILE_IDS = ("²", "١٢", "9" * 20, str(2**63), str(2**31), "-1", "0", "", " ", "1e309", "nan")
HOSTILE_TEXT = ("", " ", "\x00", "a\r\nBcc: x@example.vn", "\u202e", "<script>alert(1)</script>", "x" * 600)
HOSTILE = HOSTILE_IDS + HOSTILE_TEXT + ("0001-01-01T00:00", "9999-12-31T23:59", "01/01/0001", "31/12/9999")


def _date(d: datetime.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _local(t: datetime.datetime) -> str:  # as <input type="datetime-local"> sends it
    return f"{_date(t)}T{t.hour:02d}:{t.minute:02d}"


#: The ends of the calendar, where adding a time zone or a day overflows.
EDGE_DATES = (datetime.date.min, datetime.date.max)
DATES = st.one_of(st.dates().map(_date), st.dates().map(lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}"))
DATETIMES = st.datetimes().map(_local)
MONTHS = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}")
IDS = st.one_of(st.sampled_from(HOSTILE_IDS), st.integers(min_value=-(2**64), max_value=2**70).map(str))
TEXT = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(min_size=1, max_size=40))
ANYTHING = st.sampled_from(HOSTILE)
#: By kind of field: (values of that kind, the hostile ones of that kind).
KINDS = {
    "date": (DATES, st.sampled_from(("0001-01-01", "9999-12-31", "01/01/0001", "31/12/9999"))),
    "datetime-local": (DATETIMES, st.sampled_from(("0001-01-01T00:00", "9999-12-31T23:59"))),
    "month": (MONTHS, st.sampled_from(("0001-01", "9999-12", "2026-13", "²-1"))),
    "id": (IDS, st.sampled_from(HOSTILE_IDS)),
    "number": (IDS, st.sampled_from(HOSTILE_IDS)),
    "hidden": (IDS, st.sampled_from(HOSTILE_IDS)),
    "email": (st.emails(), st.sampled_from(HOSTILE_TEXT)),
}


def ordinary(kind: str, options: list[str], shown: str | None) -> st.SearchStrategy[str]:
    """A value a person could send: what the page shows, an offered option, or one of its kind."""
    typed = KINDS.get(kind, (TEXT, None))[0]
    if options:
        typed = st.one_of(st.sampled_from(options), typed)
    return st.one_of(st.just(shown), typed) if shown else typed


def hostile(kind: str) -> st.SearchStrategy[str]:
    """A value that breaks parsers: hostile for this kind of field, or for any."""
    edge = KINDS.get(kind, (None, None))[1]
    if edge is None:
        return st.one_of(st.sampled_from(HOSTILE_TEXT), ANYTHING)
    return st.one_of(edge, edge, ANYTHING)  # twice: mostly the values that break this kind


@dataclass
class Field:
    kind: str
    options: list[str] = field(default_factory=list)
    shown: str | None = None  # the value the page shows (a pre-filled input, a selected option)


@dataclass
class Target:
    """One URL to send input to: a page with its query parameters, or a form with its fields."""

    url: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, option: str | None = None, shown: str | None = None) -> Field:
        known = self.fields.setdefault(name, Field(kind))
        if option is not None and option not in known.options:
            known.options.append(option)
        if shown and known.shown is None:
            known.shown = shown
        return known


class FormReader(HTMLParser):
    """The forms of a page: method, action, and each field's name, kind and offered values."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[Target] = []
        self._form: Target | None = None
        self._select: str | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            action = urlsplit(attrs.get("action") or self.page_url).path
            self._form = Target(action, (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "option" and self._select:
            value = attrs.get("value") or ""
            self._form.add(self._select, "select", value, shown=value if "selected" in attrs else None)
        elif not name or name == "csrfmiddlewaretoken":
            return
        elif tag == "select":
            self._select = name
            self._form.add(name, "select")
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio", "hidden", "submit"):
            value = attrs.get("value") or "on"
            checked = "checked" in attrs or attrs["type"] in ("hidden", "submit")
            self._form.add(name, attrs["type"], value, shown=value if checked else None)
        elif tag == "input":
            self._form.add(name, attrs.get("type") or "text", shown=attrs.get("value"))
        elif tag == "button":
            self._form.add(name, "button", attrs.get("value") or "", shown=attrs.get("value"))
        elif tag == "textarea":
            self._textarea = self._form.add(name, "textarea")

    def handle_data(self, data):
        if self._textarea is not None and data.strip() and self._textarea.shown is None:
            self._textarea.shown = data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _pages(world: World, state: str) -> list[str]:
    # Every URL of this state, POST ones too (a GET on them shows their form, or is refused), and
    # the pages of no particular meeting (lists, calendar, new meeting) in every state.
    urls = [
        world.url(name, row)
        for name, row in sorted(ROWS.items())
        if row.state == state or row.kwargs in ("none", "committee")
    ]
    return urls + [
        reverse("home"),
        reverse("members:profile"),
        reverse("members:password-change"),
        reverse("members:notification-list"),
        reverse("members:committee-detail", kwargs={"pk": world.committee.pk}),
    ]


def _targets(client, world: World, state: str) -> list[Target]:
    """Every page of this state with the query parameters, and every form the pages show."""
    found: dict[tuple[str, str], Target] = {}

    def target(url: str, method: str) -> Target:
        return found.setdefault((url, method), Target(url, method))

    for who in USERS:
        client.force_login(world.users[who])
        for url in _pages(world, state):
            page = target(url, "get")
            for name, kind in QUERY_PARAMS.items():
                page.add(name, kind)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            reader = FormReader(url)
            reader.feed(response.content.decode())
            for form in reader.forms:
                if form.url.startswith(("/admin/", "/i18n/", "/accounts/")):
                    continue  # Django's own views
                known = target(form.url, form.method)
                for name, read in form.fields.items():
                    known.add(name, read.kind, shown=read.shown)
                    for option in read.options:
                        known.add(name, read.kind, option)
    for name, row in sorted(ROWS.items()):
        if row.state == state and row.method == "post":
            known = target(world.url(name, row), "post")
            for field_name in row.data if isinstance(row.data, dict) else ():
                known.add(field_name, "text")
    for known in found.values():
        if known.method == "post":
            for name, kind in POST_PARAMS.items():
                known.add(name, kind)
    return sorted(found.values(), key=lambda t: (t.url, t.method))


@pytest.mark.parametrize("state", STATES)
def test_no_form_or_query_parameter_answers_500_when_given_hostile_values(
    client, db, settings, tmp_path, state
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    world = World()
    world.meeting_in(state)
    targets = _targets(client, world, state)
    assert sum(t.method == "post" for t in targets) >= 3  # the crawl found forms
    fuzz_targets(client, [world.users[who] for who in USERS], targets)


def fuzz_targets(client, people: list, targets: list[Target], examples: int = EXAMPLES_PER_STATE) -> None:
    """Send every target `examples` times, the people taking turns: one field hostile, the others
    as a person would fill them, so the hostile value gets past the form's other checks to
    whatever uses it. Each request is rolled back; any answer of 500 or more fails."""
    turns = itertools.count()

    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        person = people[next(turns) % len(people)]
        client.force_login(person)
        for target in targets:
            victim = (
                data.draw(st.sampled_from(sorted(target.fields)), label="hostile") if target.fields else None
            )
            values = {
                name: data.draw(
                    hostile(f.kind) if name == victim else ordinary(f.kind, f.options, f.shown),
                    label=f"{target.method} {target.url} {name}",
                )
                for name, f in target.fields.items()
            }
            with transaction.atomic():
                send = client.post if target.method == "post" else client.get
                response = send(target.url, values)
                transaction.set_rollback(True)
            assert response.status_code < 500, (person.username, target.url, values)

    fuzz()
