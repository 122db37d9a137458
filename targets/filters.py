import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import SearchFilterSet
from members.models import PartyMember
from organizations.models import Organization


class PipelineQuotaFilter(SearchFilterSet):
    search_fields = ("name", "credit_code")
    quota_met = django_filters.BooleanFilter(label=_("Activist quota met"))

    class Meta:
        model = Organization
        fields = ["q", "quota_met"]


class FollowUpFilter(SearchFilterSet):
    """The follow-up lists: search, and how a hidden member was found."""

    search_fields = ("name", "member_id", "organization__name", "organization__credit_code")

    class Meta:
        model = PartyMember
        fields = ["q", "discovered_via"]


class UncoveredOrganizationFilter(SearchFilterSet):
    """The uncovered organizations without an officer: search by name, credit code or township."""

    search_fields = ("name", "credit_code", "township")

    class Meta:
        model = Organization
        fields = ["q"]
