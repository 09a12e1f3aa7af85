"""Forms of a written consultation (issue #13): asking, answering, the summary. They parse and
show input; the rules live in meetings.services.consultations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm
from members.models import User
from members.validators import single_line

from ..models import ConsultationAnswer
from .meetings import ACCEPT_UPLOADS, UserChoiceField, datetime_field, minute_precision


class ConsultationForm(PortalForm):
    """A new written consultation: who asks, the matter, the questions (one a line), the
    deadline, and the members asked (every member by default)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Leave empty to use the numbered name."),
        validators=[single_line],
    )
    asked_by = UserChoiceField(label=_("Asked by"))
    matter = forms.CharField(label=_("Matter"), widget=forms.Textarea(attrs={"rows": 4}))
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question a line."),
    )
    deadline = datetime_field(_("Answers due by"))
    members = forms.MultipleChoiceField(
        label=_("Members asked"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The person asking is not asked."),
        error_messages={"invalid_choice": _("Ask only members of the committee in force.")},
    )

    def __init__(
        self,
        *args,
        asker_options: list[tuple[User, str]] = (),
        member_options: list[User] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asked_by"].set_options(list(asker_options))
        self.member_users = {str(u.pk): u for u in member_options}
        self.fields["members"].choices = [(str(u.pk), u.display_name) for u in member_options]
        if not self.is_bound:
            self.initial.setdefault("members", list(self.member_users))

    def clean_questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]

    def clean_members(self) -> list[User]:
        return [self.member_users[pk] for pk in self.cleaned_data["members"]]


__all__ = ["AnswerForm", "ConsultationEditForm", "ConsultationForm", "SummaryForm", "minute_precision"]


class ConsultationEditForm(ConsultationForm):
    """A draft consultation's details; the members asked stay those it was drafted with."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["members"]


class AnswerForm(PortalForm):
    """A member's answer: the position, the comments (needed unless they simply agree), a file."""

    position = forms.ChoiceField(
        label=_("Position on the matter"),
        choices=ConsultationAnswer.Position.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your position.")},
    )
    comments = forms.CharField(
        label=_("Comments"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Needed when you agree with comments or disagree."),
    )
    file = forms.FileField(
        label=_("Attached file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_UPLOADS}),
        help_text=_("Optional; 25 MB at most."),
    )


class SummaryForm(PortalForm):
    """The summary of the answers: generated, then edited by the secretariat."""

    summary = forms.CharField(label=_("Summary of the answers"), widget=forms.Textarea(attrs={"rows": 16}))
