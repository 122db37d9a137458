"""Writes on members, pipeline people, officers and county leaders."""
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from organizations.models import Organization
from organizations.services import model_apply

from . import rules
from .models import CountyLeader, Officer, PartyMember, PipelinePerson


@transaction.atomic
def member_create(*, member_id: str, name: str, gender: str, organization: Organization, joined_on,
                  employed_since, **fields: Any) -> PartyMember:
    return model_apply(
        PartyMember(),
        {"member_id": member_id, "name": name, "gender": gender, "organization": organization,
         "joined_on": joined_on, "employed_since": employed_since, **fields},
    )


@transaction.atomic
def member_update(member: PartyMember, **fields: Any) -> PartyMember:
    return model_apply(member, fields)


def check_person_id_free(person_id: str) -> None:
    """A pipeline person's ID may not be a party member's ID."""
    if PartyMember.objects.filter(member_id=person_id).exists():
        raise ValidationError(rules.MSG_PERSON_ID_IS_MEMBER, code="person_id_is_member",
                              params={"person_id": person_id})


def _check_person_id_field(person_id: str) -> None:
    try:
        check_person_id_free(person_id)
    except ValidationError as exc:
        raise ValidationError({"person_id": exc}) from None


@transaction.atomic
def pipeline_person_create(*, person_id: str, name: str, organization: Organization, stage: str,
                           **fields: Any) -> PipelinePerson:
    _check_person_id_field(person_id)
    return model_apply(
        PipelinePerson(),
        {"person_id": person_id, "name": name, "organization": organization, "stage": stage, **fields},
    )


@transaction.atomic
def pipeline_person_update(person: PipelinePerson, **fields: Any) -> PipelinePerson:
    if "person_id" in fields and fields["person_id"] != person.person_id:
        _check_person_id_field(fields["person_id"])
    return model_apply(person, fields)


@transaction.atomic
def officer_create(*, officer_id: str, name: str, role: str, appointed_on,
                   organizations: Iterable[Organization] = (), **fields: Any) -> Officer:
    officer = model_apply(
        Officer(), {"officer_id": officer_id, "name": name, "role": role, "appointed_on": appointed_on, **fields}
    )
    officer.organizations.set(list(organizations))
    return officer


@transaction.atomic
def county_leader_create(*, leader_id: str, name: str, title: str = "",
                         contact_points: Iterable[Organization] = ()) -> CountyLeader:
    leader = model_apply(CountyLeader(), {"leader_id": leader_id, "name": name, "title": title})
    leader.contact_points.set(list(contact_points))
    return leader
