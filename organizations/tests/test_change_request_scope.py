"""The scope of a change request is the service's rule, not only the form's choices: a unit
secretary asks for their own unit, about party orgs and organizations they see, proposing their
own unit (or none) as the leading unit. County staff ask for any unit."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from organizations import rules, services
from organizations.models import PartyOrgChangeRequest
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2010, 5, 1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def establish(user, unit, organizations, **extra):
    return services.change_request_submit(**{
        "user": user, "kind": "establish", "unit": unit, "effective_on": DAY, "reason": "组建", "code": "NEW01",
        "name": "新党支部", "level": "branch", "form": "standalone", "organizations": organizations, **extra})


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


def test_a_secretary_may_not_ask_for_another_unit(unit_secretary, unit, other_unit):
    org = OrganizationFactory(unit=other_unit)
    errors = errors_of(lambda: establish(unit_secretary, other_unit, [org], leading_unit=other_unit))
    assert errors["unit"] == [str(rules.MSG_REQUEST_OTHER_UNIT)]
    assert org.credit_code in errors["proposed_organizations"][0]
    assert errors["proposed_leading_unit"] == [str(rules.MSG_REQUEST_LEADING_UNIT_OUT_OF_SCOPE)]
    assert not PartyOrgChangeRequest.objects.exists()


def test_a_secretary_may_not_name_a_party_org_they_do_not_see(unit_secretary, unit, other_unit):
    theirs = PartyOrgFactory(unit=other_unit, organizations=[OrganizationFactory(unit=other_unit)])
    errors = errors_of(lambda: services.change_request_submit(
        user=unit_secretary, kind="revoke", unit=unit, effective_on=DAY, reason="撤销", party_org=theirs))
    assert errors["party_org"] == [rules.MSG_REQUEST_PARTY_ORG_UNKNOWN % {"code": theirs.code}]


def test_within_their_scope_the_request_is_sent(unit_secretary, unit):
    request = establish(unit_secretary, unit, [OrganizationFactory(unit=unit)], leading_unit=unit)
    assert (request.unit, request.proposed_leading_unit) == (unit, unit)


def test_county_staff_ask_for_any_unit(county_staff, other_unit):
    request = establish(county_staff, other_unit, [OrganizationFactory(unit=other_unit)], leading_unit=other_unit)
    assert request.unit == other_unit
