"""The askers' copies of the agencies' reports: one ZIP (each agency's text as a .txt and its
files, in a folder per agency) and the compiled text (every agency's report in order, with
headings, for print). The ZIP is written to a spooled temporary file: a few megabytes in memory
at most, the rest on disk, whatever the size of the files."""

from __future__ import annotations

import tempfile
import zipfile
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from tasks.exports import ascii_slug

from .models import AgencyReportRequest, AgencySubmission

#: Above this the ZIP being written moves from memory to a temporary file.
SPOOL_BYTES = 4 * 1024 * 1024
CHUNK = 1024 * 1024


def safe_name(name: str, fallback: str = "tep") -> str:
    """A file name with no folder, no control character and an ASCII stem: "../Báo cáo?.pdf" →
    "bao-cao.pdf" (the extension is kept when it is plain)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ext = "".join(c for c in ext.lower() if c.isascii() and c.isalnum())[:10]
    stem = ascii_slug(stem)[:80] if stem.strip() else fallback
    if stem == "export":
        stem = fallback
    return f"{stem}.{ext}" if ext else stem


def submission_text(request: AgencyReportRequest, submission: AgencySubmission) -> str:
    """One agency's report as plain text: who sent it when, its text, then each question and answer."""
    sent = timezone.localtime(submission.updated_at).strftime("%d/%m/%Y %H:%M")
    lines = [
        request.title,
        submission.organization.name,
        _("Sent by %(person)s, last changed on %(when)s")
        % {"person": submission.updated_by.full_name or submission.updated_by.username, "when": sent},
        "",
    ]
    if submission.text:
        lines += [submission.text, ""]
    for number, (question, answer) in enumerate(zip(request.questions, submission.answers, strict=False), 1):
        lines += [f"{number}. {question}", answer or "—", ""]
    return "\r\n".join(lines)


def request_zip(request: AgencyReportRequest, submissions: list[AgencySubmission]) -> IO[bytes]:
    """The ZIP of every report sent, rewound: `<agency>/bao-cao.txt` and its files (a number
    added to a name met twice). A stored file that has vanished is left out."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - the response closes it
    used: set[str] = set()
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for submission in submissions:
            folder = _unique(
                ascii_slug(submission.organization.short_code or submission.organization.name), used
            )
            archive.writestr(f"{folder}/bao-cao.txt", submission_text(request, submission).encode("utf-8"))
            names: set[str] = {"bao-cao.txt"}
            for stored in submission.files.all():
                name = _unique(safe_name(stored.original_name), names)
                try:
                    with stored.file.open("rb") as source, archive.open(f"{folder}/{name}", "w") as target:
                        while chunk := source.read(CHUNK):
                            target.write(chunk)
                except FileNotFoundError:
                    continue
    spool.seek(0)
    return spool


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name, 1
    stem, dot, ext = name.rpartition(".")
    while candidate in used:
        number += 1
        candidate = f"{stem}-{number}.{ext}" if dot else f"{name}-{number}"
    used.add(candidate)
    return candidate


def zip_filename(request: AgencyReportRequest) -> str:
    return f"bao-cao-cac-co-quan-{request.pk}-{ascii_slug(request.title)[:60]}.zip"
