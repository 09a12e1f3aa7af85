"""Forms for the minutes, comments, addenda and conclusion items (HTTP parsing only: the rules
live in meetings.services)."""

from __future__ import annotations

import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks, strip_tags
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm
from members.models import Organization
from members.validators import within_portal_years

from ..sanitize import MINUTES_TAGS
from .confirm import ConfirmationMixin, ConfirmField

# A tag, a comment or a doctype: the text came from the editor (or someone kept the markup).
_MARKUP = re.compile(r"<[a-zA-Z!/]")


class RichTextarea(forms.Textarea):
    """A textarea that static/js/rich-text.js turns into the rich-text editor, with the portal's
    toolbar (labelled from the catalogue) and pasting cleaned to the server's allow-list
    (MINUTES_TAGS). Without JavaScript it stays a plain textarea and the form still works."""

    template_name = "meetings/widgets/rich_text.html"

    class Media:
        css = {"all": ["css/rich-text.css"]}
        js = ["vendor/dompurify/purify.min.js", "vendor/squire/squire.js", "js/rich-text.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["allowed_tags"] = " ".join(sorted(MINUTES_TAGS))
        return context


class RichTextField(forms.CharField):
    """The minutes' text as HTML. Nobody types markup: the editor sends HTML; from the plain
    textarea (no JavaScript) a text without any tag becomes paragraphs, an empty line between two.
    The services clean the HTML (meetings/sanitize.py); this only parses what was sent."""

    widget = RichTextarea

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value and not _MARKUP.search(value):
            value = linebreaks(value.strip(), autoescape=True)
        return value

    def validate(self, value) -> None:
        super().validate(value)
        # An editor left empty still sends an empty paragraph: that is no text either. A table,
        # even of empty cells, is content: its size is the services' to judge (with their message).
        if self.required and "<tr" not in value.lower() and not html.unescape(strip_tags(value)).strip():
            raise ValidationError(self.error_messages["required"], code="required")


RICH_TEXT_HELP = _(
    "Headings, lists, bold, italic and tables are kept; text pasted from Word keeps them too and "
    "loses the rest (fonts, colours, images, links)."
)


class MinutesForm(PortalForm):
    body = RichTextField(
        label=_("Text of the minutes"),
        widget=RichTextarea(attrs={"rows": 25, "spellcheck": "true"}),
        help_text=RICH_TEXT_HELP,
    )
    # The version the text was opened at: a save on top of someone else's is refused, not lost.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class MinutesCommentForm(PortalForm):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))


class MinutesCommentAnswerForm(PortalForm):
    """The secretary's answer to one comment: taken into account or not, and why."""

    answer = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("taken", _("Taken into account")), ("not_taken", _("Not taken into account"))],
        coerce=lambda value: value == "taken",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was changed in the text, or why the comment was not taken into account."),
    )


class AddendumForm(PortalForm):
    body = RichTextField(
        label=_("Text of the addendum"),
        widget=RichTextarea(attrs={"rows": 12, "spellcheck": "true"}),
        help_text=_("Say what is corrected and how. The signed minutes themselves stay as they are."),
    )


class ConclusionForm(ConfirmationMixin, PortalForm):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))
    is_instruction = forms.BooleanField(
        label=_("Instruction to an agency"),
        required=False,
        help_text=_("An instruction names the agency that leads it and a due date."),
    )
    lead_organization = forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[within_portal_years],
    )
    # Cơ quan phối hợp: kept for an instruction only; the lead agency among them is refused by the
    # service (services.conclusion_add), its message on this field.
    coordinating_organizations = forms.ModelMultipleChoiceField(
        label=_("Coordinating agencies"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an instruction: the agencies that work with the lead one, if any."),
    )
    # Asked for by the service when the due date is already past (services.due_date_refusals).
    confirm_past_due = ConfirmField(label=_("Keep this due date, although it is already past"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Required for an instruction (its help text says so), so never "(optional)".
        for name in ("lead_organization", "due_date"):
            self.fields[name].conditional = True
