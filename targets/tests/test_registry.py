"""The plan registry: a PlanTarget row is checked against its entry (admin and services), and a row
saved around the check never stops the figures: the defaults fill the gap and the dashboard says so."""
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from organizations.tests.factories import OrganizationFactory
from targets import registry
from targets.compliance import compute_compliance, plan_settings
from targets.models import PlanTarget
from tests.browser_forms import with_lock

pytestmark = pytest.mark.django_db
D = datetime.date(2010, 12, 31)
QUOTA = {"medium_from": 50, "large_from": 100, "small": 1, "medium": 3, "large": 5}


def change_form_data(target: PlanTarget, **changes) -> dict:
    data = {"plan": target.plan_id, "code": target.code, "name": target.name, "kind": target.kind,
            "target": target.target, "deadline": target.deadline.isoformat(),
            "parameters": json.dumps(target.parameters), "position": target.position}
    return {**data, **changes}


def post_change(client, target, **changes):
    url = reverse("admin:targets_plantarget_change", args=[target.pk])
    return client.post(url, with_lock(client, url, change_form_data(target, **changes)))  # GET, then post


def errors_of(response) -> dict:
    return {name: [str(e) for e in errors] for name, errors in response.context["adminform"].form.errors.items()}


# -- the registry ---------------------------------------------------------------------------------

def test_the_registry_holds_every_seeded_target_with_its_kind():
    assert [row.code for row in PlanTarget.objects.order_by("position")] == list(registry.REGISTRY)
    for row in PlanTarget.objects.all():
        assert row.kind == registry.REGISTRY[row.code].kind
        assert row.parameters == registry.REGISTRY[row.code].defaults
        row.full_clean()  # every seeded row passes its own check


def test_merging_fills_a_missing_or_mistyped_parameter_with_its_default_and_says_which():
    definition = registry.REGISTRY["activist_quota"]
    values, problems = registry.merged_parameters(definition, {**QUOTA, "large": "five", "medium": 4, "junk": 1})
    assert values == {**QUOTA, "medium": 4}
    assert [(p.name, p.stored) for p in problems] == [("large", "five")]
    values, problems = registry.merged_parameters(definition, {"small": 2})
    assert values == {**QUOTA, "small": 2}
    assert {p.name for p in problems} == {"medium_from", "large_from", "medium", "large"}
    values, problems = registry.merged_parameters(definition, ["not", "an", "object"])
    assert values == QUOTA and len(problems) == 5


def test_bands_in_the_wrong_order_fall_back_to_the_plans_bands():
    values, problems = registry.merged_parameters(registry.REGISTRY["development_quota"],
                                                  {"medium_from": 100, "large_from": 50, "medium": 1, "large": 2})
    assert (values["medium_from"], values["large_from"]) == (50, 100)
    assert {p.name for p in problems} == {"medium_from", "large_from"}


# -- the admin (and full_clean) refuse a row the figures could not honour ---------------------------

def test_admin_who_drops_large_from_activist_quota_gets_an_error_naming_it(client, admin_user, in_english):
    client.force_login(admin_user)
    target = PlanTarget.objects.get(code="activist_quota")
    response = post_change(client, target, parameters=json.dumps({k: v for k, v in QUOTA.items() if k != "large"}))
    assert response.status_code == 200
    assert any("“large”" in message and "missing" in message for message in errors_of(response)["parameters"])
    target.refresh_from_db()
    assert target.parameters == QUOTA  # nothing was saved


@pytest.mark.parametrize(("parameters", "words"), [
    ({**QUOTA, "large": "5"}, ("“large”", "whole number")),
    ({**QUOTA, "large": -1}, ("“large”", "at least 0")),
    ({**QUOTA, "extra": 1}, ("“extra”", "not a parameter")),
    ({**QUOTA, "medium_from": 100, "large_from": 50}, ("“medium_from”", "“large_from”")),
])
def test_admin_refuses_mistyped_unknown_or_disordered_parameters_naming_them(client, admin_user, in_english,
                                                                             parameters, words):
    client.force_login(admin_user)
    response = post_change(client, PlanTarget.objects.get(code="activist_quota"), parameters=json.dumps(parameters))
    messages = " ".join(errors_of(response)["parameters"])
    assert all(word in messages for word in words), messages


def test_admin_accepts_edited_parameters_and_the_figures_use_them(client, admin_user):
    client.force_login(admin_user)
    response = post_change(client, PlanTarget.objects.get(code="activist_quota"),
                           parameters=json.dumps({**QUOTA, "small": 2}))
    assert response.status_code == 302
    assert plan_settings().of("activist_quota").parameters["small"] == 2


def test_a_code_the_registry_does_not_know_is_refused(client, admin_user, in_english):
    client.force_login(admin_user)
    plan_id = PlanTarget.objects.first().plan_id
    response = client.post(reverse("admin:targets_plantarget_add"), {
        "plan": plan_id, "code": "baseline", "name": "x", "kind": "count", "target": 1, "deadline": "2010-12-31",
        "parameters": "{}", "position": 30})
    assert "baseline" in " ".join(errors_of(response)["code"])
    assert not PlanTarget.objects.filter(code="baseline").exists()


def test_a_kind_that_contradicts_the_code_is_refused(in_english):
    target = PlanTarget.objects.get(code="party_orgs")
    target.kind = "percent"
    target.target = 100
    with pytest.raises(ValidationError) as refused:
        target.full_clean()
    assert "kind" in refused.value.message_dict and "Count" in refused.value.message_dict["kind"][0]


# -- a row saved around the check (directly in the database) --------------------------------------

def test_a_broken_row_saved_directly_leaves_compute_compliance_answering_with_the_defaults():
    for employees in (40, 60, 120):
        OrganizationFactory(employees=employees)
    expected = compute_compliance(as_of=D, details=True)
    PlanTarget.objects.filter(code="activist_quota").update(parameters={"small": 1, "medium": 3})  # no "large"
    PlanTarget.objects.filter(code="development_quota").update(parameters="not an object")
    PlanTarget.objects.filter(code="family_cap").update(parameters={"max_share_pct": "half"})
    assert compute_compliance(as_of=D, details=True) == expected
    out = io.StringIO()
    call_command("compute_compliance", "--as-of", "2010-12-31", "--json", stdout=out)
    assert json.loads(out.getvalue())["targets"]["activist_quota"]["denominator"] == 3


def test_unknown_codes_and_contradicting_kinds_saved_directly_do_not_stop_the_figures():
    OrganizationFactory(employees=60, stable=True)
    expected = compute_compliance(as_of=D)
    plan = PlanTarget.objects.first().plan
    PlanTarget.objects.bulk_create([PlanTarget(plan=plan, code="baseline", name="b", kind="count", target=1,
                                               deadline=D, position=99)])  # bulk_create skips full_clean
    PlanTarget.objects.filter(code="party_orgs").update(kind="percent", target=100)
    result = compute_compliance(as_of=D)
    assert "baseline" not in result["targets"]
    assert result == expected  # party_orgs is still the count target it is
    assert any("baseline" in problem for problem in plan_settings().problems)


def test_the_dashboard_says_which_parameter_it_replaced(client, county_staff, unit_secretary, in_english):
    PlanTarget.objects.filter(code="activist_quota").update(parameters={**QUOTA, "large": "lots"})
    PlanTarget.objects.filter(code="officer_load").update(parameters={})
    client.force_login(county_staff)
    response = client.get(reverse("targets:home"), {"as_of": "2010-12-31"})
    assert response.status_code == 200
    problems = response.context["plan_problems"]
    assert any("“large”" in p and "5" in p for p in problems)
    assert any("“max_organizations”" in p and "missing" in p for p in problems)
    assert 'data-testid="plan-problems"' in response.content.decode()
    client.force_login(unit_secretary)  # figures alike, but only county staff (who can mend it) are told
    page = client.get(reverse("targets:home"), {"as_of": "2010-12-31"}).content.decode()
    assert 'data-testid="plan-problems"' not in page
