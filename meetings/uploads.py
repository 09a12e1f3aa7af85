"""Checks on uploaded papers: size, and type by content (not only by name)."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 25 * 1024 * 1024

# extension → MIME type served on download
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def _sniff_zip(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                for ext in ("odt", "ods"):
                    if mimetype == ALLOWED_TYPES[ext]:
                        return ext
                return None
            if "[Content_Types].xml" in names:
                for ext, prefix in _OOXML_PART.items():
                    if any(n.startswith(prefix) for n in names):
                        return ext
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def detect_type(upload: UploadedFile) -> str | None:
    """The file's real type by its content: pdf, docx, xlsx, pptx, odt, ods, png, jpg or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(upload)
    return None


def validate_upload(upload: UploadedFile) -> str:
    """Return the MIME type to store, or raise a ValidationError that says what is wrong."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is 25 MB.") % {"size": round(upload.size / 1024 / 1024, 1)}
        )
    name_ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if name_ext not in ALLOWED_TYPES:
        raise ValidationError(
            _(
                "Only these files are accepted: %(extensions)s. Save an older .doc, .xls or .ppt file in the newer format first."
            )
            % {"extensions": ", ".join(f".{ext}" for ext in ALLOWED_TYPES)}
        )
    real = detect_type(upload)
    if real == "jpg" and name_ext == "jpeg":
        real = "jpeg"
    if real != name_ext:
        raise ValidationError(
            _("The content of “%(name)s” does not match its type: it is not a real .%(ext)s file.")
            % {"name": upload.name, "ext": name_ext}
        )
    return ALLOWED_TYPES[real]
