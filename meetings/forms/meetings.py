"""Forms of the meeting pages: they parse and show input; the rules live in meetings.services."""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm
from members.models import Organization, User
from members.validators import single_line, within_portal_years

from ..models import AgendaItem, Invitation, Meeting
from ..uploads import ALLOWED_TYPES
from .confirm import ConfirmationMixin, ConfirmField

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATETIME_INPUT_FORMATS = [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
ACCEPT_UPLOADS = ",".join(f".{ext}" for ext in ALLOWED_TYPES)


class DateTimeLocalInput(forms.DateTimeInput):
    """`<input type="datetime-local">`, in the value format browsers expect."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def datetime_field(label, *, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_INPUT_FORMATS,
        help_text=help_text,
        validators=[within_portal_years],
    )


def minute_precision(value):
    """An aware datetime in local time to the minute, as a datetime-local input shows it."""
    if value is None:
        return None
    return timezone.localtime(value).replace(second=0, microsecond=0)


class UserChoiceField(forms.ChoiceField):
    """A choice of people already loaded by a selector: no query to render or to validate."""

    def __init__(self, *, options: list[tuple[User, str]] = (), empty_label="", **kwargs) -> None:
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.set_options(list(options))

    def set_options(self, options: list[tuple[User, str]]) -> None:
        self.users = {str(user.pk): user for user, _label in options}
        self.choices = [("", self.empty_label)] + [(str(user.pk), label) for user, label in options]

    def clean(self, value):
        value = super().clean(value)
        return self.users.get(str(value)) if value else None


class OrganizationsChoiceField(forms.MultipleChoiceField):
    """A choice of agencies already loaded by a selector: no query to render or to validate."""

    widget = forms.CheckboxSelectMultiple

    def set_options(self, options: list[Organization]) -> None:
        self.organizations = {str(org.pk): org for org in options}
        self.choices = [(str(org.pk), org.name) for org in options]

    def clean(self, value):
        return [self.organizations[str(pk)] for pk in super().clean(value)]


# --- preparing ----------------------------------------------------------------------------------


def confirm_second_meeting_field() -> ConfirmField:
    """Asked for by the service when the period already has its regular meeting (Điều 8.3)."""
    return ConfirmField(label=_("Hold a second regular meeting in this period all the same"))


class MeetingForm(ConfirmationMixin, PortalForm):
    """A new meeting draft (Điều 8): kind, time, place, who presides and who keeps the minutes."""

    # A written consultation has its own form (forms.consultations): no one meets.
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=[c for c in Meeting.Kind.choices if c[0] != Meeting.Kind.WRITTEN_CONSULTATION],
    )
    # The title and place go into the invitees' e-mail subjects and letters: one line each.
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Leave empty to use the numbered name, such as the regular meeting of the quarter."),
        validators=[single_line],
    )
    start_at = datetime_field(_("Starts at"))
    end_at = datetime_field(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False, validators=[single_line])
    online_link = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")
    presiding = UserChoiceField(label=_("Presiding"), required=False)
    secretary = UserChoiceField(label=_("Secretary"), required=False)
    agencies = OrganizationsChoiceField(
        label=_("Agencies worked with"),
        required=False,
        help_text=_(
            "For a working session of the chair or a deputy (Article 9.2): their leaders and focal officers are invited, with the support group."
        ),
        error_messages={"invalid_choice": _("Choose among the agencies represented in the committee.")},
    )
    confirm_second_meeting = confirm_second_meeting_field()

    def __init__(
        self,
        *args,
        presiding_options: list[tuple[User, str]] = (),
        secretary_options: list[tuple[User, str]] = (),
        agency_options: list[Organization] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].set_options(list(agency_options))
        self.fields["presiding"].empty_label = _(
            "Default: the chair (the group leader for support group meetings)"
        )
        self.fields["presiding"].set_options(list(presiding_options))
        self.fields["secretary"].empty_label = _("Default: me, if I am in the support group")
        self.fields["secretary"].set_options(list(secretary_options))


class MeetingEditForm(MeetingForm):
    """The details of a draft or convened meeting; its kind and number do not change."""

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        presiding_options = list(kwargs.pop("presiding_options", ()))
        secretary_options = list(kwargs.pop("secretary_options", ()))
        kwargs.pop("agency_options", None)
        # Someone whose term has ended stays selectable on the meeting they already hold.
        if meeting.presiding_id not in {u.pk for u, _label in presiding_options}:
            presiding_options.insert(0, (meeting.presiding, str(meeting.presiding)))
        if meeting.secretary_id and meeting.secretary_id not in {u.pk for u, _label in secretary_options}:
            secretary_options.insert(0, (meeting.secretary, str(meeting.secretary)))
        kwargs.setdefault(
            "initial",
            {
                "title": meeting.title,
                "start_at": minute_precision(meeting.start_at),
                "end_at": minute_precision(meeting.end_at),
                "place": meeting.place,
                "online_link": meeting.online_link,
                "presiding": str(meeting.presiding_id),
                "secretary": str(meeting.secretary_id or ""),
            },
        )
        super().__init__(
            *args, presiding_options=presiding_options, secretary_options=secretary_options, **kwargs
        )
        del self.fields["kind"]
        del self.fields["agencies"]  # the agencies of a working session stay those it was filed with
        self.fields["presiding"].required = True
        for name, options in (("presiding", presiding_options), ("secretary", secretary_options)):
            self.fields[name].empty_label = "—"
            self.fields[name].set_options(options)

    def changes(self) -> dict:
        """Only what the person changed: an untouched time is not a new time (a confirmation is
        no change of the meeting: `confirmations()` gives it)."""
        skip = set(self.confirmation_names)
        return {name: self.cleaned_data[name] for name in self.changed_data if name not in skip}

    def confirmations(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.confirmation_names}


class AgendaItemForm(PortalForm):
    title = forms.CharField(label=_("Agenda item"), max_length=500)
    presenter = forms.ModelChoiceField(
        label=_("Presenting agency"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label="—",
    )
    minutes_allowed = forms.IntegerField(
        label=_("Time allowed (minutes)"), min_value=1, max_value=600, required=False
    )


class PaperForm(PortalForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, .docx, .xlsx, .pptx, OpenDocument, PNG or JPG, up to 25 MB."),
        widget=forms.FileInput(attrs={"accept": ACCEPT_UPLOADS}),
    )
    title = forms.CharField(
        label=_("Title"), max_length=255, required=False, help_text=_("Leave empty to use the file name.")
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("The meeting as a whole"),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


class PaperEditForm(PortalForm):
    """A paper's title and agenda item; the file stays (a new file is a new paper)."""

    title = forms.CharField(label=_("Title"), max_length=255)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("The meeting as a whole"),
    )

    def __init__(self, *args, meeting: Meeting, file_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)
        self.fields["title"].help_text = _(
            "The file “%(name)s” stays as it is: a new file is uploaded as a new paper."
        ) % {"name": escape(file_name)}  # help texts are shown as HTML


# --- invitees -----------------------------------------------------------------------------------


class InviteesForm(PortalForm):
    """Ticks of the committee's role holders (Điều 8.1: the presiding person decides who attends)."""

    users = forms.MultipleChoiceField(
        label=_("Invitees"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.user.pk): c for c in candidates}
        self.fields["users"].choices = [(str(c.user.pk), str(c.user)) for c in candidates]

    def selected_users(self) -> list[User]:
        return [self.candidates[pk].user for pk in self.cleaned_data["users"]]

    def rows(self) -> list[tuple]:
        """(candidate, checkbox) pairs, to show each person's roles beside the box."""
        boxes = {str(w.data["value"]): w for w in self["users"].subwidgets}
        return [(c, boxes[pk]) for pk, c in self.candidates.items()]


class GuestInviteForm(PortalForm):
    user = UserChoiceField(label=_("Person to invite as a guest"), empty_label="—", required=True)

    def __init__(self, *args, options: list[tuple[User, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].set_options(options)


class GuestAccountForm(PortalForm):
    """A new account for an expert who has none, limited to this meeting."""

    full_name = forms.CharField(label=_("Guest's full name"), max_length=255, validators=[single_line])
    position = forms.CharField(
        label=_("Position and organization"), max_length=255, required=False, validators=[single_line]
    )
    email = forms.EmailField(label=_("E-mail (the guest's login)"))


# --- lifecycle ----------------------------------------------------------------------------------


class PostponeForm(ConfirmationMixin, PortalForm):
    start_at = datetime_field(_("New start"))
    end_at = datetime_field(_("New end"))
    reason = forms.CharField(
        label=_("Reason for postponing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for postponing.")},
    )
    confirm_second_meeting = confirm_second_meeting_field()


class CancelForm(PortalForm):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for cancelling.")},
    )


# --- answers (Điều 6.5) -------------------------------------------------------------------------


class InvitationResponseForm(PortalForm):
    R = Invitation.Response

    response = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[
            (R.ATTEND, _("I will attend")),
            (R.ABSENT, _("I cannot attend: I ask to be absent")),
            (R.SUBSTITUTE, _("I send a substitute")),
        ],
        error_messages={"required": _("Choose an answer."), "invalid_choice": _("Choose an answer.")},
    )
    absence_reason = forms.CharField(
        label=_("Reason for absence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when you ask to be absent."),
    )
    substitute_name = forms.CharField(
        label=_("Substitute's full name"),
        max_length=255,
        required=False,
        help_text=_("Required when you send a substitute."),
    )
    substitute_position = forms.CharField(label=_("Substitute's position"), max_length=255, required=False)
    written_opinion = forms.CharField(
        label=_("Your written opinion"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Required when you send a substitute: write it here or attach it as a file."),
    )
    written_opinion_file = forms.FileField(
        label=_("Written opinion (file)"),
        required=False,
        help_text=_("PDF, .docx, .xlsx, .pptx, OpenDocument, PNG or JPG, up to 25 MB."),
        widget=forms.FileInput(attrs={"accept": ACCEPT_UPLOADS}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Required or not depending on the answer: the page says when, not "(optional)".
        for name in ("absence_reason", "substitute_name", "written_opinion", "written_opinion_file"):
            self.fields[name].conditional = True

    @classmethod
    def initial_for(cls, invitation: Invitation) -> dict:
        if invitation.response == Invitation.Response.PENDING:
            return {}
        return {
            "response": invitation.response,
            "absence_reason": invitation.absence_reason,
            "substitute_name": invitation.substitute_name,
            "substitute_position": invitation.substitute_position,
            "written_opinion": invitation.written_opinion,
        }


class DecisionForm(PortalForm):
    """Approve/refuse, accept/decline: a button's value, and an optional note."""

    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, yes: str, no: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.yes = yes
        self.fields["decision"].choices = [(yes, yes), (no, no)]

    @property
    def accepted(self) -> bool:
        return self.cleaned_data["decision"] == self.yes


# --- attendance ---------------------------------------------------------------------------------


class AttendanceForm(PortalForm):
    """One select per invitee, preselected from the recorded mark or the answer."""

    def __init__(self, *args, invitations: list[Invitation], initial_marks: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for inv in invitations:
            field = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": inv.user.display_name},
                choices=Invitation.Attendance.choices,
                required=False,
                initial=initial_marks.get(inv.pk, ""),
            )
            field.label_hidden = True  # the table's row says whose attendance it is
            self.fields[f"mark_{inv.pk}"] = field
        self.style_widgets()

    def rows(self) -> list[tuple[Invitation, BoundField]]:
        return [(inv, self[f"mark_{inv.pk}"]) for inv in self.invitations]

    def marks(self) -> dict[int, str]:
        return {inv.pk: self.cleaned_data.get(f"mark_{inv.pk}", "") for inv in self.invitations}


# --- proposals (Điều 8.1) -----------------------------------------------------------------------


class ProposalForm(PortalForm):
    reason = forms.CharField(
        label=_("Why an extraordinary meeting is needed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason for the meeting.")},
    )
    suggested_start = datetime_field(_("Suggested time"), required=False)
