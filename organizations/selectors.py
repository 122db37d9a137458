"""Reads on organizations and party orgs. Every view reaches rows through these scoping selectors:
county staff and admins see the whole county, a unit secretary only their unit's rows.

The condition a unit's rows meet is one function per entity (``*_scope_q(unit_id)``): the
selectors and the compliance scope of a unit (targets.scope) are both built from it."""
from django.db.models import Q, QuerySet

from common.scoping import scoped

from .asof import covering
from .models import (
    ActivityRecord,
    FiveGoodsAssessment,
    LeadershipMember,
    Organization,
    PartyOrg,
    PartyOrgChangeRequest,
    SupervisingUnit,
)


def unit_scope_q(unit_id: int) -> Q:
    return Q(pk=unit_id)


def organization_scope_q(unit_id: int) -> Q:
    """A unit's organizations."""
    return Q(unit_id=unit_id)


def party_org_scope_q(unit_id: int) -> Q:
    """Party orgs a unit leads, or that cover one of the unit's organizations."""
    return Q(unit_id=unit_id) | Q(covering(Organization.objects.filter(organization_scope_q(unit_id))))


def change_request_scope_q(unit_id: int) -> Q:
    return Q(unit_id=unit_id)


def units_for(user) -> QuerySet[SupervisingUnit]:
    return scoped(user, SupervisingUnit.objects.all(), unit_scope_q)


def organizations_for(user) -> QuerySet[Organization]:
    return scoped(user, Organization.objects.select_related("unit"), organization_scope_q)


def party_orgs_for(user) -> QuerySet[PartyOrg]:
    return scoped(user, PartyOrg.objects.select_related("unit"), party_org_scope_q)


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
    return scoped(user, PartyOrgChangeRequest.objects.select_related("unit", "party_org", "requested_by"),
                  change_request_scope_q)


def leadership_seats_for(user) -> QuerySet[LeadershipMember]:
    """Seats in the leadership teams of the party orgs the user sees."""
    return LeadershipMember.objects.select_related("party_org").filter(party_org__in=party_orgs_for(user))
