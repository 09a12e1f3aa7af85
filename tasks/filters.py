"""The filters of the directive list (django-filter) and the scoreboard's period.

The list's filters: committee, agency, status, timeliness, source, deadline range and a text
search that ignores Vietnamese diacritics and case.

The search compares folded words with `Directive.search_text` (title, expected result, document
number; see `tasks.models.fold`), each word a LIKE on a stored column: the same answer on SQLite
and PostgreSQL, no collation involved. Agency names are not searched (their names are not folded
in the database): the agency filter finds an agency's work.

The list, its CSV and its XLSX read the same `DirectiveFilter(...).ordered()` queryset, so an
export holds exactly the rows of the page, in the same order (all pages).

The choices (committees, agencies) are loaded once into plain choice fields: a value is checked
against them as text, so an id past the database's integer ("9" * 20) is refused by the form as
"not one of the choices" instead of overflowing in the database driver.
"""

from __future__ import annotations

import datetime
import unicodedata

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.forms import PortalForm
from members.models import Committee, Organization, User
from members.validators import FIRST_YEAR, LAST_YEAR, within_portal_years

from . import selectors
from .models import Directive, Timeliness, fold
from .permissions import committee_ids_with_tasks, directives_visible_to
from .scoreboard import Period

#: Rows per page of the list (the exports hold every row).
PAGE_SIZE = 50
#: A search longer than this is cut: nobody types more, and each word costs a LIKE.
MAX_SEARCH_WORDS = 8


def search_words(text: str) -> list[str]:
    """The words of a search as `search_text` stores them (see `tasks.models.fold`), without
    control characters (PostgreSQL refuses a NUL in a query)."""
    printable = "".join(ch for ch in (text or "") if unicodedata.category(ch) != "Cc" or ch in "\t\n\r")
    return fold(printable).split()[:MAX_SEARCH_WORDS]


class DatePicker(forms.DateInput):
    """The browser's date picker; the field also reads dd/mm/yyyy typed by hand."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _date_filter(label, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name="deadline",
        lookup_expr=lookup,
        label=label,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=DatePicker(),
        validators=[within_portal_years],
    )


class DirectiveFilterForm(PortalForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("deadline_from"), cleaned.get("deadline_to")
        if start and end and start > end:
            self.add_error("deadline_to", _("This date is earlier than “Deadline from”."))
        return cleaned


class DirectiveFilter(django_filters.FilterSet):
    """The filters of the directive list over the directives the person sees, each with its
    timeliness (computed by the database)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=200,
        help_text=_(
            "Words of the title, expected result or document number; accents and case do not matter."
        ),
    )
    committee = django_filters.ChoiceFilter(
        label=_("Committee"), empty_label=_("All my committees"), method="filter_committee"
    )
    agency = django_filters.ChoiceFilter(
        label=_("Agency (lead or coordinating)"), empty_label=_("All agencies"), method="filter_agency"
    )
    lead_only = django_filters.BooleanFilter(
        label=_("Only as the lead agency"), method="filter_nothing", widget=forms.CheckboxInput
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Directive.Status.choices, empty_label=_("Any status")
    )
    timeliness = django_filters.ChoiceFilter(
        label=_("Timeliness"), choices=Timeliness.choices, empty_label=_("Any timeliness")
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Directive.Source.choices, empty_label=_("Any source")
    )
    deadline_from = _date_filter(_("Deadline from"), "gte")
    deadline_to = _date_filter(_("Deadline to"), "lte")

    class Meta:
        model = Directive
        fields: list[str] = []
        form = DirectiveFilterForm

    def __init__(self, data=None, *, user: User) -> None:
        queryset = selectors.directives_with_timeliness(directives_visible_to(user))
        super().__init__(data, queryset=queryset)
        committee_ids = committee_ids_with_tasks(user)
        committees = Committee.objects.filter(pk__in=committee_ids).order_by("name")
        self.filters["committee"].extra["choices"] = [(str(c.pk), c.name) for c in committees]
        self.committee_count = len(self.filters["committee"].extra["choices"])
        visible = Directive.objects.filter(committee_id__in=committee_ids)
        through = Directive.coordinating_organizations.through.objects.filter(
            directive__committee_id__in=committee_ids
        )
        agencies = Organization.objects.filter(
            Q(pk__in=visible.values("lead_organization_id")) | Q(pk__in=through.values("organization_id"))
        ).order_by("name")
        self.filters["agency"].extra["choices"] = [(str(o.pk), o.name) for o in agencies]

    # --- the filters that need more than a lookup ------------------------------------------------

    def filter_text(self, queryset: QuerySet[Directive], _name: str, value: str) -> QuerySet[Directive]:
        for word in search_words(value):
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_committee(self, queryset: QuerySet[Directive], _name: str, value: str) -> QuerySet[Directive]:
        return queryset.filter(committee_id=int(value)) if value else queryset

    def filter_agency(self, queryset: QuerySet[Directive], _name: str, value: str) -> QuerySet[Directive]:
        if not value:
            return queryset
        agency_id = int(value)
        if self.form.cleaned_data.get("lead_only"):
            return queryset.filter(lead_organization_id=agency_id)
        coordinated = Directive.coordinating_organizations.through.objects.filter(
            organization_id=agency_id
        ).values("directive_id")
        # A subquery, not a join: a directive appears once, without DISTINCT.
        return queryset.filter(Q(lead_organization_id=agency_id) | Q(pk__in=coordinated))

    def filter_nothing(
        self, queryset: QuerySet[Directive], _name: str, _value: object
    ) -> QuerySet[Directive]:
        return queryset  # `lead_only` only changes how `agency` filters

    # --- what the page and the exports read ----------------------------------------------------------

    def ordered(self) -> QuerySet[Directive]:
        """The filtered directives in the list's order: deadline, regular work (no deadline) last,
        then by number; the same on SQLite and PostgreSQL (which sort NULLs differently)."""
        return self.qs.order_by(F("deadline").asc(nulls_last=True), "pk")

    @property
    def is_filtered(self) -> bool:
        """Whether a filter that could be read narrows the list (the empty list then says so)."""
        if not self.is_bound:
            return False
        self.form.is_valid()  # validates once; what could be read is in cleaned_data
        cleaned = getattr(self.form, "cleaned_data", {})
        return any(value not in (None, "", False) for value in cleaned.values())


def with_labels(directives) -> list[Directive]:
    """The rows of one page, each with its timeliness label (the annotation is a bare value)."""
    rows = list(directives)
    for directive in rows:
        directive.timeliness_label = Timeliness(directive.timeliness).label
    return rows


class ScoreboardPeriodForm(PortalForm):
    """The scoreboard's period: a year (this year unless given) and a quarter, or the whole year."""

    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, empty_value=None, required=False)

    def __init__(self, data=None, *, today: datetime.date) -> None:
        super().__init__(data, initial={"year": today.year})
        self.today = today
        self.fields["quarter"].choices = [
            ("", gettext("Whole year")),
            *((q, gettext("Quarter %(quarter)s") % {"quarter": q}) for q in (1, 2, 3, 4)),
        ]

    def period(self) -> Period:
        """The period asked for; what cannot be read (the form then shows why) falls back to
        this year, whole."""
        if not self.is_bound:
            return Period(self.today.year)
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return Period(cleaned.get("year") or self.today.year, cleaned.get("quarter"))
