"""No input to the directive and plan pages gives a 500: the same crawl-and-fuzz as
tests/test_hostile_input.py, over the tasks permission matrix's world in each status of the
directive (with a draft and an approved plan), as the people who see the most forms there — the
lead agency's focal officer, the coordinating agency's member, the secretariat, the chair."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tasks.models import Directive, WorkPlan
from tests.tasks.test_permission_matrix import ROWS, World
from tests.test_hostile_input import FormReader, Target, fuzz_targets

USERS = ("focal", "member_b", "secretary", "chair")
#: What the list, the scoreboard and the pages read from the query besides their forms' fields.
QUERY_PARAMS = {"page": "id", "committee": "id", "agency": "id", "year": "number", "quarter": "number"}
EXAMPLES = 4


def _targets(client, world: World) -> list[Target]:
    found: dict[tuple[str, str], Target] = {}

    def target(url: str, method: str) -> Target:
        return found.setdefault((url, method), Target(url, method))

    urls = sorted(
        {
            world.url(name, row)
            for name, row in ROWS.items()
            if "export" not in name and (row.kwargs != "evidence" or hasattr(world, "evidence"))
        }
    )
    urls += [reverse("home"), reverse("tasks:plan-detail", kwargs={"pk": world.plan.pk})]
    for who in USERS:
        client.force_login(world.users[who])
        for url in urls:
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
                    continue
                known = target(form.url, form.method)
                for name, read in form.fields.items():
                    known.add(name, read.kind, shown=read.shown)
                    for option in read.options:
                        known.add(name, read.kind, option)
    return sorted(found.values(), key=lambda t: (t.url, t.method))


@pytest.mark.parametrize(
    "status, plan",
    [
        (Directive.Status.ASSIGNED, WorkPlan.Status.DRAFT),
        (Directive.Status.IN_PROGRESS, WorkPlan.Status.APPROVED),
        (Directive.Status.REPORTED_DONE, WorkPlan.Status.APPROVED),
    ],
)
def test_no_tasks_form_or_query_parameter_answers_500(client, task_cast, status, plan):
    world = World(task_cast)
    world.directive_in(status)
    world.plan_in(plan)
    targets = _targets(client, world)
    assert sum(t.method == "post" for t in targets) >= 3  # the crawl found forms
    fuzz_targets(client, [world.users[who] for who in USERS], targets, examples=EXAMPLES)
