"""The compliance engine of shared/spec/COMPLIANCE.md: figures computed by aggregate queries.

This module starts with the baseline figures (the plan's opening paragraph); the targets are
computed here as well, by set-based queries, never by Python loops over rows.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from members.models import PartyMember
from organizations.models import Organization, OrgStatus, PartyOrg


def percent(numerator: int, denominator: int) -> Decimal | None:
    """100 × n / d rounded half up to one decimal, exactly (83.25 → 83.3); None when d is 0."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def party_orgs_active_at(as_of: datetime.date) -> QuerySet[PartyOrg]:
    return PartyOrg.objects.filter(Q(established_on__lte=as_of) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of)))


def baseline_figures(*, as_of: datetime.date, organizations: QuerySet[Organization] | None = None) -> dict:
    """The county's figures at D: active orgs, individual businesses, party orgs, members, share."""
    orgs = (organizations if organizations is not None else Organization.objects.all()).filter(
        status=OrgStatus.ACTIVE
    )
    active_party_orgs = party_orgs_active_at(as_of)
    covered_now = PartyOrg.organizations.through.objects.filter(
        organization_id=OuterRef("pk"), partyorg__in=active_party_orgs
    )
    org_figures = orgs.aggregate(
        orgs=Count("pk"),
        individual_businesses=Count("pk", filter=Q(individual_business=True)),
        employees=Sum("employees", default=0),
        unstable_with_party_org=Count("pk", filter=Q(stable=False) & Q(Exists(covered_now))),
    )
    if organizations is None:
        party_org_count = active_party_orgs.count()
    else:
        party_org_count = active_party_orgs.filter(organizations__in=organizations).distinct().count()
    members = PartyMember.objects.filter(joined_on__lte=as_of, organization__in=orgs).count()
    share = percent(members, org_figures["employees"])
    return {
        "orgs": org_figures["orgs"],
        "individual_businesses": org_figures["individual_businesses"],
        "party_orgs": party_org_count,
        "members": members,
        "employees": org_figures["employees"],
        "member_share_pct": float(share) if share is not None else None,
        "unstable_with_party_org": org_figures["unstable_with_party_org"],
    }
