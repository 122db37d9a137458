"""Forms for organizations and party orgs; the rules come from the models and services."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, ModelMultipleChoiceField
from common.validators import validate_key

from . import rules
from .models import ChangeKind, LeadershipMember, Organization, PartyOrg, PartyOrgLevel, SupervisingUnit
from .models import FIVE_GOODS_CRITERIA, DemoLevel, FiveGoodsAssessment
from .models import ActivityRecord
from .models import PartyOrgForm as PartyOrgFormKind  # the form class below takes the name
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
            "established_on": DateInput(),
            "revoked_on": DateInput(),
        }
        field_classes = {"organizations": ModelMultipleChoiceField}

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


CODE_SEPARATORS = re.compile(r"[\s;,，；、]+")


class ChangeRequestForm(forms.Form):
    """A request to establish, revoke or change a party org, within what the user may see.

    Organizations and party orgs are named by their codes (a county has too many for a list);
    a unit secretary may name only their unit's, and requests for their own unit."""

    kind = forms.ChoiceField(label=_("Request"), choices=ChangeKind.choices)
    unit = forms.ModelChoiceField(label=_("Requesting unit"), queryset=SupervisingUnit.objects.none())
    party_org_code = forms.CharField(label=_("Party organization code"), required=False,
                                     help_text=_("The party organization to revoke or change."))
    proposed_code = forms.CharField(label=_("Code of the new party organization"), required=False, max_length=32,
                                    validators=[validate_key])
    proposed_name = forms.CharField(label=_("Name of the party organization"), required=False, max_length=200)
    proposed_level = forms.ChoiceField(label=_("Level"), required=False,
                                       choices=[("", "---------"), *PartyOrgLevel.choices])
    proposed_form = forms.ChoiceField(label=_("Form"), required=False,
                                      choices=[("", "---------"), *PartyOrgFormKind.choices])
    org_codes = forms.CharField(
        label=_("Organizations covered"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Unified social credit codes, separated by spaces, commas or semicolons."))
    proposed_leading_unit = forms.ModelChoiceField(label=_("Leading unit"), required=False,
                                                   queryset=SupervisingUnit.objects.none())
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    # The service's names of the fields whose errors these form fields show.
    SERVICE_FIELDS = {"party_org": "party_org_code", "proposed_organizations": "org_codes"}

    def __init__(self, *args, user, organizations, party_orgs, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.organizations = organizations
        self.party_orgs = party_orgs
        self.fields["unit"].queryset = units
        self.fields["proposed_leading_unit"].queryset = units
        if getattr(user, "is_unit_secretary", False):
            self.fields["unit"].initial = user.unit_id
            self.fields["unit"].disabled = True

    def clean_party_org_code(self):
        code = self.cleaned_data["party_org_code"].strip()
        if not code:
            return None
        party_org = self.party_orgs.filter(code=code).first()
        if party_org is None:
            raise forms.ValidationError(rules.MSG_REQUEST_PARTY_ORG_UNKNOWN, params={"code": code})
        return party_org

    def clean_org_codes(self):
        codes = list(dict.fromkeys(c.upper() for c in CODE_SEPARATORS.split(self.cleaned_data["org_codes"]) if c))
        found = {o.credit_code: o for o in self.organizations.filter(credit_code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(rules.MSG_REQUEST_ORGS_OUT_OF_SCOPE, params={"codes": "、".join(missing)})
        return [found[c] for c in codes]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "unit": data["unit"], "effective_on": data["effective_on"],
                "reason": data["reason"], "party_org": data["party_org_code"],
                "code": data["proposed_code"].strip(), "name": data["proposed_name"].strip(),
                "level": data["proposed_level"], "form": data["proposed_form"], "organizations": data["org_codes"],
                "leading_unit": data["proposed_leading_unit"]}


class ChangeRequestPrefillForm(forms.Form):
    """What a record's page pre-fills in a change request: ?kind=…&organization=<credit code> or
    &party_org=<code>. A value that cannot be one (an unknown kind, too long, control characters)
    is left out and the request form starts without it; the request form checks the rest."""

    kind = forms.ChoiceField(choices=ChangeKind.choices, required=False)
    organization = forms.CharField(required=False, max_length=Organization._meta.get_field("credit_code").max_length)
    party_org = forms.CharField(required=False, max_length=PartyOrg._meta.get_field("code").max_length,
                                validators=[validate_key])

    def initial_values(self) -> dict:
        """The pre-filled values that are valid, by the name of the request form's field."""
        self.is_valid()
        data = self.cleaned_data
        return {"kind": data.get("kind") or ChangeKind.ESTABLISH, "org_codes": data.get("organization", ""),
                "party_org_code": data.get("party_org", "")}


class ChangeRequestReviewForm(forms.Form):
    review_comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LeadershipMemberForm(forms.ModelForm):
    """A new seat in a party org's leadership team; leadership_member_add checks the family cap."""

    class Meta:
        model = LeadershipMember
        fields = ["name", "role", "owner_family"]


class LeadershipRemoveForm(forms.Form):
    """The seat to remove, among this party org's team only."""

    seat = forms.ModelChoiceField(queryset=LeadershipMember.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, party_org: PartyOrg, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = party_org.leadership.all()


class AssessmentForm(forms.ModelForm):
    """A party org's five-goods assessment of a year: each criterion with its note. The party org
    comes from the page; assessment_record / assessment_update check the year (one a year, not
    before the party org was established) and show the message under it."""

    class Meta:
        model = FiveGoodsAssessment
        fields = ["year", "leadership", "leadership_note", "members", "members_note", "mechanism", "mechanism_note",
                  "performance", "performance_note", "mass", "mass_note"]
        widgets = {f"{c}_note": forms.Textarea(attrs={"rows": 2}) for c in FIVE_GOODS_CRITERIA}

    def validate_unique(self):
        """One assessment per party org and year is checked by the service, under the year field."""


class DemoSiteForm(forms.ModelForm):
    """Designate a party org a demonstration site: the level and the year, checked by the party
    org's rules (both given, the year not before its establishment)."""

    class Meta:
        model = PartyOrg
        fields = ["demo_level", "demo_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demo_level"].required = True
        self.fields["demo_level"].choices = DemoLevel.choices


class ConfirmForm(forms.Form):
    """A button with nothing to fill in (confirm, withdraw); its service's refusal shows above it."""


class ActivityRecordForm(forms.ModelForm):
    """An activity of the party org whose page it is posted from (the party org is not a field)."""

    class Meta:
        model = ActivityRecord
        fields = ["kind", "held_on", "title", "participants", "description"]
        widgets = {"held_on": DateInput()}
