"""Reads of the register app, scoped to the user."""
from django.db.models import QuerySet

from common.scoping import sees_county

from .models import RegisterImport


def register_imports_for(user) -> QuerySet[RegisterImport]:
    """Register imports are county-wide: county staff see them all, nobody else any."""
    qs = RegisterImport.objects.select_related("uploaded_by")
    return qs if sees_county(user) else qs.none()
