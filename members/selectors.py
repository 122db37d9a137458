"""Reads on members, the pipeline, officers, leaders and training, scoped to the user.

The condition a unit's rows meet is one function per entity (``*_scope_q(unit_id)``): the
selectors and the compliance scope of a unit (targets.scope) are both built from it."""
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.scoping import scoped, sees_county
from organizations.asof import party_orgs_active_at
from organizations.models import LeadershipMember, LeadershipRole
from organizations.selectors import leadership_seats_for, party_orgs_for

from .models import (
    CountyLeader,
    DiscoveredVia,
    Officer,
    PartyMember,
    PipelinePerson,
    TrainingKind,
    TrainingRecord,
)


def member_scope_q(unit_id: int) -> Q:
    """Members working in one of the unit's organizations, or managed by the unit."""
    return Q(organization__unit_id=unit_id) | Q(managing_unit_id=unit_id)


def pipeline_scope_q(unit_id: int) -> Q:
    """Pipeline people working in one of the unit's organizations."""
    return Q(organization__unit_id=unit_id)


def officer_scope_q(unit_id: int) -> Q:
    """Officers (the county's) who look after one of the unit's organizations."""
    return Q(Exists(Officer.organizations.through.objects.filter(officer_id=OuterRef("pk"),
                                                                 organization__unit_id=unit_id)))


def leader_scope_q(unit_id: int) -> Q:
    """County leaders whose contact point is one of the unit's organizations."""
    return Q(Exists(CountyLeader.contact_points.through.objects.filter(countyleader_id=OuterRef("pk"),
                                                                       organization__unit_id=unit_id)))


def members_for(user) -> QuerySet[PartyMember]:
    """A secretary sees members working in their unit's organizations or managed by their unit."""
    return scoped(user, PartyMember.objects.select_related("organization", "party_org", "managing_unit"),
                  member_scope_q)


def members_to_transfer_for(user) -> QuerySet[PartyMember]:
    """Members whose relationship sits in a party org revoked by today: it has to move elsewhere."""
    return members_for(user).filter(party_org__revoked_on__lte=timezone.localdate())


def pipeline_for(user) -> QuerySet[PipelinePerson]:
    return scoped(user, PipelinePerson.objects.select_related("organization"), pipeline_scope_q)


def officers_for(user) -> QuerySet[Officer]:
    """Officers are the county's; a secretary sees those who look after one of their organizations."""
    return scoped(user, Officer.objects.all(), officer_scope_q)


def leaders_for(user) -> QuerySet[CountyLeader]:
    """County leaders; a secretary sees those whose contact point is one of their organizations."""
    return scoped(user, CountyLeader.objects.all(), leader_scope_q)


def trainings_for(user) -> QuerySet[TrainingRecord]:
    qs = TrainingRecord.objects.select_related("party_org", "leadership_member")
    if sees_county(user):
        return qs
    return qs.filter(party_org__in=party_orgs_for(user))


def discovered_via_breakdown(user) -> list[tuple[str, str, int]]:
    """(value, label, number of members) for each way a hidden member was found, then the members
    with none recorded, within the user's scope: one aggregate query."""
    choices = [*DiscoveredVia.choices, ("", _("Not recorded"))]
    counts = members_for(user).aggregate(**{
        f"n{i}": Count("pk", filter=Q(discovered_via=value)) for i, (value, _label) in enumerate(choices)})
    return [(value, label, counts[f"n{i}"]) for i, (value, label) in enumerate(choices)]


# -- pre-appointment training of party-org secretaries -------------------------------------------
def secretaries_lacking_training_for(user, *, as_of) -> QuerySet[LeadershipMember]:
    """Secretaries of the party orgs active at D that the user sees, with no pre-appointment training
    record of their seat. A record counts for a secretary through its leadership_member link (the
    seat), whatever its year; a record with only a matching name does not."""
    trained = TrainingRecord.objects.filter(leadership_member_id=OuterRef("pk"), kind=TrainingKind.PRE_APPOINTMENT)
    return (leadership_seats_for(user)
            .filter(role=LeadershipRole.SECRETARY, party_org__in=party_orgs_active_at(as_of))
            .exclude(Exists(trained))
            .select_related("party_org__unit"))
