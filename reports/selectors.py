"""Reads on half-yearly reports, scoped to the user."""
from django.db.models import QuerySet

from organizations.selectors import sees_county, user_unit_id

from .models import HalfYearReport


def reports_for(user) -> QuerySet[HalfYearReport]:
    qs = HalfYearReport.objects.select_related("unit")
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    return qs.filter(unit_id=unit_id) if unit_id else qs.none()
