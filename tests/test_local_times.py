"""Every time shown is local: the pages of the access matrix show a stored moment in the portal's
time zone (TIME_ZONE, Asia/Shanghai), never in UTC.

Every timestamp of the matrix's records (and of their history) is set to 2010-07-01 23:30 UTC,
07:30 on 2 July in Shanghai: a page showing that moment must say 2 July 07:30, and nothing of
1 July or 23:30 (the factories' own dates are other days)."""
import datetime
import io
import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import resolve
from django.utils import timezone
from openpyxl import load_workbook

from common.views import EXPORT_PARAM, EXPORT_XLSX, ScopedListView

from .test_permission_matrix import EXPECTED, url_of
from .urlmatrix import DATA_APPS, build_dataset, named_patterns

MOMENT = datetime.datetime(2010, 7, 1, 23, 30, tzinfo=datetime.UTC)
LOCAL = datetime.datetime(2010, 7, 2, 7, 30)  # MOMENT in Asia/Shanghai, as a person reads it

# A date as the portal writes it (ISO, zh-Hans' "Y年n月j日" and "Y/n/j"), optionally with a time.
DATE = r"(?P<y>\d{4})(?:-|/|年)(?P<m>\d{1,2})(?:-|/|月)(?P<d>\d{1,2})日?"
DATETIME = re.compile(DATE + r"(?:[ T,，]*(?P<H>\d{1,2}):(?P<M>\d{2}))?")
TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d])")

# Pages of the matrix that are not a record's page (lists, forms, the dashboard) also show the
# records' moments where they have them; the record pages are those with a URL argument.
STAFF_PAGES = sorted(name for name, row in EXPECTED.items() if row["county_staff"] == 200)
RECORD_PAGES = sorted(name for name in STAFF_PAGES if named_patterns()[name].pattern.converters)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def data(unit, unit_secretary, county_staff):
    from reports.models import ReportVersion

    data = build_dataset(unit, secretary=unit_secretary, staff=county_staff)
    report = data["report"]
    report.status = "submitted"
    report.submitted_by, report.submitted_at = unit_secretary, MOMENT
    report.save()
    ReportVersion.objects.create(report=report, number=1, work_done="done", submitted_at=MOMENT,
                                 submitted_by=unit_secretary)
    for app in DATA_APPS:
        for model in apps.get_app_config(app).get_models():
            moments = {f.name: MOMENT for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)}
            if moments:
                model.objects.update(**moments)  # every timestamp, the histories' included
    return data


def _visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"(?s)<[^>]*>", " ", html)


def _moments_shown(text: str) -> list[tuple]:
    """Every (date, time or None) TEXT shows for 2010, and every time of day without a date."""
    shown = []
    for match in DATETIME.finditer(text):
        if match["y"] != "2010":
            continue
        day = (int(match["m"]), int(match["d"]))
        shown.append((day, (int(match["H"]), int(match["M"])) if match["H"] else None))
    return shown


def test_the_moment_is_the_next_day_locally():
    assert timezone.localtime(MOMENT).replace(tzinfo=None) == LOCAL


def test_every_record_page_is_checked():
    assert {"reports:halfyearreport_detail", "reports:halfyearreport_print", "organizations:changerequest_detail",
            "organizations:assessment_detail", "register:register_import_detail"} <= set(RECORD_PAGES)


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_every_time_shown_is_local(client, data, county_staff, name):
    client.force_login(county_staff)
    response = client.get(url_of(name, data), follow=True)
    assert response.status_code == 200
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return  # workbooks below; files and JSON are not read as pages
    text = _visible_text(response.content.decode())
    times = [(int(h), int(m)) for h, m in TIME.findall(text)]
    assert (23, 30) not in times, name
    for day, time in _moments_shown(text):
        assert day != (7, 1), (name, day, time)  # the UTC day of the moment
        if day == (7, 2):
            assert time in (None, (7, 30)), (name, day, time)
    if name in RECORD_PAGES:
        assert (7, 30) in times or name not in PAGES_WITH_A_MOMENT, name
        if name in PAGES_WITH_A_MOMENT:
            assert ((7, 2), (7, 30)) in _moments_shown(text), name


# Record pages that show one of the record's moments (a submission, review, request, upload,
# confirmation, or the change history).
PAGES_WITH_A_MOMENT = {
    "reports:halfyearreport_detail", "reports:halfyearreport_print", "organizations:changerequest_detail",
    "organizations:assessment_detail", "register:register_import_detail", "organizations:organization_detail",
    "organizations:partyorg_detail", "members:partymember_detail", "members:pipelineperson_detail",
    "members:officer_detail", "members:countyleader_detail",
}


def _workbook_urls(data):
    """Every workbook of the matrix's pages: the report's, the period overview's, each list's export."""
    urls = [url_of("reports:halfyearreport_xlsx", data), url_of("reports:period_overview_xlsx", data)]
    for name in STAFF_PAGES:
        url = url_of(name, data)
        view_class = getattr(resolve(url).func, "view_class", None)
        if view_class and issubclass(view_class, ScopedListView):
            urls.append(f"{url}?{EXPORT_PARAM}={EXPORT_XLSX}")
    return urls


def test_workbooks_hold_the_local_time(client, data, county_staff):
    client.force_login(county_staff)
    shown = []
    for url in _workbook_urls(data):
        response = client.get(url)
        assert response.status_code == 200, url
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
        moments = [cell for cell in cells if isinstance(cell, datetime.datetime) and cell.year == 2010]
        # the UTC day or time of the moment is in no cell (openpyxl reads a date cell as midnight)
        assert not [m for m in moments if m.date() == MOMENT.date() or (m.hour, m.minute) == (23, 30)], url
        assert all(m == LOCAL for m in moments if m.date() == LOCAL.date() and m.time() != datetime.time(0)), url
        assert not [cell for cell in cells if isinstance(cell, str) and re.search(r"\b23:30\b", cell)], url
        shown += moments
    assert LOCAL in shown
