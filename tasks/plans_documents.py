"""The annual plan as an official document (kế hoạch, Mẫu 1.4 of Decree 30/2020/NĐ-CP, Appendix
III): its data built from the records, its PDF, and the PDF/A copy archived once it is approved.

Header (the committee's parent body and name, the national motto, "Số: NN/KH-<code>", place and
date), "KẾ HOẠCH" and its summary line, the purpose, the items as a table (STT, nội dung, cơ quan
chủ trì, thời gian thực hiện, kết quả dự kiến), how it is carried out ending "./.", the signature
(TRƯỞNG BAN, or KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN) and Nơi nhận. A draft prints "DỰ THẢO" on every
page and leaves the number and the day blank; the approved plan is rendered once as PDF/A and
served from the stored file ever after (documents.ArchivedDocument).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents import services as document_services
from documents.rendering import ARCHIVAL_VARIANT, render_pdf
from documents.rendering.context import (
    DocumentContext,
    Signature,
    build_header,
    caps,
    committee_signature,
    dated_line,
    number_line,
    summary,
)
from documents.rendering.report import roman
from documents.selectors import ascii_name
from members.models import RoleAssignment

from .models import DirectiveError, PlanDocument, WorkPlan, WorkPlanItem

PLAN_TEMPLATE = "documents/plan.html"
DOC_TYPE_NAME = "KẾ HOẠCH"

#: What the parts of each kind of plan are called (Appendix I, table V row 6b: caps, bold).
PURPOSE_TITLE = "Mục đích, yêu cầu"
ITEMS_TITLES = {WorkPlan.Kind.WORK: "Nội dung, nhiệm vụ", WorkPlan.Kind.INSPECTION: "Nội dung kiểm tra"}
CARRYING_OUT_TITLE = "Tổ chức thực hiện"


@dataclass(frozen=True)
class PlanRow:
    """One row of the items' table."""

    order: int
    content: str
    owner: str
    period: str  # "Quý I/2027"
    expected_result: str = ""


@dataclass(frozen=True)
class PlanPart:
    """A part "I. TITLE" of the plan: paragraphs, and the items' table in the part that has it."""

    label: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    rows: list[PlanRow] = field(default_factory=list)


def quarter_period(quarter: int, year: int) -> str:
    """ "Quý I/2027" … "Quý IV/2027"."""
    return f"Quý {roman(quarter)}/{year}"


def plan_summary(plan: WorkPlan) -> str:
    """The summary line under "KẾ HOẠCH": the title without its leading "Kế hoạch" ("Kế hoạch công
    tác năm 2027" → "Công tác năm 2027"), since the type name already says it."""
    title = " ".join(plan.title.split())
    if title.casefold().startswith("kế hoạch "):
        title = title[len("kế hoạch ") :]
    return title[:1].upper() + title[1:]


def plan_items(plan: WorkPlan) -> list[WorkPlanItem]:
    return list(plan.items.select_related("owner_organization").order_by("order", "pk"))


def plan_recipients(plan: WorkPlan, items: list[WorkPlanItem]) -> list[str]:
    """Nơi nhận: the committee's members, each owner agency once (in the items' order), the archive."""
    owners: list[str] = []
    for item in items:
        name = str(item.owner_organization)
        if name not in owners:
            owners.append(name)
    return [f"Thành viên {plan.committee.name}", *owners, "Lưu: VT, Tổ giúp việc"]


def _carrying_out(plan: WorkPlan) -> list[str]:
    committee = plan.committee.name
    if plan.kind == WorkPlan.Kind.INSPECTION:
        first = (
            "Các cơ quan, đơn vị được kiểm tra chuẩn bị báo cáo, hồ sơ, tài liệu theo nội dung kiểm tra; "
            "bố trí thành phần làm việc với đoàn kiểm tra theo thời gian nêu tại Kế hoạch này."
        )
    else:
        first = (
            "Các cơ quan được giao chủ trì chủ động triển khai các nhiệm vụ bảo đảm chất lượng, đúng "
            f"thời gian; định kỳ hằng quý báo cáo kết quả thực hiện về {committee} (qua Tổ giúp việc)."
        )
    return [
        first,
        "Tổ giúp việc theo dõi, đôn đốc, tổng hợp tình hình thực hiện Kế hoạch, báo cáo Trưởng Ban "
        "chỉ đạo theo quy định./.",
    ]


def _draft_signature(plan: WorkPlan) -> Signature:
    """Before approval the chair in office is expected to sign (their name, TRƯỞNG BAN)."""
    assignment = (
        RoleAssignment.objects.in_force(timezone.localdate())
        .filter(committee_id=plan.committee_id, role=RoleAssignment.Role.CHAIR)
        .select_related("user")
        .order_by("start_date", "pk")
        .first()
    )
    if assignment is None:
        return Signature(lines=["TRƯỞNG BAN"], name="")
    return committee_signature(committee=plan.committee, signed_as="chair", user=assignment.user)


def plan_context(plan: WorkPlan) -> dict:
    """The template context of the plan (DocumentContext.as_dict(), kind "plan"), in Vietnamese
    whatever the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        committee = plan.committee
        items = plan_items(plan)
        approved = plan.status == WorkPlan.Status.APPROVED
        if approved:
            dated = dated_line(committee.place_name, timezone.localdate(plan.approved_at))
            signature = committee_signature(
                committee=committee, signed_as=plan.signed_as, user=plan.approved_by
            )
        else:
            # A draft is dated and numbered when it is approved (Art. 15.2): blanks until then.
            blank = "\u00a0" * 6
            dated = f"{committee.place_name}, ngày{blank}tháng{blank}năm {timezone.localdate().year}"
            signature = _draft_signature(plan)
        purpose = [" ".join(line.split()) for line in plan.introduction.splitlines() if line.strip()]
        sections = []
        if purpose:
            sections.append((PURPOSE_TITLE, purpose, []))
        rows = [
            PlanRow(
                order=i,
                content=item.content,
                owner=str(item.owner_organization),
                period=quarter_period(item.target_quarter, plan.year),
                expected_result=item.expected_result,
            )
            for i, item in enumerate(items, start=1)
        ]
        sections.append((ITEMS_TITLES[WorkPlan.Kind(plan.kind)], [], rows))
        sections.append((CARRYING_OUT_TITLE, _carrying_out(plan), []))
        parts = [
            PlanPart(label=f"{roman(i)}.", title=caps(title), paragraphs=paragraphs, rows=rows)
            for i, (title, paragraphs, rows) in enumerate(sections, start=1)
        ]
        return DocumentContext(
            kind="plan",
            title=f"Kế hoạch {plan.symbol}" if approved else plan.title,
            header=build_header(
                parent_body=committee.parent_body,
                body_name=committee.name,
                number_line=number_line(
                    plan.number if approved else None, WorkPlan.DOC_TYPE, committee.short_code
                ),
                dated=dated,
            ),
            doc_type=DOC_TYPE_NAME,
            summary_lines=summary(plan_summary(plan)),
            recipients=plan_recipients(plan, items),
            extra={"parts": parts, "signature": signature},
        ).as_dict()


# --- reads ------------------------------------------------------------------------------------------


def plan_for_document(plan_id: int) -> WorkPlan:
    return WorkPlan.objects.select_related("committee", "approved_by").get(pk=plan_id)


def plan_pdf(plan: WorkPlan, *, pdf_variant: str | None = None) -> bytes:
    """The plan as PDF: a draft marked "DỰ THẢO" on every page (never stored), or the approved one."""
    return render_pdf(
        PLAN_TEMPLATE,
        plan_context(plan),
        draft=plan.status != WorkPlan.Status.APPROVED,
        pdf_variant=pdf_variant,
    )


def plan_filename(plan: WorkPlan) -> str:
    """ "KH-03-2026-BCDCQDT.pdf" (number, year of the register, issuer, ASCII only); a draft
    "DU-THAO-KH-CONG-TAC-2027-BCDCQDT.pdf" (or KIEM-TRA for an inspection plan)."""
    code = ascii_name(plan.committee.short_code)
    if plan.status == WorkPlan.Status.APPROVED:
        return f"{WorkPlan.DOC_TYPE}-{plan.number:02d}-{plan.number_year}-{code}.pdf"
    kind = "KIEM-TRA" if plan.kind == WorkPlan.Kind.INSPECTION else "CONG-TAC"
    return f"DU-THAO-{WorkPlan.DOC_TYPE}-{kind}-{plan.year}-{code}.pdf"


def plan_document_get(plan: WorkPlan) -> PlanDocument | None:
    """The archived copy of the approved plan, or None before it is made."""
    return PlanDocument.objects.filter(plan_id=plan.pk).first()


# --- the archive ------------------------------------------------------------------------------------


@transaction.atomic
def plan_document_archive(*, plan: WorkPlan) -> PlanDocument:
    """Render the approved plan once as PDF/A and store it with its SHA-256 (Decree 30/2020, Art.
    15: the signed original is kept as issued). Idempotent: a second call, or a second worker,
    gets the stored copy."""
    # Locking the plan makes a concurrent archiver wait, then find the copy made here.
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != WorkPlan.Status.APPROVED:
        raise DirectiveError(_("Only an approved plan is archived."))
    existing = plan_document_get(plan)
    if existing is not None:
        return existing
    plan = plan_for_document(plan.pk)
    return document_services.archived_document_store(
        PlanDocument(plan=plan),
        pdf=plan_pdf(plan, pdf_variant=ARCHIVAL_VARIANT),
        filename=plan_filename(plan),
        reason="archived at approval",
        stored_first=lambda: plan_document_get(plan),
    )


def plan_document_get_or_archive(plan: WorkPlan) -> PlanDocument:
    """The stored copy of the approved plan, made now if its job has not run yet: a plain read
    when it exists, so a download takes no lock."""
    return plan_document_get(plan) or plan_document_archive(plan=plan)
