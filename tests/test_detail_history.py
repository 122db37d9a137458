"""Every register detail page shows the record's change history: who changed it, when, how."""
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.history import KINDS
from members.services import county_leader_create, officer_create
from members.tests.factories import CountyLeaderFactory, MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations.services import organization_create, organization_update, party_org_create, party_org_update
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory, make_credit_code
from tests.browser_forms import with_lock

pytestmark = pytest.mark.django_db

FACTORIES = [OrganizationFactory, PartyOrgFactory, MemberFactory, PipelinePersonFactory, OfficerFactory,
             CountyLeaderFactory]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_detail_page_shows_the_change_history_once(client, county_staff, factory):
    record = factory()
    client.force_login(county_staff)
    html = client.get(record.get_absolute_url()).content.decode()
    assert html.count('data-testid="history"') == 1
    history = client.get(record.get_absolute_url()).context["history"]
    assert [entry.history_id for entry in history] == [row.history_id for row in record.history.all()]



# What changed: each changed field, old → new, on the record's page, in the audit log and its export --

def org_form_data(org, **changes):
    data = {
        "credit_code": org.credit_code, "name": org.name, "category": org.category, "unit": org.unit_id,
        "township": org.township, "industry": org.industry, "employees": org.employees,
        "status": org.status, "owner_name": org.owner_name,
    }
    for flag in ("individual_business", "stable", "owner_is_member"):
        if getattr(org, flag):
            data[flag] = "on"
    data.update(changes)
    return data


def edit_organization(client, org, **changes):
    url = reverse("organizations:organization_update", kwargs={"credit_code": org.credit_code})
    response = client.post(url, with_lock(client, url, org_form_data(org, **changes)))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    org.refresh_from_db()


def audit_workbook_cells(client):
    response = client.get("/audit/", {"_export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]


def test_employees_60_to_120_is_shown_on_the_page_in_the_audit_log_and_its_export(client, county_staff, unit):
    org = OrganizationFactory(unit=unit, employees=60)
    client.force_login(county_staff)
    edit_organization(client, org, employees=120)
    history = client.get(org.get_absolute_url()).content.decode().split('data-testid="history"')[1]
    assert "从业人员数：60 → 120" in history
    assert history.count('data-testid="history-entry"') == 2  # the creation, the change
    assert "从业人员数：60 → 120" in client.get("/audit/").content.decode()
    assert any("从业人员数：60 → 120" in str(cell) for cell in audit_workbook_cells(client))


def test_changed_values_are_readable(client, county_staff, unit, other_unit, in_english):
    """Choice labels, related records' names, yes/no, and no unchanged field."""
    org = OrganizationFactory(unit=unit, stable=False, status="active", employees=30)
    client.force_login(county_staff)
    edit_organization(client, org, unit=other_unit.pk, stable="on", status="closed")
    entry = client.get(org.get_absolute_url()).context["history"][0]
    assert [str(change) for change in entry.changes] == [
        f"Supervising unit：{unit} → {other_unit}", "Operates stably：No → Yes", "Status：Active → Closed"]
    assert (entry.user, str(entry.kind)) == (county_staff, "Changed")
    audit = client.get("/audit/").context["entries"][0]
    assert [str(change) for change in audit.changes] == [str(change) for change in entry.changes]


def test_many_to_many_changes_name_the_records(client, county_staff, unit, in_english):
    first, second = OrganizationFactory(unit=unit, name="First Ltd"), OrganizationFactory(unit=unit, name="Second Ltd")
    party_org = party_org_create(code="P9001", name="Joint branch", level="branch", form="joint",
                                 organizations=[first, second], unit=unit, established_on=datetime.date(2008, 1, 1))
    third = OrganizationFactory(unit=unit, name="Third Ltd")
    party_org_update(party_org=party_org, data={"organizations": [first, third], "name": "Joint branch 2"})
    client.force_login(county_staff)
    entry = client.get(party_org.get_absolute_url()).context["history"][0]
    assert [str(change) for change in entry.changes] == [
        "Name：Joint branch → Joint branch 2", "Organizations covered：First Ltd、Second Ltd → First Ltd、Third Ltd"]


def test_long_texts_are_cut(client, county_staff, unit, in_english):
    org = OrganizationFactory(unit=unit, name="A" * 200)
    client.force_login(county_staff)
    edit_organization(client, org, name="B" * 200)
    change = client.get(org.get_absolute_url()).context["history"][0].changes[0]
    assert len(change.old) < 100 and change.old.endswith("…") and change.new.startswith("BBB")


# One entry per change ------------------------------------------------------------------------

def test_a_record_created_through_its_service_has_exactly_one_history_entry(unit):
    orgs = [OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)]
    created = [
        organization_create(credit_code=make_credit_code(900), name="新企业", category="economic", unit=unit,
                            employees=60),
        party_org_create(code="P9002", name="联合支部", level="branch", form="joint", organizations=orgs,
                         unit=unit, established_on=datetime.date(2008, 1, 1)),
        officer_create(officer_id="GZ9001", name="指导员", role="instructor", appointed_on=datetime.date(2008, 1, 1),
                       organizations=orgs),
        county_leader_create(leader_id="LD9001", name="县领导", contact_points=orgs[:1]),
    ]
    for record in created:
        rows = list(record.history.all())
        assert [row.history_type for row in rows] == ["+"], type(record).__name__
    # The one row keeps what the many-to-many values were.
    assert set(created[1].history.get().organizations.values_list("organization_id", flat=True)) == {
        o.pk for o in orgs}
    assert set(created[2].history.get().organizations.values_list("organization_id", flat=True)) == {
        o.pk for o in orgs}


def test_an_update_of_facts_and_many_to_many_values_is_one_entry(unit):
    orgs = [OrganizationFactory(unit=unit), OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)]
    party_org = party_org_create(code="P9003", name="联合支部", level="branch", form="joint", organizations=orgs[:2],
                                 unit=unit, established_on=datetime.date(2008, 1, 1))
    party_org_update(party_org=party_org, data={"name": "联合支部二", "organizations": orgs[1:]})
    rows = list(party_org.history.all())
    assert [row.history_type for row in rows] == ["~", "+"]
    assert rows[0].name == "联合支部二"
    assert set(rows[0].organizations.values_list("organization_id", flat=True)) == {o.pk for o in orgs[1:]}


def test_the_creation_on_the_web_is_one_entry_in_the_audit_log(client, county_staff, unit):
    orgs = [OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)]
    client.force_login(county_staff)
    response = client.post(reverse("organizations:partyorg_create"), {
        "code": "P9004", "name": "联合支部", "level": "branch", "form": "joint", "unit": unit.pk,
        "organizations": [o.pk for o in orgs], "established_on": "2008-01-01"})
    assert response.status_code == 302, response.context["form"].errors
    entries = client.get("/audit/", {"record_type": "organizations.partyorg"}).context["entries"]
    assert [(e.kind, e.user) for e in entries] == [(KINDS["+"], county_staff)]


# Queries -------------------------------------------------------------------------------------

def detail_queries(client, record):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return len(captured.captured_queries), response


def change_many_times(org, party_org, extra_orgs, units, times, start=0):
    for n in range(start, start + times):
        organization_update(organization=org, data={
            "employees": org.employees + 10, "unit": units[n % 2], "stable": not org.stable,
            "status": "closed" if org.status == "active" else "active"})
        party_org_update(party_org=party_org, data={
            "name": f"联合支部{n}", "organizations": [extra_orgs[n % 3], extra_orgs[(n + 1) % 3]]})


def test_history_pages_run_as_many_queries_with_12_changes_as_with_2(client, county_staff, unit, other_unit):
    org = OrganizationFactory(unit=unit, employees=60)
    extra_orgs = [OrganizationFactory(unit=unit) for _ in range(3)]
    party_org = party_org_create(code="P9005", name="联合支部", level="branch", form="joint",
                                 organizations=extra_orgs[:2], unit=unit, established_on=datetime.date(2008, 1, 1))
    client.force_login(county_staff)
    change_many_times(org, party_org, extra_orgs, [unit, other_unit], 1)  # 2 history rows each
    client.get(org.get_absolute_url())  # warm the session
    few = [detail_queries(client, record) for record in (org, party_org)]
    change_many_times(org, party_org, extra_orgs, [unit, other_unit], 10, start=1)  # 12 history rows each
    many = [detail_queries(client, record) for record in (org, party_org)]
    for (few_count, few_page), (many_count, many_page) in zip(few, many):
        assert len(few_page.context["history"]) == 2 and len(many_page.context["history"]) == 12
        assert all(entry.changes for entry in many_page.context["history"][:-1])
        assert many_count == few_count
