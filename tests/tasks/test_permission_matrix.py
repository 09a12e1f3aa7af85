"""Every tasks URL × the cast → the expected outcome (docs/domain.md's matrix; the directives issue).

Outcomes: "ok" (200, or a redirect that is not to the login page), "login" (302 to the login
page), 403 (sees the directive but may not act), 404 (may not know it exists: another committee's
people, guests). A URL in tasks/urls.py without a row here fails `test_every_tasks_url_has_a_row`.

The directive is led by org_a (member, focal) with org_b coordinating (member_b); a directive of
committee B is invisible to committee A's people and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting
from tasks import services
from tasks.models import Directive, WorkPlan
from tests.tasks.conftest import PDF, evidence_pdf, in_days

S = Directive.Status
CAST = [
    "chair",
    "deputy",
    "standing",
    "member",
    "member_b",
    "secretary",
    "focal",
    "other_member",
    "guest",
    "outsider",
    "admin",
    "anonymous",
]
# No role in committee A: committee B's member, a guest of A's extended meeting, a person with no
# role anywhere, and an administrator (who does not act in a committee without a role there).
OUTSIDERS = ("other_member", "guest", "outsider", "admin")
INSIDERS = ("chair", "deputy", "standing", "member", "member_b", "secretary", "focal")


def ok_for(*names: str, denied: int = 403) -> dict[str, object]:
    """Those named get "ok"; the outsiders 404; anonymous goes to login;
    the rest of committee A get `denied`."""
    table: dict[str, object] = {}
    for who in CAST:
        if who == "anonymous":
            table[who] = "login"
        elif who in names:
            table[who] = "ok"
        elif who in OUTSIDERS:
            table[who] = 404
        else:
            table[who] = denied
    return table


EVERYONE_SIGNED_IN = {who: ("login" if who == "anonymous" else "ok") for who in CAST}
INSIDE = ok_for(*INSIDERS)
LEAD = ok_for("member", "focal")
DECIDERS = ok_for("chair", "deputy")
ACCEPTORS = ok_for("chair", "deputy", "standing")
CREATORS = ok_for("chair", "deputy", "standing", "secretary")
URGERS = ok_for("chair", "deputy", "standing", "secretary")
DRAFTERS = ok_for("standing", "secretary")
# A draft plan is known to those who draft or approve plans; the agencies' people meet a 404.
DRAFT_SEERS = ok_for("chair", "deputy", "standing", "secretary", denied=404)
PLAN_DRAFTING = {**DRAFT_SEERS, "chair": 403, "deputy": 403}
PLAN_APPROVING = {**DRAFT_SEERS, "deputy": 403, "standing": 403, "secretary": 403}


@dataclass
class Row:
    state: str = S.ASSIGNED  # the directive's status before the request
    method: str = "get"
    kwargs: str = "directive"  # directive | committee | extension | evidence | fmt | plan | plan_item | none
    data: dict = field(default_factory=dict)
    expect: dict = field(default_factory=dict)
    plan: str = WorkPlan.Status.DRAFT  # the plan's status, for the plan rows


ROWS: dict[str, Row] = {
    "my-work": Row(kwargs="none", expect=EVERYONE_SIGNED_IN),
    "directive-list": Row(kwargs="none", expect=EVERYONE_SIGNED_IN),
    "directive-export": Row(kwargs="fmt", expect=EVERYONE_SIGNED_IN),
    "directive-detail": Row(expect=INSIDE),
    "directive-create": Row(kwargs="committee", expect=CREATORS),
    "directive-edit": Row(expect=DECIDERS),
    "directive-progress": Row(
        method="post", data={"progress-text": "Đang làm", "progress-percent": "20"}, expect=LEAD
    ),
    "directive-contribution": Row(
        method="post", data={"contribution-text": "Đã gửi số liệu"}, expect=ok_for("member_b")
    ),
    "directive-report-done": Row(method="post", data={"done-summary": "Xong"}, expect=LEAD),
    "directive-extension": Row(method="post", data={"extension-reason": "Chờ kinh phí"}, expect=LEAD),
    "extension-decide": Row(
        method="post", kwargs="extension", data={"decide-decision": "approve"}, expect=DECIDERS
    ),
    "directive-propose-acceptance": Row(S.REPORTED_DONE, "post", expect=ok_for("secretary")),
    "directive-accept": Row(S.REPORTED_DONE, "post", expect=ACCEPTORS),
    "directive-return": Row(S.REPORTED_DONE, "post", data={"return-reason": "Thiếu hồ sơ"}, expect=ACCEPTORS),
    "directive-cancel": Row(method="post", data={"cancel-reason": "Không còn phù hợp"}, expect=DECIDERS),
    "directive-urge": Row(method="post", expect=URGERS),
    # The support group's leader too (not in this cast: tests/tasks/test_follow_up_teams.py).
    "directive-follow-up-team": Row(method="post", data={"follow_up-team": ""}, expect=DECIDERS),
    "evidence-download": Row(S.IN_PROGRESS, kwargs="evidence", expect=INSIDE),
    # A focal officer sees their own agency's row; committee B's people and guests 404.
    "scoreboard": Row(kwargs="committee", expect=INSIDE),
    "scoreboard-export": Row(kwargs="committee_fmt", expect=INSIDE),
    # --- annual plans (Điều 3.1, 5.1, 7.1) ---
    "plan-list": Row(kwargs="committee", expect=INSIDE),
    "plan-create": Row(kwargs="committee", expect=DRAFTERS),
    "plan-detail": Row(kwargs="plan", expect=DRAFT_SEERS),
    "plan-pdf": Row(kwargs="plan", expect=DRAFT_SEERS),
    "plan-edit": Row(kwargs="plan", expect=PLAN_DRAFTING),
    "plan-item-add": Row(kwargs="plan", expect=PLAN_DRAFTING),
    "plan-item-edit": Row(kwargs="plan_item", expect=PLAN_DRAFTING),
    "plan-item-delete": Row(kwargs="plan_item", expect=PLAN_DRAFTING),
    "plan-item-move": Row(
        method="post", kwargs="plan_item", data={"direction": "down"}, expect=PLAN_DRAFTING
    ),
    "plan-approve": Row(kwargs="plan", expect=PLAN_APPROVING),
    # Once approved, everyone in the committee reads it; those who give directives make its items'.
    "plan-directives": Row(kwargs="plan", plan=WorkPlan.Status.APPROVED, expect=CREATORS),
}


class World:
    def __init__(self, task_cast) -> None:
        c = task_cast
        self.cast = c
        self.users = {
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
        # The guest is a guest of an extended meeting of committee A: still nothing of directives.
        extended = c.new_meeting(kind=Meeting.Kind.EXTENDED)
        meeting_services.guest_invite(meeting=extended, actor=c.secretary, user=c.guest)
        self.directive = c.ad_hoc(coordinating_organizations=[c.org_b])
        self.plan = services.plan_create(
            committee=c.committee, actor=c.secretary, kind=WorkPlan.Kind.WORK, year=timezone.localdate().year
        )
        self.plan_item = services.plan_item_add(
            plan=self.plan,
            actor=c.secretary,
            content="Số hóa hồ sơ thủ tục hành chính",
            owner_organization=c.org_a,
            target_quarter=4,
        )

    def plan_in(self, status: str) -> None:
        if status == WorkPlan.Status.APPROVED:
            services.plan_approve(plan=self.plan, actor=self.cast.chair)

    def directive_in(self, status: str) -> None:
        c = self.cast
        if status == S.IN_PROGRESS:
            services.progress_post(
                directive=self.directive, actor=c.focal, text="Đang làm", percent=20, files=[evidence_pdf()]
            )
            self.evidence = self.directive.events.get(kind="progress").evidence.get()
        elif status != S.ASSIGNED:
            c.to_status(self.directive, status)
        self.extension = (
            services.extension_request(
                directive=self.directive, actor=c.focal, proposed_deadline=in_days(90), reason="Chờ kinh phí"
            )
            if status in Directive.OPEN_STATUSES
            else None
        )

    def url(self, name: str, row: Row) -> str:
        kwargs = {
            "none": {},
            "directive": {"pk": self.directive.pk},
            "committee": {"committee_pk": self.cast.committee.pk},
            "committee_fmt": {"committee_pk": self.cast.committee.pk, "fmt": "csv"},
            "fmt": {"fmt": "xlsx"},
            "extension": {"pk": self.extension.pk if self.extension else 0},
            "evidence": {"pk": getattr(self, "evidence", None) and self.evidence.pk},
            "plan": {"pk": self.plan.pk},
            "plan_item": {"pk": self.plan_item.pk},
        }[row.kwargs]
        return reverse(f"tasks:{name}", kwargs=kwargs)


def _outcome(response) -> object:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        return "login" if reverse("login") in response["Location"] else "ok"
    return response.status_code


def test_every_tasks_url_has_a_row():
    from tasks import urls

    assert {p.name for p in urls.urlpatterns} == set(ROWS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_permission_matrix(client, task_cast, name):
    """One world per URL; each person's request runs in a transaction rolled back after it, so a
    POST by one person does not change what the next one meets."""
    row = ROWS[name]
    world = World(task_cast)
    world.directive_in(row.state)
    world.plan_in(row.plan)
    url = world.url(name, row)
    got = {}
    for who in CAST:
        client.logout()
        if who != "anonymous":
            client.force_login(world.users[who])
        payload = dict(row.data)
        if name == "directive-report-done":
            payload["done-files"] = SimpleUploadedFile("xong.pdf", PDF)
        if name == "directive-extension":
            payload["extension-proposed_deadline"] = in_days(120).isoformat()
        with transaction.atomic():
            response = client.post(url, payload) if row.method == "post" else client.get(url)
            transaction.set_rollback(True)
        got[who] = _outcome(response)
    mismatches = {who: (got[who], row.expect[who]) for who in CAST if got[who] != row.expect[who]}
    assert not mismatches, f"{name}: who → (got, expected): {mismatches}"
