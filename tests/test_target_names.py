"""No page and no workbook a person reads shows a target's code (formal3_standalone…): they show
the target's name. Codes may stay in URLs and attributes (?target=code, data-target), so the
pages' visible text is checked with tags, attributes, scripts and styles stripped, and the
workbooks' cell values."""
import io
import re

import pytest
from django.urls import resolve
from openpyxl import load_workbook

from common.views import EXPORT_PARAM, EXPORT_XLSX, ScopedListView
from targets.models import PlanTarget
from targets.registry import REGISTRY

from .test_permission_matrix import EXPECTED, url_of
from .urlmatrix import build_dataset

CODES = sorted(REGISTRY)
CODE_WORD = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, CODES)) + r")(?![\w-])")
STAFF_PAGES = sorted(name for name, row in EXPECTED.items() if row["county_staff"] == 200)
WORKBOOKS = ("reports:halfyearreport_xlsx", "reports:period_overview_xlsx")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def data(unit, unit_secretary, county_staff):
    data = build_dataset(unit, secretary=unit_secretary, staff=county_staff)
    report = data["report"]
    report.figures = {"as_of": "2010-06-30", "source": "computed", "baseline": {},
                      "targets": {code: {"value": 40 + i, "met": i % 2 == 0, "state": "failing"}
                                  for i, code in enumerate(CODES)}}
    report.save()
    return data


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"(?s)<[^>]*>", " ", html)


def codes_in(text: str) -> list[str]:
    return sorted(set(CODE_WORD.findall(text)))


def test_the_check_finds_a_code_as_a_word_only():
    assert codes_in(visible_text('<a href="?target=party_orgs" data-target="five_goods">x</a> '
                                 "party_orgs_x, formal3_standalone.")) == ["formal3_standalone"]


@pytest.mark.parametrize("role", ["county_staff", "unit_secretary"])
@pytest.mark.parametrize("name", ["reports:halfyearreport_detail", "reports:halfyearreport_print"])
def test_the_report_shows_each_targets_name(client, data, request, role, name):
    client.force_login(request.getfixturevalue(role))
    text = visible_text(client.get(url_of(name, data)).content.decode())
    assert codes_in(text) == []
    for target in PlanTarget.objects.all():
        assert target.name in text, target.code


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_no_page_shows_a_target_code(client, data, county_staff, name):
    client.force_login(county_staff)
    response = client.get(url_of(name, data), follow=True)
    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html"):
        return  # the workbooks below; attachments and JSON are no pages
    assert codes_in(visible_text(response.content.decode())) == [], name


def _workbook_urls(data):
    urls = [url_of(name, data) for name in WORKBOOKS]
    for name in STAFF_PAGES:
        url = url_of(name, data)
        view_class = getattr(resolve(url).func, "view_class", None)
        if view_class and issubclass(view_class, ScopedListView):
            urls.append(f"{url}?{EXPORT_PARAM}={EXPORT_XLSX}")
    return urls


def test_no_workbook_shows_a_target_code(client, data, county_staff):
    client.force_login(county_staff)
    for url in _workbook_urls(data):
        response = client.get(url)
        assert response.status_code == 200, url
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                 for cell in row if cell is not None]
        assert codes_in("\n".join(cells)) == [], url


def test_the_report_workbook_names_each_target(client, data, county_staff):
    client.force_login(county_staff)
    response = client.get(url_of("reports:halfyearreport_xlsx", data))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [row for sheet in workbook for row in sheet.iter_rows(values_only=True)]
    named = {row[0]: row[1] for row in rows if len(row) > 1 and row[0]}
    for target in PlanTarget.objects.all():
        assert named.get(target.name) == 40 + CODES.index(target.code), target.code
