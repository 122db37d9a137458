"""Reads on members, the pipeline, officers, leaders and training, scoped to the user."""
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from organizations.selectors import organizations_for, party_orgs_for, sees_county, user_unit_id
from targets.compliance import activist_quota_by_organization

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


def members_to_transfer_for(user) -> QuerySet[PartyMember]:
    """Members whose relationship sits in a party org revoked by today: it has to move elsewhere."""
    from django.utils import timezone

    return members_for(user).filter(party_org__revoked_on__lte=timezone.localdate())


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


def pipeline_quota_for(user, *, as_of) -> QuerySet:
    """The user's organizations that have an activist quota, each with the compliance engine's
    `activists` at D and `quota` by size band, and its `key_candidates` (union and youth-league
    heads in the pipeline): the organization's pipeline against its quota."""
    key_candidates = (PipelinePerson.objects.filter(organization_id=OuterRef("pk"), union_or_league_head=True)
                      .order_by().values("organization_id").annotate(n=Count("pk")).values("n"))
    return (activist_quota_by_organization(as_of=as_of)
            .filter(pk__in=organizations_for(user).values("pk"))
            .select_related("unit")
            .annotate(key_candidates=Coalesce(Subquery(key_candidates, output_field=IntegerField()), 0),
                      quota_met=Case(When(activists__gte=F("quota"), then=Value(True)), default=Value(False),
                                     output_field=BooleanField()))
            .order_by("credit_code"))
