import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import SearchFilterSet
from members.models import Officer
from targets.compliance import LARGE_FROM, MEDIUM_FROM, officer_serves_at, party_orgs_active_at

from .coverage import CoverageKind

from .models import ActivityRecord, DemoLevel, FiveGoodsAssessment, Organization, PartyOrg, PartyOrgChangeRequest
from .models import PartyOrgForm as PartyOrgFormKind
from .selectors import party_orgs_for, units_for


def _units(request):
    return units_for(request.user) if request else units_for(None)


SIZE_BANDS = [("small", _("Small (under 50 employees)")), ("medium", _("Medium (50 to 99 employees)")),
              ("large", _("Large (100 employees or more)"))]


class OrganizationFilter(SearchFilterSet):
    search_fields = ("name", "credit_code", "owner_name")
    unit = django_filters.ModelChoiceFilter(label=_("supervising unit"), queryset=_units)
    industry = django_filters.CharFilter(label=_("industry"), lookup_expr="icontains")
    size_band = django_filters.ChoiceFilter(label=_("size"), choices=SIZE_BANDS, method="filter_size_band")
    coverage = django_filters.ChoiceFilter(label=_("coverage today"), choices=CoverageKind.choices,
                                           method="filter_coverage")

    class Meta:
        model = Organization
        fields = ["q", "unit", "township", "industry", "category", "individual_business", "size_band", "stable",
                  "status", "coverage"]

    def filter_size_band(self, queryset, name, value):
        bounds = {"small": Q(employees__lt=MEDIUM_FROM),
                  "medium": Q(employees__gte=MEDIUM_FROM, employees__lt=LARGE_FROM),
                  "large": Q(employees__gte=LARGE_FROM)}
        return queryset.filter(bounds[value]) if value in bounds else queryset

    def filter_coverage(self, queryset, name, value):
        """The coverage kind of the ledger (organizations/coverage.py), as of today, in one query."""
        today = timezone.localdate()
        active = party_orgs_active_at(today).filter(organizations=OuterRef("pk"))
        standalone = Exists(active.filter(form=PartyOrgFormKind.STANDALONE))
        covered = Exists(active)
        officer = Exists(Officer.objects.filter(officer_serves_at(today), organizations=OuterRef("pk")))
        conditions = {
            CoverageKind.STANDALONE: standalone,
            CoverageKind.JOINT: covered & ~standalone,
            CoverageKind.OFFICER_ONLY: ~covered & officer,
            CoverageKind.UNCOVERED: ~covered & ~officer,
        }
        return queryset.filter(conditions[value]) if value in conditions else queryset


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


FIVE_GOOD = Q(leadership=True, members=True, mechanism=True, performance=True, mass=True)


class AssessmentFilter(SearchFilterSet):
    search_fields = ("party_org__name", "party_org__code")
    year = django_filters.NumberFilter(label=_("year"))
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
    demo_year = django_filters.NumberFilter(label=_("demonstration site year"))
    unit = django_filters.ModelChoiceFilter(label=_("leading unit"), queryset=_units)

    class Meta:
        model = PartyOrg
        fields = ["q", "demo_level", "demo_year", "unit"]


def _party_orgs(request):
    return party_orgs_for(request.user) if request else party_orgs_for(None)


class ActivityFilter(SearchFilterSet):
    search_fields = ("title", "description", "party_org__name", "party_org__code")
    year = django_filters.NumberFilter(label=_("year"), field_name="held_on", lookup_expr="year")
    unit = django_filters.ModelChoiceFilter(label=_("leading unit"), field_name="party_org__unit", queryset=_units)
    party_org = django_filters.ModelChoiceFilter(label=_("party organization"), queryset=_party_orgs,
                                                 to_field_name="code")

    class Meta:
        model = ActivityRecord
        fields = ["q", "kind", "year", "unit", "party_org"]
