"""Lost updates: two people open the same record's edit form; the second save must not silently
undo the first (common.locking: a signed token of the record as opened, checked under a row lock).

Each session is a real browser-like client: it GETs the edit page, posts back what the page's form
holds (tests.browser_forms), the lock token included."""
import datetime
import threading

import pytest
from django.db import connection
from django.template.defaultfilters import yesno
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst

from accounts.models import Role
from accounts.tests.factories import UserFactory
from common import locking
from members import services as member_services
from members.models import Gender, Officer, PartyMember
from members.tests.factories import CountyLeaderFactory, MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations import services as org_services
from organizations.models import LeadershipMember, Organization, PartyOrg
from organizations.tests.factories import (
    FiveGoodsAssessmentFactory,
    LeadershipMemberFactory,
    OrganizationFactory,
    PartyOrgFactory,
)
from organizations.views.organizations import OrganizationUpdateView
from reports.services import workflow
from reports.tests.factories import ReportFactory
from tests.browser_forms import browser_data, lock_token

pytestmark = pytest.mark.django_db


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_a(county_staff):
    return county_staff


@pytest.fixture
def staff_b(db):
    return UserFactory(username="county-b", role=Role.COUNTY_STAFF)


def zh(message) -> str:
    """MESSAGE as the page shows it: in Chinese (the default language), HTML-escaped."""
    with translation.override("zh-hans"):
        return escape(str(message))


def change_line(model, name, opened, now) -> str:
    with translation.override("zh-hans"):
        field = capfirst(model._meta.get_field(name).verbose_name)
        return escape(str(locking.MSG_CHANGE) % {"field": field, "opened": opened, "now": now})


def label(choice) -> str:
    with translation.override("zh-hans"):
        return str(choice.label)


def yes_no() -> tuple[str, str]:
    with translation.override("zh-hans"):
        return yesno(False), yesno(True)


def refused(response) -> str:
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert zh(locking.MSG_CHANGED) in page
    return page


def org_url(org):
    return reverse("organizations:organization_update", kwargs={"credit_code": org.credit_code})


# -- the attack: two county staff, one organization ------------------------------------------------

def test_a_rename_is_not_lost_when_a_second_editor_saves_another_field(unit, staff_a, staff_b):
    org = OrganizationFactory(unit=unit, name="城关机械有限公司", employees=20)
    a, b = session(staff_a), session(staff_b)
    form_a, form_b = browser_data(a.get(org_url(org))), browser_data(b.get(org_url(org)))

    response = a.post(org_url(org), {**form_a, "name": "城关重工有限公司"})
    assert response.status_code == 302
    response = b.post(org_url(org), {**form_b, "employees": "99"})

    page = refused(response)
    assert change_line(Organization, "name", "城关机械有限公司", "城关重工有限公司") in page
    org.refresh_from_db()
    assert (org.name, org.employees) == ("城关重工有限公司", 20)  # A's rename kept, B's value not written
    assert org.history.count() == 2  # created, renamed: nothing else was written

    # B reviews (keeps A's name) and saves deliberately with the fresh token of the page shown again.
    again = browser_data(response)
    assert again[locking.LOCK_FIELD] != form_b[locking.LOCK_FIELD]
    assert again["employees"] == "99"  # B's values are still in the form
    response = b.post(org_url(org), {**again, "name": "城关重工有限公司"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.employees) == ("城关重工有限公司", 99)


def test_the_refusal_names_choices_related_records_and_yes_no_readably(unit, staff_a, staff_b):
    first, second = OrganizationFactory(unit=unit, name="甲有限公司"), OrganizationFactory(unit=unit, name="乙有限公司")
    member = MemberFactory(organization=first, name="李四", gender="M")
    url = reverse("members:partymember_update", kwargs={"member_id": member.member_id})
    a, b = session(staff_a), session(staff_b)
    form_a, form_b = browser_data(a.get(url)), browser_data(b.get(url))

    assert a.post(url, {**form_a, "gender": "F", "organization": str(second.pk),
                        "relation_transferred": "on"}).status_code == 302
    page = refused(b.post(url, {**form_b, "name": "李四新"}))

    assert change_line(PartyMember, "gender", label(Gender.MALE), label(Gender.FEMALE)) in page
    assert change_line(PartyMember, "organization", str(first), str(second)) in page
    no, yes = yes_no()
    assert change_line(PartyMember, "relation_transferred", no, yes) in page
    member.refresh_from_db()
    assert (member.name, member.gender, member.organization_id, member.relation_transferred) == (
        "李四", "F", second.pk, True)


def test_a_party_orgs_edit_is_not_lost(unit, staff_a, staff_b):
    party_org = PartyOrgFactory(unit=unit, name="甲党支部", has_venue=False)
    url = reverse("organizations:partyorg_update", kwargs={"code": party_org.code})
    a, b = session(staff_a), session(staff_b)
    form_a, form_b = browser_data(a.get(url)), browser_data(b.get(url))

    assert a.post(url, {**form_a, "has_venue": "on"}).status_code == 302
    page = refused(b.post(url, {**form_b, "name": "乙党支部"}))  # B's form has has_venue unticked
    no, yes = yes_no()
    assert change_line(PartyOrg, "has_venue", no, yes) in page
    party_org.refresh_from_db()
    assert (party_org.name, party_org.has_venue) == ("甲党支部", True)


def test_an_officers_organizations_added_meanwhile_are_not_lost(unit, staff_a, staff_b):
    org = OrganizationFactory(unit=unit, name="丙有限公司")
    officer = OfficerFactory(name="王五")
    url = reverse("members:officer_update", kwargs={"officer_id": officer.officer_id})
    a, b = session(staff_a), session(staff_b)
    form_a, form_b = browser_data(a.get(url)), browser_data(b.get(url))

    assert a.post(url, {**form_a, "organizations": [str(org.pk)]}).status_code == 302
    page = refused(b.post(url, {**form_b, "name": "王五一"}))
    assert change_line(Officer, "organizations", locking.EMPTY, str(org)) in page
    officer.refresh_from_db()
    assert officer.name == "王五" and list(officer.organizations.all()) == [org]


# -- every edit page of the portal (every ScopedUpdateView) ------------------------------------

def _report(unit):
    return ReportFactory(unit=unit, work_done="初稿")


EDIT_PAGES = {
    # name: (make the record, its edit URL, the change someone else saves meanwhile, who edits, field, A's value)
    "organization": (lambda unit: OrganizationFactory(unit=unit, employees=20),
                     lambda r: org_url(r),
                     lambda r, user: org_services.organization_update(organization=r, data={"employees": 35}),
                     "county_staff", "employees", 35),
    "party_org": (lambda unit: PartyOrgFactory(unit=unit),
                  lambda r: reverse("organizations:partyorg_update", kwargs={"code": r.code}),
                  lambda r, user: org_services.party_org_update(party_org=r, data={"name": "改名党支部"}),
                  "county_staff", "name", "改名党支部"),
    "member": (lambda unit: MemberFactory(organization=OrganizationFactory(unit=unit)),
               lambda r: reverse("members:partymember_update", kwargs={"member_id": r.member_id}),
               lambda r, user: member_services.member_update(member=r, data={"name": "改名党员"}),
               "unit_secretary", "name", "改名党员"),
    "pipeline": (lambda unit: PipelinePersonFactory(organization=OrganizationFactory(unit=unit)),
                 lambda r: reverse("members:pipelineperson_update", kwargs={"person_id": r.person_id}),
                 lambda r, user: member_services.pipeline_person_update(person=r, data={"name": "改名积极分子"}),
                 "unit_secretary", "name", "改名积极分子"),
    "officer": (lambda unit: OfficerFactory(),
                lambda r: reverse("members:officer_update", kwargs={"officer_id": r.officer_id}),
                lambda r, user: member_services.officer_update(officer=r, data={"home_unit": "县教育局"}),
                "county_staff", "home_unit", "县教育局"),
    "leader": (lambda unit: CountyLeaderFactory(),
               lambda r: reverse("members:countyleader_update", kwargs={"leader_id": r.leader_id}),
               lambda r, user: member_services.county_leader_update(leader=r, data={"title": "县长"}),
               "county_staff", "title", "县长"),
    "assessment": (lambda unit: FiveGoodsAssessmentFactory(party_org=PartyOrgFactory(unit=unit)),
                   lambda r: reverse("organizations:assessment_update", kwargs={"pk": r.pk}),
                   lambda r, user: org_services.assessment_update(assessment=r, data={"mass_note": "群众满意"}),
                   "unit_secretary", "mass_note", "群众满意"),
    "demo_site": (lambda unit: PartyOrgFactory(unit=unit, established_on=datetime.date(2005, 1, 1)),
                  lambda r: reverse("organizations:demosite_designate", kwargs={"code": r.code}),
                  lambda r, user: org_services.demo_site_designate(party_org=r, level="county", year=2008),
                  "county_staff", "demo_year", 2008),
    "report": (_report,
               lambda r: reverse("reports:halfyearreport_update", kwargs={"pk": r.pk}),
               lambda r, user: workflow.report_update(report=r, user=user, work_done="他人改写", problems="",
                                                      next_plans=""),
               "unit_secretary", "work_done", "他人改写"),
}
# What the second editor fills in on their stale form (a field the change meanwhile did not touch).
THEIR_EDIT = {"organization": {"industry": "服务业"}, "party_org": {"has_venue": "on"}, "member": {"gender": "F"},
              "pipeline": {"union_or_league_head": "on"}, "officer": {"name": "新名字"}, "leader": {"name": "新名字"},
              "assessment": {"members_note": "我的意见"}, "demo_site": {"demo_level": "city", "demo_year": "2009"},
              "report": {"problems": "我的问题"}}


@pytest.mark.parametrize("entity", sorted(EDIT_PAGES))
def test_every_edit_page_refuses_a_save_over_a_change_made_meanwhile(request, unit, entity):
    make, url_of, change_meanwhile, role, field, their_value = EDIT_PAGES[entity]
    record = make(unit)
    user = request.getfixturevalue(role)
    client = session(user)
    url = url_of(record)
    stale = browser_data(client.get(url))

    change_meanwhile(type(record)._default_manager.get(pk=record.pk), user)
    before = type(record)._default_manager.get(pk=record.pk)
    response = client.post(url, {**stale, **THEIR_EDIT[entity]})

    refused(response)
    after = type(record)._default_manager.get(pk=record.pk)
    assert getattr(after, field) == their_value  # the change made meanwhile is kept
    for name in THEIR_EDIT[entity]:
        assert getattr(after, name) == getattr(before, name), name  # the stale form wrote nothing
    assert lock_token(response) != stale[locking.LOCK_FIELD]  # a fresh token to save again deliberately


@pytest.mark.parametrize("entity", sorted(EDIT_PAGES))
def test_every_edit_page_still_saves_a_single_edit(request, unit, entity):
    make, url_of, _, role, _, _ = EDIT_PAGES[entity]
    record = make(unit)
    client = session(request.getfixturevalue(role))
    url = url_of(record)
    response = client.post(url, {**browser_data(client.get(url)), **THEIR_EDIT[entity]})
    assert response.status_code == 302, response.content.decode()[-3000:]
    after = type(record)._default_manager.get(pk=record.pk)
    for name, value in THEIR_EDIT[entity].items():
        stored = getattr(after, name)
        assert (stored is True if value == "on" else str(stored) == value), name


def test_the_save_locks_the_stored_row(unit, county_staff, vendor_db):
    org = OrganizationFactory(unit=unit, employees=20)
    client = session(county_staff)
    data = browser_data(client.get(org_url(org)))
    with CaptureQueriesContext(connection) as queries:
        assert client.post(org_url(org), {**data, "employees": "21"}).status_code == 302
    if vendor_db == "postgresql":
        assert any(q["sql"].rstrip().endswith("FOR UPDATE") and "organizations_organization" in q["sql"]
                   for q in queries.captured_queries)
    assert Organization.objects.get(pk=org.pk).employees == 21


@pytest.mark.django_db(transaction=True)
def test_a_save_racing_another_waits_for_its_row_lock_and_is_then_refused(unit, staff_a, staff_b, monkeypatch):
    """The check and the write are one step: while A's save is under way (its transaction open),
    B's save of the same field waits for A's row lock, then sees A's value and is refused. Checked
    without the lock, B would read the row as it was before A's commit, pass, and overwrite it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite serialises whole transactions)")
    org = OrganizationFactory(unit=unit, employees=20)
    a, b = session(staff_a), session(staff_b)
    form_a, form_b = browser_data(a.get(org_url(org))), browser_data(b.get(org_url(org)))
    written, go = threading.Event(), threading.Event()
    service = OrganizationUpdateView.service

    def slow_service(**kwargs):  # A's save holds its transaction open after writing
        saved = service(**kwargs)
        written.set()
        go.wait(10)
        return saved

    monkeypatch.setattr(OrganizationUpdateView, "service", staticmethod(slow_service))
    responses = {}

    def post(who, client, data):
        try:
            responses[who] = client.post(org_url(org), data)
        finally:
            connection.close()

    thread_a = threading.Thread(target=post, args=("a", a, {**form_a, "employees": "35"}))
    thread_a.start()
    assert written.wait(10)
    thread_b = threading.Thread(target=post, args=("b", b, {**form_b, "employees": "99"}))
    thread_b.start()
    thread_b.join(1)
    assert thread_b.is_alive()  # B waits for A's lock
    go.set()
    thread_a.join(10)
    thread_b.join(10)
    assert responses["a"].status_code == 302
    page = refused(responses["b"])
    assert change_line(Organization, "employees", "20", "35") in page
    assert Organization.objects.get(pk=org.pk).employees == 35


# -- a missing or tampered token -------------------------------------------------------------------

def _tampered(token: str) -> str:
    return token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")


@pytest.mark.parametrize("how", ["missing", "empty", "tampered", "garbage", "another record's", "forged"])
def test_a_missing_or_tampered_token_is_refused_with_a_message(unit, county_staff, how):
    org = OrganizationFactory(unit=unit, name="原名称有限公司")
    other = OrganizationFactory(unit=unit)
    client = session(county_staff)
    data = {**browser_data(client.get(org_url(org))), "name": "被篡改的名称"}
    if how == "missing":
        del data[locking.LOCK_FIELD]
    elif how == "empty":
        data[locking.LOCK_FIELD] = ""
    elif how == "tampered":
        data[locking.LOCK_FIELD] = _tampered(data[locking.LOCK_FIELD])
    elif how == "garbage":
        data[locking.LOCK_FIELD] = "x:\x00:'; DROP TABLE x; --" * 50
    elif how == "another record's":
        data[locking.LOCK_FIELD] = lock_token(client.get(org_url(other)))
    else:  # well-formed, signed with another key
        from django.core import signing
        data[locking.LOCK_FIELD] = signing.dumps({"model": "organizations.organization", "pk": str(org.pk),
                                                  "values": {}}, key="not-the-secret", salt=locking.SALT)
    response = client.post(org_url(org), data)
    assert response.status_code in (200, 400)
    assert zh(locking.MSG_TOKEN) in response.content.decode()
    assert Organization.objects.get(pk=org.pk).name == "原名称有限公司"
    # The page shown again carries a valid token: saving again (deliberately) works.
    assert client.post(org_url(org), browser_data(response)).status_code == 302
    assert Organization.objects.get(pk=org.pk).name == "被篡改的名称"


# -- Django admin change forms ---------------------------------------------------------------------

@pytest.fixture
def admin_b(db):
    return UserFactory(username="admin-b", role=Role.ADMIN, is_superuser=True, is_staff=True)


def admin_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def test_the_admin_change_form_refuses_a_save_over_a_rename(unit, admin_user, admin_b):
    org = OrganizationFactory(unit=unit, name="城关机械有限公司", employees=20)
    a, b = session(admin_user), session(admin_b)
    form_a, form_b = browser_data(a.get(admin_url(org))), browser_data(b.get(admin_url(org)))

    assert a.post(admin_url(org), {**form_a, "name": "城关重工有限公司"}).status_code == 302
    response = b.post(admin_url(org), {**form_b, "employees": "99"})

    page = refused(response)
    assert change_line(Organization, "name", "城关机械有限公司", "城关重工有限公司") in page
    org.refresh_from_db()
    assert (org.name, org.employees) == ("城关重工有限公司", 20)
    again = browser_data(response)
    assert again[locking.LOCK_FIELD] != form_b[locking.LOCK_FIELD]
    assert b.post(admin_url(org), {**again, "name": "城关重工有限公司"}).status_code == 302
    org.refresh_from_db()
    assert (org.name, org.employees) == ("城关重工有限公司", 99)


def test_the_admin_refuses_a_save_over_an_inline_row_changed_meanwhile(unit, admin_user, admin_b):
    party_org = PartyOrgFactory(unit=unit, name="甲党支部")
    seat = LeadershipMemberFactory(party_org=party_org, name="赵六")
    a, b = session(admin_user), session(admin_b)
    form_a, form_b = browser_data(a.get(admin_url(party_org))), browser_data(b.get(admin_url(party_org)))
    row_name = next(name for name, value in form_a.items() if name.endswith("-name") and value == "赵六")

    assert a.post(admin_url(party_org), {**form_a, row_name: "赵六一"}).status_code == 302
    response = b.post(admin_url(party_org), {**form_b, "name": "乙党支部"})

    page = refused(response)
    party_org.refresh_from_db()
    seat.refresh_from_db()
    with translation.override("zh-hans"):
        field = capfirst(LeadershipMember._meta.get_field("name").verbose_name)
        line = str(locking.MSG_ROW_CHANGE) % {"row": str(seat), "field": field, "opened": "赵六", "now": "赵六一"}
    assert escape(line) in page
    assert (party_org.name, seat.name) == ("甲党支部", "赵六一")


@pytest.mark.parametrize("how", ["missing", "tampered"])
def test_the_admin_refuses_a_missing_or_tampered_token(unit, admin_user, how):
    org = OrganizationFactory(unit=unit, name="原名称有限公司")
    client = session(admin_user)
    data = {**browser_data(client.get(admin_url(org))), "name": "被篡改的名称"}
    if how == "missing":
        del data[locking.LOCK_FIELD]
    else:
        data[locking.LOCK_FIELD] = _tampered(data[locking.LOCK_FIELD])
    response = client.post(admin_url(org), data)
    assert response.status_code in (200, 400)
    assert zh(locking.MSG_TOKEN) in response.content.decode()
    assert Organization.objects.get(pk=org.pk).name == "原名称有限公司"


def test_the_admin_still_saves_a_single_edit(unit, admin_user):
    org = OrganizationFactory(unit=unit, employees=20)
    client = session(admin_user)
    response = client.post(admin_url(org), {**browser_data(client.get(admin_url(org))), "employees": "21"})
    assert response.status_code == 302
    assert Organization.objects.get(pk=org.pk).employees == 21
