"""The organization list's filters for size band, coverage and industry select what the ledger says."""
import datetime

import pytest
from django.urls import reverse

from members.tests.factories import OfficerFactory
from targets.ledger import organization_coverage
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db
URL = reverse("organizations:organization_list")


def listed(client, **params):
    return {o.credit_code for o in client.get(URL, params).context["table"].data}


def test_size_band_bounds_are_those_of_the_plan(client, county_staff):
    orgs = {n: OrganizationFactory(employees=n) for n in (49, 50, 99, 100)}
    client.force_login(county_staff)
    assert listed(client, size_band="small") == {orgs[49].credit_code}
    assert listed(client, size_band="medium") == {orgs[50].credit_code, orgs[99].credit_code}
    assert listed(client, size_band="large") == {orgs[100].credit_code}


def test_coverage_filter_agrees_with_the_ledger(client, county_staff, unit):
    standalone = OrganizationFactory(unit=unit)
    PartyOrgFactory(unit=unit, organizations=[standalone])
    joint_a, joint_b = OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)
    PartyOrgFactory(unit=unit, form="joint", organizations=[joint_a, joint_b])
    revoked = OrganizationFactory(unit=unit)  # its party org is gone: covered by its officer only
    PartyOrgFactory(unit=unit, organizations=[revoked], revoked_on=datetime.date(2009, 1, 1))
    OfficerFactory(organizations=[revoked])
    uncovered = OrganizationFactory(unit=unit)
    client.force_login(county_staff)
    for org in (standalone, joint_a, joint_b, revoked, uncovered):
        assert listed(client, coverage=organization_coverage(org).kind) >= {org.credit_code}
    assert listed(client, coverage="standalone") == {standalone.credit_code}
    assert listed(client, coverage="joint") == {joint_a.credit_code, joint_b.credit_code}
    assert listed(client, coverage="officer_only") == {revoked.credit_code}
    assert listed(client, coverage="uncovered") == {uncovered.credit_code}


def test_industry_is_searched_within_the_text(client, county_staff):
    maker = OrganizationFactory(industry="农副产品加工业")
    OrganizationFactory(industry="建筑业")
    client.force_login(county_staff)
    assert listed(client, industry="加工") == {maker.credit_code}


def test_size_band_filter_follows_the_thresholds_an_admin_edits(client, county_staff):
    """The bands are those of the plan's activist_quota target: moved there, the list's filter
    moves with them (and its choices say so), as the coverage ledger does."""
    from targets.models import PlanTarget

    orgs = {n: OrganizationFactory(employees=n) for n in (29, 30, 59, 60, 99, 100)}
    PlanTarget.objects.filter(code="activist_quota").update(
        parameters={"medium_from": 30, "large_from": 60, "small": 1, "medium": 3, "large": 5})
    client.force_login(county_staff)
    assert listed(client, size_band="small") == {orgs[29].credit_code}
    assert listed(client, size_band="medium") == {orgs[30].credit_code, orgs[59].credit_code}
    assert listed(client, size_band="large") == {orgs[n].credit_code for n in (60, 99, 100)}
    choices = dict(client.get(URL).context["filter"].form.fields["size_band"].choices)
    assert "30" in str(choices["medium"]) and "59" in str(choices["medium"]) and "60" in str(choices["large"])
    assert organization_coverage(orgs[59]).obligation("activist_quota").facts[1][1] == str(choices["medium"])
