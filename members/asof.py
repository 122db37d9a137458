"""What party members, pipeline people, officers and county leaders count as at an as-of date D,
as query expressions.

Each rule is written once, here (with those of organizations.asof), and used by the compliance
engine, the coverage ledger, the list filters and the work lists; docs/targets.md gives them in
words.
"""
import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from organizations.asof import ORGANIZATION_ACTIVE, CoverageKind, covered_at, party_orgs_active_at
from organizations.models import Organization

from .models import CountyLeader, Officer, PartyMember, Stage

OfficerOrgs = Officer.organizations.through
LeaderOrgs = CountyLeader.contact_points.through


# -- party members -------------------------------------------------------------------------------
def member_counts_at(as_of: datetime.date) -> Q:
    """A member counts at D when admitted (joined_on) on or before D."""
    return Q(joined_on__lte=as_of)


def member_full_at(as_of: datetime.date) -> Q:
    """A member is full at D when full_on is set and on or before D."""
    return Q(full_on__isnull=False, full_on__lte=as_of)


def member_probationary_at(as_of: datetime.date) -> Q:
    """Counting at D but not yet full at D."""
    return member_counts_at(as_of) & ~member_full_at(as_of)


def member_joined_between(start: datetime.date, end: datetime.date) -> Q:
    """Admitted from START to END, both included."""
    return Q(joined_on__gte=start, joined_on__lte=end)


def member_joined_in_year_of(as_of: datetime.date) -> Q:
    """Admitted in the calendar year of D, up to D (the development quota)."""
    return member_joined_between(datetime.date(as_of.year, 1, 1), as_of)


def member_activist_between(start: datetime.date, end: datetime.date) -> Q:
    """Became an activist (activist_since) from START to END, both included."""
    return Q(activist_since__gte=start, activist_since__lte=end)


def member_managed_at(as_of: datetime.date) -> Q:
    """Under management at D: the relationship sits in a party org active at D, or a supervising
    unit manages the member."""
    return Q(party_org__in=party_orgs_active_at(as_of)) | Q(managing_unit__isnull=False)


MEMBER_RELATION_TRANSFERRED = Q(relation_transferred=True)


def six_months_threshold(as_of: datetime.date, months: int = 6) -> datetime.date:
    """The latest date x with x + MONTHS (relativedelta, clipped at month ends) <= D.

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
    """Where a member's months in the organization start: the later of employed_since and joined_on."""
    return Greatest("employed_since", "joined_on")


def members_months_in_org(members: QuerySet[PartyMember], *, as_of: datetime.date,
                          months: int) -> QuerySet[PartyMember]:
    """Of MEMBERS, those counting at D who have been MONTHS or more in their organization at D
    (from the later of employed_since and joined_on), each annotated with that `since`."""
    return (members.filter(member_counts_at(as_of)).annotate(since=member_in_org_since())
            .filter(since__lte=six_months_threshold(as_of, months)))


# -- the development pipeline --------------------------------------------------------------------
def pipeline_activist_at(as_of: datetime.date) -> Q:
    """A pipeline person is an activist at D: stage activist or candidate, activist_since on or
    before D. (Members are never counted as activists at D.)"""
    return Q(stage__in=[Stage.ACTIVIST, Stage.CANDIDATE], activist_since__lte=as_of)


def pipeline_activist_between(start: datetime.date, end: datetime.date) -> Q:
    """Pipeline people at stage activist or candidate who became one from START to END."""
    return Q(stage__in=[Stage.ACTIVIST, Stage.CANDIDATE]) & member_activist_between(start, end)


# -- officers and county leaders -----------------------------------------------------------------
def officer_serves_at(as_of: datetime.date) -> Q:
    """An instructor or liaison officer serves at D when appointed on or before D."""
    return Q(appointed_on__lte=as_of)


def served_by_officer_at(as_of: datetime.date) -> Exists:
    """An organization (OuterRef "pk") is on the list of an officer serving at D."""
    return Exists(OfficerOrgs.objects.filter(organization_id=OuterRef("pk"),
                                             officer__in=Officer.objects.filter(officer_serves_at(as_of))))


def leader_has_active_contact_point() -> Exists:
    """A county leader (OuterRef "pk") has at least one contact point that is an active organization."""
    return Exists(LeaderOrgs.objects.filter(countyleader_id=OuterRef("pk"),
                                            organization__in=Organization.objects.filter(ORGANIZATION_ACTIVE)))


# -- coverage of an organization -----------------------------------------------------------------
def coverage_conditions(as_of: datetime.date) -> dict[CoverageKind, Q]:
    """The organizations of each coverage kind at D: standalone when a standalone party org active
    at D covers it; joint when only joint ones do; officer only when none does and an officer
    serving at D lists it; uncovered otherwise."""
    covered, standalone, officer = covered_at(as_of), covered_at(as_of, standalone=True), served_by_officer_at(as_of)
    return {
        CoverageKind.STANDALONE: Q(standalone),
        CoverageKind.JOINT: Q(covered) & ~Q(standalone),
        CoverageKind.OFFICER_ONLY: ~Q(covered) & Q(officer),
        CoverageKind.UNCOVERED: ~Q(covered) & ~Q(officer),
    }


def coverage_condition(kind: str, as_of: datetime.date) -> Q:
    """The organizations whose coverage kind at D is KIND (coverage_conditions)."""
    return coverage_conditions(as_of)[CoverageKind(kind)]


def coverage_kind_at(as_of: datetime.date) -> Case:
    """Each organization's coverage kind at D (a CoverageKind value) as an annotation."""
    return Case(*[When(condition, then=Value(kind.value)) for kind, condition in coverage_conditions(as_of).items()],
                output_field=CharField())
