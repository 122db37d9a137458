"""Every page of the access matrix runs as many queries with many rows as with few (no N+1).

Each page is opened on the records of tests.urlmatrix.build_dataset (unit T01), first after adding
a few related records of every kind, then after adding many more: seats, activities, assessments
and organizations of the party org, contact points of the leader, organizations of the officer,
proposed organizations of the change request, attachments and versions of the report, change
history of each record, and more rows in every list. Pages whose count another test already
checks are left out here (see ALREADY_COUNTED).
"""
import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.tests.factories import (
    CountyLeaderFactory,
    MemberFactory,
    OfficerFactory,
    PipelinePersonFactory,
    TrainingRecordFactory,
)
from organizations.tests.factories import (
    ActivityRecordFactory,
    FiveGoodsAssessmentFactory,
    LeadershipMemberFactory,
    OrganizationFactory,
    PartyOrgFactory,
    UnitFactory,
)
from register.models import RegisterImport
from reports.models import ReportAttachment, ReportVersion
from reports.tests.factories import ReportFactory

from .test_permission_matrix import EXPECTED, url_of
from .urlmatrix import build_dataset

FEW, MANY = 2, 12

# Pages (and their ?_export=xlsx) whose query count is already asserted elsewhere.
ALREADY_COUNTED = {
    # tests/test_register_pages.py (page and export)
    "organizations:organization_list", "organizations:partyorg_list", "members:partymember_list",
    "members:pipelineperson_list", "members:officer_list", "members:countyleader_list",
    # members/tests/test_officers_flow.py (page and export)
    "targets:uncovered_organizations", "targets:leaders_without_contact",
    # organizations/tests/test_five_goods.py (page and export)
    "organizations:assessment_list", "organizations:demosite_list",
    # targets/tests/test_dashboard.py, reports/tests/test_period_overview.py,
    # organizations/tests/test_coverage.py
    "targets:home", "reports:period_overview", "organizations:organization_detail",
}
# Lists whose page (not export) is counted elsewhere: test_change_requests, test_follow_up,
# test_activities, test_training, test_pipeline_flow.
PAGE_COUNTED = {
    "organizations:changerequest_list", "members:member_transfers", "targets:follow_up_transfers",
    "targets:follow_up_unmanaged", "organizations:activityrecord_list", "members:trainingrecord_list",
    "members:secretaries_untrained", "targets:pipeline_quota",
}
# Sign-in and password pages show no records.
NO_RECORDS = {"login", "password_change", "password_change_done", "password_reset", "password_reset_done",
              "password_reset_confirm", "password_reset_complete"}

LISTS = {name for name in EXPECTED if name.endswith(("_list", "_transfers", "_unmanaged", "_untrained"))} | {
    "targets:pipeline_quota", "members:member_transfers"}


def pages_for(role):
    return sorted(name for name, row in EXPECTED.items()
                  if row[role] == 200 and name not in ALREADY_COUNTED | NO_RECORDS)


PAGE_CASES = [pytest.param(role, name, False, id=f"{role}-{name}")
              for role in ("county_staff", "own_secretary") for name in pages_for(role)
              if name not in PAGE_COUNTED]
EXPORT_CASES = [pytest.param(role, name, True, id=f"{role}-{name}-export")
                for role in ("county_staff", "own_secretary") for name in pages_for(role) if name in LISTS]

_serial = itertools.count(1)


def grow(data, n, staff):
    """N more records of every kind around T01's records of DATA, and N more rows in each list."""
    unit, party_org, report = data["party_org"].unit, data["party_org"], data["report"]
    for _ in range(n):
        i = next(_serial)
        org = OrganizationFactory(unit=unit, employees=60)
        covering = PartyOrgFactory(unit=unit, organizations=[org])
        revoked = PartyOrgFactory(unit=unit, revoked_on=datetime.date(2010, 1, 1))
        UnitFactory()  # more choices in the unit fields of forms
        party_org.organizations.add(org)
        seat = LeadershipMemberFactory(party_org=party_org)
        LeadershipMemberFactory(party_org=covering, role="secretary")
        ActivityRecordFactory(party_org=party_org)
        FiveGoodsAssessmentFactory(party_org=party_org, year=1900 + i)
        TrainingRecordFactory(party_org=party_org, leadership_member=seat, trainee_name=seat.name)
        MemberFactory(organization=org, party_org=covering)  # due to transfer
        MemberFactory(organization=org, party_org=revoked)  # relationship in a revoked party org
        MemberFactory(organization=org, party_org=None)  # under no management
        PipelinePersonFactory(organization=org)
        PipelinePersonFactory(organization=data["org"])
        data["officer"].organizations.add(org)
        OfficerFactory(organizations=[org])
        data["leader"].contact_points.add(org)
        CountyLeaderFactory(contact_points=[org])
        data["change_request"].proposed_organizations.add(org)
        data["change_request"].__class__.objects.create(
            kind="revoke", unit=unit, party_org=covering, effective_on=datetime.date(2010, 1, 1), reason=f"r{i}")
        ReportFactory(unit=unit, year=1900 + i)
        ReportFactory(unit=UnitFactory(), year=2010, half=1)
        ReportVersion.objects.create(report=report, number=i, submitted_at=timezone.now(), submitted_by=staff)
        ReportAttachment.objects.create(report=report, file=f"reports/x{i}.pdf", original_name=f"x{i}.pdf",
                                        size=1, content_type="application/pdf", uploaded_by=staff)
        RegisterImport.objects.create(file=f"imports/x{i}.xlsx", original_name=f"x{i}.xlsx", uploaded_by=staff)
        for kind in ("org", "party_org", "member", "person", "officer", "leader", "activity", "assessment",
                     "training"):
            record = data[kind]  # one more line in the record's change history
            record.save()


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, url
    return len(queries), response, content


def rows_of(response):
    table = (getattr(response, "context", None) or {}).get("table")
    return table.paginator.count if table is not None else None


@pytest.fixture
def setup(unit, unit_secretary, county_staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    global _serial
    _serial = itertools.count(1)  # years 1901… never meet the dataset's 2009 and 2010
    return build_dataset(unit, secretary=unit_secretary, staff=county_staff)


@pytest.mark.parametrize(("role", "name", "export"), PAGE_CASES + EXPORT_CASES)
def test_query_count_does_not_grow_with_rows(client, setup, unit_secretary, county_staff, role, name, export):
    data = setup
    client.force_login({"county_staff": county_staff, "own_secretary": unit_secretary}[role])
    url = url_of(name, data)
    params = {"_export": "xlsx"} if export else {}
    grow(data, FEW, county_staff)
    client.get(url, params)  # warm up the session, content types and caches
    few, few_response, few_content = count_queries(client, url, params)
    grow(data, MANY - FEW, county_staff)
    many, many_response, many_content = count_queries(client, url, params)
    assert many == few, f"{url}: {few} queries with {FEW} rows of each kind, {many} with {MANY}"
    if name in LISTS and not export:  # the list did grow, so the equal counts mean something
        assert rows_of(many_response) > rows_of(few_response), url
    elif export or name in SHOWS_GROWN:  # the workbook or page holds the grown records
        assert len(many_content) > len(few_content), url


# Detail pages and forms that show the grown related records (their seats, organizations,
# contact points, attachments, versions, history…, or more choices in their fields).
SHOWS_GROWN = {
    "organizations:partyorg_detail", "members:partymember_detail", "members:pipelineperson_detail",
    "members:officer_detail", "members:countyleader_detail", "organizations:changerequest_detail",
    "organizations:assessment_detail", "reports:halfyearreport_detail", "register:register_import",
    "organizations:partyorg_update", "members:officer_update", "members:countyleader_update",
    "members:partymember_update", "members:pipelineperson_update", "members:trainingrecord_create",
}


def test_every_get_page_is_counted_here_or_elsewhere():
    """A page added to the matrix is either counted above or named as counted elsewhere."""
    counted = {name for param in PAGE_CASES + EXPORT_CASES for name in [param.values[1]]}
    pages = {name for name, row in EXPECTED.items() if 200 in row.values()} - NO_RECORDS
    assert pages - counted - ALREADY_COUNTED - PAGE_COUNTED == set()
