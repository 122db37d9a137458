"""Parsing the cells of a register and checking every rule, reporting all errors at once.

The check streams each file once; it keeps only the keys it needs to check references
(codes of units, organizations, party orgs, member ids), never the rows themselves.
"""
import dataclasses
import datetime
import re
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError

from members import rules as member_rules
from members.models import PartyMember, Stage
from organizations import rules as org_rules
from organizations.models import Organization, PartyOrg, PartyOrgForm, SupervisingUnit
from common.validators import KEY_FORBIDDEN, MSG_KEY_CHARACTERS
from organizations.validators import validate_credit_code

from . import errors as msg
from .errors import ErrorList, RegisterError
from .reading import EXTRA_CELLS, RawFile, RegisterSource, UnreadableFile
from .schema import BOOL, CHOICE, CODES, CREDIT_CODE, DATE, INT, TEXT, YEAR, Column

TRUE_WORDS = {"1", "true", "yes", "是"}
FALSE_WORDS = {"0", "false", "no", "否"}
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_INT = 2_147_483_647  # the largest whole number a database integer column holds


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, datetime.datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return str(raw).strip()


def parse_cell(column: Column, raw):
    """The typed value of a cell, or CellError with the message the clerk reads."""
    if column.kind == DATE and isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw
    if column.kind == BOOL and isinstance(raw, bool):
        return raw
    text = _text(raw)
    if CONTROL_CHARACTERS.search(text):
        raise CellError(msg.MSG_CONTROL_CHARACTER)
    if column.max_length and len(text) > column.max_length:
        raise CellError(msg.MSG_TOO_LONG % {"length": len(text), "limit": column.max_length})
    if not text:
        if column.required:
            raise CellError(msg.MSG_REQUIRED)
        return {BOOL: False, CODES: []}.get(column.kind, None if column.kind in (DATE, INT, YEAR) else "")
    if column.kind == TEXT:
        return text
    if column.kind == BOOL:
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(msg.MSG_BAD_BOOL % {"value": text})
    if column.kind == DATE:
        if not DATE_PATTERN.fullmatch(text):
            raise CellError(msg.MSG_BAD_DATE % {"value": text})
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CellError(msg.MSG_BAD_DATE % {"value": text}) from None
    if column.kind == INT:
        if not text.isdigit() or not text.isascii() or int(text) > MAX_INT:
            raise CellError(msg.MSG_BAD_INT % {"value": text})
        return int(text)
    if column.kind == YEAR:
        if not (text.isdigit() and text.isascii() and len(text) == 4):
            raise CellError(msg.MSG_BAD_YEAR % {"value": text})
        return int(text)
    if column.kind == CHOICE:
        if text not in column.choices:
            raise CellError(msg.MSG_BAD_CHOICE % {"value": text, "choices": " · ".join(column.choices)})
        return text
    if column.kind == CODES:
        codes = []
        for code in (c.strip() for c in text.split(";")):
            if not code:
                continue
            if code in codes:
                raise CellError(msg.MSG_DUPLICATE_IN_LIST % {"value": code})
            codes.append(code)
        return codes
    if column.kind == CREDIT_CODE:
        try:
            validate_credit_code(text)
        except ValidationError as exc:
            raise CellError(exc.messages[0]) from None
        return text
    raise AssertionError(f"unknown column kind {column.kind}")


@dataclasses.dataclass
class Row:
    number: int
    values: dict
    ok: bool = True  # every cell parsed


def parsed_rows(raw: RawFile, errors: list[RegisterError]) -> Iterator[Row]:
    """The rows of a file with their typed values; cell errors go to ``errors``."""
    for number, cells in raw.rows:
        values, ok = {}, True
        extra = cells.get(EXTRA_CELLS)
        if extra:
            errors.append(RegisterError(raw.label, number, None, msg.MSG_EXTRA_CELLS % {
                "count": len(extra), "value": str(extra[0])[:50]}))
            ok = False
        for column in raw.spec.columns:
            try:
                values[column.name] = parse_cell(column, cells.get(column.name))
            except CellError as exc:
                errors.append(RegisterError(raw.label, number, column.name, exc.message))
                values[column.name] = None
                ok = False
        yield Row(number, values, ok)


def unreadable_error(exc: UnreadableFile) -> RegisterError:
    if exc.reason == "encoding":
        return RegisterError(exc.label, exc.row, None, msg.MSG_NOT_UTF8)
    return RegisterError(exc.label, exc.row, None, msg.MSG_UNREADABLE % {"reason": exc.reason})


def header_errors(raw: RawFile) -> list[RegisterError]:
    if raw.problem is not None:
        return [unreadable_error(raw.problem)]
    found = []
    if not raw.header or not any(raw.header):
        return [RegisterError(raw.label, 1, None, msg.MSG_EMPTY_FILE)]
    seen = set()
    for name in raw.header:
        if name in seen:
            found.append(RegisterError(raw.label, 1, name, msg.MSG_DUPLICATE_COLUMN % {"column": name}))
        seen.add(name)
        if name not in raw.spec.column_names:
            found.append(RegisterError(raw.label, 1, name or "?", msg.MSG_UNKNOWN_COLUMN % {"column": name}))
    for name in raw.spec.column_names:
        if name not in seen:
            found.append(RegisterError(raw.label, 1, name, msg.MSG_MISSING_COLUMN % {"column": name}))
    return found


@dataclasses.dataclass
class Keys:
    """The keys a register may refer to: those already in the portal and those in its files."""

    units: set = dataclasses.field(default_factory=set)
    orgs: set = dataclasses.field(default_factory=set)
    party_orgs: dict = dataclasses.field(default_factory=dict)  # code -> year established
    members: set = dataclasses.field(default_factory=set)

    @classmethod
    def from_database(cls) -> "Keys":
        return cls(
            units=set(SupervisingUnit.objects.values_list("code", flat=True)),
            orgs=set(Organization.objects.values_list("credit_code", flat=True)),
            party_orgs={code: day.year for code, day in PartyOrg.objects.values_list("code", "established_on")},
            members=set(PartyMember.objects.values_list("member_id", flat=True)),
        )


class RegisterChecker:
    """Checks a whole register; ``errors`` holds every problem, ``rows`` the row count per file."""

    HEARTBEAT_ROWS = 2000  # rows between two calls of ``progress`` (the task's heartbeat)

    def __init__(self, source: RegisterSource, progress=None):
        self.source = source
        self.progress = progress or (lambda name, done: None)
        self.errors = ErrorList(settings.REGISTER_MAX_ERRORS)
        self.rows: dict[str, int] = {}
        self.keys = Keys.from_database()

    def run(self) -> ErrorList:
        try:
            self._run()
        except UnreadableFile as exc:  # the workbook itself cannot be opened
            self.errors.append(unreadable_error(exc))
        return self.errors

    def _run(self) -> None:
        for raw in self.source.files():
            if raw is None:
                continue
            problems = header_errors(raw)
            if problems:
                self.errors.extend(problems)
                continue
            check = getattr(self, f"check_{raw.spec.name}")
            self._first_row: dict = {}
            count, limit = 0, settings.REGISTER_MAX_ROWS
            try:
                for row in parsed_rows(raw, self.errors):
                    if count == limit:  # a register far beyond a province's: stop reading it
                        self.errors.append(RegisterError(raw.label, row.number, None,
                                                         msg.MSG_TOO_MANY_ROWS % {"limit": limit}))
                        break
                    count += 1
                    check(raw.label, row)
                    if count % self.HEARTBEAT_ROWS == 0:
                        self.progress(raw.label, count)
            except UnreadableFile as exc:  # the rest of this file cannot be read
                self.errors.append(unreadable_error(exc))
            self.rows[raw.spec.name] = count

    # -- helpers ------------------------------------------------------------------------
    def error(self, label, row, column, message):
        self.errors.append(RegisterError(label, row.number, column, message))

    def unique(self, label, row, column, key) -> bool:
        """Record the key; an error when it was already in this file."""
        if key is None:
            return False
        if KEY_FORBIDDEN.search(key):
            self.error(label, row, column, MSG_KEY_CHARACTERS)
        first = self._first_row.setdefault(key, row.number)
        if first != row.number:
            self.error(label, row, column, msg.MSG_DUPLICATE_KEY % {"value": key, "first": first})
            return False
        return True

    def refer(self, label, row, column, value, known, message):
        if value and value not in known:
            self.error(label, row, column, message % {"value": value})

    def refer_all(self, label, row, column, values, known, message):
        for value in values or ():
            self.refer(label, row, column, value, known, message)

    # -- files --------------------------------------------------------------------------
    def check_units(self, label, row):
        v = row.values
        self.unique(label, row, "code", v["code"])
        if v["code"]:
            self.keys.units.add(v["code"])

    def check_organizations(self, label, row):
        v = row.values
        self.unique(label, row, "credit_code", v["credit_code"])
        if v["credit_code"]:
            self.keys.orgs.add(v["credit_code"])
        self.refer(label, row, "unit_code", v["unit_code"], self.keys.units, msg.MSG_UNKNOWN_UNIT)

    def check_party_orgs(self, label, row):
        v = row.values
        self.unique(label, row, "code", v["code"])
        established = v["established_on"]
        if v["code"] and established:
            self.keys.party_orgs[v["code"]] = established.year
        elif v["code"]:
            self.keys.party_orgs.setdefault(v["code"], None)
        self.refer_all(label, row, "org_codes", v["org_codes"], self.keys.orgs, msg.MSG_UNKNOWN_ORG)
        self.refer(label, row, "unit_code", v["unit_code"], self.keys.units, msg.MSG_UNKNOWN_UNIT)
        codes = v["org_codes"]
        if v["form"] and codes is not None:
            if v["form"] == PartyOrgForm.STANDALONE and len(codes) != 1:
                self.error(label, row, "org_codes", org_rules.MSG_STANDALONE_ONE_ORG % {"count": len(codes)})
            if v["form"] == PartyOrgForm.JOINT and len(codes) < 2:
                self.error(label, row, "org_codes", org_rules.MSG_JOINT_TWO_ORGS % {"count": len(codes)})
        if established and v["revoked_on"] and v["revoked_on"] < established:
            self.error(label, row, "revoked_on", org_rules.MSG_REVOKED_BEFORE_ESTABLISHED
                       % {"revoked": v["revoked_on"], "established": established})
        if v["demo_level"] and v["demo_year"] is None and row.ok:
            self.error(label, row, "demo_year", org_rules.MSG_DEMO_YEAR_REQUIRED)
        if not v["demo_level"] and v["demo_year"] is not None and row.ok:
            self.error(label, row, "demo_year", org_rules.MSG_DEMO_YEAR_WITHOUT_LEVEL)
        if v["demo_year"] is not None and established and v["demo_year"] < established.year:
            self.error(label, row, "demo_year", org_rules.MSG_DEMO_YEAR_BEFORE_ESTABLISHED
                       % {"year": v["demo_year"], "established_year": established.year})

    def check_members(self, label, row):
        v = row.values
        self.unique(label, row, "member_id", v["member_id"])
        if v["member_id"]:
            self.keys.members.add(v["member_id"])
        self.refer(label, row, "org_code", v["org_code"], self.keys.orgs, msg.MSG_UNKNOWN_ORG)
        self.refer(label, row, "party_org_code", v["party_org_code"], self.keys.party_orgs, msg.MSG_UNKNOWN_PARTY_ORG)
        self.refer(label, row, "managing_unit_code", v["managing_unit_code"], self.keys.units, msg.MSG_UNKNOWN_UNIT)
        joined = v["joined_on"]
        if joined and v["full_on"] and v["full_on"] < joined:
            self.error(label, row, "full_on", member_rules.MSG_FULL_BEFORE_JOINED
                       % {"full": v["full_on"], "joined": joined})
        if joined and v["activist_since"] and v["activist_since"] > joined:
            self.error(label, row, "activist_since", member_rules.MSG_ACTIVIST_AFTER_JOINED
                       % {"activist": v["activist_since"], "joined": joined})

    def check_pipeline(self, label, row):
        v = row.values
        self.unique(label, row, "person_id", v["person_id"])
        if v["person_id"] in self.keys.members:
            self.error(label, row, "person_id", msg.MSG_PERSON_IS_MEMBER % {"value": v["person_id"]})
        self.refer(label, row, "org_code", v["org_code"], self.keys.orgs, msg.MSG_UNKNOWN_ORG)
        stage, since, applied = v["stage"], v["activist_since"], v["applied_on"]
        if stage in (Stage.ACTIVIST, Stage.CANDIDATE) and since is None and row.ok:
            self.error(label, row, "activist_since", member_rules.MSG_ACTIVIST_SINCE_REQUIRED)
        if stage == Stage.APPLICANT and since is not None:
            self.error(label, row, "activist_since", member_rules.MSG_APPLICANT_NO_ACTIVIST_SINCE)
        if since and applied and since < applied:
            self.error(label, row, "activist_since", member_rules.MSG_ACTIVIST_BEFORE_APPLIED
                       % {"activist": since, "applied": applied})

    def check_officers(self, label, row):
        v = row.values
        self.unique(label, row, "officer_id", v["officer_id"])
        self.refer_all(label, row, "org_codes", v["org_codes"], self.keys.orgs, msg.MSG_UNKNOWN_ORG)

    def check_leaders(self, label, row):
        v = row.values
        self.unique(label, row, "leader_id", v["leader_id"])
        self.refer_all(label, row, "org_codes", v["org_codes"], self.keys.orgs, msg.MSG_UNKNOWN_ORG)

    def check_leadership(self, label, row):
        v = row.values
        self.refer(label, row, "party_org_code", v["party_org_code"], self.keys.party_orgs, msg.MSG_UNKNOWN_PARTY_ORG)

    def check_five_goods(self, label, row):
        v = row.values
        code, year = v["party_org_code"], v["year"]
        self.refer(label, row, "party_org_code", code, self.keys.party_orgs, msg.MSG_UNKNOWN_PARTY_ORG)
        if code and year is not None:
            first = self._first_row.setdefault((code, year), row.number)
            if first != row.number:
                self.error(label, row, "year", msg.MSG_DUPLICATE_ASSESSMENT
                           % {"code": code, "year": year, "first": first})
            established = self.keys.party_orgs.get(code)
            if established and year < established:
                self.error(label, row, "year", msg.MSG_YEAR_BEFORE_ESTABLISHED
                           % {"year": year, "established": established})
