"""Two-new organizations: the register, an organization's page (with the sections higher apps add,
such as the coverage ledger) and its forms."""
from common.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)

from .. import hooks, services
from ..filters import OrganizationFilter
from ..forms import (
    OrganizationForm,
)
from ..models import Organization
from ..selectors import organizations_for, units_for
from ..tables import OrganizationTable


class OrganizationListView(ScopedListView):
    model = Organization
    selector = organizations_for
    table_class = OrganizationTable
    filterset_class = OrganizationFilter
    create_url_name = "organizations:organization_create"


class OrganizationDetailView(ScopedDetailView):
    model = Organization
    selector = organizations_for
    slug_field = "credit_code"
    slug_url_kwarg = "credit_code"
    template_name = "organizations/organization_detail.html"
    edit_url_name = "organizations:organization_update"
    detail_fields = ("credit_code", "name", "category", "individual_business", "unit", "township", "industry",
                     "employees", "stable", "status", "owner_name", "owner_is_member")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        context["party_orgs"] = org.party_orgs.select_related("unit")
        context["members"] = org.members.select_related("party_org")
        # Sections higher apps add (targets: the coverage ledger, as of today).
        context["sections"] = hooks.organization_sections(org)
        return context


class OrganizationCreateView(ScopedCreateView):
    model = Organization
    form_class = OrganizationForm
    form_scopes = {"units": units_for}
    service = services.organization_create
    list_url_name = "organizations:organization_list"


class OrganizationUpdateView(ScopedUpdateView):
    model = Organization
    selector = organizations_for
    slug_field = "credit_code"
    slug_url_kwarg = "credit_code"
    form_class = OrganizationForm
    form_scopes = {"units": units_for}
    service = services.organization_update
    record_argument = "organization"
