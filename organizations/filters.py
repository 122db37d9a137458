import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import SearchFilterSet, YearFilter
from common.hooks import target_parameters

from . import hooks
from .asof import FIVE_GOOD, CoverageKind, SizeBand, size_band_condition, size_band_label
from .models import ActivityRecord, DemoLevel, FiveGoodsAssessment, Organization, PartyOrg, PartyOrgChangeRequest
from .selectors import party_orgs_for, units_for

# The plan target whose size bands the organization list uses (its medium_from and large_from).
SIZE_BAND_TARGET = "activist_quota"


def _units(request):
    return units_for(request.user) if request else units_for(None)


def size_bands() -> dict:
    """The thresholds of the size bands as the plan sets them (an admin may move them)."""
    parameters = target_parameters(SIZE_BAND_TARGET)
    return {"medium_from": parameters["medium_from"], "large_from": parameters["large_from"]}


class SizeBandFilter(django_filters.ChoiceFilter):
    """The size band by the plan's thresholds; its choices name them (read when the form is built)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=self.band_choices, **kwargs)

    @staticmethod
    def band_choices():
        bounds = size_bands()
        return [(band.value, size_band_label(band, **bounds)) for band in SizeBand]

    def filter(self, queryset, value):
        if value in SizeBand._value2member_map_:
            return queryset.filter(size_band_condition(value, **size_bands()))
        return queryset


class OrganizationFilter(SearchFilterSet):
    search_fields = ("name", "credit_code", "owner_name")
    unit = django_filters.ModelChoiceFilter(label=_("supervising unit"), queryset=_units)
    industry = django_filters.CharFilter(label=_("industry"), lookup_expr="icontains")
    size_band = SizeBandFilter(label=_("size"))
    coverage = django_filters.ChoiceFilter(label=_("coverage today"), choices=CoverageKind.choices,
                                           method="filter_coverage")

    class Meta:
        model = Organization
        fields = ["q", "unit", "township", "industry", "category", "individual_business", "size_band", "stable",
                  "status", "coverage"]

    def filter_coverage(self, queryset, name, value):
        """The coverage kind of the ledger, as of today (members.asof, through the hook)."""
        if value not in CoverageKind.values:
            return queryset
        return queryset.filter(hooks.coverage_condition(value, timezone.localdate()))


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


class AssessmentFilter(SearchFilterSet):
    search_fields = ("party_org__name", "party_org__code")
    year = YearFilter(label=_("year"))
    confirmed = django_filters.BooleanFilter(label=_("Confirmed"), field_name="confirmed_at", lookup_expr="isnull",
                                             exclude=True)
    all_good = django_filters.BooleanFilter(label=_("All five good"), method="filter_all_good")
    unit = django_filters.ModelChoiceFilter(label=_("leading unit"), field_name="party_org__unit", queryset=_units)

    class Meta:
        model = FiveGoodsAssessment
        fields = ["q", "year", "confirmed", "all_good", "unit"]

    def filter_all_good(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(FIVE_GOOD) if value else queryset.exclude(FIVE_GOOD)


class DemoSiteFilter(SearchFilterSet):
    search_fields = ("name", "code")
    demo_level = django_filters.ChoiceFilter(label=_("demonstration site level"), choices=DemoLevel.choices)
    demo_year = YearFilter(label=_("demonstration site year"))
    unit = django_filters.ModelChoiceFilter(label=_("leading unit"), queryset=_units)

    class Meta:
        model = PartyOrg
        fields = ["q", "demo_level", "demo_year", "unit"]


def _party_orgs(request):
    return party_orgs_for(request.user) if request else party_orgs_for(None)


class ActivityFilter(SearchFilterSet):
    search_fields = ("title", "description", "party_org__name", "party_org__code")
    year = YearFilter(label=_("year"), field_name="held_on", lookup_expr="year")
    unit = django_filters.ModelChoiceFilter(label=_("leading unit"), field_name="party_org__unit", queryset=_units)
    party_org = django_filters.ModelChoiceFilter(label=_("party organization"), queryset=_party_orgs,
                                                 to_field_name="code")

    class Meta:
        model = ActivityRecord
        fields = ["q", "kind", "year", "unit", "party_org"]
