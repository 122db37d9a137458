"""The dashboard's own action in a browser: county staff press "Recompute now", the figures then come
from a stored snapshot (with its time and the drill-down by township); after a register change the
page says the snapshot may be out of date, and a second recompute clears that."""
import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from organizations.tests.factories import OrganizationFactory
from targets.models import Snapshot

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def computed_at_text(snapshot) -> str:
    return f"数据来自 {timezone.localtime(snapshot.computed_at):%Y-%m-%d %H:%M} 计算的快照。"


def test_staff_recompute_see_the_snapshot_then_a_change_marks_it_stale_until_recomputed(page, county_staff, unit):
    today = timezone.localdate()
    OrganizationFactory.create_batch(2, unit=unit, township="城关镇")
    OrganizationFactory(unit=unit, township="东河镇")

    log_in(page, "county", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    summary = page.locator("[data-testid=dashboard-summary]")
    assert "数据根据台账即时计算。" in summary.inner_text()
    assert page.locator("[data-testid=drilldown]").count() == 0  # no snapshot, no drill-down

    page.get_by_role("button", name="立即重新计算").click()
    page.wait_for_selector(".alert-success")
    assert page.locator(".alert-success").inner_text() == f"已重新计算截至 {today.isoformat()} 的数据。"
    snapshot = Snapshot.objects.get(as_of=today)
    assert computed_at_text(snapshot) in summary.inner_text()
    assert page.locator("[data-testid=stale-notice]").count() == 0
    townships = page.locator("[data-testid=drilldown] table").first.locator("tbody tr")
    assert sorted(townships.all_inner_texts())[0].split("\t")[:2] == ["东河镇", "1"]
    if snapshot.frozen:  # a half-year end: the snapshot is kept for audit and is not recomputed again
        assert page.locator("[data-testid=dashboard-summary] .badge").inner_text() == "已封存备查"
        return

    # The register changes: the page says the stored figures may be out of date.
    OrganizationFactory(unit=unit, township="东河镇")
    page.reload()
    assert page.locator("[data-testid=stale-notice]").is_visible()

    # Recompute again: a newer snapshot, the notice is gone, and the drill-down counts the new organization.
    page.get_by_role("button", name="立即重新计算").click()
    page.wait_for_selector(".alert-success")
    recomputed = Snapshot.objects.get(as_of=today)
    assert recomputed.computed_at > snapshot.computed_at
    assert computed_at_text(recomputed) in page.locator("[data-testid=dashboard-summary]").inner_text()
    assert page.locator("[data-testid=stale-notice]").count() == 0

    # Drill down into a township from the snapshot's table.
    page.locator("[data-testid=drilldown]").get_by_role("link", name="东河镇").click()
    page.wait_for_url("**township=*")
    assert page.locator("[data-testid=dashboard-title]").inner_text() == "东河镇概况"
    active_orgs = page.locator("[data-testid=baseline] tbody tr").first.locator("td").last
    assert active_orgs.inner_text() == "2"  # the township's figures: its two organizations
