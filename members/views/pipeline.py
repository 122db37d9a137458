"""The development pipeline: applicants, activists and candidates, and each step (admission creates
the member)."""
from common.views import (
    DetailActionMixin,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from organizations.selectors import organizations_for, party_orgs_for, units_for

from .. import rules, selectors, services
from ..filters import PipelineFilter
from ..forms import (
    PipelinePersonForm,
    PipelineStepForm,
)
from ..models import PipelinePerson, PipelineStep
from ..tables import PipelineTable


class PipelineListView(ScopedListView):
    model = PipelinePerson
    selector = selectors.pipeline_for
    table_class = PipelineTable
    filterset_class = PipelineFilter
    create_url_name = "members:pipelineperson_create"


class PipelineDetailView(ScopedDetailView):
    model = PipelinePerson
    selector = selectors.pipeline_for
    slug_field = "person_id"
    slug_url_kwarg = "person_id"
    edit_url_name = "members:pipelineperson_update"
    detail_fields = ("person_id", "name", "organization", "stage", "applied_on", "activist_since",
                     "candidate_since", "union_or_league_head")
    template_name = "members/pipelineperson_detail.html"

    def get_step_form_kwargs(self) -> dict:
        user = self.request.user
        return {"person": self.object, "party_orgs": party_orgs_for(user), "units": units_for(user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("step_form", PipelineStepForm(**self.get_step_form_kwargs()))
        context["step_earliest"] = services.pipeline_step_earliest(self.object)
        return context


class PipelineCreateView(ScopedCreateView):
    model = PipelinePerson
    form_class = PipelinePersonForm
    form_scopes = {"organizations": organizations_for}
    service = services.pipeline_person_create
    list_url_name = "members:pipelineperson_list"


class PipelineUpdateView(ScopedUpdateView):
    model = PipelinePerson
    selector = selectors.pipeline_for
    slug_field = "person_id"
    slug_url_kwarg = "person_id"
    form_class = PipelinePersonForm
    form_scopes = {"organizations": organizations_for}
    service = services.pipeline_person_update
    record_argument = "person"


class PipelineStepView(DetailActionMixin, PipelineDetailView):
    """The next step of a pipeline person; admission creates the member."""

    form_class = PipelineStepForm
    form_context_name = "step_form"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.get_step_form_kwargs()}

    def perform(self, form):
        data = form.cleaned_data
        if data["to_stage"] == PipelineStep.PROBATIONARY:
            member = services.pipeline_person_admit(person=self.object, on=data["on"], **form.member_fields())
            return member.get_absolute_url(), rules.MSG_PERSON_ADMITTED % {"name": member.name, "on": data["on"]}
        person = services.pipeline_person_advance(person=self.object, to_stage=data["to_stage"], on=data["on"])
        return person.get_absolute_url(), rules.MSG_PERSON_ADVANCED % {
            "name": person.name, "stage": person.get_stage_display(), "on": data["on"]}
