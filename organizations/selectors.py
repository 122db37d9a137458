"""Reads on organizations and party orgs. Every view reaches rows through these scoping selectors:
county staff and admins see the whole county, a unit secretary only their unit's rows."""
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import (
    ActivityRecord,
    FiveGoodsAssessment,
    LeadershipMember,
    Organization,
    PartyOrg,
    PartyOrgChangeRequest,
    SupervisingUnit,
)


def user_unit_id(user) -> int | None:
    """The unit a secretary is scoped to, or None when the user sees nothing by unit."""
    return user.unit_id if getattr(user, "is_unit_secretary", False) else None


def sees_county(user) -> bool:
    return bool(getattr(user, "sees_whole_county", False))


def units_for(user) -> QuerySet[SupervisingUnit]:
    qs = SupervisingUnit.objects.all()
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    return qs.filter(pk=unit_id) if unit_id else qs.none()


def organizations_for(user) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("unit")
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    return qs.filter(unit_id=unit_id) if unit_id else qs.none()


def party_org_scope_q(unit_id: int) -> Q:
    """Party orgs a unit leads, or that cover one of the unit's organizations."""
    covers_unit_org = PartyOrg.organizations.through.objects.filter(
        partyorg_id=OuterRef("pk"), organization__unit_id=unit_id
    )
    return Q(unit_id=unit_id) | Q(Exists(covers_unit_org))


def party_orgs_for(user) -> QuerySet[PartyOrg]:
    qs = PartyOrg.objects.select_related("unit")
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    return qs.filter(party_org_scope_q(unit_id)) if unit_id else qs.none()


def assessments_for(user) -> QuerySet[FiveGoodsAssessment]:
    """Five-goods assessments of the party orgs the user sees."""
    return FiveGoodsAssessment.objects.select_related("party_org__unit", "confirmed_by").filter(
        party_org__in=party_orgs_for(user)
    )


def demo_sites_for(user) -> QuerySet[PartyOrg]:
    """Party orgs designated a demonstration site (county or city level), among those the user sees."""
    return party_orgs_for(user).exclude(demo_level="").order_by("-demo_year", "code")


def activities_for(user) -> QuerySet[ActivityRecord]:
    return ActivityRecord.objects.select_related("party_org__unit").filter(party_org__in=party_orgs_for(user))


def change_requests_for(user) -> QuerySet[PartyOrgChangeRequest]:
    qs = PartyOrgChangeRequest.objects.select_related("unit", "party_org", "requested_by")
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    return qs.filter(unit_id=unit_id) if unit_id else qs.none()


def leadership_seats_for(user) -> QuerySet[LeadershipMember]:
    """Seats in the leadership teams of the party orgs the user sees."""
    return LeadershipMember.objects.select_related("party_org").filter(party_org__in=party_orgs_for(user))
