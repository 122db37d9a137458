"""Party-org change requests: a secretary (or staff) asks, county staff approve or reject; nothing
changes before approval, and approval applies the change in one transaction."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.tests.factories import MemberFactory
from organizations import rules
from organizations.models import PartyOrg, PartyOrgChangeRequest, RequestStatus
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db

NEW = reverse("organizations:changerequest_create")
DAY = datetime.date(2010, 5, 1)


def establish(org_codes, **extra):
    return {"kind": "establish", "proposed_code": "NEW01", "proposed_name": "新党支部", "proposed_level": "branch",
            "proposed_form": "standalone", "org_codes": org_codes, "effective_on": DAY.isoformat(),
            "reason": "三名正式党员，符合单独组建条件", **extra}


def review(client, change_request, decision, comment=""):
    return client.post(reverse("organizations:changerequest_review", args=[change_request.pk]),
                       {"decision": decision, "review_comment": comment})


def test_secretary_requests_a_party_org_and_nothing_changes_before_approval(client, unit_secretary):
    org = OrganizationFactory(unit=unit_secretary.unit)
    client.force_login(unit_secretary)
    response = client.post(NEW, establish(org.credit_code))
    change_request = PartyOrgChangeRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:changerequest_detail", args=[change_request.pk])
    assert change_request.status == RequestStatus.PENDING
    assert change_request.unit == unit_secretary.unit
    assert change_request.requested_by == unit_secretary
    assert list(change_request.proposed_organizations.all()) == [org]
    assert not PartyOrg.objects.exists()


def test_staff_approve_and_the_party_org_is_established_with_the_decision_recorded(client, unit_secretary,
                                                                                    county_staff):
    org = OrganizationFactory(unit=unit_secretary.unit)
    client.force_login(unit_secretary)
    client.post(NEW, establish(org.credit_code))
    change_request = PartyOrgChangeRequest.objects.get()

    client.force_login(county_staff)
    response = review(client, change_request, "approve", "同意")
    assert response.status_code == 302
    party_org = PartyOrg.objects.get(code="NEW01")
    assert (party_org.form, party_org.unit, party_org.established_on) == ("standalone", unit_secretary.unit, DAY)
    assert list(party_org.organizations.all()) == [org]
    change_request.refresh_from_db()
    assert change_request.status == RequestStatus.APPROVED
    assert change_request.reviewed_by == county_staff and change_request.review_comment == "同意"
    assert party_org.history.first().history_user == county_staff
    page = client.get(reverse("organizations:changerequest_detail", args=[change_request.pk]))
    assert party_org.get_absolute_url() in page.content.decode()


def test_a_failed_approval_applies_nothing_and_leaves_the_request_pending(client, unit_secretary, county_staff):
    org = OrganizationFactory(unit=unit_secretary.unit)
    client.force_login(unit_secretary)
    client.post(NEW, establish(org.credit_code))
    change_request = PartyOrgChangeRequest.objects.get()
    PartyOrgFactory(code="NEW01")  # meanwhile the code was taken by an import

    client.force_login(county_staff)
    response = review(client, change_request, "approve")
    assert response.status_code == 302
    change_request.refresh_from_db()
    assert change_request.status == RequestStatus.PENDING and change_request.reviewed_at is None
    assert PartyOrg.objects.filter(code="NEW01").count() == 1
    assert not org.party_orgs.exists()


def test_revoke_is_applied_on_approval_and_members_appear_in_the_transfer_list(client, unit_secretary,
                                                                               county_staff):
    party_org = PartyOrgFactory(unit=unit_secretary.unit)
    member = MemberFactory(organization=party_org.organizations.get(), party_org=party_org)
    client.force_login(unit_secretary)
    client.post(NEW, {"kind": "revoke", "party_org_code": party_org.code, "effective_on": DAY.isoformat(),
                      "reason": "企业注销"})
    change_request = PartyOrgChangeRequest.objects.get()
    party_org.refresh_from_db()
    assert party_org.revoked_on is None
    assert member not in client.get(reverse("members:member_transfers")).context["table"].data

    client.force_login(county_staff)
    review(client, change_request, "approve")
    party_org.refresh_from_db()
    assert party_org.revoked_on == DAY
    client.force_login(unit_secretary)
    response = client.get(reverse("members:member_transfers"))
    assert [m.member_id for m in response.context["table"].data] == [member.member_id]


def test_change_of_form_and_organizations_is_applied_on_approval(client, county_staff, unit):
    party_org = PartyOrgFactory(unit=unit)
    joined = OrganizationFactory(unit=unit)
    first = party_org.organizations.get()
    client.force_login(county_staff)
    client.post(NEW, {"kind": "change", "unit": unit.pk, "party_org_code": party_org.code, "proposed_form": "joint",
                      "org_codes": f"{first.credit_code}；{joined.credit_code}", "effective_on": DAY.isoformat(),
                      "reason": "联合组建"})
    change_request = PartyOrgChangeRequest.objects.get()
    review(client, change_request, "approve")
    party_org.refresh_from_db()
    assert party_org.form == "joint"
    assert set(party_org.organizations.all()) == {first, joined}


def test_reject_needs_a_comment_and_changes_nothing(client, unit_secretary, county_staff):
    org = OrganizationFactory(unit=unit_secretary.unit)
    client.force_login(unit_secretary)
    client.post(NEW, establish(org.credit_code))
    change_request = PartyOrgChangeRequest.objects.get()
    client.force_login(county_staff)
    response = review(client, change_request, "reject")
    assert str(rules.MSG_REQUEST_COMMENT_REQUIRED) in [str(m) for m in response.wsgi_request._messages]
    change_request.refresh_from_db()
    assert change_request.status == RequestStatus.PENDING

    review(client, change_request, "reject", "党员人数不足")
    change_request.refresh_from_db()
    assert (change_request.status, change_request.review_comment) == (RequestStatus.REJECTED, "党员人数不足")
    assert not PartyOrg.objects.exists()
    response = review(client, change_request, "approve")  # a decided request stays decided
    assert not PartyOrg.objects.exists()
    assert any("已" in str(m) or "already" in str(m) for m in response.wsgi_request._messages)


@pytest.mark.parametrize("data, field, message", [
    (lambda org: establish(f"{org.credit_code} {OrganizationFactory().credit_code}"), "org_codes", None),
    (lambda org: establish(org.credit_code, proposed_form="joint"), "org_codes", rules.MSG_JOINT_TWO_ORGS),
    (lambda org: establish(org.credit_code, proposed_code=""), "proposed_code", rules.MSG_REQUEST_FIELD_REQUIRED),
    (lambda org: {"kind": "revoke", "effective_on": DAY.isoformat(), "reason": "x"}, "party_org_code",
     rules.MSG_REQUEST_PARTY_ORG_REQUIRED),
])
def test_a_bad_request_names_the_field_and_writes_nothing(client, unit_secretary, data, field, message):
    org = OrganizationFactory(unit=unit_secretary.unit)
    client.force_login(unit_secretary)
    response = client.post(NEW, data(org))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    if message is not None:
        assert str(message).split("%")[0] in " ".join(errors[field])
    assert not PartyOrgChangeRequest.objects.exists()


def test_secretary_cannot_name_another_units_organization(client, unit_secretary, other_unit):
    foreign = OrganizationFactory(unit=other_unit)
    client.force_login(unit_secretary)
    response = client.post(NEW, establish(foreign.credit_code))
    assert foreign.credit_code in " ".join(response.context["form"].errors["org_codes"])
    assert not PartyOrgChangeRequest.objects.exists()


def test_secretary_cannot_see_review_or_approve_another_units_request(client, unit_secretary, other_secretary,
                                                                    county_staff):
    org = OrganizationFactory(unit=other_secretary.unit)
    client.force_login(other_secretary)
    client.post(NEW, establish(org.credit_code))
    change_request = PartyOrgChangeRequest.objects.get()

    client.force_login(unit_secretary)
    assert client.get(reverse("organizations:changerequest_detail", args=[change_request.pk])).status_code == 404
    assert list(client.get(reverse("organizations:changerequest_list")).context["table"].data) == []
    client.force_login(other_secretary)
    assert review(client, change_request, "approve").status_code == 403
    change_request.refresh_from_db()
    assert change_request.status == RequestStatus.PENDING
    assert not PartyOrg.objects.exists()


def test_one_pending_request_per_party_org(client, unit_secretary):
    party_org = PartyOrgFactory(unit=unit_secretary.unit)
    client.force_login(unit_secretary)
    data = {"kind": "revoke", "party_org_code": party_org.code, "effective_on": DAY.isoformat(), "reason": "注销"}
    client.post(NEW, data)
    response = client.post(NEW, data)
    assert str(rules.MSG_REQUEST_ONE_PENDING) in " ".join(response.context["form"].errors["party_org_code"])
    assert PartyOrgChangeRequest.objects.count() == 1


def test_change_request_list_query_count_does_not_grow(client, county_staff, django_assert_num_queries, unit):
    def count(n):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(n):
            party_org = PartyOrgFactory(unit=unit)
            PartyOrgChangeRequest.objects.create(kind="revoke", unit=unit, party_org=party_org, effective_on=DAY,
                                                 reason="x", requested_by=county_staff)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("organizations:changerequest_list")).status_code == 200
        return len(queries)

    client.force_login(county_staff)
    assert count(2) == count(18)


def test_request_form_is_prefilled_from_the_organization_with_an_iso_date(client, unit_secretary):
    """The date picker needs YYYY-MM-DD whatever the language; Chinese would otherwise give 2026/11/25."""
    org = OrganizationFactory(unit=unit_secretary.unit)
    client.force_login(unit_secretary)
    response = client.get(NEW, {"kind": "establish", "organization": org.credit_code})
    html = response.content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert response.context["form"]["org_codes"].value() == org.credit_code


def test_transfer_list_query_count_does_not_grow(client, county_staff, unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        party_org = PartyOrgFactory(unit=unit, revoked_on=DAY)
        for _ in range(n):
            MemberFactory(organization=party_org.organizations.get(), party_org=party_org)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("members:member_transfers"))
        assert response.status_code == 200
        return len(queries), len(response.context["table"].data)

    client.force_login(county_staff)
    (few, rows_few), (many, rows_many) = count(2), count(12)
    assert (rows_few, rows_many) == (2, 14)
    assert few == many
