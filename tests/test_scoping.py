"""A unit secretary sees only their unit's rows; county staff see all; others' rows are a 404."""
import pytest
from django.urls import reverse

from members.tests.factories import MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from reports.tests.factories import ReportFactory


@pytest.fixture
def two_units(unit, other_unit):
    """The same set of rows in each of two units."""
    rows = {}
    for key, u in (("own", unit), ("other", other_unit)):
        org = OrganizationFactory(unit=u, name=f"{key}-org")
        po = PartyOrgFactory(unit=u, organizations=[org], name=f"{key}-po")
        rows[key] = {
            "org": org,
            "party_org": po,
            "member": MemberFactory(organization=org, party_org=po, name=f"{key}-member"),
            "person": PipelinePersonFactory(organization=org, name=f"{key}-person"),
            "report": ReportFactory(unit=u),
            "officer": OfficerFactory(organizations=[org], name=f"{key}-officer"),
        }
    return rows


def detail_urls(row):
    return {
        "organization": reverse("organizations:organization_detail", args=[row["org"].credit_code]),
        "party_org": reverse("organizations:partyorg_detail", args=[row["party_org"].code]),
        "member": reverse("members:partymember_detail", args=[row["member"].member_id]),
        "pipeline": reverse("members:pipelineperson_detail", args=[row["person"].person_id]),
        "report": reverse("reports:halfyearreport_detail", args=[row["report"].pk]),
        "officer": reverse("members:officer_detail", args=[row["officer"].officer_id]),
    }


LIST_URLS = {
    "organization": ("organizations:organization_list", "org"),
    "party_org": ("organizations:partyorg_list", "po"),
    "member": ("members:partymember_list", "member"),
    "pipeline": ("members:pipelineperson_list", "person"),
    "officer": ("members:officer_list", "officer"),
}


@pytest.mark.parametrize("entity", ["organization", "party_org", "member", "pipeline", "report", "officer"])
def test_secretary_gets_404_for_other_units_record(client, unit_secretary, two_units, entity):
    client.force_login(unit_secretary)
    assert client.get(detail_urls(two_units["other"])[entity]).status_code == 404
    assert client.get(detail_urls(two_units["own"])[entity]).status_code == 200


@pytest.mark.parametrize("entity", ["organization", "party_org", "member", "pipeline", "report", "officer"])
def test_county_staff_open_every_units_record(client, county_staff, two_units, entity):
    client.force_login(county_staff)
    for key in ("own", "other"):
        assert client.get(detail_urls(two_units[key])[entity]).status_code == 200


@pytest.mark.parametrize("entity", sorted(LIST_URLS))
def test_secretary_lists_hold_only_own_rows(client, unit_secretary, two_units, entity):
    url_name, suffix = LIST_URLS[entity]
    client.force_login(unit_secretary)
    page = client.get(reverse(url_name)).content.decode()
    assert f"own-{suffix}" in page
    assert f"other-{suffix}" not in page


@pytest.mark.parametrize("entity", sorted(LIST_URLS))
def test_county_staff_lists_hold_every_units_rows(client, county_staff, two_units, entity):
    url_name, suffix = LIST_URLS[entity]
    client.force_login(county_staff)
    page = client.get(reverse(url_name)).content.decode()
    assert f"own-{suffix}" in page and f"other-{suffix}" in page


def test_secretary_report_list_holds_only_own_unit(client, unit_secretary, two_units):
    client.force_login(unit_secretary)
    response = client.get(reverse("reports:halfyearreport_list"))
    reports = [row.record for row in response.context["table"].rows]
    assert reports == [two_units["own"]["report"]]


def test_joint_party_org_covering_own_org_is_visible_to_both_units(client, unit_secretary, other_secretary,
                                                                    two_units):
    """A party org led by another unit but covering one of ours is in our scope."""
    joint = PartyOrgFactory(unit=two_units["other"]["org"].unit, form="joint",
                            organizations=[two_units["own"]["org"], two_units["other"]["org"]])
    for secretary in (unit_secretary, other_secretary):
        client.force_login(secretary)
        assert client.get(joint.get_absolute_url()).status_code == 200


def test_member_managed_by_unit_is_in_its_scope(client, unit_secretary, two_units, unit):
    managed = MemberFactory(organization=two_units["other"]["org"], managing_unit=unit)
    client.force_login(unit_secretary)
    assert client.get(managed.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url_name", ["targets:home", "organizations:organization_list", "members:partymember_list",
                                      "reports:halfyearreport_list"])
def test_anonymous_visitor_is_sent_to_login(client, url_name, db):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_counts_only_the_secretarys_scope(client, unit_secretary, county_staff, two_units):
    client.force_login(unit_secretary)
    overview = client.get(reverse("targets:home")).context["overview"]
    assert overview["organizations"]["active"] == 1
    assert overview["members"]["total"] == 1
    client.force_login(county_staff)
    overview = client.get(reverse("targets:home")).context["overview"]
    assert overview["organizations"]["active"] == 2
    assert overview["members"]["total"] == 2
