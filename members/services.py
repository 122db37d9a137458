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
from organizations.models import LeadershipMember, Organization, PartyOrg, SupervisingUnit
from organizations.services import model_apply

from . import rules
from .models import CountyLeader, Officer, PartyMember, PipelinePerson, PipelineStep, Stage, TrainingRecord


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


@transaction.atomic
def officer_update(officer: Officer, *, organizations: Iterable[Organization] | None = None,
                   **fields: Any) -> Officer:
    """Change an officer's facts and, when given, the organizations they look after."""
    officer = model_apply(officer, fields)
    if organizations is not None:
        officer.organizations.set(list(organizations))
    return officer


@transaction.atomic
def officer_assign(*, officer: Officer, organizations: Iterable[Organization]) -> Officer:
    """Add ORGANIZATIONS to the officer's list. Above the plan's limit (officer_load's
    max_organizations) this is allowed: the caller warns (officer_load.load_warning)."""
    organizations = list(organizations)
    if not organizations:
        raise ValidationError({"organizations": rules.MSG_ASSIGN_NONE_CHOSEN}, code="none_chosen")
    officer.organizations.add(*organizations)
    request_recompute()
    return officer


@transaction.atomic
def county_leader_update(leader: CountyLeader, *, contact_points: Iterable[Organization] | None = None,
                         **fields: Any) -> CountyLeader:
    """Change a county leader's facts and, when given, their contact points."""
    leader = model_apply(leader, fields)
    if contact_points is not None:
        leader.contact_points.set(list(contact_points))
    return leader


# -- development pipeline -------------------------------------------------------------------
def min_activist_days() -> int:
    return getattr(settings, "PIPELINE_MIN_ACTIVIST_DAYS", rules.DEFAULT_MIN_ACTIVIST_DAYS)


def min_probation_days() -> int:
    return getattr(settings, "PIPELINE_MIN_PROBATION_DAYS", rules.DEFAULT_MIN_PROBATION_DAYS)


def check_step_date(*, on: datetime.date, previous: datetime.date | None) -> None:
    """A step is dated no later than today and no earlier than the step before it."""
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"on": ValidationError(rules.MSG_STEP_IN_FUTURE, code="step_in_future",
                                                     params={"on": on, "today": today})})
    if previous and on < previous:
        raise ValidationError({"on": ValidationError(rules.MSG_STEP_BEFORE_PREVIOUS, code="step_before_previous",
                                                     params={"on": on, "previous": previous})})


def check_min_interval(*, since: datetime.date, on: datetime.date, min_days: int, message, code: str) -> None:
    """At least min_days from since to on; the message gives the numbers and the earliest date."""
    days = (on - since).days
    if days < min_days:
        raise ValidationError({"on": ValidationError(message, code=code, params={
            "min_days": min_days, "since": since, "on": on, "days": days,
            "earliest": since + datetime.timedelta(days=min_days)})})


def _check_next_step(person: PipelinePerson, to_stage: str) -> None:
    expected = rules.NEXT_STEP.get(person.stage)
    if to_stage != expected:
        raise ValidationError(rules.MSG_STEP_WRONG_ORDER, code="step_wrong_order", params={
            "name": person.name, "stage": person.get_stage_display(),
            "next": PipelineStep(expected).label, "to": PipelineStep(to_stage).label if to_stage in
            PipelineStep.values else to_stage})


def _locked_person(person: PipelinePerson) -> PipelinePerson:
    return PipelinePerson.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def pipeline_person_advance(*, person: PipelinePerson, to_stage: str, on: datetime.date) -> PipelinePerson:
    """Applicant → activist, or activist → development candidate, on a date.

    The candidate step needs the minimum time as an activist (settings.PIPELINE_MIN_ACTIVIST_DAYS)."""
    person = _locked_person(person)
    _check_next_step(person, to_stage)
    if to_stage not in (PipelineStep.ACTIVIST, PipelineStep.CANDIDATE):
        raise ValueError("The probationary step is pipeline_person_admit: it needs the member's facts.")
    if to_stage == PipelineStep.ACTIVIST:
        check_step_date(on=on, previous=person.applied_on)
        return model_apply(person, {"stage": Stage.ACTIVIST, "activist_since": on})
    check_step_date(on=on, previous=person.activist_since)
    check_min_interval(since=person.activist_since, on=on, min_days=min_activist_days(),
                       message=rules.MSG_ACTIVIST_TOO_SHORT, code="activist_too_short")
    return model_apply(person, {"stage": Stage.CANDIDATE, "candidate_since": on})


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
    (settings.PIPELINE_MIN_PROBATION_DAYS)."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if member.full_on:
        raise ValidationError(rules.MSG_STEP_NONE_LEFT, code="already_full",
                              params={"name": member.name, "full": member.full_on})
    check_step_date(on=on, previous=member.joined_on)
    check_min_interval(since=member.joined_on, on=on, min_days=min_probation_days(),
                       message=rules.MSG_PROBATION_TOO_SHORT, code="probation_too_short")
    return model_apply(member, {"full_on": on})


def pipeline_step_earliest(person: PipelinePerson) -> datetime.date | None:
    """The earliest date of the person's next step when a minimum interval applies to it."""
    if person.stage == Stage.ACTIVIST and person.activist_since:
        return person.activist_since + datetime.timedelta(days=min_activist_days())
    return None


def member_full_earliest(member: PartyMember) -> datetime.date:
    """The earliest date a probationary member may become a full member."""
    return member.joined_on + datetime.timedelta(days=min_probation_days())


# -- member follow-up ---------------------------------------------------------------------------
@transaction.atomic
def member_relation_transferred(*, member: PartyMember, on: datetime.date) -> PartyMember:
    """Record that the member's organizational relationship was transferred on a date: they leave
    the list of relationships due to transfer (relations_transferred). The model keeps no transfer
    date, so the date goes into the history row's change reason."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if member.relation_transferred:
        raise ValidationError(rules.MSG_RELATION_ALREADY_TRANSFERRED, code="already_transferred",
                              params={"name": member.name})
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"on": ValidationError(rules.MSG_RELATION_TRANSFER_IN_FUTURE, code="transfer_in_future",
                                                     params={"on": on, "today": today})})
    if on < member.joined_on:
        raise ValidationError({"on": ValidationError(rules.MSG_RELATION_TRANSFER_BEFORE_JOINED,
                                                     code="transfer_before_joined",
                                                     params={"on": on, "joined": member.joined_on})})
    member._change_reason = f"relation transferred on {on.isoformat()}"
    return model_apply(member, {"relation_transferred": True})


@transaction.atomic
def member_managing_unit_assign(*, member: PartyMember, unit: SupervisingUnit, by) -> PartyMember:
    """Put a member under a supervising unit's management (members_managed). County staff may choose
    any unit, a unit secretary only their own."""
    if not by.sees_whole_county and unit.pk != user_unit_id(by):
        raise ValidationError({"unit": ValidationError(rules.MSG_MANAGING_UNIT_NOT_OWN, code="managing_unit_not_own",
                                                       params={"unit": unit})})
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    return model_apply(member, {"managing_unit": unit})


# -- training records ---------------------------------------------------------------------------
@transaction.atomic
def training_record_create(*, kind: str, trainee_name: str, year: int, created_by=None,
                           party_org: PartyOrg | None = None, leadership_member: LeadershipMember | None = None,
                           held_on: datetime.date | None = None, **fields: Any) -> TrainingRecord:
    """Record a yearly party-school training or a pre-appointment training. A record tied to a
    leadership seat (leadership_member) is what marks that seat's secretary as trained; its party
    org is the seat's. A unit secretary's records need a party org (they see trainings through it)."""
    errors: dict[str, ValidationError] = {}
    if leadership_member is not None:
        if party_org is None:
            party_org = leadership_member.party_org
        elif leadership_member.party_org_id != party_org.pk:
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
    return model_apply(TrainingRecord(), {
        "kind": kind, "trainee_name": trainee_name, "year": year, "party_org": party_org,
        "leadership_member": leadership_member, "held_on": held_on, "created_by": created_by, **fields})
