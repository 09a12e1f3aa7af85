"""Annual plans (Điều 3.1, 5.1, 7.1): drafting a plan and its items, the chair's approval as a
numbered document archived once, the plan's pages, and the "one screen" that turns its items into
directives, all or nothing."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents.rendering.pdf import render_html
from members.models import Notification, RoleAssignment
from tasks import jobs, plans_documents, services
from tasks.models import Directive, DirectiveError, PlanDocument, Timeliness, WorkPlan, WorkPlanItem
from tasks.services.plans import quarter_last_day
from tests.documents.pdfcheck import parse
from tests.documents.test_rendering import watermark
from tests.members.factories import ChairActingPeriodFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db

S = Directive.Status
NEXT_YEAR = timezone.localdate().year + 1
FROZEN = "Kế hoạch này đã được phê duyệt: không thể thay đổi."


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def draft(cast, *, items=2, kind=WorkPlan.Kind.WORK, year=NEXT_YEAR, committee=None, actor=None) -> WorkPlan:
    """A draft plan of committee A (or `committee`) with `items` items owned by org_a, quarters 1, 2, …"""
    actor = actor or cast.standing
    plan = services.plan_create(
        committee=committee or cast.committee,
        actor=actor,
        kind=kind,
        year=year,
        introduction="Cụ thể hóa các nhiệm vụ của Ban chỉ đạo.",
    )
    for n in range(1, items + 1):
        services.plan_item_add(
            plan=plan,
            actor=actor,
            content=f"Nhiệm vụ số {n} của kế hoạch",
            owner_organization=cast.org_a,
            target_quarter=(n - 1) % 4 + 1,
            expected_result=f"Kết quả {n}",
        )
    return WorkPlan.objects.get(pk=plan.pk)


def approved(cast, **kwargs) -> WorkPlan:
    plan = draft(cast, **kwargs)
    services.plan_approve(plan=plan, actor=cast.chair)
    return WorkPlan.objects.select_related("committee").get(pk=plan.pk)


def items_of(plan: WorkPlan) -> list[WorkPlanItem]:
    return list(plan.items.select_related("owner_organization", "plan").order_by("order", "pk"))


def row(item, **overrides) -> services.PlanDirectiveRow:
    defaults = services.plan_item_directive_defaults(item)
    values = {**defaults, **overrides}
    return services.PlanDirectiveRow(
        item=item,
        title=values["title"],
        lead_organization=values["lead_organization"],
        deadline=values["deadline"],
        coordinating_organizations=tuple(values.get("coordinating_organizations", ())),
        expected_result=values["expected_result"],
    )


def get(client, user, name: str, **kwargs):
    client.force_login(user)
    return client.get(reverse(f"tasks:{name}", kwargs=kwargs))


def post(client, user, name: str, data=None, **kwargs):
    client.force_login(user)
    return client.post(reverse(f"tasks:{name}", kwargs=kwargs), data or {})


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- drafting -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (WorkPlan.Kind.WORK, "Kế hoạch công tác năm {}"),
        (WorkPlan.Kind.INSPECTION, "Kế hoạch kiểm tra năm {}"),
    ],
)
def test_plan_create_gives_the_default_title_when_none_is_typed(cast, kind, title):
    plan = services.plan_create(committee=cast.committee, actor=cast.secretary, kind=kind, year=NEXT_YEAR)

    assert plan.title == title.format(NEXT_YEAR)
    assert plan.status == WorkPlan.Status.DRAFT and plan.number is None
    entry = plan.history.get()
    assert entry.history_user == cast.secretary and entry.history_change_reason == "drafted"


@pytest.mark.parametrize("offset", [-2, 2, 10])
def test_plan_create_refused_when_the_year_is_far_from_today(cast, offset):
    year = timezone.localdate().year
    with pytest.raises(ValidationError) as refused:
        services.plan_create(committee=cast.committee, actor=cast.standing, kind="work", year=year + offset)
    assert refused.value.message_dict == {
        "year": [f"Kế hoạch chỉ được lập cho một năm trong khoảng từ {year - 1} đến {year + 1}."]
    }
    assert not WorkPlan.objects.exists()


def test_plan_create_refused_when_a_draft_of_the_same_kind_and_year_exists(cast):
    draft(cast, items=0)
    with pytest.raises(ValidationError) as refused:
        services.plan_create(committee=cast.committee, actor=cast.secretary, kind="work", year=NEXT_YEAR)
    assert "year" in refused.value.message_dict
    # The other kind, or the same kind once the first is approved, is another plan.
    services.plan_create(committee=cast.committee, actor=cast.secretary, kind="inspection", year=NEXT_YEAR)
    assert WorkPlan.objects.count() == 2


@pytest.mark.parametrize("who", ["chair", "deputy", "member", "focal", "other_member", "guest"])
def test_plan_create_refused_when_the_person_does_not_draft_plans(cast, who):
    with pytest.raises(PermissionDenied):
        services.plan_create(committee=cast.committee, actor=getattr(cast, who), kind="work", year=NEXT_YEAR)
    assert not WorkPlan.objects.exists()


def test_plan_item_add_numbers_items_in_order_and_refuses_bad_input_by_field(cast):
    plan = draft(cast, items=2)
    assert [i.order for i in items_of(plan)] == [1, 2]

    with pytest.raises(ValidationError) as refused:
        services.plan_item_add(
            plan=plan, actor=cast.standing, content="  ", owner_organization=None, target_quarter=5
        )
    assert set(refused.value.message_dict) == {"content", "owner_organization", "target_quarter"}
    assert plan.items.count() == 2


def test_plan_item_move_swaps_with_the_neighbour_and_refuses_past_the_ends(cast):
    plan = draft(cast, items=3)
    first, second, third = items_of(plan)

    moved = services.plan_item_move(item=third, actor=cast.secretary, direction="up")

    assert moved.order == 2
    assert [i.pk for i in items_of(plan)] == [first.pk, third.pk, second.pk]
    with pytest.raises(DirectiveError, match="đã ở đầu danh sách"):
        services.plan_item_move(item=first, actor=cast.secretary, direction="up")
    with pytest.raises(DirectiveError, match="đã ở cuối danh sách"):
        services.plan_item_move(item=second, actor=cast.secretary, direction="down")


def test_plan_item_delete_moves_the_later_items_up_and_keeps_its_history(cast):
    plan = draft(cast, items=3)
    first, second, third = items_of(plan)

    services.plan_item_delete(item=second, actor=cast.secretary)

    assert [(i.pk, i.order) for i in items_of(plan)] == [(first.pk, 1), (third.pk, 2)]
    deleted = WorkPlanItem.history.filter(id=second.pk, history_type="-").get()
    assert deleted.history_user == cast.secretary


def test_plan_update_refuses_an_empty_title(cast):
    plan = draft(cast, items=0)
    with pytest.raises(ValidationError) as refused:
        services.plan_update(plan=plan, actor=cast.standing, title=" ", introduction="")
    assert refused.value.message_dict == {"title": ["Hãy nhập tên kế hoạch."]}


# --- approval ---------------------------------------------------------------------------------------


def test_plan_approve_numbers_the_plan_in_the_kh_register_and_signs_as_chair(cast):
    plan = draft(cast)

    services.plan_approve(plan=plan, actor=cast.chair)

    plan = WorkPlan.objects.get(pk=plan.pk)
    assert plan.status == WorkPlan.Status.APPROVED
    assert (plan.number, plan.number_year) == (1, timezone.localdate().year)
    assert plan.symbol == "01/KH-BCĐA"
    assert plan.signed_as == WorkPlan.SignedAs.CHAIR
    assert plan.approved_by == cast.chair and plan.approved_at is not None
    assert plan.history.first().history_change_reason == "approved as 01/KH-BCĐA"


def test_plan_numbers_run_per_committee_and_per_year(cast):
    first = approved(cast, kind=WorkPlan.Kind.WORK)
    second = approved(cast, kind=WorkPlan.Kind.INSPECTION)
    next_january = timezone.make_aware(datetime.datetime(timezone.localdate().year + 1, 1, 2, 9))
    third = draft(cast, year=NEXT_YEAR, kind=WorkPlan.Kind.WORK)
    with mock.patch("django.utils.timezone.now", return_value=next_january):
        services.plan_approve(plan=third, actor=cast.chair)
    third.refresh_from_db()

    assert (first.number, second.number) == (1, 2)
    assert (third.number, third.number_year) == (1, NEXT_YEAR)


def test_plan_numbers_of_another_committee_start_from_one(cast):
    approved(cast)
    R = RoleAssignment.Role
    RoleAssignmentFactory(
        user=cast.chair, committee=cast.other_committee, role=R.CHAIR, organization=cast.org_ubnd
    )
    RoleAssignmentFactory(
        user=cast.secretary, committee=cast.other_committee, role=R.SECRETARIAT, organization=cast.org_a
    )
    cast.chair.__dict__.pop("_committee_codenames", None)
    plan = draft(cast, committee=cast.other_committee, actor=cast.secretary)

    services.plan_approve(plan=plan, actor=cast.chair)

    assert WorkPlan.objects.get(pk=plan.pk).symbol == "01/KH-BCĐB"


def test_plan_approve_refused_when_the_plan_has_no_item(cast):
    plan = draft(cast, items=0)
    with pytest.raises(DirectiveError, match="Cần có ít nhất một nội dung"):
        services.plan_approve(plan=plan, actor=cast.chair)
    assert WorkPlan.objects.get(pk=plan.pk).status == WorkPlan.Status.DRAFT


@pytest.mark.parametrize("who", ["deputy", "standing", "secretary", "member"])
def test_plan_approve_refused_when_the_person_is_not_the_chair_nor_acting(cast, who):
    plan = draft(cast)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, actor=getattr(cast, who))
    assert WorkPlan.objects.get(pk=plan.pk).number is None


def test_plan_approve_by_a_deputy_acting_for_the_chair_signs_kt_truong_ban(cast):
    ChairActingPeriodFactory(committee=cast.committee, deputy=cast.deputy)
    plan = draft(cast)

    services.plan_approve(plan=plan, actor=cast.deputy)

    plan = WorkPlan.objects.get(pk=plan.pk)
    assert plan.signed_as == WorkPlan.SignedAs.ACTING
    assert plan_signature_lines(plan) == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]


def plan_signature_lines(plan: WorkPlan) -> list[str]:
    return plans_documents.plan_context(plans_documents.plan_for_document(plan.pk))["signature"].lines


def test_plan_approve_tells_the_committee_but_not_the_approver_nor_another_committee(cast):
    plan = approved(cast)

    told = set(
        Notification.objects.filter(kind="tasks.plan_approved").values_list("user__username", flat=True)
    )

    assert told == {"deputy", "standing", "member", "member_b", "secretary", "focal"}
    note = Notification.objects.filter(kind="tasks.plan_approved").first()
    assert note.params == {"plan": plan.pk, "symbol": "01/KH-BCĐA"}
    assert note.url == plan.get_absolute_url()


@pytest.mark.parametrize(
    "change",
    [
        lambda cast, plan, item: services.plan_update(
            plan=plan, actor=cast.standing, title="X", introduction=""
        ),
        lambda cast, plan, item: services.plan_item_add(
            plan=plan, actor=cast.standing, content="X", owner_organization=cast.org_a, target_quarter=1
        ),
        lambda cast, plan, item: services.plan_item_update(
            item=item, actor=cast.standing, content="X", owner_organization=cast.org_a, target_quarter=1
        ),
        lambda cast, plan, item: services.plan_item_delete(item=item, actor=cast.standing),
        lambda cast, plan, item: services.plan_item_move(item=item, actor=cast.standing, direction="down"),
        lambda cast, plan, item: services.plan_approve(plan=plan, actor=cast.chair),
    ],
    ids=["update", "item_add", "item_update", "item_delete", "item_move", "approve_again"],
)
def test_an_approved_plan_never_changes(cast, change):
    plan = approved(cast)
    item = items_of(plan)[0]
    before = (plan.title, plan.number, [(i.pk, i.order, i.content) for i in items_of(plan)])

    with pytest.raises(DirectiveError) as refused:
        change(cast, plan, item)

    assert refused.value.message == FROZEN
    plan.refresh_from_db()
    assert (plan.title, plan.number, [(i.pk, i.order, i.content) for i in items_of(plan)]) == before


# --- the archive ------------------------------------------------------------------------------------


def test_approving_archives_the_plan_once_on_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan = approved(cast)

    document = PlanDocument.objects.get(plan=plan)
    stored = document.file.read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256 and len(stored) == document.size
    xmp = PdfReader(io.BytesIO(stored)).xmp_metadata.stream.get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp), xmp  # PDF/A-3b, as the notice


def test_archive_job_harmless_when_run_twice(cast, private_media):
    plan = approved(cast)

    first = jobs.archive_approved_plan(plan_id=plan.pk)
    second = jobs.archive_approved_plan(plan_id=plan.pk)

    assert first == second == PlanDocument.objects.get().pk
    assert len([p for p in private_media.rglob("*") if p.is_file()]) == 1


def test_a_draft_is_never_archived(cast):
    plan = draft(cast)
    with pytest.raises(DirectiveError, match="Chỉ lưu trữ kế hoạch đã phê duyệt"):
        plans_documents.plan_document_archive(plan=plan)


def test_approved_pdf_served_with_the_stored_hash_to_every_member(client, cast):
    plan = approved(cast)

    response = get(client, cast.focal, "plan-pdf", pk=plan.pk)

    body = body_of(response)
    document = PlanDocument.objects.get(plan=plan)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="KH-01-{plan.number_year}-BCDA.pdf"' in response["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == document.sha256 == response["X-Content-SHA256"]
    assert all(watermark(page) == "" for page in parse(body).pages)


def test_approved_pdf_unchanged_when_the_template_is_edited_after_approval(client, settings, tmp_path, cast):
    plan = approved(cast)
    before = body_of(get(client, cast.member, "plan-pdf", pk=plan.pk))
    override = tmp_path / "templates" / "documents"
    override.mkdir(parents=True)
    (override / "plan.html").write_text("<html><body><p>MẪU ĐÃ SỬA</p></body></html>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates"]}]
    assert "MẪU ĐÃ SỬA" in render_html("documents/plan.html", {})  # the edit is in force

    after = body_of(get(client, cast.chair, "plan-pdf", pk=plan.pk))

    assert after == before
    assert hashlib.sha256(after).hexdigest() == PlanDocument.objects.get(plan=plan).sha256
    assert PlanDocument.objects.count() == 1


def test_approved_pdf_is_404_not_a_server_error_when_the_archived_file_is_gone(client, cast):
    plan = approved(cast)
    document = plans_documents.plan_document_archive(plan=plan)
    document.file.storage.delete(document.file.name)

    response = get(client, cast.member, "plan-pdf", pk=plan.pk)

    assert response.status_code == 404
    assert PlanDocument.objects.get(plan=plan).sha256 == document.sha256  # not re-rendered


def test_storage_failure_answers_503_with_a_message(client, cast, monkeypatch):
    plan = approved(cast)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(plans_documents, "plan_document_archive", full_disk)
    response = get(client, cast.member, "plan-pdf", pk=plan.pk)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "thử lại sau một phút" in response.content.decode()


def test_draft_pdf_marked_du_thao_unnumbered_and_never_stored(client, cast, private_media):
    plan = draft(cast)

    response = get(client, cast.secretary, "plan-pdf", pk=plan.pk)

    assert response.status_code == 200
    assert f'filename="DU-THAO-KH-CONG-TAC-{NEXT_YEAR}-BCDA.pdf"' in response["Content-Disposition"]
    assert "X-Content-SHA256" not in response
    pdf = parse(body_of(response))
    assert all(watermark(page) == "".join(sorted(set("DỰTHẢO"))) for page in pdf.pages)
    number = next(s for s in pdf.first.segments if s.text.startswith("Số:"))
    assert number.text.replace("\u00a0", " ").split() == ["Số:", "/KH-BCĐA"]
    assert not PlanDocument.objects.exists()
    assert not private_media.exists() or not any(p.is_file() for p in private_media.rglob("*"))


@pytest.mark.parametrize(
    ("who", "status"), [("member", 404), ("focal", 404), ("other_member", 404), ("guest", 404)]
)
def test_draft_pdf_hidden_from_those_who_neither_draft_nor_approve(client, cast, who, status):
    plan = draft(cast)
    assert get(client, getattr(cast, who), "plan-pdf", pk=plan.pk).status_code == status


@pytest.mark.parametrize("who", ["chair", "deputy", "standing"])
def test_draft_pdf_for_those_who_draft_or_approve(client, cast, who):
    plan = draft(cast)
    assert get(client, getattr(cast, who), "plan-pdf", pk=plan.pk).status_code == 200


# --- the directives of an approved plan ---------------------------------------------------------------


def test_plan_item_directive_defaults_come_from_the_item_and_its_quarter(cast):
    plan = approved(cast, items=4)
    item = items_of(plan)[2]

    defaults = services.plan_item_directive_defaults(item)

    assert defaults == {
        "title": item.content,
        "lead_organization": cast.org_a,
        "deadline": datetime.date(NEXT_YEAR, 9, 30),
        "expected_result": "Kết quả 3",
    }
    assert [quarter_last_day(2027, q) for q in (1, 2, 3, 4)] == [
        datetime.date(2027, 3, 31),
        datetime.date(2027, 6, 30),
        datetime.date(2027, 9, 30),
        datetime.date(2027, 12, 31),
    ]


def test_plan_item_directives_create_makes_each_row_a_directive_of_its_item(cast):
    plan = approved(cast, items=2)
    first, second = items_of(plan)

    created = services.plan_item_directives_create(
        plan=plan,
        actor=cast.secretary,
        rows=[
            row(first),
            row(
                first,
                title="Phần việc thứ hai",
                lead_organization=cast.org_b,
                coordinating_organizations=[cast.org_a],
            ),
            row(second),
        ],
    )

    assert len(created) == 3
    one, two, three = (Directive.objects.get(pk=d.pk) for d in created)
    assert (one.source, one.plan_item, one.title, one.lead_organization) == (
        "plan",
        first,
        first.content,
        cast.org_a,
    )
    assert one.deadline == one.original_deadline == datetime.date(NEXT_YEAR, 3, 31)
    assert (two.plan_item, two.title, two.lead_organization) == (first, "Phần việc thứ hai", cast.org_b)
    assert list(two.coordinating_organizations.all()) == [cast.org_a]
    assert three.plan_item == second and three.deadline == datetime.date(NEXT_YEAR, 6, 30)
    assert one.events.get().kind == "created"
    assert Notification.objects.filter(kind="tasks.assigned", user=cast.focal).count() == 2
    assert Notification.objects.filter(kind="tasks.coordinating", user=cast.focal).count() == 1


def test_plan_item_directives_create_makes_none_when_one_row_is_refused(cast):
    plan = approved(cast, items=3)
    first, second, third = items_of(plan)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    with pytest.raises(services.PlanRowsError) as refused:
        services.plan_item_directives_create(
            plan=plan,
            actor=cast.standing,
            rows=[
                row(first),
                row(second, deadline=yesterday, title=""),
                row(third, coordinating_organizations=[cast.org_a]),
            ],
        )

    assert set(refused.value.rows) == {1, 2}
    assert set(refused.value.rows[1].message_dict) == {"title", "deadline"}
    assert set(refused.value.rows[2].message_dict) == {"coordinating_organizations"}
    assert not Directive.objects.exists()
    assert not Notification.objects.filter(kind="tasks.assigned").exists()


def test_plan_item_directives_create_refused_for_a_draft_plan(cast):
    plan = draft(cast)
    with pytest.raises(DirectiveError, match="sau khi kế hoạch được phê duyệt"):
        services.plan_item_directives_create(plan=plan, actor=cast.chair, rows=[row(items_of(plan)[0])])
    assert not Directive.objects.exists()


@pytest.mark.parametrize("who", ["member", "focal", "other_member"])
def test_plan_item_directives_create_refused_for_those_who_give_no_directive(cast, who):
    plan = approved(cast)
    with pytest.raises(PermissionDenied):
        services.plan_item_directives_create(
            plan=plan, actor=getattr(cast, who), rows=[row(items_of(plan)[0])]
        )
    assert not Directive.objects.exists()


def test_directive_create_from_plan_item_uses_the_defaults_and_raises_the_row_error(cast):
    plan = approved(cast)
    item = items_of(plan)[0]

    directive = services.directive_create_from_plan_item(item=item, actor=cast.deputy)

    assert (directive.title, directive.lead_organization, directive.deadline) == (
        item.content,
        cast.org_a,
        datetime.date(NEXT_YEAR, 3, 31),
    )
    with pytest.raises(ValidationError) as refused:
        services.directive_create_from_plan_item(item=item, actor=cast.deputy, title="  ")
    assert set(refused.value.message_dict) == {"title"}
    assert Directive.objects.count() == 1


# --- the pages ----------------------------------------------------------------------------------------


def test_plan_list_shows_drafts_only_to_those_who_draft_or_approve(client, cast):
    approved(cast, kind=WorkPlan.Kind.WORK)
    draft(cast, kind=WorkPlan.Kind.INSPECTION)

    for who, titles in (
        ("member", [f"Kế hoạch công tác năm {NEXT_YEAR}"]),
        ("focal", [f"Kế hoạch công tác năm {NEXT_YEAR}"]),
        ("standing", [f"Kế hoạch công tác năm {NEXT_YEAR}", f"Kế hoạch kiểm tra năm {NEXT_YEAR}"]),
        ("chair", [f"Kế hoạch công tác năm {NEXT_YEAR}", f"Kế hoạch kiểm tra năm {NEXT_YEAR}"]),
    ):
        response = get(client, getattr(cast, who), "plan-list", committee_pk=cast.committee.pk)
        assert response.status_code == 200
        assert [p.title for p in response.context["plans"]] == titles, who
    page = response.content.decode()
    assert "Đã phê duyệt, số 01/KH-BCĐA" in page and "Dự thảo" in page


@pytest.mark.parametrize("who", ["other_member", "guest", "outsider", "admin"])
def test_plan_pages_are_404_for_people_outside_the_committee(client, cast, who):
    plan = approved(cast)
    user = getattr(cast, who)
    assert get(client, user, "plan-list", committee_pk=cast.committee.pk).status_code == 404
    assert get(client, user, "plan-detail", pk=plan.pk).status_code == 404
    assert get(client, user, "plan-pdf", pk=plan.pk).status_code == 404


def test_plan_pages_send_anonymous_visitors_to_log_in(client, cast):
    plan = approved(cast)
    response = client.get(reverse("tasks:plan-detail", kwargs={"pk": plan.pk}))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_plan_create_page_creates_the_draft_and_redirects_to_it(client, cast):
    assert get(client, cast.member, "plan-create", committee_pk=cast.committee.pk).status_code == 403
    assert get(client, cast.standing, "plan-create", committee_pk=cast.committee.pk).status_code == 200

    response = post(
        client,
        cast.standing,
        "plan-create",
        {"kind": "inspection", "year": NEXT_YEAR, "title": "", "introduction": "Mục đích kiểm tra."},
        committee_pk=cast.committee.pk,
    )

    plan = WorkPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.kind, plan.title) == ("inspection", f"Kế hoạch kiểm tra năm {NEXT_YEAR}")


def test_plan_create_page_keeps_what_was_typed_and_says_why_in_vietnamese(client, cast):
    response = post(
        client,
        cast.secretary,
        "plan-create",
        {"kind": "work", "year": 1999, "title": "Kế hoạch chuyển đổi số", "introduction": "Mục đích."},
        committee_pk=cast.committee.pk,
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kế hoạch chỉ được lập cho một năm trong khoảng" in page
    assert 'value="Kế hoạch chuyển đổi số"' in page and "Mục đích." in page
    assert not WorkPlan.objects.exists()


def test_plan_detail_of_a_draft_is_404_for_a_member_and_shows_the_drafters_forms(client, cast):
    plan = draft(cast)
    assert get(client, cast.member, "plan-detail", pk=plan.pk).status_code == 404

    response = get(client, cast.secretary, "plan-detail", pk=plan.pk)

    assert response.status_code == 200
    assert response.context["can_draft"] and not response.context["can_approve"]
    page = response.content.decode()
    assert reverse("tasks:plan-item-add", kwargs={"pk": plan.pk}) in page
    assert reverse("tasks:plan-approve", kwargs={"pk": plan.pk}) not in page


def test_plan_detail_of_an_approved_plan_hides_every_form(client, cast):
    plan = approved(cast)
    item = items_of(plan)[0]

    response = get(client, cast.standing, "plan-detail", pk=plan.pk)

    page = response.content.decode()
    assert not response.context["can_draft"] and not response.context["can_approve"]
    for name, pk in (
        ("plan-edit", plan.pk),
        ("plan-item-add", plan.pk),
        ("plan-approve", plan.pk),
        ("plan-item-edit", item.pk),
        ("plan-item-delete", item.pk),
    ):
        assert reverse(f"tasks:{name}", kwargs={"pk": pk}) not in page, name
    assert reverse("tasks:plan-directives", kwargs={"pk": plan.pk}) in page
    assert reverse("tasks:plan-pdf", kwargs={"pk": plan.pk}) in page


def test_forms_of_an_approved_plan_are_refused(client, cast):
    plan = approved(cast)
    item = items_of(plan)[0]
    assert get(client, cast.standing, "plan-edit", pk=plan.pk).status_code == 403
    assert get(client, cast.standing, "plan-item-delete", pk=item.pk).status_code == 403

    response = post(client, cast.standing, "plan-edit", {"title": "Tên mới", "introduction": ""}, pk=plan.pk)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == f"Kế hoạch công tác năm {NEXT_YEAR}"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [FROZEN]


def test_plan_item_pages_add_edit_move_and_delete_after_confirmation(client, cast):
    plan = draft(cast, items=1)
    response = post(
        client,
        cast.standing,
        "plan-item-add",
        {
            "content": "Rà soát hạ tầng",
            "owner_organization": cast.org_b.pk,
            "target_quarter": "3",
            "expected_result": "",
        },
        pk=plan.pk,
    )
    second = WorkPlanItem.objects.get(content="Rà soát hạ tầng")
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{second.pk}")
    assert (second.order, second.owner_organization, second.target_quarter) == (2, cast.org_b, 3)

    post(
        client,
        cast.standing,
        "plan-item-edit",
        {"content": "Rà soát hạ tầng kỹ thuật", "owner_organization": cast.org_b.pk, "target_quarter": "4"},
        pk=second.pk,
    )
    second.refresh_from_db()
    assert (second.content, second.target_quarter) == ("Rà soát hạ tầng kỹ thuật", 4)

    post(client, cast.standing, "plan-item-move", {"direction": "up"}, pk=second.pk)
    assert [i.pk for i in items_of(plan)][0] == second.pk
    assert (
        post(client, cast.standing, "plan-item-move", {"direction": "sideways"}, pk=second.pk).status_code
        == 400
    )

    confirm = get(client, cast.standing, "plan-item-delete", pk=second.pk)
    assert confirm.status_code == 200 and "Rà soát hạ tầng kỹ thuật" in confirm.content.decode()
    assert WorkPlanItem.objects.filter(pk=second.pk).exists()  # asking is not deleting
    post(client, cast.standing, "plan-item-delete", pk=second.pk)
    assert not WorkPlanItem.objects.filter(pk=second.pk).exists()


def test_plan_item_page_keeps_what_was_typed_when_refused(client, cast):
    plan = draft(cast, items=0)
    response = post(
        client,
        cast.standing,
        "plan-item-add",
        {"content": "Xây dựng kho dữ liệu", "owner_organization": "", "target_quarter": "2"},
        pk=plan.pk,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xây dựng kho dữ liệu" in page and "is-invalid" in page
    assert not WorkPlanItem.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("member", 404), ("standing", 403), ("secretary", 403), ("deputy", 403)]
)
def test_plan_approve_page_refused_to_all_but_the_chair(client, cast, who, status):
    plan = draft(cast)
    assert get(client, getattr(cast, who), "plan-approve", pk=plan.pk).status_code == status


def test_plan_approve_page_asks_for_confirmation_then_approves(client, cast):
    plan = draft(cast)

    confirm = get(client, cast.chair, "plan-approve", pk=plan.pk)

    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "không thể hoàn tác" in page and "TRƯỞNG BAN" in page
    assert WorkPlan.objects.get(pk=plan.pk).status == WorkPlan.Status.DRAFT  # asking is not approving
    response = post(client, cast.chair, "plan-approve", pk=plan.pk)
    assert response.status_code == 302
    assert WorkPlan.objects.get(pk=plan.pk).symbol == "01/KH-BCĐA"


def test_plan_detail_shows_each_items_progress_from_its_directives(client, task_cast):
    cast = task_cast
    plan = approved(cast, items=3)
    first, second, _third = items_of(plan)
    soon = timezone.localdate() + datetime.timedelta(days=3)
    d1, d2, d3 = services.plan_item_directives_create(
        plan=plan,
        actor=cast.chair,
        rows=[row(first), row(first, deadline=soon), row(second)],
    )
    cast.to_status(d1, S.IN_PROGRESS)  # 30 %
    cast.to_status(d2, S.REPORTED_DONE)  # 100 %, before its deadline
    cast.to_status(d3, S.CANCELLED)

    response = get(client, cast.member, "plan-detail", pk=plan.pk)

    one, two, three = response.context["items"]
    assert (one.count, one.average_percent) == (2, 65)
    assert [(str(label), n) for label, n in one.statuses] == [
        (str(S.IN_PROGRESS.label), 1),
        (str(S.REPORTED_DONE.label), 1),
    ]
    assert dict(one.timeliness) == {Timeliness.ON_TIME: 1, Timeliness.DONE_ON_TIME: 1}
    assert [d.pk for d in one.directives] == [d2.pk, d1.pk]  # by deadline
    assert (two.count, two.average_percent, dict(two.timeliness)) == (1, None, {Timeliness.CANCELLED: 1})
    assert (three.count, three.directives) == (0, [])
    page = response.content.decode()
    for directive in (d1, d2, d3):
        assert directive.get_absolute_url() in page
    assert "tiến độ trung bình 65%" in page


def test_plan_detail_takes_as_many_queries_for_many_items_and_directives_as_for_one(client, cast):
    small = approved(cast, items=1, kind=WorkPlan.Kind.WORK)
    services.plan_item_directives_create(plan=small, actor=cast.chair, rows=[row(items_of(small)[0])])
    large = approved(cast, items=8, kind=WorkPlan.Kind.INSPECTION)
    services.plan_item_directives_create(
        plan=large, actor=cast.chair, rows=[row(item) for item in items_of(large) for _ in range(2)]
    )
    client.force_login(cast.member)

    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("tasks:plan-detail", kwargs={"pk": plan.pk})).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


# --- the one screen -----------------------------------------------------------------------------------


def one_screen_data(plan: WorkPlan) -> dict:
    """The form as shown, every item ticked with its defaults."""
    data = {}
    for item in items_of(plan):
        defaults = services.plan_item_directive_defaults(item)
        prefix = f"item-{item.pk}"
        values = {
            "include": "on",
            "title": defaults["title"],
            "lead_organization": str(defaults["lead_organization"].pk),
            "deadline": defaults["deadline"].isoformat(),
            "expected_result": defaults["expected_result"],
        }
        for name, value in values.items():
            data[f"{prefix}-{name}"] = value
    return data


def test_one_screen_is_pre_filled_from_the_items(client, cast):
    plan = approved(cast, items=2)

    response = get(client, cast.secretary, "plan-directives", pk=plan.pk)

    assert response.status_code == 200
    page = response.content.decode()
    first = items_of(plan)[0]
    assert f'name="item-{first.pk}-deadline" value="{NEXT_YEAR}-03-31"' in page
    assert f'<option value="{cast.org_a.pk}" selected>' in page
    assert "Nhiệm vụ số 1 của kế hoạch" in page


def test_one_screen_creates_every_ticked_row_and_ignores_the_others(client, cast):
    plan = approved(cast, items=3)

    third = items_of(plan)[2]
    data = one_screen_data(plan)
    del data[f"item-{third.pk}-include"]  # not ticked: what it holds, even a bad date, is ignored
    data[f"item-{third.pk}-deadline"] = "not a date"

    response = post(client, cast.standing, "plan-directives", data, pk=plan.pk)

    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert sorted(Directive.objects.values_list("plan_item__order", flat=True)) == [1, 2]


def test_one_screen_creates_nothing_and_keeps_what_was_typed_when_a_row_is_refused(client, cast):
    plan = approved(cast, items=2)
    second = items_of(plan)[1]
    data = one_screen_data(plan)
    data[f"item-{items_of(plan)[0].pk}-title"] = "Tiêu đề đã sửa"
    data[f"item-{second.pk}-deadline"] = "2001-01-01"

    response = post(client, cast.standing, "plan-directives", data, pk=plan.pk)

    assert response.status_code == 200
    assert not Directive.objects.exists()
    page = response.content.decode()
    assert "Có dòng cần sửa: chưa nhiệm vụ nào được giao." in page
    assert "Tiêu đề đã sửa" in page
    assert f'id="id_item-{second.pk}-deadline_error"' in page
    assert f'name="item-{second.pk}-deadline" value="2001-01-01"' in page


def test_one_screen_of_a_draft_plan_is_refused(client, cast):
    plan = draft(cast)
    assert get(client, cast.chair, "plan-directives", pk=plan.pk).status_code == 403
    assert get(client, cast.member, "plan-directives", pk=plan.pk).status_code == 404
    approved_plan = approved(cast, kind=WorkPlan.Kind.INSPECTION)
    assert get(client, cast.member, "plan-directives", pk=approved_plan.pk).status_code == 403


def test_pages_speak_vietnamese(client, cast):
    plan = approved(cast)
    page = get(client, cast.member, "plan-detail", pk=plan.pk).content.decode()
    assert "Cơ quan chủ trì" in page and "Thời gian thực hiện" in page and "Kế hoạch công tác" in page
    assert "Owner agency" not in page and "Target quarter" not in page
    assert f"Quý I/{NEXT_YEAR}" in page


def test_one_screen_with_nothing_ticked_says_so_and_creates_nothing(client, cast):
    plan = approved(cast, items=2)
    data = {key: value for key, value in one_screen_data(plan).items() if not key.endswith("-include")}

    response = post(client, cast.secretary, "plan-directives", data, pk=plan.pk)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy chọn ít nhất một nội dung để giao nhiệm vụ." in page
    assert "Có dòng cần sửa" not in page
    assert not Directive.objects.exists()


def test_one_screen_leaves_unticked_the_items_that_already_have_directives(client, cast):
    plan = approved(cast, items=2)
    first, second = items_of(plan)
    services.plan_item_directives_create(plan=plan, actor=cast.chair, rows=[row(first)])

    response = get(client, cast.chair, "plan-directives", pk=plan.pk)

    forms = {form.item.pk: form for _entry, form in response.context["rows"]}
    assert forms[first.pk].initial["include"] is False
    assert forms[second.pk].initial["include"] is True
    # A second directive of the same item, ticked again by hand, is allowed.
    data = one_screen_data(plan)
    del data[f"item-{second.pk}-include"]
    post(client, cast.chair, "plan-directives", data, pk=plan.pk)
    assert Directive.objects.filter(plan_item=first).count() == 2
