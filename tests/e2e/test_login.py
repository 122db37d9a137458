import pytest

from accounts.tests.factories import PASSWORD
from organizations.tests.factories import OrganizationFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_log_in_and_see_the_county_overview_in_chinese(page, county_staff):
    OrganizationFactory.create_batch(3)
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    assert page.locator("h1").inner_text() == "全县概况"
    assert page.locator("[data-testid=active-orgs]").inner_text() == "3"
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_wrong_password_is_refused_with_a_message(page, county_staff):
    log_in(page, "county", "not-the-password")
    page.wait_for_selector(".alert-danger, .invalid-feedback, .errorlist")
    assert "/accounts/login/" in page.url
    assert "请输入一个正确的" in page.content()


def test_secretary_sees_their_unit_and_can_log_out(page, unit_secretary):
    OrganizationFactory(unit=unit_secretary.unit)
    OrganizationFactory()  # another unit's
    log_in(page, "sec-T01", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    assert "城关镇党委" in page.locator("[data-testid=current-user]").inner_text()
    assert page.locator("[data-testid=active-orgs]").inner_text() == "1"
    page.click("text=退出登录")
    page.wait_for_url("**/accounts/login/")
