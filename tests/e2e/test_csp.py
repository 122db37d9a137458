"""The Content-Security-Policy in a real browser: county staff open the dashboard (with its
Chart.js trend), a list and a report's print page, and the browser reports no violation."""
import datetime

import pytest

from accounts.tests.factories import PASSWORD
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from reports.tests.factories import ReportFactory
from targets.models import Plan, PlanTarget
from targets.registry import seed_plan
from targets.services import snapshot_compute

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (Playwright injects it outside the page's CSP): every violation
# the browser raises is kept in window.__cspViolations.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


@pytest.fixture
def watched(page):
    """The page, and the CSP complaints seen so far: console messages and violation events."""
    console = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script(RECORD_VIOLATIONS)

    def complaints():
        return console + page.evaluate("window.__cspViolations || []")

    return page, complaints


@pytest.fixture
def county_with_history(unit, county_staff):
    # Transactional tests flush the plan the data migration created; restore it.
    seed_plan(Plan, PlanTarget)
    org = OrganizationFactory(unit=unit)
    PartyOrgFactory(unit=unit, organizations=[org])
    for day in (datetime.date(2010, 6, 30), datetime.date(2010, 12, 31)):
        snapshot_compute(as_of=day)
    return ReportFactory(unit=unit)


def test_dashboard_list_and_print_page_raise_no_csp_violation(watched, county_with_history):
    page, complaints = watched
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")

    # The dashboard's trend chart was drawn by Chart.js from the json_script data.
    page.wait_for_function("() => typeof Chart !== 'undefined' && !!Chart.getChart('trend-percent')")
    box = page.locator("#trend-percent").bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    assert complaints() == []

    page.goto("/organizations/")
    page.wait_for_selector("table")
    assert complaints() == []

    page.goto(f"/reports/{county_with_history.pk}/print/")
    page.wait_for_selector("[data-testid=report-print]")
    # The Print link is wired by static/js/portal.js: the click is handled (no "#" navigation).
    page.evaluate("window.print = function () { window.__printed = true; }")
    page.click("[data-action=print]")
    assert page.evaluate("window.__printed === true")
    assert not page.url.endswith("#")
    assert complaints() == []


def test_the_watch_sees_a_violation_when_there_is_one(watched, county_staff):
    """The check above can fail: an inline script added to a page is refused and reported."""
    page, complaints = watched
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.__ran = true;";
        document.body.appendChild(s);
    }""")
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in c for c in complaints())
