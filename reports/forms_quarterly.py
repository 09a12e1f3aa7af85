"""Forms of the quarterly report's pages: they parse and show input; the rules live in
reports.services.quarterly (which refuses with messages by field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm
from members.validators import single_line

from .services import NARRATIVE_MAX_LENGTH, allowed_quarters
from .services.quarterly import ROMAN


def _narrative(label, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=help_text,
    )


class ReportCreateForm(PortalForm):
    """Which quarter: the current one, or a past one of this year or last year."""

    period = forms.ChoiceField(label=_("Quarter"))
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        validators=[single_line],
        help_text=_("Leave empty for “Báo cáo công tác quý … năm …”."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (
                f"{year}-{quarter}",
                gettext("Quarter %(quarter)s/%(year)s") % {"quarter": ROMAN[quarter], "year": year},
            )
            for year, quarter in allowed_quarters()
        ]

    def service_arguments(self) -> dict[str, object]:
        year, quarter = self.cleaned_data["period"].split("-")
        return {"year": int(year), "quarter": int(quarter), "title": self.cleaned_data["title"]}


class ReportEditForm(PortalForm):
    title = forms.CharField(label=_("Title"), max_length=500, validators=[single_line])
    results = _narrative(
        _("Results of the quarter"),
        _("What the committee and its support group did and achieved; the figures are shown above."),
    )
    difficulties = _narrative(_("Difficulties and their causes"))
    proposals = _narrative(_("Proposals"))
    next_focus = _narrative(_("Focus of the next quarter"))


class ReportReturnForm(PortalForm):
    reason = forms.CharField(
        label=_("Why is the report returned?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The drafters read this and correct the report."),
    )
