"""The portal's one form convention, for every app (members is the lowest, so all may use it):

- `PortalFormMixin` (as `PortalForm`, `PortalModelForm`, or mixed into Django's own auth forms):
  Bootstrap classes on the controls and `is-invalid` on a control with errors, whichever route
  (the form's own cleaning or a service's refusal) put the error there. Django itself adds
  `aria-invalid` and `aria-describedby` = `<auto_id>_helptext <auto_id>_error`.
- `PortalFormRenderer` (settings.FORM_RENDERER): `{{ form }}` renders templates/forms/form.html,
  `{{ form.<field>.as_field_group }}` templates/forms/field.html (label, "(optional)", control,
  errors with id `<auto_id>_error`, help text with id `<auto_id>_helptext`);
  templates/forms/non_field_errors.html shows the errors that belong to no field.
- `run_service`: calls one service and turns its refusal (a DomainError, or a ValidationError)
  into errors on the form or a message, so views hold no try/except of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .models import Organization, User
from .validators import single_line, within_portal_years

T = TypeVar("T")


# --- rendering ----------------------------------------------------------------------------------


class PortalFormRenderer(TemplatesSetting):
    """Forms and fields render through the project's templates (settings.TEMPLATES)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class PortalBoundField(BoundField):
    """Adds Bootstrap's `is-invalid` to a control with errors (Django adds `aria-invalid`)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors and not widget.is_hidden:
            css = attrs.get("class") or widget.attrs.get("class", "")
            attrs["class"] = f"{css} is-invalid".strip()
        return attrs

    @property
    def marked_optional(self) -> bool:
        """The label says "(optional)" for an optional field of a form that also asks for required
        ones; never for a checkbox, nor for a `conditional` field (required depending on another
        answer, which its help text says)."""
        field = self.field
        if field.required or getattr(field, "conditional", False) or self.widget_type == "checkbox":
            return False
        return any(f.required for f in self.form.fields.values() if not f.widget.is_hidden)


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):  # CheckboxSelectMultiple too
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class PortalFormMixin:
    """Every form of the portal: Bootstrap classes on its controls, errors shown the one way."""

    bound_field_class = PortalBoundField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """Give each control its Bootstrap class (a class set on the widget is kept); a form that
        adds fields after __init__ calls this again."""
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("class", _css_class(field.widget))


class PortalForm(PortalFormMixin, forms.Form):
    pass


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    pass


# --- a service's refusal ------------------------------------------------------------------------


@dataclass
class Outcome(Generic[T]):
    """What `run_service` did. `ok`: the service ran and returned `value`. Otherwise either the
    refusal is on the form (`refused` False: render the form again, bound, with what was typed)
    or it was reported as a message (`refused` True: redirect)."""

    ok: bool
    value: T | None = None
    refused: bool = False


def add_validation_error(form: forms.BaseForm, error: ValidationError, *, field: str | None = None) -> None:
    """Put a service's ValidationError on the form: `{field: message}` under that field when the
    form has it; a message without a field under `field`, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field if field in form.fields else None, error.messages)


def run_service(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    field: str | None = None,
    refusal_on_form: bool = False,
    reraise: tuple[type[Exception], ...] = (),
) -> Outcome[T]:
    """Run `call` (one service); report what refuses it instead of raising:

    - a ValidationError goes onto `form` (see `add_validation_error`; `field` takes a message
      that names no field), or without a form becomes an error message;
    - a DomainError (MeetingError, ...) becomes an error message, or with `refusal_on_form` an
      error above the form (for a refusal the person can act on without leaving the page);
    - `reraise` lists errors the view handles itself (a subclass needing its own page).

    PermissionDenied and anything else propagate: a 403 or a 500 are not refusals to report.
    """
    try:
        value = call()
    except reraise:
        raise
    except PermissionDenied:
        raise  # "not this person" is a 403 even when it also carries a domain message
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return Outcome(ok=False, refused=True)
        add_validation_error(form, error, field=field)
        return Outcome(ok=False)
    except DomainError as error:
        if form is not None and refusal_on_form:
            form.add_error(None, error.message)
            return Outcome(ok=False)
        messages.error(request, error.message)
        return Outcome(ok=False, refused=True)
    return Outcome(ok=True, value=value)


# --- the members app's forms --------------------------------------------------------------------


class ProfileForm(PortalModelForm):
    """What a person may keep up to date about themselves; roles are the administrators'."""

    class Meta:
        model = User
        fields = ["full_name", "position", "phone", "email"]


class LoginForm(PortalFormMixin, auth_forms.AuthenticationForm):
    """Django's login form (django-axes checks it), labelled from the portal's catalogue."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class PasswordChangeForm(PortalFormMixin, auth_forms.PasswordChangeForm):
    """Django's password change (the validators of AUTH_PASSWORD_VALIDATORS), the portal's look."""


class PasswordResetForm(PortalFormMixin, auth_forms.PasswordResetForm):
    """Django's "forgot my password" form: the e-mail address, labelled from the catalogue."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = _("The address the portal writes to you at.")


class SetPasswordForm(PortalFormMixin, auth_forms.SetPasswordForm):
    """Django's new-password form reached from a reset link, the portal's look."""


class ChairActingPeriodForm(PortalForm):
    """The chair's absence and the deputy acting meanwhile (Điều 4.1); the rules are the service's."""

    deputy = forms.ModelChoiceField(
        label=_("Deputy acting for the chair"), queryset=User.objects.none(), empty_label=None
    )
    start_date = forms.DateField(
        label=_("Chair away from"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=_("Chair away until"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day the deputy signs for the chair."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=255, help_text=_("e.g. a mission to Hà Nội, annual leave.")
    )

    def __init__(self, *args, deputies: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = User.objects.filter(pk__in=[u.pk for u in deputies]).order_by(
            "full_name"
        )


class FocalOfficerForm(PortalForm):
    """A member names a person of their agency its focal officer (Điều 9.3); the rules (who, from
    when) are the service's, members.services.focal_officer_name."""

    user = forms.ModelChoiceField(
        label=_("Officer to name"),
        queryset=User.objects.none(),
        help_text=_("Staff of your agency with an account on the portal."),
    )
    start_date = forms.DateField(
        label=_("Focal officer from"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[within_portal_years],
        help_text=_("Today or a later day within a year."),
    )
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=64,
        required=False,
        validators=[single_line],
        help_text=_("The agency's decision naming the officer, if there is one, e.g. 15/QĐ-SKHĐT."),
    )
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[within_portal_years],
    )

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = candidates
        field.label_from_instance = _person_choice


def _person_choice(user: User) -> str:
    """A person in a list to choose from: their name, and their position when they have one."""
    return f"{user.display_name} — {user.position}" if user.position else user.display_name


class NotificationFilterForm(PortalForm):
    """The notifications page's filters (GET): a kind (its preference group) and read or not. A
    value that is not offered is an error on the field, and the list ignores that filter."""

    STATES = {"unread": False, "read": True}

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Read and unread")), ("unread", _("Unread")), ("read", _("Read"))],
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]

    def filters(self) -> dict[str, object]:
        """The valid filters: {"kind": preference key or None, "read": bool or None}."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"kind": data.get("kind") or None, "read": self.STATES.get(data.get("state") or "")}


class NotificationPreferencesForm(PortalForm):
    """Per kind of notification, "by e-mail" (ticked unless the person chose the portal only), and
    the daily digest. The portal always shows every notification."""

    digest = forms.BooleanField(
        label=_("One daily digest e-mail (07:00) instead of one e-mail per notification"),
        required=False,
        help_text=_("The digest lists everything e-mailable since the last one."),
    )

    def __init__(self, *args, sections, digest: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sections: list[tuple[str, list[str]]] = []
        self.keys: dict[str, str] = {}  # field name → preference key
        for section in sections:
            names = []
            for choice in section.choices:
                name = "email_" + choice.key.replace(".", "__")
                self.fields[name] = forms.BooleanField(
                    label=choice.label, required=False, initial=choice.by_email
                )
                self.keys[name] = choice.key
                names.append(name)
            self.sections.append((section.title, names))
        self.fields["digest"].initial = digest
        self.style_widgets()  # the fields added here

    def section_fields(self) -> list[tuple[str, list]]:
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def choices(self) -> dict[str, bool]:
        return {key: self.cleaned_data[name] for name, key in self.keys.items()}


# --- the support group's sub-teams and duties (Điều 4.3, 7.8) -------------------------------------


def _date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[within_portal_years],
        help_text=help_text,
    )


#: The largest id a database integer holds on every backend the portal runs on.
_MAX_ID = 2**31 - 1


class _IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of rows whose ids are checked as ids first: an `__in` lookup with an id past the
    database's integer raises instead of finding nothing ("²", 2**70)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and int(text) <= _MAX_ID):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class SupportTeamForm(PortalForm):
    """A sub-team's name and field; the rules (a unique name) are the service's."""

    name = forms.CharField(
        label=_("Sub-team name"),
        max_length=255,
        validators=[single_line],
        error_messages={"required": _("Give the sub-team a name.")},
        help_text=_("e.g. Nhóm hạ tầng và an toàn thông tin."),
    )
    domain = forms.CharField(
        label=_("Field"),
        max_length=255,
        required=False,
        validators=[single_line],
        help_text=_("The field the sub-team helps with, e.g. digital infrastructure."),
    )


class SupportTeamMemberForm(PortalForm):
    """Name a person of the support group to a sub-team (the candidates are the view's)."""

    user = forms.ModelChoiceField(
        label=_("Person of the support group"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose the person to name.")},
        help_text=_("The support group's leader and members in force."),
    )
    is_lead = forms.BooleanField(label=_("Lead of the sub-team"), required=False)

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = candidates
        field.label_from_instance = _person_choice


class SupportDutyForm(PortalForm):
    """What one person of the sub-team is charged with; the rules are the service's."""

    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose the person charged with the duty.")},
    )
    areas = forms.CharField(
        label=_("Areas followed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. online public services; digital signatures."),
    )
    agencies = _IdMultipleChoiceField(
        label=_("Agencies followed"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tasks = forms.CharField(
        label=_("The committee's tasks"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the person prepares or follows for the committee."),
    )
    start_date = _date_field(_("Duty from"))
    end_date = _date_field(
        _("Duty until"), required=False, help_text=_("Leave empty for a duty without an end.")
    )

    def __init__(self, *args, members, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
        self.fields["user"].label_from_instance = _person_choice
        self.fields["agencies"].queryset = agencies
