from django.contrib import messages
from django.db.models import Count
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from common.views import (
    CountyStaffRequiredMixin,
    DetailActionMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from organizations.models import LeadershipMember
from organizations.selectors import leadership_seats_for, organizations_for, party_orgs_for, units_for

from . import officer_load, rules, selectors, services
from .filters import CountyLeaderFilter, MemberFilter, OfficerFilter, PipelineFilter, SecretaryFilter, TrainingFilter
from .forms import (
    CountyLeaderForm,
    ManagingUnitAssignForm,
    MemberFullForm,
    OfficerAssignForm,
    OfficerForm,
    PartyMemberForm,
    PipelinePersonForm,
    PipelineStepForm,
    RelationTransferredForm,
    TrainingRecordForm,
)
from .models import CountyLeader, Officer, PartyMember, PipelinePerson, PipelineStep, TrainingKind, TrainingRecord
from .tables import CountyLeaderTable, MemberTable, OfficerTable, PipelineTable, TrainingTable, UntrainedSecretaryTable


class MemberListView(ScopedListView):
    model = PartyMember
    selector = selectors.members_for
    table_class = MemberTable
    filterset_class = MemberFilter
    create_url_name = "members:partymember_create"


class MemberTransferListView(ScopedListView):
    """Members whose relationship sat in a party org that has been revoked: transfers to handle."""

    model = PartyMember
    selector = selectors.members_to_transfer_for
    table_class = MemberTable
    filterset_class = MemberFilter
    title = _("Relationships to transfer (party organization revoked)")


class MemberDetailView(ScopedDetailView):
    model = PartyMember
    selector = selectors.members_for
    slug_field = "member_id"
    slug_url_kwarg = "member_id"
    edit_url_name = "members:partymember_update"
    detail_fields = ("member_id", "name", "gender", "birth_date", "organization", "joined_on", "full_on",
                     "employed_since", "relation_transferred", "party_org", "managing_unit", "activist_since",
                     "discovered_via")
    template_name = "members/partymember_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.object.full_on:
            context.setdefault("full_form", MemberFullForm())
            context["full_earliest"] = services.member_full_earliest(self.object)
        if not self.object.relation_transferred:
            context.setdefault("transfer_form", RelationTransferredForm(initial={"on": timezone.localdate()}))
        if not self.object.managing_unit_id:
            context.setdefault("assign_unit_form", ManagingUnitAssignForm(units=units_for(self.request.user)))
        return context


class PipelineListView(ScopedListView):
    model = PipelinePerson
    selector = selectors.pipeline_for
    table_class = PipelineTable
    filterset_class = PipelineFilter
    create_url_name = "members:pipelineperson_create"


class PipelineDetailView(ScopedDetailView):
    model = PipelinePerson
    selector = selectors.pipeline_for
    slug_field = "person_id"
    slug_url_kwarg = "person_id"
    edit_url_name = "members:pipelineperson_update"
    detail_fields = ("person_id", "name", "organization", "stage", "applied_on", "activist_since",
                     "candidate_since", "union_or_league_head")
    template_name = "members/pipelineperson_detail.html"

    def get_step_form_kwargs(self) -> dict:
        user = self.request.user
        return {"person": self.object, "party_orgs": party_orgs_for(user), "units": units_for(user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("step_form", PipelineStepForm(**self.get_step_form_kwargs()))
        context["step_earliest"] = services.pipeline_step_earliest(self.object)
        return context


class OfficerListView(ScopedListView):
    model = Officer
    table_class = OfficerTable
    filterset_class = OfficerFilter
    create_url_name = "members:officer_create"

    @staticmethod
    def selector(user):
        return selectors.officers_for(user).annotate(organization_count=Count("organizations")).order_by("officer_id")


class OfficerDetailView(ScopedDetailView):
    model = Officer
    selector = selectors.officers_for
    slug_field = "officer_id"
    slug_url_kwarg = "officer_id"
    edit_url_name = "members:officer_update"
    detail_fields = ("officer_id", "name", "role", "home_unit", "appointed_on", "organizations")
    template_name = "members/officer_detail.html"

    def get_assign_form_kwargs(self) -> dict:
        return {"officer": self.object, "organizations": organizations_for(self.request.user),
                "max_organizations": officer_load.max_organizations()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["load_warning"] = officer_load.load_warning(self.object)
        if OfficerAssignView.permits(self.request.user):
            context.setdefault("assign_form", OfficerAssignForm(**self.get_assign_form_kwargs()))
        return context


class CountyLeaderListView(ScopedListView):
    model = CountyLeader
    table_class = CountyLeaderTable
    filterset_class = CountyLeaderFilter
    create_url_name = "members:countyleader_create"

    @staticmethod
    def selector(user):
        return CountyLeaderListView.rows(selectors.leaders_for(user))

    @staticmethod
    def rows(leaders):
        """Each leader with the number of contact points, and the contact points in one more query."""
        return (leaders.annotate(contact_point_count=Count("contact_points")).prefetch_related("contact_points")
                .order_by("leader_id"))


class CountyLeaderDetailView(ScopedDetailView):
    model = CountyLeader
    selector = selectors.leaders_for
    slug_field = "leader_id"
    slug_url_kwarg = "leader_id"
    edit_url_name = "members:countyleader_update"
    detail_fields = ("leader_id", "name", "title", "contact_points")


# Create and edit: the generic views of common.views, through the services. A unit secretary
# chooses only their own unit's organizations; officers and county leaders are the county's.

class MemberCreateView(ScopedCreateView):
    model = PartyMember
    form_class = PartyMemberForm
    form_scopes = {"organizations": organizations_for, "party_orgs": party_orgs_for, "units": units_for}
    service = services.member_create
    list_url_name = "members:partymember_list"


class MemberUpdateView(ScopedUpdateView):
    model = PartyMember
    selector = selectors.members_for
    slug_field = "member_id"
    slug_url_kwarg = "member_id"
    form_class = PartyMemberForm
    form_scopes = {"organizations": organizations_for, "party_orgs": party_orgs_for, "units": units_for}
    service = services.member_update
    record_argument = "member"


class PipelineCreateView(ScopedCreateView):
    model = PipelinePerson
    form_class = PipelinePersonForm
    form_scopes = {"organizations": organizations_for}
    service = services.pipeline_person_create
    list_url_name = "members:pipelineperson_list"


class PipelineUpdateView(ScopedUpdateView):
    model = PipelinePerson
    selector = selectors.pipeline_for
    slug_field = "person_id"
    slug_url_kwarg = "person_id"
    form_class = PipelinePersonForm
    form_scopes = {"organizations": organizations_for}
    service = services.pipeline_person_update
    record_argument = "person"


class OfficerLoadWarningMixin:
    """The officer forms: the plan's limit in the help of the organizations field, and after saving
    an officer who looks after more, a warning naming the count (a warning, never a refusal)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "max_organizations": officer_load.max_organizations()}

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302 and (warning := officer_load.load_warning(self.object)):
            messages.warning(self.request, warning)
        return response


class OfficerCreateView(OfficerLoadWarningMixin, ScopedCreateView):
    model = Officer
    form_class = OfficerForm
    form_scopes = {"organizations": organizations_for}
    service = services.officer_create
    staff_only = True
    list_url_name = "members:officer_list"


class OfficerUpdateView(OfficerLoadWarningMixin, ScopedUpdateView):
    model = Officer
    selector = selectors.officers_for
    slug_field = "officer_id"
    slug_url_kwarg = "officer_id"
    form_class = OfficerForm
    form_scopes = {"organizations": organizations_for}
    service = services.officer_update
    record_argument = "officer"
    staff_only = True


class CountyLeaderCreateView(ScopedCreateView):
    model = CountyLeader
    form_class = CountyLeaderForm
    form_scopes = {"organizations": organizations_for}
    service = services.county_leader_create
    staff_only = True
    list_url_name = "members:countyleader_list"


class CountyLeaderUpdateView(ScopedUpdateView):
    model = CountyLeader
    selector = selectors.leaders_for
    slug_field = "leader_id"
    slug_url_kwarg = "leader_id"
    form_class = CountyLeaderForm
    form_scopes = {"organizations": organizations_for}
    service = services.county_leader_update
    record_argument = "leader"
    staff_only = True


# The development pipeline: each step is a form posted from the person's or member's page.

class PipelineStepView(DetailActionMixin, PipelineDetailView):
    """The next step of a pipeline person; admission creates the member."""

    form_class = PipelineStepForm
    form_context_name = "step_form"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.get_step_form_kwargs()}

    def perform(self, form):
        data = form.cleaned_data
        if data["to_stage"] == PipelineStep.PROBATIONARY:
            member = services.pipeline_person_admit(person=self.object, on=data["on"], **form.member_fields())
            return member.get_absolute_url(), rules.MSG_PERSON_ADMITTED % {"name": member.name, "on": data["on"]}
        person = services.pipeline_person_advance(person=self.object, to_stage=data["to_stage"], on=data["on"])
        return person.get_absolute_url(), rules.MSG_PERSON_ADVANCED % {
            "name": person.name, "stage": person.get_stage_display(), "on": data["on"]}


class MemberFullView(DetailActionMixin, MemberDetailView):
    """A probationary member becomes a full member."""

    form_class = MemberFullForm
    form_context_name = "full_form"

    def perform(self, form):
        member = services.member_make_full(member=self.object, on=form.cleaned_data["on"])
        return member.get_absolute_url(), rules.MSG_MEMBER_MADE_FULL % {"name": member.name, "on": member.full_on}


def next_url(request, default: str) -> str:
    """The page the action was posted from (a follow-up list) when it is on this site, else DEFAULT."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default


class MemberRelationTransferredView(DetailActionMixin, MemberDetailView):
    """Record that a member's relationship was transferred (county staff, or a secretary in scope)."""

    form_class = RelationTransferredForm
    form_context_name = "transfer_form"

    def perform(self, form):
        on = form.cleaned_data["on"]
        member = services.member_relation_transferred(member=self.object, on=on)
        return next_url(self.request, member.get_absolute_url()), rules.MSG_RELATION_TRANSFERRED % {
            "name": member.name, "on": on}


class MemberAssignUnitView(DetailActionMixin, MemberDetailView):
    """Put a member under a managing unit: a secretary only their own unit, county staff any."""

    form_class = ManagingUnitAssignForm
    form_context_name = "assign_unit_form"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": units_for(self.request.user)}

    def perform(self, form):
        unit = form.cleaned_data["unit"]
        member = services.member_managing_unit_assign(member=self.object, unit=unit, by=self.request.user)
        return next_url(self.request, member.get_absolute_url()), rules.MSG_MANAGING_UNIT_ASSIGNED % {
            "name": member.name, "unit": unit}


# Training: party-school yearly training and pre-appointment training of new secretaries.

class TrainingListView(ScopedListView):
    model = TrainingRecord
    selector = selectors.trainings_for
    table_class = TrainingTable
    filterset_class = TrainingFilter
    create_url_name = "members:trainingrecord_create"


class TrainingDetailView(ScopedDetailView):
    model = TrainingRecord
    selector = selectors.trainings_for
    detail_fields = ("kind", "trainee_name", "party_org", "leadership_member", "year", "held_on", "hours", "note",
                     "created_by")


class TrainingCreateView(ScopedCreateView):
    """Record a training; ?seat=<leadership seat> pre-fills the pre-appointment training of that
    secretary (a seat the user does not see is ignored)."""

    model = TrainingRecord
    form_class = TrainingRecordForm
    form_scopes = {"party_orgs": party_orgs_for, "seats": leadership_seats_for}
    service = services.training_record_create
    list_url_name = "members:trainingrecord_list"

    def get_initial(self):
        today = timezone.localdate()
        seat_pk = self.request.GET.get("seat", "")
        seat = leadership_seats_for(self.request.user).filter(pk=seat_pk).first() if seat_pk.isdigit() else None
        if seat is None:
            return {"year": today.year}
        return {"kind": TrainingKind.PRE_APPOINTMENT, "trainee_name": seat.name, "party_org": seat.party_org_id,
                "leadership_member": seat.pk, "year": today.year}

    def call_service(self, data):
        return type(self).service(created_by=self.request.user, **data)


class SecretaryTrainingDueListView(ScopedListView):
    """Secretaries of active party orgs with no pre-appointment training record of their seat."""

    model = LeadershipMember
    table_class = UntrainedSecretaryTable
    filterset_class = SecretaryFilter
    title = _("Secretaries without pre-appointment training")

    def get_queryset(self):
        return selectors.secretaries_lacking_training_for(self.request.user, as_of=timezone.localdate())


# Officers (item 7): assign organizations from an officer's page; the uncovered organizations
# without an officer, with suggested officers that county staff accept in one action.

class OfficerAssignView(CountyStaffRequiredMixin, DetailActionMixin, OfficerDetailView):
    """County staff add organizations to an officer's list; above the plan's limit the page warns
    (it does not refuse). A unit secretary gets 403."""

    form_class = OfficerAssignForm
    form_context_name = "assign_form"

    @classmethod
    def permits(cls, user) -> bool:
        return bool(user.is_authenticated and user.sees_whole_county)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.get_assign_form_kwargs()}

    def perform(self, form):
        officer = services.officer_assign(officer=self.object, organizations=form.cleaned_data["organizations"])
        if warning := officer_load.load_warning(officer):
            messages.warning(self.request, warning)
        return officer.get_absolute_url(), rules.MSG_OFFICER_ASSIGNED % {
            "name": officer.name, "count": officer.organizations.count()}
