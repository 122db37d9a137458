"""The coverage ledger of an organization (targets/ledger.py) and its place on the detail page."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.tests.factories import MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations.asof import CoverageKind
from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from targets.compliance import compute_compliance
from targets.ledger import (
    ACTIVIST_QUOTA,
    COVERAGE_QUERIES,
    DEVELOPMENT_QUOTA,
    FORMAL3,
    OBLIGATION_CODES,
    OFFICER_WHEN_UNCOVERED,
    STABLE50,
    STABLE100,
    ObligationState,
    organization_coverage,
)
from targets.models import PlanTarget

D = datetime.date(2010, 12, 31)
MET, NOT_MET, NA = ObligationState.MET, ObligationState.NOT_MET, ObligationState.NOT_APPLICABLE

pytestmark = pytest.mark.django_db


def ledger_on_page(response):
    """The coverage ledger among the sections of an organization's page."""
    [found] = [section for template, section in response.context["sections"] if template == "targets/_coverage.html"]
    return found


def ledger(org, as_of=D):
    return organization_coverage(org, as_of=as_of)


def state(org, code, as_of=D):
    return ledger(org, as_of).obligation(code).state


def standalone_for(org, **kwargs):
    return PartyOrgFactory(form="standalone", organizations=[org], **kwargs)


def joint_for(org, **kwargs):
    return PartyOrgFactory(form="joint", organizations=[org, OrganizationFactory()], **kwargs)


def full_members(org, n, *, full_on=datetime.date(2009, 1, 1)):
    return MemberFactory.create_batch(n, organization=org, joined_on=datetime.date(2008, 1, 1), full_on=full_on)


# -- coverage kinds ---------------------------------------------------------------------

def test_a_standalone_party_org_makes_it_standalone():
    org = OrganizationFactory()
    po = standalone_for(org)
    result = ledger(org)
    assert (result.kind, result.party_orgs) == (CoverageKind.STANDALONE, [po])


def test_a_joint_party_org_makes_it_joint():
    org = OrganizationFactory()
    po = joint_for(org)
    result = ledger(org)
    assert (result.kind, result.party_orgs) == (CoverageKind.JOINT, [po])


def test_standalone_wins_over_joint():
    org = OrganizationFactory()
    joint_for(org)
    standalone_for(org)
    assert ledger(org).kind == CoverageKind.STANDALONE


def test_an_officer_without_a_party_org_is_officer_only():
    org = OrganizationFactory()
    officer = OfficerFactory(organizations=[org], appointed_on=D)
    result = ledger(org)
    assert (result.kind, result.officers) == (CoverageKind.OFFICER_ONLY, [officer])


def test_nothing_is_uncovered():
    org = OrganizationFactory()
    OfficerFactory(organizations=[OrganizationFactory()])  # looks after someone else
    assert ledger(org).kind == CoverageKind.UNCOVERED


@pytest.mark.parametrize("established_on,revoked_on,active", [
    (D, None, True),
    (D + datetime.timedelta(days=1), None, False),  # not yet established
    (datetime.date(2005, 1, 1), D, False),  # revoked on D
    (datetime.date(2005, 1, 1), D + datetime.timedelta(days=1), True),  # revoked after D
])
def test_only_party_orgs_active_at_the_date_cover(established_on, revoked_on, active):
    org = OrganizationFactory()
    standalone_for(org, established_on=established_on, revoked_on=revoked_on)
    assert ledger(org).kind == (CoverageKind.STANDALONE if active else CoverageKind.UNCOVERED)


def test_an_officer_appointed_after_the_date_does_not_count():
    org = OrganizationFactory()
    OfficerFactory(organizations=[org], appointed_on=D + datetime.timedelta(days=1))
    result = ledger(org)
    assert (result.kind, result.officers) == (CoverageKind.UNCOVERED, [])


# -- 3+ full members: its own party org ---------------------------------------------------

def test_two_full_members_and_one_full_after_the_date_is_not_applicable():
    org = OrganizationFactory()
    full_members(org, 2)
    late = MemberFactory(organization=org, joined_on=datetime.date(2010, 3, 1),
                         full_on=D + datetime.timedelta(days=1))
    obligation = ledger(org).obligation(FORMAL3)
    assert obligation.state == NA
    assert obligation.reason
    late.full_on = D
    late.save()
    assert ledger(org).full_members == 3
    assert state(org, FORMAL3) == NOT_MET


def test_probationary_members_are_not_full():
    org = OrganizationFactory()
    full_members(org, 2)
    MemberFactory(organization=org, joined_on=datetime.date(2010, 1, 1), full_on=None)
    assert ledger(org).full_members == 2
    assert state(org, FORMAL3) == NA


def test_three_full_members_need_a_standalone_party_org():
    org = OrganizationFactory()
    full_members(org, 3)
    joint_for(org)
    assert state(org, FORMAL3) == NOT_MET
    standalone_for(org)
    assert state(org, FORMAL3) == MET


def test_the_threshold_is_the_plan_targets_parameter():
    org = OrganizationFactory()
    full_members(org, 2)
    assert state(org, FORMAL3) == NA
    PlanTarget.objects.filter(code=FORMAL3).update(parameters={"min_full_members": 2})
    assert state(org, FORMAL3) == NOT_MET


# -- 50+ employees and stable: a member; 100+ and stable: its own party org ------------------

@pytest.mark.parametrize("employees,stable,applies50,applies100", [
    (49, True, False, False), (50, True, True, False), (99, True, True, False), (100, True, True, True),
    (50, False, False, False), (100, False, False, False),
])
def test_stable_size_obligations_apply_at_their_boundaries(employees, stable, applies50, applies100):
    org = OrganizationFactory(employees=employees, stable=stable)
    result = ledger(org)
    assert result.obligation(STABLE50).applies is applies50
    assert result.obligation(STABLE100).applies is applies100


def test_stable_fifty_is_met_by_one_member_counting_at_the_date():
    org = OrganizationFactory(employees=50, stable=True)
    MemberFactory(organization=org, joined_on=D + datetime.timedelta(days=1), full_on=None)
    assert state(org, STABLE50) == NOT_MET
    MemberFactory(organization=org, joined_on=D, full_on=None)
    assert state(org, STABLE50) == MET


def test_stable_hundred_needs_a_standalone_party_org_not_a_joint_one():
    org = OrganizationFactory(employees=100, stable=True)
    joint_for(org)
    assert state(org, STABLE100) == NOT_MET
    standalone_for(org)
    assert state(org, STABLE100) == MET


def test_individual_businesses_have_the_stable_size_obligations():
    org = OrganizationFactory(employees=100, stable=True, individual_business=True)
    result = ledger(org)
    assert result.obligation(STABLE50).state == NOT_MET
    assert result.obligation(STABLE100).state == NOT_MET


# -- activist quota by size band ----------------------------------------------------------

@pytest.mark.parametrize("employees,quota", [(0, 1), (49, 1), (50, 3), (99, 3), (100, 5)])
def test_activist_quota_by_size_band(employees, quota):
    org = OrganizationFactory(employees=employees)
    PipelinePersonFactory.create_batch(quota - 1, organization=org, activist_since=D)
    obligation = ledger(org).obligation(ACTIVIST_QUOTA)
    assert obligation.state == NOT_MET
    assert obligation.facts[-1][1] == quota  # (label "Quota", value)
    PipelinePersonFactory(organization=org, stage="candidate", activist_since=datetime.date(2009, 1, 1))
    assert state(org, ACTIVIST_QUOTA) == MET


def test_applicants_and_later_activists_do_not_count():
    org = OrganizationFactory(employees=20)
    PipelinePersonFactory(organization=org, stage="applicant", activist_since=None)
    PipelinePersonFactory(organization=org, activist_since=D + datetime.timedelta(days=1))
    MemberFactory(organization=org, activist_since=datetime.date(1999, 1, 1))  # members are never activists
    result = ledger(org)
    assert (result.activists, result.obligation(ACTIVIST_QUOTA).state) == (0, NOT_MET)


def test_individual_businesses_have_no_activist_quota():
    org = OrganizationFactory(employees=20, individual_business=True)
    assert state(org, ACTIVIST_QUOTA) == NA


# -- yearly development quota ---------------------------------------------------------------

@pytest.mark.parametrize("employees,quota", [(50, 1), (99, 1), (100, 2)])
def test_development_quota_by_size_band(employees, quota):
    org = OrganizationFactory(employees=employees)
    MemberFactory(organization=org, joined_on=datetime.date(2009, 12, 31), full_on=None)  # last year
    MemberFactory(organization=org, joined_on=D + datetime.timedelta(days=1), full_on=None)  # after D
    MemberFactory.create_batch(quota - 1, organization=org, joined_on=datetime.date(2010, 1, 1), full_on=None)
    assert state(org, DEVELOPMENT_QUOTA) == NOT_MET
    MemberFactory(organization=org, joined_on=D, full_on=None)
    result = ledger(org)
    assert (result.new_members, result.obligation(DEVELOPMENT_QUOTA).state) == (quota, MET)


def test_no_development_quota_under_fifty_employees_or_for_individual_businesses():
    assert state(OrganizationFactory(employees=49), DEVELOPMENT_QUOTA) == NA
    assert state(OrganizationFactory(employees=100, individual_business=True), DEVELOPMENT_QUOTA) == NA


# -- an officer when uncovered -------------------------------------------------------------

def test_an_uncovered_organization_needs_an_officer_serving_at_the_date():
    org = OrganizationFactory()
    officer = OfficerFactory(organizations=[org], appointed_on=D + datetime.timedelta(days=1))
    assert state(org, OFFICER_WHEN_UNCOVERED) == NOT_MET
    officer.appointed_on = D
    officer.save()
    assert state(org, OFFICER_WHEN_UNCOVERED) == MET


def test_a_covered_organization_or_individual_business_needs_no_officer():
    covered = OrganizationFactory()
    joint_for(covered)
    assert state(covered, OFFICER_WHEN_UNCOVERED) == NA
    assert state(OrganizationFactory(individual_business=True), OFFICER_WHEN_UNCOVERED) == NA


def test_a_closed_organization_has_no_obligation():
    org = OrganizationFactory(status="closed", employees=150, stable=True)
    full_members(org, 3)
    joint_for(org)
    result = ledger(org)
    assert {o.state for o in result.obligations} == {NA}
    assert (result.kind, result.prompt_own_party_org) == (CoverageKind.JOINT, False)


# -- the prompt to set up its own party org ----------------------------------------------------

def test_a_joint_organization_reaching_three_full_members_is_prompted():
    org = OrganizationFactory()
    joint_for(org)
    full_members(org, 2)
    MemberFactory(organization=org, joined_on=datetime.date(2010, 1, 1), full_on=D + datetime.timedelta(days=1))
    assert ledger(org).prompt_own_party_org is False
    assert ledger(org, as_of=D + datetime.timedelta(days=1)).prompt_own_party_org is True


def test_no_prompt_once_it_has_its_own_party_org_or_with_no_party_org():
    with_own = OrganizationFactory()
    joint_for(with_own)
    standalone_for(with_own)
    full_members(with_own, 3)
    uncovered = OrganizationFactory()
    full_members(uncovered, 3)
    assert ledger(with_own).prompt_own_party_org is False
    assert ledger(uncovered).prompt_own_party_org is False


# -- the same verdicts as the compliance engine -----------------------------------------------

def test_the_ledger_agrees_with_the_compliance_engine():
    orgs = [OrganizationFactory(employees=e, stable=s, individual_business=ib)
            for e, s, ib in [(20, True, False), (60, True, False), (120, True, False), (120, False, False),
                             (70, True, True), (49, True, False)]]
    full_members(orgs[0], 3)
    joint_for(orgs[0])
    standalone_for(orgs[2])
    MemberFactory(organization=orgs[1], joined_on=datetime.date(2010, 5, 1), full_on=None)
    PipelinePersonFactory.create_batch(3, organization=orgs[1])
    OfficerFactory(organizations=[orgs[3]])
    document = compute_compliance(as_of=D, details=True)["targets"]
    everyone = list(Organization.objects.all())  # with the joint party org's other organization
    ledgers = [ledger(org) for org in everyone]
    for code in OBLIGATION_CODES:
        failing = {o.credit_code for o, led in zip(everyone, ledgers) if led.obligation(code).state == NOT_MET}
        applicable = sum(led.obligation(code).applies for led in ledgers)
        assert set(document[code]["failing"]) == failing, code
        assert document[code]["denominator"] == applicable, code


# -- queries ------------------------------------------------------------------------------

def count_queries(org):
    with CaptureQueriesContext(connection) as queries:
        ledger(org)
    return len(queries)


def test_the_ledger_runs_a_fixed_number_of_queries():
    small, big = OrganizationFactory(employees=120), OrganizationFactory(employees=120)
    MemberFactory(organization=small)
    full_members(big, 12)
    PipelinePersonFactory.create_batch(8, organization=big)
    joint_for(big)
    standalone_for(big)
    OfficerFactory.create_batch(3, organizations=[big])
    assert count_queries(small) == count_queries(big) == COVERAGE_QUERIES


# -- the detail page ------------------------------------------------------------------------

def detail_url(org):
    return reverse("organizations:organization_detail", args=[org.credit_code])


def page_queries(client, org):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url(org))
    assert response.status_code == 200
    return len(queries)


def test_county_staff_see_the_ledger_with_each_obligation(client, county_staff, unit):
    org = OrganizationFactory(unit=unit, employees=120, stable=True)
    joint_for(org)
    full_members(org, 3)
    client.force_login(county_staff)
    response = client.get(detail_url(org))
    assert response.status_code == 200
    assert ledger_on_page(response).kind == CoverageKind.JOINT
    html = response.content.decode()
    assert 'data-testid="coverage-ledger" data-kind="joint"' in html
    for code in OBLIGATION_CODES:
        assert f'data-obligation="{code}"' in html
    assert f'data-obligation="{FORMAL3}" data-state="not_met"' in html
    assert f'data-obligation="{OFFICER_WHEN_UNCOVERED}" data-state="not_applicable"' in html
    assert 'data-testid="coverage-prompt"' in html


def test_the_page_shows_no_prompt_without_a_joint_party_org(client, county_staff, unit):
    org = OrganizationFactory(unit=unit)
    full_members(org, 3)
    client.force_login(county_staff)
    html = client.get(detail_url(org)).content.decode()
    assert 'data-kind="uncovered"' in html
    assert 'data-testid="coverage-prompt"' not in html


def test_the_ledger_speaks_english_when_asked(client, county_staff, unit):
    org = OrganizationFactory(unit=unit, employees=10)
    client.force_login(county_staff)
    html = client.get(detail_url(org), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Coverage ledger" in html
    assert "Not applicable" in html and "Not met" in html


def test_secretary_sees_own_units_ledger(client, unit_secretary, unit):
    org = OrganizationFactory(unit=unit)
    client.force_login(unit_secretary)
    response = client.get(detail_url(org))
    assert response.status_code == 200
    assert ledger_on_page(response).organization == org


def test_secretary_cannot_open_another_units_ledger(client, unit_secretary, other_unit):
    org = OrganizationFactory(unit=other_unit)
    joint_for(org)
    client.force_login(unit_secretary)
    response = client.get(detail_url(org))
    assert response.status_code == 404
    assert b"coverage-ledger" not in response.content


def test_the_page_query_count_does_not_grow_with_members(client, county_staff, unit):
    small, big = OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)
    MemberFactory(organization=small)
    full_members(big, 10)
    PipelinePersonFactory.create_batch(6, organization=big)
    client.force_login(county_staff)
    page_queries(client, small)  # warm the session and caches
    assert page_queries(client, small) == page_queries(client, big)
