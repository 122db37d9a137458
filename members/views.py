from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.views import DetailActionMixin, ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from organizations.models import Organization
from organizations.selectors import organizations_for, party_orgs_for, units_for

from . import rules, selectors, services
from .filters import CountyLeaderFilter, MemberFilter, OfficerFilter, PipelineFilter, PipelineQuotaFilter
from .forms import (
    CountyLeaderForm,
    MemberFullForm,
    OfficerForm,
    PartyMemberForm,
    PipelinePersonForm,
    PipelineStepForm,
)
from .models import CountyLeader, Officer, PartyMember, PipelinePerson, PipelineStep
from .tables import CountyLeaderTable, MemberTable, OfficerTable, PipelineQuotaTable, PipelineTable


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
        context["history"] = self.object.history.select_related("history_user")[:20]
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


class CountyLeaderListView(ScopedListView):
    model = CountyLeader
    table_class = CountyLeaderTable
    filterset_class = CountyLeaderFilter
    create_url_name = "members:countyleader_create"

    @staticmethod
    def selector(user):
        return selectors.leaders_for(user).annotate(contact_point_count=Count("contact_points")).order_by("leader_id")


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


class OfficerCreateView(ScopedCreateView):
    model = Officer
    form_class = OfficerForm
    form_scopes = {"organizations": organizations_for}
    service = services.officer_create
    staff_only = True
    list_url_name = "members:officer_list"


class OfficerUpdateView(ScopedUpdateView):
    model = Officer
    selector = selectors.officers_for
    slug_field = "officer_id"
    slug_url_kwarg = "officer_id"
    form_class = OfficerForm
    form_scopes = {"organizations": organizations_for}
    service = services.officer_update
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


class PipelineQuotaListView(ScopedListView):
    """Each organization's pipeline against its activist quota by size band, today, with the
    compliance engine's figures (the activist_quota target)."""

    model = Organization
    table_class = PipelineQuotaTable
    filterset_class = PipelineQuotaFilter
    title = _("Development pipeline against the activist quota")

    @staticmethod
    def selector(user):
        return selectors.pipeline_quota_for(user, as_of=timezone.localdate())
