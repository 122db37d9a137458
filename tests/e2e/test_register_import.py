"""A register import in a browser: county staff upload the sample register (a .zip of its CSV files),
read the preview, confirm, wait for the task, and find the organizations in the register and the
new figures on the dashboard."""
import csv
import pathlib
import zipfile

import pytest

from accounts.tests.factories import PASSWORD
from members.models import PartyMember
from organizations.models import Organization, OrgStatus
from register.models import RegisterImport
from targets.models import Snapshot

from .conftest import confirm_dialog, log_in
from tests.registers import OWN_REGISTER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = OWN_REGISTER  # the project's own small register (tests/data/)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the live server runs in this process: it sees the override


def rows_in(name: str) -> int:
    with open(SAMPLE / name, encoding="utf-8-sig", newline="") as source:
        return sum(1 for _ in csv.DictReader(source))


def zipped_sample(folder: pathlib.Path) -> pathlib.Path:
    """The sample register as staff would send it: its CSV files in a .zip."""
    path = folder / "台账.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for csv_file in sorted(SAMPLE.glob("*.csv")):
            archive.write(csv_file, f"register/{csv_file.name}")
    return path


def test_staff_upload_the_register_preview_confirm_and_see_it_in_the_lists_and_dashboard(page, county_staff,
                                                                                         tmp_path):
    organizations = rows_in("organizations.csv")
    members = rows_in("members.csv")
    assert organizations and members

    # Before: an empty county, and the dashboard computes its figures on the fly.
    log_in(page, "county", PASSWORD)
    page.wait_for_selector("[data-testid=overview]")
    assert page.locator("[data-testid=active-orgs]").inner_text() == "0"
    assert page.locator("[data-testid=members]").inner_text() == "0"
    assert "数据根据台账即时计算" in page.locator("[data-testid=dashboard-summary]").inner_text()

    # Upload through the menu's import page.
    page.get_by_role("link", name="台账导入导出").click()
    page.wait_for_url("**/register/import/")
    page.get_by_label("台账文件").set_input_files(zipped_sample(tmp_path))
    page.get_by_role("button", name="上传并校验").click()

    # The preview: checked, nothing written yet, and the rows each file would add.
    page.wait_for_selector("[data-testid=import-status][data-status=checked]", timeout=60_000)
    assert "可以导入" in page.locator("[data-testid=import-status] .badge").inner_text()
    preview = page.locator("[data-testid=import-counts]")
    assert "将新增" in preview.locator("thead").inner_text()
    to_add = {row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text()
              for row in preview.locator("tbody tr").all()}
    assert to_add["organizations"] == str(organizations)
    assert to_add["members"] == str(members)
    assert not Organization.objects.exists()
    assert RegisterImport.objects.get().original_name == "台账.zip"

    # Confirm, and wait for the import (the page follows the task until it is done).
    page.get_by_role("button", name="确认导入").click()
    confirm_dialog(page)
    page.wait_for_selector("[data-testid=import-status][data-status=done]", timeout=60_000)
    assert "台账已导入" in page.get_by_role("status").inner_text()
    assert "新增" in page.locator("[data-testid=import-counts] thead").inner_text()
    assert Organization.objects.count() == organizations
    assert Snapshot.objects.exists()  # the import recomputes the figures right away

    # The organization register lists every organization of the file.
    page.goto("/organizations/")
    assert page.locator("[data-testid=row-count]").inner_text() == f"共 {organizations} 条"
    first = Organization.objects.order_by("credit_code").first()
    page.get_by_role("search").get_by_label("搜索").fill(first.credit_code)
    page.get_by_role("search").get_by_role("button", name="筛选").click()
    page.wait_for_url(f"**q={first.credit_code}*")
    assert page.locator("[data-testid=row-count]").inner_text() == "共 1 条"
    assert first.name in page.locator("table").inner_text()

    # The dashboard, reached from the success message, shows the imported figures from the snapshot.
    page.go_back()
    page.go_back()
    page.get_by_role("link", name="查看工作看板").click()
    page.wait_for_selector("[data-testid=overview]")
    active = Organization.objects.filter(status=OrgStatus.ACTIVE).count()
    assert active > 0
    assert page.locator("[data-testid=active-orgs]").inner_text() == str(active)
    assert page.locator("[data-testid=members]").inner_text() == str(PartyMember.objects.count())
    assert "数据来自" in page.locator("[data-testid=dashboard-summary]").inner_text()
