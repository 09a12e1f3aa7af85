"""Forms of the directive pages: they parse and show input; the rules live in tasks.services.

Each action form of the directive page has its own prefix (`PREFIX`), so that the page can hold
them all at once with unique ids, and a form sent back with errors is shown bound in its place.
"""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.forms.meetings import ACCEPT_UPLOADS
from members.forms import PortalForm
from members.models import Organization, SupportTeam
from members.validators import within_portal_years

from .models import Directive
from .services.directives import MAX_EVIDENCE_FILES

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label, *, required: bool = True, required_message=None) -> forms.DateField:
    """A date picker (`<input type="date">`) that also reads dd/mm/yyyy typed by hand."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[within_portal_years],
        error_messages={"required": required_message} if required_message else {},
    )


def text_field(label, *, required: bool = True, rows: int = 3, required_message=None) -> forms.CharField:
    error_messages = {"required": required_message} if required_message else {}
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=error_messages,
    )


# --- several files in one input (Django's "Uploading multiple files") -----------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Evidence: none, one or several files (at most MAX_EVIDENCE_FILES), cleaned as a list.
    Their size and type are the service's check (meetings.uploads.validate_upload)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_UPLOADS}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(
                _("Attach at most %(n)s files at once.") % {"n": MAX_EVIDENCE_FILES}, code="too_many"
            )
        return files


def _files_help() -> str:
    # Worded when shown (in the reader's language), not when the module is imported.
    return gettext("You may choose several files at once, at most %(n)s: %(types)s") % {
        "n": MAX_EVIDENCE_FILES,
        "types": gettext("PDF, .docx, .xlsx, .pptx, OpenDocument, PNG or JPG, up to 25 MB."),
    }


def files_field() -> MultipleFileField:
    return MultipleFileField(label=_("Evidence files"), help_text=lazy(_files_help, str)())


# --- the actions of the directive page ------------------------------------------------------------


class ProgressForm(PortalForm):
    PREFIX = "progress"

    text = text_field(_("What has been done"), required_message=_("Write what has been done."))
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("From 0 to 100. Leave empty to keep the progress as it is."),
    )
    files = files_field()


class ContributionForm(PortalForm):
    """A coordinating agency's contribution; the agency is asked only of someone who acts for
    several of the directive's coordinating agencies."""

    PREFIX = "contribution"

    organization = forms.ModelChoiceField(
        label=_("For the agency"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"required": _("Choose the agency you write for.")},
    )
    text = text_field(
        _("What your agency contributed"), required_message=_("Write what your agency contributed.")
    )
    files = files_field()

    def __init__(self, *args, agency_ids=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if len(agency_ids) > 1:
            self.fields["organization"].queryset = Organization.objects.filter(pk__in=agency_ids).order_by(
                "name"
            )
            self.fields["organization"].required = True
        else:
            del self.fields["organization"]


class ReportDoneForm(PortalForm):
    PREFIX = "done"

    summary = text_field(
        _("Summary of what was done"), rows=4, required_message=_("Summarise what was done.")
    )
    files = files_field()
    document_number = forms.CharField(
        label=_("Number of the document issued"),
        max_length=64,
        required=False,
        help_text=_("Instead of a file: the number and date of the document your agency issued."),
    )
    document_date = date_field(_("Date of the document issued"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Evidence is a file or a document (the page says so): neither field is "(optional)".
        for name in ("files", "document_number", "document_date"):
            self.fields[name].conditional = True


class ExtensionRequestForm(PortalForm):
    PREFIX = "extension"

    proposed_deadline = date_field(
        _("New deadline asked"), required_message=_("Give the new deadline asked for.")
    )
    reason = text_field(_("Why more time is needed"), required_message=_("Say why more time is needed."))


class ExtensionDecisionForm(PortalForm):
    """Approve or refuse: the button pressed; a refusal needs the note (the service says so)."""

    PREFIX = "decide"
    APPROVE, REFUSE = "approve", "refuse"

    decision = forms.ChoiceField(choices=[(APPROVE, APPROVE), (REFUSE, REFUSE)], widget=forms.HiddenInput)
    note = text_field(_("Note"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _("Required when you refuse: the lead agency is told why.")
        self.fields["note"].conditional = True

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


class ProposeAcceptanceForm(PortalForm):
    PREFIX = "propose"

    note = text_field(_("Note"), required=False, rows=2)


class AcceptForm(PortalForm):
    PREFIX = "accept"

    note = text_field(_("Note"), required=False, rows=2)


class ReturnForm(PortalForm):
    PREFIX = "return"

    reason = text_field(
        _("Why the work is returned"), required_message=_("Say why the work is returned."), rows=3
    )


class CancelForm(PortalForm):
    """Cancelling cannot be undone: the reason, and a tick saying the person means it."""

    PREFIX = "cancel"

    reason = text_field(_("Reason for cancelling"), required_message=_("Say why the directive is cancelled."))
    confirm = forms.BooleanField(
        label=_("I understand that a cancelled directive cannot be reopened."),
        error_messages={"required": _("Tick the box to confirm: cancelling cannot be undone.")},
    )


class UrgeForm(PortalForm):
    PREFIX = "urge"

    note = text_field(_("Message to the lead agency"), required=False, rows=2)


class FollowUpTeamForm(PortalForm):
    """The support sub-team that follows the directive up; empty: none any more."""

    PREFIX = "follow_up"

    team = forms.ModelChoiceField(
        label=_("Sub-team following up"),
        queryset=SupportTeam.objects.none(),
        required=False,
        empty_label=_("— no sub-team —"),
        help_text=_("Its members see the directive on their work list and are told."),
    )

    def __init__(self, *args, teams, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


#: The directive page's action forms: the page flag that shows each, its form class.
ACTION_FORMS: dict[str, type[PortalForm]] = {
    "progress_form": ProgressForm,
    "contribution_form": ContributionForm,
    "done_form": ReportDoneForm,
    "extension_form": ExtensionRequestForm,
    "decide_form": ExtensionDecisionForm,
    "propose_form": ProposeAcceptanceForm,
    "accept_form": AcceptForm,
    "return_form": ReturnForm,
    "cancel_form": CancelForm,
    "urge_form": UrgeForm,
    "follow_up_form": FollowUpTeamForm,
}


# --- creating and editing -------------------------------------------------------------------------


def organization_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Lead agency"),
        queryset=Organization.objects.order_by("name"),
        empty_label="—",
        error_messages={"required": _("Name the agency that leads this work.")},
    )


def coordinating_choices() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Coordinating agencies"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every agency that works with the lead agency; not the lead agency itself."),
    )


class DirectiveEditForm(PortalForm):
    """What the chair or a deputy may correct on an open directive (not its deadline: that
    changes only by an extension)."""

    title = forms.CharField(
        label=_("What is to be done"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write what is to be done.")},
    )
    expected_result = text_field(_("Expected result"), required=False)
    lead_organization = organization_choices()
    coordinating_organizations = coordinating_choices()
    priority = forms.ChoiceField(label=_("Priority"), choices=Directive.Priority.choices)

    @classmethod
    def initial_for(cls, directive: Directive) -> dict:
        return {
            "title": directive.title,
            "expected_result": directive.expected_result,
            "lead_organization": directive.lead_organization_id,
            "coordinating_organizations": [o.pk for o in directive.coordinating_organizations.all()],
            "priority": directive.priority,
        }


class DirectiveForm(DirectiveEditForm):
    """An ad-hoc directive, with the document that gave it: a deadline, or regular work
    reported on every period."""

    field_order = [
        "reference_number",
        "reference_date",
        "title",
        "expected_result",
        "lead_organization",
        "coordinating_organizations",
        "deadline",
        "reporting_period",
        "priority",
    ]

    reference_number = forms.CharField(
        label=_("Number of the document giving the instruction"),
        max_length=64,
        help_text=_("e.g. 123/UBND-VP"),
        error_messages={"required": _("Give the number of the document that gave this instruction.")},
    )
    reference_date = date_field(
        _("Date of that document"), required_message=_("Give the date of that document.")
    )
    deadline = date_field(_("Deadline"), required=False)
    reporting_period = forms.ChoiceField(
        label=_("Regular work: reported"),
        choices=[("", _("— not regular work: it has a deadline"))] + list(Directive.Period.choices),
        required=False,
        help_text=_("Regular work has no deadline: choose how often it is reported instead."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A deadline or a reporting period: one of the two, which the help texts say.
        for name in ("deadline", "reporting_period"):
            self.fields[name].conditional = True
