"""Writes on units, organizations and party orgs. Every rule is checked before anything is saved."""
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from targets.services import request_recompute

from . import rules
from .models import (
    LeadershipMember,
    Organization,
    PartyOrg,
    PartyOrgForm,
    SupervisingUnit,
)


def model_apply(instance: models.Model, fields: dict[str, Any]) -> models.Model:
    """Set the fields, run every model validation (fields, clean, constraints), then save; the
    compliance snapshot is then due for a recompute (one per burst of edits)."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    request_recompute()
    return instance


def unit_create(*, code: str, name: str, kind: str) -> SupervisingUnit:
    return model_apply(SupervisingUnit(), {"code": code, "name": name, "kind": kind})


@transaction.atomic
def organization_create(*, credit_code: str, name: str, category: str, unit: SupervisingUnit, employees: int,
                        **fields: Any) -> Organization:
    return model_apply(
        Organization(),
        {"credit_code": credit_code, "name": name, "category": category, "unit": unit, "employees": employees,
         **fields},
    )


@transaction.atomic
def organization_update(organization: Organization, **fields: Any) -> Organization:
    return model_apply(organization, fields)


def check_party_org_coverage(*, form: str, organizations: Iterable[Organization]) -> None:
    """A standalone party org covers exactly one organization, a joint one two or more."""
    count = len(set(organizations))
    if form == PartyOrgForm.STANDALONE and count != 1:
        raise ValidationError(
            {"organizations": ValidationError(rules.MSG_STANDALONE_ONE_ORG, code="standalone_one_org",
                                              params={"count": count})}
        )
    if form == PartyOrgForm.JOINT and count < 2:
        raise ValidationError(
            {"organizations": ValidationError(rules.MSG_JOINT_TWO_ORGS, code="joint_two_orgs",
                                              params={"count": count})}
        )


def _party_org_save(party_org: PartyOrg, organizations: list[Organization] | None, fields: dict) -> PartyOrg:
    for name, value in fields.items():
        setattr(party_org, name, value)
    errors: dict[str, list] = {}
    try:
        party_org.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    covered = organizations if organizations is not None else list(party_org.organizations.all())
    try:
        check_party_org_coverage(form=party_org.form, organizations=covered)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    party_org.save()
    if organizations is not None:
        party_org.organizations.set(organizations)
    request_recompute()
    return party_org


@transaction.atomic
def party_org_create(*, code: str, name: str, level: str, form: str, organizations: Iterable[Organization],
                     unit: SupervisingUnit, established_on, **fields: Any) -> PartyOrg:
    return _party_org_save(
        PartyOrg(),
        list(organizations),
        {"code": code, "name": name, "level": level, "form": form, "unit": unit,
         "established_on": established_on, **fields},
    )


@transaction.atomic
def party_org_update(party_org: PartyOrg, *, organizations: Iterable[Organization] | None = None,
                     **fields: Any) -> PartyOrg:
    return _party_org_save(party_org, list(organizations) if organizations is not None else None, fields)


def check_family_cap(*, family: int, size: int) -> None:
    """Owner's family members may not exceed half of a leadership team."""
    if 2 * family > size:
        raise ValidationError(rules.MSG_FAMILY_CAP, code="family_cap", params={"family": family, "size": size})


@transaction.atomic
def leadership_member_add(*, party_org: PartyOrg, name: str, role: str, owner_family: bool = False) -> LeadershipMember:
    """Add a seat to a team; refused when the owner's family would exceed half of it."""
    PartyOrg.objects.select_for_update().filter(pk=party_org.pk).first()
    team = party_org.leadership.all()
    check_family_cap(
        family=team.filter(owner_family=True).count() + int(owner_family), size=team.count() + 1
    )
    return model_apply(LeadershipMember(), {"party_org": party_org, "name": name, "role": role,
                                            "owner_family": owner_family})


@transaction.atomic
def leadership_member_remove(*, seat: LeadershipMember) -> None:
    """Remove a seat; refused when the owner's family would then exceed half of the team."""
    PartyOrg.objects.select_for_update().filter(pk=seat.party_org_id).first()
    team = seat.party_org.leadership.exclude(pk=seat.pk)
    size = team.count()
    if size:
        check_family_cap(family=team.filter(owner_family=True).count(), size=size)
    seat.delete()
    request_recompute()
