"""Form pieces every app's forms use."""
from django import forms
from django.db import connection, models
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
