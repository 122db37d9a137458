"""Forms for members and pipeline people; the rules come from the models and services."""
from django import forms

from .models import PartyMember, PipelinePerson
from .services import check_person_id_free

DATE = forms.DateInput(attrs={"type": "date"})


class PartyMemberForm(forms.ModelForm):
    class Meta:
        model = PartyMember
        fields = ["member_id", "name", "gender", "birth_date", "organization", "joined_on", "full_on",
                  "employed_since", "relation_transferred", "party_org", "managing_unit", "activist_since",
                  "discovered_via"]
        widgets = {f: DATE for f in ("birth_date", "joined_on", "full_on", "employed_since", "activist_since")}

    def __init__(self, *args, organizations=None, party_orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        if party_orgs is not None:
            self.fields["party_org"].queryset = party_orgs


class PipelinePersonForm(forms.ModelForm):
    class Meta:
        model = PipelinePerson
        fields = ["person_id", "name", "organization", "stage", "applied_on", "activist_since", "candidate_since",
                  "union_or_league_head"]
        widgets = {f: DATE for f in ("applied_on", "activist_since", "candidate_since")}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations

    def clean_person_id(self):
        person_id = self.cleaned_data["person_id"].strip()
        if person_id != (self.instance.person_id if self.instance.pk else None):
            check_person_id_free(person_id)
        return person_id
