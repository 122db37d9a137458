"""The compliance engine of shared/spec/COMPLIANCE.md: every figure by aggregate queries.

``compute_compliance(as_of=D, scope=Scope(...))`` returns the JSON document of the spec. Each
target is one or two set-based queries over the register (counts with filters, correlated
EXISTS/COUNT subqueries); nothing loops over rows in Python except to list the failing keys.
Thresholds, deadlines and the plan start come from the Plan and PlanTarget records.
"""
import dataclasses
import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
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
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from members.models import CountyLeader, Officer, PartyMember, PipelinePerson, Stage
from organizations.models import (
    FiveGoodsAssessment,
    LeadershipMember,
    Organization,
    OrgStatus,
    PartyOrg,
    PartyOrgForm,
    SupervisingUnit,
)
from reports.models import HalfYearReport

from . import plan_seed
from .models import Plan, PlanTarget, TargetKind

Coverage = PartyOrg.organizations.through
OfficerOrgs = Officer.organizations.through
LeaderOrgs = CountyLeader.contact_points.through


def percent(numerator: int, denominator: int) -> Decimal | None:
    """100 × n / d rounded half up to one decimal, exactly (83.25 → 83.3); None when d is 0."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def party_orgs_active_at(as_of: datetime.date) -> QuerySet[PartyOrg]:
    return PartyOrg.objects.filter(
        Q(established_on__lte=as_of) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of))
    )


# -- definitions shared with the per-organization coverage ledger (organizations/coverage.py) --
# Size bands: small e < 50, medium 50 ≤ e < 100, large e ≥ 100 (a target's parameters
# medium_from / large_from may move the bounds).
MEDIUM_FROM = 50
LARGE_FROM = 100


def size_band(employees: int, params: dict | None = None) -> str:
    """"small", "medium" or "large" by the number of employees."""
    params = params or {}
    if employees >= params.get("large_from", LARGE_FROM):
        return "large"
    if employees >= params.get("medium_from", MEDIUM_FROM):
        return "medium"
    return "small"


def band_quota(employees: int, params: dict, small_key: str | None) -> int:
    """The quota of one organization by its size band; Engine.size_band_quota in Python."""
    band = size_band(employees, params)
    if band == "small":
        return params[small_key] if small_key else 0
    return params[band]


def member_counts_at(as_of: datetime.date) -> Q:
    """A member counts at D when joined_on ≤ D."""
    return Q(joined_on__lte=as_of)


def member_full_at(as_of: datetime.date) -> Q:
    """A member is full at D when full_on is set and full_on ≤ D."""
    return Q(full_on__isnull=False, full_on__lte=as_of)


def member_joined_in_year_of(as_of: datetime.date) -> Q:
    """Members admitted in the calendar year of D, up to D (the development quota)."""
    return Q(joined_on__gte=datetime.date(as_of.year, 1, 1), joined_on__lte=as_of)


def pipeline_activist_at(as_of: datetime.date) -> Q:
    """A pipeline person is an activist at D: stage activist or candidate, activist_since ≤ D."""
    return Q(stage__in=[Stage.ACTIVIST, Stage.CANDIDATE], activist_since__lte=as_of)


def officer_serves_at(as_of: datetime.date) -> Q:
    """An officer serves at D when appointed_on ≤ D."""
    return Q(appointed_on__lte=as_of)


def six_months_threshold(as_of: datetime.date, months: int = 6) -> datetime.date:
    """The latest date x with x + months (relativedelta, clipped at month ends) <= as_of.

    Adding months is monotone, so "x + 6 months <= D" is "x <= T" for this T; month-end
    clipping makes T up to three days later than D - 6 months (2011-02-28 → 2010-08-31)."""
    threshold = as_of - relativedelta(months=months)
    while threshold + datetime.timedelta(days=1) + relativedelta(months=months) <= as_of:
        threshold += datetime.timedelta(days=1)
    return threshold


def months_after(day: datetime.date, months: int = 6) -> datetime.date:
    """DAY plus MONTHS calendar months, clipped at month ends (2010-08-31 → 2011-02-28)."""
    return day + relativedelta(months=months)


def member_in_org_since() -> Greatest:
    """Where a member's six months start: the later of employed_since and joined_on."""
    return Greatest("employed_since", "joined_on")


def members_six_months_in(members: QuerySet[PartyMember], *, as_of: datetime.date,
                          months: int = 6) -> QuerySet[PartyMember]:
    """Of MEMBERS, the population of relations_transferred at D: counting at D, working in an
    active organization, six months or more in it; each annotated with `since` (the later of
    employed_since and joined_on). The target's condition is MEMBER_RELATION_TRANSFERRED."""
    return (members.filter(joined_on__lte=as_of, organization__status=OrgStatus.ACTIVE)
            .annotate(since=member_in_org_since())
            .filter(since__lte=six_months_threshold(as_of, months)))


MEMBER_RELATION_TRANSFERRED = Q(relation_transferred=True)


def member_managed_at(as_of: datetime.date) -> Q:
    """The condition of members_managed: the relationship sits in a party org active at D, or a
    supervising unit manages the member."""
    return Q(party_org__in=party_orgs_active_at(as_of)) | Q(managing_unit__isnull=False)


def target_parameters(code: str) -> dict:
    """A target's parameters as an admin set them, else the seeded ones."""
    record = PlanTarget.objects.filter(code=code).first()
    if record and record.parameters:
        return record.parameters
    return dict(next(t[5] for t in plan_seed.TARGETS if t[0] == code))


def latest_half_year_end(as_of: datetime.date) -> tuple[int, int]:
    """(year, half) of the latest half-year ending on or before D."""
    if as_of >= datetime.date(as_of.year, 12, 31):
        return as_of.year, 2
    if as_of >= datetime.date(as_of.year, 6, 30):
        return as_of.year, 1
    return as_of.year - 1, 2


@dataclasses.dataclass(frozen=True)
class Scope:
    """The county, a township (by name) or a supervising unit (by code).

    A township or unit scope keeps the organizations of that township or unit; the rows that
    hang off organizations follow them (party orgs covering one, members and pipeline people
    working in one, officers and leaders listing one). A unit scope also keeps the party orgs
    the unit leads and the members it manages, as a unit secretary sees them."""

    township: str | None = None
    unit_code: str | None = None

    @property
    def is_county(self) -> bool:
        return not self.township and not self.unit_code

    def organizations(self) -> QuerySet[Organization]:
        qs = Organization.objects.all()
        if self.township:
            qs = qs.filter(township=self.township)
        if self.unit_code:
            qs = qs.filter(unit__code=self.unit_code)
        return qs

    def party_orgs(self) -> QuerySet[PartyOrg]:
        qs = PartyOrg.objects.all()
        if self.is_county:
            return qs
        covers = Exists(Coverage.objects.filter(partyorg_id=OuterRef("pk"), organization__in=self.organizations()))
        condition = Q(covers)
        if self.unit_code and not self.township:
            condition |= Q(unit__code=self.unit_code)
        return qs.filter(condition)

    def members(self) -> QuerySet[PartyMember]:
        qs = PartyMember.objects.all()
        if self.is_county:
            return qs
        condition = Q(organization__in=self.organizations())
        if self.unit_code and not self.township:
            condition |= Q(managing_unit__code=self.unit_code)
        return qs.filter(condition)

    def pipeline(self) -> QuerySet[PipelinePerson]:
        qs = PipelinePerson.objects.all()
        return qs if self.is_county else qs.filter(organization__in=self.organizations())

    def officers(self) -> QuerySet[Officer]:
        qs = Officer.objects.all()
        if self.is_county:
            return qs
        return qs.filter(Exists(OfficerOrgs.objects.filter(officer_id=OuterRef("pk"),
                                                           organization__in=self.organizations())))

    def leaders(self) -> QuerySet[CountyLeader]:
        qs = CountyLeader.objects.all()
        if self.is_county:
            return qs
        return qs.filter(Exists(LeaderOrgs.objects.filter(countyleader_id=OuterRef("pk"),
                                                          organization__in=self.organizations())))

    def units(self) -> QuerySet[SupervisingUnit]:
        qs = SupervisingUnit.objects.all()
        if self.unit_code:
            qs = qs.filter(code=self.unit_code)
        if self.township:
            qs = qs.filter(Exists(Organization.objects.filter(unit_id=OuterRef("pk"), township=self.township)))
        return qs


@dataclasses.dataclass
class Figure:
    """The outcome of one target before it is judged against its record."""

    numerator: int
    denominator: int | None = None
    failing: QuerySet | None = None  # values_list of the failing keys, for percent targets


class Engine:
    """Computes every target for one as-of date and scope."""

    def __init__(self, *, as_of: datetime.date, scope: Scope, plan_start: datetime.date):
        self.as_of = as_of
        self.scope = scope
        self.plan_start = plan_start
        self.active_orgs = scope.organizations().filter(status=OrgStatus.ACTIVE)
        self.active_party_orgs = scope.party_orgs().filter(pk__in=party_orgs_active_at(as_of).values("pk"))

    # -- building blocks ---------------------------------------------------------------
    def covered_by_active(self, *, standalone: bool = False) -> Exists:
        coverage = Coverage.objects.filter(organization_id=OuterRef("pk"),
                                           partyorg__in=party_orgs_active_at(self.as_of))
        if standalone:
            coverage = coverage.filter(partyorg__form=PartyOrgForm.STANDALONE)
        return Exists(coverage)

    def member_count(self, condition: Q) -> Subquery:
        """Correlated count of the organization's members meeting the condition."""
        rows = (PartyMember.objects.filter(condition, organization_id=OuterRef("pk")).order_by()
                .values("organization_id").annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    @staticmethod
    def split(population: QuerySet, condition, key: str) -> Figure:
        """Numerator, denominator and failing keys of a percent target, in one aggregate query."""
        counts = population.aggregate(den=Count("pk"), num=Count("pk", filter=condition))
        failing = population.exclude(condition).values_list(key, flat=True)
        return Figure(counts["num"], counts["den"], failing)

    def size_band_quota(self, params: dict, small_key: str | None) -> Case:
        """The quota of an organization by its size band (employees)."""
        whens = [When(employees__gte=params.get("large_from", LARGE_FROM), then=Value(params["large"])),
                 When(employees__gte=params.get("medium_from", MEDIUM_FROM), then=Value(params["medium"]))]
        default = Value(params[small_key]) if small_key else Value(0)
        return Case(*whens, default=default, output_field=IntegerField())

    # -- the targets ------------------------------------------------------------------
    def formal3_standalone(self, params):
        full = self.member_count(member_full_at(self.as_of))
        population = self.active_orgs.alias(full=full).filter(full__gte=params.get("min_full_members", 3))
        return self.split(population, Q(self.covered_by_active(standalone=True)), "credit_code")

    def stable50_member(self, params):
        population = self.active_orgs.filter(stable=True, employees__gte=params.get("min_employees", 50))
        has_member = Exists(PartyMember.objects.filter(member_counts_at(self.as_of), organization_id=OuterRef("pk")))
        return self.split(population, Q(has_member), "credit_code")

    def stable100_standalone(self, params):
        population = self.active_orgs.filter(stable=True, employees__gte=params.get("min_employees", 100))
        return self.split(population, Q(self.covered_by_active(standalone=True)), "credit_code")

    def party_orgs(self, params):
        return Figure(self.active_party_orgs.count())

    def members_managed(self, params):
        population = self.scope.members().filter(joined_on__lte=self.as_of)
        return self.split(population, member_managed_at(self.as_of), "member_id")

    def three_haves(self, params):
        return self.split(self.active_party_orgs, Q(has_venue=True, has_facilities=True, has_funding=True), "code")

    def _demo(self, level):
        return Figure(self.active_party_orgs.filter(demo_level=level, demo_year__lte=self.as_of.year).count())

    def demo_city(self, params):
        return self._demo(params.get("level", "city"))

    def demo_county(self, params):
        return self._demo(params.get("level", "county"))

    def five_goods(self, params):
        latest = FiveGoodsAssessment.objects.filter(party_org_id=OuterRef("pk"), year__lte=self.as_of.year)
        latest = latest.order_by("-year")
        all_good = Q(leadership=True, members=True, mechanism=True, performance=True, mass=True)
        latest_good = latest.annotate(
            good=Case(When(all_good, then=Value(True)), default=Value(False), output_field=BooleanField())
        ).values("good")[:1]
        return Figure(self.active_party_orgs.alias(good=Subquery(latest_good)).filter(good=True).count())

    def new_members(self, params):
        return Figure(self.scope.members().filter(joined_on__gte=self.plan_start, joined_on__lte=self.as_of).count())

    def activists_cultivated(self, params):
        window = Q(activist_since__gte=self.plan_start, activist_since__lte=self.as_of)
        people = self.scope.pipeline().filter(window, stage__in=[Stage.ACTIVIST, Stage.CANDIDATE]).count()
        members = self.scope.members().filter(window).count()
        return Figure(people + members)

    def activist_quota_population(self, params) -> QuerySet[Organization]:
        """The organizations of activist_quota, each with its pipeline `activists` at D and its `quota`."""
        activists = (PipelinePerson.objects.filter(pipeline_activist_at(self.as_of), organization_id=OuterRef("pk"))
                     .order_by().values("organization_id").annotate(n=Count("pk")).values("n"))
        return self.active_orgs.filter(individual_business=False).annotate(
            activists=Coalesce(Subquery(activists, output_field=IntegerField()), 0),
            quota=self.size_band_quota(params, "small"),
        )

    def activist_quota(self, params):
        return self.split(self.activist_quota_population(params), Q(activists__gte=F("quota")), "credit_code")

    def development_quota(self, params):
        population = self.active_orgs.filter(
            individual_business=False, employees__gte=params.get("medium_from", MEDIUM_FROM)
        ).annotate(
            new=self.member_count(member_joined_in_year_of(self.as_of)),
            quota=self.size_band_quota(params, None),
        )
        return self.split(population, Q(new__gte=F("quota")), "credit_code")

    def uncovered_population(self) -> QuerySet[Organization]:
        """Active organizations, not individual businesses, covered by no party org at D."""
        return self.active_orgs.filter(individual_business=False).exclude(self.covered_by_active())

    def served_by_officer(self) -> Exists:
        """An officer serving at D lists the organization."""
        return Exists(OfficerOrgs.objects.filter(organization_id=OuterRef("pk"),
                                                 officer__in=Officer.objects.filter(officer_serves_at(self.as_of))))

    def uncovered_have_officer(self, params):
        return self.split(self.uncovered_population(), Q(self.served_by_officer()), "credit_code")

    @staticmethod
    def has_active_contact_point() -> Exists:
        """At least one of the county leader's contact points is an active organization."""
        return Exists(LeaderOrgs.objects.filter(countyleader_id=OuterRef("pk"), organization__status=OrgStatus.ACTIVE))

    def leaders_contact(self, params):
        return self.split(self.scope.leaders(), Q(self.has_active_contact_point()), "leader_id")

    def family_cap(self, params):
        team = (LeadershipMember.objects.filter(party_org_id=OuterRef("pk")).order_by()
                .values("party_org_id").annotate(n=Count("pk"), f=Count("pk", filter=Q(owner_family=True))))
        population = self.active_party_orgs.alias(
            size=Subquery(team.values("n"), output_field=IntegerField()),
            family=Subquery(team.values("f"), output_field=IntegerField()),
        ).filter(size__gte=1)
        max_share = params.get("max_share_pct", 50)
        population = population.annotate(family_pct=F("family") * 100, cap_pct=F("size") * max_share)
        return self.split(population, Q(family_pct__lte=F("cap_pct")), "code")

    def relations_transferred(self, params):
        population = members_six_months_in(self.scope.members(), as_of=self.as_of, months=params.get("months", 6))
        return self.split(population, MEMBER_RELATION_TRANSFERRED, "member_id")

    def officer_load(self, params):
        population = self.scope.officers().filter(officer_serves_at(self.as_of)).annotate(n=Count("organizations"))
        return self.split(population, Q(n__gte=1, n__lte=params.get("max_organizations", 2)), "officer_id")

    def reports_filed(self, params):
        year, half = latest_half_year_end(self.as_of)
        population = self.scope.units().filter(
            Exists(Organization.objects.filter(unit_id=OuterRef("pk"), status=OrgStatus.ACTIVE))
        )
        filed = HalfYearReport.objects.filter(unit_id=OuterRef("pk"), year=year, half=half,
                                              submitted_at__isnull=False).alias(
            day=TruncDate("submitted_at", tzinfo=timezone.get_default_timezone())
        ).filter(day__lte=self.as_of)
        return self.split(population, Q(Exists(filed)), "code")

    # -- the whole document -----------------------------------------------------------
    def baseline(self) -> dict:
        figures = self.active_orgs.aggregate(
            orgs=Count("pk"),
            individual_businesses=Count("pk", filter=Q(individual_business=True)),
            employees=Sum("employees", default=0),
            unstable_with_party_org=Count("pk", filter=Q(stable=False) & Q(self.covered_by_active())),
        )
        members = PartyMember.objects.filter(joined_on__lte=self.as_of, organization__in=self.active_orgs).count()
        return {
            "orgs": figures["orgs"],
            "individual_businesses": figures["individual_businesses"],
            "party_orgs": self.active_party_orgs.count(),
            "members": members,
            "employees": figures["employees"],
            "member_share_pct": _number(percent(members, figures["employees"])),
            "unstable_with_party_org": figures["unstable_with_party_org"],
        }

    def target(self, record: PlanTarget, *, details: bool) -> dict:
        compute: Callable[[dict], Figure] = getattr(self, record.code)
        figure = compute(record.parameters or {})
        if record.kind == TargetKind.PERCENT:
            value = _number(percent(figure.numerator, figure.denominator))
            met = not figure.denominator or figure.numerator == figure.denominator
        else:
            value = figure.numerator
            met = figure.numerator >= record.target
        state = "met" if met else ("overdue" if self.as_of > record.deadline else "open")
        result = {
            "kind": record.kind,
            "numerator": figure.numerator,
            "denominator": figure.denominator if record.kind == TargetKind.PERCENT else None,
            "value": value,
            "target": record.target,
            "deadline": record.deadline.isoformat(),
            "met": met,
            "state": state,
        }
        if details and record.kind == TargetKind.PERCENT:
            result["failing"] = sorted(figure.failing) if figure.failing is not None else []
        return result


def compute_compliance(*, as_of: datetime.date | None = None, scope: Scope | None = None,
                       details: bool = False) -> dict:
    """The compliance document of COMPLIANCE.md for an as-of date (default today) and a scope."""
    as_of = as_of or timezone.localdate()
    scope = scope or Scope()
    plan = Plan.objects.order_by("pk").first()
    plan_start = plan.starts_on if plan else datetime.date(2008, 1, 1)
    engine = Engine(as_of=as_of, scope=scope, plan_start=plan_start)
    targets = PlanTarget.objects.order_by("position", "code")
    return {
        "as_of": as_of.isoformat(),
        "plan_start": plan_start.isoformat(),
        "baseline": engine.baseline(),
        "targets": {record.code: engine.target(record, details=details) for record in targets
                    if hasattr(Engine, record.code)},
    }


def baseline_figures(*, as_of: datetime.date, scope: Scope | None = None) -> dict:
    """The plan's opening figures at D for a scope (the county by default)."""
    plan = Plan.objects.order_by("pk").first()
    return Engine(as_of=as_of, scope=scope or Scope(),
                  plan_start=plan.starts_on if plan else datetime.date(2008, 1, 1)).baseline()


def activist_quota_by_organization(*, as_of: datetime.date) -> QuerySet[Organization]:
    """Every organization the activist_quota target counts at D, annotated with its pipeline
    `activists` and its `quota` by size band, with the target's parameters: the same figures
    per organization that the target sums up."""
    record = PlanTarget.objects.filter(code="activist_quota").first()
    params = record.parameters if record and record.parameters else dict(
        next(t[5] for t in plan_seed.TARGETS if t[0] == "activist_quota"))
    plan = Plan.objects.order_by("pk").first()
    engine = Engine(as_of=as_of, scope=Scope(), plan_start=plan.starts_on if plan else plan_seed.PLAN_START)
    return engine.activist_quota_population(params)


def uncovered_without_officer(*, as_of: datetime.date) -> QuerySet[Organization]:
    """The organizations the uncovered_have_officer target lists as failing at D (county-wide):
    active, not individual businesses, covered by no party org and listed by no officer serving."""
    engine = Engine(as_of=as_of, scope=Scope(), plan_start=plan_seed.PLAN_START)
    return engine.uncovered_population().exclude(engine.served_by_officer())


def leaders_without_contact_point() -> QuerySet[CountyLeader]:
    """The county leaders the leaders_contact target lists as failing: no contact point is an
    active organization (none at all, or only closed ones)."""
    return CountyLeader.objects.exclude(Engine.has_active_contact_point())
