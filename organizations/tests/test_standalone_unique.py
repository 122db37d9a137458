"""An organization has one standalone party org at a time, on every path that writes party orgs:
the services (the portal's forms, change requests and their approval), and Django admin through
them. Checked under a lock of the organization's row, so two saves at once cannot both pass."""
import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from organizations import services
from organizations.models import PartyOrg, PartyOrgChangeRequest, RequestStatus
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db

TAKEN = "already has a standalone party organization at that time"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def create(org, *, code="P900", form="standalone", established_on=datetime.date(2009, 3, 1), revoked_on=None,
           organizations=None):
    return services.party_org_create(code=code, name=f"{code}党支部", level="branch", form=form,
                                     organizations=organizations or [org], unit=org.unit,
                                     established_on=established_on, revoked_on=revoked_on)


def refused(call) -> str:
    with pytest.raises(ValidationError) as exc:
        call()
    return " ".join(exc.value.message_dict["organizations"])


def test_a_second_standalone_party_org_for_an_organization_is_refused(unit):
    org = OrganizationFactory(unit=unit, name="华兴机械有限公司")
    first = create(org, code="P001")
    message = refused(lambda: create(org, code="P002"))
    assert TAKEN in message and "华兴机械有限公司" in message and first.code in message and "since 2009-03-01" in message
    assert list(org.party_orgs.values_list("code", flat=True)) == ["P001"]


def test_its_page_then_lists_one_party_org(client, county_staff, unit):
    org = OrganizationFactory(unit=unit)
    create(org, code="P001")
    with pytest.raises(ValidationError):
        create(org, code="P002")
    client.force_login(county_staff)
    assert [p.code for p in client.get(org.get_absolute_url()).context["party_orgs"]] == ["P001"]


@pytest.mark.parametrize(("revoked_on", "established_on", "allowed"), [
    (datetime.date(2010, 1, 1), datetime.date(2010, 1, 1), True),  # revoked the day the new one starts
    (datetime.date(2010, 1, 1), datetime.date(2011, 5, 1), True),
    (datetime.date(2012, 1, 1), datetime.date(2011, 5, 1), False),  # still active when the new one starts
    (datetime.date(2010, 1, 1), datetime.date(2008, 1, 1), False),  # the new one would start before it
])
def test_a_successor_may_start_once_the_old_one_is_revoked(unit, revoked_on, established_on, allowed):
    org = OrganizationFactory(unit=unit)
    create(org, code="P001", revoked_on=revoked_on)
    if allowed:
        create(org, code="P002", established_on=established_on)
        assert org.party_orgs.count() == 2
    else:
        assert TAKEN in refused(lambda: create(org, code="P002", established_on=established_on))


def test_a_joint_party_org_may_cover_an_organization_with_its_own(unit):
    org, other = OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)
    create(org, code="P001")
    create(org, code="J001", form="joint", organizations=[org, other])
    create(other, code="P002")
    assert org.party_orgs.count() == 2 and other.party_orgs.count() == 2


def test_an_update_that_would_make_a_second_one_is_refused(unit):
    org, other = OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)
    create(org, code="P001")
    revoked = create(org, code="P002", established_on=datetime.date(2006, 1, 1), revoked_on=datetime.date(2009, 3, 1))
    moved = create(other, code="P003")
    joint = create(org, code="J001", form="joint", organizations=[org, other])
    for party_org, data in [(revoked, {"revoked_on": None}),  # revived while P001 is active
                            (moved, {"organizations": [org]}),  # moved onto an organization with one
                            (joint, {"form": "standalone", "organizations": [other]})]:  # other has P003
        stored = PartyOrg.objects.get(pk=party_org.pk)
        assert TAKEN in refused(lambda: services.party_org_update(party_org=stored, data=data)), party_org.code
    assert list(org.party_orgs.filter(form="standalone", revoked_on__isnull=True).values_list("code", flat=True)) \
        == ["P001"]


def test_two_imported_at_once_can_still_be_put_right(unit):
    """The register import writes in bulk (here: factories) and does not check the rule: editing
    one of the two is not refused for the other, and revoking one (or making it joint) is allowed."""
    org, other = OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)
    first = PartyOrgFactory(unit=unit, organizations=[org], code="P001")
    second = PartyOrgFactory(unit=unit, organizations=[org], code="P002")
    services.party_org_update(party_org=first, data={"name": "改名党支部", "has_venue": True})
    services.party_org_update(party_org=second, data={"revoked_on": datetime.date(2009, 1, 1)})
    services.party_org_update(party_org=PartyOrg.objects.get(pk=second.pk),
                              data={"form": "joint", "organizations": [org, other]})


def test_the_party_org_form_shows_the_refusal(client, county_staff, unit):
    org = OrganizationFactory(unit=unit)
    create(org, code="P001")
    client.force_login(county_staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(reverse("organizations:partyorg_create"), {
        "code": "P002", "name": "第二党支部", "level": "branch", "form": "standalone", "organizations": [org.pk],
        "unit": unit.pk, "established_on": "2010-01-01"})
    assert response.status_code == 200
    assert TAKEN in " ".join(response.context["form"].errors["organizations"])
    assert not PartyOrg.objects.filter(code="P002").exists()


def test_the_admin_shows_the_refusal_on_its_form(client, admin_user, unit):
    org = OrganizationFactory(unit=unit)
    create(org, code="P001")
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(reverse("admin:organizations_partyorg_add"), {
        "code": "P002", "name": "第二党支部", "level": "branch", "form": "standalone", "organizations": [org.pk],
        "unit": unit.pk, "established_on": "2010-01-01", "leadership-TOTAL_FORMS": 0,
        "leadership-INITIAL_FORMS": 0})
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert not PartyOrg.objects.filter(code="P002").exists()


def test_a_request_to_establish_a_second_one_is_refused_and_so_is_its_approval(unit, unit_secretary, county_staff):
    org = OrganizationFactory(unit=unit)
    create(org, code="P001")
    request = {"user": unit_secretary, "kind": "establish", "unit": unit, "effective_on": datetime.date(2010, 5, 1),
               "reason": "组建", "code": "NEW01", "name": "新党支部", "level": "branch", "form": "standalone",
               "organizations": [org]}
    with pytest.raises(ValidationError) as exc:
        services.change_request_submit(**request)
    assert TAKEN in " ".join(exc.value.message_dict["proposed_organizations"])
    # A request sent before the other party org existed is refused on approval, and stays pending.
    PartyOrg.objects.filter(code="P001").update(form="joint")
    pending = services.change_request_submit(**request)
    PartyOrg.objects.filter(code="P001").update(form="standalone")
    with pytest.raises(ValidationError):
        services.change_request_approve(change_request=pending, reviewer=county_staff)
    assert PartyOrgChangeRequest.objects.get(pk=pending.pk).status == RequestStatus.PENDING
    assert not PartyOrg.objects.filter(code="NEW01").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL (SQLite writes one at a time)")
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_do_not_both_pass(unit, monkeypatch):
    """Both saves check, then wait, then write: without the lock of the organization's row both
    would find no other standalone party org and both would be saved."""
    org = OrganizationFactory(unit=unit)
    original = services.standalone_overlapping

    def slow(**kwargs):
        found = list(original(**kwargs))
        time.sleep(0.5)
        return found

    monkeypatch.setattr(services, "standalone_overlapping", slow)
    outcomes, barrier = [], threading.Barrier(2)

    def save(code):
        barrier.wait()
        try:
            create(org, code=code)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(code,)) for code in ("P001", "P002")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert org.party_orgs.count() == 1
