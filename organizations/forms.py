"""Forms for organizations and party orgs; the rules come from the models and services."""
from django import forms

from .models import Organization, PartyOrg
from .services import check_party_org_coverage


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["credit_code", "name", "category", "individual_business", "unit", "township", "industry",
                  "employees", "stable", "status", "owner_name", "owner_is_member"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()


class PartyOrgForm(forms.ModelForm):
    class Meta:
        model = PartyOrg
        fields = ["code", "name", "level", "form", "organizations", "unit", "established_on", "revoked_on",
                  "has_venue", "has_facilities", "has_funding", "demo_level", "demo_year"]
        widgets = {
            "established_on": forms.DateInput(attrs={"type": "date"}),
            "revoked_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, organizations=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organizations"].queryset = organizations
        if units is not None:
            self.fields["unit"].queryset = units

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("form") and "organizations" in cleaned:
            try:
                check_party_org_coverage(form=cleaned["form"], organizations=cleaned["organizations"])
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return cleaned
