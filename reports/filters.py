import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import SearchFilterSet, YearFilter
from organizations.selectors import units_for

from .models import HalfYearReport


class ReportFilter(SearchFilterSet):
    search_fields = ("unit__name", "unit__code")
    year = YearFilter(label=_("year"))
    unit = django_filters.ModelChoiceFilter(
        label=_("supervising unit"), queryset=lambda request: units_for(request.user if request else None)
    )

    class Meta:
        model = HalfYearReport
        fields = ["q", "unit", "year", "half", "status"]
