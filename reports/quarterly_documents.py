"""The quarterly report as an official document (báo cáo, Mẫu 1.4 of Decree 30/2020/NĐ-CP): its
PDF from documents/rendering/report.py with its tables and the scoreboard chart, and the PDF/A copy
archived once it is approved (like tasks/plans_documents.py for plans).

INTERFACE ONLY until the quarterly-report document work lands in this session; the names and
signatures below are the contract the views and services use."""

from __future__ import annotations

from .models import QuarterlyReport, QuarterlyReportDocument


def report_pdf(report: QuarterlyReport, *, pdf_variant: str | None = None) -> bytes:
    """The report's PDF as it stands (a draft shows "DỰ THẢO"; an approved one its number)."""
    raise NotImplementedError


def report_filename(report: QuarterlyReport) -> str:
    """The download's name: "03-BC-BCDCQDT.pdf" once approved, "du-thao-bao-cao-quy-3-2026.pdf" before."""
    raise NotImplementedError


def report_document_get(report: QuarterlyReport) -> QuarterlyReportDocument | None:
    raise NotImplementedError


def report_document_archive(*, report: QuarterlyReport) -> QuarterlyReportDocument:
    raise NotImplementedError


def report_document_get_or_archive(report: QuarterlyReport) -> QuarterlyReportDocument:
    raise NotImplementedError
