"""Activity records of party orgs: recorded from the party org's page, listed with filters, as each role."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations import rules
from organizations.models import ActivityRecord
from organizations.tests.factories import ActivityRecordFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = reverse("organizations:activityrecord_list")


@pytest.fixture(autouse=True)
def english(in_english):
    """Pages and the expected messages in English."""


@pytest.fixture
def party_org(unit):
    return PartyOrgFactory(unit=unit, established_on=D(2008, 3, 1))


@pytest.fixture
def other_party_org(other_unit):
    return PartyOrgFactory(unit=other_unit)


def new_url(party_org):
    return reverse("organizations:activityrecord_create", kwargs={"code": party_org.code})


def data(**kw):
    return {"kind": "pioneer_post", "held_on": "2009-05-04", "title": "党员先锋岗挂牌", "participants": 12,
            "description": "", **kw}


def test_staff_record_an_activity_from_the_party_org_page(client, county_staff, party_org):
    client.force_login(county_staff)
    page = client.get(party_org.get_absolute_url()).content.decode()
    assert new_url(party_org) in page
    response = client.post(new_url(party_org), data())
    record = ActivityRecord.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    assert (record.party_org, record.kind, record.held_on, record.created_by) == (
        party_org, "pioneer_post", D(2009, 5, 4), county_staff)
    assert "党员先锋岗挂牌" in client.get(party_org.get_absolute_url()).content.decode()


def test_secretary_records_an_activity_of_their_party_org(client, unit_secretary, party_org):
    client.force_login(unit_secretary)
    assert client.get(new_url(party_org)).status_code == 200
    assert client.post(new_url(party_org), data(kind="aid_pair")).status_code == 302
    assert ActivityRecord.objects.get().party_org == party_org


def test_other_units_secretary_gets_404_and_nothing_is_recorded(client, other_secretary, party_org):
    client.force_login(other_secretary)
    assert client.get(new_url(party_org)).status_code == 404
    assert client.post(new_url(party_org), data()).status_code == 404
    assert not ActivityRecord.objects.exists()


@pytest.mark.parametrize("held_on,message,params", [
    ("future", rules.MSG_ACTIVITY_IN_FUTURE, None),
    ("2008-02-29", rules.MSG_ACTIVITY_BEFORE_ESTABLISHED, {"held_on": D(2008, 2, 29), "established": D(2008, 3, 1)}),
    ("2010-01-02", rules.MSG_ACTIVITY_AFTER_REVOKED, {"held_on": D(2010, 1, 2), "revoked": D(2010, 1, 1)}),
])
def test_an_activity_outside_the_party_orgs_life_is_refused(client, county_staff, party_org, held_on, message,
                                                           params):
    party_org.revoked_on = D(2010, 1, 1)
    party_org.save()
    today = timezone.localdate()
    if held_on == "future":
        day = today + datetime.timedelta(days=1)
        party_org.revoked_on = None
        party_org.save()
        held_on, params = day.isoformat(), {"held_on": day, "today": today}
    client.force_login(county_staff)
    response = client.post(new_url(party_org), data(held_on=held_on))
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"] == [str(message % params)]
    assert not ActivityRecord.objects.exists()


def test_a_title_and_a_kind_are_required(client, county_staff, party_org):
    client.force_login(county_staff)
    response = client.post(new_url(party_org), data(title="", kind="dance"))
    assert set(response.context["form"].errors) == {"title", "kind"}
    assert not ActivityRecord.objects.exists()


def test_activity_list_filters_by_kind_year_and_unit_within_scope(client, county_staff, unit_secretary, party_org,
                                                                 other_party_org, unit):
    match = ActivityRecordFactory(party_org=party_org, kind="org_life", held_on=D(2009, 6, 1))
    ActivityRecordFactory(party_org=party_org, kind="org_life", held_on=D(2010, 6, 1))
    ActivityRecordFactory(party_org=party_org, kind="aid_pair", held_on=D(2009, 6, 1))
    theirs = ActivityRecordFactory(party_org=other_party_org, kind="org_life", held_on=D(2009, 6, 1))
    client.force_login(county_staff)
    rows = client.get(LIST, {"kind": "org_life", "year": 2009}).context["table"].rows
    assert sorted(row.record.pk for row in rows) == sorted([match.pk, theirs.pk])
    rows = client.get(LIST, {"kind": "org_life", "year": 2009, "unit": unit.pk}).context["table"].rows
    assert [row.record for row in rows] == [match]
    rows = client.get(LIST, {"party_org": party_org.code}).context["table"].rows
    assert len(rows) == 3
    client.force_login(unit_secretary)
    rows = client.get(LIST, {"kind": "org_life", "year": 2009}).context["table"].rows
    assert [row.record for row in rows] == [match]
    assert client.get(match.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_activity_list_query_count_does_not_grow(client, unit_secretary, unit):
    def count(n):
        ActivityRecord.objects.all().delete()
        for _ in range(n):
            ActivityRecordFactory(party_org=PartyOrgFactory(unit=unit))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert len(response.context["table"].rows) == n
        return len(queries)

    client.force_login(unit_secretary)
    assert count(2) == count(15)
