"""Activity records of party orgs: org life meetings, pioneer posts, aid pairs and the like."""
from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from common.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
)

from .. import rules, services
from ..filters import (
    ActivityFilter,  # noqa: I001
    )
from ..forms import (
    ActivityRecordForm,
)
from ..models import (
    ActivityRecord,
    PartyOrg,
)
from ..selectors import (
    activities_for,
    party_orgs_for,
)
from ..tables import ActivityTable


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
