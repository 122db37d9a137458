from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import BoundedDateField
from members import rules as member_rules
from organizations.models import Organization
from organizations.selectors import units_for

from .suggestions import parse_pair


class DashboardForm(forms.Form):
    """The as-of date and, for county staff, the township or unit to drill down to."""

    as_of = BoundedDateField(label=_("As of"), required=False)
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


class SuggestionAcceptForm(forms.Form):
    """The suggested assignments ticked on the page of uncovered organizations: each posted as
    "<organization pk>:<officer pk>" (Suggestion.pair), resolved among the given querysets in two
    queries. ``cleaned_data["pairs"]`` is a list of (officer, organization)."""

    pair = forms.Field(widget=forms.MultipleHiddenInput,
                       error_messages={"required": member_rules.MSG_SUGGESTION_NONE_CHOSEN})

    def __init__(self, *args, officers, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.officers, self.organizations = officers, organizations

    def clean_pair(self):
        try:
            ids = [parse_pair(value) for value in self.cleaned_data["pair"]]
        except (TypeError, ValueError):
            raise forms.ValidationError(member_rules.MSG_SUGGESTION_UNKNOWN, code="unknown") from None
        organizations = self.organizations.in_bulk({organization_pk for organization_pk, _officer in ids})
        officers = self.officers.in_bulk({officer_pk for _organization, officer_pk in ids})
        if any(o not in organizations or f not in officers for o, f in ids):
            raise forms.ValidationError(member_rules.MSG_SUGGESTION_UNKNOWN, code="unknown")
        self.cleaned_data["pairs"] = [(officers[f], organizations[o]) for o, f in ids]
        return self.cleaned_data["pair"]
