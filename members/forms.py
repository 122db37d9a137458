"""Forms for members and pipeline people; the rules come from the models and services."""
from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, ModelMultipleChoiceField
from organizations.models import OrgStatus

from . import rules
from organizations.models import SupervisingUnit

from .models import CountyLeader, Officer, PartyMember, PipelinePerson, PipelineStep, TrainingRecord
from .services import check_person_id_free

DATE = DateInput()


class PartyMemberForm(forms.ModelForm):
    class Meta:
        model = PartyMember
        fields = ["member_id", "name", "gender", "birth_date", "organization", "joined_on", "full_on",
                  "employed_since", "relation_transferred", "relation_transferred_on", "party_org", "managing_unit",
                  "activist_since", "discovered_via"]
        widgets = {f: DATE for f in ("birth_date", "joined_on", "full_on", "employed_since", "relation_transferred_on",
                                     "activist_since")}

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
        field_classes = {"organizations": ModelMultipleChoiceField}

    def __init__(self, *args, organizations=None, max_organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organizations"].queryset = organizations
        if max_organizations is not None:
            self.fields["organizations"].help_text = rules.MSG_OFFICER_LOAD_HELP % {"max": max_organizations}


class OfficerAssignForm(forms.Form):
    """Organizations to add to an officer's list, chosen among ORGANIZATIONS (the user's scope):
    the active ones the officer does not look after yet."""

    organizations = ModelMultipleChoiceField(
        label=_("Organizations to assign"), queryset=None,
        error_messages={"required": rules.MSG_ASSIGN_NONE_CHOSEN},
    )

    def __init__(self, *args, officer, organizations, max_organizations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organizations"]
        field.queryset = organizations.filter(status=OrgStatus.ACTIVE).exclude(officers=officer).order_by("credit_code")
        field.help_text = rules.MSG_OFFICER_LOAD_HELP % {"max": max_organizations}


class CountyLeaderForm(forms.ModelForm):
    class Meta:
        model = CountyLeader
        fields = ["leader_id", "name", "title", "contact_points"]
        field_classes = {"contact_points": ModelMultipleChoiceField}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["contact_points"].queryset = organizations


class RelationTransferredForm(forms.Form):
    """The member's organizational relationship was transferred on a date (today when left empty)."""

    on = forms.DateField(label=_("Transferred on"), widget=DATE, required=False)


class ManagingUnitAssignForm(forms.Form):
    """Put a member under a supervising unit; the choices are the units the user may choose."""

    unit = forms.ModelChoiceField(label=_("Managing unit"), queryset=SupervisingUnit.objects.none())

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SeatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.party_org} — {obj}"


class TrainingPrefillForm(forms.Form):
    """?seat=<leadership seat> on the training form: the seat among SEATS (those the user sees);
    any other value is left out and the form starts empty."""

    seat = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats

    def chosen_seat(self):
        return self.cleaned_data.get("seat") if self.is_valid() else None


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["kind", "trainee_name", "party_org", "leadership_member", "year", "held_on", "hours", "note"]
        field_classes = {"leadership_member": SeatChoiceField}
        widgets = {"held_on": DATE}
        help_texts = {"leadership_member": _("For the pre-appointment training of a secretary, choose their seat: "
                                             "the record then counts for that secretary.")}

    def __init__(self, *args, party_orgs=None, seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        if party_orgs is not None:
            self.fields["party_org"].queryset = party_orgs
        if seats is not None:
            self.fields["leadership_member"].queryset = seats
