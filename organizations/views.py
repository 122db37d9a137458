from common.views import ScopedDetailView, ScopedListView

from .filters import OrganizationFilter, PartyOrgFilter
from .models import Organization, PartyOrg
from .selectors import organizations_for, party_orgs_for
from .tables import OrganizationTable, PartyOrgTable


class OrganizationListView(ScopedListView):
    model = Organization
    selector = organizations_for
    table_class = OrganizationTable
    filterset_class = OrganizationFilter


class OrganizationDetailView(ScopedDetailView):
    model = Organization
    selector = organizations_for
    slug_field = "credit_code"
    slug_url_kwarg = "credit_code"
    template_name = "organizations/organization_detail.html"
    detail_fields = ("credit_code", "name", "category", "individual_business", "unit", "township", "industry",
                     "employees", "stable", "status", "owner_name", "owner_is_member")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        context["party_orgs"] = org.party_orgs.select_related("unit")
        context["members"] = org.members.select_related("party_org")
        context["history"] = org.history.select_related("history_user")[:20]
        return context


class PartyOrgListView(ScopedListView):
    model = PartyOrg
    selector = party_orgs_for
    table_class = PartyOrgTable
    filterset_class = PartyOrgFilter


class PartyOrgDetailView(ScopedDetailView):
    model = PartyOrg
    selector = party_orgs_for
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "organizations/partyorg_detail.html"
    detail_fields = ("code", "name", "level", "form", "unit", "organizations", "established_on", "revoked_on",
                     "has_venue", "has_facilities", "has_funding", "demo_level", "demo_year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["leadership"] = self.object.leadership.all()
        context["assessments"] = self.object.assessments.all()
        context["history"] = self.object.history.select_related("history_user")[:20]
        return context
