"""Forms of the annual plans' pages: they parse and show input; the rules live in
tasks.services.plans (which refuses with messages by field)."""

from __future__ import annotations

import datetime

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm
from members.models import Organization
from members.validators import single_line, within_portal_years

from .models import WorkPlan, WorkPlanItem
from .plans_selectors import QUARTER_LABELS
from .services import PlanDirectiveRow

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
QUARTER_CHOICES = list(QUARTER_LABELS.items())


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[within_portal_years],
        **kwargs,
    )


class OrganizationChoiceField(forms.ChoiceField):
    """A choice among agencies already loaded once for the page (no query per field or row)."""

    def __init__(self, *, organizations: list[Organization] = (), empty_label="—", **kwargs) -> None:
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.set_options(list(organizations))

    def set_options(self, organizations: list[Organization]) -> None:
        self.organizations = {str(org.pk): org for org in organizations}
        self.choices = [("", self.empty_label)] + [(str(org.pk), org.name) for org in organizations]

    def prepare_value(self, value):
        return str(value.pk) if isinstance(value, Organization) else value

    def clean(self, value):
        value = super().clean(value)
        return self.organizations.get(str(value)) if value else None


class OrganizationsField(forms.MultipleChoiceField):
    """Several agencies among those loaded once for the page."""

    def __init__(self, *, organizations: list[Organization] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_options(list(organizations))

    def set_options(self, organizations: list[Organization]) -> None:
        self.organizations = {str(org.pk): org for org in organizations}
        self.choices = [(str(org.pk), org.name) for org in organizations]

    def prepare_value(self, value):
        return [str(v.pk) if isinstance(v, Organization) else v for v in value or []]

    def clean(self, value):
        return [self.organizations[v] for v in super().clean(value)]


def introduction_field() -> forms.CharField:
    return forms.CharField(
        label=_("Purpose and requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Printed as part I of the plan; each line is a paragraph."),
    )


class PlanForm(PortalForm):
    """A new plan: which, for which year; the title and purpose may be written now or later."""

    kind = forms.ChoiceField(label=_("Kind of plan"), choices=WorkPlan.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        validators=[single_line],
        help_text=_("Leave empty for “Kế hoạch công tác năm …” or “Kế hoạch kiểm tra năm …”."),
    )
    introduction = introduction_field()

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"kind": WorkPlan.Kind.WORK, "year": timezone.localdate().year + 1})
        super().__init__(*args, **kwargs)


class PlanEditForm(PortalForm):
    title = forms.CharField(label=_("Title"), max_length=500, validators=[single_line])
    introduction = introduction_field()


class PlanItemForm(PortalForm):
    content = forms.CharField(label=_("Content of the item"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_organization = OrganizationChoiceField(label=_("Owner agency"))
    target_quarter = forms.TypedChoiceField(
        label=_("Target quarter"), choices=[("", "—"), *QUARTER_CHOICES], coerce=int
    )
    expected_result = forms.CharField(
        label=_("Expected result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organizations: list[Organization], item: WorkPlanItem | None = None, **kwargs):
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "content": item.content,
                    "owner_organization": item.owner_organization_id,
                    "target_quarter": item.target_quarter,
                    "expected_result": item.expected_result,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["owner_organization"].set_options(organizations)


class PlanDirectiveRowForm(PortalForm):
    """One row of the "one screen": an item of the approved plan, ticked to become a directive,
    with its title, lead and coordinating agencies, deadline and expected result (pre-filled from
    the item). A row not ticked is ignored, whatever it holds."""

    include = forms.BooleanField(label=_("Create a directive from this item"), required=False)
    title = forms.CharField(
        label=_("Directive"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_organization = OrganizationChoiceField(label=_("Lead agency"), required=False)
    coordinating_organizations = OrganizationsField(
        label=_("Coordinating agencies"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    deadline = date_field(_("Deadline"), required=False)
    expected_result = forms.CharField(
        label=_("Expected result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, item: WorkPlanItem, organizations: list[Organization], **kwargs) -> None:
        self.item = item
        super().__init__(*args, **kwargs)
        for name in ("title", "lead_organization", "deadline"):
            # Required for a ticked row (the service says so), so never marked "(optional)".
            self.fields[name].conditional = True
        self.fields["lead_organization"].set_options(organizations)
        self.fields["coordinating_organizations"].set_options(organizations)

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("include"):
            self._errors = ErrorDict()  # what an unticked row holds is not sent anywhere

    @property
    def included(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("include"))

    def row(self) -> PlanDirectiveRow:
        """What the ticked row asks the service for."""
        data = self.cleaned_data
        return PlanDirectiveRow(
            item=self.item,
            title=data["title"],
            lead_organization=data["lead_organization"],
            deadline=data["deadline"],
            coordinating_organizations=tuple(data["coordinating_organizations"]),
            expected_result=data["expected_result"],
        )


def plan_directive_row_initial(defaults: dict, *, include: bool) -> dict:
    """The row as first shown: the item's defaults; ticked unless the item already has directives."""
    deadline: datetime.date = defaults["deadline"]
    return {
        "include": include,
        "title": defaults["title"],
        "lead_organization": defaults["lead_organization"],
        "deadline": deadline,
        "expected_result": defaults["expected_result"],
    }
