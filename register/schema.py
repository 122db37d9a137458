"""The files and columns of the register, in the order docs/register.md lists them (and export writes them)."""
import dataclasses

from members.models import Gender, OfficerRole, Stage
from organizations.models import (
    Category,
    DemoLevel,
    LeadershipRole,
    OrgStatus,
    PartyOrgForm,
    PartyOrgLevel,
    UnitKind,
)

TEXT, BOOL, DATE, INT, YEAR, CHOICE, CODES, CREDIT_CODE = (
    "text", "bool", "date", "int", "year", "choice", "codes", "credit_code",
)


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None  # of a text cell: the length of its database column


@dataclasses.dataclass(frozen=True)
class FileSpec:
    name: str  # without .csv; the sheet name in a workbook
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _choices(choices) -> tuple[str, ...]:
    return tuple(choices.values)


UNITS = FileSpec("units", (
    Column("code", required=True, max_length=32),
    Column("name", required=True, max_length=200),
    Column("kind", CHOICE, required=True, choices=_choices(UnitKind)),
))
ORGANIZATIONS = FileSpec("organizations", (
    Column("credit_code", CREDIT_CODE, required=True),
    Column("name", required=True, max_length=200),
    Column("category", CHOICE, required=True, choices=_choices(Category)),
    Column("individual_business", BOOL),
    Column("township", max_length=100),
    Column("industry", max_length=100),
    Column("unit_code", required=True),
    Column("employees", INT, required=True),
    Column("stable", BOOL),
    Column("status", CHOICE, required=True, choices=_choices(OrgStatus)),
    Column("owner_name", max_length=100),
    Column("owner_is_member", BOOL),
))
PARTY_ORGS = FileSpec("party_orgs", (
    Column("code", required=True, max_length=32),
    Column("name", required=True, max_length=200),
    Column("level", CHOICE, required=True, choices=_choices(PartyOrgLevel)),
    Column("form", CHOICE, required=True, choices=_choices(PartyOrgForm)),
    Column("org_codes", CODES),
    Column("unit_code"),
    Column("established_on", DATE, required=True),
    Column("revoked_on", DATE),
    Column("has_venue", BOOL),
    Column("has_facilities", BOOL),
    Column("has_funding", BOOL),
    Column("demo_level", CHOICE, choices=_choices(DemoLevel)),
    Column("demo_year", YEAR),
))
MEMBERS = FileSpec("members", (
    Column("member_id", required=True, max_length=32),
    Column("name", required=True, max_length=100),
    Column("gender", CHOICE, required=True, choices=_choices(Gender)),
    Column("birth_date", DATE),
    Column("org_code", required=True),
    Column("joined_on", DATE, required=True),
    Column("full_on", DATE),
    Column("employed_since", DATE, required=True),
    Column("relation_transferred", BOOL),
    Column("party_org_code"),
    Column("managing_unit_code"),
    Column("activist_since", DATE),
))
PIPELINE = FileSpec("pipeline", (
    Column("person_id", required=True, max_length=32),
    Column("name", required=True, max_length=100),
    Column("org_code", required=True),
    Column("stage", CHOICE, required=True, choices=_choices(Stage)),
    Column("applied_on", DATE),
    Column("activist_since", DATE),
    Column("union_or_league_head", BOOL),
))
OFFICERS = FileSpec("officers", (
    Column("officer_id", required=True, max_length=32),
    Column("name", required=True, max_length=100),
    Column("role", CHOICE, required=True, choices=_choices(OfficerRole)),
    Column("home_unit", max_length=200),
    Column("org_codes", CODES),
    Column("appointed_on", DATE, required=True),
))
LEADERS = FileSpec("leaders", (
    Column("leader_id", required=True, max_length=32),
    Column("name", required=True, max_length=100),
    Column("title", max_length=100),
    Column("org_codes", CODES),
))
LEADERSHIP = FileSpec("leadership", (
    Column("party_org_code", required=True),
    Column("name", required=True, max_length=100),
    Column("role", CHOICE, required=True, choices=_choices(LeadershipRole)),
    Column("owner_family", BOOL),
))
FIVE_GOODS = FileSpec("five_goods", (
    Column("party_org_code", required=True),
    Column("year", YEAR, required=True),
    Column("leadership", BOOL),
    Column("members", BOOL),
    Column("mechanism", BOOL),
    Column("performance", BOOL),
    Column("mass", BOOL),
))

# In the order of their references: a file only refers to files before it.
FILES: tuple[FileSpec, ...] = (UNITS, ORGANIZATIONS, PARTY_ORGS, MEMBERS, PIPELINE, OFFICERS, LEADERS,
                               LEADERSHIP, FIVE_GOODS)
BY_NAME = {f.name: f for f in FILES}
