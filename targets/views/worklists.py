"""The work lists: each a target's failing list within the user's scope, as of today, with what
acting on each row needs. The actions themselves are the registers' (members' pages and services)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from common.views import CountyStaffRequiredMixin, ScopedListView
from members import rules as member_rules
from members.models import PartyMember
from members.officer_load import max_organizations
from members.selectors import discovered_via_breakdown, officers_for
from members.views.leaders import CountyLeaderListView
from organizations.models import Organization
from organizations.selectors import organizations_for, units_for

from .. import selectors, services, suggestions
from ..filters import FollowUpFilter, PipelineQuotaFilter, UncoveredOrganizationFilter
from ..forms import SuggestionAcceptForm
from ..tables import PipelineQuotaTable, TransferDueTable, UncoveredSuggestionTable, UnmanagedTable


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


# Member follow-up: the failing lists of relations_transferred and members_managed, as of today,
# each row with its action; how hidden members were found above both.

class FollowUpListMixin:
    model = PartyMember
    filterset_class = FollowUpFilter
    template_name = "targets/follow_up_list.html"
    explanation = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["explanation"] = self.explanation
        context["discovered_via"] = discovered_via_breakdown(self.request.user)
        return context


class TransferDueListView(FollowUpListMixin, ScopedListView):
    """Members due to transfer their relationship: six months since the later of employment and
    admission, not transferred (the failing list of relations_transferred today)."""

    table_class = TransferDueTable
    title = _("Relationships due to transfer")
    explanation = _("Members who have worked in an active organization for six months or more, counted from the "
                    "later of their employment and their admission, and whose organizational relationship is "
                    "not transferred yet.")

    def get_queryset(self):
        self.as_of, self.months = timezone.localdate(), selectors.transfer_months()
        return selectors.members_due_transfer_for(self.request.user, as_of=self.as_of, months=self.months)

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "as_of": self.as_of, "months": self.months}


class UnmanagedListView(FollowUpListMixin, ScopedListView):
    """Members under no management: no active party org holds their relationship and no unit
    manages them (the failing list of members_managed today)."""

    table_class = UnmanagedTable
    title = _("Members under no management")
    explanation = _("Members whose relationship sits in no active party organization and whom no supervising "
                    "unit manages.")

    def get_queryset(self):
        return selectors.members_unmanaged_for(self.request.user, as_of=timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assign_units"] = list(units_for(self.request.user))
        return context


class UncoveredOrganizationListView(ScopedListView):
    """Organizations uncovered without an officer today (the failing list of uncovered_have_officer,
    within the user's scope), each with a suggested officer by the rules of targets.suggestions.
    County staff accept the ticked suggestions in one action; a secretary only reads."""

    model = Organization
    table_class = UncoveredSuggestionTable
    filterset_class = UncoveredOrganizationFilter
    title = _("Uncovered organizations without an officer")
    template_name = "targets/uncovered_organizations.html"

    @staticmethod
    def selector(user):
        return selectors.uncovered_without_officer_for(user, as_of=timezone.localdate())

    def get_table_data(self):
        return suggestions.suggest_officers(super().get_table_data(), as_of=timezone.localdate())

    def get_table_kwargs(self):
        user = self.request.user
        # The officers whose pages the user may open (all of them for county staff): the others
        # are named without a link.
        kwargs = {**super().get_table_kwargs(), "openable_officers": None if user.sees_whole_county
                  else officers_for(user)}
        if not OfficerSuggestionsAcceptView.permits(user):
            kwargs["exclude"] = ("accept",)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_accept"] = OfficerSuggestionsAcceptView.permits(self.request.user)
        context["max_organizations"] = max_organizations()
        return context


class OfficerSuggestionsAcceptView(CountyStaffRequiredMixin, View):
    """County staff accept the ticked suggestions in one transaction; when one is stale the whole
    batch is refused with the reason and nothing is written. A unit secretary gets 403."""

    http_method_names = ["post"]

    @classmethod
    def permits(cls, user) -> bool:
        return bool(user.is_authenticated and user.sees_whole_county)

    def post(self, request):
        form = SuggestionAcceptForm(request.POST, officers=officers_for(request.user),
                                    organizations=organizations_for(request.user))
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["pair"])
            count = services.officer_assignments_accept(pairs=form.cleaned_data["pairs"], user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, member_rules.MSG_SUGGESTIONS_ACCEPTED % {"count": count})
        return redirect("targets:uncovered_organizations")


# Contact points (item 8): the county leaders without one, for county staff.

class LeadersWithoutContactListView(CountyStaffRequiredMixin, CountyLeaderListView):
    """County leaders none of whose contact points is an active organization (the failing list of
    leaders_contact). County records: a unit secretary gets 403."""

    title = _("County leaders without a contact point")

    @staticmethod
    def selector(user):
        return CountyLeaderListView.rows(selectors.leaders_without_contact_for(user))
