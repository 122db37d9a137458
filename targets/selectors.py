"""Reads of the targets app: the home page's overview of the user's scope, and the work lists.

A work list is a target's failing list within the user's scope, as of a date, with what the
page needs to act on each row. Each is the engine's own population and condition
(targets.compliance), so a list and the figure it explains always agree."""
import datetime

from django.db.models import BooleanField, Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.asof import (
    MEMBER_RELATION_TRANSFERRED,
    member_counts_at,
    member_probationary_at,
    months_after,
    officer_serves_at,
)
from members.models import CountyLeader, PartyMember, PipelinePerson, Stage
from members.selectors import leaders_for, members_for, officers_for, pipeline_for
from organizations.asof import ORGANIZATION_ACTIVE, party_orgs_active_at
from organizations.models import Organization, OrgStatus, RequestStatus
from organizations.selectors import change_requests_for, organizations_for, party_orgs_for

from . import hooks, registry
from .compliance import Engine
from .models import PlanTarget
from .scope import Scope


def target_names() -> dict[str, str]:
    """Each target's name by its code, for people: the plan's (an admin may rename a target), else
    the registry's. A code neither knows stays as it is."""
    names = {definition.code: definition.name for definition in registry.DEFINITIONS}
    names.update(PlanTarget.objects.values_list("code", "name"))
    return names


def overview_for(user, *, as_of: datetime.date | None = None) -> dict:
    """Counts of the registers in the user's scope, each one aggregate query; higher apps add
    theirs through the overview_counts hook (reports: the reports waiting for review)."""
    as_of = as_of or timezone.localdate()
    orgs = organizations_for(user).aggregate(
        active=Count("pk", filter=ORGANIZATION_ACTIVE),
        individual=Count("pk", filter=ORGANIZATION_ACTIVE & Q(individual_business=True)),
        closed=Count("pk", filter=Q(status=OrgStatus.CLOSED)),
    )
    members = members_for(user).aggregate(
        total=Count("pk", filter=member_counts_at(as_of)),
        probationary=Count("pk", filter=member_probationary_at(as_of)),
    )
    pipeline = pipeline_for(user).aggregate(
        applicants=Count("pk", filter=Q(stage=Stage.APPLICANT)),
        activists=Count("pk", filter=Q(stage=Stage.ACTIVIST)),
        candidates=Count("pk", filter=Q(stage=Stage.CANDIDATE)),
    )
    overview = {
        "as_of": as_of,
        "organizations": orgs,
        "party_orgs": party_orgs_for(user).filter(pk__in=party_orgs_active_at(as_of).values("pk")).count(),
        "members": members,
        "pipeline": pipeline,
        "officers": officers_for(user).filter(officer_serves_at(as_of)).count(),
        "pending_requests": change_requests_for(user).filter(status=RequestStatus.PENDING).count(),
    }
    for counts in hooks.overview_counts(user):
        overview.update(counts)
    return overview


# -- work lists ------------------------------------------------------------------------------------
def _engine(as_of: datetime.date) -> Engine:
    """The engine over the whole county: a work list then keeps the rows of the user's scope."""
    return Engine(as_of=as_of, scope=Scope())


def pipeline_quota_for(user, *, as_of: datetime.date) -> QuerySet[Organization]:
    """The user's organizations that have an activist quota (the population of activist_quota), each
    with the engine's `activists` at D and `quota` by size band, whether it is met, and its
    `key_candidates` (union and youth-league heads in the pipeline)."""
    target = _engine(as_of).activist_quota_target(registry.parameters_for("activist_quota"))
    key_candidates = (PipelinePerson.objects.filter(organization_id=OuterRef("pk"), union_or_league_head=True)
                      .order_by().values("organization_id").annotate(n=Count("pk")).values("n"))
    return (target.population(organizations_for(user))
            .annotate(key_candidates=Coalesce(Subquery(key_candidates, output_field=IntegerField()), 0),
                      quota_met=Case(When(target.condition, then=Value(True)), default=Value(False),
                                     output_field=BooleanField()))
            .order_by("credit_code"))


def uncovered_without_officer_for(user, *, as_of: datetime.date) -> QuerySet[Organization]:
    """The user's organizations on the failing list of uncovered_have_officer at D: active, not
    individual businesses, covered by no party org active at D, and on the list of no officer
    serving at D; by township and credit code."""
    target = _engine(as_of).uncovered_have_officer_target(registry.parameters_for("uncovered_have_officer"))
    return (target.population(organizations_for(user)).exclude(target.condition)
            .order_by("township", "credit_code"))


def leaders_without_contact_for(user) -> QuerySet[CountyLeader]:
    """The user's county leaders on the failing list of leaders_contact: no contact point is an
    active organization (none at all, or only closed ones)."""
    return leaders_for(user).exclude(Engine.leaders_contact_condition())


def transfer_months() -> int:
    """The months of relations_transferred (its parameter, 6 in the plan)."""
    return registry.parameters_for("relations_transferred")["months"]


def members_due_transfer_for(user, *, as_of: datetime.date, months: int | None = None) -> QuerySet[PartyMember]:
    """The failing list of relations_transferred at D within the user's scope: members counting at
    D, working in an active organization, MONTHS (the target's parameter) or more since the later
    of employed_since and joined_on (annotated `since`), whose relationship is not transferred."""
    months = transfer_months() if months is None else months
    population = _engine(as_of).relations_transferred_population(members_for(user), {"months": months})
    return population.exclude(MEMBER_RELATION_TRANSFERRED)


def transfer_days_overdue(since: datetime.date, *, as_of: datetime.date, months: int) -> int:
    """Days from the date the transfer fell due (SINCE plus the months) to D."""
    return (as_of - months_after(since, months)).days


def members_unmanaged_for(user, *, as_of: datetime.date) -> QuerySet[PartyMember]:
    """The failing list of members_managed at D within the user's scope: members counting at D whose
    relationship sits in no party org active at D and whom no supervising unit manages."""
    engine = _engine(as_of)
    return engine.members_managed_population(members_for(user)).exclude(engine.members_managed_condition())
