"""Every reports URL × the whole cast → the expected outcome (the reports issue, acceptance 4).

Outcomes: "ok" (200), "login" (302 to the login page), 404 (the committee is not theirs). A URL in
reports/urls.py without a row here fails `test_every_reports_url_has_a_row`. What the search finds
for whom is tested in test_search.py; here, who may open it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports import urls
from tests.tasks.test_permission_matrix import CAST, INSIDERS, OUTSIDERS

EVERYONE_SIGNED_IN = {who: ("login" if who == "anonymous" else "ok") for who in CAST}
COMMITTEE_A = {
    who: "login" if who == "anonymous" else "ok" if who in INSIDERS else 404 if who in OUTSIDERS else None
    for who in CAST
}

ROWS: dict[str, tuple[str, dict]] = {
    "overview": ("none", EVERYONE_SIGNED_IN),
    "search": ("none", EVERYONE_SIGNED_IN),
    "compliance": ("committee", COMMITTEE_A),
    "register": ("committee", COMMITTEE_A),
    "register-export": ("committee_fmt", COMMITTEE_A),
}


def test_every_reports_url_has_a_row():
    assert {p.name for p in urls.urlpatterns} == set(ROWS)
    assert all(outcome is not None for _kwargs, expect in ROWS.values() for outcome in expect.values())


def _outcome(response) -> object:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        return "login" if reverse("login") in response["Location"] else "ok"
    return response.status_code


@pytest.mark.parametrize("name", sorted(ROWS))
def test_permission_matrix(client, task_cast, name):
    c = task_cast
    users = {
        "chair": c.chair,
        "deputy": c.deputy,
        "standing": c.standing,
        "member": c.member,
        "member_b": c.member_b,
        "secretary": c.secretary,
        "focal": c.focal,
        "other_member": c.other_member,
        "guest": c.guest,
        "outsider": c.outsider,
        "admin": c.admin,
    }
    kind, expect = ROWS[name]
    kwargs = {
        "none": {},
        "committee": {"committee_pk": c.committee.pk},
        "committee_fmt": {"committee_pk": c.committee.pk, "fmt": "csv"},
    }[kind]
    url = reverse(f"reports:{name}", kwargs=kwargs)
    query = {"q": "kế hoạch"} if name == "search" else {}
    got = {}
    for who in CAST:
        client.logout()
        if who != "anonymous":
            client.force_login(users[who])
        got[who] = _outcome(client.get(url, query))
    mismatches = {who: (got[who], expect[who]) for who in CAST if got[who] != expect[who]}
    assert not mismatches, f"{name}: who → (got, expected): {mismatches}"
