"""The uncovered organizations' page names a suggested officer for each; it links the officer only
when the viewer may open the officer's page. A unit secretary's suggested officers may be any of
the county's: those who look after none of the unit's organizations (outside officers_for) are
named without a link, so every officer linked on the page opens (README, "Who uses it")."""
import re

import pytest
from django.urls import reverse

from members.models import Officer
from members.selectors import officers_for
from members.tests.factories import OfficerFactory
from organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("targets:uncovered_organizations")
OFFICER_LINK = re.compile(r'href="/officers/(?!uncovered/|new/)([^/"]+)/"')


@pytest.fixture
def suggestions(unit, other_unit):
    """Two uncovered organizations of T01, and two officers with spare capacity in their township:
    one looks after an organization of T01 (in the secretary's scope), one only another unit's."""
    OrganizationFactory.create_batch(2, unit=unit, township="城关镇", employees=60)
    mine = OfficerFactory(officer_id="F-MINE", name="本单位指导员",
                          organizations=[OrganizationFactory(unit=unit, township="城关镇", status="closed")])
    theirs = OfficerFactory(officer_id="F-THEIRS", name="外单位指导员",
                            organizations=[OrganizationFactory(unit=other_unit, township="城关镇")])
    return mine, theirs


def linked_officers(page: str) -> set[str]:
    return set(OFFICER_LINK.findall(page))


def test_a_secretary_opens_every_officer_linked_and_none_outside_their_scope_is_linked(client, unit_secretary,
                                                                                      suggestions):
    mine, theirs = suggestions
    client.force_login(unit_secretary)
    page = client.get(PAGE).content.decode()
    assert mine.name in page and theirs.name in page  # both suggested, both named
    linked = linked_officers(page)
    assert linked == {mine.officer_id}
    for officer_id in linked:
        assert client.get(reverse("members:officer_detail", args=[officer_id])).status_code == 200
    in_scope = set(officers_for(unit_secretary).values_list("officer_id", flat=True))
    assert linked <= in_scope and theirs.officer_id not in in_scope
    assert client.get(theirs.get_absolute_url()).status_code == 404  # why it is not linked


def test_county_staff_get_a_link_to_every_suggested_officer(client, county_staff, suggestions):
    client.force_login(county_staff)
    page = client.get(PAGE).content.decode()
    assert linked_officers(page) == set(Officer.objects.values_list("officer_id", flat=True))
    for officer_id in linked_officers(page):
        assert client.get(reverse("members:officer_detail", args=[officer_id])).status_code == 200


def test_the_export_names_the_officers_without_markup(client, county_staff, suggestions):
    client.force_login(county_staff)
    response = client.get(PAGE, {"_export": "xlsx"})
    assert response.status_code == 200
