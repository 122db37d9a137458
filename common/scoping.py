"""Who sees what: county staff and admins see the whole county, a unit secretary only the rows
of their own unit, anybody else nothing.

Each app's selectors define, per entity, the condition a unit's rows meet (``party_org_scope_q``,
``member_scope_q``…) and build ``<entity>s_for(user)`` with ``scoped``; the compliance scope of a
unit (targets.scope) is built from the same conditions, so a secretary's lists and their figures
always cover the same rows."""
from collections.abc import Callable

from django.db.models import Q, QuerySet


def sees_county(user) -> bool:
    return bool(getattr(user, "sees_whole_county", False))


def user_unit_id(user) -> int | None:
    """The unit a secretary is scoped to, or None when the user sees nothing by unit."""
    return user.unit_id if getattr(user, "is_unit_secretary", False) else None


def scoped(user, queryset: QuerySet, unit_condition: Callable[[int], Q]) -> QuerySet:
    """QUERYSET as USER may see it: all of it for county staff, the rows meeting
    unit_condition(unit id) for a unit secretary, none for anybody else."""
    if sees_county(user):
        return queryset
    unit_id = user_unit_id(user)
    return queryset.filter(unit_condition(unit_id)) if unit_id else queryset.none()
