"""Adding and removing leadership-team seats from the party org's page, as each role; the
owner's-family cap (at most half of the team) is refused in the form with the numbers."""
import pytest
from django.urls import reverse

from organizations import rules
from organizations.models import LeadershipMember
from organizations.tests.factories import LeadershipMemberFactory, OrganizationFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(in_english):
    """Pages and the expected messages in English."""


@pytest.fixture
def party_org(unit):
    return PartyOrgFactory(unit=unit, code="P0100")


@pytest.fixture
def other_party_org(other_unit):
    return PartyOrgFactory(unit=other_unit, code="P0200")


def add(client, party_org, **data):
    url = reverse("organizations:leadership_add", kwargs={"code": party_org.code})
    return client.post(url, {"name": "王强", "role": "member", **data})


def remove(client, party_org, seat):
    url = reverse("organizations:leadership_remove", kwargs={"code": party_org.code})
    return client.post(url, {"seat": seat.pk})


def team(party_org):
    return sorted(party_org.leadership.values_list("name", "owner_family"))


def test_staff_adds_a_seat(client, county_staff, party_org):
    client.force_login(county_staff)
    response = add(client, party_org, name="李书记", role="secretary")
    assert response.status_code == 302
    assert response.url == party_org.get_absolute_url()
    seat = party_org.leadership.get()
    assert (seat.name, seat.role, seat.owner_family) == ("李书记", "secretary", False)
    page = client.get(response.url).content.decode()
    assert rules.MSG_LEADERSHIP_ADDED % {"name": "李书记"} in page


def test_staff_removes_a_seat(client, county_staff, party_org):
    seat = LeadershipMemberFactory(party_org=party_org, name="李书记")
    keep = LeadershipMemberFactory(party_org=party_org, name="张委员")
    client.force_login(county_staff)
    response = remove(client, party_org, seat)
    assert response.status_code == 302
    assert list(party_org.leadership.all()) == [keep]
    assert rules.MSG_LEADERSHIP_REMOVED % {"name": "李书记"} in client.get(response.url).content.decode()


def test_detail_page_has_the_add_form_and_a_remove_button_per_seat(client, county_staff, party_org):
    seat = LeadershipMemberFactory(party_org=party_org, name="李书记")
    client.force_login(county_staff)
    page = client.get(party_org.get_absolute_url()).content.decode()
    assert 'data-testid="leadership-add"' in page
    assert reverse("organizations:leadership_add", kwargs={"code": party_org.code}) in page
    assert f'name="seat" value="{seat.pk}"' in page


def test_family_cap_refuses_the_seat_in_the_form_with_the_numbers(client, county_staff, party_org):
    LeadershipMemberFactory(party_org=party_org, name="李书记")
    LeadershipMemberFactory(party_org=party_org, name="张亲属", owner_family=True)
    before = team(party_org)
    client.force_login(county_staff)
    response = add(client, party_org, name="张二", owner_family="on")
    assert response.status_code == 200
    expected = rules.MSG_FAMILY_CAP % {"family": 2, "size": 3}
    assert "2 of 3" in expected
    assert response.context["leadership_form"].non_field_errors() == [expected]
    assert expected in response.content.decode()
    assert team(party_org) == before


def test_family_seat_up_to_half_is_accepted(client, county_staff, party_org):
    LeadershipMemberFactory(party_org=party_org, name="李书记")
    client.force_login(county_staff)
    assert add(client, party_org, name="张亲属", owner_family="on").status_code == 302
    assert team(party_org) == [("张亲属", True), ("李书记", False)]


def test_removing_a_seat_that_would_break_the_family_cap_is_refused(client, county_staff, party_org):
    outsider = LeadershipMemberFactory(party_org=party_org, name="李书记")
    LeadershipMemberFactory(party_org=party_org, name="张亲属", owner_family=True)
    before = team(party_org)
    client.force_login(county_staff)
    response = remove(client, party_org, outsider)
    assert response.status_code == 200
    expected = rules.MSG_FAMILY_CAP % {"family": 1, "size": 1}
    assert response.context["leadership_remove_form"].non_field_errors() == [expected]
    assert expected in response.content.decode()
    assert team(party_org) == before


def test_invalid_seat_is_refused(client, county_staff, party_org):
    client.force_login(county_staff)
    response = add(client, party_org, name="", role="chairman")
    assert response.status_code == 200
    assert set(response.context["leadership_form"].errors) == {"name", "role"}
    assert not LeadershipMember.objects.exists()


def test_a_seat_of_another_party_org_cannot_be_removed_through_this_one(client, county_staff, party_org,
                                                                        other_party_org):
    seat = LeadershipMemberFactory(party_org=other_party_org)
    client.force_login(county_staff)
    response = remove(client, party_org, seat)
    assert response.status_code == 200
    assert "seat" in response.context["leadership_remove_form"].errors
    assert LeadershipMember.objects.filter(pk=seat.pk).exists()


def test_secretary_adds_and_removes_in_a_party_org_their_unit_leads(client, unit_secretary, party_org):
    client.force_login(unit_secretary)
    assert add(client, party_org, name="李书记", role="secretary").status_code == 302
    seat = party_org.leadership.get()
    assert remove(client, party_org, seat).status_code == 302
    assert not party_org.leadership.exists()


def test_secretary_edits_a_party_org_covering_their_units_organization(client, unit, other_unit, unit_secretary):
    joint = PartyOrgFactory(unit=other_unit, form="joint",
                            organizations=[OrganizationFactory(unit=unit), OrganizationFactory(unit=other_unit)])
    client.force_login(unit_secretary)
    assert add(client, joint, name="李书记").status_code == 302
    assert joint.leadership.count() == 1


def test_secretary_of_another_unit_gets_404_and_changes_nothing(client, other_secretary, party_org):
    seat = LeadershipMemberFactory(party_org=party_org, name="李书记")
    client.force_login(other_secretary)
    assert client.get(party_org.get_absolute_url()).status_code == 404
    assert add(client, party_org, name="王强").status_code == 404
    assert remove(client, party_org, seat).status_code == 404
    assert team(party_org) == [("李书记", False)]


def test_admin_adds_a_seat(client, admin_user, other_party_org):
    client.force_login(admin_user)
    assert add(client, other_party_org).status_code == 302
    assert other_party_org.leadership.count() == 1


def test_leadership_changes_need_a_login(client, party_org):
    response = add(client, party_org)
    assert response.status_code == 302 and "login" in response.url
    assert not LeadershipMember.objects.exists()


def test_leadership_changes_cannot_be_made_by_get(client, county_staff, party_org):
    client.force_login(county_staff)
    url = reverse("organizations:leadership_add", kwargs={"code": party_org.code})
    assert client.get(url, {"name": "王强", "role": "member"}).status_code == 405
    assert not LeadershipMember.objects.exists()
