"""Forms for the minutes, comments, addenda and conclusion items (HTTP parsing only: the rules
live in meetings.services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm
from members.models import Organization
from members.validators import within_portal_years


class MinutesForm(PortalForm):
    body = forms.CharField(
        label=_("Text of the minutes (HTML)"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 25, "spellcheck": "true"}),
        help_text=_(
            "Allowed tags: p, br, strong, em, ul, ol, li, h2, h3, h4, blockquote and tables. Anything else is removed."
        ),
    )
    # The version the text was opened at: a save on top of someone else's is refused, not lost.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class MinutesCommentForm(PortalForm):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))


class AddendumForm(PortalForm):
    body = forms.CharField(
        label=_("Text of the addendum (HTML)"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Say what is corrected and how. The signed minutes themselves stay as they are."),
    )


class ConclusionForm(PortalForm):
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Required for an instruction (its help text says so), so never "(optional)".
        for name in ("lead_organization", "due_date"):
            self.fields[name].conditional = True
