"""The demo county: the plan's baseline at 2007-12-31 exactly, progress to 2010, idempotent."""
import datetime

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from members.models import CountyLeader, Officer, PartyMember, PipelinePerson
from demo.county import DEFAULT_DEMO_PASSWORD, DemoCounty
from organizations.models import FiveGoodsAssessment, LeadershipMember, Organization, PartyOrg, SupervisingUnit
from organizations.validators import validate_credit_code
from reports.models import HalfYearReport
from targets.compliance import baseline_figures, compute_compliance
from targets.models import Snapshot

pytestmark = pytest.mark.django_db

BASELINE = {"orgs": 1778, "individual_businesses": 1645, "party_orgs": 12, "members": 120, "employees": 6000,
            "member_share_pct": 2.0, "unstable_with_party_org": 3}


def fingerprint():
    """Every row of the demo by its key, with the facts that matter."""
    return {
        "units": list(SupervisingUnit.objects.order_by("code").values_list("code", "name", "kind")),
        "orgs": list(Organization.objects.order_by("credit_code").values_list(
            "credit_code", "name", "employees", "stable", "status", "unit__code", "individual_business")),
        "party_orgs": list(PartyOrg.objects.order_by("code").values_list(
            "code", "form", "established_on", "revoked_on", "demo_level", "demo_year")),
        "coverage": sorted(PartyOrg.organizations.through.objects.values_list(
            "partyorg__code", "organization__credit_code")),
        "members": list(PartyMember.objects.order_by("member_id").values_list(
            "member_id", "name", "joined_on", "full_on", "employed_since", "party_org__code", "managing_unit__code")),
        "pipeline": list(PipelinePerson.objects.order_by("person_id").values_list(
            "person_id", "stage", "applied_on", "activist_since")),
        "officers": sorted(Officer.organizations.through.objects.values_list("officer__officer_id",
                                                                             "organization__credit_code")),
        "leaders": list(CountyLeader.objects.order_by("leader_id").values_list("leader_id", "name", "title")),
        "teams": list(LeadershipMember.objects.order_by("party_org__code", "pk").values_list(
            "party_org__code", "name", "role", "owner_family")),
        "assessments": list(FiveGoodsAssessment.objects.order_by("party_org__code", "year").values_list(
            "party_org__code", "year", "leadership", "mass")),
        "reports": list(HalfYearReport.objects.order_by("unit__code", "year", "half").values_list(
            "unit__code", "year", "half", "status")),
        "users": list(User.objects.order_by("username").values_list("username", "role", "unit__code")),
    }


def test_demo_county_matches_the_plan_baseline_and_moves_forward():
    call_command("seed_demo")
    assert baseline_figures(as_of=datetime.date(2007, 12, 31)) == BASELINE

    progress = compute_compliance(as_of=datetime.date(2010, 12, 31))["targets"]
    assert progress["party_orgs"]["value"] == 16 and progress["party_orgs"]["met"]
    assert progress["new_members"]["value"] == 20 and progress["new_members"]["met"]
    assert progress["demo_city"]["met"] and progress["five_goods"]["met"]
    assert progress["demo_county"]["state"] == "overdue"
    assert progress["activists_cultivated"]["value"] == 32 and not progress["activists_cultivated"]["met"]
    assert progress["formal3_standalone"]["state"] == "overdue"
    assert not progress["family_cap"]["met"] and not progress["officer_load"]["met"]
    met = {code for code, t in progress.items() if t["met"]}
    assert met == {"stable50_member", "party_orgs", "demo_city", "five_goods", "new_members"}

    for code in Organization.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
    assert Snapshot.objects.filter(frozen=True).count() == 6

    users = {u.username: u for u in User.objects.select_related("unit")}
    assert users["county"].role == Role.COUNTY_STAFF and users["county"].check_password(DEFAULT_DEMO_PASSWORD)
    assert users["admin"].is_superuser and users["admin"].role == Role.ADMIN
    for unit in SupervisingUnit.objects.all():
        secretary = users[f"sec-{unit.code}"]
        assert (secretary.role, secretary.unit) == (Role.UNIT_SECRETARY, unit)
        assert secretary.check_password(DEFAULT_DEMO_PASSWORD)


def test_demo_rows_pass_every_model_rule():
    """What the demo holds, a clerk could have typed into the forms."""
    call_command("seed_demo")
    for model in (Organization, PartyOrg, PartyMember, PipelinePerson, Officer, FiveGoodsAssessment):
        for obj in model.objects.all():
            obj.full_clean()
    from organizations.services import check_party_org_coverage
    for po in PartyOrg.objects.prefetch_related("organizations"):
        check_party_org_coverage(form=po.form, organizations=po.organizations.all())


def test_seeding_twice_gives_the_same_database_and_a_new_password():
    call_command("seed_demo")
    first = fingerprint()
    counts = {m: m.objects.count() for m in (Organization, PartyMember, LeadershipMember, HalfYearReport, User)}
    call_command("seed_demo", password="another-pass-2010")
    assert fingerprint() == first
    assert {m: m.objects.count() for m in counts} == counts
    assert User.objects.get(username="sec-T01").check_password("another-pass-2010")


def test_demo_register_is_deterministic():
    assert DemoCounty().build().files() == DemoCounty().build().files()
