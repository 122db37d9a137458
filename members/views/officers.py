"""Instructors and liaison officers: the register, an officer's page and the organizations assigned
to them (above the plan's limit the pages warn, they never refuse)."""
from django.contrib import messages
from django.db.models import Count

from common.views import (
    CountyStaffRequiredMixin,
    DetailActionMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from organizations.selectors import organizations_for

from .. import officer_load, rules, selectors, services
from ..filters import OfficerFilter
from ..forms import (
    OfficerAssignForm,
    OfficerForm,
)
from ..models import Officer
from ..tables import OfficerTable


class OfficerListView(ScopedListView):
    model = Officer
    table_class = OfficerTable
    filterset_class = OfficerFilter
    create_url_name = "members:officer_create"

    @staticmethod
    def selector(user):
        return selectors.officers_for(user).annotate(organization_count=Count("organizations")).order_by("officer_id")


class OfficerDetailView(ScopedDetailView):
    model = Officer
    selector = selectors.officers_for
    slug_field = "officer_id"
    slug_url_kwarg = "officer_id"
    edit_url_name = "members:officer_update"
    detail_fields = ("officer_id", "name", "role", "home_unit", "appointed_on", "organizations")
    template_name = "members/officer_detail.html"

    def get_assign_form_kwargs(self) -> dict:
        return {"officer": self.object, "organizations": organizations_for(self.request.user),
                "max_organizations": officer_load.max_organizations()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["load_warning"] = officer_load.load_warning(self.object)
        if OfficerAssignView.permits(self.request.user):
            context.setdefault("assign_form", OfficerAssignForm(**self.get_assign_form_kwargs()))
        return context


class OfficerLoadWarningMixin:
    """The officer forms: the plan's limit in the help of the organizations field, and after saving
    an officer who looks after more, a warning naming the count (a warning, never a refusal)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "max_organizations": officer_load.max_organizations()}

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302 and (warning := officer_load.load_warning(self.object)):
            messages.warning(self.request, warning)
        return response


class OfficerCreateView(OfficerLoadWarningMixin, ScopedCreateView):
    model = Officer
    form_class = OfficerForm
    form_scopes = {"organizations": organizations_for}
    service = services.officer_create
    staff_only = True
    list_url_name = "members:officer_list"


class OfficerUpdateView(OfficerLoadWarningMixin, ScopedUpdateView):
    model = Officer
    selector = selectors.officers_for
    slug_field = "officer_id"
    slug_url_kwarg = "officer_id"
    form_class = OfficerForm
    form_scopes = {"organizations": organizations_for}
    service = services.officer_update
    record_argument = "officer"
    staff_only = True


class OfficerAssignView(CountyStaffRequiredMixin, DetailActionMixin, OfficerDetailView):
    """County staff add organizations to an officer's list; above the plan's limit the page warns
    (it does not refuse). A unit secretary gets 403."""

    form_class = OfficerAssignForm
    form_context_name = "assign_form"

    @classmethod
    def permits(cls, user) -> bool:
        return bool(user.is_authenticated and user.sees_whole_county)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.get_assign_form_kwargs()}

    def perform(self, form):
        officer = services.officer_assign(officer=self.object, organizations=form.cleaned_data["organizations"])
        if warning := officer_load.load_warning(officer):
            messages.warning(self.request, warning)
        return officer.get_absolute_url(), rules.MSG_OFFICER_ASSIGNED % {
            "name": officer.name, "count": officer.organizations.count()}
