"""The filters every list uses: a free-text search box over a list of fields, and bounded filters.

Every query parameter of a list goes through its FilterSet's form: a year, a date or a number
out of bounds (negative, 99999999999999999999, year 0001…) is a form error on the page, never a
500 or an overflow of the database's integer. SearchFilterSet maps the model's integer and date
fields named in ``Meta.fields`` to the bounded filters below, so a field added there is bounded
too; a filter declared by hand uses them (``YearFilter`` for a year)."""
import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import BoundedDateField, BoundedIntegerField, YearField

SEARCH_MAX_LENGTH = 200


class YearFilter(django_filters.NumberFilter):
    """A year within the portal's bounds (common.forms.YearField); works with lookup_expr="year"."""

    field_class = YearField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number the database's integer column holds (common.forms.BoundedIntegerField)."""

    field_class = BoundedIntegerField


class DateFilter(django_filters.DateFilter):
    """A date within the portal's bounds (common.forms.BoundedDateField)."""

    field_class = BoundedDateField


INTEGER_FILTER = {"filter_class": IntegerFilter, "extra": lambda field: {"internal_type": field.get_internal_type()}}
# django-filter's filter for each kind of model field, with the bounded ones for integers and dates.
BOUNDED_FILTER_DEFAULTS = {
    **django_filters.filterset.FILTER_FOR_DBFIELD_DEFAULTS,
    **{field: INTEGER_FILTER for field in (models.AutoField, models.SmallIntegerField, models.IntegerField,
                                           models.PositiveIntegerField, models.PositiveSmallIntegerField)},
    models.DateField: {"filter_class": DateFilter},
}


class SearchFilterSet(django_filters.FilterSet):
    """Subclasses set ``search_fields``; ``q`` matches any of them (case-insensitive, contains)."""

    FILTER_DEFAULTS = BOUNDED_FILTER_DEFAULTS

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=SEARCH_MAX_LENGTH)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)
