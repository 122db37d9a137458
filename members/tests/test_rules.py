"""The rules on members and pipeline people, as a user meets them in forms and services."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from members.forms import PartyMemberForm, PipelinePersonForm
from members.models import PartyMember, PipelinePerson
from members.services import pipeline_person_create
from members.tests.factories import MemberFactory
from organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def member_data(org, **overrides):
    data = {"member_id": "M90001", "name": "王芳", "gender": "F", "organization": org.pk,
            "joined_on": "2009-05-01", "full_on": "2010-05-01", "employed_since": "2008-01-01"}
    data.update(overrides)
    return data


def person_data(org, **overrides):
    data = {"person_id": "A90001", "name": "李强", "organization": org.pk, "stage": "activist",
            "applied_on": "2009-01-10", "activist_since": "2009-06-01"}
    data.update(overrides)
    return data


def test_full_before_joined_is_refused_with_both_dates():
    form = PartyMemberForm(data=member_data(OrganizationFactory(), full_on="2009-04-30"))
    assert not form.is_valid()
    assert form.errors["full_on"] == [
        "The date of becoming a full member (2009-04-30) cannot be earlier than the date of admission (2009-05-01)."
    ]
    assert not PartyMember.objects.exists()


def test_full_on_the_day_of_admission_is_accepted():
    form = PartyMemberForm(data=member_data(OrganizationFactory(), full_on="2009-05-01"))
    assert form.is_valid(), form.errors


def test_activist_after_joined_is_refused():
    form = PartyMemberForm(data=member_data(OrganizationFactory(), activist_since="2009-05-02"))
    assert not form.is_valid()
    assert form.errors["activist_since"] == [
        "The date of becoming an activist (2009-05-02) cannot be later than the date of admission (2009-05-01)."
    ]


def test_duplicate_member_id_is_refused():
    MemberFactory(member_id="M90001")
    form = PartyMemberForm(data=member_data(OrganizationFactory()))
    assert not form.is_valid()
    assert form.errors["member_id"] == ["Party member with this Member ID already exists."]


def test_missing_required_dates_name_the_field():
    form = PartyMemberForm(data=member_data(OrganizationFactory(), joined_on="", employed_since="2009-13-01"))
    assert not form.is_valid()
    assert form.errors["joined_on"] == ["This field is required."]
    assert form.errors["employed_since"] == ["Enter a valid date."]


def test_database_refuses_full_before_joined():
    member = MemberFactory()
    member.full_on = member.joined_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_applicant_with_activist_date_is_refused():
    form = PipelinePersonForm(data=person_data(OrganizationFactory(), stage="applicant"))
    assert not form.is_valid()
    assert form.errors["activist_since"] == [
        "An applicant has not become an activist yet: clear the activist date or change the stage."
    ]


def test_activist_without_activist_date_is_refused():
    form = PipelinePersonForm(data=person_data(OrganizationFactory(), activist_since=""))
    assert not form.is_valid()
    assert form.errors["activist_since"] == [
        "An activist or development candidate needs the date they became an activist."
    ]


def test_activist_before_application_is_refused():
    form = PipelinePersonForm(data=person_data(OrganizationFactory(), activist_since="2009-01-09"))
    assert not form.is_valid()
    assert form.errors["activist_since"] == [
        "The date of becoming an activist (2009-01-09) cannot be earlier than the application date (2009-01-10)."
    ]


def test_pipeline_id_taken_by_a_member_is_refused_in_form_and_service():
    MemberFactory(member_id="A90001")
    org = OrganizationFactory()
    form = PipelinePersonForm(data=person_data(org))
    assert not form.is_valid()
    assert form.errors["person_id"] == [
        "“A90001” is already the ID of a party member: a pipeline person needs another ID."
    ]
    with pytest.raises(ValidationError) as exc:
        pipeline_person_create(person_id="A90001", name="x", organization=org, stage="applicant")
    assert list(exc.value.message_dict) == ["person_id"]
    assert not PipelinePerson.objects.exists()


def test_database_refuses_applicant_with_activist_date():
    person = PipelinePerson(person_id="A1", name="x", organization=OrganizationFactory(), stage="applicant",
                            activist_since=datetime.date(2009, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()
