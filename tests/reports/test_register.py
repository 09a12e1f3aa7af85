"""The register of issued documents (Điều 7.10): every numbered document of a committee with its
symbol, date, signer and archived copy's hash; filters; the CSV/XLSX copy has the page's rows; a
fixed number of queries however many documents; 404 for whoever holds no role there."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings import services as meeting_services
from meetings.models import InvitationLetter, Meeting, Minutes, Notice, SignedDocument
from reports.register import register_rows
from tasks import services as task_services
from tasks.models import PlanDocument, WorkPlan

pytestmark = pytest.mark.django_db

S = Meeting.Status
SHA_NOTICE = "a" * 64
SHA_PLAN = "b" * 64


def approved_plan(cast) -> WorkPlan:
    plan = task_services.plan_create(
        committee=cast.committee,
        actor=cast.standing,
        kind=WorkPlan.Kind.WORK,
        year=timezone.localdate().year + 1,
        introduction="Cụ thể hóa các nhiệm vụ.",
    )
    task_services.plan_item_add(
        plan=plan,
        actor=cast.standing,
        content="Nhiệm vụ số 1",
        owner_organization=cast.org_a,
        target_quarter=1,
        expected_result="Kết quả",
    )
    task_services.plan_approve(plan=plan, actor=cast.chair)
    return WorkPlan.objects.select_related("committee").get(pk=plan.pk)


@pytest.fixture
def documents(task_cast):
    """Committee A: one meeting to its notice (GM, BB, TB), an approved plan (KH); the notice and
    the plan archived; committee B: a convened meeting (its own GM)."""
    meeting = task_cast.meeting_in(S.NOTICE_ISSUED)
    notice = Notice.objects.get(meeting=meeting)
    SignedDocument.objects.get_or_create(
        kind=SignedDocument.Kind.NOTICE,
        notice=notice,
        defaults={
            "meeting": meeting,
            "file": ContentFile(b"%PDF-1.7", name="tb.pdf"),
            "sha256": SHA_NOTICE,
            "size": 8,
        },
    )
    SignedDocument.objects.filter(notice=notice).update(sha256=SHA_NOTICE)
    plan = approved_plan(task_cast)
    PlanDocument.objects.update_or_create(
        plan=plan,
        defaults={"file": ContentFile(b"%PDF-1.7", name="kh.pdf"), "sha256": SHA_PLAN, "size": 8},
    )
    meeting_services.meeting_convene(meeting=task_cast.other_extended, actor=task_cast.other_chair)
    return {
        "meeting": meeting,
        "letter": InvitationLetter.objects.get(meeting=meeting),
        "minutes": Minutes.objects.get(meeting=meeting, addendum_to__isnull=True),
        "notice": notice,
        "plan": plan,
    }


def page_rows(client, user, committee, **params):
    client.force_login(user)
    response = client.get(reverse("reports:register", kwargs={"committee_pk": committee.pk}), params)
    assert response.status_code == 200
    return response, response.context["rows"]


def test_each_type_with_its_symbol_date_signer_and_hash(client, task_cast, documents):
    response, rows = page_rows(client, task_cast.member, task_cast.committee)
    by_type = {row.doc_type: row for row in rows}
    assert set(by_type) == {"GM", "BB", "TB", "KH"}
    letter, minutes, notice, plan = (documents[k] for k in ("letter", "minutes", "notice", "plan"))
    assert by_type["GM"].symbol == letter.symbol and letter.symbol.endswith("/GM-BCĐA")
    assert by_type["BB"].symbol == minutes.symbol and minutes.symbol.endswith("/BB-BCĐA")
    assert by_type["TB"].symbol == notice.symbol and by_type["TB"].sha256 == SHA_NOTICE
    assert by_type["KH"].symbol == plan.symbol and by_type["KH"].sha256 == SHA_PLAN
    assert by_type["TB"].signer == str(task_cast.chair)
    html = response.content.decode()
    for row in rows:
        assert row.symbol in html
    # Dates dd/mm/yyyy, the day in Asia/Ho_Chi_Minh.
    assert timezone.localtime(notice.signed_at).strftime("%d/%m/%Y") in html
    assert SHA_NOTICE in html and SHA_PLAN in html
    assert reverse("meetings:notice-pdf", kwargs={"pk": documents["meeting"].pk}) in html
    assert reverse("tasks:plan-pdf", kwargs={"pk": plan.pk}) in html
    # Newest first.
    assert [row.signed_at for row in rows] == sorted((row.signed_at for row in rows), reverse=True)
    # Committee B's letter is not in committee A's register.
    assert not any(row.symbol.endswith("BCĐB") for row in rows)


def test_a_late_evening_signature_is_dated_in_vietnam(task_cast, documents):
    notice = documents["notice"]
    # 18:30 UTC is 01:30 the next day in Hà Nội.
    utc = datetime.datetime(2026, 3, 31, 18, 30, tzinfo=datetime.UTC)
    Notice.objects.filter(pk=notice.pk).update(signed_at=utc)
    row = next(r for r in register_rows(task_cast.committee.pk) if r.doc_type == "TB")
    assert row.date == datetime.date(2026, 4, 1)


def test_filters_by_type_and_year(client, task_cast, documents):
    _response, rows = page_rows(client, task_cast.member, task_cast.committee, doc_type="TB")
    assert [row.doc_type for row in rows] == ["TB"]
    plan_year = documents["plan"].number_year
    notice_year = documents["notice"].year
    _response, rows = page_rows(client, task_cast.member, task_cast.committee, year=notice_year)
    assert rows and all(row.year == notice_year for row in rows)
    _response, rows = page_rows(client, task_cast.member, task_cast.committee, year=1999)
    # A year with no document is not offered: the form says so and shows every year.
    assert {row.doc_type for row in rows} == {"GM", "BB", "TB", "KH"}
    assert plan_year in [y for y, _label in _response.context["form"].fields["year"].choices if y]


def test_exports_have_the_page_rows(client, task_cast, documents):
    _response, rows = page_rows(client, task_cast.secretary, task_cast.committee, doc_type="")
    url = reverse("reports:register-export", kwargs={"committee_pk": task_cast.committee.pk, "fmt": "csv"})
    body = client.get(url).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body)))
    assert [line[2] for line in lines[1:]] == [row.symbol for row in rows]
    assert [line[3] for line in lines[1:]] == [row.date.strftime("%d/%m/%Y") for row in rows]
    assert [line[6] for line in lines[1:]] == [row.sha256 for row in rows]
    url = reverse("reports:register-export", kwargs={"committee_pk": task_cast.committee.pk, "fmt": "xlsx"})
    response = client.get(url, {"doc_type": "KH"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(v[2], v[6]) for v in values] == [(documents["plan"].symbol, SHA_PLAN)]
    assert (
        client.get(reverse("reports:register-export", kwargs={"committee_pk": 1, "fmt": "pdf"})).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["outsider", "guest", "other_member", "admin"])
def test_404_for_whoever_holds_no_role_in_the_committee(client, task_cast, documents, who):
    client.force_login(getattr(task_cast, who))
    for name, kwargs in (("reports:register", {}), ("reports:register-export", {"fmt": "csv"})):
        url = reverse(name, kwargs={"committee_pk": task_cast.committee.pk, **kwargs})
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["chair", "deputy", "standing", "member", "member_b", "secretary", "focal"])
def test_every_role_reads_the_register(client, task_cast, documents, who):
    client.force_login(getattr(task_cast, who))
    assert (
        client.get(reverse("reports:register", kwargs={"committee_pk": task_cast.committee.pk})).status_code
        == 200
    )


def test_anonymous_is_sent_to_login(client, task_cast):
    response = client.get(reverse("reports:register", kwargs={"committee_pk": task_cast.committee.pk}))
    assert response.status_code == 302 and "login" in response["Location"]


def test_query_budget_does_not_grow_with_documents(
    client, task_cast, documents, django_assert_max_num_queries
):
    client.force_login(task_cast.member)
    url = reverse("reports:register", kwargs={"committee_pk": task_cast.committee.pk})
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for _n in range(4):
        task_cast.meeting_in(S.NOTICE_ISSUED)
        approved_plan(task_cast)
    assert len(register_rows(task_cast.committee.pk)) >= 4 * 4 + 4
    client.force_login(task_cast.member)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) >= 20


def test_unreadable_filters_are_said_and_fall_back_to_everything(client, task_cast, documents):
    response, rows = page_rows(client, task_cast.member, task_cast.committee, year="abc", doc_type="ZZ")
    assert {row.doc_type for row in rows} == {"GM", "BB", "TB", "KH"}
    form = response.context["form"]
    assert set(form.errors) == {"year", "doc_type"}
    big = reverse("reports:register", kwargs={"committee_pk": 2**63})
    assert client.get(big).status_code == 404
