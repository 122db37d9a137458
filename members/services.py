"""Writes on members, pipeline people, officers and county leaders."""
import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.hooks import request_recompute
from common.scoping import user_unit_id
from common.services import model_create, model_update
from organizations.models import LeadershipMember, Organization, PartyOrg, SupervisingUnit

from . import rules
from .asof import months_after
from .models import (
    CountyLeader,
    Officer,
    PartyMember,
    PipelinePerson,
    PipelineStep,
    Stage,
    TrainingRecord,
    transfer_date_error,
)


MEMBER_FIELDS = ("member_id", "name", "gender", "birth_date", "organization", "joined_on", "full_on",
                 "employed_since", "relation_transferred", "relation_transferred_on", "party_org", "managing_unit",
                 "activist_since", "discovered_via")
PIPELINE_FIELDS = ("person_id", "name", "organization", "stage", "applied_on", "activist_since", "candidate_since",
                   "union_or_league_head")
OFFICER_FIELDS = ("officer_id", "name", "role", "home_unit", "appointed_on", "organizations")
LEADER_FIELDS = ("leader_id", "name", "title", "contact_points")
TRAINING_FIELDS = ("kind", "trainee_name", "party_org", "leadership_member", "year", "held_on", "hours", "note",
                   "created_by")


@transaction.atomic
def member_create(*, member_id: str, name: str, gender: str, organization: Organization, joined_on,
                  employed_since, **fields: Any) -> PartyMember:
    member = model_create(model=PartyMember, fields=MEMBER_FIELDS, data={
        "member_id": member_id, "name": name, "gender": gender, "organization": organization,
        "joined_on": joined_on, "employed_since": employed_since, **fields})
    request_recompute()
    return member


@transaction.atomic
def member_update(*, member: PartyMember, data: dict[str, Any]) -> PartyMember:
    """Change a member's facts (any of MEMBER_FIELDS)."""
    member, changed = model_update(instance=member, fields=MEMBER_FIELDS, data=data)
    if changed:
        request_recompute()
    return member


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
    person = model_create(model=PipelinePerson, fields=PIPELINE_FIELDS, data={
        "person_id": person_id, "name": name, "organization": organization, "stage": stage, **fields})
    request_recompute()
    return person


@transaction.atomic
def pipeline_person_update(*, person: PipelinePerson, data: dict[str, Any]) -> PipelinePerson:
    """Change a pipeline person's facts (any of PIPELINE_FIELDS); a new ID may not be a member's."""
    if "person_id" in data and data["person_id"] != person.person_id:
        _check_person_id_field(data["person_id"])
    person, changed = model_update(instance=person, fields=PIPELINE_FIELDS, data=data)
    if changed:
        request_recompute()
    return person


@transaction.atomic
def officer_create(*, officer_id: str, name: str, role: str, appointed_on,
                   organizations: Iterable[Organization] = (), **fields: Any) -> Officer:
    officer = model_create(model=Officer, fields=OFFICER_FIELDS, data={
        "officer_id": officer_id, "name": name, "role": role, "appointed_on": appointed_on,
        "organizations": list(organizations), **fields})
    request_recompute()
    return officer


@transaction.atomic
def officer_update(*, officer: Officer, data: dict[str, Any]) -> Officer:
    """Change an officer's facts and, when DATA has them, the organizations they look after."""
    officer, changed = model_update(instance=officer, fields=OFFICER_FIELDS, data=data)
    if changed:
        request_recompute()
    return officer


@transaction.atomic
def officer_assign(*, officer: Officer, organizations: Iterable[Organization]) -> Officer:
    """Add ORGANIZATIONS to the officer's list. Above the plan's limit (officer_load's
    max_organizations) this is allowed: the caller warns (officer_load.load_warning)."""
    organizations = list(organizations)
    if not organizations:
        raise ValidationError({"organizations": rules.MSG_ASSIGN_NONE_CHOSEN}, code="none_chosen")
    officer.organizations.add(*organizations)  # through the manager: the officer's history records it
    request_recompute()
    return officer


@transaction.atomic
def county_leader_create(*, leader_id: str, name: str, title: str = "",
                         contact_points: Iterable[Organization] = ()) -> CountyLeader:
    leader = model_create(model=CountyLeader, fields=LEADER_FIELDS, data={
        "leader_id": leader_id, "name": name, "title": title, "contact_points": list(contact_points)})
    request_recompute()
    return leader


@transaction.atomic
def county_leader_update(*, leader: CountyLeader, data: dict[str, Any]) -> CountyLeader:
    """Change a county leader's facts and, when DATA has them, their contact points."""
    leader, changed = model_update(instance=leader, fields=LEADER_FIELDS, data=data)
    if changed:
        request_recompute()
    return leader


# -- development pipeline -------------------------------------------------------------------
def min_activist_months() -> int:
    """Calendar months as an activist before becoming a development candidate (12: one year)."""
    return getattr(settings, "PIPELINE_MIN_ACTIVIST_MONTHS", rules.DEFAULT_MIN_ACTIVIST_MONTHS)


def min_probation_months() -> int:
    """Calendar months of probation before becoming a full member (12: one year)."""
    return getattr(settings, "PIPELINE_MIN_PROBATION_MONTHS", rules.DEFAULT_MIN_PROBATION_MONTHS)


def check_step_date(*, on: datetime.date, previous: datetime.date | None) -> None:
    """A step is dated no later than today and no earlier than the step before it."""
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"on": ValidationError(rules.MSG_STEP_IN_FUTURE, code="step_in_future",
                                                     params={"on": on, "today": today})})
    if previous and on < previous:
        raise ValidationError({"on": ValidationError(rules.MSG_STEP_BEFORE_PREVIOUS, code="step_before_previous",
                                                     params={"on": on, "previous": previous})})


def check_min_interval(*, since: datetime.date, on: datetime.date, months: int, message, code: str) -> None:
    """ON is at least MONTHS calendar months after SINCE (months_after: the same day, or the month's
    last day when it has none); the message names the interval, the dates and the earliest date."""
    earliest = months_after(since, months)
    if on < earliest:
        raise ValidationError({"on": ValidationError(message, code=code, params={
            "period": rules.interval_label(months), "since": since, "on": on, "earliest": earliest})})


def _check_next_step(person: PipelinePerson, to_stage: str) -> None:
    expected = rules.NEXT_STEP.get(person.stage)
    if to_stage != expected:
        raise ValidationError(rules.MSG_STEP_WRONG_ORDER, code="step_wrong_order", params={
            "name": person.name, "stage": person.get_stage_display(),
            "next": PipelineStep(expected).label, "to": PipelineStep(to_stage).label if to_stage in
            PipelineStep.values else to_stage})


def _step(person: PipelinePerson, data: dict) -> PipelinePerson:
    person, _changed = model_update(instance=person, fields=("stage", "activist_since", "candidate_since"), data=data)
    request_recompute()
    return person


def _locked_person(person: PipelinePerson) -> PipelinePerson:
    return PipelinePerson.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def pipeline_person_advance(*, person: PipelinePerson, to_stage: str, on: datetime.date) -> PipelinePerson:
    """Applicant → activist, or activist → development candidate, on a date.

    The candidate step needs the minimum time as an activist (settings.PIPELINE_MIN_ACTIVIST_MONTHS)."""
    person = _locked_person(person)
    _check_next_step(person, to_stage)
    if to_stage not in (PipelineStep.ACTIVIST, PipelineStep.CANDIDATE):
        raise ValueError("The probationary step is pipeline_person_admit: it needs the member's facts.")
    if to_stage == PipelineStep.ACTIVIST:
        check_step_date(on=on, previous=person.applied_on)
        return _step(person, {"stage": Stage.ACTIVIST, "activist_since": on})
    check_step_date(on=on, previous=person.activist_since)
    check_min_interval(since=person.activist_since, on=on, months=min_activist_months(),
                       message=rules.MSG_ACTIVIST_TOO_SHORT, code="activist_too_short")
    return _step(person, {"stage": Stage.CANDIDATE, "candidate_since": on})


@transaction.atomic
def pipeline_person_admit(*, person: PipelinePerson, on: datetime.date, gender: str = "",
                          employed_since: datetime.date | None = None, **member_fields: Any) -> PartyMember:
    """A development candidate is admitted as a probationary member on a date.

    The member keeps the person's ID (a person ID is never a member ID, so it is free), name,
    organization and activist date; the pipeline row is then deleted, its history kept."""
    person = _locked_person(person)
    _check_next_step(person, PipelineStep.PROBATIONARY)
    check_step_date(on=on, previous=person.candidate_since or person.activist_since)
    member = member_create(
        member_id=person.person_id, name=person.name, gender=gender, organization=person.organization,
        joined_on=on, employed_since=employed_since, activist_since=person.activist_since, full_on=None,
        **member_fields,
    )
    person.delete()
    request_recompute()
    return member


@transaction.atomic
def member_make_full(*, member: PartyMember, on: datetime.date) -> PartyMember:
    """A probationary member becomes a full member after the minimum probation
    (settings.PIPELINE_MIN_PROBATION_MONTHS)."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if member.full_on:
        raise ValidationError(rules.MSG_STEP_NONE_LEFT, code="already_full",
                              params={"name": member.name, "full": member.full_on})
    check_step_date(on=on, previous=member.joined_on)
    check_min_interval(since=member.joined_on, on=on, months=min_probation_months(),
                       message=rules.MSG_PROBATION_TOO_SHORT, code="probation_too_short")
    member, _changed = model_update(instance=member, fields=("full_on",), data={"full_on": on})
    request_recompute()
    return member


def pipeline_step_earliest(person: PipelinePerson) -> datetime.date | None:
    """The earliest date of the person's next step when a minimum interval applies to it."""
    if person.stage == Stage.ACTIVIST and person.activist_since:
        return months_after(person.activist_since, min_activist_months())
    return None


def member_full_earliest(member: PartyMember) -> datetime.date:
    """The earliest date a probationary member may become a full member."""
    return months_after(member.joined_on, min_probation_months())


# -- member follow-up ---------------------------------------------------------------------------
@transaction.atomic
def member_relation_transferred(*, member: PartyMember, on: datetime.date | None = None) -> PartyMember:
    """Record that the member's organizational relationship was transferred on a date (today when
    none is given; not in the future, not before the member was admitted): relation_transferred and
    relation_transferred_on. They leave the list of relationships due to transfer
    (relations_transferred). The history row also says it in its change reason."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if member.relation_transferred:
        raise ValidationError(rules.MSG_RELATION_ALREADY_TRANSFERRED, code="already_transferred",
                              params={"name": member.name})
    on = on or timezone.localdate()
    if error := transfer_date_error(on=on, joined_on=member.joined_on):
        raise ValidationError({"on": error})
    member._change_reason = f"relation transferred on {on.isoformat()}"
    member, _changed = model_update(instance=member, fields=("relation_transferred", "relation_transferred_on"),
                                    data={"relation_transferred": True, "relation_transferred_on": on})
    request_recompute()
    return member


@transaction.atomic
def member_managing_unit_assign(*, member: PartyMember, unit: SupervisingUnit, by) -> PartyMember:
    """Put a member under a supervising unit's management (members_managed). County staff may choose
    any unit, a unit secretary only their own."""
    if not by.sees_whole_county and unit.pk != user_unit_id(by):
        raise ValidationError({"unit": ValidationError(rules.MSG_MANAGING_UNIT_NOT_OWN, code="managing_unit_not_own",
                                                       params={"unit": unit})})
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    member, changed = model_update(instance=member, fields=("managing_unit",), data={"managing_unit": unit})
    if changed:
        request_recompute()
    return member


# -- training records ---------------------------------------------------------------------------
TRAINING_UPDATE_FIELDS = tuple(name for name in TRAINING_FIELDS if name != "created_by")
TRAINING_RULE_FIELDS = ("year", "party_org", "leadership_member", "held_on")  # what check_training_record reads


def training_party_org(*, party_org: PartyOrg | None, leadership_member: LeadershipMember | None) -> PartyOrg | None:
    """The party org a training record is saved with: a record tied to a seat and to no party org
    gets the seat's."""
    if leadership_member is not None and party_org is None:
        return leadership_member.party_org
    return party_org


def check_training_record(*, year: int | None, party_org: PartyOrg | None, leadership_member: LeadershipMember | None,
                          held_on: datetime.date | None, created_by=None) -> None:
    """The rules of a training record as it will be saved (its party org from training_party_org),
    each message under its field: the seat belongs to the party org, a unit secretary's record
    names a party org, and the training was held no later than today, in the record's year."""
    errors: dict[str, ValidationError] = {}
    if leadership_member is not None and party_org is not None and leadership_member.party_org_id != party_org.pk:
        errors["leadership_member"] = ValidationError(
            rules.MSG_TRAINING_SEAT_OTHER_PARTY_ORG, code="seat_other_party_org",
            params={"seat": leadership_member, "seat_party_org": leadership_member.party_org,
                    "party_org": party_org})
    if party_org is None and created_by is not None and not created_by.sees_whole_county:
        errors["party_org"] = ValidationError(rules.MSG_TRAINING_PARTY_ORG_REQUIRED, code="party_org_required")
    if held_on is not None:
        today = timezone.localdate()
        if held_on > today:
            errors["held_on"] = ValidationError(rules.MSG_TRAINING_IN_FUTURE, code="training_in_future",
                                                params={"held_on": held_on, "today": today})
        elif year and held_on.year != year:
            errors["held_on"] = ValidationError(rules.MSG_TRAINING_YEAR_MISMATCH, code="training_year_mismatch",
                                                params={"held_on": held_on, "year": year})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_record_create(*, kind: str, trainee_name: str, year: int, created_by=None,
                           party_org: PartyOrg | None = None, leadership_member: LeadershipMember | None = None,
                           held_on: datetime.date | None = None, **fields: Any) -> TrainingRecord:
    """Record a yearly party-school training or a pre-appointment training. A record tied to a
    leadership seat (leadership_member) is what marks that seat's secretary as trained; its party
    org is the seat's. A unit secretary's records need a party org (they see trainings through it)."""
    party_org = training_party_org(party_org=party_org, leadership_member=leadership_member)
    check_training_record(year=year, party_org=party_org, leadership_member=leadership_member, held_on=held_on,
                          created_by=created_by)
    # Training records are the party school's: no target counts them, so no recompute.
    return model_create(model=TrainingRecord, fields=TRAINING_FIELDS, data={
        "kind": kind, "trainee_name": trainee_name, "year": year, "party_org": party_org,
        "leadership_member": leadership_member, "held_on": held_on, "created_by": created_by, **fields})


@transaction.atomic
def training_record_update(*, record: TrainingRecord, data: dict[str, Any]) -> TrainingRecord:
    """Change a training record (any of TRAINING_UPDATE_FIELDS; who recorded it stays) by the
    rules of training_record_create, checked when a field they read changes."""
    rules_apply = any(getattr(record, name) != data[name] for name in TRAINING_RULE_FIELDS if name in data)
    if "party_org" in data or "leadership_member" in data:
        party_org = data.get("party_org", record.party_org)
        saved_with = training_party_org(party_org=party_org,
                                        leadership_member=data.get("leadership_member", record.leadership_member))
        if saved_with != party_org:
            data = {**data, "party_org": saved_with}

    def check(training: TrainingRecord, _m2m: dict) -> None:
        if rules_apply:
            check_training_record(year=training.year, party_org=training.party_org,
                                  leadership_member=training.leadership_member, held_on=training.held_on,
                                  created_by=training.created_by)

    record, _changed = model_update(instance=record, fields=TRAINING_UPDATE_FIELDS, data=data, check=check)
    # Training records are the party school's: no target counts them, so no recompute.
    return record
