import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import SearchFilterSet

from .models import Organization, PartyOrg, PartyOrgChangeRequest
from .selectors import units_for


def _units(request):
    return units_for(request.user) if request else units_for(None)


class OrganizationFilter(SearchFilterSet):
    search_fields = ("name", "credit_code", "owner_name")
    unit = django_filters.ModelChoiceFilter(label=_("supervising unit"), queryset=_units)

    class Meta:
        model = Organization
        fields = ["q", "unit", "township", "category", "individual_business", "stable", "status"]


class PartyOrgFilter(SearchFilterSet):
    search_fields = ("name", "code")
    unit = django_filters.ModelChoiceFilter(label=_("leading unit"), queryset=_units)

    class Meta:
        model = PartyOrg
        fields = ["q", "unit", "level", "form", "demo_level"]


class ChangeRequestFilter(SearchFilterSet):
    search_fields = ("proposed_name", "proposed_code", "party_org__name", "party_org__code", "reason")
    unit = django_filters.ModelChoiceFilter(label=_("requesting unit"), queryset=_units)

    class Meta:
        model = PartyOrgChangeRequest
        fields = ["q", "status", "kind", "unit"]
