"""Party organizations: the register, a party org's page with its leadership team, and its forms
(county staff only: a secretary asks with a change request)."""
from common.views import (
    DetailActionMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)

from .. import rules, services
from ..filters import PartyOrgFilter
from ..forms import (
    LeadershipMemberForm,
    LeadershipRemoveForm,
    PartyOrgForm,
)
from ..models import PartyOrg
from ..selectors import organizations_for, party_orgs_for, units_for
from ..tables import PartyOrgTable


class PartyOrgListView(ScopedListView):
    model = PartyOrg
    selector = party_orgs_for
    table_class = PartyOrgTable
    filterset_class = PartyOrgFilter
    create_url_name = "organizations:partyorg_create"


class PartyOrgDetailView(ScopedDetailView):
    model = PartyOrg
    selector = party_orgs_for
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "organizations/partyorg_detail.html"
    edit_url_name = "organizations:partyorg_update"
    detail_fields = ("code", "name", "level", "form", "unit", "organizations", "established_on", "revoked_on",
                     "has_venue", "has_facilities", "has_funding", "demo_level", "demo_year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["leadership"] = self.object.leadership.all()
        context.setdefault("leadership_form", LeadershipMemberForm())
        context["assessments"] = self.object.assessments.all()
        context["activities"] = self.object.activities.all()[:10]
        return context


class PartyOrgCreateView(ScopedCreateView):
    model = PartyOrg
    form_class = PartyOrgForm
    form_scopes = {"units": units_for, "organizations": organizations_for}
    service = services.party_org_create
    staff_only = True
    list_url_name = "organizations:partyorg_list"


class PartyOrgUpdateView(ScopedUpdateView):
    model = PartyOrg
    selector = party_orgs_for
    slug_field = "code"
    slug_url_kwarg = "code"
    form_class = PartyOrgForm
    form_scopes = {"units": units_for, "organizations": organizations_for}
    service = services.party_org_update
    record_argument = "party_org"
    staff_only = True


class LeadershipMemberAddView(DetailActionMixin, PartyOrgDetailView):
    """Add a seat to the leadership team from the party org's page; a seat that would put the
    owner's family above half of the team is refused in the form, with the numbers."""

    form_class = LeadershipMemberForm
    form_context_name = "leadership_form"

    def perform(self, form):
        seat = services.leadership_member_add(party_org=self.object, **form.cleaned_data)
        return self.object.get_absolute_url(), rules.MSG_LEADERSHIP_ADDED % {"name": seat.name}


class LeadershipMemberRemoveView(DetailActionMixin, PartyOrgDetailView):
    """Remove a seat of the leadership team (refused when the family cap would then be broken)."""

    form_class = LeadershipRemoveForm
    form_context_name = "leadership_remove_form"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "party_org": self.object}

    def perform(self, form):
        seat = form.cleaned_data["seat"]
        services.leadership_member_remove(seat=seat)
        return self.object.get_absolute_url(), rules.MSG_LEADERSHIP_REMOVED % {"name": seat.name}
