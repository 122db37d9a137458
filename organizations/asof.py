"""What organizations and party orgs count as at an as-of date D, as query expressions.

Each rule is written once, here, and used by the compliance engine, the coverage ledger, the
list filters and the work lists (docs/targets.md gives the rules in words). An organization's
current facts (status, employees, stable, individual business) hold at every date; only dated
facts (establishment, revocation, assessments) move with D.
"""
import datetime
import enum

from django.db import models
from django.db.models import BooleanField, Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from .models import (
    FIVE_GOODS_CRITERIA,
    THREE_HAVES,
    FiveGoodsAssessment,
    Organization,
    OrgStatus,
    PartyOrg,
    PartyOrgForm,
)

Coverage = PartyOrg.organizations.through

# -- organizations -----------------------------------------------------------------------------
ORGANIZATION_ACTIVE = Q(status=OrgStatus.ACTIVE)  # closed ones count nowhere but where a target says "any org"


class SizeBand(str, enum.Enum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


SIZE_BAND_LABELS = {
    SizeBand.SMALL: _("Small (fewer than %(medium)d employees)"),
    SizeBand.MEDIUM: _("Medium (%(medium)d to %(last_medium)d employees)"),
    SizeBand.LARGE: _("Large (%(large)d employees or more)"),
}


def size_band_bounds(*, medium_from: int, large_from: int) -> dict[SizeBand, tuple[int, int | None]]:
    """The employees [low, high) of each band: small below MEDIUM_FROM, medium up to LARGE_FROM,
    large from LARGE_FROM (the plan: 50 and 100, thresholds an admin edits on the targets)."""
    return {SizeBand.SMALL: (0, medium_from), SizeBand.MEDIUM: (medium_from, large_from),
            SizeBand.LARGE: (large_from, None)}


def size_band_condition(band: str, *, medium_from: int, large_from: int) -> Q:
    """The organizations of one size band."""
    low, high = size_band_bounds(medium_from=medium_from, large_from=large_from)[SizeBand(band)]
    condition = Q(employees__gte=low)
    return condition & Q(employees__lt=high) if high is not None else condition


def size_band(*, medium_from: int, large_from: int) -> Case:
    """Each organization's size band ("small", "medium", "large") as an annotation."""
    return Case(*[When(size_band_condition(band, medium_from=medium_from, large_from=large_from), then=Value(band.value))
                  for band in SizeBand], output_field=CharField())


def size_band_of(employees: int, *, medium_from: int, large_from: int) -> SizeBand:
    """The size band of one organization already in memory, from the same bounds."""
    for band, (low, high) in size_band_bounds(medium_from=medium_from, large_from=large_from).items():
        if employees >= low and (high is None or employees < high):
            return band
    raise ValueError(f"no size band holds {employees} employees")


def size_band_label(band: SizeBand, *, medium_from: int, large_from: int) -> str:
    return SIZE_BAND_LABELS[band] % {"medium": medium_from, "last_medium": large_from - 1, "large": large_from}


# -- party orgs ----------------------------------------------------------------------------------
def party_org_active_at(as_of: datetime.date) -> Q:
    """A party org is active at D when established on or before D and not revoked on or before D."""
    return Q(established_on__lte=as_of) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of))


def party_org_active_during(start: datetime.date, end: datetime.date | None) -> Q:
    """A party org is active on some day from START up to END (None: open-ended; END itself is
    not a day of the period, as a revocation date is not a day of activity): the same rule as
    party_org_active_at, for every day of the period at once."""
    condition = Q(revoked_on__isnull=True) | Q(revoked_on__gt=start)
    return condition & Q(established_on__lt=end) if end is not None else condition


def party_orgs_active_at(as_of: datetime.date) -> QuerySet[PartyOrg]:
    return PartyOrg.objects.filter(party_org_active_at(as_of))


PARTY_ORG_THREE_HAVES = Q(**{name: True for name in THREE_HAVES})  # venue, facilities and funding


def covered_at(as_of: datetime.date, *, standalone: bool = False) -> Exists:
    """An organization (OuterRef "pk") is covered at D by a party org active at D; with STANDALONE,
    by a standalone one (its own party org)."""
    coverage = Coverage.objects.filter(organization_id=OuterRef("pk"), partyorg__in=party_orgs_active_at(as_of))
    if standalone:
        coverage = coverage.filter(partyorg__form=PartyOrgForm.STANDALONE)
    return Exists(coverage)


def covering(organizations: QuerySet[Organization]) -> Exists:
    """A party org (OuterRef "pk") covers at least one of ORGANIZATIONS."""
    return Exists(Coverage.objects.filter(partyorg_id=OuterRef("pk"), organization__in=organizations))


class CoverageKind(models.TextChoices):
    """How an organization is reached at D: by its own (standalone) party org, by a joint one, only
    by an instructor or liaison officer, or not at all. members.asof adds the officers' part."""

    STANDALONE = "standalone", _("Standalone party organization")
    JOINT = "joint", _("Joint party organization")
    OFFICER_ONLY = "officer_only", _("Instructor or liaison officer only")
    UNCOVERED = "uncovered", _("Uncovered")


# -- five-goods assessments ----------------------------------------------------------------------
FIVE_GOOD = Q(**{criterion: True for criterion in FIVE_GOODS_CRITERIA})  # all five criteria met


def latest_assessment_five_good(year: int) -> Subquery:
    """Whether a party org's (OuterRef "pk") latest assessment of a year up to YEAR meets all five
    criteria (NULL when it has none): filter on it being True."""
    latest = FiveGoodsAssessment.objects.filter(party_org_id=OuterRef("pk"), year__lte=year).order_by("-year")
    good = Case(When(FIVE_GOOD, then=Value(True)), default=Value(False), output_field=BooleanField())
    return Subquery(latest.annotate(good=good).values("good")[:1], output_field=BooleanField())
