from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import BoundedDateField

MSG_DATE_TO_BEFORE_FROM = _("The end date cannot be before the start date.")


class AuditFilterForm(forms.Form):
    """Filters of the audit trail page; the choices come from the caller (users who appear in
    history, the record types kept with history)."""

    user = forms.ModelChoiceField(queryset=None, required=False, label=_("User"))
    record_type = forms.ChoiceField(required=False, label=_("Record type"))
    date_from = BoundedDateField(required=False, label=_("From"))
    date_to = BoundedDateField(required=False, label=_("To"))

    def __init__(self, *args, users, record_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["record_type"].choices = [("", "---------"), *record_types]

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", MSG_DATE_TO_BEFORE_FROM)
        return cleaned
