"""The project's own boundary register (tests/data/register-boundaries/) against figures worked
out by hand from the rules of docs/targets.md (tests/data/README.md records the computation).

Only the stable interface is used: the management commands import_register, export_register
and compute_compliance, and the JSON document. No app module is imported, so the tests do not
depend on where the code lives, and they need nothing outside the repository.
"""
import csv
import datetime
import decimal
import difflib
import io
import json
import pathlib
import re

import pytest
from django.core.management import call_command
from django.db import transaction

DATA = pathlib.Path(__file__).resolve().parent / "data"
REGISTER = DATA / "register-boundaries"
EXPECTED_FILES = {
    "2010-12-31": DATA / "register-boundaries.expected.json",
    "2011-02-28": DATA / "register-boundaries.expected-2011-02-28.json",
}
REGISTER_FILES = (
    "units", "organizations", "party_orgs", "members", "pipeline", "officers", "leaders",
    "leadership", "five_goods",
)
# The plan's 19 targets, in the order of the plan registry (targets/registry.py).
TARGET_CODES = [
    "formal3_standalone", "stable50_member", "stable100_standalone", "party_orgs",
    "members_managed", "three_haves", "demo_city", "demo_county", "five_goods", "new_members",
    "activists_cultivated", "activist_quota", "development_quota", "uncovered_have_officer",
    "leaders_contact", "family_cap", "relations_transferred", "officer_load", "reports_filed",
]
BASELINE_KEYS = {"orgs", "individual_businesses", "party_orgs", "members", "employees",
                 "member_share_pct", "unstable_with_party_org"}
# The columns that identify a row of each file (leadership rows have no key of their own).
ROW_KEYS = {
    "units": ("code",), "organizations": ("credit_code",), "party_orgs": ("code",),
    "members": ("member_id",), "pipeline": ("person_id",), "officers": ("officer_id",),
    "leaders": ("leader_id",), "leadership": ("party_org_code", "name"),
    "five_goods": ("party_org_code", "year"),
}
COUNT_LINE = re.compile(r"^(?P<file>\w+): (?P<added>\d+) added, (?P<updated>\d+) updated, "
                        r"(?P<unchanged>\d+) unchanged$")

pytestmark = pytest.mark.django_db


# -- helpers -----------------------------------------------------------------------------------
def load_expected(as_of: str) -> dict:
    return json.loads(EXPECTED_FILES[as_of].read_text(encoding="utf-8"))


def source_rows(name: str, folder: pathlib.Path = REGISTER) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def import_register(path: pathlib.Path, *extra: str) -> dict[str, dict[str, int]]:
    """Run import_register; the per-file counts it prints, as {file: {added, updated, unchanged}}."""
    out = io.StringIO()
    call_command("import_register", str(path), *extra, stdout=out)
    counts = {}
    for line in out.getvalue().splitlines():
        match = COUNT_LINE.match(line.strip())
        if match:
            counts[match["file"]] = {k: int(match[k]) for k in ("added", "updated", "unchanged")}
    assert counts, f"import_register printed no per-file counts:\n{out.getvalue()}"
    return counts


def compute(as_of: str) -> dict:
    out = io.StringIO()
    call_command("compute_compliance", "--as-of", as_of, "--json", "--details", stdout=out)
    return json.loads(out.getvalue())


def export(folder: pathlib.Path) -> dict[str, str]:
    """Run export_register into folder; the text of every CSV file it wrote."""
    call_command("export_register", str(folder), stdout=io.StringIO())
    return {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(folder.glob("*.csv"))}


def _same(a, b) -> bool:
    """JSON equality that does not let true pass for 1 (Python's True == 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def figure_diff(expected, actual, path: str = "") -> list[str]:
    """One readable line per figure that differs."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = []
        for key in list(expected) + [k for k in actual if k not in expected]:
            where = f"{path}.{key}" if path else key
            if key not in actual:
                lines.append(f"{where}: expected {expected[key]!r}, the portal gives nothing")
            elif key not in expected:
                lines.append(f"{where}: not expected, the portal gives {actual[key]!r}")
            else:
                lines.extend(figure_diff(expected[key], actual[key], where))
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        if expected == actual:
            return []
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        detail = f"missing {missing}, extra {extra}" if missing or extra else "same keys, other order"
        return [f"{path}: {detail} (expected {expected}, the portal gives {actual})"]
    if _same(expected, actual):
        return []
    return [f"{path}: expected {expected!r}, the portal gives {actual!r}"]


def assert_document(expected: dict, actual: dict) -> None:
    diff = figure_diff(expected, actual)
    assert not diff, (f"compute_compliance --as-of {expected['as_of']} differs from the hand-worked "
                      f"figures in {len(diff)} place(s):\n  " + "\n  ".join(diff))
    assert actual == expected


def assert_same_files(before: dict[str, str], after: dict[str, str], what: str) -> None:
    assert sorted(before) == sorted(after), f"{what}: other files ({sorted(before)} vs {sorted(after)})"
    for name in before:
        if before[name] != after[name]:
            diff = "".join(difflib.unified_diff(
                before[name].splitlines(True), after[name].splitlines(True), f"{name} before",
                f"{name} after", n=1))
            pytest.fail(f"{what}: {name} differs\n{diff}")


def half_up(numerator: int, denominator: int) -> float:
    exact = decimal.Decimal(100 * numerator) / decimal.Decimal(denominator)
    return float(exact.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP))


@pytest.fixture
def english(settings):
    """import_register speaks the site's language; the count lines are read in English."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def imported(english):
    return import_register(REGISTER)


# -- the hand-worked documents themselves ------------------------------------------------------
@pytest.mark.parametrize("as_of", sorted(EXPECTED_FILES))
def test_hand_worked_documents_are_complete_and_consistent(as_of):
    """A slip in the hand computation (a failing key left out, a value rounded the wrong way, a
    state that does not follow from the date) shows up here before it is blamed on the portal."""
    doc = load_expected(as_of)
    assert doc["as_of"] == as_of and doc["plan_start"] == "2008-01-01"
    assert set(doc["baseline"]) == BASELINE_KEYS
    base = doc["baseline"]
    assert base["member_share_pct"] == half_up(base["members"], base["employees"])
    assert list(doc["targets"]) == TARGET_CODES
    day = datetime.date.fromisoformat(as_of)
    for code, target in doc["targets"].items():
        deadline = datetime.date.fromisoformat(target["deadline"])
        if target["kind"] == "percent":
            assert target["target"] == 100, code
            assert target["failing"] == sorted(target["failing"]), code
            assert len(set(target["failing"])) == len(target["failing"]), code
            assert target["numerator"] + len(target["failing"]) == target["denominator"], code
            assert target["value"] == half_up(target["numerator"], target["denominator"]), code
            assert target["met"] is (target["numerator"] == target["denominator"]), code
        else:
            assert target["kind"] == "count" and "failing" not in target, code
            assert target["denominator"] is None and target["value"] == target["numerator"], code
            assert target["met"] is (target["value"] >= target["target"]), code
        state = "met" if target["met"] else ("overdue" if day > deadline else "open")
        assert target["state"] == state, code


# -- the portal against the hand-worked figures -------------------------------------------------
@pytest.mark.parametrize("as_of", sorted(EXPECTED_FILES))
def test_compliance_of_the_boundary_register_matches_the_hand_worked_figures(imported, as_of):
    assert_document(load_expected(as_of), compute(as_of))


def test_first_import_adds_every_row_of_every_file(imported):
    expected = {name: {"added": len(source_rows(name)), "updated": 0, "unchanged": 0}
                for name in REGISTER_FILES}
    assert imported == expected


def test_dry_run_of_the_boundary_register_writes_nothing(english, tmp_path):
    empty_export = export(tmp_path / "before")
    assert all(text.count("\n") <= 1 for text in empty_export.values()), "the database is not empty"
    empty_documents = {as_of: compute(as_of) for as_of in EXPECTED_FILES}

    counts = import_register(REGISTER, "--dry-run")

    assert {name: c["added"] + c["updated"] + c["unchanged"] for name, c in counts.items()} == {
        name: len(source_rows(name)) for name in REGISTER_FILES}
    assert_same_files(empty_export, export(tmp_path / "after"), "export after a dry run")
    for as_of, document in empty_documents.items():
        assert compute(as_of) == document
    assert compute("2010-12-31")["baseline"]["orgs"] == 0


def test_importing_the_register_twice_changes_nothing(imported, tmp_path):
    documents = {as_of: compute(as_of) for as_of in EXPECTED_FILES}
    first_export = export(tmp_path / "first")

    again = import_register(REGISTER)

    assert sorted(again) == sorted(REGISTER_FILES)
    for name, counts in again.items():
        assert counts["added"] == 0, f"{name}: the second import added {counts['added']} row(s)"
        assert counts["updated"] + counts["unchanged"] == len(source_rows(name)), name
    for as_of, document in documents.items():
        assert_document(load_expected(as_of), document)
        assert compute(as_of) == document
    assert_same_files(first_export, export(tmp_path / "second"), "export after the second import")


def test_export_then_reimport_gives_identical_files(imported, tmp_path):
    exported = export(tmp_path / "first")
    assert sorted(exported) == sorted(f"{name}.csv" for name in REGISTER_FILES)
    for name in REGISTER_FILES:
        rows = source_rows(name, tmp_path / "first")
        assert set(rows[0]) == set(source_rows(name)[0]), f"{name}: other columns"
        key = ROW_KEYS[name]
        assert sorted(tuple(r[c] for c in key) for r in rows) == sorted(
            tuple(r[c] for c in key) for r in source_rows(name)), f"{name}: other rows"

    counts = import_register(tmp_path / "first")

    assert all(c["added"] == 0 for c in counts.values()), counts
    assert_same_files(exported, export(tmp_path / "second"), "export of a re-imported export")
    for as_of in EXPECTED_FILES:
        assert_document(load_expected(as_of), compute(as_of))


@pytest.fixture(scope="module")
def export_of_the_boundary_register(django_db_setup, django_db_blocker, tmp_path_factory):
    """The register imported and exported inside a transaction that is then rolled back: the
    export exists, the database it came from does not."""
    folder = tmp_path_factory.mktemp("exported")
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("import_register", str(REGISTER), stdout=io.StringIO())
            files = export(folder)
            transaction.set_rollback(True)
    return folder, files


def test_export_imported_into_an_empty_database_gives_the_same_register(
        english, export_of_the_boundary_register, tmp_path):
    folder, files = export_of_the_boundary_register
    assert all(text.count("\n") <= 1 for text in export(tmp_path / "empty").values()), \
        "the database is not empty"

    counts = import_register(folder)

    assert counts == {name: {"added": len(source_rows(name)), "updated": 0, "unchanged": 0}
                      for name in REGISTER_FILES}
    for as_of in EXPECTED_FILES:
        assert_document(load_expected(as_of), compute(as_of))
    assert_same_files(files, export(tmp_path / "again"), "export of the imported export")
