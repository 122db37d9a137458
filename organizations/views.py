from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from common.views import (
    CountyStaffRequiredMixin,
    DetailActionMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    add_service_errors,
)

from . import rules, services
from .coverage import organization_coverage
from .filters import ChangeRequestFilter, OrganizationFilter, PartyOrgFilter
from .forms import (
    ChangeRequestForm,
    ChangeRequestReviewForm,
    LeadershipMemberForm,
    LeadershipRemoveForm,
    OrganizationForm,
    PartyOrgForm,
)
from .models import ChangeKind, Organization, PartyOrg, PartyOrgChangeRequest, RequestStatus
from .selectors import change_requests_for, organizations_for, party_orgs_for, units_for
from .tables import ChangeRequestTable, OrganizationTable, PartyOrgTable


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
        context["history"] = org.history.select_related("history_user")[:20]
        context["coverage"] = organization_coverage(org)  # as of today
        return context


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
        context["history"] = self.object.history.select_related("history_user")[:20]
        return context


class ChangeRequestListView(ScopedListView):
    """Requests to establish, revoke or change party orgs: a unit sees its own, staff all."""

    model = PartyOrgChangeRequest
    selector = change_requests_for
    table_class = ChangeRequestTable
    filterset_class = ChangeRequestFilter
    create_url_name = "organizations:changerequest_create"


class ChangeRequestCreateView(LoginRequiredMixin, FormView):
    """A secretary (or staff) asks for a party org change; nothing changes before approval.
    ?kind=…&organization=<credit code> or &party_org=<code> pre-fill it from a record's page."""

    template_name = "organizations/changerequest_form.html"
    form_class = ChangeRequestForm

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(), "user": user, "organizations": organizations_for(user),
                "party_orgs": party_orgs_for(user), "units": units_for(user)}

    def get_initial(self):
        params = self.request.GET
        user = self.request.user
        kind = params.get("kind") if params.get("kind") in ChangeKind.values else ChangeKind.ESTABLISH
        return {"kind": kind, "org_codes": params.get("organization", ""),
                "party_org_code": params.get("party_org", ""), "effective_on": timezone.localdate(),
                "unit": user.unit_id if user.is_unit_secretary else None,
                "proposed_leading_unit": user.unit_id if user.is_unit_secretary else None}

    def form_valid(self, form):
        try:
            change_request = services.change_request_submit(user=self.request.user, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc, field_names=ChangeRequestForm.SERVICE_FIELDS)
            return self.form_invalid(form)
        messages.success(self.request, _("Your request was sent to the county for approval."))
        return redirect("organizations:changerequest_detail", pk=change_request.pk)


class ChangeRequestDetailView(ScopedDetailView):
    model = PartyOrgChangeRequest
    selector = change_requests_for
    template_name = "organizations/changerequest_detail.html"
    detail_fields = ("kind", "status", "unit", "party_org", "proposed_code", "proposed_name", "proposed_level",
                     "proposed_form", "proposed_organizations", "proposed_leading_unit", "effective_on", "reason",
                     "requested_by", "requested_at", "reviewed_by", "reviewed_at", "review_comment")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.object
        context["can_review"] = self.request.user.sees_whole_county and request.status == RequestStatus.PENDING
        context["review_form"] = ChangeRequestReviewForm()
        context["established"] = (PartyOrg.objects.filter(code=request.proposed_code).first()
                                  if request.kind == ChangeKind.ESTABLISH and request.status == RequestStatus.APPROVED
                                  else None)
        return context


class ChangeRequestReviewView(CountyStaffRequiredMixin, View):
    """County staff approve (the change is applied in one transaction) or reject with a comment."""

    def post(self, request, pk):
        change_request = get_object_or_404(change_requests_for(request.user), pk=pk)
        form = ChangeRequestReviewForm(request.POST)
        form.is_valid()
        comment = form.cleaned_data.get("review_comment", "")
        try:
            if request.POST.get("decision") == "approve":
                party_org = services.change_request_approve(change_request=change_request, reviewer=request.user,
                                                            comment=comment)
                messages.success(request, _("Approved: %(party_org)s was updated in the register.")
                                 % {"party_org": party_org})
            elif request.POST.get("decision") == "reject":
                services.change_request_reject(change_request=change_request, reviewer=request.user,
                                               comment=comment)
                messages.success(request, _("The request was rejected."))
            else:
                return HttpResponseBadRequest()
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("organizations:changerequest_detail", pk=pk)


# Create and edit: the generic views of common.views, through the services. A unit secretary
# chooses only their own unit; setting up or changing a party org is the county's decision
# (a secretary asks for it with a change request), so those two pages are for county staff.

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
