"""Checks on uploaded papers (meetings/uploads.py): size, and type by content, not only by name.
Every file here is built in memory and is real of its kind (Pillow comes with WeasyPrint)."""

import io
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from meetings import services
from meetings.models import Invitation, Meeting, Paper
from meetings.uploads import ALLOWED_TYPES, MAX_UPLOAD_BYTES, MAX_ZIP_ENTRIES, validate_upload
from tests.meetings.factories import TINY_PDF

ONLY_THESE_TYPES = (
    "Only these files are accepted: %(extensions)s. "
    "Save an older .doc, .xls or .ppt file in the newer format first."
)
ACCEPTED = ".pdf, .docx, .xlsx, .pptx, .odt, .ods, .png, .jpg, .jpeg"
NOT_REAL = "The content of “%(name)s” does not match its type: it is not a real .%(ext)s file."


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def ooxml(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
        )
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def opendocument(mimetype: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED
        )  # first, uncompressed
        z.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        )
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return out.getvalue()


DOCX = ooxml({"word/document.xml": "<w:document/>"})
XLSX = ooxml({"xl/workbook.xml": "<workbook/>"})
PPTX = ooxml({"ppt/presentation.xml": "<p:presentation/>"})
ODT = opendocument(ALLOWED_TYPES["odt"])
ODS = opendocument(ALLOWED_TYPES["ods"])
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("bao-cao.pdf", TINY_PDF, "application/pdf"),
        ("so-do.png", image("PNG"), "image/png"),
        ("anh.jpg", image("JPEG"), "image/jpeg"),
        ("anh.JPEG", image("JPEG"), "image/jpeg"),
        ("du-thao.docx", DOCX, ALLOWED_TYPES["docx"]),
        ("so-lieu.xlsx", XLSX, ALLOWED_TYPES["xlsx"]),
        ("trinh-chieu.pptx", PPTX, ALLOWED_TYPES["pptx"]),
        ("van-ban.odt", ODT, ALLOWED_TYPES["odt"]),
        ("bang-tinh.ods", ODS, ALLOWED_TYPES["ods"]),
    ],
)
def test_validate_upload_returns_the_mime_type_when_the_file_is_real_of_its_kind(name, content, mime):
    f = upload(name, content)
    assert validate_upload(f) == mime
    assert f.tell() == 0  # left ready to be stored


@pytest.mark.parametrize(
    ("name", "content", "ext"),
    [
        ("bao-cao.pdf", EXE, "pdf"),  # a program renamed .pdf
        ("du-thao.docx", ooxml({"docProps/app.xml": "<Properties/>"}), "docx"),  # no word/ part
        ("so-lieu.xlsx", DOCX, "xlsx"),  # a Word file named as Excel
        ("van-ban.odt", ODS, "odt"),  # a spreadsheet named as text
        ("van-ban.odt", opendocument("application/x-evil"), "odt"),
        ("anh.png", image("JPEG"), "png"),
        ("hong.docx", b"PK\x03\x04 not really a zip", "docx"),
    ],
)
def test_validate_upload_is_refused_when_the_content_does_not_match_the_name(name, content, ext):
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload(name, content))
    assert exc.value.messages == [_(NOT_REAL) % {"name": name, "ext": ext}]


@pytest.mark.parametrize("name", ["ghi-chu.txt", "chuong-trinh.exe", "khong-duoi", "trang.html"])
def test_validate_upload_is_refused_when_the_extension_is_not_accepted(name):
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload(name, b"Noi dung van ban"))
    assert exc.value.messages == [_(ONLY_THESE_TYPES) % {"extensions": ACCEPTED}]


@pytest.mark.parametrize("name", ["cong-van.doc", "so-lieu.xls", "bai.ppt"])
def test_validate_upload_refusal_names_the_accepted_extensions_not_word_excel_powerpoint(name):
    """A .doc is a Word file: a message naming "Word" would say it is accepted."""
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload(name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy office file"))
    assert exc.value.messages == [_(ONLY_THESE_TYPES) % {"extensions": ACCEPTED}]
    assert all(f".{ext}" in exc.value.messages[0] for ext in ALLOWED_TYPES)


def test_validate_upload_is_refused_with_the_size_when_one_byte_over_25_mb():
    f = upload("lon.pdf", TINY_PDF)
    f.size = MAX_UPLOAD_BYTES + 1  # the check reads the size the upload handler reports
    with pytest.raises(ValidationError) as exc:
        validate_upload(f)
    assert exc.value.messages == [_("The file is %(size)s MB; the limit is 25 MB.") % {"size": 25.0}]


def test_validate_upload_is_refused_when_a_real_file_on_disk_is_over_25_mb(tmp_path):
    path = tmp_path / "lon.pdf"
    with path.open("wb") as f:
        f.write(TINY_PDF)
        f.truncate(MAX_UPLOAD_BYTES + 1)  # sparse: no 25 MB in memory
    with path.open("rb") as f:
        with pytest.raises(ValidationError) as exc:
            validate_upload(UploadedFile(f, name="lon.pdf", size=path.stat().st_size))
    assert exc.value.messages == [_("The file is %(size)s MB; the limit is 25 MB.") % {"size": 25.0}]


def test_validate_upload_accepts_the_file_when_exactly_25_mb():
    f = upload("vua.pdf", TINY_PDF)
    f.size = MAX_UPLOAD_BYTES
    assert validate_upload(f) == "application/pdf"


# --- storing papers --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_paper_add_stores_the_file_privately_when_accepted(meeting_cast):
    paper = services.paper_add(
        meeting=meeting_cast.meeting, actor=meeting_cast.secretary, upload=upload("bao-cao.pdf", TINY_PDF)
    )
    assert (paper.content_type, paper.size, paper.original_name) == (
        "application/pdf",
        len(TINY_PDF),
        "bao-cao.pdf",
    )
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / paper.file.name
    assert stored.read_bytes() == TINY_PDF


@pytest.mark.django_db
def test_paper_add_stores_nothing_when_the_content_is_not_real(meeting_cast):
    with pytest.raises(ValidationError):
        services.paper_add(
            meeting=meeting_cast.meeting, actor=meeting_cast.secretary, upload=upload("bao-cao.pdf", EXE)
        )
    assert not Paper.objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))


def test_private_storage_follows_private_media_root_when_the_setting_changes(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"
    for model, name in ((Paper, "file"), (Invitation, "written_opinion_file")):
        assert model._meta.get_field(name).storage.location == str(tmp_path / "elsewhere")


# --- archives built to expand (zip bombs) ---------------------------------------------------------

GIB = 1024 * 1024 * 1024
MB = 1024 * 1024


def odt_bomb(path: Path, *, expands_to: int, declared_size: int) -> None:
    """Write an .odt whose only entry, `mimetype`, is a deflate stream of `expands_to` zero bytes,
    streamed a block at a time: a megabyte of zeros deflated from a reset dictionary is always the
    same ~1 KB, so 2 GiB of content takes 2 MB of file and no time to build. `declared_size` is
    what the zip directory claims the entry expands to (the truth, or a lie). The CRC is left 0:
    a reader finds it wrong only after expanding everything, which is what must never happen."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    name = b"mimetype"
    compressed_size = len(block) * (expands_to // MB) + len(final)
    with path.open("wb") as f:
        f.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, 0, compressed_size, declared_size, len(name), 0
            )
        )
        f.write(name)
        for _ in range(expands_to // MB):
            f.write(block)
        f.write(final)
        directory_at = f.tell()
        f.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                0,
                compressed_size,
                declared_size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                0,
            )
        )
        f.write(name)
        directory_size = f.tell() - directory_at
        f.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, directory_size, directory_at, 0))


@pytest.mark.parametrize(
    "declared_size",
    [2 * GIB, len(ALLOWED_TYPES["odt"])],
    ids=["directory-tells-the-truth", "directory-lies"],
)
def test_validate_upload_refuses_an_odt_that_expands_to_gigabytes_without_expanding_it(
    tmp_path, declared_size
):
    path = tmp_path / "bom.odt"
    odt_bomb(path, expands_to=2 * GIB, declared_size=declared_size)
    assert path.stat().st_size < 3 * MB
    with path.open("rb") as f:
        tracemalloc.start()
        try:
            with pytest.raises(ValidationError) as exc:
                validate_upload(UploadedFile(f, name="bom.odt", size=path.stat().st_size))
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert exc.value.messages == [_(NOT_REAL) % {"name": "bom.odt", "ext": "odt"}]
    assert peak < 50 * MB


def test_validate_upload_refuses_an_odt_whose_mimetype_entry_is_compressed_with_bzip2():
    """zipfile bounds each deflate step but not a bzip2 one: only stored or deflated is read."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", ALLOWED_TYPES["odt"], compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload("van-ban.odt", out.getvalue()))
    assert exc.value.messages == [_(NOT_REAL) % {"name": "van-ban.odt", "ext": "odt"}]


def test_validate_upload_refuses_a_docx_whose_directory_lists_too_many_entries():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for n in range(MAX_ZIP_ENTRIES):
            z.writestr(f"word/p{n}.xml", "")
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload("du-thao.docx", out.getvalue()))
    assert exc.value.messages == [_(NOT_REAL) % {"name": "du-thao.docx", "ext": "docx"}]


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["paper", "written-opinion"])
def test_an_odt_that_expands_to_gigabytes_is_refused_and_not_stored_when_uploaded_as_paper_or_opinion(
    meeting_cast, tmp_path, where
):
    path = tmp_path / "bom.odt"
    odt_bomb(path, expands_to=2 * GIB, declared_size=len(ALLOWED_TYPES["odt"]))
    mc = meeting_cast
    with path.open("rb") as f, pytest.raises(ValidationError) as exc:
        bomb = UploadedFile(f, name="bom.odt", size=path.stat().st_size)
        if where == "paper":
            services.paper_add(meeting=mc.meeting, actor=mc.secretary, upload=bomb)
        else:
            convened = mc.to_state(mc.new_meeting(), Meeting.Status.CONVENED)
            services.invitation_respond(
                invitation=mc.invitation(convened, mc.member),
                actor=mc.member,
                response=Invitation.Response.SUBSTITUTE,
                substitute_name="Phạm Văn Thế",
                written_opinion_file=bomb,
            )
    assert exc.value.messages == [_(NOT_REAL) % {"name": "bom.odt", "ext": "odt"}]
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.odt"))
