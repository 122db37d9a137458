"""Destructive actions ask first: the first click opens the confirmation dialog naming the record and
changes nothing, Cancel (or Escape) changes nothing, Confirm does it (static/js/portal.js,
data-confirm). The screenshots of the dialog go to /tmp/shots (SHOTS moves them)."""
import os
import pathlib

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from organizations.models import LeadershipMember, PartyOrg
from organizations.tests.factories import LeadershipMemberFactory, OrganizationFactory, PartyOrgFactory
from reports.models import HalfYearReport, ReportStatus
from reports.tests.factories import ReportFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "城关镇华兴机械制造有限公司党支部"
SHOTS = pathlib.Path(os.environ.get("SHOTS", "/tmp/shots"))


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_selector("#confirm-dialog.show")
    page.wait_for_timeout(500)  # the fade-in is over
    page.screenshot(path=str(SHOTS / f"confirm-{name}.png"))


@pytest.fixture
def party_org(unit):
    org = OrganizationFactory(unit=unit, name="城关镇华兴机械制造有限公司")
    return PartyOrgFactory(unit=unit, organizations=[org], name=NAME, demo_level="county", demo_year=2010)


def dialog_of(page):
    return page.locator("[data-testid=confirm-dialog]")


def test_withdrawing_a_demonstration_site_asks_first(page, county_staff, party_org):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("main")
    page.goto(party_org.get_absolute_url())
    withdraw = page.locator("[data-testid=demo-site-actions] button[type=submit]")
    dialog = dialog_of(page)
    assert not dialog.is_visible()

    # The first click asks, naming the party organization, and changes nothing.
    withdraw.click()
    dialog.wait_for(state="visible")
    assert f"“{NAME}”" in dialog.locator("[data-confirm-message]").inner_text()
    shot(page, "withdraw-1366")
    page.wait_for_timeout(300)
    assert PartyOrg.objects.get(pk=party_org.pk).demo_level == "county"

    # Cancel: the dialog closes, still nothing changed.
    dialog.locator("[data-confirm-cancel]").click()
    dialog.wait_for(state="hidden")
    assert PartyOrg.objects.get(pk=party_org.pk).demo_level == "county"

    # Confirm: the designation is withdrawn.
    withdraw.click()
    dialog.wait_for(state="visible")
    dialog.locator("[data-confirm-ok]").click()
    page.wait_for_selector(".alert-success")
    assert PartyOrg.objects.get(pk=party_org.pk).demo_level == ""


def test_removing_a_leadership_seat_asks_first_with_the_keyboard_on_a_phone(page, unit_secretary, party_org):
    seat = LeadershipMemberFactory(party_org=party_org, name="李建国", role="secretary")
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "sec-T01", PASSWORD)
    page.wait_for_selector("main")
    page.goto(party_org.get_absolute_url())
    remove = page.get_by_role("button", name="李建国")
    dialog = dialog_of(page)

    remove.focus()
    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    message = dialog.locator("[data-confirm-message]").inner_text()
    assert "李建国" in message and f"“{NAME}”" in message
    # the safe answer has the focus; the dialog fits the phone's width
    expect(dialog.locator("[data-confirm-cancel]")).to_be_focused()
    box = dialog.locator(".modal-content").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    shot(page, "leadership-375")
    assert LeadershipMember.objects.filter(pk=seat.pk).exists()

    # Escape cancels and gives the focus back to the button.
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    expect(remove).to_be_focused()
    assert LeadershipMember.objects.filter(pk=seat.pk).exists()

    # Enter again, Tab to Confirm, Enter: the seat is removed.
    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    expect(dialog.locator("[data-confirm-cancel]")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{party_org.get_absolute_url()}*")
    page.wait_for_selector("[data-testid=leadership-add]")
    assert not LeadershipMember.objects.filter(pk=seat.pk).exists()


def test_submitting_a_report_asks_first(page, unit_secretary):
    report = ReportFactory(unit=unit_secretary.unit, year=2010, half=1, work_done="走访“两新”组织12家。")
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "sec-T01", PASSWORD)
    page.wait_for_selector("main")
    page.goto(report.get_absolute_url())
    submit = page.locator("[data-testid=submit-form] button[type=submit]")
    dialog = dialog_of(page)

    submit.click()
    dialog.wait_for(state="visible")
    assert "2010" in dialog.locator("[data-confirm-message]").inner_text()
    shot(page, "submit-375")
    page.wait_for_timeout(300)
    assert HalfYearReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT

    dialog.locator(".btn-close").click()  # the close button cancels too
    dialog.wait_for(state="hidden")
    assert HalfYearReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT

    submit.click()
    dialog.wait_for(state="visible")
    dialog.locator("[data-confirm-ok]").click()
    page.wait_for_selector("[data-testid=versions] details")
    assert HalfYearReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_returning_a_report_sends_the_button_clicked_after_confirmation(page, county_staff, unit):
    """Two buttons of one form (formaction): the dialog names the one clicked and Confirm sends it."""
    from django.utils import timezone
    report = ReportFactory(unit=unit, year=2010, half=1, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("main")
    page.goto(report.get_absolute_url())
    page.fill("[data-testid=review-form] textarea[name=comment]", "请补充下半年计划。")
    page.click("[data-testid=review-form] button.btn-warning")
    dialog = dialog_of(page)
    dialog.wait_for(state="visible")
    assert unit.name in dialog.locator("[data-confirm-message]").inner_text()
    shot(page, "return-1366")
    assert HalfYearReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    dialog.locator("[data-confirm-ok]").click()
    page.wait_for_selector(".alert-success")
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.RETURNED, "请补充下半年计划。")
