"""Training records: party-school yearly training and pre-appointment training of new secretaries.

A secretary counts as trained when a pre-appointment record is tied to their leadership seat
(TrainingRecord.leadership_member); a record that only carries the same name does not count."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import rules
from members.models import TrainingKind, TrainingRecord
from members.selectors import secretaries_lacking_training_for
from members.tests.factories import TrainingRecordFactory
from organizations.tests.factories import LeadershipMemberFactory, PartyOrgFactory

pytestmark = pytest.mark.django_db

D = datetime.date
UNTRAINED = reverse("members:secretaries_untrained")
NEW = reverse("members:trainingrecord_create")
LIST = reverse("members:trainingrecord_list")


@pytest.fixture(autouse=True)
def english(in_english):
    """Pages and the expected messages in English."""


@pytest.fixture
def party_org(unit):
    return PartyOrgFactory(unit=unit)


@pytest.fixture
def other_party_org(other_unit):
    return PartyOrgFactory(unit=other_unit)


def secretary(party_org, **kw):
    return LeadershipMemberFactory(party_org=party_org, role="secretary", **kw)


def listed(user):
    return list(secretaries_lacking_training_for(user, as_of=timezone.localdate()))


def test_secretaries_lacking_pre_appointment_training_are_listed(county_staff, party_org, unit):
    untrained = secretary(party_org, name="王书记")
    trained = secretary(PartyOrgFactory(unit=unit))
    TrainingRecordFactory(kind=TrainingKind.PRE_APPOINTMENT, trainee_name=trained.name, leadership_member=trained,
                          party_org=trained.party_org)
    yearly_only = secretary(PartyOrgFactory(unit=unit))
    TrainingRecordFactory(kind=TrainingKind.PARTY_SCHOOL_YEARLY, leadership_member=yearly_only,
                          party_org=yearly_only.party_org)
    name_only = secretary(PartyOrgFactory(unit=unit), name="李书记")
    TrainingRecordFactory(kind=TrainingKind.PRE_APPOINTMENT, trainee_name="李书记", party_org=name_only.party_org)
    LeadershipMemberFactory(party_org=party_org, role="deputy_secretary")
    secretary(PartyOrgFactory(unit=unit, revoked_on=D(2009, 1, 1)))
    assert sorted(s.pk for s in listed(county_staff)) == sorted([untrained.pk, yearly_only.pk, name_only.pk])


def test_a_secretary_sees_only_their_units_untrained_secretaries(client, unit_secretary, party_org, other_party_org):
    mine = secretary(party_org)
    secretary(other_party_org)
    client.force_login(unit_secretary)
    response = client.get(UNTRAINED)
    assert [row.record for row in response.context["table"].rows] == [mine]
    assert f"{NEW}?seat={mine.pk}" in response.content.decode()


def test_recording_the_training_from_the_link_removes_the_secretary(client, unit_secretary, party_org):
    seat = secretary(party_org, name="赵书记")
    client.force_login(unit_secretary)
    form = client.get(NEW, {"seat": seat.pk}).context["form"]
    assert form.initial["leadership_member"] == seat.pk and form.initial["kind"] == TrainingKind.PRE_APPOINTMENT
    data = {"kind": TrainingKind.PRE_APPOINTMENT, "trainee_name": "赵书记", "party_org": party_org.pk,
            "leadership_member": seat.pk, "year": 2009, "held_on": "2009-04-01", "hours": "16"}
    response = client.post(NEW, data)
    record = TrainingRecord.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    assert record.created_by == unit_secretary and record.leadership_member == seat
    assert listed(unit_secretary) == []
    assert list(client.get(UNTRAINED).context["table"].rows) == []


def test_a_seat_alone_gives_the_party_org(county_staff, party_org):
    from members.services import training_record_create

    seat = secretary(party_org)
    record = training_record_create(kind=TrainingKind.PRE_APPOINTMENT, trainee_name=seat.name, year=2009,
                                    leadership_member=seat, created_by=county_staff)
    assert record.party_org == party_org


def test_secretary_cannot_record_for_another_units_seat(client, unit_secretary, other_party_org):
    seat = secretary(other_party_org)
    client.force_login(unit_secretary)
    assert client.get(NEW, {"seat": seat.pk}).context["form"].initial.get("leadership_member") is None
    response = client.post(NEW, {"kind": TrainingKind.PRE_APPOINTMENT, "trainee_name": seat.name,
                                 "leadership_member": seat.pk, "party_org": other_party_org.pk, "year": 2009})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"leadership_member", "party_org"}
    assert not TrainingRecord.objects.exists()


def test_secretary_must_name_the_party_org(client, unit_secretary):
    client.force_login(unit_secretary)
    response = client.post(NEW, {"kind": TrainingKind.PARTY_SCHOOL_YEARLY, "trainee_name": "学员", "year": 2009})
    assert response.context["form"].errors["party_org"] == [str(rules.MSG_TRAINING_PARTY_ORG_REQUIRED)]
    assert not TrainingRecord.objects.exists()


def test_staff_record_a_county_training_without_party_org(client, county_staff):
    client.force_login(county_staff)
    response = client.post(NEW, {"kind": TrainingKind.PARTY_SCHOOL_YEARLY, "trainee_name": "学员", "year": 2009})
    assert response.status_code == 302
    assert TrainingRecord.objects.get().party_org is None


def test_training_date_must_fall_in_its_year_and_seat_in_its_party_org(client, county_staff, party_org, unit):
    seat = secretary(PartyOrgFactory(unit=unit))
    client.force_login(county_staff)
    response = client.post(NEW, {"kind": TrainingKind.PRE_APPOINTMENT, "trainee_name": "学员", "year": 2009,
                                 "held_on": "2010-03-01", "party_org": party_org.pk, "leadership_member": seat.pk})
    errors = response.context["form"].errors
    assert errors["held_on"] == [str(rules.MSG_TRAINING_YEAR_MISMATCH % {"held_on": D(2010, 3, 1), "year": 2009})]
    assert errors["leadership_member"] == [str(rules.MSG_TRAINING_SEAT_OTHER_PARTY_ORG % {
        "seat": seat, "seat_party_org": seat.party_org, "party_org": party_org})]
    assert not TrainingRecord.objects.exists()


def test_training_list_filters_by_year_and_kind_and_scopes(client, unit_secretary, party_org, other_party_org):
    match = TrainingRecordFactory(party_org=party_org, year=2009, kind=TrainingKind.PARTY_SCHOOL_YEARLY)
    TrainingRecordFactory(party_org=party_org, year=2010, kind=TrainingKind.PARTY_SCHOOL_YEARLY)
    TrainingRecordFactory(party_org=party_org, year=2009, kind=TrainingKind.PRE_APPOINTMENT)
    theirs = TrainingRecordFactory(party_org=other_party_org, year=2009, kind=TrainingKind.PARTY_SCHOOL_YEARLY)
    client.force_login(unit_secretary)
    response = client.get(LIST, {"year": 2009, "kind": TrainingKind.PARTY_SCHOOL_YEARLY})
    assert [row.record for row in response.context["table"].rows] == [match]
    assert client.get(match.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url,make", [
    (LIST, lambda party_org: TrainingRecordFactory(party_org=party_org, leadership_member=secretary(party_org))),
    (UNTRAINED, lambda party_org: secretary(party_org)),
])
def test_training_lists_query_count_does_not_grow(client, unit_secretary, unit, url, make):
    def count(n):
        for _ in range(n):
            make(PartyOrgFactory(unit=unit))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["table"].rows) == n
        return len(queries)

    client.force_login(unit_secretary)
    first = count(2)
    TrainingRecord.objects.all().delete()
    from organizations.models import LeadershipMember

    LeadershipMember.objects.all().delete()
    assert first == count(15)
