"""The pages work by keyboard alone and at phone width (375 px)."""
import pytest

from accounts.tests.factories import PASSWORD
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
PAGES = ["/", "/organizations/", "/party-orgs/", "/members/", "/pipeline/", "/officers/", "/party-org-requests/",
         "/party-org-requests/new/", "/member-transfers/", "/pipeline-quota/", "/five-goods/", "/demo-sites/",
         "/officers/uncovered/", "/follow-up/transfers/", "/follow-up/unmanaged/", "/trainings/",
         "/trainings/secretaries-without-training/", "/activities/"]


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (tables scroll inside their own box)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_log_in_and_open_a_register_by_keyboard_alone(page, county_staff):
    OrganizationFactory(name="华兴机械制造有限公司")
    page.goto("/accounts/login/")
    assert page.evaluate("document.activeElement.name") == "username"  # the form starts focused
    page.keyboard.type("county")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=dashboard-title], [data-testid=overview]")

    # On every page the first stop is the link that skips the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.locator("a[href='#main']").is_visible()  # it shows itself when focused

    # The registers menu opens with Enter and its items are reachable with the arrow keys.
    page.focus("[data-testid=nav-registers] .dropdown-toggle")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=nav-registers] .dropdown-menu.show")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "“两新”组织"
    page.keyboard.press("Enter")
    page.wait_for_url("**/organizations/")
    assert "华兴机械制造有限公司" in page.content()


@pytest.mark.parametrize("role, username", [("county_staff", "county"), ("unit_secretary", "sec-T01")])
def test_every_main_page_fits_a_phone_screen(request, browser, live_server, role, username):
    user = request.getfixturevalue(role)
    unit = user.unit or request.getfixturevalue("unit")
    for _ in range(3):
        PartyOrgFactory(unit=unit, name="华兴机械制造有限公司党支部（城关镇工业园区第一联合党支部）")
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, username, PASSWORD)
        page.wait_for_selector("main")
        toggler = page.locator(".navbar-toggler")
        assert toggler.is_visible()  # the menu folds behind the button
        toggler.click()
        page.wait_for_selector("#mainnav.show")
        assert page.locator("#mainnav >> text=退出登录").is_visible()
        for path in PAGES:
            response = page.goto(path)
            assert response.status == 200, path
            assert overflow(page) <= 0, f"{path} is {overflow(page)} px wider than the phone"
    finally:
        context.close()
