"""The portal speaks Vietnamese by default, English on request, and its catalogue is complete.

The .mo files are build output (git-ignored, `make messages` compiles them); the fixture below
compiles a missing or stale one so this module also passes when pytest is run on its own.
"""

from __future__ import annotations

import ast
import os
import re
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
VI_PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
APPS = ["members", "documents", "meetings", "tasks", "reports", "demo", "steering"]

# Vietnamese for the labels the tests look for (must match the vi catalogue).
VI = {
    "My committees": "Ban chỉ đạo của tôi",
    "Log out": "Đăng xuất",
    "Log in": "Đăng nhập",
    "Username": "Tên đăng nhập",
    "Password": "Mật khẩu",
    "Composition": "Thành phần",
    "Steering committee portal": "Cổng thông tin Ban chỉ đạo",
}
ROLE_LABELS = {
    "Chair": "Trưởng ban",
    "Deputy chair": "Phó Trưởng ban",
    "Standing member": "Ủy viên thường trực",
    "Member": "Ủy viên",
    "Support group leader": "Tổ trưởng Tổ giúp việc",
    "Support group member": "Thành viên Tổ giúp việc",
    "Focal officer": "Cán bộ đầu mối",
}


def _reset_translation_caches() -> None:
    from asgiref.local import Local
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues():
    """Compile locale/*/django.po to .mo when the .mo is missing or older (like `make messages`)."""
    compiled = False
    for po_path in (VI_PO, EN_PO):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            fd, tmp = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
            os.close(fd)
            polib.pofile(str(po_path)).save_as_mofile(tmp)
            os.replace(tmp, mo_path)  # atomic: parallel workers never read half a file
            compiled = True
    if compiled:
        _reset_translation_caches()
    yield


@pytest.fixture(scope="module")
def vi_catalogue() -> polib.POFile:
    return polib.pofile(str(VI_PO))


# --- The catalogue itself -------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|%%|\{\w*\}")


def _placeholders(text: str) -> Counter:
    return Counter(m.group(0) for m in PLACEHOLDER.finditer(text))


def test_vi_catalogue_is_complete_and_not_fuzzy(vi_catalogue):
    assert vi_catalogue.metadata["Language"] == "vi"
    assert vi_catalogue.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert not vi_catalogue.metadata_is_fuzzy, "header is still marked fuzzy"
    entries = [e for e in vi_catalogue if not e.obsolete]
    assert len(entries) > 100
    assert [e.msgid for e in entries if not e.translated()] == []
    assert [e.msgid for e in vi_catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in vi_catalogue.obsolete_entries()] == []
    assert vi_catalogue.percent_translated() == 100


def test_vi_translations_keep_placeholders(vi_catalogue):
    broken = []
    for e in vi_catalogue:
        if e.obsolete:
            continue
        if e.msgid_plural:
            for msgstr in e.msgstr_plural.values():
                if _placeholders(msgstr) != _placeholders(e.msgid_plural):
                    broken.append(e.msgid)
        elif _placeholders(e.msgstr) != _placeholders(e.msgid):
            broken.append(e.msgid)
    assert broken == []


def test_vi_translations_are_vietnamese(vi_catalogue):
    """A msgstr that merely copies the English msgid is not a translation (codes and examples aside)."""
    copied = [e.msgid for e in vi_catalogue if not e.obsolete and e.msgstr == e.msgid]
    assert copied == []
    assert vi_catalogue.find("My committees").msgstr == VI["My committees"]
    for english, vietnamese in ROLE_LABELS.items():
        assert vi_catalogue.find(english).msgstr == vietnamese


def test_en_catalogue_is_not_fuzzy():
    en = polib.pofile(str(EN_PO))
    assert en.metadata["Language"] == "en"
    assert not en.metadata_is_fuzzy
    assert [e.msgid for e in en.fuzzy_entries()] == []
    assert {e.msgid for e in en if not e.obsolete} == {
        e.msgid for e in polib.pofile(str(VI_PO)) if not e.obsolete
    }


# --- The catalogue covers the source (what makemessages would find) -------------------------------

TEMPLATE_TRANSLATE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"""
)
TEMPLATE_UNDERSCORE = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")
BLOCKTRANSLATE = re.compile(
    r"\{%\s*(?:blocktranslate|blocktrans)\b([^%]*)%\}(.*?)\{%\s*(?:endblocktranslate|endblocktrans)\s*%\}",
    re.DOTALL,
)
TEMPLATE_VAR = re.compile(r"\{\{\s*(\w+)\s*\}\}")
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy"}


def _template_files() -> list[Path]:
    files = list((ROOT / "templates").rglob("*.html"))
    for app in APPS:
        files += list((ROOT / app / "templates").rglob("*.html"))
    return files


def _template_msgids(text: str) -> set[str]:
    found = set()
    for regex in (TEMPLATE_TRANSLATE, TEMPLATE_UNDERSCORE):
        for m in regex.finditer(text):
            found.add(m.group(1) if m.group(1) is not None else m.group(2))
    for m in BLOCKTRANSLATE.finditer(text):
        options, body = m.group(1), m.group(2)
        if "{% plural" in body or "context" in options.split():
            continue  # not used in the portal; extend here if it ever is
        body = body.replace("%", "%%")
        body = TEMPLATE_VAR.sub(lambda v: f"%({v.group(1)})s", body)
        if "trimmed" in options.split():
            body = " ".join(line.strip() for line in body.strip().splitlines() if line.strip())
        found.add(body)
    return found


def _python_msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        )
        arg = node.args[0]
        if name in GETTEXT_NAMES and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.add(arg.value)
    return found


def _source_msgids() -> set[str]:
    found = set()
    for path in _template_files():
        found |= _template_msgids(path.read_text(encoding="utf-8"))
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            found |= _python_msgids(path)
    return found


def test_scanner_finds_the_marked_strings():
    found = _source_msgids()
    assert len(found) > 100
    assert {"My committees", "Chair", "Account temporarily locked", "Vietnamese"} <= found
    assert "Established by decision No. %(number)s of %(date)s" in found
    assert "%(person)s already holds this role in this committee for an overlapping term." in found
    assert "This committee already has a person in this role with an open term." in found


def test_every_marked_string_is_in_the_vi_catalogue(vi_catalogue):
    """Otherwise `makemessages` would add untranslated msgids: run it and translate them."""
    msgids = {e.msgid for e in vi_catalogue if not e.obsolete and e.translated()}
    assert sorted(_source_msgids() - msgids) == []


# --- Rendered pages -------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Text nodes and the attributes people (and screen readers) get, minus the language picker."""

    ATTRIBUTES = {"aria-label", "title", "data-label", "placeholder", "alt", "value"}

    def __init__(self) -> None:
        super().__init__()
        self.strings: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("option", "script", "style"):
            self._skip += 1  # language names are shown in their own language on purpose
        for key in self.ATTRIBUTES & attrs.keys():
            if attrs[key] and not (tag == "input" and attrs.get("type") == "hidden"):
                self.strings.add(attrs[key].strip())

    def handle_endtag(self, tag):
        if tag in ("option", "script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            for part in re.split(r"\s*[·:(),]\s*", data):
                if part.strip():
                    self.strings.add(" ".join(part.split()))


def _english_left_on(page: str, catalogue: polib.POFile) -> set[str]:
    parser = _VisibleText()
    parser.feed(page)
    english = {e.msgid for e in catalogue if not e.obsolete and e.msgstr != e.msgid}
    return parser.strings & english


def _role_labels(page: str) -> set[str]:
    return {" ".join(m.split()) for m in re.findall(r'class="role-label">([^<]*)<', page)}


def test_home_is_vietnamese_by_default(client, cast, vi_catalogue):
    client.force_login(cast.member)
    r = client.get("/")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'lang="vi"' in page
    assert VI["My committees"] in page
    assert VI["Log out"] in page
    assert VI["Steering committee portal"] in page
    assert "My committees" not in page
    assert "Log out" not in page
    assert _role_labels(page) == {"Ủy viên"}
    assert _english_left_on(page, vi_catalogue) == set()


def test_composition_page_shows_vietnamese_role_labels(client, cast, vi_catalogue):
    client.force_login(cast.member)
    r = client.get(reverse("members:committee-detail", kwargs={"pk": cast.committee.pk}))
    assert r.status_code == 200
    page = r.content.decode()
    assert 'lang="vi"' in page
    labels = _role_labels(page)
    assert {"Trưởng ban", "Phó Trưởng ban", "Ủy viên thường trực", "Ủy viên"} <= labels
    assert labels <= set(ROLE_LABELS.values())
    for english in ROLE_LABELS:
        assert f">{english}<" not in page
    assert "Standing member" not in page
    assert "Deputy chair" not in page
    assert "Chức danh" in page and "Cơ quan, đơn vị" in page and "Quyết định" in page
    assert "Thành lập theo Quyết định số 199/QĐ-UBND ngày 23/01/2019" in page
    assert _english_left_on(page, vi_catalogue) == set()


def test_switching_language_to_english_and_back(client, cast):
    client.force_login(cast.member)
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    assert r["Location"] == "/"

    for _attempt in range(2):  # the choice persists across requests
        page = client.get("/").content.decode()
        assert 'lang="en"' in page
        assert "My committees" in page
        assert "Log out" in page
        assert VI["My committees"] not in page

    page = client.get(reverse("members:committee-detail", kwargs={"pk": cast.committee.pk})).content.decode()
    assert ">Chair<" in page and ">Standing member<" in page
    assert "Trưởng ban" not in page

    r = client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert r.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="vi"' in page
    assert VI["My committees"] in page
    assert "My committees" not in page


def test_login_page_is_vietnamese_for_anonymous_visitors(client, db, vi_catalogue):
    r = client.get(reverse("login"))
    assert r.status_code == 200
    page = r.content.decode()
    assert 'lang="vi"' in page
    assert VI["Log in"] in page
    assert VI["Username"] in page
    assert VI["Password"] in page
    assert "Log in" not in page and "Username" not in page and "Password" not in page
    assert _english_left_on(page, vi_catalogue) == set()


def test_wrong_password_error_is_vietnamese(client, cast):
    r = client.post(reverse("login"), {"username": cast.member.username, "password": "wrong password"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "Please enter a correct" not in page
    assert "mật khẩu chính xác" in page


def test_locked_out_page_is_vietnamese(vi_catalogue):
    with translation.override("vi"):
        page = render_to_string("registration/locked_out.html")
    assert "Tài khoản tạm thời bị khóa" in page
    assert "15 phút" in page
    assert "Too many wrong passwords" not in page
    assert _english_left_on(page, vi_catalogue) == set()


def test_portal_speaks_vietnamese_even_to_an_english_browser(client, cast):
    client.force_login(cast.member)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page
    assert "Ban chỉ đạo của tôi" in page
