"""Reads for the home page: what the user's scope holds today."""
import datetime

from django.db.models import Count, Q
from django.utils import timezone

from members.models import Stage
from members.selectors import members_for, officers_for, pipeline_for
from organizations.models import OrgStatus, RequestStatus
from organizations.selectors import change_requests_for, organizations_for, party_orgs_for
from reports.models import ReportStatus
from reports.selectors import reports_for

from .compliance import party_orgs_active_at


def overview_for(user, *, as_of: datetime.date | None = None) -> dict:
    """Counts of the registers in the user's scope, each one aggregate query."""
    as_of = as_of or timezone.localdate()
    orgs = organizations_for(user).aggregate(
        active=Count("pk", filter=Q(status=OrgStatus.ACTIVE)),
        individual=Count("pk", filter=Q(status=OrgStatus.ACTIVE, individual_business=True)),
        closed=Count("pk", filter=Q(status=OrgStatus.CLOSED)),
    )
    members = members_for(user).aggregate(
        total=Count("pk", filter=Q(joined_on__lte=as_of)),
        probationary=Count("pk", filter=Q(joined_on__lte=as_of) & (Q(full_on__isnull=True) | Q(full_on__gt=as_of))),
    )
    pipeline = pipeline_for(user).aggregate(
        applicants=Count("pk", filter=Q(stage=Stage.APPLICANT)),
        activists=Count("pk", filter=Q(stage=Stage.ACTIVIST)),
        candidates=Count("pk", filter=Q(stage=Stage.CANDIDATE)),
    )
    return {
        "as_of": as_of,
        "organizations": orgs,
        "party_orgs": party_orgs_for(user).filter(pk__in=party_orgs_active_at(as_of).values("pk")).count(),
        "members": members,
        "pipeline": pipeline,
        "officers": officers_for(user).filter(appointed_on__lte=as_of).count(),
        "pending_requests": change_requests_for(user).filter(status=RequestStatus.PENDING).count(),
        "reports_awaiting_review": reports_for(user).filter(status=ReportStatus.SUBMITTED).count(),
    }
