from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from organizations.models import Organization
from organizations.selectors import units_for


class DashboardForm(forms.Form):
    """The as-of date and, for county staff, the township or unit to drill down to."""

    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput())
    township = forms.ChoiceField(label=_("Township"), required=False)
    unit = forms.ModelChoiceField(label=_("Supervising unit"), required=False, queryset=None, to_field_name="code")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = units_for(user)
        townships = Organization.objects.exclude(township="").order_by("township").values_list(
            "township", flat=True).distinct()
        self.fields["township"].choices = [("", _("Whole county"))] + [(t, t) for t in townships]
        if not user.sees_whole_county:
            del self.fields["township"]
            del self.fields["unit"]

    def clean_as_of(self):
        return self.cleaned_data.get("as_of") or timezone.localdate()
