"""A party-org change in a browser: a secretary asks for a standalone party org for an organization
of their unit, county staff approve it, and the organization's coverage ledger then shows it."""
import pytest

from accounts.tests.factories import PASSWORD
from members.tests.factories import MemberFactory
from organizations.models import PartyOrg, PartyOrgChangeRequest
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

from .conftest import confirm_dialog, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_requests_staff_approve_and_the_ledger_shows_a_standalone_party_org(page, unit_secretary,
                                                                                      county_staff):
    unit = unit_secretary.unit
    firm = OrganizationFactory(unit=unit, name="华兴机械制造有限公司")
    neighbour = OrganizationFactory(unit=unit)
    PartyOrgFactory(unit=unit, form="joint", organizations=[firm, neighbour], name="城关镇联合党支部")
    MemberFactory.create_batch(3, organization=firm)  # three full members: the plan wants its own party org

    # The secretary sees the joint party org and the prompt, and follows it to the request form.
    log_in(page, "sec-T01", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    page.goto(firm.get_absolute_url())
    ledger = page.locator("[data-testid=coverage-ledger]")
    assert ledger.get_attribute("data-kind") == "joint"
    page.click("[data-testid=coverage-prompt] a")
    page.wait_for_selector("[data-testid=change-request-form]")
    assert page.input_value("textarea[name=org_codes]") == firm.credit_code
    page.fill("input[name=proposed_code]", "HX001")
    page.fill("input[name=proposed_name]", "华兴机械制造有限公司党支部")
    page.select_option("select[name=proposed_level]", "branch")
    page.select_option("select[name=proposed_form]", "standalone")
    page.fill("textarea[name=reason]", "公司有正式党员3名，申请单独组建党支部。")
    page.click("[data-testid=change-request-form] button[type=submit]")
    page.wait_for_selector("[data-testid=request-status]")
    assert "待审批" in page.locator("[data-testid=request-status]").inner_text()
    assert not PartyOrg.objects.filter(code="HX001").exists()  # nothing changes before approval
    request_url = page.url
    page.click("text=退出登录")
    page.wait_for_url("**/accounts/login/")

    # County staff find it in the list of requests, and approve it with a comment.
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    page.click("[data-testid=nav-work] >> text=日常工作")  # a dropdown, opened as a user would
    page.click("[data-testid=nav-work] >> text=党组织变动")
    change_request = PartyOrgChangeRequest.objects.get()
    page.click(f"a[href='/party-org-requests/{change_request.pk}/'] >> nth=0")
    page.wait_for_url(request_url)
    page.fill("[data-testid=review-form] textarea[name=review_comment]", "同意单独组建。")
    page.click("[data-testid=review-form] button[value=approve]")
    confirm_dialog(page)
    page.wait_for_selector(".alert-success")
    assert "已批准" in page.locator("[data-testid=request-status]").inner_text()

    # The established party org is linked, and the firm's ledger now shows a standalone party org.
    page.click("[data-testid=established-party-org]")
    page.wait_for_url("**/party-orgs/HX001/")
    page.goto(firm.get_absolute_url())
    ledger = page.locator("[data-testid=coverage-ledger]")
    assert ledger.get_attribute("data-kind") == "standalone"
    assert "单独组建" in page.locator("[data-testid=coverage-kind]").inner_text()
    assert page.locator("[data-testid=coverage-prompt]").count() == 0
    assert page.locator("[data-obligation=formal3_standalone]").get_attribute("data-state") == "met"
