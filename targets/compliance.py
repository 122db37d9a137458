"""The compliance engine: every target of the plan for an as-of date and a scope, by aggregate
queries (docs/targets.md gives the rules in words).

``compute_compliance(as_of=D, scope=Scope(...))`` returns the compliance document: the baseline
figures and, per target, its numerator, denominator, value, state and (with details) the failing
keys. The date rules come from organizations.asof and members.asof, the targets' kinds and
parameters from the registry (targets.registry), a unit's rows from the scoping selectors
(targets.scope). Nothing loops over rows in Python except to list the failing keys.

The six targets that put an obligation on one organization are ``OrganizationTarget``s: their
population is a list of criteria, each with the reason an organization that fails it is not
concerned, so the coverage ledger of one organization (targets.ledger) applies the very same
population and condition as the engine.
"""
import dataclasses
import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.asof import (
    MEMBER_RELATION_TRANSFERRED,
    leader_has_active_contact_point,
    member_activist_between,
    member_counts_at,
    member_full_at,
    member_joined_between,
    member_joined_in_year_of,
    member_managed_at,
    members_months_in_org,
    officer_serves_at,
    pipeline_activist_at,
    pipeline_activist_between,
    served_by_officer_at,
)
from members.models import PartyMember, PipelinePerson
from organizations.asof import (
    ORGANIZATION_ACTIVE,
    PARTY_ORG_THREE_HAVES,
    SizeBand,
    covered_at,
    latest_assessment_five_good,
    party_orgs_active_at,
    size_band_condition,
)
from organizations.models import LeadershipMember, Organization

from . import hooks, registry
from .models import Plan, PlanTarget
from .scope import Scope

__all__ = ["Scope", "compute_compliance", "baseline_figures", "percent", "Engine", "latest_half_year_end"]


def percent(numerator: int, denominator: int) -> Decimal | None:
    """100 × n / d rounded half up to one decimal, exactly (83.25 → 83.3); None when d is 0."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def latest_half_year_end(as_of: datetime.date) -> tuple[int, int]:
    """(year, half) of the latest half-year ending on or before D."""
    if as_of >= datetime.date(as_of.year, 12, 31):
        return as_of.year, 2
    if as_of >= datetime.date(as_of.year, 6, 30):
        return as_of.year, 1
    return as_of.year - 1, 2


def plan_start() -> datetime.date:
    """P: the start of the plan (its row; the registry's date while there is none)."""
    plan = Plan.objects.order_by("pk").values_list("starts_on", flat=True).first()
    return plan or registry.PLAN_START


def member_count(condition: Q) -> Coalesce:
    """Correlated count of an organization's (OuterRef "pk") members meeting CONDITION."""
    rows = (PartyMember.objects.filter(condition, organization_id=OuterRef("pk")).order_by()
            .values("organization_id").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def pipeline_activist_count(as_of: datetime.date) -> Coalesce:
    """Correlated count of an organization's (OuterRef "pk") pipeline activists at D."""
    rows = (PipelinePerson.objects.filter(pipeline_activist_at(as_of), organization_id=OuterRef("pk"))
            .order_by().values("organization_id").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def size_band_quota(params: dict, *, small: str | None) -> Case:
    """An organization's quota by its size band: the parameter SMALL (or 0), "medium", "large"."""
    bounds = {"medium_from": params["medium_from"], "large_from": params["large_from"]}
    whens = [When(size_band_condition(band, **bounds), then=Value(params[band.value]))
             for band in (SizeBand.LARGE, SizeBand.MEDIUM)]
    return Case(*whens, default=Value(params[small] if small else 0), output_field=IntegerField())


@dataclasses.dataclass(frozen=True)
class Criterion:
    """One condition of a target's population, and why an organization that fails it is not concerned."""

    condition: Q
    reason: str


MSG_CLOSED = _("The organization is closed.")
MSG_INDIVIDUAL_BUSINESS = _("Does not apply to individual businesses.")
MSG_FEWER_EMPLOYEES = _("Fewer than %(n)d employees.")
MSG_NOT_STABLE = _("It does not operate stably.")
MSG_FEWER_FULL_MEMBERS = _("Fewer than %(n)d full members.")
MSG_COVERED = _("A party organization covers it.")


@dataclasses.dataclass(frozen=True)
class OrganizationTarget:
    """A percent target whose population is organizations: criteria (all must hold), the condition,
    and the per-organization figures they read: ``annotations`` (selected: the condition reads them,
    pages show them) and ``aliases`` (only the criteria read them). Every figure's name is unique
    across the six targets, so one query can evaluate them all for an organization (the ledger)."""

    annotations: dict
    criteria: list[Criterion]
    condition: Q
    aliases: dict = dataclasses.field(default_factory=dict)

    @property
    def figures(self) -> dict:
        return {**self.aliases, **self.annotations}

    def population(self, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
        """The organizations of ORGANIZATIONS that the target concerns, annotated with its figures."""
        return (organizations.alias(**self.aliases).annotate(**self.annotations)
                .filter(*[c.condition for c in self.criteria]))


@dataclasses.dataclass
class Figure:
    """The outcome of one target before it is judged against its record."""

    numerator: int
    denominator: int | None = None
    failing: QuerySet | None = None  # values_list of the failing keys, for percent targets


class Engine:
    """Computes every target for one as-of date and scope."""

    def __init__(self, *, as_of: datetime.date, scope: Scope, plan_start: datetime.date | None = None):
        self.as_of = as_of
        self.scope = scope
        self._plan_start = plan_start
        self.active_orgs = scope.organizations().filter(ORGANIZATION_ACTIVE)
        self.active_party_orgs = scope.party_orgs().filter(pk__in=party_orgs_active_at(as_of).values("pk"))

    @property
    def plan_start(self) -> datetime.date:
        """P, read from the plan when it was not given (new_members and activists_cultivated need it)."""
        if self._plan_start is None:
            self._plan_start = plan_start()
        return self._plan_start

    @staticmethod
    def split(population: QuerySet, condition, key: str) -> Figure:
        """Numerator, denominator and failing keys of a percent target, in one aggregate query."""
        counts = population.aggregate(den=Count("pk"), num=Count("pk", filter=condition))
        failing = population.exclude(condition).values_list(key, flat=True)
        return Figure(counts["num"], counts["den"], failing)

    def _organizations(self, target: OrganizationTarget) -> Figure:
        return self.split(target.population(self.scope.organizations()), target.condition, "credit_code")

    # -- the targets on one organization (shared with the coverage ledger) ---------------------
    def _active(self) -> Criterion:
        return Criterion(ORGANIZATION_ACTIVE, MSG_CLOSED)

    def _not_individual_business(self) -> Criterion:
        return Criterion(Q(individual_business=False), MSG_INDIVIDUAL_BUSINESS)

    def _at_least_employees(self, n: int) -> Criterion:
        return Criterion(Q(employees__gte=n), MSG_FEWER_EMPLOYEES % {"n": n})

    def formal3_standalone_target(self, params) -> OrganizationTarget:
        n = params["min_full_members"]
        return OrganizationTarget(
            {}, [self._active(), Criterion(Q(full_members__gte=n), MSG_FEWER_FULL_MEMBERS % {"n": n})],
            Q(covered_at(self.as_of, standalone=True)),
            aliases={"full_members": member_count(member_full_at(self.as_of))})

    def stable50_member_target(self, params) -> OrganizationTarget:
        has_member = Exists(PartyMember.objects.filter(member_counts_at(self.as_of), organization_id=OuterRef("pk")))
        return OrganizationTarget(
            {}, [self._active(), self._at_least_employees(params["min_employees"]),
                 Criterion(Q(stable=True), MSG_NOT_STABLE)], Q(has_member))

    def stable100_standalone_target(self, params) -> OrganizationTarget:
        return OrganizationTarget(
            {}, [self._active(), self._at_least_employees(params["min_employees"]),
                 Criterion(Q(stable=True), MSG_NOT_STABLE)], Q(covered_at(self.as_of, standalone=True)))

    def activist_quota_target(self, params) -> OrganizationTarget:
        return OrganizationTarget(
            {"activists": pipeline_activist_count(self.as_of), "quota": size_band_quota(params, small="small")},
            [self._active(), self._not_individual_business()], Q(activists__gte=F("quota")))

    def development_quota_target(self, params) -> OrganizationTarget:
        return OrganizationTarget(
            {"new_members": member_count(member_joined_in_year_of(self.as_of)),
             "new_members_quota": size_band_quota(params, small=None)},
            [self._active(), self._not_individual_business(), self._at_least_employees(params["medium_from"])],
            Q(new_members__gte=F("new_members_quota")))

    def uncovered_have_officer_target(self, params) -> OrganizationTarget:
        return OrganizationTarget(
            {}, [self._active(), self._not_individual_business(), Criterion(~Q(covered_at(self.as_of)), MSG_COVERED)],
            Q(served_by_officer_at(self.as_of)))

    def formal3_standalone(self, params):
        return self._organizations(self.formal3_standalone_target(params))

    def stable50_member(self, params):
        return self._organizations(self.stable50_member_target(params))

    def stable100_standalone(self, params):
        return self._organizations(self.stable100_standalone_target(params))

    def activist_quota(self, params):
        return self._organizations(self.activist_quota_target(params))

    def development_quota(self, params):
        return self._organizations(self.development_quota_target(params))

    def uncovered_have_officer(self, params):
        return self._organizations(self.uncovered_have_officer_target(params))

    # -- the other targets ---------------------------------------------------------------------
    def party_orgs(self, params):
        return Figure(self.active_party_orgs.count())

    def members_managed_population(self, members: QuerySet[PartyMember]) -> QuerySet[PartyMember]:
        """Of MEMBERS, those counting at D, in any organization."""
        return members.filter(member_counts_at(self.as_of))

    def members_managed_condition(self) -> Q:
        return member_managed_at(self.as_of)

    def members_managed(self, params):
        return self.split(self.members_managed_population(self.scope.members()), self.members_managed_condition(),
                          "member_id")

    def three_haves(self, params):
        return self.split(self.active_party_orgs, PARTY_ORG_THREE_HAVES, "code")

    def _demo(self, level):
        return Figure(self.active_party_orgs.filter(demo_level=level, demo_year__lte=self.as_of.year).count())

    def demo_city(self, params):
        return self._demo(params["level"])

    def demo_county(self, params):
        return self._demo(params["level"])

    def five_goods(self, params):
        good = latest_assessment_five_good(self.as_of.year)
        return Figure(self.active_party_orgs.alias(good=good).filter(good=True).count())

    def new_members(self, params):
        return Figure(self.scope.members().filter(member_joined_between(self.plan_start, self.as_of)).count())

    def activists_cultivated(self, params):
        people = self.scope.pipeline().filter(pipeline_activist_between(self.plan_start, self.as_of)).count()
        members = self.scope.members().filter(member_activist_between(self.plan_start, self.as_of)).count()
        return Figure(people + members)

    @staticmethod
    def leaders_contact_condition() -> Q:
        return Q(leader_has_active_contact_point())

    def leaders_contact(self, params):
        return self.split(self.scope.leaders(), self.leaders_contact_condition(), "leader_id")

    def family_cap(self, params):
        team = (LeadershipMember.objects.filter(party_org_id=OuterRef("pk")).order_by()
                .values("party_org_id").annotate(n=Count("pk"), f=Count("pk", filter=Q(owner_family=True))))
        population = self.active_party_orgs.alias(
            size=Subquery(team.values("n"), output_field=IntegerField()),
            family=Subquery(team.values("f"), output_field=IntegerField()),
        ).filter(size__gte=1)
        population = population.annotate(family_pct=F("family") * 100, cap_pct=F("size") * params["max_share_pct"])
        return self.split(population, Q(family_pct__lte=F("cap_pct")), "code")

    def relations_transferred_population(self, members: QuerySet[PartyMember], params) -> QuerySet[PartyMember]:
        """Of MEMBERS, those counting at D, working in an active organization, six months (the
        parameter) or more in it, each annotated with `since`."""
        active = members.filter(organization__in=Organization.objects.filter(ORGANIZATION_ACTIVE))
        return members_months_in_org(active, as_of=self.as_of, months=params["months"])

    def relations_transferred(self, params):
        population = self.relations_transferred_population(self.scope.members(), params)
        return self.split(population, MEMBER_RELATION_TRANSFERRED, "member_id")

    def officer_load(self, params):
        population = self.scope.officers().filter(officer_serves_at(self.as_of)).annotate(n=Count("organizations"))
        return self.split(population, Q(n__gte=1, n__lte=params["max_organizations"]), "officer_id")

    def reports_filed(self, params):
        year, half = latest_half_year_end(self.as_of)
        population = self.scope.units().filter(
            Exists(Organization.objects.filter(ORGANIZATION_ACTIVE, unit_id=OuterRef("pk"))))
        return self.split(population, hooks.report_filed(year=year, half=half, as_of=self.as_of), "code")

    # -- the whole document --------------------------------------------------------------------
    def baseline(self) -> dict:
        figures = self.active_orgs.aggregate(
            orgs=Count("pk"),
            individual_businesses=Count("pk", filter=Q(individual_business=True)),
            employees=Sum("employees", default=0),
            unstable_with_party_org=Count("pk", filter=Q(stable=False) & Q(covered_at(self.as_of))),
        )
        members = PartyMember.objects.filter(member_counts_at(self.as_of), organization__in=self.active_orgs).count()
        return {
            "orgs": figures["orgs"],
            "individual_businesses": figures["individual_businesses"],
            "party_orgs": self.active_party_orgs.count(),
            "members": members,
            "employees": figures["employees"],
            "member_share_pct": _number(percent(members, figures["employees"])),
            "unstable_with_party_org": figures["unstable_with_party_org"],
        }

    def target(self, plan_target: "PlanTargetSetting", *, details: bool) -> dict:
        compute: Callable[[dict], Figure] = getattr(self, plan_target.code)
        figure = compute(plan_target.parameters)
        kind = plan_target.definition.kind
        if kind == registry.PERCENT:
            value = _number(percent(figure.numerator, figure.denominator))
            met = not figure.denominator or figure.numerator == figure.denominator
        else:
            value = figure.numerator
            met = figure.numerator >= plan_target.target
        state = "met" if met else ("overdue" if self.as_of > plan_target.deadline else "open")
        result = {
            "kind": kind,
            "numerator": figure.numerator,
            "denominator": figure.denominator if kind == registry.PERCENT else None,
            "value": value,
            "target": plan_target.target,
            "deadline": plan_target.deadline.isoformat(),
            "met": met,
            "state": state,
        }
        if details and kind == registry.PERCENT:
            result["failing"] = sorted(figure.failing) if figure.failing is not None else []
        return result


@dataclasses.dataclass(frozen=True)
class PlanTargetSetting:
    """A plan target as the figures use it: its row (an admin's name, figure and deadline) with its
    definition and parameters from the registry. What could not be used is in ``problems``."""

    record: PlanTarget
    definition: registry.Definition
    parameters: dict
    problems: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.record.code

    @property
    def target(self) -> int:
        """100 for a percentage; a count's minimum from the row, or the plan's when the row's kind
        contradicts the code (its figure then means nothing for this target)."""
        if self.definition.kind == registry.PERCENT:
            return 100
        return self.record.target if self.record.kind == self.definition.kind else self.definition.target

    @property
    def deadline(self) -> datetime.date:
        return self.record.deadline


@dataclasses.dataclass(frozen=True)
class PlanSettings:
    """The plan's targets in their order, as the figures use them, and what was wrong with the rows."""

    targets: list[PlanTargetSetting]
    problems: list[str]

    def of(self, code: str) -> PlanTargetSetting | None:
        return next((t for t in self.targets if t.code == code), None)


def plan_settings() -> PlanSettings:
    """Every PlanTarget row the registry knows, with its parameters merged over the defaults (one
    query). A row saved around the validation never stops the figures: an unknown code is left
    out, a contradicting kind is replaced by the code's, a missing or broken parameter by its
    default; each is reported in ``problems`` for the dashboard to say."""
    settings, problems = [], []
    for record in PlanTarget.objects.order_by("position", "code"):
        found = registry.definition(record.code)
        if found is None:
            problems.append(str(registry.MSG_TARGET_ROW_IGNORED % {"code": record.code}))
            continue
        if record.kind != found.kind:
            problems.append(str(registry.MSG_KIND_REPLACED % {
                "target": record.name, "stored": registry.KIND_LABELS.get(record.kind, record.kind),
                "kind": registry.KIND_LABELS[found.kind]}))
        parameters, parameter_problems = registry.merged_parameters(found, record.parameters, target_name=record.name)
        messages = tuple(problem.message for problem in parameter_problems)
        problems.extend(messages)
        settings.append(PlanTargetSetting(record, found, parameters, messages))
    return PlanSettings(settings, problems)


def compute_compliance(*, as_of: datetime.date | None = None, scope: Scope | None = None,
                       details: bool = False, plan: PlanSettings | None = None) -> dict:
    """The compliance document for an as-of date (default today) and a scope (default the county)."""
    as_of = as_of or timezone.localdate()
    start = plan_start()
    engine = Engine(as_of=as_of, scope=scope or Scope(), plan_start=start)
    plan = plan or plan_settings()
    return {
        "as_of": as_of.isoformat(),
        "plan_start": start.isoformat(),
        "baseline": engine.baseline(),
        "targets": {target.code: engine.target(target, details=details) for target in plan.targets},
    }


def baseline_figures(*, as_of: datetime.date, scope: Scope | None = None) -> dict:
    """The plan's opening figures at D for a scope (the county by default)."""
    return Engine(as_of=as_of, scope=scope or Scope(), plan_start=plan_start()).baseline()
