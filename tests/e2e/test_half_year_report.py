"""A half-yearly report in a browser: a secretary drafts and submits, staff return it with a
comment, the secretary resubmits, staff accept."""
import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from organizations.tests.factories import OrganizationFactory
from reports.models import HalfYearReport, ReportStatus
from reports.rules import ended_periods

from .conftest import confirm_dialog, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_user(page, username):
    page.click("text=退出登录")
    page.wait_for_url("**/accounts/login/")
    log_in(page, username, PASSWORD)
    page.wait_for_selector("main")


def test_secretary_drafts_and_submits_staff_return_secretary_resubmits_staff_accept(page, unit_secretary,
                                                                                    county_staff):
    OrganizationFactory.create_batch(2, unit=unit_secretary.unit)
    year, half = ended_periods(timezone.localdate())[0]

    # The secretary opens the report of the last ended half-year: the unit's figures are in it.
    log_in(page, "sec-T01", PASSWORD)
    page.wait_for_selector("main")
    page.goto("/reports/open/")
    page.select_option("select[name=period]", f"{year}-{half}")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=figures]")
    report = HalfYearReport.objects.get()
    assert (report.year, report.half, report.status) == (year, half, ReportStatus.DRAFT)
    assert report.figures["baseline"]["orgs"] == 2

    # Draft the narrative, then submit.
    page.click("[data-testid=edit]")
    page.fill("textarea[name=work_done]", "走访“两新”组织12家，新建党支部1个。")
    page.fill("textarea[name=problems]", "个别企业党员流动性大。")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=submit-form]")
    assert "走访“两新”组织12家" in page.locator("[data-testid=narrative]").inner_text()
    page.click("[data-testid=submit-form] button[type=submit]")
    confirm_dialog(page)
    page.wait_for_selector("[data-testid=versions] details")
    assert page.locator("[data-testid=edit]").count() == 0  # read-only once submitted

    # County staff return it with a comment.
    switch_user(page, "county")
    page.goto(report.get_absolute_url())
    page.fill("[data-testid=review-form] textarea[name=comment]", "请补充下半年工作打算。")
    page.click("[data-testid=review-form] button.btn-warning")
    confirm_dialog(page)
    page.wait_for_selector(".alert-success")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    # The secretary sees the comment, adds the plans and resubmits.
    switch_user(page, "sec-T01")
    page.goto(report.get_absolute_url())
    assert "请补充下半年工作打算。" in page.content()
    page.click("[data-testid=edit]")
    page.fill("textarea[name=next_plans]", "下半年推动3家规模企业单独组建党组织。")
    page.click("main button[type=submit]")
    page.click("[data-testid=submit-form] button[type=submit]")
    confirm_dialog(page)
    page.wait_for_selector("[data-testid=versions] details >> nth=1")

    # County staff accept it; both submitted versions stay readable.
    switch_user(page, "county")
    page.goto(report.get_absolute_url())
    page.click("[data-testid=review-form] button.btn-success")
    confirm_dialog(page)
    page.wait_for_selector(".alert-success")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert list(report.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert page.locator("[data-testid=versions] details").count() == 2
    assert page.locator("[data-testid=review-form]").count() == 0
