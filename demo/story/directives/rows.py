"""Shared by the directives' tables: the agencies' names and an evidence paper's row."""

from __future__ import annotations

import datetime

from tasks.models import Directive

from ...follow_up import (
    Attachment,
)
from ...people import ORGANIZATIONS

AGENCY = {code: name for code, name, _kind in ORGANIZATIONS}
HIGH = Directive.Priority.HIGH


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _doc(filename: str, title: str, code: str, symbol: str, *paragraphs: str) -> Attachment:
    return Attachment(
        filename=filename, title=title, agency=AGENCY[code], symbol=symbol, paragraphs=paragraphs
    )
