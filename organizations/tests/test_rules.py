"""The rules on organizations and party orgs, as a user meets them in forms and services."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from organizations import rules
from organizations.forms import OrganizationForm, PartyOrgForm
from organizations.models import Organization, PartyOrg
from organizations.services import (
    leadership_member_add,
    organization_create,
    party_org_create,
    party_org_update,
)
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory, make_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def org_data(unit, **overrides):
    data = {"credit_code": make_credit_code(42), "name": "华兴机械有限公司", "category": "economic",
            "unit": unit.pk, "employees": 60, "stable": "on", "status": "active", "township": "城关镇"}
    data.update(overrides)
    return data


def party_org_data(unit, orgs, **overrides):
    data = {"code": "P900", "name": "华兴党支部", "level": "branch", "form": "standalone",
            "organizations": [o.pk for o in orgs], "unit": unit.pk, "established_on": "2009-03-01"}
    data.update(overrides)
    return data


def test_bad_credit_code_check_character_is_refused_with_the_expected_character(unit):
    good = make_credit_code(42)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    form = OrganizationForm(data=org_data(unit, credit_code=bad))
    assert not form.is_valid()
    assert form.errors["credit_code"] == [
        f"“{bad}” is not a valid unified social credit code: its check character should be “{good[17]}”, "
        f"not “{bad[17]}”."
    ]
    assert not Organization.objects.exists()


def test_credit_code_of_wrong_length_is_refused(unit):
    form = OrganizationForm(data=org_data(unit, credit_code="91341122"))
    assert not form.is_valid()
    assert "has 18 characters" in form.errors["credit_code"][0]


def test_lower_case_credit_code_is_accepted_in_capitals(unit):
    form = OrganizationForm(data=org_data(unit, credit_code=make_credit_code(42).lower()))
    assert form.is_valid(), form.errors
    assert form.save().credit_code == make_credit_code(42)


def test_duplicate_credit_code_is_refused(unit):
    OrganizationFactory(credit_code=make_credit_code(42))
    form = OrganizationForm(data=org_data(unit))
    assert not form.is_valid()
    assert form.errors["credit_code"] == ["Organization with this Unified social credit code already exists."]


def test_negative_employees_are_refused(unit):
    form = OrganizationForm(data=org_data(unit, employees=-1))
    assert not form.is_valid()
    assert "employees" in form.errors


def test_service_refuses_bad_credit_code_and_writes_nothing(unit):
    good = make_credit_code(7)
    bad = good[:17] + ("Y" if good[17] != "Y" else "X")
    with pytest.raises(ValidationError) as exc:
        organization_create(credit_code=bad, name="x", category="economic", unit=unit, employees=1)
    assert list(exc.value.message_dict) == ["credit_code"]
    assert not Organization.objects.exists()


def test_joint_party_org_with_one_organization_is_refused(unit):
    org = OrganizationFactory(unit=unit)
    form = PartyOrgForm(data=party_org_data(unit, [org], form="joint"))
    assert not form.is_valid()
    assert form.errors["organizations"] == [
        "A joint party organization covers two or more organizations; 1 was chosen."
    ]
    assert not PartyOrg.objects.exists()


def test_standalone_party_org_with_two_organizations_is_refused(unit):
    orgs = OrganizationFactory.create_batch(2, unit=unit)
    form = PartyOrgForm(data=party_org_data(unit, orgs))
    assert not form.is_valid()
    assert form.errors["organizations"] == [
        "A standalone party organization covers exactly one organization; 2 were chosen."
    ]


def test_joint_party_org_with_two_organizations_is_saved(unit):
    orgs = OrganizationFactory.create_batch(2, unit=unit)
    form = PartyOrgForm(data=party_org_data(unit, orgs, form="joint"))
    assert form.is_valid(), form.errors
    assert set(form.save().organizations.all()) == set(orgs)


def test_revoked_before_established_is_refused_with_both_dates(unit):
    org = OrganizationFactory(unit=unit)
    form = PartyOrgForm(data=party_org_data(unit, [org], revoked_on="2009-02-28"))
    assert not form.is_valid()
    assert form.errors["revoked_on"] == [
        "The revocation date (2009-02-28) cannot be earlier than the establishment date (2009-03-01)."
    ]


def test_revoked_on_the_day_of_establishment_is_accepted(unit):
    org = OrganizationFactory(unit=unit)
    form = PartyOrgForm(data=party_org_data(unit, [org], revoked_on="2009-03-01"))
    assert form.is_valid(), form.errors


def test_demo_level_needs_a_year_not_before_establishment(unit):
    org = OrganizationFactory(unit=unit)
    form = PartyOrgForm(data=party_org_data(unit, [org], demo_level="county"))
    assert not form.is_valid()
    assert form.errors["demo_year"] == [str(rules.MSG_DEMO_YEAR_REQUIRED)]
    form = PartyOrgForm(data=party_org_data(unit, [org], demo_level="county", demo_year=2008))
    assert not form.is_valid()
    assert form.errors["demo_year"] == [
        "The demonstration year (2008) cannot be earlier than the year the party organization was established (2009)."
    ]
    form = PartyOrgForm(data=party_org_data(unit, [org], demo_year=2010))
    assert not form.is_valid()
    assert form.errors["demo_year"] == [str(rules.MSG_DEMO_YEAR_WITHOUT_LEVEL)]


def test_duplicate_party_org_code_is_refused(unit):
    PartyOrgFactory(code="P900", unit=unit)
    org = OrganizationFactory(unit=unit)
    form = PartyOrgForm(data=party_org_data(unit, [org]))
    assert not form.is_valid()
    assert form.errors["code"] == ["Party organization with this Code already exists."]


def test_service_refuses_joint_with_one_org_and_writes_nothing(unit):
    org = OrganizationFactory(unit=unit)
    with pytest.raises(ValidationError) as exc:
        party_org_create(code="P1", name="x", level="branch", form="joint", organizations=[org], unit=unit,
                         established_on=datetime.date(2009, 1, 1))
    assert exc.value.message_dict == {
        "organizations": ["A joint party organization covers two or more organizations; 1 was chosen."]
    }
    assert not PartyOrg.objects.exists()


def test_service_update_to_joint_keeps_coverage_rule(unit):
    po = PartyOrgFactory(unit=unit)
    with pytest.raises(ValidationError):
        party_org_update(party_org=po, data={"form": "joint"})
    po.refresh_from_db()
    assert po.form == "standalone"


def test_database_refuses_revocation_before_establishment_even_without_validation(unit):
    po = PartyOrgFactory(unit=unit)
    po.revoked_on = po.established_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        po.save()


def test_database_refuses_demo_year_without_level(unit):
    po = PartyOrgFactory(unit=unit)
    po.demo_year = 2010
    with pytest.raises(IntegrityError), transaction.atomic():
        po.save()


def test_family_cap_is_refused_with_the_numbers(unit):
    po = PartyOrgFactory(unit=unit)
    leadership_member_add(party_org=po, name="乙", role="secretary", owner_family=False)
    leadership_member_add(party_org=po, name="甲", role="member", owner_family=True)
    with pytest.raises(ValidationError) as exc:
        leadership_member_add(party_org=po, name="丙", role="member", owner_family=True)
    assert exc.value.messages == [
        "Family members of the owner may not exceed half of the leadership team: this team would have 2 of 3."
    ]
    assert po.leadership.count() == 2


def test_organization_history_keeps_employees_and_status(unit):
    org = OrganizationFactory(unit=unit, employees=30)
    org.employees = 120
    org.save()
    org.status = "closed"
    org.save()
    history = list(org.history.order_by("history_date").values_list("employees", "status"))
    assert history == [(30, "active"), (120, "active"), (120, "closed")]
