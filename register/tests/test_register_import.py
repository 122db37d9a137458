"""Register import: every error kind with file, row and column; nothing written on error;
idempotent; round trips byte for byte (docs/register.md)."""
import csv
import datetime
import pathlib
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from members.models import PartyMember, PipelinePerson
from organizations.models import LeadershipMember, Organization, PartyOrg, SupervisingUnit
from register.exporting import register_export
from register.importing import register_import
from tests.registers import OWN_REGISTER

SAMPLE = OWN_REGISTER  # the project's own small register (tests/data/)

pytestmark = pytest.mark.django_db


def sample_rows(name: str) -> list[dict]:
    """The rows of one file of the sample register, as dicts (the header is not a row)."""
    with open(SAMPLE / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def register(tmp_path):
    """A writable copy of the sample register."""
    folder = tmp_path / "register"
    shutil.copytree(SAMPLE, folder)
    return folder


def rewrite(folder: pathlib.Path, name: str, change):
    """Apply change(rows) to the list of dict rows of a file and write it back."""
    path = folder / f"{name}.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames), list(reader)
    new_header = change(rows)
    if new_header is not None:
        header = new_header
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def fingerprint():
    return (
        list(SupervisingUnit.objects.order_by("code").values_list("code", "name", "kind")),
        list(Organization.objects.order_by("credit_code").values_list("credit_code", "employees", "stable",
                                                                       "status", "unit__code")),
        list(PartyOrg.objects.order_by("code").values_list("code", "form", "established_on", "revoked_on")),
        sorted(PartyOrg.organizations.through.objects.values_list("partyorg__code", "organization__credit_code")),
        list(PartyMember.objects.order_by("member_id").values_list("member_id", "joined_on", "full_on", "party_org__code")),
        list(LeadershipMember.objects.order_by("party_org__code", "pk").values_list("party_org__code", "name")),
    )


def errors_of(folder):
    result = register_import(folder)
    assert not result.ok
    return [(e.file, e.row, e.column, str(e.message)) for e in result.errors]


def assert_nothing_written():
    assert not SupervisingUnit.objects.exists()
    assert not Organization.objects.exists()
    assert not PartyMember.objects.exists()


def test_bad_credit_code_names_file_row_column_and_expected_check_character(register):
    def change(rows):
        rows[2]["credit_code"] = rows[2]["credit_code"][:17] + ("0" if rows[2]["credit_code"][17] != "0" else "1")
    rewrite(register, "organizations", change)
    errors = errors_of(register)
    file, row, column, message = errors[0]
    assert (file, row, column) == ("organizations.csv", 4, "credit_code")
    assert "is not a valid unified social credit code: its check character should be" in message
    assert_nothing_written()


def test_unknown_unit_reference(register):
    rewrite(register, "organizations", lambda rows: rows[0].update(unit_code="NOPE"))
    assert errors_of(register) == [(
        "organizations.csv", 2, "unit_code",
        "There is no supervising unit with the code “NOPE” in the register or in the portal.",
    )]
    assert_nothing_written()


def test_unknown_organization_in_a_list(register):
    rewrite(register, "officers", lambda rows: rows[0].update(org_codes=rows[0]["org_codes"] + ";91341122MA0000000X"))
    [(file, row, column, message)] = errors_of(register)
    assert (file, row, column) == ("officers.csv", 2, "org_codes")
    assert "91341122MA0000000X" in message


def test_bad_date(register):
    rewrite(register, "members", lambda rows: rows[4].update(joined_on="2009/05/01"))
    assert errors_of(register) == [(
        "members.csv", 6, "joined_on",
        "“2009/05/01” is not a date: write it as YYYY-MM-DD, for example 2009-06-30.",
    )]
    assert_nothing_written()


def test_impossible_date(register):
    rewrite(register, "members", lambda rows: rows[0].update(employed_since="2009-02-30"))
    [(file, row, column, message)] = errors_of(register)
    assert (file, row, column) == ("members.csv", 2, "employed_since")


def test_bad_boolean(register):
    rewrite(register, "organizations", lambda rows: rows[1].update(stable="maybe"))
    assert errors_of(register) == [(
        "organizations.csv", 3, "stable",
        "“maybe” is not a yes/no value: write 1 or 0, true or false, yes or no, 是 or 否.",
    )]


def test_duplicate_key(register):
    units = sample_rows("units")
    def change(rows):
        rows.append(dict(rows[0]))
    rewrite(register, "units", change)
    # the copy is the last row: the header is row 1, the sample's units rows 2…len+1
    assert errors_of(register) == [(
        "units.csv", len(units) + 2, "code",
        f"“{units[0]['code']}” appears more than once in this file (first in row 2).",
    )]
    assert_nothing_written()


def test_joint_party_org_with_one_organization(register):
    def change(rows):
        joint = next(r for r in rows if r["form"] == "joint")
        joint["org_codes"] = joint["org_codes"].split(";")[0]
        return None
    rewrite(register, "party_orgs", change)
    [(file, row, column, message)] = errors_of(register)
    assert (file, column) == ("party_orgs.csv", "org_codes")
    assert message == "A joint party organization covers two or more organizations; 1 was chosen."


def test_applicant_with_activist_since(register):
    def change(rows):
        applicant = next(r for r in rows if r["stage"] == "applicant")
        # a date after the application, so that being an applicant is the only thing wrong
        applied = datetime.date.fromisoformat(applicant["applied_on"])
        applicant["activist_since"] = (applied + datetime.timedelta(days=1)).isoformat()
    rewrite(register, "pipeline", change)
    [(file, row, column, message)] = errors_of(register)
    assert (file, column) == ("pipeline.csv", "activist_since")
    assert message == "An applicant has not become an activist yet: clear the activist date or change the stage."


def test_unknown_and_missing_columns(register):
    def change(rows):
        for r in rows:
            r["remarks"] = "x"
        return ["code", "name", "remarks"]
    rewrite(register, "units", change)
    errors = errors_of(register)
    assert ("units.csv", 1, "remarks", "“remarks” is not a column of this file.") in errors
    assert ("units.csv", 1, "kind", "The column “kind” is missing from the header.") in errors


def test_every_error_is_reported_at_once(register):
    def change(rows):
        rows[0]["employees"] = "-3"
        rows[1]["status"] = "open"
    rewrite(register, "organizations", change)
    rewrite(register, "members", lambda rows: rows[0].update(full_on="1990-01-01"))
    errors = errors_of(register)
    assert [(f, r, c) for f, r, c, _ in errors] == [
        ("organizations.csv", 2, "employees"),
        ("organizations.csv", 3, "status"),
        ("members.csv", 2, "full_on"),
    ]


def test_pipeline_id_that_is_a_member_id(register):
    member_id = sample_rows("members")[0]["member_id"]
    rewrite(register, "pipeline", lambda rows: rows[0].update(person_id=member_id))
    [(file, row, column, message)] = errors_of(register)
    assert (file, row, column) == ("pipeline.csv", 2, "person_id")


def test_required_cell_empty(register):
    rewrite(register, "units", lambda rows: rows[0].update(name=""))
    assert errors_of(register) == [("units.csv", 2, "name", "This cell must not be empty.")]


def test_command_exits_non_zero_with_the_error_list(register, capsys):
    rewrite(register, "organizations", lambda rows: rows[0].update(unit_code="NOPE"))
    with pytest.raises(CommandError):
        call_command("import_register", str(register))
    assert "organizations.csv" in capsys.readouterr().err
    assert_nothing_written()


def test_dry_run_counts_and_writes_nothing(register):
    result = register_import(register, dry_run=True)
    assert result.ok
    assert result.counts["organizations"].added == len(sample_rows("organizations"))
    assert_nothing_written()


def test_reimport_changes_nothing(register):
    first = register_import(register)
    assert first.ok and first.counts["members"].added == len(sample_rows("members"))
    before = fingerprint()
    second = register_import(register)
    assert {name: (c.added, c.updated, c.removed) for name, c in second.counts.items()} == {
        name: (0, 0, 0) for name in second.counts
    }
    assert fingerprint() == before


def test_reimport_updates_in_place(register):
    register_import(register)
    count = Organization.objects.count()
    rewrite(register, "organizations", lambda rows: rows[0].update(employees="777"))
    result = register_import(register)
    assert result.counts["organizations"].updated == 1
    assert Organization.objects.count() == count
    org = Organization.objects.get(employees=777)
    assert org.history.first().history_change_reason == "register import"


def test_the_transfer_date_is_kept_by_a_reimport_and_goes_when_the_register_says_not_transferred(register):
    """relation_transferred_on is not in the register: a re-import keeps it while the member's
    relationship stays transferred, and clears it when the register says it is not."""
    register_import(register)
    member = PartyMember.objects.filter(relation_transferred=True).order_by("member_id").first()
    PartyMember.objects.filter(pk=member.pk).update(relation_transferred_on=member.joined_on)
    assert register_import(register).counts["members"].updated == 0
    assert PartyMember.objects.get(pk=member.pk).relation_transferred_on == member.joined_on

    def untransfer(rows):
        for row in rows:
            if row["member_id"] == member.member_id:
                row["relation_transferred"] = "0"
    rewrite(register, "members", untransfer)
    assert register_import(register).counts["members"].updated == 1
    member = PartyMember.objects.get(pk=member.pk)
    assert (member.relation_transferred, member.relation_transferred_on) == (False, None)


def test_leadership_rows_replace_the_stored_team(register):
    code = sample_rows("party_orgs")[0]["code"]  # the first party org, with a team of several in the sample
    assert sum(1 for r in sample_rows("leadership") if r["party_org_code"] == code) > 1
    register_import(register)
    def change(rows):
        rows[:] = [r for r in rows if r["party_org_code"] != code] + [
            {"party_org_code": code, "name": "新书记", "role": "secretary", "owner_family": "否"}]
    rewrite(register, "leadership", change)
    register_import(register)
    assert list(PartyOrg.objects.get(code=code).leadership.values_list("name", flat=True)) == ["新书记"]


def test_byte_identical_round_trip(register, tmp_path, django_db_blocker):
    register_import(register)
    register_export(tmp_path / "first")
    for model in (LeadershipMember, PipelinePerson, PartyMember):
        model.objects.all().delete()
    from members.models import CountyLeader, Officer
    from organizations.models import FiveGoodsAssessment
    FiveGoodsAssessment.objects.all().delete()
    Officer.objects.all().delete()
    CountyLeader.objects.all().delete()
    PartyOrg.objects.all().delete()
    Organization.objects.all().delete()
    SupervisingUnit.objects.all().delete()
    assert register_import(tmp_path / "first").ok
    register_export(tmp_path / "second")
    for path in sorted((tmp_path / "first").iterdir()):
        assert path.read_bytes() == (tmp_path / "second" / path.name).read_bytes(), path.name


def test_workbook_round_trip(register, tmp_path):
    register_import(register)
    register_export(tmp_path / "csv-before")
    register_export(tmp_path / "register.xlsx")
    rewrite(register, "organizations", lambda rows: rows[0].update(employees="555"))
    register_import(register)  # change something, then restore from the workbook
    result = register_import(tmp_path / "register.xlsx")
    assert result.ok, result.errors
    assert result.counts["organizations"].updated == 1
    register_export(tmp_path / "csv-after")
    for path in sorted((tmp_path / "csv-before").iterdir()):
        assert path.read_bytes() == (tmp_path / "csv-after" / path.name).read_bytes(), path.name


def test_bom_spaces_and_chinese_booleans_are_accepted(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "units.csv").write_text("\ufeff code , name ,kind\n T09 , 测试乡党委 , township \n", encoding="utf-8")
    (folder / "organizations.csv").write_text(
        "credit_code,name,category,individual_business,township,industry,unit_code,employees,stable,status,"
        "owner_name,owner_is_member\n"
        "91341122TG2116W7K1,测试公司,economic,否,测试乡,制造业,T09,12,是,active,,YES\n", encoding="utf-8")
    result = register_import(folder)
    assert result.ok, [str(e) for e in result.errors]
    org = Organization.objects.get()
    assert (org.individual_business, org.stable, org.owner_is_member, org.unit.code) == (False, True, True, "T09")


def test_reference_to_a_row_already_in_the_portal(tmp_path, register):
    register_import(register)
    folder = tmp_path / "only-members"
    folder.mkdir()
    shutil.copy(register / "members.csv", folder / "members.csv")
    result = register_import(folder)
    assert result.ok
    assert result.counts["members"].unchanged == len(sample_rows("members"))


def test_missing_folder_is_an_error(tmp_path):
    result = register_import(tmp_path / "nowhere")
    assert not result.ok
