"""Training: party-school yearly training and pre-appointment training of new secretaries."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
)
from organizations.models import LeadershipMember
from organizations.selectors import leadership_seats_for, party_orgs_for

from .. import selectors, services
from ..filters import SecretaryFilter, TrainingFilter
from ..forms import (
    TrainingPrefillForm,
    TrainingRecordForm,
)
from ..models import TrainingKind, TrainingRecord
from ..tables import TrainingTable, UntrainedSecretaryTable


class TrainingListView(ScopedListView):
    model = TrainingRecord
    selector = selectors.trainings_for
    table_class = TrainingTable
    filterset_class = TrainingFilter
    create_url_name = "members:trainingrecord_create"


class TrainingDetailView(ScopedDetailView):
    model = TrainingRecord
    selector = selectors.trainings_for
    detail_fields = ("kind", "trainee_name", "party_org", "leadership_member", "year", "held_on", "hours", "note",
                     "created_by")


class TrainingCreateView(ScopedCreateView):
    """Record a training; ?seat=<leadership seat> pre-fills the pre-appointment training of that
    secretary (a seat the user does not see is ignored)."""

    model = TrainingRecord
    form_class = TrainingRecordForm
    form_scopes = {"party_orgs": party_orgs_for, "seats": leadership_seats_for}
    service = services.training_record_create
    list_url_name = "members:trainingrecord_list"

    def get_initial(self):
        today = timezone.localdate()
        seat = TrainingPrefillForm(self.request.GET, seats=leadership_seats_for(self.request.user)).chosen_seat()
        if seat is None:
            return {"year": today.year}
        return {"kind": TrainingKind.PRE_APPOINTMENT, "trainee_name": seat.name, "party_org": seat.party_org_id,
                "leadership_member": seat.pk, "year": today.year}

    def call_service(self, data):
        return type(self).service(created_by=self.request.user, **data)


class SecretaryTrainingDueListView(ScopedListView):
    """Secretaries of active party orgs with no pre-appointment training record of their seat."""

    model = LeadershipMember
    table_class = UntrainedSecretaryTable
    filterset_class = SecretaryFilter
    title = _("Secretaries without pre-appointment training")

    def get_queryset(self):
        return selectors.secretaries_lacking_training_for(self.request.user, as_of=timezone.localdate())
