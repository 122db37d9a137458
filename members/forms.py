"""Forms for members and pipeline people; the rules come from the models and services."""
from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput

from . import rules
from .models import CountyLeader, Officer, PartyMember, PipelinePerson, PipelineStep
from .services import check_person_id_free

DATE = DateInput()


class PartyMemberForm(forms.ModelForm):
    class Meta:
        model = PartyMember
        fields = ["member_id", "name", "gender", "birth_date", "organization", "joined_on", "full_on",
                  "employed_since", "relation_transferred", "party_org", "managing_unit", "activist_since",
                  "discovered_via"]
        widgets = {f: DATE for f in ("birth_date", "joined_on", "full_on", "employed_since", "activist_since")}

    def __init__(self, *args, organizations=None, party_orgs=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        if party_orgs is not None:
            self.fields["party_org"].queryset = party_orgs
        if units is not None:
            self.fields["managing_unit"].queryset = units


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


class PipelineStepForm(forms.Form):
    """The next step of a pipeline person, dated. The step is posted (hidden) so a person moved on
    meanwhile is refused, not moved twice; admission also asks for the new member's facts."""

    MEMBER_FIELDS = ("gender", "employed_since", "party_org", "managing_unit")

    to_stage = forms.ChoiceField(choices=PipelineStep.choices, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date of the step"), widget=DATE)

    def __init__(self, *args, person: PipelinePerson, party_orgs=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.next_step = rules.NEXT_STEP.get(person.stage)
        self.fields["to_stage"].initial = self.next_step
        if self.next_step == PipelineStep.PROBATIONARY:
            self.fields.update(forms.fields_for_model(PartyMember, fields=self.MEMBER_FIELDS,
                                                      widgets={"employed_since": DATE}))
            if party_orgs is not None:
                self.fields["party_org"].queryset = party_orgs
            if units is not None:
                self.fields["managing_unit"].queryset = units

    @property
    def next_step_label(self) -> str:
        return PipelineStep(self.next_step).label if self.next_step else ""

    def member_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.MEMBER_FIELDS if name in self.cleaned_data}


class MemberFullForm(forms.Form):
    """A probationary member becomes a full member on a date."""

    on = forms.DateField(label=_("Full member from"), widget=DATE)


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = ["officer_id", "name", "role", "home_unit", "appointed_on", "organizations"]
        widgets = {"appointed_on": DATE}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organizations"].queryset = organizations


class CountyLeaderForm(forms.ModelForm):
    class Meta:
        model = CountyLeader
        fields = ["leader_id", "name", "title", "contact_points"]

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["contact_points"].queryset = organizations
