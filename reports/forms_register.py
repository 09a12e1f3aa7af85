"""The register's filters (year, type) and the search box: GET forms, whatever cannot be read is
said next to the field and the filter falls back to "all"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm

from .register import DOC_TYPES

#: The longest query the search reads (a longer one is refused, never cut silently).
MAX_QUERY = 200


class RegisterFilterForm(PortalForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    doc_type = forms.ChoiceField(label=_("Type of document"), required=False)

    def __init__(self, data=None, *, years: list[int]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [("", gettext("All years")), *((y, str(y)) for y in years)]
        self.fields["doc_type"].choices = [
            ("", gettext("All types")),
            *((code, f"{label} ({code})") for code, label in DOC_TYPES.items()),
        ]

    def filters(self) -> dict[str, object]:
        """{"year": int | None, "doc_type": str}: what was asked and could be read."""
        if not self.is_bound or not self.is_valid():
            cleaned = getattr(self, "cleaned_data", {})
        else:
            cleaned = self.cleaned_data
        return {"year": cleaned.get("year"), "doc_type": cleaned.get("doc_type") or ""}


class SearchForm(PortalForm):
    q = forms.CharField(label=_("Search for"), max_length=MAX_QUERY, required=False, strip=True)

    def query(self) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return self.cleaned_data["q"]
