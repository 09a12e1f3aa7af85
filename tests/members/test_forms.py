"""The one form convention (members/forms.py): every form derives from it, fields render through
one template with one error-id scheme, and run_service turns a service's refusal into form errors
or a message."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from meetings.models import MeetingError
from meetings.permissions.rules import MeetingPermissionDenied
from members.errors import DomainError
from members.forms import PortalForm, PortalFormMixin, run_service

FORM_MODULES = ["members.forms", "meetings.forms.meetings", "meetings.forms.minutes"]


class ExampleForm(PortalForm):
    name = forms.CharField(label="Name", help_text="As on the decision.")
    note = forms.CharField(label="Note", required=False)
    answer = forms.ChoiceField(label="Answer", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _messages(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def _refuse(error: Exception):
    def call():
        raise error

    return call


# --- one base form ------------------------------------------------------------------------------


def test_every_form_of_the_portal_derives_from_the_portal_form_mixin():
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, forms.BaseForm):
                found.append(cls)
    assert len(found) > 10
    assert [cls.__name__ for cls in found if not issubclass(cls, PortalFormMixin)] == []


def test_meeting_error_is_a_domain_error_with_its_message():
    error = MeetingError("Không thể triệu tập.")
    assert isinstance(error, DomainError)
    assert error.message == "Không thể triệu tập."


# --- one field template -------------------------------------------------------------------------


def test_field_with_an_error_is_described_by_its_help_and_error_and_both_exist():
    form = ExampleForm(data={"name": "", "answer": "a"})
    form.is_valid()
    html = str(form["name"].as_field_group())
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_helptext"' in html and 'id="id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'class="form-control is-invalid"', html)


def test_choice_buttons_share_a_fieldset_described_by_the_error():
    form = ExampleForm(data={"name": "x"})
    form.is_valid()
    html = str(form["answer"].as_field_group())
    assert '<fieldset class="mb-3" aria-describedby="id_answer_error">' in html
    assert 'id="id_answer_error"' in html
    assert html.count('class="form-check-input is-invalid"') == 2


def test_optional_marker_only_beside_optional_fields_of_a_form_that_has_required_ones():
    form = ExampleForm()
    assert form["note"].marked_optional
    assert not form["name"].marked_optional

    class AllOptional(PortalForm):
        a = forms.CharField(required=False)
        b = forms.CharField(required=False)

    assert not AllOptional()["a"].marked_optional


def test_whole_form_renders_non_field_errors_above_the_fields():
    form = ExampleForm(data={"name": "x", "answer": "a"})
    form.is_valid()
    form.add_error(None, "Cuộc họp đã bị hủy.")
    html = str(form)
    assert html.index('class="alert alert-danger"') < html.index('for="id_name"')
    assert "Cuộc họp đã bị hủy." in html


# --- run_service --------------------------------------------------------------------------------


def test_run_service_returns_the_value_when_the_service_succeeds(request_):
    outcome = run_service(request_, lambda: 42)
    assert (outcome.ok, outcome.value, outcome.refused) == (True, 42, False)
    assert _messages(request_) == []


def test_run_service_reports_a_domain_error_as_a_message_when_there_is_no_form(request_):
    outcome = run_service(request_, _refuse(MeetingError("Không thể triệu tập.")))
    assert (outcome.ok, outcome.refused) == (False, True)
    assert _messages(request_) == ["Không thể triệu tập."]


def test_run_service_reports_a_domain_error_as_a_message_even_with_a_form_unless_told(request_):
    form = ExampleForm(data={"name": "x", "answer": "a"})
    form.is_valid()
    outcome = run_service(request_, _refuse(DomainError("Đã hết hạn.")), form=form)
    assert outcome.refused
    assert _messages(request_) == ["Đã hết hạn."]
    assert not form.errors


def test_run_service_puts_a_domain_error_above_the_form_with_refusal_on_form(request_):
    form = ExampleForm(data={"name": "x", "answer": "a"})
    form.is_valid()
    outcome = run_service(request_, _refuse(DomainError("Đã hết hạn.")), form=form, refusal_on_form=True)
    assert (outcome.ok, outcome.refused) == (False, False)
    assert form.non_field_errors() == ["Đã hết hạn."]
    assert _messages(request_) == []


def test_run_service_maps_a_validation_error_dict_onto_the_form_fields(request_):
    form = ExampleForm(data={"name": "x", "answer": "a"})
    form.is_valid()
    error = ValidationError({"name": "Tên đã có.", "elsewhere": "Không thuộc ô nào."})
    outcome = run_service(request_, _refuse(error), form=form)
    assert (outcome.ok, outcome.refused) == (False, False)
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Không thuộc ô nào."]


def test_run_service_puts_a_validation_error_without_field_under_the_named_field(request_):
    form = ExampleForm(data={"name": "x", "answer": "a"})
    form.is_valid()
    run_service(request_, _refuse(ValidationError("Tệp hỏng.")), form=form, field="note")
    assert form.errors["note"] == ["Tệp hỏng."]


def test_run_service_reports_a_validation_error_as_a_message_when_there_is_no_form(request_):
    outcome = run_service(request_, _refuse(ValidationError(["Một.", "Hai."])))
    assert outcome.refused
    assert _messages(request_) == ["Một. Hai."]


def test_run_service_lets_through_what_the_view_handles_and_what_is_not_a_refusal(request_):
    class Stale(MeetingError):
        pass

    with pytest.raises(Stale):
        run_service(request_, _refuse(Stale("Cũ.")), reraise=(Stale,))
    with pytest.raises(PermissionDenied):
        run_service(request_, _refuse(PermissionDenied()))
    assert _messages(request_) == []


def test_run_service_answers_403_when_a_refusal_is_also_not_this_person(request_):
    """A service that refuses the person (PermissionDenied) with a domain message is a 403, not a
    message: the view checked the person first, so only a race or a bug gets here."""
    with pytest.raises(PermissionDenied):
        run_service(request_, _refuse(MeetingPermissionDenied("Chỉ Trưởng ban.")))
    assert _messages(request_) == []
