"""Writes on units, organizations and party orgs. Every rule is checked before anything is saved."""
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from common.hooks import request_recompute
from common.scoping import sees_county, user_unit_id
from common.services import model_create, model_update

from . import rules
from .asof import party_org_active_during
from .models import (
    FIVE_GOODS_CRITERIA,
    ActivityRecord,
    ChangeKind,
    DemoLevel,
    FiveGoodsAssessment,
    LeadershipMember,
    Organization,
    PartyOrg,
    PartyOrgChangeRequest,
    PartyOrgForm,
    RequestStatus,
    SupervisingUnit,
)
from .selectors import organizations_for, party_orgs_for


UNIT_FIELDS = ("code", "name", "kind")
ORGANIZATION_FIELDS = ("credit_code", "name", "category", "individual_business", "township", "industry", "unit",
                       "employees", "stable", "status", "owner_name", "owner_is_member")
PARTY_ORG_FIELDS = ("code", "name", "level", "form", "organizations", "unit", "established_on", "revoked_on",
                    "has_venue", "has_facilities", "has_funding", "demo_level", "demo_year")
LEADERSHIP_FIELDS = ("party_org", "name", "role", "owner_family")


def unit_create(*, code: str, name: str, kind: str) -> SupervisingUnit:
    unit = model_create(model=SupervisingUnit, fields=UNIT_FIELDS, data={"code": code, "name": name, "kind": kind})
    request_recompute()
    return unit


@transaction.atomic
def unit_update(*, unit: SupervisingUnit, data: dict[str, Any]) -> SupervisingUnit:
    """Change a unit's code, name or kind (any of UNIT_FIELDS); the figures are kept per unit."""
    unit, changed = model_update(instance=unit, fields=UNIT_FIELDS, data=data)
    if changed:
        request_recompute()
    return unit


@transaction.atomic
def organization_create(*, credit_code: str, name: str, category: str, unit: SupervisingUnit, employees: int,
                        **fields: Any) -> Organization:
    organization = model_create(model=Organization, fields=ORGANIZATION_FIELDS, data={
        "credit_code": credit_code, "name": name, "category": category, "unit": unit, "employees": employees,
        **fields})
    request_recompute()
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, data: dict[str, Any]) -> Organization:
    """Change an organization's facts (any of ORGANIZATION_FIELDS)."""
    organization, changed = model_update(instance=organization, fields=ORGANIZATION_FIELDS, data=data)
    if changed:
        request_recompute()
    return organization


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


def standalone_overlapping(*, organizations: Iterable[Organization], established_on, revoked_on,
                           exclude_pk: int | None = None):
    """The standalone party orgs covering one of ORGANIZATIONS that are active on some day of the
    period from ESTABLISHED_ON to REVOKED_ON (None: not revoked). A party org is active from its
    establishment until the day before its revocation (organizations.asof.party_org_active_at), so
    one revoked on the day another is established does not overlap it (asof.party_org_active_during)."""
    return (PartyOrg.objects.filter(form=PartyOrgForm.STANDALONE, organizations__in=list(organizations))
            .filter(party_org_active_during(established_on, revoked_on))
            .exclude(pk=exclude_pk).distinct().order_by("established_on", "code"))


def _period(party_org: PartyOrg) -> str:
    if party_org.revoked_on is None:
        return rules.MSG_PERIOD_OPEN % {"established": party_org.established_on}
    return rules.MSG_PERIOD_CLOSED % {"established": party_org.established_on, "revoked": party_org.revoked_on}


def check_standalone_unique(*, form: str, organizations: Iterable[Organization], established_on, revoked_on=None,
                            party_org_pk: int | None = None, lock: bool = True) -> None:
    """An organization has one standalone party org at a time: a standalone party org (FORM) covering
    ORGANIZATIONS from ESTABLISHED_ON to REVOKED_ON may not be active on a day another standalone
    one covering any of them is. A data-integrity rule (a standalone party org is the organization's
    own: two at once would count it twice), checked by every service that writes a party org, the
    admin's through them; the register import writes in bulk and does not check it.

    The database cannot say it as a constraint (the coverage is a many-to-many, the rule a period
    overlap), so the organizations' rows are locked first (LOCK; PostgreSQL's SELECT … FOR UPDATE):
    two saves for one organization then check one after the other, the second seeing the first.

    For a change of the stored party org PARTY_ORG_PK only a standalone party org it did not
    overlap before refuses it: a register imported with two at once can still be put right (one
    revoked, or made joint) without the other being refused."""
    organizations = list(organizations)
    if form != PartyOrgForm.STANDALONE or not organizations or established_on is None:
        return
    if lock:
        list(Organization.objects.select_for_update().filter(pk__in=[o.pk for o in organizations]).order_by("pk")
             .values_list("pk", flat=True))
    before: set[int] = set()
    stored = PartyOrg.objects.filter(pk=party_org_pk).first() if party_org_pk is not None else None
    if stored is not None and stored.form == PartyOrgForm.STANDALONE:
        before = {other.pk for other in standalone_overlapping(
            organizations=stored.organizations.all(), established_on=stored.established_on,
            revoked_on=stored.revoked_on, exclude_pk=stored.pk)}
    for other in standalone_overlapping(organizations=organizations, established_on=established_on,
                                        revoked_on=revoked_on, exclude_pk=party_org_pk):
        if other.pk in before:
            continue
        organization = other.organizations.filter(pk__in=[o.pk for o in organizations]).order_by("pk").first()
        raise ValidationError({"organizations": ValidationError(
            rules.MSG_STANDALONE_TAKEN, code="standalone_taken",
            params={"organization": organization, "party_org": other.name, "code": other.code,
                    "period": _period(other)})})


def _party_org_coverage(party_org: PartyOrg, m2m: dict) -> None:
    """The check of a party org's save: its form against the organizations it will cover, and one
    standalone party org per organization at a time."""
    if "organizations" in m2m:
        organizations = m2m["organizations"]
    else:
        organizations = list(party_org.organizations.all()) if party_org.pk else []
    check_party_org_coverage(form=party_org.form, organizations=organizations)
    check_standalone_unique(form=party_org.form, organizations=organizations, established_on=party_org.established_on,
                            revoked_on=party_org.revoked_on, party_org_pk=party_org.pk)


@transaction.atomic
def party_org_create(*, code: str, name: str, level: str, form: str, organizations: Iterable[Organization],
                     unit: SupervisingUnit, established_on, **fields: Any) -> PartyOrg:
    party_org = model_create(model=PartyOrg, fields=PARTY_ORG_FIELDS, check=_party_org_coverage, data={
        "code": code, "name": name, "level": level, "form": form, "organizations": list(organizations),
        "unit": unit, "established_on": established_on, **fields})
    request_recompute()
    return party_org


@transaction.atomic
def party_org_update(*, party_org: PartyOrg, data: dict[str, Any]) -> PartyOrg:
    """Change a party org's facts (any of PARTY_ORG_FIELDS, its organizations included); its form
    and organizations are checked together, whichever of them changes."""
    party_org, changed = model_update(instance=party_org, fields=PARTY_ORG_FIELDS, data=data,
                                      check=_party_org_coverage)
    if changed:
        request_recompute()
    return party_org


def check_family_cap(*, family: int, size: int) -> None:
    """Owner's family members may not exceed half of a leadership team."""
    if 2 * family > size:
        raise ValidationError(rules.MSG_FAMILY_CAP, code="family_cap", params={"family": family, "size": size})


@transaction.atomic
def leadership_member_add(*, party_org: PartyOrg, name: str, role: str, owner_family: bool = False) -> LeadershipMember:
    """Add a seat to a team; refused when the owner's family would exceed half of it."""
    PartyOrg.objects.select_for_update().filter(pk=party_org.pk).first()
    check_team_family_cap(party_org=party_org, owner_family=owner_family)
    seat = model_create(model=LeadershipMember, fields=LEADERSHIP_FIELDS, data={
        "party_org": party_org, "name": name, "role": role, "owner_family": owner_family})
    request_recompute()
    return seat


def check_team_family_cap(*, party_org: PartyOrg, owner_family: bool, seat: LeadershipMember | None = None) -> None:
    """The family cap on PARTY_ORG's team with one seat of the owner's family or not (OWNER_FAMILY):
    a new seat (SEAT None), or SEAT as it would be (the team's other seats as stored)."""
    team = party_org.leadership.all()
    if seat is not None and seat.pk is not None:
        team = team.exclude(pk=seat.pk)
    check_family_cap(family=team.filter(owner_family=True).count() + int(owner_family), size=team.count() + 1)


LEADERSHIP_UPDATE_FIELDS = ("name", "role", "owner_family")


@transaction.atomic
def leadership_member_update(*, seat: LeadershipMember, data: dict[str, Any]) -> LeadershipMember:
    """Change a seat's holder, role or whether they are of the owner's family (any of
    LEADERSHIP_UPDATE_FIELDS; a seat stays in its team). A change of family is refused when the
    owner's family would then exceed half of the team."""
    PartyOrg.objects.select_for_update().filter(pk=seat.party_org_id).first()
    family_changes = "owner_family" in data and data["owner_family"] != seat.owner_family

    def check(changed_seat: LeadershipMember, _m2m: dict) -> None:
        if family_changes:
            check_team_family_cap(party_org=changed_seat.party_org, owner_family=changed_seat.owner_family,
                                  seat=changed_seat)

    seat, changed = model_update(instance=seat, fields=LEADERSHIP_UPDATE_FIELDS, data=data, check=check)
    if changed:
        request_recompute()
    return seat


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


CHANGE_REQUEST_FIELDS = ("kind", "unit", "party_org", "proposed_code", "proposed_name", "proposed_level",
                         "proposed_form", "proposed_organizations", "proposed_leading_unit", "effective_on", "reason",
                         "requested_by")
REVIEW_FIELDS = ("status", "reviewed_by", "reviewed_at", "review_comment")


@transaction.atomic
def change_request_submit(*, user, kind: str, unit: SupervisingUnit, effective_on, reason: str,
                          party_org: PartyOrg | None = None, code: str = "", name: str = "", level: str = "",
                          form: str = "", organizations: Iterable[Organization] = (),
                          leading_unit: SupervisingUnit | None = None) -> PartyOrgChangeRequest:
    """Ask the county to establish, revoke or change a party org. Nothing changes before approval,
    but the request is checked now against the rules its approval will apply. A unit secretary
    asks for their own unit, about the party orgs and organizations they see (the form's choices,
    checked here too for every caller)."""
    organizations = list(organizations)
    errors: dict[str, ValidationError] = _request_scope_errors(user=user, unit=unit, party_org=party_org,
                                                               organizations=organizations, leading_unit=leading_unit)
    if kind == ChangeKind.ESTABLISH:
        for field, value in (("proposed_code", code), ("proposed_name", name), ("proposed_level", level),
                             ("proposed_form", form)):
            if not value:
                errors[field] = ValidationError(rules.MSG_REQUEST_FIELD_REQUIRED, code="required")
        if code and PartyOrg.objects.filter(code=code).exists():
            errors["proposed_code"] = ValidationError(rules.MSG_REQUEST_CODE_TAKEN, code="code_taken",
                                                      params={"code": code})
        elif code and PartyOrgChangeRequest.objects.filter(
                kind=ChangeKind.ESTABLISH, status=RequestStatus.PENDING, proposed_code=code).exists():
            errors["proposed_code"] = ValidationError(rules.MSG_REQUEST_CODE_PENDING, code="code_pending",
                                                      params={"code": code})
        if form:
            _collect(errors, "proposed_organizations", check_party_org_coverage, form=form, organizations=organizations)
        if form and "proposed_organizations" not in errors:
            _collect(errors, "proposed_organizations", check_standalone_unique, form=form, organizations=organizations,
                     established_on=effective_on, lock=False)
    elif party_org is None:
        errors["party_org"] = ValidationError(rules.MSG_REQUEST_PARTY_ORG_REQUIRED, code="required")
    else:
        if PartyOrgChangeRequest.objects.filter(party_org=party_org, status=RequestStatus.PENDING).exists():
            errors["party_org"] = ValidationError(rules.MSG_REQUEST_ONE_PENDING, code="one_pending")
        elif party_org.revoked_on:
            errors["party_org"] = ValidationError(rules.MSG_REQUEST_ALREADY_REVOKED, code="already_revoked",
                                                  params={"date": party_org.revoked_on})
        if effective_on and effective_on < party_org.established_on:
            errors["effective_on"] = ValidationError(
                rules.MSG_REQUEST_EFFECTIVE_BEFORE_ESTABLISHED, code="effective_before_established",
                params={"date": effective_on, "established": party_org.established_on})
        if kind == ChangeKind.CHANGE:
            current = list(party_org.organizations.all())
            changes = (name and name != party_org.name, level and level != party_org.level,
                       form and form != party_org.form, leading_unit and leading_unit != party_org.unit,
                       organizations and set(organizations) != set(current))
            if not any(changes):
                errors["__all__"] = ValidationError(rules.MSG_REQUEST_NOTHING_CHANGES, code="nothing_changes")
            _collect(errors, "proposed_organizations", check_party_org_coverage,
                     form=form or party_org.form, organizations=organizations or current)
            if "proposed_organizations" not in errors:
                _collect(errors, "proposed_organizations", check_standalone_unique, form=form or party_org.form,
                         organizations=organizations or current, established_on=party_org.established_on,
                         revoked_on=party_org.revoked_on, party_org_pk=party_org.pk, lock=False)
    if errors:
        raise ValidationError(errors)
    # Nothing changes in the register before approval: no recompute.
    return model_create(model=PartyOrgChangeRequest, fields=CHANGE_REQUEST_FIELDS, data={
        "kind": kind, "unit": unit, "party_org": party_org if kind != ChangeKind.ESTABLISH else None,
        "proposed_code": code, "proposed_name": name, "proposed_level": level, "proposed_form": form,
        "proposed_organizations": organizations, "proposed_leading_unit": leading_unit,
        "effective_on": effective_on, "reason": reason, "requested_by": user})


def _request_scope_errors(*, user, unit, party_org, organizations, leading_unit) -> dict[str, ValidationError]:
    """What a caller who does not see the whole county may not ask for: another unit's request, a
    party org or organizations outside their scope, another leading unit (selectors' scoping)."""
    if sees_county(user):
        return {}
    unit_id, errors = user_unit_id(user), {}
    if unit is None or unit.pk != unit_id:
        errors["unit"] = ValidationError(rules.MSG_REQUEST_OTHER_UNIT, code="other_unit")
    if party_org is not None and not party_orgs_for(user).filter(pk=party_org.pk).exists():
        errors["party_org"] = ValidationError(rules.MSG_REQUEST_PARTY_ORG_UNKNOWN, code="out_of_scope",
                                              params={"code": party_org.code})
    seen = set(organizations_for(user).filter(pk__in=[o.pk for o in organizations]).values_list("pk", flat=True))
    if outside := [o.credit_code for o in organizations if o.pk not in seen]:
        errors["proposed_organizations"] = ValidationError(rules.MSG_REQUEST_ORGS_OUT_OF_SCOPE, code="out_of_scope",
                                                           params={"codes": "、".join(outside)})
    if leading_unit is not None and leading_unit.pk != unit_id:
        errors["proposed_leading_unit"] = ValidationError(rules.MSG_REQUEST_LEADING_UNIT_OUT_OF_SCOPE,
                                                          code="out_of_scope")
    return errors


def _collect(errors: dict, field: str, check, **kwargs) -> None:
    """Run a rule check and keep its message under the request's field."""
    try:
        check(**kwargs)
    except ValidationError as exc:
        errors[field] = ValidationError(exc.messages)


@transaction.atomic
def change_request_approve(*, change_request: PartyOrgChangeRequest, reviewer, comment: str = "") -> PartyOrg:
    """Apply the request to the register and record the decision, in one transaction: if any rule
    refuses the change, nothing is applied and the request stays pending."""
    locked = PartyOrgChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    _check_pending(locked)
    organizations = list(locked.proposed_organizations.all())
    if locked.kind == ChangeKind.ESTABLISH:
        party_org = party_org_create(
            code=locked.proposed_code, name=locked.proposed_name, level=locked.proposed_level,
            form=locked.proposed_form, organizations=organizations,
            unit=locked.proposed_leading_unit or locked.unit, established_on=locked.effective_on,
        )
    elif locked.kind == ChangeKind.REVOKE:
        party_org = party_org_update(party_org=locked.party_org, data={"revoked_on": locked.effective_on})
    else:
        data = {name: value for name, value in (("name", locked.proposed_name), ("level", locked.proposed_level),
                                                 ("form", locked.proposed_form),
                                                 ("unit", locked.proposed_leading_unit),
                                                 ("organizations", organizations)) if value}
        party_org = party_org_update(party_org=locked.party_org, data=data)
    _decide(locked, status=RequestStatus.APPROVED, reviewer=reviewer, comment=comment)
    return party_org


@transaction.atomic
def change_request_reject(*, change_request: PartyOrgChangeRequest, reviewer, comment: str) -> PartyOrgChangeRequest:
    locked = PartyOrgChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    _check_pending(locked)
    if not comment.strip():
        raise ValidationError({"review_comment": ValidationError(rules.MSG_REQUEST_COMMENT_REQUIRED,
                                                                 code="comment_required")})
    return _decide(locked, status=RequestStatus.REJECTED, reviewer=reviewer, comment=comment)


def _check_pending(change_request: PartyOrgChangeRequest) -> None:
    if change_request.status != RequestStatus.PENDING:
        raise ValidationError(rules.MSG_REQUEST_NOT_PENDING, code="not_pending",
                              params={"status": change_request.get_status_display()})


def _decide(change_request: PartyOrgChangeRequest, *, status: str, reviewer, comment: str) -> PartyOrgChangeRequest:
    change_request, _changed = model_update(instance=change_request, fields=REVIEW_FIELDS, data={
        "status": status, "reviewed_by": reviewer, "reviewed_at": timezone.now(), "review_comment": comment.strip()})
    return change_request


# -- five-goods assessments and demonstration sites ----------------------------------------------

CRITERIA_FIELDS = (*FIVE_GOODS_CRITERIA, *(f"{c}_note" for c in FIVE_GOODS_CRITERIA))
ASSESSMENT_FIELDS = ("party_org", "year", *CRITERIA_FIELDS, "confirmed_by", "confirmed_at")


def _check_assessment_year(*, party_org: PartyOrg, year: int, exclude_pk: int | None = None) -> None:
    """One assessment per party org and year (the database constraint, with the message under the
    year), and not for a year still to come."""
    current = timezone.localdate().year
    if year and year > current:
        raise ValidationError({"year": ValidationError(rules.MSG_FIVE_GOODS_YEAR_IN_FUTURE, code="year_in_future",
                                                       params={"year": year, "current": current})})
    others = FiveGoodsAssessment.objects.filter(party_org=party_org, year=year).exclude(pk=exclude_pk)
    if year and others.exists():
        raise ValidationError({"year": ValidationError(rules.MSG_FIVE_GOODS_DUPLICATE_YEAR, code="duplicate_year",
                                                       params={"year": year})})


@transaction.atomic
def assessment_record(*, party_org: PartyOrg, year: int, **criteria: Any) -> FiveGoodsAssessment:
    """Record a party org's five-goods assessment for a year: each criterion (leadership, members,
    mechanism, performance, mass) met or not, with a note each. It waits for the county to confirm."""
    PartyOrg.objects.select_for_update().filter(pk=party_org.pk).first()
    _check_assessment_year(party_org=party_org, year=year)
    assessment = model_create(model=FiveGoodsAssessment, fields=("party_org", "year", *CRITERIA_FIELDS),
                              data={"party_org": party_org, "year": year, **criteria})
    request_recompute()
    return assessment


@transaction.atomic
def assessment_update(*, assessment: FiveGoodsAssessment, data: dict[str, Any]) -> FiveGoodsAssessment:
    """Change an assessment's year, criteria or notes. A confirmed assessment that changes is no
    longer confirmed: the county confirmed what it read, so it confirms the new content again."""
    _check_fields_among(data, ("year", *CRITERIA_FIELDS))
    stored = FiveGoodsAssessment.objects.select_for_update().get(pk=assessment.pk)
    if "year" in data:
        _check_assessment_year(party_org=stored.party_org, year=data["year"], exclude_pk=stored.pk)
    changed = any(getattr(stored, name) != value for name, value in data.items())
    if changed and stored.confirmed_at is not None:
        data = {**data, "confirmed_by": None, "confirmed_at": None}
    assessment, changed = model_update(instance=assessment, fields=ASSESSMENT_FIELDS, data=data)
    if changed:
        request_recompute()
    return assessment


def _check_fields_among(data: dict, allowed: tuple[str, ...]) -> None:
    if unknown := set(data) - set(allowed):
        raise TypeError(f"not fields a five-goods assessment edit may set: {sorted(unknown)}")


@transaction.atomic
def assessment_confirm(*, assessment: FiveGoodsAssessment, user) -> FiveGoodsAssessment:
    """County staff confirm an assessment (who and when are recorded); nobody else may."""
    if not getattr(user, "sees_whole_county", False):
        raise PermissionDenied(rules.MSG_FIVE_GOODS_CONFIRM_STAFF_ONLY)
    locked = FiveGoodsAssessment.objects.select_for_update(of=("self",)).select_related("confirmed_by").get(pk=assessment.pk)
    if locked.confirmed_at is not None:
        raise ValidationError(rules.MSG_FIVE_GOODS_ALREADY_CONFIRMED, code="already_confirmed",
                              params={"user": locked.confirmed_by or "—",
                                      "date": timezone.localtime(locked.confirmed_at).date()})
    model_update(instance=locked, fields=("confirmed_by", "confirmed_at"),
                 data={"confirmed_by": user, "confirmed_at": timezone.now()})
    assessment.confirmed_by, assessment.confirmed_at = locked.confirmed_by, locked.confirmed_at
    return assessment


@transaction.atomic
def demo_site_designate(*, party_org: PartyOrg, level: str, year: int | None) -> PartyOrg:
    """Designate a party org a county- or city-level demonstration site (示范点) from a year, through
    party_org_update: the party org's rules apply (level and year together, the year not before its
    establishment) and its history records the designation."""
    if level not in DemoLevel.values:
        raise ValidationError({"demo_level": ValidationError(
            models.Field.default_error_messages["invalid_choice"], code="invalid_choice", params={"value": level})})
    return party_org_update(party_org=party_org, data={"demo_level": level, "demo_year": year})


@transaction.atomic
def demo_site_withdraw(*, party_org: PartyOrg) -> PartyOrg:
    """The party org is no longer a demonstration site."""
    if not party_org.demo_level:
        raise ValidationError(rules.MSG_DEMO_SITE_NOT_DESIGNATED, code="not_designated")
    return party_org_update(party_org=party_org, data={"demo_level": "", "demo_year": None})


ACTIVITY_FIELDS = ("party_org", "kind", "held_on", "title", "participants", "description", "created_by")
ACTIVITY_UPDATE_FIELDS = ("party_org", "kind", "held_on", "title", "participants", "description")


def check_activity_date(*, party_org: PartyOrg | None, held_on) -> None:
    """An activity is held no later than today, while its party org existed (the message under
    held_on). Without a date or a party org there is nothing to check."""
    if not held_on or party_org is None:
        return
    today = timezone.localdate()
    error = None
    if held_on > today:
        error = ValidationError(rules.MSG_ACTIVITY_IN_FUTURE, code="activity_in_future",
                                params={"held_on": held_on, "today": today})
    elif held_on < party_org.established_on:
        error = ValidationError(rules.MSG_ACTIVITY_BEFORE_ESTABLISHED, code="activity_before_established",
                                params={"held_on": held_on, "established": party_org.established_on})
    elif party_org.revoked_on and held_on > party_org.revoked_on:
        error = ValidationError(rules.MSG_ACTIVITY_AFTER_REVOKED, code="activity_after_revoked",
                                params={"held_on": held_on, "revoked": party_org.revoked_on})
    if error:
        raise ValidationError({"held_on": error})


@transaction.atomic
def activity_record_create(*, party_org: PartyOrg, kind: str, held_on, title: str, participants: int = 0,
                           description: str = "", created_by=None) -> ActivityRecord:
    """Record an activity of a party org (org life meeting, pioneer post, aid pair…): held no later
    than today, while the party org existed."""
    check_activity_date(party_org=party_org, held_on=held_on)
    # Activities are the party org's record of its work; no target counts them: no recompute.
    return model_create(model=ActivityRecord, fields=ACTIVITY_FIELDS, data={
        "party_org": party_org, "kind": kind, "held_on": held_on, "title": title, "participants": participants,
        "description": description, "created_by": created_by})


@transaction.atomic
def activity_record_update(*, record: ActivityRecord, data: dict[str, Any]) -> ActivityRecord:
    """Change an activity (any of ACTIVITY_UPDATE_FIELDS; who recorded it stays). A new date or
    party org is checked by the rules of activity_record_create."""
    dates_change = any(getattr(record, name) != data[name] for name in ("held_on", "party_org") if name in data)

    def check(activity: ActivityRecord, _m2m: dict) -> None:
        if dates_change:
            check_activity_date(party_org=activity.party_org if activity.party_org_id else None,
                                held_on=activity.held_on)

    record, _changed = model_update(instance=record, fields=ACTIVITY_UPDATE_FIELDS, data=data, check=check)
    # No target counts activities: no recompute.
    return record
