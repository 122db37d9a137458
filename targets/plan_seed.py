"""The plan's targets as shared/spec/COMPLIANCE.md defines them: the seed of the data migration.

Kept outside the migration so the seed_demo command and the tests can restore the same values.
"""
import datetime

PLAN_NAME = "新社会组织党建设计划（2008—2010年）"
PLAN_START = datetime.date(2008, 1, 1)

# The plan's opening paragraph: 1,778 organizations (1,645 individual businesses), 12 party
# orgs, 3 of the organizations with one not operating stably, 120 members, 2% of employees.
PLAN_BASELINE = {"orgs": 1778, "individual_businesses": 1645, "party_orgs": 12, "members": 120,
                 "member_share_pct": 2.0, "unstable_with_party_org": 3}

D2008 = datetime.date(2008, 12, 31)
D2010 = datetime.date(2010, 12, 31)

# code, kind, target, deadline, Chinese name, parameters
TARGETS = [
    ("formal3_standalone", "percent", 100, D2008, "有3名以上正式党员的组织单独建立党组织", {"min_full_members": 3}),
    ("stable50_member", "percent", 100, D2010, "50人以上生产经营稳定的组织至少有1名党员", {"min_employees": 50}),
    ("stable100_standalone", "percent", 100, D2008, "100人以上生产经营稳定的组织单独建立党组织", {"min_employees": 100}),
    ("party_orgs", "count", 15, D2010, "两新组织党组织达到15个", {}),
    ("members_managed", "percent", 100, D2010, "党员全部纳入管理", {}),
    ("three_haves", "percent", 100, D2008, "党组织有阵地、有设施、办公有经费", {}),
    ("demo_city", "count", 1, D2008, "建成市级示范点", {"level": "city"}),
    ("demo_county", "count", 3, D2008, "建成县级示范点", {"level": "county"}),
    ("five_goods", "count", 6, D2010, "“五个好”党组织达到6个以上", {}),
    ("new_members", "count", 15, D2010, "发展新党员15名", {}),
    ("activists_cultivated", "count", 35, D2010, "培养入党积极分子35名", {}),
    (
        "activist_quota", "percent", 100, D2010, "各组织入党积极分子数达标",
        {"medium_from": 50, "large_from": 100, "small": 1, "medium": 3, "large": 5},
    ),
    (
        "development_quota", "percent", 100, D2010, "50人以上组织每年发展党员数达标",
        {"medium_from": 50, "large_from": 100, "medium": 1, "large": 2},
    ),
    ("uncovered_have_officer", "percent", 100, D2010, "未建党组织的组织有党建指导员或联络员", {}),
    ("leaders_contact", "percent", 100, D2008, "县级领导干部都有联系点", {}),
    ("family_cap", "percent", 100, D2010, "领导班子中业主亲属不超过50%", {"max_share_pct": 50}),
    ("relations_transferred", "percent", 100, D2010, "工作满六个月的党员转接组织关系", {"months": 6}),
    ("officer_load", "percent", 100, D2010, "每名指导员（联络员）联系1至2个组织", {"max_organizations": 2}),
    ("reports_filed", "percent", 100, D2010, "主管单位每半年报告党建工作", {}),
]


def seed_plan(Plan, PlanTarget):
    """Create the plan and its targets where missing; existing rows (maybe edited) are kept."""
    plan = Plan.objects.order_by("pk").first()
    if plan is None:
        plan = Plan.objects.create(name=PLAN_NAME, starts_on=PLAN_START)
    for position, (code, kind, target, deadline, name, parameters) in enumerate(TARGETS, start=1):
        PlanTarget.objects.get_or_create(
            code=code,
            defaults=dict(
                plan=plan, kind=kind, target=target, deadline=deadline, name=name,
                parameters=parameters, position=position,
            ),
        )
    return plan
