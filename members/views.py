from django.db.models import Count

from common.views import ScopedDetailView, ScopedListView

from . import selectors
from .filters import CountyLeaderFilter, MemberFilter, OfficerFilter, PipelineFilter
from .models import CountyLeader, Officer, PartyMember, PipelinePerson
from .tables import CountyLeaderTable, MemberTable, OfficerTable, PipelineTable


class MemberListView(ScopedListView):
    model = PartyMember
    selector = selectors.members_for
    table_class = MemberTable
    filterset_class = MemberFilter


class MemberDetailView(ScopedDetailView):
    model = PartyMember
    selector = selectors.members_for
    slug_field = "member_id"
    slug_url_kwarg = "member_id"
    detail_fields = ("member_id", "name", "gender", "birth_date", "organization", "joined_on", "full_on",
                     "employed_since", "relation_transferred", "party_org", "managing_unit", "activist_since",
                     "discovered_via")


class PipelineListView(ScopedListView):
    model = PipelinePerson
    selector = selectors.pipeline_for
    table_class = PipelineTable
    filterset_class = PipelineFilter


class PipelineDetailView(ScopedDetailView):
    model = PipelinePerson
    selector = selectors.pipeline_for
    slug_field = "person_id"
    slug_url_kwarg = "person_id"
    detail_fields = ("person_id", "name", "organization", "stage", "applied_on", "activist_since",
                     "candidate_since", "union_or_league_head")


class OfficerListView(ScopedListView):
    model = Officer
    table_class = OfficerTable
    filterset_class = OfficerFilter

    @staticmethod
    def selector(user):
        return selectors.officers_for(user).annotate(organization_count=Count("organizations")).order_by("officer_id")


class OfficerDetailView(ScopedDetailView):
    model = Officer
    selector = selectors.officers_for
    slug_field = "officer_id"
    slug_url_kwarg = "officer_id"
    detail_fields = ("officer_id", "name", "role", "home_unit", "appointed_on", "organizations")


class CountyLeaderListView(ScopedListView):
    model = CountyLeader
    table_class = CountyLeaderTable
    filterset_class = CountyLeaderFilter

    @staticmethod
    def selector(user):
        return selectors.leaders_for(user).annotate(contact_point_count=Count("contact_points")).order_by("leader_id")


class CountyLeaderDetailView(ScopedDetailView):
    model = CountyLeader
    selector = selectors.leaders_for
    slug_field = "leader_id"
    slug_url_kwarg = "leader_id"
    detail_fields = ("leader_id", "name", "title", "contact_points")
