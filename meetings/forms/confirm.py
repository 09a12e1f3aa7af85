"""A confirmation a service asks for: a rule that allows something unusual only when the person
says they mean it (a second regular meeting in a quarter, a due date already past). The service
refuses without it, its message on the confirmation field; the form then shows the checkbox with
that message under it, keeping everything typed; ticked and sent again, the service goes ahead."""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField


class ConfirmField(forms.BooleanField):
    """A checkbox shown only once the service has asked for it (or it is ticked)."""

    def __init__(self, *, label, **kwargs) -> None:
        super().__init__(label=label, required=False, **kwargs)


class ConfirmationMixin:
    """For a PortalForm with ConfirmFields: `{{ form }}` leaves out those nobody was asked to
    tick yet; a template that places fields itself renders `form.asked_confirmations`."""

    def confirmation_asked(self, name: str) -> bool:
        bound = self[name]
        return bool(bound.errors) or bool(bound.value())

    @property
    def asked_confirmations(self) -> list[BoundField]:
        return [
            self[name]
            for name, field in self.fields.items()
            if isinstance(field, ConfirmField) and self.confirmation_asked(name)
        ]

    @property
    def confirmation_names(self) -> list[str]:
        return [name for name, field in self.fields.items() if isinstance(field, ConfirmField)]

    def get_context(self) -> dict:
        context = super().get_context()
        context["fields"] = [
            (bound, errors)
            for bound, errors in context["fields"]
            if not isinstance(bound.field, ConfirmField) or self.confirmation_asked(bound.name)
        ]
        return context
