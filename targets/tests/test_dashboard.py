"""The dashboard as each role sees it."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.tests.factories import MemberFactory
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from targets.models import Snapshot
from targets.services import snapshot_compute

pytestmark = pytest.mark.django_db
D = "2010-12-31"


@pytest.fixture
def county(unit, other_unit):
    big = OrganizationFactory(unit=unit, employees=120, stable=True, township="城关镇", name="城关大厂")
    OrganizationFactory(unit=other_unit, employees=60, stable=True, township="东河镇", name="东河中厂")
    po = PartyOrgFactory(unit=unit, organizations=[big], established_on=datetime.date(2009, 5, 1))
    MemberFactory(organization=big, party_org=po)
    return big


def targets_by_code(response):
    return {row.record.code: row for row in response.context["rows"]}


def test_staff_see_every_target_with_state_and_action_links(client, county_staff, county):
    client.force_login(county_staff)
    response = client.get(reverse("targets:home"), {"as_of": D})
    assert response.status_code == 200
    rows = targets_by_code(response)
    assert len(rows) == 19
    stable50 = rows["stable50_member"]
    assert (stable50.result["numerator"], stable50.result["denominator"]) == (1, 2)
    assert stable50.result["state"] == "open"
    [item] = stable50.actions
    assert item.name == "东河中厂"
    assert item.url == reverse("organizations:organization_detail", args=[item.key])
    page = response.content.decode()
    assert f'href="{item.url}"' in page
    assert rows["party_orgs"].result["state"] == "open"
    assert rows["three_haves"].result["state"] == "overdue"


def test_secretary_sees_only_their_unit(client, unit_secretary, county):
    client.force_login(unit_secretary)
    response = client.get(reverse("targets:home"), {"as_of": D})
    assert response.context["baseline"]["orgs"] == 1
    assert targets_by_code(response)["stable50_member"].result["denominator"] == 1


def test_secretary_cannot_reach_another_units_dashboard(client, unit_secretary, other_unit, county):
    client.force_login(unit_secretary)
    assert client.get(reverse("targets:home"), {"unit": other_unit.code}).status_code == 404
    assert client.get(reverse("targets:home"), {"unit": unit_secretary.unit.code}).status_code == 200


def test_staff_drill_down_to_township_and_unit(client, county_staff, county, other_unit):
    client.force_login(county_staff)
    township = client.get(reverse("targets:home"), {"as_of": D, "township": "东河镇"})
    assert township.context["baseline"]["orgs"] == 1
    assert township.context["scope_label"] == "东河镇"
    unit = client.get(reverse("targets:home"), {"as_of": D, "unit": other_unit.code})
    assert unit.context["baseline"]["orgs"] == 1
    assert unit.context["scope_label"] == other_unit.name


def test_snapshot_is_used_with_drilldown_trend_and_stale_notice(client, county_staff, county):
    snapshot_compute(as_of=datetime.date(2010, 6, 30))
    snapshot_compute(as_of=datetime.date(2010, 12, 31))
    client.force_login(county_staff)
    response = client.get(reverse("targets:home"), {"as_of": D})
    assert response.context["snapshot"] == Snapshot.objects.get(as_of=datetime.date(2010, 12, 31))
    assert not response.context["stale"]
    assert response.context["trend"]["labels"] == ["2010-06-30", "2010-12-31"]
    assert {s["key"] for s in response.context["drilldown"]["township"]} == {"城关镇", "东河镇"}
    OrganizationFactory()
    response = client.get(reverse("targets:home"), {"as_of": D})
    assert response.context["stale"]
    assert "data-testid=\"stale-notice\"" in response.content.decode()


def test_recompute_button_stores_todays_snapshot_for_staff_only(client, county_staff, unit_secretary):
    client.force_login(unit_secretary)
    assert client.post(reverse("targets:recompute")).status_code == 403
    assert not Snapshot.objects.exists()
    client.force_login(county_staff)
    response = client.post(reverse("targets:recompute"))
    assert response.status_code == 302
    assert Snapshot.objects.count() == 1


def test_bad_date_falls_back_to_today_with_a_message(client, county_staff):
    client.force_login(county_staff)
    response = client.get(reverse("targets:home"), {"as_of": "2010-13-45"})
    assert response.status_code == 200
    assert response.context["form"].errors["as_of"]


def test_dashboard_query_count_does_not_grow_with_rows(client, county_staff):
    def make(n):
        for i in range(n):
            org = OrganizationFactory(employees=55, stable=True)
            MemberFactory(organization=org) if i % 2 else None
    client.force_login(county_staff)
    make(3)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("targets:home"), {"as_of": D})
    make(60)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("targets:home"), {"as_of": D})
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_secretarys_dashboard_figures_equal_compute_compliance_for_their_unit(client, unit_secretary, unit,
                                                                                other_unit, county):
    """One definition of a unit's view: the secretary's dashboard (Scope.for_user) and
    `compute_compliance --unit` (the unit's code) cover the same rows, including a party org the
    unit leads over another unit's organization and a member it manages elsewhere."""
    import io
    import json

    from django.core.management import call_command

    elsewhere = OrganizationFactory(unit=other_unit, employees=80, stable=True)
    PartyOrgFactory(unit=unit, organizations=[elsewhere], established_on=datetime.date(2008, 3, 1))
    MemberFactory(organization=elsewhere, managing_unit=unit)
    MemberFactory(organization=elsewhere)  # another unit's member: in neither
    client.force_login(unit_secretary)
    response = client.get(reverse("targets:home"), {"as_of": D})
    out = io.StringIO()
    call_command("compute_compliance", "--as-of", D, "--unit", unit.code, "--json", "--details", stdout=out)
    assert response.context["document"] == json.loads(out.getvalue())
    assert response.context["document"]["baseline"]["party_orgs"] == 2  # the one it leads elsewhere too
