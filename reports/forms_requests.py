"""Forms of agency reports on request: they parse and show input; the rules live in
reports.requests_services (which re-checks everything)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm
from members.models import Organization
from tasks.forms import MultipleFileField, date_field, text_field

from .models import AgencyReportRequest, AgencySubmission, SubmissionFile
from .requests_services import MAX_FILES, MAX_TEXT

#: Ids past this are no row of ours: refused before the database sees them (SQLite overflows).
MAX_ID = 2**31 - 1


def _is_id(value: object) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one row whose id is checked as an id first."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of rows whose ids are checked as ids first."""

    def _check_values(self, value):
        for pk in value:
            if not _is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


def _files_help() -> str:
    # Worded when shown (in the reader's language), not when the module is imported.
    return gettext("You may choose several files at once, at most %(n)s: %(types)s") % {
        "n": MAX_FILES,
        "types": gettext("PDF, .docx, .xlsx, .pptx, OpenDocument, PNG or JPG, up to 25 MB."),
    }


def _files(label) -> MultipleFileField:
    return MultipleFileField(label=label, help_text=lazy(_files_help, str)())


class AgencyRequestForm(PortalForm):
    """Ask some or all of the committee's agencies for a report by a date."""

    title = forms.CharField(
        label=_("Title of the request"),
        max_length=300,
        error_messages={"required": _("Give the request a title.")},
    )
    body = text_field(_("What is asked"), required=False, rows=5)
    questions = forms.CharField(
        label=_("Questions, one per line"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Each agency answers each question separately. Leave empty to ask for a free text only."),
    )
    due_date = date_field(_("Reports due by"), required_message=_("Give the date the reports are due."))
    all_agencies = forms.BooleanField(label=_("Ask all the committee's agencies"), required=False)
    organizations = IdMultipleChoiceField(
        label=_("Agencies asked"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    files = _files(_("Files sent with the request"))

    def __init__(self, *args, agencies: QuerySet[Organization], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = agencies

    def clean(self) -> dict:
        data = super().clean()
        if data.get("all_agencies"):
            data["organizations"] = list(self.fields["organizations"].queryset)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "questions": data["questions"].splitlines(),
            "due_date": data["due_date"],
            "organizations": list(data["organizations"]),
            "files": data["files"],
        }


class SubmissionForm(PortalForm):
    """An agency's report: its text, an answer per question (`answer_1`, …), its files; when the
    person answers for several asked agencies, which one."""

    organization = IdChoiceField(
        label=_("For the agency"), queryset=Organization.objects.none(), empty_label=None
    )
    text = text_field(_("Report text"), required=False, rows=8)
    files = _files(_("Files of the report"))
    remove_files = IdMultipleChoiceField(
        label=_("Remove these files"),
        queryset=SubmissionFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args,
        request: AgencyReportRequest,
        agencies: QuerySet[Organization],
        submission: AgencySubmission | None = None,
        **kwargs,
    ) -> None:
        if submission is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "organization": submission.organization_id,
                "text": submission.text,
                **{f"answer_{i}": a for i, a in enumerate(submission.answers, start=1)},
            }
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = agencies
        choices = list(agencies[:2])
        #: The one agency the person answers for (the choice is then a hidden field), or None.
        self.single_agency = choices[0] if len(choices) == 1 else None
        self.questions = list(request.questions)
        for number, question in enumerate(self.questions, start=1):
            field = text_field(question, required=False, rows=3)
            field.max_length = MAX_TEXT
            self.fields[f"answer_{number}"] = field
        if submission is not None and submission.files.exists():
            self.fields["remove_files"].queryset = submission.files.all()
        else:
            del self.fields["remove_files"]
        self.style_widgets()

    @property
    def answer_fields(self) -> list:
        return [self[f"answer_{n}"] for n in range(1, len(self.questions) + 1)]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "text": data["text"],
            "answers": [data.get(f"answer_{n}", "") for n in range(1, len(self.questions) + 1)],
            "files": data["files"],
            "remove_files": [f.pk for f in data.get("remove_files", [])],
        }
