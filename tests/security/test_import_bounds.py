"""Registers built to exhaust the server or to lose data quietly: the error list is bounded and
paged, a register's rows are bounded, and nothing a file holds is dropped without an error."""
import io
import shutil
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Organization, SupervisingUnit
from register.importing import register_import
from register.models import RegisterImport
from register.services import validate_register_upload
from tests.registers import OWN_REGISTER

pytestmark = pytest.mark.django_db
UNITS_HEADER = "code,name,kind\n"


@pytest.fixture(autouse=True)
def english(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"


def duplicate_units(folder, rows: int):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "units.csv").write_text(UNITS_HEADER + "T01,城关镇党委,township\n" * rows, encoding="utf-8")
    return folder


def peak_memory_of_check(folder) -> tuple[int, object]:
    tracemalloc.start()
    try:
        result = register_import(folder, dry_run=True)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_errors_beyond_the_limit_are_counted_not_kept(tmp_path, settings):
    settings.REGISTER_MAX_ERRORS = 1000
    result = register_import(duplicate_units(tmp_path / "r", 5001), dry_run=True)
    assert result.error_total == 5000
    assert len(list(result.errors)) == 1000
    (more,) = result.more_errors
    assert (more.file, more.column) == ("units.csv", "code")
    assert "4000" in str(more.message)
    stored = result.as_dict()
    assert stored["error_total"] == 5000 and len(stored["errors"]) == 1000 and len(stored["more_errors"]) == 1


def test_memory_of_an_error_heavy_register_does_not_grow_with_its_rows(tmp_path, settings):
    """Before the limit, each of 300,000 duplicate rows kept an error (547 MB for the page alone)."""
    settings.REGISTER_MAX_ERRORS = 1000
    small, _ = peak_memory_of_check(duplicate_units(tmp_path / "small", 5_000))
    large, result = peak_memory_of_check(duplicate_units(tmp_path / "large", 60_000))
    assert result.error_total == 59_999
    assert large < 2 * small + 2_000_000, (small, large)


def test_a_register_file_beyond_the_row_limit_is_refused_with_its_row(tmp_path, settings):
    settings.REGISTER_MAX_ROWS = 100
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS_HEADER + "".join(f"U{i},单位{i},township\n" for i in range(150)),
                                      encoding="utf-8")
    result = register_import(folder)
    assert not result.ok
    (error,) = result.errors
    assert error.file == "units.csv" and error.row == 102 and "100" in str(error.message)
    assert not SupervisingUnit.objects.exists()


def test_a_row_with_more_cells_than_its_header_is_an_error_naming_file_and_row(tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(OWN_REGISTER, folder)
    path = folder / "organizations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",有限公司"  # an unquoted comma inside the last cell
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = register_import(folder)
    assert not result.ok
    (error,) = result.errors
    assert (error.file, error.row, error.column) == ("organizations.csv", 4, None)
    assert "有限公司" in str(error.message) and "quotes" in str(error.message)
    assert not Organization.objects.exists()


def test_trailing_empty_cells_are_not_data(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "units.csv").write_text(UNITS_HEADER + "T01,城关镇党委,township,,\n", encoding="utf-8")
    assert register_import(folder).ok


def _zip(entries: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("register.zip", buffer.getvalue(), content_type="application/zip")


def test_a_zip_with_one_file_twice_is_refused_naming_both(client, county_staff):
    units = (OWN_REGISTER / "units.csv").read_bytes()
    upload = _zip({"a/units.csv": units, "b/units.csv": units.replace(b"township", b"department", 1)})
    with pytest.raises(Exception) as caught:
        validate_register_upload(upload)
    assert "a/units.csv" in str(caught.value) and "b/units.csv" in str(caught.value)
    client.force_login(county_staff)
    response = client.post(reverse("register:register_import"), {"file": _zip({"a/units.csv": units,
                                                                               "b/units.csv": units})})
    assert response.status_code == 200 and "b/units.csv" in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_the_error_list_is_paged_and_ends_with_the_counts_by_kind(client, county_staff, settings, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    settings.REGISTER_MAX_ERRORS = 250
    units = UNITS_HEADER.encode() + b"T01,x,township\n" * 400
    client.force_login(county_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register:register_import"), {"file": _zip({"units.csv": units})})
    detail = response["Location"]
    first = client.get(detail).content.decode()
    assert "399 errors were found" in first
    assert first.count("appears more than once") == 100  # one page
    assert 'data-testid="import-errors-more"' not in first
    last = client.get(detail, {"page": 3}).content.decode()
    assert last.count("appears more than once") == 50
    assert 'data-testid="import-errors-more"' in last and "149 more error" in last
    for page in ("0", "-1", "999999999999999999999", "abc"):
        assert client.get(detail, {"page": page}).status_code == 200
