"""Requests to establish, revoke or change a party org: a unit asks, county staff approve (the
change is applied at once) or reject."""
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
    ScopedDetailView,
    ScopedListView,
    add_service_errors,
)

from .. import services
from ..filters import (
    ChangeRequestFilter,
)
from ..forms import (
    ChangeRequestForm,
    ChangeRequestPrefillForm,
    ChangeRequestReviewForm,
)
from ..models import (
    ChangeKind,
    PartyOrg,
    PartyOrgChangeRequest,
    RequestStatus,
)
from ..selectors import (
    change_requests_for,
    organizations_for,
    party_orgs_for,
    units_for,
)
from ..tables import ChangeRequestTable


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
        user = self.request.user
        return {**ChangeRequestPrefillForm(self.request.GET).initial_values(), "effective_on": timezone.localdate(),
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
