"""Reads on members, the pipeline, officers, leaders and training, scoped to the user."""
from django.db.models import Exists, OuterRef, Q, QuerySet

from organizations.selectors import party_orgs_for, sees_county, user_unit_id

from .models import CountyLeader, Officer, PartyMember, PipelinePerson, TrainingRecord


def members_for(user) -> QuerySet[PartyMember]:
    """A secretary sees members working in their unit's organizations or managed by their unit."""
    qs = PartyMember.objects.select_related("organization", "party_org", "managing_unit")
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    if not unit_id:
        return qs.none()
    return qs.filter(Q(organization__unit_id=unit_id) | Q(managing_unit_id=unit_id))


def pipeline_for(user) -> QuerySet[PipelinePerson]:
    qs = PipelinePerson.objects.select_related("organization")
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    return qs.filter(organization__unit_id=unit_id) if unit_id else qs.none()


def officers_for(user) -> QuerySet[Officer]:
    """Officers are the county's; a secretary sees those who look after one of their organizations."""
    qs = Officer.objects.all()
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    if not unit_id:
        return qs.none()
    looks_after = Officer.organizations.through.objects.filter(officer_id=OuterRef("pk"),
                                                               organization__unit_id=unit_id)
    return qs.filter(Exists(looks_after))


def leaders_for(user) -> QuerySet[CountyLeader]:
    """County leaders; a secretary sees those whose contact point is one of their organizations."""
    qs = CountyLeader.objects.all()
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    if not unit_id:
        return qs.none()
    contact = CountyLeader.contact_points.through.objects.filter(countyleader_id=OuterRef("pk"),
                                                                 organization__unit_id=unit_id)
    return qs.filter(Exists(contact))


def trainings_for(user) -> QuerySet[TrainingRecord]:
    qs = TrainingRecord.objects.select_related("party_org")
    if sees_county(user):
        return qs
    return qs.filter(party_org__in=party_orgs_for(user))
