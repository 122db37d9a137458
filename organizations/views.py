from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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

from . import hooks, rules, services
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
# Five-goods assessments and demonstration sites.
from .filters import AssessmentFilter, DemoSiteFilter
from .forms import AssessmentForm, ConfirmForm, DemoSiteForm
from .models import FIVE_GOODS_CRITERIA, FiveGoodsAssessment
from .selectors import assessments_for, demo_sites_for
from .tables import AssessmentTable, DemoSiteTable
# Activity records.
from .filters import ActivityFilter  # noqa: I001
from .forms import ActivityRecordForm
from .models import ActivityRecord
from .selectors import activities_for
from .tables import ActivityTable


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
    record_argument = "organization"


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


# -- Five-goods assessments (五个好) and demonstration sites (示范点) ------------------------------

class AssessmentListView(ScopedListView):
    """Five-goods assessments of the party orgs the user sees; recorded from a party org's page."""

    model = FiveGoodsAssessment
    selector = assessments_for
    table_class = AssessmentTable
    filterset_class = AssessmentFilter


class AssessmentDetailView(ScopedDetailView):
    model = FiveGoodsAssessment
    selector = assessments_for
    template_name = "organizations/fivegoodsassessment_detail.html"
    edit_url_name = "organizations:assessment_update"
    detail_fields = ("party_org", "year", *(name for c in FIVE_GOODS_CRITERIA for name in (c, f"{c}_note")),
                     "confirmed_by", "confirmed_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_confirm"] = self.request.user.sees_whole_county and self.object.confirmed_at is None
        context.setdefault("confirm_form", ConfirmForm())
        return context


class AssessmentCreateView(ScopedCreateView):
    """Record the assessment of a party org the user sees (another unit's is a 404): a unit
    secretary for their party orgs, county staff for any."""

    model = FiveGoodsAssessment
    form_class = AssessmentForm

    @cached_property
    def party_org(self) -> PartyOrg:
        return get_object_or_404(party_orgs_for(self.request.user), code=self.kwargs["code"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": FiveGoodsAssessment(party_org=self.party_org)}

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def get_title(self):
        return _("Record the five-goods assessment of %(party_org)s") % {"party_org": self.party_org}

    def get_cancel_url(self):
        return self.party_org.get_absolute_url()

    def call_service(self, data):
        assessment = services.assessment_record(party_org=self.party_org, **data)
        messages.success(self.request, rules.MSG_FIVE_GOODS_RECORDED % {"year": assessment.year})
        return assessment


class AssessmentUpdateView(ScopedUpdateView):
    """Edit an assessment the user sees; a confirmed one that changes goes back to the county."""

    model = FiveGoodsAssessment
    selector = assessments_for
    form_class = AssessmentForm

    def call_service(self, data):
        was_confirmed = self.object.confirmed_at is not None
        assessment = services.assessment_update(assessment=self.stored_record(), data=data)
        if was_confirmed and assessment.confirmed_at is None:
            messages.warning(self.request, rules.MSG_FIVE_GOODS_UNCONFIRMED)
        return assessment


class AssessmentConfirmView(CountyStaffRequiredMixin, DetailActionMixin, AssessmentDetailView):
    """County staff confirm an assessment; a unit secretary gets 403."""

    form_class = ConfirmForm
    form_context_name = "confirm_form"

    def perform(self, form):
        assessment = services.assessment_confirm(assessment=self.object, user=self.request.user)
        return assessment.get_absolute_url(), rules.MSG_FIVE_GOODS_CONFIRMED % {
            "year": assessment.year, "party_org": assessment.party_org}


class DemoSiteListView(ScopedListView):
    """Demonstration sites among the party orgs the user sees (read-only; designated by the county
    from a party org's page)."""

    model = PartyOrg
    selector = demo_sites_for
    table_class = DemoSiteTable
    filterset_class = DemoSiteFilter
    title = gettext_lazy("Demonstration sites")


class DemoSiteDesignateView(ScopedUpdateView):
    """County staff designate a party org a county- or city-level demonstration site from a year."""

    model = PartyOrg
    selector = party_orgs_for
    slug_field = "code"
    slug_url_kwarg = "code"
    form_class = DemoSiteForm
    staff_only = True

    def get_title(self):
        return _("Designate %(party_org)s a demonstration site") % {"party_org": self.record_name}

    def call_service(self, data):
        party_org = services.demo_site_designate(party_org=self.stored_record(), level=data["demo_level"],
                                                 year=data["demo_year"])
        messages.success(self.request, rules.MSG_DEMO_SITE_DESIGNATED % {
            "party_org": party_org, "level": party_org.get_demo_level_display(), "year": party_org.demo_year})
        return party_org


class DemoSiteWithdrawView(CountyStaffRequiredMixin, DetailActionMixin, PartyOrgDetailView):
    """County staff withdraw a party org's demonstration-site designation."""

    form_class = ConfirmForm
    form_context_name = "demo_withdraw_form"

    def perform(self, form):
        party_org = services.demo_site_withdraw(party_org=self.object)
        return party_org.get_absolute_url(), rules.MSG_DEMO_SITE_WITHDRAWN % {"party_org": party_org}


# -- Activity records of party orgs (org life meetings, pioneer posts, aid pairs…) -------------------

class ActivityListView(ScopedListView):
    model = ActivityRecord
    selector = activities_for
    table_class = ActivityTable
    filterset_class = ActivityFilter


class ActivityDetailView(ScopedDetailView):
    model = ActivityRecord
    selector = activities_for
    detail_fields = ("party_org", "kind", "held_on", "title", "participants", "description", "created_by")


class ActivityCreateView(ScopedCreateView):
    """Record an activity from the party org's page: the party org comes through party_orgs_for, so
    another unit's party org is a 404 and nothing is recorded."""

    model = ActivityRecord
    form_class = ActivityRecordForm
    service = services.activity_record_create
    list_url_name = "organizations:activityrecord_list"

    def get_party_org(self) -> PartyOrg:
        if not hasattr(self, "party_org"):
            self.party_org = get_object_or_404(party_orgs_for(self.request.user), code=self.kwargs["code"])
        return self.party_org

    def get(self, request, *args, **kwargs):
        self.get_party_org()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_party_org()
        return super().post(request, *args, **kwargs)

    def get_title(self):
        return _("Add an activity of %(party_org)s") % {"party_org": self.get_party_org()}

    def get_cancel_url(self):
        return self.get_party_org().get_absolute_url()

    def call_service(self, data):
        record = type(self).service(party_org=self.get_party_org(), created_by=self.request.user, **data)
        messages.success(self.request, rules.MSG_ACTIVITY_RECORDED % {"title": record.title})
        return record
