"""County-level leading cadres and their contact points."""
from django.db.models import Count

from common.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from organizations.selectors import organizations_for

from .. import selectors, services
from ..filters import CountyLeaderFilter
from ..forms import (
    CountyLeaderForm,
)
from ..models import CountyLeader
from ..tables import CountyLeaderTable


class CountyLeaderListView(ScopedListView):
    model = CountyLeader
    table_class = CountyLeaderTable
    filterset_class = CountyLeaderFilter
    create_url_name = "members:countyleader_create"

    @staticmethod
    def selector(user):
        return CountyLeaderListView.rows(selectors.leaders_for(user))

    @staticmethod
    def rows(leaders):
        """Each leader with the number of contact points, and the contact points in one more query."""
        return (leaders.annotate(contact_point_count=Count("contact_points")).prefetch_related("contact_points")
                .order_by("leader_id"))


class CountyLeaderDetailView(ScopedDetailView):
    model = CountyLeader
    selector = selectors.leaders_for
    slug_field = "leader_id"
    slug_url_kwarg = "leader_id"
    edit_url_name = "members:countyleader_update"
    detail_fields = ("leader_id", "name", "title", "contact_points")


class CountyLeaderCreateView(ScopedCreateView):
    model = CountyLeader
    form_class = CountyLeaderForm
    form_scopes = {"organizations": organizations_for}
    service = services.county_leader_create
    staff_only = True
    list_url_name = "members:countyleader_list"


class CountyLeaderUpdateView(ScopedUpdateView):
    model = CountyLeader
    selector = selectors.leaders_for
    slug_field = "leader_id"
    slug_url_kwarg = "leader_id"
    form_class = CountyLeaderForm
    form_scopes = {"organizations": organizations_for}
    service = services.county_leader_update
    record_argument = "leader"
    staff_only = True
