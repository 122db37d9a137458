"""The county overview of a half-year: who submitted, on time or late, who is overdue or returned,
the units' figures, and the Excel and print outputs of the overview and of each report."""
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.tests.factories import UnitFactory
from reports import rules
from reports.models import ReportVersion
from reports.selectors import NOT_OPENED, SUMMARY_COLUMNS, period_overview
from reports.tests.factories import ReportFactory

YEAR, HALF = 2010, 1
NARRATIVE = {"work_done": "建了两个支部", "problems": "人手不足", "next_plans": "继续推进"}


def figures(orgs, party_orgs, members, new_members, activists, met):
    return {
        "as_of": "2010-06-30", "source": "computed",
        "baseline": {"orgs": orgs, "party_orgs": party_orgs, "members": members},
        "new_members": new_members, "activists": activists,
        "targets": {f"t{i}": {"value": i, "met": i < met} for i in range(3)},
    }


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime at that local (Asia/Shanghai) time: the due date is a local day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def submitted_report(unit, at, *, status="submitted", figs=None, **extra):
    report = ReportFactory(unit=unit, year=YEAR, half=HALF, status=status, submitted_at=at,
                           figures=figs or figures(1, 1, 1, 0, 0, 0), **{**NARRATIVE, **extra})
    ReportVersion.objects.create(report=report, number=1, submitted_at=at, figures=report.figures, **NARRATIVE)
    return report


@pytest.fixture
def due(settings):
    settings.REPORT_DUE_DAYS = 15
    return rules.due_date(YEAR, HALF)


@pytest.fixture
def period(db, due):
    """Five units, one per case, around the due date."""
    units = {code: UnitFactory(code=code, name=f"单位{code}") for code in ("A", "B", "C", "D", "E")}
    # A: first submitted late in the evening of the due date (still that day locally, 15:30 UTC).
    submitted_report(units["A"], local(due, 23, 30), figs=figures(10, 4, 30, 2, 5, 2))
    # B: first submitted ten minutes after midnight local time (still the due date in UTC): late.
    submitted_report(units["B"], local(due + datetime.timedelta(days=1), 0, 10), figs=figures(7, 2, 11, 1, 3, 1))
    # C: no report at all. D: a draft never submitted.
    ReportFactory(unit=units["D"], year=YEAR, half=HALF, status="draft", figures=figures(3, 1, 4, 0, 1, 3))
    # E: submitted on time, then returned by the county.
    submitted_report(units["E"], local(due - datetime.timedelta(days=3), 9), status="returned",
                     figs=figures(5, 5, 9, 0, 0, 0), review_comment="补充")
    return units


def overview_url(year=YEAR, half=HALF):
    return reverse("reports:period_overview", kwargs={"year": year, "half": half})


def by_unit(overview):
    return {row.unit.code: row for row in overview.rows}


def test_classification_on_the_due_date(period, due):
    rows = by_unit(period_overview(year=YEAR, half=HALF, today=due))
    assert (rows["A"].on_time, rows["A"].first_submitted_on) == (True, due)
    assert (rows["B"].on_time, rows["B"].first_submitted_on) == (False, due + datetime.timedelta(days=1))
    assert rows["E"].on_time is True and rows["E"].returned and not rows["E"].overdue
    assert rows["C"].status == NOT_OPENED and rows["D"].status == "draft"
    # On the due date itself nobody is overdue yet.
    assert not any(row.overdue for row in rows.values())


def test_classification_the_day_after_the_due_date(period, due):
    rows = by_unit(period_overview(year=YEAR, half=HALF, today=due + datetime.timedelta(days=1)))
    assert {code for code, row in rows.items() if row.overdue} == {"C", "D"}
    assert [rows[c].on_time for c in "ABCDE"] == [True, False, None, None, True]


def test_the_first_submission_counts_not_a_later_resubmission(period, due):
    report = period["E"].reports.get()
    report.submitted_at = local(due + datetime.timedelta(days=10), 9)
    report.status = "submitted"
    report.save()
    ReportVersion.objects.create(report=report, number=2, submitted_at=report.submitted_at, **NARRATIVE)
    assert by_unit(period_overview(year=YEAR, half=HALF, today=due))["E"].on_time is True


def test_page_highlights_overdue_and_returned_rows(client, county_staff, period, due, in_english, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: due + datetime.timedelta(days=1))
    client.force_login(county_staff)
    page = client.get(overview_url()).content.decode()
    row = {code: re.search(rf'<tr data-unit="{code}" data-status="[^"]*"\s+class="([^"]*)">(.*?)</tr>', page, re.S)
           for code in "ABCDE"}
    assert row["C"][1] == "table-danger" and "Overdue" in row["C"][2] and "Not opened" in row["C"][2]
    assert row["D"][1] == "table-danger" and "Overdue" in row["D"][2]
    assert row["E"][1] == "table-warning" and "returned to the unit" in row["E"][2] and "On time" in row["E"][2]
    assert row["A"][1] == "" and "On time" in row["A"][2]
    assert "Late" in row["B"][2]


def test_overview_is_for_county_staff_only(client, unit_secretary, period):
    client.force_login(unit_secretary)
    assert client.get(overview_url()).status_code == 403
    assert client.get(reverse("reports:period_overview_xlsx", kwargs={"year": YEAR, "half": HALF})).status_code == 403
    assert client.get(reverse("reports:period_overview_latest")).status_code == 403


def test_latest_period_and_bad_half(client, county_staff, db):
    client.force_login(county_staff)
    year, half = rules.ended_periods(timezone.localdate(), count=1)[0]
    assert client.get(reverse("reports:period_overview_latest"))["Location"] == overview_url(year, half)
    assert client.get(overview_url(2010, 3)).status_code == 404


def page_figures(page):
    """{unit code: [figures as shown]} from the overview's summary table, totals under "total"."""
    table = re.search(r'data-testid="overview-figures">(.*?)</table>', page, re.S)[1]
    return {code: [None if v == "—" else int(v) for v in re.findall(r'data-key="[^"]+">([^<]*)<', cells)]
            for code, cells in re.findall(r'<tr data-unit="([^"]+)">(.*?)</tr>', table, re.S)}


def test_summary_xlsx_holds_the_page_figures(client, county_staff, period):
    client.force_login(county_staff)
    shown = page_figures(client.get(overview_url()).content.decode())
    assert shown["A"] == [10, 4, 30, 2, 5, 2] and shown["C"] == [None] * 6
    assert shown["total"] == [25, 12, 54, 3, 9, 6]

    response = client.get(reverse("reports:period_overview_xlsx", kwargs={"year": YEAR, "half": HALF}))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    width = len(SUMMARY_COLUMNS)
    in_xlsx = {row[0] or "total": list(row[-width:]) for row in rows[1:]}
    assert in_xlsx == shown


def test_report_xlsx_holds_the_report(client, unit_secretary, unit, due, in_english):
    report = submitted_report(unit, local(due, 10), figs=figures(10, 4, 30, 2, 5, 2))
    client.force_login(unit_secretary)
    response = client.get(reverse("reports:halfyearreport_xlsx", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    cells = {row[0]: row[1:] for row in openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True) if row and row[0]}
    for label, value in rules.figure_rows(report.figures):
        assert cells[str(label)][0] == value
    assert cells[str(rules.FIGURE_LABELS[0][1])][0] == 10
    assert "人手不足" in [v[0] for v in cells.values()]
    assert [cells[f"t{i}"][:2] for i in range(3)] == [(0, "Met"), (1, "Met"), (2, "Failing")]


def test_print_page_renders_narrative_and_figures_without_navigation(client, county_staff, unit, due):
    report = submitted_report(unit, local(due, 10), figs=figures(17, 4, 30, 2, 5, 2))
    client.force_login(county_staff)
    page = client.get(reverse("reports:halfyearreport_print", kwargs={"pk": report.pk})).content.decode()
    assert "建了两个支部" in page and "继续推进" in page
    assert re.search(r"<td>17</td>", page) and re.search(r"<td>30</td>", page)
    assert 'class="navbar' not in page and "nav_items" not in page


def test_secretary_cannot_export_or_print_another_units_report(client, other_secretary, unit_secretary, unit, due):
    report = submitted_report(unit, local(due, 10))
    client.force_login(other_secretary)
    assert client.get(reverse("reports:halfyearreport_xlsx", kwargs={"pk": report.pk})).status_code == 404
    assert client.get(reverse("reports:halfyearreport_print", kwargs={"pk": report.pk})).status_code == 404
    client.force_login(unit_secretary)
    assert client.get(reverse("reports:halfyearreport_xlsx", kwargs={"pk": report.pk})).status_code == 200


def _queries_for_units(client, county_staff, due, count, offset):
    for i in range(count):
        unit = UnitFactory(code=f"Q{offset + i:03d}")
        if i % 2:
            submitted_report(unit, local(due, 10))
    client.force_login(county_staff)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(overview_url()).status_code == 200
    page_queries = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        period_overview(year=YEAR, half=HALF, today=due)
    return page_queries, len(ctx.captured_queries)


def test_query_count_does_not_grow_with_units(client, county_staff, due):
    few = _queries_for_units(client, county_staff, due, 2, 0)
    many = _queries_for_units(client, county_staff, due, 8, 100)  # ten units in all
    assert few == many
    assert few[1] <= 3  # the units, the reports with their first submission (and the due days)
