"""Django admin saves go through the services: the same rules (their messages on the form, nothing
written when one refuses) and the same side effect (a recompute of the figures is asked for)."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from common import hooks
from members.models import PipelinePerson
from members.tests.factories import MemberFactory, PipelinePersonFactory
from organizations.models import ActivityRecord, FiveGoodsAssessment, LeadershipMember, Organization, PartyOrg
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory, UnitFactory
from register.models import RegisterImport
from reports.tests.factories import ReportFactory
from targets.models import PlanTarget

from .browser_forms import with_lock
from .urlmatrix import data_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def recomputes(monkeypatch):
    """The calls of the request_recompute hook (its provider replaced by a recorder)."""
    calls = []
    monkeypatch.setattr(hooks.request_recompute, "_providers", [lambda: calls.append(1) or True])
    return calls


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield client


def url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def post_change(client, model, pk, data):
    """Post DATA to the change form of MODEL's row PK with the page's lock token (GET, then post)."""
    change = url(model, "change", pk)
    return client.post(change, with_lock(client, change, data))


def form_errors(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def organization_post(org, **changes):
    data = {"credit_code": org.credit_code, "name": org.name, "category": org.category, "unit": org.unit_id,
            "township": org.township, "industry": org.industry, "employees": org.employees, "status": org.status,
            "owner_name": org.owner_name, "stable": "on" if org.stable else ""}
    return {**data, **changes}


# -- saves and deletes ask for a recompute, through the services ------------------------------------

def test_an_organization_edited_in_the_admin_is_saved_by_its_service_and_asks_for_a_recompute(admin_client,
                                                                                              admin_user, recomputes):
    org = OrganizationFactory(employees=20)
    response = post_change(admin_client, Organization, org.pk, organization_post(org, employees=75))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.employees == 75
    assert recomputes == [1]
    assert org.history.first().history_user == admin_user  # the history says who, as for the portal's edits


def test_an_unchanged_save_in_the_admin_writes_nothing_and_asks_nothing(admin_client, recomputes):
    org = OrganizationFactory()
    rows = org.history.count()
    post_change(admin_client, Organization, org.pk, organization_post(org))
    assert org.history.count() == rows and recomputes == []


def test_a_delete_in_the_admin_asks_for_a_recompute(admin_client, recomputes):
    org = OrganizationFactory()
    response = admin_client.post(url(Organization, "delete", org.pk), {"post": "yes"})
    assert response.status_code == 302 and not Organization.objects.filter(pk=org.pk).exists()
    assert recomputes == [1]


def test_a_plan_target_edit_asks_for_a_recompute(admin_client, recomputes):
    target = PlanTarget.objects.get(code="party_orgs")
    response = post_change(admin_client, PlanTarget, target.pk, {
        "plan": target.plan_id, "code": target.code, "name": target.name, "kind": target.kind, "target": 20,
        "deadline": target.deadline.isoformat(), "parameters": "{}", "position": target.position})
    assert response.status_code == 302
    assert PlanTarget.objects.get(pk=target.pk).target == 20 and recomputes == [1]


def test_a_percent_target_set_to_fifty_on_the_changelist_is_refused(admin_client, recomputes):
    rows = list(PlanTarget.objects.order_by("position", "code"))
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "Save"}
    for i, row in enumerate(rows):
        data.update({f"form-{i}-id": row.pk, f"form-{i}-target": row.target,
                     f"form-{i}-deadline": row.deadline.isoformat()})
    stable50 = next(i for i, row in enumerate(rows) if row.code == "stable50_member")
    data[f"form-{stable50}-target"] = 50
    response = admin_client.post(url(PlanTarget, "changelist"), data)
    assert response.status_code == 200
    assert "A percentage target is always 100." in response.content.decode()
    assert PlanTarget.objects.get(code="stable50_member").target == 100 and recomputes == []


# -- the services' rules, on the admin's forms -------------------------------------------------------

def test_a_pipeline_person_with_a_members_id_is_refused_in_the_admin(admin_client, recomputes):
    member = MemberFactory()
    before = data_state()
    response = admin_client.post(url(PipelinePerson, "add"), {
        "person_id": member.member_id, "name": "重号", "organization": member.organization_id, "stage": "applicant",
        "applied_on": "2009-01-01"})
    assert response.status_code == 200
    assert member.member_id in form_errors(response)
    assert data_state() == before and recomputes == []


def seat(party_org, name, family):
    return LeadershipMember.objects.create(party_org=party_org, name=name, role="member", owner_family=family)


def test_a_seat_that_puts_the_family_above_half_is_refused_in_the_admin(admin_client, recomputes):
    party_org = PartyOrgFactory()
    seat(party_org, "甲", False)
    seat(party_org, "乙", True)
    before = data_state()
    response = admin_client.post(url(LeadershipMember, "add"), {
        "party_org": party_org.pk, "name": "丙", "role": "member", "owner_family": "on"})
    assert response.status_code == 200
    assert "2 of 3" in form_errors(response)
    assert data_state() == before
    response = admin_client.post(url(LeadershipMember, "add"), {
        "party_org": party_org.pk, "name": "丙", "role": "member", "owner_family": ""})
    assert response.status_code == 302 and party_org.leadership.count() == 3 and recomputes == [1]


def test_turning_a_seat_into_family_above_half_is_refused_in_the_admin(admin_client):
    party_org = PartyOrgFactory()
    seat(party_org, "甲", True)
    other = seat(party_org, "乙", False)
    response = post_change(admin_client, LeadershipMember, other.pk, {
        "party_org": party_org.pk, "name": "乙", "role": "member", "owner_family": "on"})
    assert response.status_code == 200 and "2 of 2" in form_errors(response)
    other.refresh_from_db()
    assert not other.owner_family


def party_org_post(party_org, seats, extra_seats=()):
    organization = party_org.organizations.get()
    data = {"code": party_org.code, "name": party_org.name, "level": party_org.level, "form": party_org.form,
            "unit": party_org.unit_id, "organizations": [organization.pk],
            "established_on": party_org.established_on.isoformat(),
            "leadership-TOTAL_FORMS": len(seats) + len(extra_seats), "leadership-INITIAL_FORMS": len(seats),
            "assessments-TOTAL_FORMS": 0, "assessments-INITIAL_FORMS": 0}
    for i, (existing, family) in enumerate(seats):
        data.update({f"leadership-{i}-id": existing.pk, f"leadership-{i}-party_org": party_org.pk,
                     f"leadership-{i}-name": existing.name, f"leadership-{i}-role": existing.role,
                     f"leadership-{i}-owner_family": "on" if family else ""})
    for j, (name, family) in enumerate(extra_seats, start=len(seats)):
        data.update({f"leadership-{j}-party_org": party_org.pk, f"leadership-{j}-name": name,
                     f"leadership-{j}-role": "member", f"leadership-{j}-owner_family": "on" if family else ""})
    return data


def test_a_team_edited_inline_above_the_family_cap_is_refused_and_within_it_saved(admin_client, recomputes):
    party_org = PartyOrgFactory()
    first, second = seat(party_org, "甲", False), seat(party_org, "乙", False)
    before = data_state()
    response = post_change(admin_client, PartyOrg, party_org.pk,
                                 party_org_post(party_org, [(first, True), (second, True)]))
    assert response.status_code == 200
    assert "2 of 2" in response.content.decode()
    assert data_state() == before
    response = post_change(admin_client, PartyOrg, party_org.pk,
                                 party_org_post(party_org, [(first, True), (second, False)], [("丙", False)]))
    assert response.status_code == 302
    assert sorted(party_org.leadership.values_list("name", "owner_family")) == [
        ("丙", False), ("乙", False), ("甲", True)]
    assert recomputes


def test_an_assessment_of_a_year_to_come_is_refused_in_the_admin(admin_client):
    party_org = PartyOrgFactory()
    next_year = timezone.localdate().year + 1
    response = admin_client.post(url(FiveGoodsAssessment, "add"), {"party_org": party_org.pk, "year": next_year})
    assert response.status_code == 200 and str(next_year) in form_errors(response)
    assert not FiveGoodsAssessment.objects.exists()


def test_editing_a_confirmed_assessment_in_the_admin_withdraws_the_confirmation(admin_client, admin_user):
    party_org = PartyOrgFactory()
    assessment = FiveGoodsAssessment.objects.create(party_org=party_org, year=2009, confirmed_by=admin_user,
                                                    confirmed_at=timezone.now())
    response = post_change(admin_client, FiveGoodsAssessment, assessment.pk,
                                 {"year": 2009, "leadership": "on"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.leadership and assessment.confirmed_at is None and assessment.confirmed_by is None


def test_an_activity_before_its_party_org_was_established_is_refused_in_the_admin(admin_client):
    party_org = PartyOrgFactory(established_on=datetime.date(2009, 5, 1))
    response = admin_client.post(url(ActivityRecord, "add"), {
        "party_org": party_org.pk, "kind": "talk", "held_on": "2009-04-30", "title": "谈心", "participants": 3})
    assert response.status_code == 200 and "2009-05-01" in form_errors(response).replace("May 1, 2009", "2009-05-01")
    assert not ActivityRecord.objects.exists()


# -- workflow records are not edited around their workflow ------------------------------------------

def test_reports_imports_and_change_requests_are_read_only_in_the_admin(admin_client, admin_user):
    report = ReportFactory(unit=UnitFactory())
    record = RegisterImport.objects.create(file="imports/x.zip", original_name="x.zip", uploaded_by=admin_user,
                                           status="done")
    for model, pk in ((type(report), report.pk), (RegisterImport, record.pk)):
        assert admin_client.get(url(model, "change", pk)).status_code == 200  # viewable
        assert admin_client.post(url(model, "change", pk), {"status": "accepted"}).status_code == 403
    report.refresh_from_db()
    record.refresh_from_db()
    assert (report.status, record.status) == ("draft", "done")
    assert admin_client.post(url(RegisterImport, "delete", record.pk), {"post": "yes"}).status_code == 403
