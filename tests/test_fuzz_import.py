"""Bad input against the register import (hardening issue, item 4).

A small valid register is mutated at random by hypothesis (missing and extra columns, wrong
dates, very long strings, Unicode, control characters, full-width digits, broken credit codes,
duplicate keys, unknown references, BOM, line endings, non-UTF-8 bytes...) and fed to the
importer service and to the web upload. The property: either the import succeeds and the
database holds exactly what the register says (re-importing it changes nothing, every key is
stored), or it fails with errors that each name a file (and a row or a column), and every
register table is byte-for-byte what it was. Never an unexpected exception, never a 500.
"""
import csv
import hashlib
import io
import pathlib
import tempfile
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings as hsettings, strategies as st

from members.models import CountyLeader, Officer, PartyMember, PipelinePerson
from organizations.models import Organization, PartyOrg, SupervisingUnit
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory, make_credit_code
from register import services
from register.models import ImportStatus, RegisterImport
from register.importing import register_import
from register.schema import BY_NAME

pytestmark = pytest.mark.django_db

FUZZ = hsettings(deadline=None, max_examples=40,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                        HealthCheck.data_too_large])

C1, C2, C3, C_DB = make_credit_code(101), make_credit_code(102), make_credit_code(103), make_credit_code(900)
KEYS = {"units": "code", "organizations": "credit_code", "party_orgs": "code", "members": "member_id",
        "pipeline": "person_id", "officers": "officer_id", "leaders": "leader_id"}
MODELS = {"units": SupervisingUnit, "organizations": Organization, "party_orgs": PartyOrg, "members": PartyMember,
          "pipeline": PipelinePerson, "officers": Officer, "leaders": CountyLeader}


def base_register() -> dict[str, list[dict]]:
    """A valid register that refers to itself and to what the database already holds (T01, C_DB, PDB)."""
    return {
        "units": [{"code": "F01", "name": "测试镇党委", "kind": "township"},
                  {"code": "F02", "name": "县工商联", "kind": "commerce_bureau"}],
        "organizations": [
            {"credit_code": code, "name": f"测试{n}有限公司", "category": "economic", "individual_business": "0",
             "township": "城关镇", "industry": "制造业", "unit_code": unit, "employees": str(10 * n), "stable": "1",
             "status": "active", "owner_name": "张三", "owner_is_member": "否"}
            for n, (code, unit) in enumerate([(C1, "F01"), (C2, "T01"), (C3, "F02")], 1)],
        "party_orgs": [
            {"code": "PF1", "name": "测试党支部", "level": "branch", "form": "standalone", "org_codes": C1,
             "unit_code": "F01", "established_on": "2005-03-01", "revoked_on": "", "has_venue": "1",
             "has_facilities": "yes", "has_funding": "0", "demo_level": "county", "demo_year": "2008"},
            {"code": "PF2", "name": "联合党支部", "level": "branch", "form": "joint", "org_codes": f"{C2};{C3}",
             "unit_code": "", "established_on": "2006-07-01", "revoked_on": "2010-01-01", "has_venue": "",
             "has_facilities": "", "has_funding": "", "demo_level": "", "demo_year": ""}],
        "members": [
            {"member_id": "MF1", "name": "李四", "gender": "M", "birth_date": "1980-02-29", "org_code": C1,
             "joined_on": "2004-01-01", "full_on": "2005-01-01", "employed_since": "2003-05-01",
             "relation_transferred": "1", "party_org_code": "PF1", "managing_unit_code": "", "activist_since": ""},
            {"member_id": "MF2", "name": "王芳", "gender": "F", "birth_date": "", "org_code": C_DB,
             "joined_on": "2009-07-01", "full_on": "", "employed_since": "2008-01-01",
             "relation_transferred": "0", "party_org_code": "PDB", "managing_unit_code": "T01",
             "activist_since": "2008-06-01"}],
        "pipeline": [
            {"person_id": "AF1", "name": "赵六", "org_code": C2, "stage": "activist", "applied_on": "2008-01-01",
             "activist_since": "2008-09-01", "union_or_league_head": "0"},
            {"person_id": "AF2", "name": "钱七", "org_code": C3, "stage": "applicant", "applied_on": "",
             "activist_since": "", "union_or_league_head": "TRUE"}],
        "officers": [{"officer_id": "OF1", "name": "孙八", "role": "instructor", "home_unit": "县委组织部",
                      "org_codes": f"{C1}; {C2}", "appointed_on": "2009-03-01"}],
        "leaders": [{"leader_id": "LF1", "name": "周九", "title": "副县长", "org_codes": C3}],
        "leadership": [{"party_org_code": "PF1", "name": "李四", "role": "secretary", "owner_family": "0"},
                       {"party_org_code": "PF1", "name": "张三", "role": "member", "owner_family": "1"}],
        "five_goods": [{"party_org_code": "PF1", "year": "2009", "leadership": "1", "members": "1",
                        "mechanism": "0", "performance": "1", "mass": "1"}],
    }


NASTY = {
    "dates": ["2010-02-30", "2009-13-01", "0000-00-00", "9999-12-31", "20090630", "２００９-０６-３０", "2009/06/30",
              "1899-12-31"],
    "numbers": ["-1", "1.5", "1e3", "99999999999999999999", "2147483648", "２０", "١٢٣", "00", "0", "1,000"],
    "words": ["", " ", "否", "YES", "maybe", "M", "F", "X", "joint", "standalone", "city", "Township"],
    "lists": ["1;1", ";;", " ; ", f"{C1};{C1}", f"{C1};NOPE", f"{C1}；{C2}"],
    "codes": ["9134112200000010X", "91341122000000101X", make_credit_code(101)[:-1] + "0", make_credit_code(555),
              "T01", "T02", "F01", "PF1", "PDB", "MF1", "AF1", "NOPE", "t01"],
    "long": ["a" * 33, "长" * 101, "长" * 201, "x" * 5000, "\U0001F600" * 120],
    "unicode": ["\u202eقسم الحزب\u202c", "党支部😀🇨🇳", "\u3000全角空格\u3000", "\ufeffbom-in-cell", "Ω≈ç√∫",
                "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "line\nbreak", "quote\"d,comma"],
    "control": ["nul\x00byte", "\x00", "tab\tand\x0bvt", "bell\x07", "del\x7f"],
}
CELL = st.one_of(*(st.sampled_from(values) for values in NASTY.values()),
                 st.text(max_size=30), st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True))
TEXT_COLUMNS = [(name, column.name) for name, spec in BY_NAME.items() for column in spec.columns
                if column.max_length]


@st.composite
def mutated_registers(draw):
    register = base_register()
    columns = {name: list(rows[0]) for name, rows in register.items()}
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(sorted(register)))
        rows = register[name]
        op = draw(st.sampled_from(["cell"] * 4 + ["text_cell"] * 2 + [
            "drop_column", "extra_column", "duplicate_row", "drop_file", "short_row", "long_row", "rename_column"]))
        if op == "text_cell":  # a long, Unicode or control-character value in a stored text column
            name, column = draw(st.sampled_from(TEXT_COLUMNS))
            if register.get(name):
                draw(st.sampled_from(register[name]))[column] = draw(
                    st.sampled_from(NASTY["long"] + NASTY["unicode"] + NASTY["control"]))
            continue
        if op == "drop_file":
            register.pop(name)
            continue
        if op == "drop_column":
            columns[name].remove(draw(st.sampled_from(columns[name])))
        elif op == "extra_column":
            columns[name].append(draw(st.sampled_from(["remark", "", "name", " code "])))
        elif op == "rename_column":
            i = draw(st.integers(0, len(columns[name]) - 1))
            columns[name][i] = draw(st.sampled_from([columns[name][i].upper(), f" {columns[name][i]} ", "名称"]))
        elif rows and op == "duplicate_row":
            rows.append(dict(draw(st.sampled_from(rows))))
        elif rows and op in ("short_row", "long_row"):
            row = draw(st.sampled_from(rows))
            row["__cells__"] = "short" if op == "short_row" else "long"
        elif rows:
            row = draw(st.sampled_from(rows))
            row[draw(st.sampled_from(list(BY_NAME[name].column_names)))] = draw(CELL)
    layout = {
        "bom": draw(st.booleans()),
        "newline": draw(st.sampled_from(["\n", "\r\n", "\r"])),
        "encoding": draw(st.sampled_from(["utf-8"] * 6 + ["gbk", "utf-16", "latin-garbage"])),
    }
    return register, columns, layout


def csv_bytes(rows: list[dict], header: list[str], layout: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=layout["newline"])
    writer.writerow(header)
    for row in rows:
        cells = [row.get(c.strip(), "") for c in header]
        if row.get("__cells__") == "short":
            cells = cells[: len(cells) // 2]
        elif row.get("__cells__") == "long":
            cells += ["extra", "cells"]
        writer.writerow(cells)
    text = out.getvalue()
    if layout["encoding"] == "latin-garbage":
        data = text.encode("utf-8") + b"\xff\xfe\x80 broken\n"
    else:
        data = text.encode(layout["encoding"], errors="replace")
    return (b"\xef\xbb\xbf" + data) if layout["bom"] and layout["encoding"] == "utf-8" else data


def write_register(folder: pathlib.Path, case) -> None:
    register, columns, layout = case
    for name, rows in register.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(rows, columns[name], layout))


def register_digest() -> str:
    """A digest of every row of every register table (with their history and link tables)."""
    digest = hashlib.sha256()
    for label in ("organizations", "members"):
        for model in sorted(apps.get_app_config(label).get_models(include_auto_created=True),
                            key=lambda m: m._meta.db_table):
            digest.update(model._meta.db_table.encode())
            for row in model.objects.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def assert_named(errors: list[dict]) -> None:
    assert errors
    for error in errors:
        assert error["file"], error
        assert error["message"], error


def assert_stored_as_written(folder: pathlib.Path, case) -> None:
    """Re-importing the same register changes nothing, and every key of every file is stored."""
    again = register_import(folder, dry_run=True)
    assert again.ok, [str(e) for e in again.errors]
    for name, counts in again.counts.items():
        assert (counts.added, counts.updated, counts.removed) == (0, 0, 0), (name, counts)
    register, _columns, _layout = case
    for name, rows in register.items():
        if name in KEYS:
            keys = {row[KEYS[name]].strip() for row in rows}
            assert MODELS[name].objects.filter(**{f"{KEYS[name]}__in": keys}).count() == len(keys)


@pytest.fixture
def stored(unit):
    """What the portal holds before the import: unit T01, an organization and its party org."""
    org = OrganizationFactory(credit_code=C_DB, unit=unit)
    PartyOrgFactory(code="PDB", unit=unit, organizations=[org])


def test_the_unmutated_register_imports_exactly(stored, tmp_path):
    case = (base_register(), {n: list(r[0]) for n, r in base_register().items()},
            {"bom": True, "newline": "\r\n", "encoding": "utf-8"})
    write_register(tmp_path, case)
    result = register_import(tmp_path)
    assert result.ok, [str(e) for e in result.errors]
    assert result.counts["organizations"].added == 3
    assert_stored_as_written(tmp_path, case)


def test_a_non_utf8_file_is_an_error_naming_the_file(stored, tmp_path):
    (tmp_path / "units.csv").write_bytes("code,name,kind\nF01,测试镇党委,township\n".encode("gbk"))
    before = register_digest()
    result = register_import(tmp_path)
    assert [(e.file, e.row) for e in result.errors] == [("units.csv", 2)]
    assert register_digest() == before


def test_too_long_text_and_control_characters_are_cell_errors(stored, tmp_path):
    (tmp_path / "units.csv").write_text(f"code,name,kind\nF01,{'长' * 201},township\nF\x002,名称,township\n",
                                        encoding="utf-8")
    result = register_import(tmp_path)
    assert {(e.row, e.column) for e in result.errors} == {(2, "name"), (3, "code")}
    assert not SupervisingUnit.objects.filter(code__startswith="F").exists()


def test_a_key_with_a_slash_is_a_cell_error(stored, tmp_path):
    """A code with "/" would be stored but its page could not be addressed."""
    (tmp_path / "units.csv").write_text("code,name,kind\nF/1,名称,township\n", encoding="utf-8")
    result = register_import(tmp_path)
    assert [(e.row, e.column) for e in result.errors] == [(2, "code")]
    assert not SupervisingUnit.objects.filter(code="F/1").exists()


@FUZZ
@given(case=mutated_registers())
def test_service_imports_all_or_nothing(stored, case):
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        write_register(folder, case)
        before = register_digest()
        result = register_import(folder)  # any exception fails the property
        event("imported" if result.ok else "refused")
        if result.ok:
            assert_stored_as_written(folder, case)
        else:
            assert_named(result.as_dict()["errors"])
            assert register_digest() == before
        transaction.set_rollback(True)


def zipped(case) -> bytes:
    buffer = io.BytesIO()
    register, columns, layout = case
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in register.items():
            archive.writestr(f"register/{name}.csv", csv_bytes(rows, columns[name], layout))
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@FUZZ
@given(case=mutated_registers())
def test_web_upload_never_500_and_all_or_nothing(stored, media, client, county_staff, case):
    client.force_login(county_staff)
    with transaction.atomic():
        before = register_digest()
        upload = SimpleUploadedFile("register.zip", zipped(case), content_type="application/zip")
        response = client.post(reverse("register:register_import"), {"file": upload})
        assert response.status_code in (200, 302)
        if response.status_code == 200:  # refused at upload: a field error, nothing stored
            event("refused at upload")
            assert response.context["form"].errors["file"]
            assert not RegisterImport.objects.exists()
        else:
            record = services.register_import_check(record=RegisterImport.objects.get())
            event(f"checked: {record.status}")
            if record.status == ImportStatus.CHECKED:
                record.status = ImportStatus.IMPORTING
                record.save(update_fields=["status"])
                record = services.register_import_apply(record=record, user=county_staff)
                assert record.status == ImportStatus.DONE, record.result
            else:
                assert record.status == ImportStatus.INVALID
                assert_named(record.checked["errors"])
                assert register_digest() == before
            assert client.get(record.get_absolute_url()).status_code == 200
        transaction.set_rollback(True)


# -- upload limits ------------------------------------------------------------------------
def post_file(client, county_staff, name: str, data: bytes):
    client.force_login(county_staff)
    return client.post(reverse("register:register_import"), {"file": SimpleUploadedFile(name, data)})


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("register.csv", b"code,name,kind\n", services.MSG_UPLOAD_TYPE),
    ("register.zip", b"", None),  # Django's own "the submitted file is empty"
    ("register.zip", b"code,name,kind\nT09,x,township\n", services.MSG_UPLOAD_TYPE),
    ("register.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, services.MSG_UPLOAD_TYPE),
    ("register.xlsx", zip_of({"units.csv": b"code,name,kind\n"}), services.MSG_UPLOAD_NOT_WORKBOOK),
    ("register.zip", zip_of({"readme.txt": b"hello"}), None),  # none of the register's files
    ("register.zip", zip_of({"units.csv": b"\x00\x01\x02binary"}), None),
    ("register.zip", zip_of({"units.csv": zip_of({"inner.csv": b"a"})}), None),  # a zip renamed .csv
    ("register.zip", b"PK\x03\x04 truncated archive", None),
])
def test_wrong_types_are_refused_on_the_field_and_nothing_stored(client, county_staff, media, in_english,
                                                                name, data, message):
    response = post_file(client, county_staff, name, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors
    if message is not None:
        assert errors == [str(message)]
    assert not RegisterImport.objects.exists()


def test_an_upload_over_the_limit_is_refused(client, county_staff, media, settings, in_english):
    settings.REGISTER_IMPORT_MAX_MB = 1
    data = zip_of({"units.csv": b"code,name,kind\n"}) + b"\x00" * (1024 * 1024)
    response = post_file(client, county_staff, "register.zip", data)
    assert response.context["form"].errors["file"] == [
        str(services.MSG_UPLOAD_SIZE % {"size": round(len(data) / 1024 / 1024, 1), "limit": 1})]
    assert not RegisterImport.objects.exists()


def test_the_limit_comes_from_the_settings():
    from django.conf import settings

    assert settings.REGISTER_IMPORT_MAX_MB == services.upload_limit() > 0
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert 0 < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 10_000


def test_a_request_body_over_the_limit_is_a_friendly_400(client, county_staff, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(county_staff)
    response = client.post(reverse("organizations:organization_create"), {"name": "x" * 20_000})
    assert response.status_code == 400
    assert b'data-testid="error-page"' in response.content


def test_too_many_fields_is_a_friendly_400(client, county_staff, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    client.force_login(county_staff)
    response = client.post(reverse("organizations:organization_create"), {f"f{i}": "1" for i in range(60)})
    assert response.status_code == 400
    assert b'data-testid="error-page"' in response.content


def test_an_unknown_page_is_the_friendly_404(client, county_staff):
    client.force_login(county_staff)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b'data-testid="error-page"' in response.content
