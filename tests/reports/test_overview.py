"""The follow-up page: each of the person's committees with its compliance panel and register."""

from __future__ import annotations

from django.urls import reverse


def test_overview_links_the_compliance_panel_and_register_of_the_persons_committees_only(client, task_cast):
    c = task_cast
    client.force_login(c.focal)
    page = client.get(reverse("reports:overview")).content.decode()
    assert reverse("reports:compliance", kwargs={"committee_pk": c.committee.pk}) in page
    assert reverse("reports:register", kwargs={"committee_pk": c.committee.pk}) in page
    assert reverse("reports:compliance", kwargs={"committee_pk": c.other_committee.pk}) not in page


def test_overview_of_a_person_without_a_role_says_so(client, task_cast, django_assert_max_num_queries):
    client.force_login(task_cast.outsider)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:overview"))
    assert response.status_code == 200
    assert (
        reverse("reports:compliance", kwargs={"committee_pk": task_cast.committee.pk})
        not in response.content.decode()
    )


def test_overview_needs_a_login(client, db):
    response = client.get(reverse("reports:overview"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
