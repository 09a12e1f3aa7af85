"""The minutes' text field without a browser: the page that the editor script enhances (the
server's allow-list, the toolbar in Vietnamese, static scripts only), the plain-textarea fallback
(no JavaScript: plain text becomes paragraphs, HTML is kept), an empty editor refused, and the
server's own cleaning of what Word pastes (the same allow-list as the editor's)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext, override

from meetings import services
from meetings.forms.minutes import AddendumForm, MinutesForm
from meetings.models import Minutes
from meetings.sanitize import MINUTES_TAGS
from tests.meetings.test_views_minutes import drafted_meeting, signed_meeting, url

WORD_PASTE = Path(settings.BASE_DIR) / "tests" / "fixtures" / "word_paste.html"
TOOLBAR = ("Formatting of the text", "Normal text", "Heading", "Subheading", "Bold", "Italic", "Underline")
TOOLBAR += ("Bulleted list", "Numbered list", "Quotation", "Add a row", "Remove the row", "Undo", "Redo")


def vi(msgid: str) -> str:
    with override("vi"):
        return escape(gettext(msgid))


class _Scripts(HTMLParser):
    """Each <script>'s src (None for an inline one) and whether any element has a style attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str | None] = []
        self.inline_bodies: list[str] = []
        self.styled: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.sources.append(attrs.get("src"))
            self._in_script = True
        if "style" in attrs:
            self.styled.append(tag)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_bodies.append(data)


def test_minutes_edit_page_offers_the_editor_with_the_server_allow_list_and_a_vietnamese_toolbar(
    client, cast
):
    meeting, _minutes = drafted_meeting(cast)
    client.force_login(cast.secretary)
    page = client.get(url("minutes-edit", meeting)).content.decode()
    textarea = re.search(r"<textarea [^>]*data-rich-text[^>]*>", page).group(0)
    assert 'name="body"' in textarea
    assert f'data-allowed-tags="{" ".join(sorted(MINUTES_TAGS))}"' in textarea
    assert f'<label for="id_body" class="form-label">{vi("Text of the minutes")}</label>' in page
    toolbar = page.split('<template id="id_body_toolbar">')[1].split("</template>")[0]
    for label in TOOLBAR:
        assert vi(label) in toolbar, label
    assert 'role="toolbar"' in toolbar and 'aria-controls="id_body_editor"' in toolbar
    assert "<noscript>" in page  # what the plain textarea means without JavaScript


def test_minutes_edit_page_loads_the_editor_from_static_files_with_no_inline_script_or_style(client, cast):
    meeting, _minutes = drafted_meeting(cast)
    client.force_login(cast.secretary)
    parser = _Scripts()
    parser.feed(client.get(url("minutes-edit", meeting)).content.decode())
    static = settings.STATIC_URL
    for needed in ("vendor/dompurify/purify.min.js", "vendor/squire/squire.js", "js/rich-text.js"):
        assert f"{static}{needed}" in parser.sources
    assert None not in parser.sources and parser.inline_bodies == []
    assert parser.styled == []
    for path in (
        "vendor/dompurify/purify.min.js",
        "vendor/squire/squire.js",
        "js/rich-text.js",
        "css/rich-text.css",
    ):
        assert (Path(settings.BASE_DIR) / "static" / path).is_file(), path


def test_minutes_edit_saves_plain_text_as_paragraphs_when_posted_from_the_plain_textarea(client, cast):
    meeting, minutes = drafted_meeting(cast)
    client.force_login(cast.secretary)
    typed = "Đồng chí Chủ trì kết luận:\r\nthống nhất dự thảo.\r\n\r\nGiá trị a < b & c."
    response = client.post(url("minutes-edit", meeting), {"body": typed, "version": minutes.version})
    assert response.status_code == 302
    assert Minutes.objects.get(pk=minutes.pk).body == (
        "<p>Đồng chí Chủ trì kết luận:<br>thống nhất dự thảo.</p>\n\n<p>Giá trị a &lt; b &amp; c.</p>"
    )


def test_minutes_edit_keeps_the_formatting_when_the_editor_sent_html(client, cast):
    meeting, minutes = drafted_meeting(cast)
    client.force_login(cast.secretary)
    sent = "<h2>Ý kiến</h2>\n<ul><li>Sở A</li>\n<li>Sở B</li>\n</ul>\n<p><b>Kết luận</b></p>\n"
    client.post(url("minutes-edit", meeting), {"body": sent, "version": minutes.version})
    assert Minutes.objects.get(pk=minutes.pk).body == sent


def test_minutes_edit_is_refused_as_empty_when_the_editor_sent_only_an_empty_paragraph(client, cast):
    meeting, minutes = drafted_meeting(cast)
    client.force_login(cast.secretary)
    response = client.post(url("minutes-edit", meeting), {"body": "<p><br></p>\n<p>&nbsp;</p>", "version": 1})
    assert response.status_code == 200
    assert 'id="id_body_error"' in response.content.decode()
    assert Minutes.objects.get(pk=minutes.pk).version == minutes.version


def test_addendum_page_offers_the_editor_and_saves_plain_text_as_a_paragraph(client, cast):
    meeting, minutes = signed_meeting(cast)
    client.force_login(cast.secretary)
    page = client.get(url("minutes-addendum", meeting)).content.decode()
    assert re.search(r"<textarea [^>]*data-rich-text", page)
    assert vi("Text of the addendum") in page and "js/rich-text.js" in page
    client.post(url("minutes-addendum", meeting), {"body": "Sửa tên đại biểu Sở Tài chính."})
    assert Minutes.objects.get(addendum_to=minutes).body == "<p>Sửa tên đại biểu Sở Tài chính.</p>"


@pytest.mark.parametrize("form_class", [MinutesForm, AddendumForm])
def test_rich_text_field_is_required_when_only_markup_and_spaces_are_sent(form_class):
    form = form_class({"body": "<p>\u00a0</p><ul><li> </li></ul>", "version": 1})
    assert not form.is_valid()
    assert form.errors["body"] == [form.fields["body"].error_messages["required"]]


def test_minutes_update_keeps_words_headings_lists_and_tables_and_drops_the_rest_when_word_html_is_sent(cast):
    """The server alone, on Word's raw clipboard HTML (as if the editor were bypassed): the same
    allow-list. Word's list paragraphs stay readable paragraphs here (only the editor makes them
    lists); real <ul>/<ol>, headings and tables are kept."""
    _meeting, minutes = drafted_meeting(cast)
    saved = services.minutes_update(
        minutes=minutes, actor=cast.secretary, body=WORD_PASTE.read_text(encoding="utf-8"), expected_version=1
    )
    body = saved.body
    assert re.search(r"<h2>\s*Kết quả triển khai năm 2026\s*</h2>", body)
    assert "<li>Trung tâm điều hành thông minh</li>" in body
    assert "<table>" in body and "<td><p>85%</p></td>" in body
    assert "Rà soát hạ tầng mạng" in body and "<b>12</b>" in body
    for dropped in (
        "style",
        "class=",
        "mso-",
        "o:p",
        "<span",
        "<a ",
        "<img",
        "<script",
        "__pastedScriptRan",
        "<meta",
    ):
        assert dropped not in body, dropped
