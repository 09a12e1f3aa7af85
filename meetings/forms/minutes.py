"""Forms for the minutes, comments, addenda and conclusion items (HTTP parsing only: the rules
live in meetings.services)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Organization


class StyledForm(forms.Form):
    """Marks a field with an error invalid for Bootstrap and screen readers, whichever route
    (the form's own cleaning or a service's ValidationError) added the error."""

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}-errors"

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError ({field: message}) on the form's fields."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class MinutesForm(StyledForm):
    body = forms.CharField(
        label=_("Text of the minutes (HTML)"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 25, "class": "form-control", "spellcheck": "true"}),
        help_text=_(
            "Allowed tags: p, br, strong, em, ul, ol, li, h2, h3, h4, blockquote and tables. Anything else is removed."
        ),
    )
    # The version the text was opened at: a save on top of someone else's is refused, not lost.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class MinutesCommentForm(StyledForm):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )


class AddendumForm(StyledForm):
    body = forms.CharField(
        label=_("Text of the addendum (HTML)"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "form-control"}),
        help_text=_("Say what is corrected and how. The signed minutes themselves stay as they are."),
    )


class ConclusionForm(StyledForm):
    text = forms.CharField(
        label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
    is_instruction = forms.BooleanField(
        label=_("Instruction to an agency"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_("An instruction names the agency that leads it and a due date."),
    )
    lead_organization = forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label="—",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
