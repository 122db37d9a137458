"""The demo county: a deterministic register whose figures at the plan's start are the plan's
baseline, and whose 2008–2010 show the plan moving forward.

At 2007-12-31 (``baseline_figures``): 1,778 active organizations of which 1,645 individual
businesses, 6,000 employees, 12 party orgs, 120 members (2.0 % of employees), and 3 active
organizations with a party org that do not operate stably.

By 2010-12-31, as the plan's deadlines fall (``compute_compliance --as-of 2010-12-31``):
- met: stable50_member, party_orgs (16 ≥ 15), demo_city (1), five_goods (8 ≥ 6),
  new_members (20 ≥ 15);
- not met: formal3_standalone (an organization with three full members sits in a joint party
  org), stable100_standalone (a large stable firm has none), three_haves, demo_county (2 of 3),
  activists_cultivated (32 < 35), members_managed (hidden members under no management),
  activist_quota, development_quota, uncovered_have_officer, leaders_contact (one leader has no
  contact point), family_cap (one team breaches it), relations_transferred, officer_load (one
  officer looks after three organizations, one after none), reports_filed (not every unit
  reported).
Snapshots are stored at every half-year end of 2008–2010 (frozen) so the trend chart has data.

The county is written as a register (docs/register.md) and loaded with the register import,
so seeding twice gives the same database: every row is matched by its key.
"""
import csv
import dataclasses
import datetime
import pathlib
import random
import tempfile

from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from accounts.services import user_upsert
from organizations.models import SupervisingUnit
from organizations.validators import CREDIT_CODE_CHARSET, credit_code_check_char
from register.importing import register_import
from register.schema import BY_NAME
from reports.models import HalfYearReport, ReportStatus, ReportVersion
from reports.services.workflow import report_figures
from targets.services import snapshot_compute

SEED = 20080101
AREA = "341122"
BASELINE_DAY = datetime.date(2007, 12, 31)
DEFAULT_DEMO_PASSWORD = "Dangjian-2008-plan"  # contains none of the demo usernames (county, admin, sec-…)

TOWNSHIPS = [("T01", "城关镇"), ("T02", "东河镇"), ("T03", "西山乡"), ("T04", "南湖镇"),
             ("T05", "北岭乡"), ("T06", "青石镇"), ("T07", "白沙乡"), ("T08", "桃源镇")]
UNITS = [(code, f"{name}党委", "township") for code, name in TOWNSHIPS] + [
    ("NSE", "县非国有企业党委", "non_state_committee"),
    ("AIC", "县工商局党总支", "commerce_bureau"),
    ("C01", "城东社区党委", "community"),
    ("C02", "城西社区党委", "community"),
    ("EDU", "县教育局党组", "industry_department"),
]
INDUSTRIES = ["制造业", "批发和零售业", "住宿和餐饮业", "建筑业", "交通运输业", "信息技术服务业", "农副产品加工业"]
SOCIAL_KINDS = [("协会", "社会服务"), ("民办学校", "教育"), ("民办医院", "卫生"), ("商会", "社会服务")]
SHOPS = ["五金店", "小吃店", "理发店", "副食店", "服装店", "农资店", "修车铺", "面馆", "超市", "药店", "茶馆", "照相馆"]
FIRM_WORDS = ["华兴", "恒达", "金源", "宏远", "鑫盛", "永安", "长青", "富民", "天成", "瑞丰", "新达", "正泰"]
FIRM_KINDS = ["机械制造有限公司", "建材有限公司", "食品有限公司", "服装有限公司", "物流有限公司", "农业科技有限公司",
              "电子有限公司", "建筑工程有限公司", "商贸有限公司", "纺织有限公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红志国建文辉海燕鹏飞云"
LEADER_TITLES = ["县委副书记", "县委常委、组织部长", "县委常委、宣传部长", "副县长", "副县长", "县人大常委会副主任",
                 "县政协副主席", "县委常委、统战部长"]
HOME_UNITS = ["县财政局", "县司法局", "县人社局", "县发改委", "县商务局", "县总工会"]


def encode31(number: int, width: int = 9) -> str:
    chars = []
    for _ in range(width):
        number, digit = divmod(number, len(CREDIT_CODE_CHARSET))
        chars.append(CREDIT_CODE_CHARSET[digit])
    return "".join(reversed(chars))


def credit_code(prefix: str, serial: int) -> str:
    body = prefix + AREA + encode31(serial * 7919 + 104729)
    return body + credit_code_check_char(body)


@dataclasses.dataclass
class Org:
    code: str
    name: str
    category: str
    individual: bool
    township: str
    industry: str
    unit: str
    employees: int
    stable: bool
    status: str = "active"
    owner: str = ""
    owner_member: bool = False


class DemoCounty:
    """Builds the rows of every register file, deterministically."""

    def __init__(self):
        self.rng = random.Random(SEED)
        self.orgs: list[Org] = []
        self.party_orgs: list[dict] = []
        self.members: list[dict] = []
        self.pipeline: list[dict] = []
        self.officers: list[dict] = []
        self.leaders: list[dict] = []
        self.leadership: list[dict] = []
        self.five_goods: list[dict] = []

    def person(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.6 else "")
        return self.rng.choice(SURNAMES) + given

    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    # -- organizations ----------------------------------------------------------------
    def build_organizations(self):
        rng = self.rng
        serial = 0
        # 133 firms and social organizations: 6 large, 14 medium, the rest small.
        sizes = [180, 150, 135, 120, 110, 105] + [95, 88, 80, 76, 72, 68, 65, 62, 60, 58, 56, 55, 52, 50]
        sizes += [rng.randint(6, 22) for _ in range(133 - len(sizes))]
        for i, employees in enumerate(sizes):
            code, township = TOWNSHIPS[i % len(TOWNSHIPS)]
            social = i % 7 == 6
            if social:
                kind, industry = SOCIAL_KINDS[i % len(SOCIAL_KINDS)]
                name = f"{township}{FIRM_WORDS[i % len(FIRM_WORDS)]}{kind}"
                unit = "C01" if i % 2 else ("EDU" if kind == "民办学校" else "C02")
                prefix = "52" if kind != "协会" and kind != "商会" else "51"
            else:
                name = f"{township}{FIRM_WORDS[i % len(FIRM_WORDS)]}{FIRM_KINDS[i % len(FIRM_KINDS)]}"
                if i >= len(FIRM_WORDS):
                    name = f"{township}{FIRM_WORDS[i % len(FIRM_WORDS)]}{FIRM_WORDS[(i // 12) % 12]}" \
                           f"{FIRM_KINDS[(i // 3) % len(FIRM_KINDS)]}"
                industry = INDUSTRIES[i % len(INDUSTRIES)]
                unit = "NSE" if employees >= 50 else code
                prefix = "91"
            serial += 1
            self.orgs.append(Org(credit_code(prefix, serial), name, "social" if social else "economic", False,
                                 township, industry, unit, employees, stable=True, owner=self.person(),
                                 owner_member=rng.random() < 0.15))
        # 1,645 individual businesses of one to three people.
        for i in range(1645):
            code, township = TOWNSHIPS[i % len(TOWNSHIPS)]
            owner = self.person()
            serial += 1
            self.orgs.append(Org(credit_code("92", serial), f"{township}{owner[0]}记{SHOPS[i % len(SHOPS)]}",
                                 "economic", True, township, INDUSTRIES[1 + i % 2], "AIC" if i % 3 else code,
                                 employees=1 + (i * 7) % 3, stable=rng.random() < 0.9, owner=owner))
        # Twelve closed ones, which count nowhere.
        for i in range(12):
            code, township = TOWNSHIPS[i % len(TOWNSHIPS)]
            serial += 1
            self.orgs.append(Org(credit_code("91", serial), f"{township}原{FIRM_WORDS[i]}商贸有限公司", "economic",
                                 False, township, INDUSTRIES[1], code, employees=8, stable=False, status="closed",
                                 owner=self.person()))
        # Exactly 6,000 employees in the active organizations: the small firms make up the rest.
        active = [o for o in self.orgs if o.status == "active"]
        gap = 6000 - sum(o.employees for o in active)
        small = [o for o in active if not o.individual and o.employees < 50]
        for k in range(abs(gap)):
            org = small[k % len(small)]
            org.employees += 1 if gap > 0 else -1
        # The medium and large firms: two of them do not operate stably.
        firms = [o for o in active if not o.individual]
        firms[1].stable = False   # large, will have a party org
        firms[8].stable = False   # medium, will have a party org
        return firms

    # -- party organizations and their people -------------------------------------------
    def build_party_orgs(self, firms: list[Org]):
        small = [o for o in firms if o.employees < 50]
        smalls_unstable = small[0]
        smalls_unstable.stable = False  # third unstable organization with a party org (in a joint one)
        plan = [
            # (organizations, form, established, revoked, three haves, demo)
            ([firms[0]], "standalone", "2003-07-01", None, (1, 1, 1), ("city", 2008)),
            ([firms[1]], "standalone", "2004-05-12", None, (1, 1, 1), ("county", 2008)),
            ([firms[2]], "standalone", "2005-03-18", None, (1, 1, 1), ("county", 2009)),
            ([firms[3]], "standalone", "2006-09-01", None, (1, 1, 0), None),
            ([firms[4]], "standalone", "2002-11-20", None, (1, 1, 1), None),
            ([firms[6]], "standalone", "2006-04-08", None, (1, 1, 1), None),
            ([firms[7]], "standalone", "2007-06-30", None, (1, 1, 1), None),
            ([firms[8]], "standalone", "2005-10-10", None, (1, 0, 0), None),
            ([firms[9]], "standalone", "2007-03-15", None, (1, 1, 1), None),
            ([smalls_unstable, small[1], small[2]], "joint", "2006-12-01", None, (1, 1, 1), None),
            ([small[3], small[4]], "joint", "2007-05-20", None, (1, 1, 1), None),
            ([small[5], small[6], firms[10]], "joint", "2007-11-11", None, (1, 1, 1), None),
            ([small[7]], "standalone", "2001-01-01", "2006-06-30", (0, 0, 0), None),  # revoked before the plan
            # the plan's years
            ([firms[11]], "standalone", "2008-04-20", None, (1, 1, 1), None),
            ([firms[12], firms[13]], "joint", "2008-09-01", None, (1, 1, 1), None),
            ([firms[14]], "standalone", "2009-06-15", None, (1, 1, 1), None),
            ([small[8], small[9], small[10]], "joint", "2010-03-01", None, (1, 1, 1), None),
        ]
        for n, (orgs, form, established, revoked, haves, demo) in enumerate(plan, start=1):
            lead = orgs[0]
            self.party_orgs.append({
                "code": f"P{n:03d}",
                "name": f"{lead.name}党支部" if form == "standalone" else f"{lead.township}非公企业联合党支部（{n}）",
                "level": "general_branch" if lead.employees >= 150 else "branch",
                "form": form, "org_codes": ";".join(o.code for o in orgs), "unit_code": lead.unit,
                "established_on": established, "revoked_on": revoked or "",
                "has_venue": haves[0], "has_facilities": haves[1], "has_funding": haves[2],
                "demo_level": demo[0] if demo else "", "demo_year": demo[1] if demo else "",
            })
        return {o.code: po["code"] for po in self.party_orgs if not po["revoked_on"]
                for o in self.orgs if o.code in po["org_codes"].split(";")}

    def add_member(self, org: Org, joined: datetime.date, full: bool, party_org: str | None, *,
                   activist_since: datetime.date | None = None, managed: bool = True, transferred: bool = True):
        full_on = joined + datetime.timedelta(days=365 + self.rng.randrange(30)) if full else None
        earliest = datetime.date(1998, 1, 1)
        employed = self.day(earliest, max(joined, earliest)) if self.rng.random() < 0.7 else \
            self.day(joined, joined + datetime.timedelta(days=700))
        self.members.append({
            "member_id": f"M{len(self.members) + 1:05d}", "name": self.person(),
            "gender": "F" if self.rng.random() < 0.38 else "M",
            "birth_date": self.day(datetime.date(1955, 1, 1), datetime.date(1988, 12, 31)).isoformat(),
            "org_code": org.code, "joined_on": joined.isoformat(),
            "full_on": full_on.isoformat() if full_on else "", "employed_since": employed.isoformat(),
            "relation_transferred": int(transferred), "party_org_code": party_org or "",
            "managing_unit_code": org.unit if managed and not party_org else "",
            "activist_since": activist_since.isoformat() if activist_since else "",
        })

    def build_members(self, firms: list[Org], covering: dict[str, str]):
        # 120 members by the end of 2007, most in the firms that have a party org.
        quota = {firms[0].code: 18, firms[1].code: 14, firms[2].code: 12, firms[3].code: 10, firms[4].code: 9,
                 firms[5].code: 4, firms[6].code: 7, firms[7].code: 6, firms[8].code: 5, firms[9].code: 6,
                 firms[10].code: 3}
        small = [o for o in firms if o.employees < 50]
        for org in small[:7]:
            quota[org.code] = 2
        quota[small[1].code] = 3  # three full members, but only in a joint party org
        for org in firms[11:20]:
            quota[org.code] = 1
        placed = sum(quota.values())
        for org in firms[20:20 + (120 - placed)]:
            quota[org.code] = quota.get(org.code, 0) + 1
        assert sum(quota.values()) == 120, sum(quota.values())
        by_code = {o.code: o for o in self.orgs}
        hidden = 0
        for code, count in quota.items():
            for _ in range(count):
                joined = self.day(datetime.date(1980, 1, 1), datetime.date(2006, 12, 31))
                party_org = covering.get(code)
                managed = True
                if not party_org and hidden < 6 and code not in (o.code for o in firms[:12]):
                    managed, hidden = False, hidden + 1  # hidden members, found later
                self.add_member(by_code[code], joined, True, party_org, managed=managed,
                                transferred=self.rng.random() < 0.85)
        # Two members of closed organizations (not counted) and twenty new members 2008–2010.
        closed = [o for o in self.orgs if o.status == "closed"]
        for org in closed[:2]:
            self.add_member(org, datetime.date(2001, 7, 1), True, None)
        newcomers = firms[:3] * 3 + firms[5:16]
        for i, org in enumerate(newcomers[:20]):
            joined = self.day(datetime.date(2008, 2, 1), datetime.date(2010, 11, 30))
            since = joined - datetime.timedelta(days=400 + self.rng.randrange(200))
            self.add_member(org, joined, joined.year < 2010, covering.get(org.code),
                            activist_since=since, transferred=i % 5 != 0)

    def build_pipeline(self, firms: list[Org]):
        candidates = firms[:40]
        for i in range(64):
            org = candidates[i % len(candidates)]
            applied = self.day(datetime.date(2006, 3, 1), datetime.date(2010, 9, 30))
            stage = ("applicant", "applicant", "activist", "candidate")[i % 4]
            since = None
            if stage != "applicant":
                since = min(applied + datetime.timedelta(days=90 + self.rng.randrange(330)), datetime.date(2010, 12, 20))
            self.pipeline.append({
                "person_id": f"A{i + 1:05d}", "name": self.person(), "org_code": org.code, "stage": stage,
                "applied_on": applied.isoformat(), "activist_since": since.isoformat() if since else "",
                "union_or_league_head": int(i % 11 == 0),
            })

    def build_officers_and_leaders(self, firms: list[Org], covering: dict[str, str]):
        uncovered = [o for o in firms if o.code not in covering]
        for i in range(10):
            if i == 9:
                looked_after = []
            elif i == 8:
                looked_after = uncovered[16:19]  # three: above the plan's two
            else:
                looked_after = uncovered[2 * i:2 * i + (2 if i % 3 else 1)]
            self.officers.append({
                "officer_id": f"F{i + 1:03d}", "name": self.person(), "role": "instructor" if i % 3 else "liaison",
                "home_unit": HOME_UNITS[i % len(HOME_UNITS)],
                "org_codes": ";".join(o.code for o in looked_after),
                "appointed_on": self.day(datetime.date(2008, 1, 15), datetime.date(2009, 12, 31)).isoformat(),
            })
        for i, title in enumerate(LEADER_TITLES):
            contact = [] if i == len(LEADER_TITLES) - 1 else [firms[i * 2]]
            self.leaders.append({"leader_id": f"L{i + 1:02d}", "name": self.person(), "title": title,
                                 "org_codes": ";".join(o.code for o in contact)})

    def build_teams_and_assessments(self):
        for n, po in enumerate(self.party_orgs):
            if po["revoked_on"]:
                continue
            size = 3 + n % 3
            family_seats = 3 if n == 3 else (1 if n % 4 == 0 else 0)  # P004's team breaches the cap
            for seat in range(size):
                role = "secretary" if seat == 0 else ("deputy_secretary" if seat == 1 and size > 3 else "member")
                self.leadership.append({"party_org_code": po["code"], "name": self.person(), "role": role,
                                        "owner_family": int(seat < family_seats)})
            first_year = max(2008, int(po["established_on"][:4]))
            for year in range(first_year, 2011):
                good = n < 8 and (year == 2010 or n % 2 == 0)
                five = [1, 1, 1, 1, 1] if good else [1, 1, int(n % 3 == 0), int(year > 2008), 0]
                self.five_goods.append({"party_org_code": po["code"], "year": year,
                                        **dict(zip(("leadership", "members", "mechanism", "performance", "mass"),
                                                   five))})

    def build(self) -> "DemoCounty":
        firms = self.build_organizations()
        covering = self.build_party_orgs(firms)
        self.build_members(firms, covering)
        self.build_pipeline(firms)
        self.build_officers_and_leaders(firms, covering)
        self.build_teams_and_assessments()
        return self

    # -- output -------------------------------------------------------------------------
    def files(self) -> dict[str, list[dict]]:
        return {
            "units": [{"code": c, "name": n, "kind": k} for c, n, k in UNITS],
            "organizations": [{
                "credit_code": o.code, "name": o.name, "category": o.category,
                "individual_business": int(o.individual), "township": o.township, "industry": o.industry,
                "unit_code": o.unit, "employees": o.employees, "stable": int(o.stable), "status": o.status,
                "owner_name": o.owner, "owner_is_member": int(o.owner_member)} for o in self.orgs],
            "party_orgs": self.party_orgs, "members": self.members, "pipeline": self.pipeline,
            "officers": self.officers, "leaders": self.leaders, "leadership": self.leadership,
            "five_goods": self.five_goods,
        }

    def write(self, folder: pathlib.Path) -> pathlib.Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in self.files().items():
            spec = BY_NAME[name]
            with open(folder / spec.filename, "w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, spec.column_names, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
        return folder


REPORTED = {  # unit code -> half-years reported (year, half); the rest did not report
    "T01": [(2008, 1), (2008, 2), (2009, 1), (2009, 2), (2010, 1), (2010, 2)],
    "T02": [(2009, 2), (2010, 1), (2010, 2)],
    "NSE": [(2008, 2), (2009, 1), (2009, 2), (2010, 1), (2010, 2)],
    "AIC": [(2010, 1)],
    "C01": [(2010, 1), (2010, 2)],
}


def seed_reports():
    """Half-yearly reports some units filed in 2008–2010 (reports are not part of the register)."""
    units = {u.code: u for u in SupervisingUnit.objects.filter(code__in=REPORTED)}
    tz = timezone.get_default_timezone()
    for code, periods in REPORTED.items():
        for year, half in periods:
            period_end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
            submitted = datetime.datetime.combine(period_end - datetime.timedelta(days=3), datetime.time(10), tz)
            report, _created = HalfYearReport.objects.update_or_create(
                unit=units[code], year=year, half=half,
                defaults={
                    "status": ReportStatus.ACCEPTED if (year, half) != (2010, 2) else ReportStatus.SUBMITTED,
                    "submitted_at": submitted,
                    "work_done": f"{units[code].name}{year}年{'上' if half == 1 else '下'}半年两新组织党建工作总结。",
                    "problems": "部分个体工商户党员流动性大，组织关系转接不及时。",
                    "next_plans": "继续推进党组织组建，做好入党积极分子培养。",
                    "figures": report_figures(unit=units[code], year=year, half=half),
                },
            )
            # The submitted text is kept as version 1, as the report cycle keeps every submission.
            ReportVersion.objects.update_or_create(
                report=report, number=1,
                defaults={"work_done": report.work_done, "problems": report.problems,
                          "next_plans": report.next_plans, "figures": report.figures, "submitted_at": submitted},
            )


def seed_users(password: str) -> list[tuple[str, str, str]]:
    logins = []
    user_upsert(username="county", role=Role.COUNTY_STAFF, password=password, first_name="县委组织部")
    logins.append(("county", Role.COUNTY_STAFF.label, ""))
    user_upsert(username="admin", role=Role.ADMIN, password=password)
    logins.append(("admin", Role.ADMIN.label, ""))
    for unit in SupervisingUnit.objects.order_by("code"):
        user_upsert(username=f"sec-{unit.code}", role=Role.UNIT_SECRETARY, unit=unit, password=password)
        logins.append((f"sec-{unit.code}", Role.UNIT_SECRETARY.label, unit.name))
    return logins


SNAPSHOT_DAYS = [datetime.date(y, m, d) for y in (2008, 2009, 2010) for m, d in ((6, 30), (12, 31))]


def seed_demo(*, password: str = DEFAULT_DEMO_PASSWORD):
    """Load the demo county (idempotently), its users and its half-year snapshots; returns
    (import result, logins)."""
    with tempfile.TemporaryDirectory(prefix="demo-county-") as folder, transaction.atomic():
        result = register_import(DemoCounty().build().write(pathlib.Path(folder)))
        if not result.ok:
            raise RuntimeError("the demo register does not import: " + "; ".join(map(str, result.errors[:5])))
        seed_reports()
        logins = seed_users(password)
    for day in SNAPSHOT_DAYS:
        snapshot_compute(as_of=day)  # frozen: a second run keeps them as they are
    return result, logins
