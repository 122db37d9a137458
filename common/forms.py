"""Form pieces every app's forms use."""
from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (YYYY-MM-DD) in every language: the
    localized format (2010/05/01 in Chinese) leaves the picker empty."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)
