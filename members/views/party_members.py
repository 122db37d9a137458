"""Party members: the register, a member's page and the actions posted from it (full membership,
relationship transferred, managing unit)."""
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from common.views import (
    DetailActionMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from organizations.selectors import organizations_for, party_orgs_for, units_for

from .. import rules, selectors, services
from ..filters import MemberFilter
from ..forms import (
    ManagingUnitAssignForm,
    MemberFullForm,
    PartyMemberForm,
    RelationTransferredForm,
)
from ..models import PartyMember
from ..tables import MemberTable


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
                     "employed_since", "relation_transferred", "relation_transferred_on", "party_org",
                     "managing_unit", "activist_since", "discovered_via")
    template_name = "members/partymember_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.object.full_on:
            context.setdefault("full_form", MemberFullForm())
            context["full_earliest"] = services.member_full_earliest(self.object)
        if not self.object.relation_transferred:
            context.setdefault("transfer_form", RelationTransferredForm(initial={"on": timezone.localdate()}))
        if not self.object.managing_unit_id:
            context.setdefault("assign_unit_form", ManagingUnitAssignForm(units=units_for(self.request.user)))
        return context


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
    record_argument = "member"


class MemberFullView(DetailActionMixin, MemberDetailView):
    """A probationary member becomes a full member."""

    form_class = MemberFullForm
    form_context_name = "full_form"

    def perform(self, form):
        member = services.member_make_full(member=self.object, on=form.cleaned_data["on"])
        return member.get_absolute_url(), rules.MSG_MEMBER_MADE_FULL % {"name": member.name, "on": member.full_on}


def next_url(request, default: str) -> str:
    """The page the action was posted from (a follow-up list) when it is on this site, else DEFAULT."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return default


class MemberRelationTransferredView(DetailActionMixin, MemberDetailView):
    """Record that a member's relationship was transferred (county staff, or a secretary in scope)."""

    form_class = RelationTransferredForm
    form_context_name = "transfer_form"

    def perform(self, form):
        member = services.member_relation_transferred(member=self.object, on=form.cleaned_data["on"])
        return next_url(self.request, member.get_absolute_url()), rules.MSG_RELATION_TRANSFERRED % {
            "name": member.name, "on": member.relation_transferred_on}


class MemberAssignUnitView(DetailActionMixin, MemberDetailView):
    """Put a member under a managing unit: a secretary only their own unit, county staff any."""

    form_class = ManagingUnitAssignForm
    form_context_name = "assign_unit_form"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": units_for(self.request.user)}

    def perform(self, form):
        unit = form.cleaned_data["unit"]
        member = services.member_managing_unit_assign(member=self.object, unit=unit, by=self.request.user)
        return next_url(self.request, member.get_absolute_url()), rules.MSG_MANAGING_UNIT_ASSIGNED % {
            "name": member.name, "unit": unit}
