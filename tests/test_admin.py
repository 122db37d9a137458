"""Django admin: every model's pages work for admins, nobody else gets in, rules hold."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.tests.factories import CountyLeaderFactory, MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations.models import PartyOrg
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_registered_model_has_working_changelist_and_add_pages(client, admin_user):
    client.force_login(admin_user)
    for model, model_admin in admin.site._registry.items():
        assert client.get(admin_url(model, "changelist")).status_code == 200, model
        assert client.get(admin_url(model, "changelist"), {"q": "测试"}).status_code == 200, model
        expected = 200 if model_admin.has_add_permission(type("R", (), {"user": admin_user})()) else 403
        assert client.get(admin_url(model, "add")).status_code == expected, model


@pytest.mark.parametrize("factory", [OrganizationFactory, PartyOrgFactory, MemberFactory, PipelinePersonFactory,
                                     OfficerFactory, CountyLeaderFactory, ReportFactory])
def test_change_and_history_pages(client, admin_user, factory):
    obj = factory()
    client.force_login(admin_user)
    assert client.get(admin_url(type(obj), "change", obj.pk)).status_code == 200
    assert client.get(admin_url(type(obj), "history", obj.pk)).status_code == 200


def test_county_staff_and_secretaries_are_kept_out_of_admin(client, county_staff, unit_secretary):
    for user in (county_staff, unit_secretary):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def party_org_post(unit, orgs, form):
    return {"code": "P777", "name": "联合党支部", "level": "branch", "form": form, "unit": unit.pk,
            "organizations": [o.pk for o in orgs], "established_on": "2009-01-01",
            "leadership-TOTAL_FORMS": 0, "leadership-INITIAL_FORMS": 0,
            "assessments-TOTAL_FORMS": 0, "assessments-INITIAL_FORMS": 0}


def test_admin_refuses_a_joint_party_org_with_one_organization(client, admin_user, unit):
    client.force_login(admin_user)
    org = OrganizationFactory(unit=unit)
    with translation.override("en"):
        response = client.post(admin_url(PartyOrg, "add"), party_org_post(unit, [org], "joint"),
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "A joint party organization covers two or more organizations; 1 was chosen." in response.content.decode()
    assert not PartyOrg.objects.exists()
    second = OrganizationFactory(unit=unit)
    response = client.post(admin_url(PartyOrg, "add"), party_org_post(unit, [org, second], "joint"))
    assert response.status_code == 302
    assert set(PartyOrg.objects.get(code="P777").organizations.all()) == {org, second}


def test_organization_changelist_query_count_is_constant(client, admin_user):
    client.force_login(admin_user)
    OrganizationFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        client.get(admin_url(OrganizationFactory._meta.model, "changelist"))
    OrganizationFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        client.get(admin_url(OrganizationFactory._meta.model, "changelist"))
    assert len(many.captured_queries) == len(few.captured_queries)
