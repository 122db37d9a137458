"""Form pieces every app's forms use, and the bounded fields every query parameter goes through."""
import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (YYYY-MM-DD) in every language: the
    localized format (2010/05/01 in Chinese) leaves the picker empty."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but a posted key too large for the database's integer column (say
    99999999999999999999) is an invalid choice rather than an overflow in the lookup (a 500)."""

    def _check_values(self, value):
        model_field = (self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name
                       else self.queryset.model._meta.pk)
        if isinstance(model_field, models.IntegerField):
            low, high = connection.ops.integer_field_range(model_field.get_internal_type())
            for pk in value:
                try:
                    number = int(str(pk))
                except ValueError:
                    continue  # Django's own check names it
                if (low is not None and number < low) or (high is not None and number > high):
                    raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                                params={"pk": pk})
        return super()._check_values(value)


# -- bounded fields of the query string and of forms ----------------------------------------------
# Dates the portal reads from a query string or a filter: from the founding of the People's Republic
# to some years ahead (plans look a few years forward). Outside that, the date arithmetic of the
# figures (six months before, a year after…) would leave the calendar, and no register holds it.
EARLIEST_DATE = datetime.date(1949, 10, 1)
YEARS_AHEAD = 10

MSG_DATE_RANGE = _("Enter a date between %(earliest)s and %(latest)s.")
MSG_YEAR_RANGE = _("Enter a year between %(earliest)s and %(latest)s.")
MSG_NUMBER_RANGE = _("Enter a whole number between %(low)s and %(high)s.")


def latest_date(today: datetime.date | None = None) -> datetime.date:
    """The last date the portal accepts: YEARS_AHEAD years after today (28 February for 29 February)."""
    return (today or timezone.localdate()) + relativedelta(years=YEARS_AHEAD)  # clipped as members.asof.months_after


def latest_year() -> int:
    return latest_date().year


def db_integer_range(internal_type: str = "IntegerField") -> tuple[int, int]:
    """The values a column of this integer type holds on every database the portal runs on (the
    portable ranges: SQLite would take more than PostgreSQL)."""
    return BaseDatabaseOperations.integer_field_ranges[internal_type]


class BoundedDateField(forms.DateField):
    """A date between EARLIEST_DATE and latest_date(), with the browser's date picker limited to
    them; outside them the form says which dates it takes (never an error further down)."""

    widget = DateInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": EARLIEST_DATE.isoformat(), "max": latest_date().isoformat()}

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        latest = latest_date()
        if not EARLIEST_DATE <= value <= latest:
            raise forms.ValidationError(MSG_DATE_RANGE, code="date_range",
                                        params={"earliest": EARLIEST_DATE.isoformat(), "latest": latest.isoformat()})


class YearField(forms.IntegerField):
    """A year between EARLIEST_DATE's and latest_date()'s."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": EARLIEST_DATE.year, "max": latest_year()}

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        latest = latest_year()
        if not EARLIEST_DATE.year <= value <= latest:
            raise forms.ValidationError(MSG_YEAR_RANGE, code="year_range",
                                        params={"earliest": EARLIEST_DATE.year, "latest": latest})


class BoundedIntegerField(forms.IntegerField):
    """A whole number the database's integer column holds (or tighter bounds, min_value and
    max_value): 99999999999999999999 is refused by the form, never overflows in a query."""

    def __init__(self, *, internal_type: str = "IntegerField", min_value=None, max_value=None, **kwargs):
        low, high = db_integer_range(internal_type)
        self.low = low if min_value is None else max(low, min_value)
        self.high = high if max_value is None else min(high, max_value)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "min": self.low, "max": self.high}

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values and not self.low <= value <= self.high:
            raise forms.ValidationError(MSG_NUMBER_RANGE, code="number_range",
                                        params={"low": self.low, "high": self.high})
