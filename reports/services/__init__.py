"""The reports app's writes: the quarterly report (quarterly.py)."""

from .quarterly import (
    NARRATIVE_FIELDS,
    NARRATIVE_MAX_LENGTH,
    allowed_quarters,
    default_report_title,
    report_approve,
    report_create,
    report_refresh,
    report_return,
    report_submit,
    report_update,
)

__all__ = [
    "NARRATIVE_FIELDS",
    "NARRATIVE_MAX_LENGTH",
    "allowed_quarters",
    "default_report_title",
    "report_approve",
    "report_create",
    "report_refresh",
    "report_return",
    "report_submit",
    "report_update",
]
