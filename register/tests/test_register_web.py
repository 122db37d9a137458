"""Register import and export in the web UI for county staff: upload, preview, confirm."""
import csv
import io
import pathlib
import shutil
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Organization
from register.models import RegisterImport
from targets.models import Snapshot
from tests.registers import OWN_REGISTER

SAMPLE = OWN_REGISTER  # the project's own small register (tests/data/)

pytestmark = pytest.mark.django_db


def sample_rows(name: str) -> list[dict]:
    """The rows of one file of the sample register, as dicts (the header is not a row)."""
    with open(SAMPLE / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


ORGANIZATIONS = len(sample_rows("organizations"))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def zipped(folder: pathlib.Path, change=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.glob("*.csv")):
            data = path.read_bytes()
            if change and path.name in change:
                data = change[path.name](data)
            archive.writestr(f"register/{path.name}", data)
    return SimpleUploadedFile("register.zip", buffer.getvalue(), content_type="application/zip")


def test_staff_upload_see_the_counts_then_confirm(client, county_staff, django_capture_on_commit_callbacks):
    client.force_login(county_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register:register_import"), {"file": zipped(SAMPLE)})
    response = client.get(response["Location"])
    record = RegisterImport.objects.get()
    assert record.status == "checked"
    assert record.checked["counts"]["organizations"]["added"] == ORGANIZATIONS
    assert not Organization.objects.exists()  # nothing written before confirmation
    assert 'data-testid="import-counts"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("register:register_import_confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == "done"
    assert Organization.objects.count() == ORGANIZATIONS
    assert Snapshot.objects.count() == 1  # the embedded default recomputes right after an import
    assert record.uploaded_by == county_staff
    assert Organization.objects.first().history.first().history_user == county_staff


def test_register_with_errors_lists_them_and_cannot_be_confirmed(client, county_staff,
                                                                 django_capture_on_commit_callbacks):
    client.force_login(county_staff)
    code = sample_rows("units")[0]["code"]  # a second unit with the code of the first
    broken = {"units.csv": lambda data: data + f"{code},重复,township\n".encode()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register:register_import"), {"file": zipped(SAMPLE, broken)})
    response = client.get(response["Location"])
    record = RegisterImport.objects.get()
    assert record.status == "invalid"
    [error] = record.checked["errors"]
    assert (error["file"], error["column"]) == ("units.csv", "code")
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    client.post(reverse("register:register_import_confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == "invalid"
    assert not Organization.objects.exists()


def test_upload_of_another_type_is_refused_with_a_message(client, county_staff):
    client.force_login(county_staff)
    response = client.post(reverse("register:register_import"),
                           {"file": SimpleUploadedFile("register.pdf", b"%PDF-1.4")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not RegisterImport.objects.exists()


def test_zip_without_register_files_is_reported(client, county_staff, django_capture_on_commit_callbacks):
    client.force_login(county_staff)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register:register_import"),
                               {"file": SimpleUploadedFile("r.zip", buffer.getvalue())})
    # refused at upload, on the file field, before anything is stored
    [error] = response.context["form"].errors["file"]
    assert error.startswith("The .zip file holds none of the register's files")
    assert not RegisterImport.objects.exists()


def test_secretary_cannot_import_or_export(client, unit_secretary):
    client.force_login(unit_secretary)
    assert client.get(reverse("register:register_import")).status_code == 403
    assert client.post(reverse("register:register_import"), {"file": zipped(SAMPLE)}).status_code == 403
    assert client.get(reverse("register:register_export")).status_code == 403
    assert not RegisterImport.objects.exists()


def test_staff_export_a_workbook_that_opens(client, county_staff, tmp_path):
    from register.importing import register_import
    register_import(SAMPLE)
    client.force_login(county_staff)
    response = client.get(reverse("register:register_export"), {"format": "xlsx"})
    assert response.status_code == 200
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames[:3] == ["units", "organizations", "party_orgs"]
    assert sum(1 for _ in workbook["organizations"].iter_rows()) == ORGANIZATIONS + 1  # the header row and one row per organization


def test_staff_export_a_zip_of_csv_files(client, county_staff, tmp_path):
    from register.importing import register_import
    register_import(SAMPLE)
    client.force_login(county_staff)
    response = client.get(reverse("register:register_export"), {"format": "zip"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "organizations.csv" in archive.namelist()


@pytest.mark.parametrize(("old", "new"), [
    ("/reports/register/import/", "/register/import/"),
    ("/reports/register/import/7/", "/register/import/7/"),
    ("/reports/register/export/?format=zip", "/register/export/?format=zip"),
])
def test_the_register_pages_addresses_under_reports_redirect_to_their_new_home(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
