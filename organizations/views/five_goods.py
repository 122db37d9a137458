"""Five-goods assessments (五个好) and demonstration sites (示范点)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.views import (
    CountyStaffRequiredMixin,
    DetailActionMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)

from .. import rules, services
from ..filters import (
    AssessmentFilter,
    DemoSiteFilter,
)
from ..forms import (
    AssessmentForm,
    ConfirmForm,
    DemoSiteForm,
)
from ..models import (
    FIVE_GOODS_CRITERIA,
    FiveGoodsAssessment,
    PartyOrg,
)
from ..selectors import (
    assessments_for,
    demo_sites_for,
    party_orgs_for,
)
from ..tables import AssessmentTable, DemoSiteTable
from .party_orgs import PartyOrgDetailView


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
