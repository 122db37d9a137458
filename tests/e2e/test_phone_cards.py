"""Below 576 px every list table is shown as cards, one a row (the first column, or the table's
card_title column, as the card's title, the others as "label: value" lines); from 576 px on it is
the table it always was. Screenshots go to $CARD_SHOTS (/tmp/shots by default)."""
import os
import pathlib

import pytest

from accounts.tests.factories import PASSWORD
from members.tests.factories import MemberFactory
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
ROWS = 25  # one full page (settings.PAGINATE_BY)
# The organization list of these ROWS rows at 375 px was 14,586 px tall before the cards (one
# character a line, measured on this page); the cards must take under 40 % of that.
TABLE_HEIGHT_BEFORE = 14586
SHOTS = pathlib.Path(os.environ.get("CARD_SHOTS", "/tmp/shots"))


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cards-{name}.png"), full_page=True)
    page.screenshot(path=str(SHOTS / f"cards-{name}-screen.png"))  # what the first screen shows
    top = page.locator("main table").bounding_box()  # and the table's first rows
    page.screenshot(path=str(SHOTS / f"cards-{name}-rows.png"), full_page=True,
                    clip={"x": 0, "y": top["y"], "width": page.viewport_size["width"], "height": 700})


def open_as_county(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport,
                                  is_mobile=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("main")
    return context, page


def card_layout(page):
    """For each body row of the list's table: its display, the title cell's text and the labels shown."""
    return page.evaluate("""() => [...document.querySelectorAll('main table tbody tr')].map(tr => ({
        display: getComputedStyle(tr).display,
        title: (tr.querySelector('td[data-card-title]') || {}).innerText,
        labels: [...tr.querySelectorAll('td:not([data-card-title])')].map(
            td => getComputedStyle(td, '::before').content),
        theadShown: getComputedStyle(tr.closest('table').querySelector('thead')).display !== 'none',
    }))""")


@pytest.fixture
def organizations(county_staff, unit):
    return [OrganizationFactory(unit=unit, name=f"华兴机械制造有限公司城关镇工业园区第{i}分公司",
                                industry="通用设备制造业") for i in range(ROWS + 5)]


def test_the_organization_list_is_cards_on_a_phone_and_a_table_on_a_desktop(browser, live_server, organizations):
    context, page = open_as_county(browser, live_server, PHONE)
    try:
        page.goto("/organizations/")
        shoot(page, "organizations-375")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        rows = card_layout(page)
        assert len(rows) == ROWS
        assert not rows[0]["theadShown"]
        for row in rows:
            assert row["display"] != "table-row"
            assert row["title"]  # the credit code, the first column, heads the card
            assert '"名称' in row["labels"][0] and '"状态' in row["labels"][-1], row["labels"]
        # every card's lines are stacked, label beside value, none wider than the phone
        name = page.locator("main table tbody tr").first.locator("td").nth(1)
        assert name.bounding_box()["width"] <= PHONE["width"]
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 0.4 * TABLE_HEIGHT_BEFORE, f"{height} px tall"
        # the main actions stay at hand: export and add at the bottom of the screen
        for testid in ("create", "export-xlsx"):
            box = page.locator(f"[data-testid={testid}]").bounding_box()
            assert box["y"] + box["height"] <= PHONE["height"] and box["y"] > PHONE["height"] / 2, testid
    finally:
        context.close()

    context, page = open_as_county(browser, live_server, DESKTOP)
    try:
        page.goto("/organizations/")
        shoot(page, "organizations-1366")
        rows = card_layout(page)
        assert len(rows) == ROWS
        assert {row["display"] for row in rows} == {"table-row"}
        assert rows[0]["theadShown"]
        assert {label for row in rows for label in row["labels"]} == {"none"}
    finally:
        context.close()


def test_a_work_list_is_cards_on_a_phone_too(browser, live_server, county_staff, unit):
    for i in range(6):
        org = OrganizationFactory(unit=unit, name=f"东河镇新材料科技有限公司第{i}厂")
        MemberFactory(organization=org, party_org=PartyOrgFactory(unit=unit, organizations=[org]))
    for viewport, name in ((PHONE, "worklist-375"), (DESKTOP, "worklist-1366")):
        context, page = open_as_county(browser, live_server, viewport)
        try:
            page.goto("/follow-up/transfers/")
            shoot(page, name)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            rows = card_layout(page)
            assert len(rows) == 6
            if viewport is PHONE:
                assert all(row["display"] != "table-row" and row["title"] for row in rows)
                assert any('"操作' in label for label in rows[0]["labels"])
            else:
                assert {row["display"] for row in rows} == {"table-row"}
        finally:
            context.close()
