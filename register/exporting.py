"""Writing the register out in the exchange format: a folder of CSV files or one workbook.

Rows are streamed from the database ordered by their keys in code-point order (the same on
PostgreSQL and SQLite), so exporting, importing into an empty database and exporting again
gives the same bytes.
"""
import csv
import datetime
import pathlib
from collections import defaultdict
from collections.abc import Iterator

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

from members.models import CountyLeader, Officer, PartyMember, PipelinePerson
from organizations.models import FiveGoodsAssessment, LeadershipMember, Organization, PartyOrg, SupervisingUnit

from common.export import csv_text, text_cell

from .schema import BOOL, FILES, TEXT, FileSpec

CHUNK = 2000


def codepoint(field: str):
    """Order by code point: PostgreSQL's "C" collation; SQLite compares bytes already."""
    return Collate(field, "C") if connection.vendor == "postgresql" else F(field)


def _links(through, parent_field: str, key_path: str) -> dict:
    """parent pk -> sorted list of the credit codes it is linked to."""
    links = defaultdict(list)
    for parent, code in through.objects.values_list(parent_field, f"organization__{key_path}").iterator(CHUNK):
        links[parent].append(code)
    return {parent: sorted(codes) for parent, codes in links.items()}


def _rows(spec: FileSpec) -> Iterator[dict]:
    name = spec.name
    if name == "units":
        yield from SupervisingUnit.objects.order_by(codepoint("code")).values("code", "name", "kind").iterator(CHUNK)
    elif name == "organizations":
        qs = Organization.objects.order_by(codepoint("credit_code")).annotate(unit_code=F("unit__code"))
        yield from qs.values(*spec.column_names).iterator(CHUNK)
    elif name == "party_orgs":
        links = _links(PartyOrg.organizations.through, "partyorg_id", "credit_code")
        qs = PartyOrg.objects.order_by(codepoint("code")).annotate(unit_code=F("unit__code"))
        for row in qs.values("pk", *(c for c in spec.column_names if c != "org_codes")).iterator(CHUNK):
            row["org_codes"] = links.get(row.pop("pk"), [])
            yield row
    elif name == "members":
        qs = PartyMember.objects.order_by(codepoint("member_id")).annotate(
            org_code=F("organization__credit_code"), party_org_code=F("party_org__code"),
            managing_unit_code=F("managing_unit__code"))
        yield from qs.values(*spec.column_names).iterator(CHUNK)
    elif name == "pipeline":
        qs = PipelinePerson.objects.order_by(codepoint("person_id")).annotate(org_code=F("organization__credit_code"))
        yield from qs.values(*spec.column_names).iterator(CHUNK)
    elif name in ("officers", "leaders"):
        model, key, through, parent = {
            "officers": (Officer, "officer_id", Officer.organizations.through, "officer_id"),
            "leaders": (CountyLeader, "leader_id", CountyLeader.contact_points.through, "countyleader_id"),
        }[name]
        links = _links(through, parent, "credit_code")
        for row in model.objects.order_by(codepoint(key)).values(
                "pk", *(c for c in spec.column_names if c != "org_codes")).iterator(CHUNK):
            row["org_codes"] = links.get(row.pop("pk"), [])
            yield row
    elif name == "leadership":
        qs = LeadershipMember.objects.order_by(codepoint("party_org__code"), "pk").annotate(
            party_org_code=F("party_org__code"))
        yield from qs.values(*spec.column_names).iterator(CHUNK)
    elif name == "five_goods":
        qs = FiveGoodsAssessment.objects.order_by(codepoint("party_org__code"), "year").annotate(
            party_org_code=F("party_org__code"))
        yield from qs.values(*spec.column_names).iterator(CHUNK)
    else:  # pragma: no cover - every file of the schema is handled above
        raise AssertionError(name)


def csv_cell(column_kind: str, value) -> str:
    if value is None:
        return ""
    if column_kind == BOOL:
        return "1" if value else "0"
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if column_kind == TEXT:
        return csv_text(value)  # never a live formula; the import takes the apostrophe back
    return str(value)


def workbook_cell(column_kind: str, value):
    if value is None:
        return None
    if column_kind == BOOL:
        return 1 if value else 0
    if isinstance(value, list):
        return ";".join(value)
    return value


def export_csv_folder(path: pathlib.Path) -> dict[str, int]:
    path.mkdir(parents=True, exist_ok=True)
    counts = {}
    for spec in FILES:
        with open(path / spec.filename, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(spec.column_names)
            count = 0
            for row in _rows(spec):
                writer.writerow([csv_cell(c.kind, row[c.name]) for c in spec.columns])
                count += 1
        counts[spec.name] = count
    return counts


def export_workbook(path: pathlib.Path) -> dict[str, int]:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    counts = {}
    for spec in FILES:
        sheet = workbook.create_sheet(spec.name)
        sheet.append(list(spec.column_names))
        count = 0
        for row in _rows(spec):
            cells = []
            for column in spec.columns:
                value = workbook_cell(column.kind, row[column.name])
                if isinstance(value, datetime.date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "yyyy-mm-dd"
                    value = cell
                cells.append(text_cell(sheet, value))
            sheet.append(cells)
            count += 1
        counts[spec.name] = count
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return counts


def register_export(path) -> dict[str, int]:
    """Write the whole register to PATH: a workbook when it ends in .xlsx, else a folder of CSVs."""
    path = pathlib.Path(path)
    if path.suffix.lower() == ".xlsx":
        return export_workbook(path)
    return export_csv_folder(path)
