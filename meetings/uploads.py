"""Checks on uploaded papers: size, and type by content (not only by name)."""

from __future__ import annotations

import io
import struct
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


# A zip is read by its directory before anything is decompressed: an archive built to expand to
# gigabytes (a "zip bomb") is refused by what its directory declares, and the one entry the check
# reads ("mimetype", 39 to 46 bytes in a real OpenDocument file) is read a few bytes at most, so a
# directory that lies about it costs no more.
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_DIRECTORY_BYTES = 2 * 1024 * 1024
MAX_ZIP_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a real office document's largest parts compress 5 to 50 times
ZIP_RATIO_CHECKED_FROM = 1024 * 1024  # small entries may compress any amount: they cannot hurt
MIMETYPE_READ_BYTES = 64
_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIGNATURE = b"PK\x05\x06"


def _zip_directory_is_small(upload: UploadedFile) -> bool:
    """Whether the end-of-directory record announces a directory small enough to parse (it is
    read from the file's last 64 KB, before zipfile builds an object per entry)."""
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    tail_start = max(size - (_EOCD.size + 0xFFFF), 0)
    upload.seek(tail_start)
    tail = upload.read(size - tail_start)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD.size:
        return False
    _sig, _disk, _cd_disk, _here, entries, directory_bytes, _offset, _comment = _EOCD.unpack_from(tail, at)
    # 0xFFFF / 0xFFFFFFFF mean "see the ZIP64 record": no office document of 25 MB needs one.
    return entries <= MAX_ZIP_ENTRIES and directory_bytes <= MAX_ZIP_DIRECTORY_BYTES


def _zip_declares_a_sane_expansion(archive: zipfile.ZipFile) -> bool:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size >= ZIP_RATIO_CHECKED_FROM and info.file_size > MAX_ZIP_RATIO * max(
            info.compress_size, 1
        ):
            return False
    return total <= MAX_ZIP_UNCOMPRESSED_BYTES


def _read_mimetype(archive: zipfile.ZipFile) -> str | None:
    info = archive.getinfo("mimetype")
    # Only stored or deflated: zipfile bounds each deflate step, not a bzip2 or LZMA one.
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    if info.file_size > MIMETYPE_READ_BYTES:
        return None
    with archive.open(info) as entry:
        head = entry.read(MIMETYPE_READ_BYTES)
    return head.decode("ascii", "replace").strip()


def _sniff_zip(upload: UploadedFile) -> str | None:
    try:
        if not _zip_directory_is_small(upload):
            return None
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            if not _zip_declares_a_sane_expansion(archive):
                return None
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = _read_mimetype(archive)
                for ext in ("odt", "ods"):
                    if mimetype == ALLOWED_TYPES[ext]:
                        return ext
                return None
            if "[Content_Types].xml" in names:
                for ext, prefix in _OOXML_PART.items():
                    if any(n.startswith(prefix) for n in names):
                        return ext
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        EOFError,
    ):
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression.
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
