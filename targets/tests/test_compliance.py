"""The compliance engine: each boundary case of the rules (docs/targets.md), and a cross-check with
the reference register the portal was specified against, where that folder is beside the project
(../shared, in the developers' CI; a county's installation has none: the project's own register
with figures worked out by hand is tests/test_own_register.py)."""
import datetime
import importlib.util
import json
import pathlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.asof import six_months_threshold
from members.tests.factories import MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations.models import FiveGoodsAssessment
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from register.importing import register_import
from targets.compliance import compute_compliance
from targets.scope import Scope

SHARED = pathlib.Path(__file__).resolve().parents[2].parent / "shared"
REFERENCE = SHARED / "samples" / "register-small"
D = datetime.date(2010, 12, 31)

pytestmark = pytest.mark.django_db


def load_compare():
    spec = importlib.util.spec_from_file_location("compare_compliance", SHARED / "tools" / "compare_compliance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def targets(as_of=D, **kwargs):
    return compute_compliance(as_of=as_of, details=True, **kwargs)["targets"]


@pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"no reference register at {REFERENCE}: the cross-check "
                    "runs where the specification's folder sits beside the project (CI)")
def test_sample_register_gives_the_expected_document():
    assert register_import(REFERENCE).ok
    expected = json.loads((SHARED / "samples" / "register-small.expected.json").read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(compute_compliance(as_of=D, details=True)))
    assert load_compare().diff(expected, actual) == []


def test_three_members_of_whom_one_becomes_full_after_the_date():
    org = OrganizationFactory()
    MemberFactory.create_batch(2, organization=org, joined_on=datetime.date(2009, 1, 1),
                               full_on=datetime.date(2010, 1, 1))
    late = MemberFactory(organization=org, joined_on=datetime.date(2010, 3, 1), full_on=datetime.date(2011, 3, 1))
    assert targets()["formal3_standalone"]["denominator"] == 0
    late.full_on = D
    late.save()
    result = targets()["formal3_standalone"]
    assert (result["denominator"], result["failing"]) == (1, [org.credit_code])


@pytest.mark.parametrize("employees,in50,in100", [(49, False, False), (50, True, False), (99, True, False),
                                                  (100, True, True)])
def test_size_band_boundaries(employees, in50, in100):
    OrganizationFactory(employees=employees, stable=True)
    result = targets()
    assert result["stable50_member"]["denominator"] == int(in50)
    assert result["stable100_standalone"]["denominator"] == int(in100)


@pytest.mark.parametrize("employees,quota", [(49, 1), (50, 3), (99, 3), (100, 5)])
def test_activist_quota_by_size_band(employees, quota):
    org = OrganizationFactory(employees=employees)
    PipelinePersonFactory.create_batch(quota - 1, organization=org, activist_since=datetime.date(2010, 1, 1))
    assert targets()["activist_quota"]["numerator"] == 0
    PipelinePersonFactory(organization=org, activist_since=datetime.date(2010, 1, 1))
    assert targets()["activist_quota"]["numerator"] == 1


def test_party_org_revoked_on_the_date_is_gone_and_one_established_on_it_counts():
    PartyOrgFactory(established_on=datetime.date(2005, 1, 1), revoked_on=D)
    PartyOrgFactory(established_on=D)
    assert targets()["party_orgs"]["value"] == 1
    assert targets(as_of=D - datetime.timedelta(days=1))["party_orgs"]["value"] == 1


@pytest.mark.parametrize("start,first_day", [
    (datetime.date(2010, 6, 30), datetime.date(2010, 12, 30)),
    (datetime.date(2010, 8, 31), datetime.date(2011, 2, 28)),
    (datetime.date(2010, 8, 29), datetime.date(2011, 2, 28)),
])
def test_six_months_follow_relativedelta_month_ends(start, first_day):
    member = MemberFactory(joined_on=datetime.date(2000, 1, 1), employed_since=start, relation_transferred=False)
    day_before = first_day - datetime.timedelta(days=1)
    assert targets(as_of=day_before)["relations_transferred"]["denominator"] == 0
    assert targets(as_of=first_day)["relations_transferred"]["failing"] == [member.member_id]


def test_six_months_threshold_handles_month_ends():
    assert six_months_threshold(datetime.date(2011, 2, 28)) == datetime.date(2010, 8, 31)
    assert six_months_threshold(datetime.date(2010, 12, 30)) == datetime.date(2010, 6, 30)


def test_later_of_employment_and_admission_starts_the_six_months():
    member = MemberFactory(joined_on=datetime.date(2010, 8, 1), full_on=None, employed_since=datetime.date(2005, 1, 1))
    assert targets(as_of=datetime.date(2011, 1, 31))["relations_transferred"]["denominator"] == 0
    assert targets(as_of=datetime.date(2011, 2, 1))["relations_transferred"]["failing"] == [member.member_id]


def test_activist_since_on_the_plan_start_is_cultivated():
    PipelinePersonFactory(applied_on=datetime.date(2007, 6, 1), activist_since=datetime.date(2008, 1, 1))
    PipelinePersonFactory(applied_on=datetime.date(2007, 6, 1), activist_since=datetime.date(2007, 12, 31))
    MemberFactory(activist_since=datetime.date(2008, 1, 1), joined_on=datetime.date(2009, 1, 1), full_on=None)
    assert targets()["activists_cultivated"]["value"] == 2


def test_five_goods_assessment_after_the_date_is_ignored():
    po = PartyOrgFactory()
    good = dict(leadership=True, members=True, mechanism=True, performance=True, mass=True)
    FiveGoodsAssessment.objects.create(party_org=po, year=2009, **good)
    FiveGoodsAssessment.objects.create(party_org=po, year=2011, **{**good, "mass": False})
    assert targets()["five_goods"]["value"] == 1
    assert targets(as_of=datetime.date(2011, 12, 31))["five_goods"]["value"] == 0


def test_member_whose_party_org_was_revoked_is_not_managed():
    po = PartyOrgFactory(revoked_on=datetime.date(2010, 6, 1))
    member = MemberFactory(party_org=po)
    assert targets()["members_managed"]["failing"] == [member.member_id]
    assert targets(as_of=datetime.date(2010, 5, 31))["members_managed"]["failing"] == []


def test_percent_rounds_half_up_exactly():
    from targets.compliance import percent
    assert str(percent(333, 400)) == "83.3"  # 83.25 rounds up
    assert str(percent(1, 3)) == "33.3"
    assert str(percent(2, 3)) == "66.7"
    assert percent(1, 0) is None


def test_unit_scope_keeps_the_units_rows(unit, other_unit):
    mine = OrganizationFactory(unit=unit, employees=60, stable=True)
    OrganizationFactory(unit=other_unit, employees=60, stable=True)
    result = compute_compliance(as_of=D, scope=Scope(unit_code=unit.code), details=True)
    assert result["baseline"]["orgs"] == 1
    assert result["targets"]["stable50_member"]["failing"] == [mine.credit_code]


def _make_county(n):
    units = []
    for i in range(n):
        org = OrganizationFactory(employees=40 + i % 80, stable=bool(i % 2))
        units.append(org.unit)
        if i % 3 == 0:
            po = PartyOrgFactory(unit=org.unit, organizations=[org])
            MemberFactory(organization=org, party_org=po)
        if i % 4 == 0:
            PipelinePersonFactory(organization=org)
        if i % 5 == 0:
            OfficerFactory(organizations=[org])


@pytest.mark.parametrize("details", [False, True])
def test_query_count_does_not_grow_with_organizations(details):
    _make_county(10)
    with CaptureQueriesContext(connection) as small:
        compute_compliance(as_of=D, details=details)
    _make_county(990)
    with CaptureQueriesContext(connection) as large:
        compute_compliance(as_of=D, details=details)
    assert len(large.captured_queries) == len(small.captured_queries)
