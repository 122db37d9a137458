"""Register pages: create and edit forms through the services, the Excel export of a filtered
list, and list pages whose query count does not grow with their rows."""
import datetime
import io
from html import escape

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from members import rules as member_rules
from members.forms import CountyLeaderForm, OfficerForm, PartyMemberForm, PipelinePersonForm
from members.models import CountyLeader, Officer, PartyMember, PipelinePerson
from members.tests.factories import CountyLeaderFactory, MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations import rules as org_rules
from organizations.forms import OrganizationForm, PartyOrgForm
from organizations.models import Organization, PartyOrg
from organizations.tables import OrganizationTable
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory, make_credit_code
from organizations.validators import MSG_CREDIT_CODE_CHECK, credit_code_check_char
from tests.browser_forms import with_lock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def in_page(message, response) -> bool:
    """Whether MESSAGE (in the default language, Chinese) is shown on the page, HTML-escaped."""
    with translation.override("zh-hans"):
        text = str(message)
    return escape(text) in response.content.decode()


def form_data(form) -> dict:
    """What a browser would post back for an unchanged form."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False or value == "":
            continue
        if value is True:
            value = "on"
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, (list, tuple)):
            value = [getattr(v, "pk", v) for v in value]
        data[name] = value
    return data


# -- the six entities: how to make rows, a valid new one, and the edit form ------------------

def new_payload(entity, unit):
    """A valid post creating a new record of ENTITY in UNIT, and how to find it afterwards."""
    org = OrganizationFactory(unit=unit)
    payloads = {
        "organization": ({"credit_code": make_credit_code(900001), "name": "新建测试企业", "category": "economic",
                          "unit": unit.pk, "township": "城关镇", "industry": "制造业", "employees": 30,
                          "stable": "on", "status": "active", "owner_name": "李四"},
                         Organization, {"credit_code": make_credit_code(900001)}),
        "party_org": ({"code": "PNEW", "name": "新建党支部", "level": "branch", "form": "standalone",
                       "organizations": [org.pk], "unit": unit.pk, "established_on": "2008-05-01"},
                      PartyOrg, {"code": "PNEW"}),
        "member": ({"member_id": "MNEW", "name": "新党员", "gender": "F", "organization": org.pk,
                    "joined_on": "2005-01-01", "full_on": "2006-01-01", "employed_since": "2004-01-01"},
                   PartyMember, {"member_id": "MNEW"}),
        "pipeline": ({"person_id": "ANEW", "name": "新积极分子", "organization": org.pk, "stage": "activist",
                      "applied_on": "2008-01-01", "activist_since": "2008-06-01"},
                     PipelinePerson, {"person_id": "ANEW"}),
        "officer": ({"officer_id": "FNEW", "name": "新指导员", "role": "instructor", "home_unit": "县财政局",
                     "appointed_on": "2008-03-01", "organizations": [org.pk]},
                    Officer, {"officer_id": "FNEW"}),
        "leader": ({"leader_id": "LNEW", "name": "新领导", "title": "副县长", "contact_points": [org.pk]},
                   CountyLeader, {"leader_id": "LNEW"}),
    }
    return payloads[entity]


def make_rows(entity, unit, n):
    """N rows of ENTITY in UNIT, each with its related records, as the list page shows them."""
    rows = []
    for _ in range(n):
        org = OrganizationFactory(unit=unit)
        if entity == "organization":
            rows.append(org)
        elif entity == "party_org":
            rows.append(PartyOrgFactory(unit=unit, organizations=[org]))
        elif entity == "member":
            po = PartyOrgFactory(unit=unit, organizations=[org])
            rows.append(MemberFactory(organization=org, party_org=po, managing_unit=unit))
        elif entity == "pipeline":
            rows.append(PipelinePersonFactory(organization=org))
        elif entity == "officer":
            rows.append(OfficerFactory(organizations=[org]))
        elif entity == "leader":
            rows.append(CountyLeaderFactory(contact_points=[org]))
    return rows


ENTITIES = {
    # entity: (list URL, create URL, update URL, form class)
    "organization": ("organizations:organization_list", "organizations:organization_create",
                     "organizations:organization_update", OrganizationForm),
    "party_org": ("organizations:partyorg_list", "organizations:partyorg_create",
                  "organizations:partyorg_update", PartyOrgForm),
    "member": ("members:partymember_list", "members:partymember_create", "members:partymember_update",
               PartyMemberForm),
    "pipeline": ("members:pipelineperson_list", "members:pipelineperson_create", "members:pipelineperson_update",
                 PipelinePersonForm),
    "officer": ("members:officer_list", "members:officer_create", "members:officer_update", OfficerForm),
    "leader": ("members:countyleader_list", "members:countyleader_create", "members:countyleader_update",
               CountyLeaderForm),
}


def update_url(obj):
    """The edit page takes the detail page's URL arguments."""
    detail = obj.get_absolute_url()
    return detail + "edit/"


# -- county staff create and edit every entity ------------------------------------------------

@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_county_staff_create_each_entity_and_land_on_its_detail_page(client, county_staff, unit, entity):
    data, model, lookup = new_payload(entity, unit)
    client.force_login(county_staff)
    assert client.get(reverse(ENTITIES[entity][1])).status_code == 200
    response = client.post(reverse(ENTITIES[entity][1]), data)
    created = model.objects.get(**lookup)
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()
    assert created.name == data["name"]
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_county_staff_edit_each_entity_and_land_on_its_detail_page(client, county_staff, unit, entity):
    obj = make_rows(entity, unit, 1)[0]
    form_class = ENTITIES[entity][3]
    data = form_data(form_class(instance=obj))
    data["name"] = "改过的名称"
    client.force_login(county_staff)
    url = update_url(obj)
    assert url == reverse(ENTITIES[entity][2], args=[obj.get_absolute_url().rstrip("/").rsplit("/", 1)[1]])
    response = client.post(url, with_lock(client, url, data))  # GET (200), then post with the page's token
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.name == "改过的名称"
    assert response.url == obj.get_absolute_url()


def test_editing_an_officer_changes_the_organizations_looked_after(client, county_staff, unit):
    officer = make_rows("officer", unit, 1)[0]
    other_org = OrganizationFactory(unit=unit)
    data = form_data(OfficerForm(instance=officer))
    data["organizations"] = [other_org.pk]
    client.force_login(county_staff)
    assert client.post(update_url(officer), with_lock(client, update_url(officer), data)).status_code == 302
    assert list(officer.organizations.all()) == [other_org]


def test_organization_with_a_wrong_check_character_is_refused_with_the_rule_message(client, county_staff, unit):
    data, _, _ = new_payload("organization", unit)
    good = data["credit_code"]
    wrong = next(c for c in "0123456789" if c != good[17])
    data["credit_code"] = good[:17] + wrong
    client.force_login(county_staff)
    response = client.post(reverse("organizations:organization_create"), data)
    assert response.status_code == 200
    expected = MSG_CREDIT_CODE_CHECK % {"code": data["credit_code"], "expected": credit_code_check_char(good[:17]),
                                        "actual": wrong}
    assert in_page(expected, response)
    assert not Organization.objects.filter(name=data["name"]).exists()


def test_joint_party_org_with_one_organization_is_refused_with_the_rule_message(client, county_staff, unit):
    data, _, _ = new_payload("party_org", unit)
    data["form"] = "joint"
    client.force_login(county_staff)
    response = client.post(reverse("organizations:partyorg_create"), data)
    assert response.status_code == 200
    assert in_page(org_rules.MSG_JOINT_TWO_ORGS % {"count": 1}, response)
    assert not PartyOrg.objects.filter(code="PNEW").exists()


def test_member_full_before_admitted_is_refused_with_the_rule_message(client, county_staff, unit):
    data, _, _ = new_payload("member", unit)
    data["full_on"] = "2004-06-01"
    client.force_login(county_staff)
    response = client.post(reverse("members:partymember_create"), data)
    assert response.status_code == 200
    expected = member_rules.MSG_FULL_BEFORE_JOINED % {"full": datetime.date(2004, 6, 1),
                                                      "joined": datetime.date(2005, 1, 1)}
    assert in_page(expected, response)
    assert not PartyMember.objects.filter(member_id="MNEW").exists()


def test_member_edit_with_full_before_admitted_changes_nothing(client, county_staff, unit):
    member = make_rows("member", unit, 1)[0]
    data = form_data(PartyMemberForm(instance=member))
    data.update(name="改过的名称", full_on="1999-01-01")
    client.force_login(county_staff)
    response = client.post(update_url(member), data)
    assert response.status_code == 200
    assert in_page(member_rules.MSG_FULL_BEFORE_JOINED % {"full": datetime.date(1999, 1, 1),
                                                          "joined": member.joined_on}, response)
    member.refresh_from_db()
    assert member.name != "改过的名称"
    assert member.full_on == datetime.date(2001, 1, 1)


def test_a_services_validation_error_is_shown_under_the_field_it_names(client, county_staff, unit, monkeypatch):
    """Rules only the service checks reach the user on the form, not as a server error."""
    from django.core.exceptions import ValidationError

    from organizations.views import organizations as views

    def refuse(**fields):
        raise ValidationError({"employees": ValidationError("服务拒绝：从业人员数不符")})

    monkeypatch.setattr(views.OrganizationCreateView, "service", staticmethod(refuse))
    data, _, _ = new_payload("organization", unit)
    client.force_login(county_staff)
    response = client.post(reverse("organizations:organization_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["employees"] == ["服务拒绝：从业人员数不符"]
    assert not Organization.objects.filter(name=data["name"]).exists()


# -- unit secretaries: only within their unit ----------------------------------------------------

def test_secretary_creates_an_organization_in_their_unit(client, unit_secretary, unit):
    data, _, _ = new_payload("organization", unit)
    client.force_login(unit_secretary)
    response = client.post(reverse("organizations:organization_create"), data)
    assert response.status_code == 302
    assert Organization.objects.get(credit_code=data["credit_code"]).unit == unit


def test_secretary_cannot_create_an_organization_in_another_unit(client, unit_secretary, unit, other_unit):
    data, _, _ = new_payload("organization", unit)
    data["unit"] = other_unit.pk
    client.force_login(unit_secretary)
    page = client.get(reverse("organizations:organization_create"))
    assert list(page.context["form"].fields["unit"].queryset) == [unit]
    response = client.post(reverse("organizations:organization_create"), data)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Organization.objects.filter(credit_code=data["credit_code"]).exists()


def test_secretary_cannot_add_a_member_to_another_units_organization(client, unit_secretary, unit, other_unit):
    data, _, _ = new_payload("member", other_unit)
    client.force_login(unit_secretary)
    response = client.post(reverse("members:partymember_create"), data)
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not PartyMember.objects.filter(member_id="MNEW").exists()


def test_secretary_gets_404_editing_another_units_organization(client, unit_secretary, unit, other_unit):
    own, other = OrganizationFactory(unit=unit), OrganizationFactory(unit=other_unit, name="别人的企业")
    client.force_login(unit_secretary)
    assert client.get(update_url(own)).status_code == 200
    data = form_data(OrganizationForm(instance=other))
    data["name"] = "改过的名称"
    assert client.get(update_url(other)).status_code == 404
    assert client.post(update_url(other), data).status_code == 404
    other.refresh_from_db()
    assert other.name == "别人的企业"


def test_secretary_gets_404_editing_another_units_member(client, unit_secretary, unit, other_unit):
    own = make_rows("member", unit, 1)[0]
    other = make_rows("member", other_unit, 1)[0]
    client.force_login(unit_secretary)
    assert client.get(update_url(own)).status_code == 200
    data = form_data(PartyMemberForm(instance=other))
    data["name"] = "改过的名称"
    assert client.get(update_url(other)).status_code == 404
    assert client.post(update_url(other), data).status_code == 404
    other.refresh_from_db()
    assert other.name != "改过的名称"


@pytest.mark.parametrize("entity", ["party_org", "officer", "leader"])
def test_secretary_cannot_create_county_level_records(client, unit_secretary, unit, entity):
    """Party orgs are set up through approved change requests; officers and leaders are the county's."""
    data, model, lookup = new_payload(entity, unit)
    client.force_login(unit_secretary)
    assert client.post(reverse(ENTITIES[entity][1]), data).status_code == 403
    assert not model.objects.filter(**lookup).exists()
    assert 'data-testid="create"' not in client.get(reverse(ENTITIES[entity][0])).content.decode()


def test_add_and_edit_buttons_lead_to_the_forms(client, county_staff, unit_secretary, unit):
    po = make_rows("party_org", unit, 1)[0]
    org = po.organizations.get()
    client.force_login(county_staff)
    assert reverse("organizations:organization_create") in client.get(
        reverse("organizations:organization_list")).content.decode()
    assert update_url(po) in client.get(po.get_absolute_url()).content.decode()
    client.force_login(unit_secretary)
    assert reverse("organizations:organization_create") in client.get(
        reverse("organizations:organization_list")).content.decode()
    assert update_url(org) in client.get(org.get_absolute_url()).content.decode()
    assert update_url(po) not in client.get(po.get_absolute_url()).content.decode()


def test_admin_creates_like_county_staff(client, admin_user, unit):
    data, model, lookup = new_payload("party_org", unit)
    client.force_login(admin_user)
    assert client.post(reverse("organizations:partyorg_create"), data).status_code == 302
    assert model.objects.filter(**lookup).exists()


# -- Excel export of the filtered list -----------------------------------------------------------

def read_workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_export_holds_exactly_the_filtered_sorted_rows_of_every_page(client, county_staff, unit, other_unit):
    matching = [OrganizationFactory(unit=unit, township="城关镇", employees=10 + i) for i in range(27)]
    OrganizationFactory(unit=unit, township="东河镇")
    OrganizationFactory(unit=other_unit, township="东河镇")
    client.force_login(county_staff)
    query = {"township": "城关镇", "sort": "-employees", "page": 2}
    rows = read_workbook(client.get(reverse("organizations:organization_list"), {**query, "_export": "xlsx"}))
    expected = sorted(matching, key=lambda o: -o.employees)
    first = expected[0]
    with translation.override("zh-hans"):
        headers = [capfirst(str(Organization._meta.get_field(f).verbose_name)) for f in OrganizationTable.Meta.fields]
        first_row = [first.credit_code, first.name, str(unit), "城关镇", "制造业", first.employees, "是",
                     str(first.get_status_display())]
    assert rows[0] == headers
    assert [r[0] for r in rows[1:]] == [o.credit_code for o in expected]
    assert rows[1] == first_row


def test_export_button_keeps_the_current_filters(client, county_staff, unit):
    OrganizationFactory(unit=unit, township="城关镇")
    client.force_login(county_staff)
    page = client.get(reverse("organizations:organization_list"), {"township": "城关镇", "page": 1}).content.decode()
    start = page.index('data-testid="export-xlsx"')
    link = page[start:page.index(">", start)]
    assert "township=%E5%9F%8E%E5%85%B3%E9%95%87" in link
    assert "_export=xlsx" in link
    assert "page=" not in link


def test_secretarys_export_holds_only_their_units_rows(client, unit_secretary, unit, other_unit):
    own = OrganizationFactory(unit=unit)
    OrganizationFactory(unit=other_unit)
    client.force_login(unit_secretary)
    rows = read_workbook(client.get(reverse("organizations:organization_list"), {"_export": "xlsx"}))
    assert [r[0] for r in rows[1:]] == [own.credit_code]


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_export_of_each_list_has_its_rows(client, county_staff, unit, entity):
    rows = make_rows(entity, unit, 3)
    client.force_login(county_staff)
    sheet = read_workbook(client.get(reverse(ENTITIES[entity][0]), {"_export": "xlsx"}))
    assert len(sheet) == 1 + 3
    assert sorted(r[1] for r in sheet[1:]) == sorted(str(row.name) for row in rows)


# -- query counts do not grow with the rows ------------------------------------------------------

def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("export", [False, True], ids=["page", "export"])
@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_list_query_count_does_not_grow_with_rows(client, county_staff, unit, entity, export):
    url = reverse(ENTITIES[entity][0])
    params = {"_export": "xlsx"} if export else {}
    client.force_login(county_staff)
    make_rows(entity, unit, 2)
    client.get(url)  # warm up the session and the content types
    few = count_queries(client, url, params)
    make_rows(entity, unit, 18)
    many = count_queries(client, url, params)
    assert many == few
