"""A synthetic county register of any size, for benchmarks: N organizations with their party
orgs, members, pipeline, officers, leaders, teams and assessments, written as the CSV folder of
docs/register.md. Deterministic for a given N and seed; rows are written as they are made, so even a
county of 200,000 organizations is never held in memory.

The proportions follow the demo county (demo/county.py): most organizations are small
individual businesses; firms and social organizations employ most people; about 2 % of
employees are party members."""
import csv
import datetime
import pathlib
import random

from register.schema import FIVE_GOODS, LEADERS, LEADERSHIP, MEMBERS, OFFICERS, ORGANIZATIONS, PARTY_ORGS, PIPELINE
from register.schema import UNITS as UNITS_FILE

from .county import GIVEN, INDUSTRIES, SURNAMES, UNITS, credit_code

TOWNSHIPS = [name.removesuffix("党委") for code, name, kind in UNITS if kind == "township"]
FIRST_DAY = datetime.date(1995, 1, 1)
LAST_DAY = datetime.date(2010, 12, 31)


def _day(rng: random.Random, start: datetime.date = FIRST_DAY, end: datetime.date = LAST_DAY) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def _bool(flag: bool) -> str:
    return "1" if flag else "0"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


class _Files:
    """One csv writer per register file, each with its header."""

    def __init__(self, folder: pathlib.Path):
        self.handles = {}
        self.writers = {}
        for spec in (UNITS_FILE, ORGANIZATIONS, PARTY_ORGS, MEMBERS, PIPELINE, OFFICERS, LEADERS, LEADERSHIP,
                     FIVE_GOODS):
            handle = open(folder / spec.filename, "w", newline="", encoding="utf-8")
            self.handles[spec.name] = handle
            self.writers[spec.name] = csv.DictWriter(handle, fieldnames=spec.column_names)
            self.writers[spec.name].writeheader()
        self.counts = dict.fromkeys(self.writers, 0)

    def write(self, name: str, row: dict) -> None:
        self.writers[name].writerow(row)
        self.counts[name] += 1

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def write_synthetic_register(folder, organizations: int, *, seed: int = 2008) -> dict[str, int]:
    """Write a register of the given number of organizations into folder; the row count of each file."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:{organizations}")
    files = _Files(folder)
    try:
        _write(files, rng, organizations)
    finally:
        files.close()
    return files.counts


def _write(files: _Files, rng: random.Random, count: int) -> None:
    for code, name, kind in UNITS:
        files.write("units", {"code": code, "name": name, "kind": kind})
    township_units = [code for code, name, kind in UNITS if kind == "township"]
    other_units = [code for code, name, kind in UNITS if kind != "township"]

    uncovered: list[str] = []
    joint_pool: list[tuple[str, str]] = []  # small organizations waiting to form a joint party org
    party_orgs = 0
    members = 0
    pipeline = 0

    def party_org(org_codes: list[str], unit: str, form: str) -> str:
        nonlocal party_orgs
        party_orgs += 1
        code = f"PO{party_orgs:07d}"
        established = _day(rng, datetime.date(2000, 1, 1))
        demo = rng.random()
        demo_level = "city" if demo < 0.005 else "county" if demo < 0.025 else ""
        files.write("party_orgs", {
            "code": code, "name": f"第{party_orgs}党支部", "level": "branch" if rng.random() < 0.9 else "general_branch",
            "form": form, "org_codes": ";".join(org_codes), "unit_code": unit,
            "established_on": established.isoformat(),
            "revoked_on": _day(rng, established).isoformat() if rng.random() < 0.03 else "",
            "has_venue": _bool(rng.random() < 0.8), "has_facilities": _bool(rng.random() < 0.75),
            "has_funding": _bool(rng.random() < 0.7), "demo_level": demo_level,
            "demo_year": rng.randint(max(established.year, 2008), 2010) if demo_level else "",
        })
        seats = rng.randint(3, 5)
        family = rng.randint(0, 2) if rng.random() < 0.9 else seats  # a few teams breach the family cap
        for seat in range(seats):
            files.write("leadership", {
                "party_org_code": code, "name": _name(rng),
                "role": "secretary" if seat == 0 else "deputy_secretary" if seat == 1 else "member",
                "owner_family": _bool(seat < family),
            })
        for year in range(max(established.year, 2008), 2011):
            if rng.random() < 0.5:
                files.write("five_goods", {
                    "party_org_code": code, "year": year,
                    **{criterion: _bool(rng.random() < 0.85)
                       for criterion in ("leadership", "members", "mechanism", "performance", "mass")},
                })
        return code

    for serial in range(1, count + 1):
        individual = rng.random() < 0.85
        social = not individual and rng.random() < 0.15
        employees = rng.randint(1, 8) if individual else int(rng.paretovariate(1.2) * 8)
        township_index = rng.randrange(len(TOWNSHIPS))
        township = TOWNSHIPS[township_index]
        unit = township_units[township_index] if individual or rng.random() < 0.7 else rng.choice(other_units)
        code = credit_code("52" if social else "92" if individual else "91", serial)
        files.write("organizations", {
            "credit_code": code, "name": f"{township}第{serial}号{'个体户' if individual else '企业'}",
            "category": "social" if social else "economic", "individual_business": _bool(individual),
            "township": township, "industry": rng.choice(INDUSTRIES), "unit_code": unit,
            "employees": employees, "stable": _bool(rng.random() < 0.85),
            "status": "active" if rng.random() < 0.95 else "closed", "owner_name": _name(rng),
            "owner_is_member": _bool(rng.random() < 0.02),
        })

        own = None
        if not individual and employees >= 20 and rng.random() < 0.45:
            own = party_org([code], unit, "standalone")
        elif not individual and rng.random() < 0.3:  # joins the next joint party org of three
            joint_pool.append((code, unit))
            if len(joint_pool) == 3:
                own = party_org([c for c, _ in joint_pool], joint_pool[0][1], "joint")
                joint_pool.clear()
        else:
            uncovered.append(code)

        member_count = round(employees * rng.uniform(0.01, 0.08)) if not individual else int(
            rng.random() < 0.03)
        for _ in range(member_count):
            members += 1
            joined = _day(rng)
            full = joined + datetime.timedelta(days=365 + rng.randrange(60))
            managed = rng.random() < 0.9
            files.write("members", {
                "member_id": f"M{members:08d}", "name": _name(rng), "gender": rng.choice("MF"),
                "birth_date": _day(rng, datetime.date(1950, 1, 1), datetime.date(1988, 12, 31)).isoformat(),
                "org_code": code, "joined_on": joined.isoformat(),
                "full_on": full.isoformat() if full <= LAST_DAY else "",
                "employed_since": _day(rng, datetime.date(1990, 1, 1), LAST_DAY).isoformat(),
                "relation_transferred": _bool(rng.random() < 0.7),
                "party_org_code": own if own and managed else "",
                "managing_unit_code": unit if managed and not own else "",
                "activist_since": (joined - datetime.timedelta(days=400)).isoformat() if rng.random() < 0.6 else "",
            })
        for _ in range(rng.randint(0, 3) if not individual else int(rng.random() < 0.05)):
            pipeline += 1
            applied = _day(rng, datetime.date(2005, 1, 1))
            stage = rng.choice(("applicant", "activist", "activist", "candidate"))
            files.write("pipeline", {
                "person_id": f"P{pipeline:08d}", "name": _name(rng), "org_code": code, "stage": stage,
                "applied_on": applied.isoformat(),
                "activist_since": "" if stage == "applicant" else _day(rng, applied).isoformat(),
                "union_or_league_head": _bool(rng.random() < 0.05),
            })

    for serial in range(1, max(count // 150, 1) + 1):
        looks_after = [uncovered.pop() for _ in range(min(rng.randint(0, 3), len(uncovered)))]
        files.write("officers", {
            "officer_id": f"OF{serial:06d}", "name": _name(rng), "role": rng.choice(("instructor", "liaison")),
            "home_unit": rng.choice(("县财政局", "县司法局", "县人社局", "县发改委", "县商务局", "县总工会")),
            "org_codes": ";".join(looks_after), "appointed_on": _day(rng, datetime.date(2008, 1, 1)).isoformat(),
        })
    for serial in range(1, 31):
        contacts = [uncovered.pop() for _ in range(min(rng.randint(0, 2), len(uncovered)))]
        files.write("leaders", {"leader_id": f"L{serial:03d}", "name": _name(rng), "title": "县领导",
                                "org_codes": ";".join(contacts)})
