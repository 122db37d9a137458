"""Language and session in a browser: a secretary switches the portal to English and back to
Chinese with the selector in the footer, then logs out; a protected page then asks to log in."""
import re

import pytest

from accounts.tests.factories import PASSWORD
from organizations.tests.factories import OrganizationFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_language(page, code):
    page.get_by_label("Language").or_(page.get_by_label("语言")).select_option(code)
    page.get_by_role("button", name=re.compile(r"^(Switch|切换)$")).click()


def test_switch_to_english_and_back_then_log_out_and_be_asked_to_log_in(page, unit_secretary):
    firm = OrganizationFactory(unit=unit_secretary.unit, name="华兴机械制造有限公司")
    log_in(page, "sec-T01", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    page.goto("/organizations/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", level=1).inner_text() == "“两新”组织"

    # English: the same page comes back (the selector keeps the address) with its texts translated.
    switch_language(page, "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url.endswith("/organizations/")
    assert page.get_by_role("heading", level=1).inner_text() == "Organizations"
    assert page.get_by_role("button", name="Log out").is_visible()
    assert firm.name in page.locator("table").inner_text()  # the data itself is not translated
    page.goto("/")  # the choice holds on the next page
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("[data-testid=dashboard-title]").inner_text() == "Overview of 城关镇党委"

    # And back to Chinese.
    switch_language(page, "zh-hans")
    page.wait_for_function("document.documentElement.lang === 'zh-hans'")
    assert page.locator("[data-testid=dashboard-title]").inner_text() == "城关镇党委概况"

    # Log out: the login page; a protected page now sends there too, and comes back after logging in.
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("button", name="退出登录").count() == 0
    page.goto(firm.get_absolute_url())
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert page.get_by_role("heading", level=1).inner_text() == "登录党建工作平台"
    assert "华兴机械制造有限公司" not in page.content()
    page.get_by_label("用户名").fill("sec-T01")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{firm.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == firm.name
