"""The dashboard in a browser: county staff see every target of the plan for the demo county, in
the states the compliance engine gives, and follow a target's action list to an organization."""
import datetime
import io
import re

import pytest
from django.core.management import call_command

from organizations.models import Organization
from targets.compliance import compute_compliance
from targets.dashboard import ACTION_LIST_LIMIT, FAILING_ENTITY, ORGANIZATION
from targets.models import Plan, PlanTarget
from targets.registry import seed_plan

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AS_OF = datetime.date(2010, 12, 31)  # the demo county's last snapshot day: every deadline has fallen
PASSWORD = "e2e-dashboard-2010"
# The state badges as the zh_Hans catalogue translates targets.dashboard.STATE_LABELS.
STATE_LABELS = {"met": "已达标", "open": "推进中", "overdue": "已逾期"}
# Failing organization targets to follow, most telling first; the first one failing in the demo is used.
ORGANIZATION_TARGETS = ("stable100_standalone", "formal3_standalone", "uncovered_have_officer")


def test_county_staff_see_the_demo_targets_and_follow_an_action_to_an_organization(page):
    # Any transactional test run earlier (test_login.py, test_celery_worker.py) flushes the plan the
    # data migration created; restore it (get_or_create, so a no-op when it is still there).
    seed_plan(Plan, PlanTarget)
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    records = list(PlanTarget.objects.order_by("position", "code"))
    expected = compute_compliance(as_of=AS_OF, details=True)["targets"]
    assert [r.code for r in records] == list(expected), "every plan target has a result"

    # Log in; the login lands on the dashboard at /.
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("[data-testid=targets]")
    assert re.fullmatch(r"https?://[^/]+/", page.url), page.url

    # Ask for the demo's last day through the dashboard's own form.
    page.fill("input[name=as_of]", AS_OF.isoformat())
    page.click("form[method=get] button[type=submit]")
    page.wait_for_url(re.compile(rf"/\?(.*&)?as_of={AS_OF.isoformat()}"))

    # Every plan target is listed, in the plan's order, with its name.
    rows = page.locator("[data-testid=targets] [data-target]")
    assert rows.count() == len(records)
    assert [rows.nth(i).get_attribute("data-target") for i in range(len(records))] == [r.code for r in records]
    for i, record in enumerate(records):
        assert record.name in rows.nth(i).inner_text()

    # Each target's state and its Chinese badge agree with the compliance engine for the same day.
    met = [code for code, result in expected.items() if result["met"]]
    assert met and len(met) < len(expected), "the demo has both met and unmet targets"
    for record in records:
        row = page.locator(f"[data-target={record.code}]")
        state = expected[record.code]["state"]
        assert row.get_attribute("data-state") == state, record.code
        assert row.locator(".badge").first.inner_text().strip() == STATE_LABELS[state], record.code
    summary = page.locator("[data-testid=dashboard-title] + p").inner_text()
    assert f"截至 {AS_OF.isoformat()}：{len(records)} 项目标中已达标 {len(met)} 项。" in summary

    # A failing organization target: its action list names the organizations the engine found failing.
    code = next(c for c in ORGANIZATION_TARGETS if not expected[c]["met"] and expected[c]["failing"])
    assert FAILING_ENTITY[code] is ORGANIZATION
    failing = expected[code]["failing"][:ACTION_LIST_LIMIT]
    row = page.locator(f"[data-target={code}]")
    assert row.get_attribute("data-state") != "met"
    links = row.locator(".action-list a")
    assert not links.first.is_visible()  # folded until asked for
    row.locator("details > summary").click()
    assert links.count() == len(failing)
    names = dict(Organization.objects.filter(credit_code__in=failing).values_list("credit_code", "name"))
    assert [links.nth(i).inner_text() for i in range(len(failing))] == [names[key] for key in failing]

    # Following the first link opens that organization's detail page.
    links.first.click()
    page.wait_for_url(re.compile(r"/organizations/[0-9A-Z]{18}/$"))
    credit_code = re.search(r"/organizations/([0-9A-Z]{18})/$", page.url).group(1)
    assert credit_code == failing[0]
    organization = Organization.objects.get(credit_code=credit_code)
    assert page.locator("h1").inner_text() == organization.name
    assert credit_code in page.locator("dl.facts").inner_text()
