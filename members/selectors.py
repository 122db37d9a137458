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

from django.utils.translation import gettext_lazy as _

from organizations.models import LeadershipMember, LeadershipRole
from organizations.selectors import (
    leadership_seats_for,
    organizations_for,
    party_orgs_for,
    sees_county,
    user_unit_id,
)
from targets.compliance import (
    MEMBER_RELATION_TRANSFERRED,
    activist_quota_by_organization,
    member_counts_at,
    member_managed_at,
    members_six_months_in,
    months_after,
    party_orgs_active_at,
    target_parameters,
)

from .models import (
    CountyLeader,
    DiscoveredVia,
    Officer,
    PartyMember,
    PipelinePerson,
    TrainingKind,
    TrainingRecord,
)


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


def leaders_without_contact_for(user) -> QuerySet[CountyLeader]:
    """The user's county leaders that the leaders_contact target lists as failing: no contact
    point is an active organization (none at all, or only closed ones)."""
    from targets.compliance import leaders_without_contact_point

    return leaders_for(user).filter(pk__in=leaders_without_contact_point().values("pk"))


def uncovered_without_officer_for(user, *, as_of) -> QuerySet:
    """The user's organizations that the uncovered_have_officer target lists as failing at D:
    active, not individual businesses, covered by no party org active at D, and on the list of
    no officer serving at D."""
    from targets.compliance import uncovered_without_officer

    return (uncovered_without_officer(as_of=as_of).filter(pk__in=organizations_for(user).values("pk"))
            .select_related("unit").order_by("township", "credit_code"))


def trainings_for(user) -> QuerySet[TrainingRecord]:
    qs = TrainingRecord.objects.select_related("party_org", "leadership_member")
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


# -- member follow-up: the engine's failing lists of relations_transferred and members_managed ----
def transfer_months() -> int:
    """The months of relations_transferred (its parameter, 6 as seeded)."""
    return target_parameters("relations_transferred").get("months", 6)


def members_due_transfer_for(user, *, as_of, months: int | None = None) -> QuerySet[PartyMember]:
    """The failing list of relations_transferred at D within the user's scope: members counting at D,
    working in an active organization, six months or more since the later of employed_since and
    joined_on (annotated `since`), whose relationship is not transferred."""
    months = transfer_months() if months is None else months
    return members_six_months_in(members_for(user), as_of=as_of, months=months).exclude(MEMBER_RELATION_TRANSFERRED)


def transfer_days_overdue(since, *, as_of, months: int) -> int:
    """Days from the date the transfer fell due (SINCE plus the months) to D."""
    return (as_of - months_after(since, months)).days


def members_unmanaged_for(user, *, as_of) -> QuerySet[PartyMember]:
    """The failing list of members_managed at D within the user's scope: members counting at D whose
    relationship sits in no party org active at D and whom no supervising unit manages."""
    return members_for(user).filter(member_counts_at(as_of)).exclude(member_managed_at(as_of))


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
