"""The dashboard's "waits for me" lists the quarterly reports submitted for approval (Điều 7.9)."""

from __future__ import annotations

from django.urls import reverse

from reports import services
from tests.reports.quarterly import make_report


def waiting(client, user) -> dict[str, list[str]]:
    client.force_login(user)
    response = client.get(reverse("home"))
    return {
        group.key: [item.title for item in group.items] for group in response.context["dashboard"].waiting
    }


def test_a_submitted_quarterly_report_waits_for_the_chair_only(client, task_cast):
    report = make_report(task_cast)
    services.report_update(report=report, actor=task_cast.secretary, title=report.title, results="Kết quả")
    assert "quarterly" not in waiting(client, task_cast.chair)  # a draft waits for nobody's approval
    report = services.report_submit(report=report, actor=task_cast.secretary)
    assert waiting(client, task_cast.chair)["quarterly"] == [report.title]
    assert "quarterly" not in waiting(client, task_cast.deputy)
    assert "quarterly" not in waiting(client, task_cast.secretary)


def test_it_waits_for_the_deputy_acting_for_the_chair(client, task_cast):
    task_cast.chair_away()
    report = make_report(task_cast)
    services.report_update(report=report, actor=task_cast.secretary, title=report.title, results="Kết quả")
    report = services.report_submit(report=report, actor=task_cast.secretary)
    assert waiting(client, task_cast.deputy)["quarterly"] == [report.title]
