"""Common web attacks tried against the portal, each with what must hold.

Stored script in a register field, injection through search, cross-site request forgery, an open
redirect after login, a zip whose member names climb out of the unpack folder, and clickjacking.
"""
import io
import pathlib
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from audit.selectors import audit_entries
from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory
from register.models import ImportStatus, RegisterImport

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def staff_client(client, county_staff):
    client.force_login(county_staff)
    return client


def test_a_script_stored_in_a_name_is_shown_as_text_on_list_detail_and_audit_pages(staff_client, unit):
    org = OrganizationFactory(unit=unit, name=XSS, owner_name=XSS)
    assert audit_entries().exists()
    pages = [
        reverse("organizations:organization_list"),
        reverse("organizations:organization_list") + "?q=script",
        org.get_absolute_url(),
        reverse("audit:audit"),
    ]
    for url in pages:
        page = staff_client.get(url).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page, url
        assert XSS not in page, url
        assert "<img src=x" not in page, url


@pytest.mark.parametrize("q", ["' OR 1=1 --", "%'; DROP TABLE organizations_organization; --", "\\", "%_%", "\x00"])
def test_search_text_is_data_not_sql(staff_client, unit, q):
    OrganizationFactory(unit=unit, name="城关机械有限公司")
    response = staff_client.get(reverse("organizations:organization_list"), {"q": q})
    assert response.status_code in (200, 400)
    assert Organization.objects.count() == 1
    if response.status_code == 200:
        assert "城关机械有限公司" not in response.content.decode()


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(county_staff, unit):
    org = OrganizationFactory(unit=unit, name="原名称有限公司")
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_staff)
    url = reverse("organizations:organization_update", kwargs={"credit_code": org.credit_code})
    response = client.post(url, {"name": "被篡改的名称"})
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name == "原名称有限公司"


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com"])
def test_login_never_redirects_to_another_site(client, county_staff, target):
    response = client.post(reverse("login") + f"?next={target}",
                           {"username": "county", "password": PASSWORD, "next": target},
                           REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302
    assert response["Location"] == reverse("targets:home")


def test_pages_may_not_be_framed_by_other_sites(staff_client):
    response = staff_client.get(reverse("targets:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_zip_members_that_climb_out_of_the_folder_stay_inside_it(staff_client, tmp_path, settings,
                                                                 django_capture_on_commit_callbacks):
    """A register .zip whose member names hold ../ or absolute paths is unpacked flat, by base
    name only, into its own temporary folder: nothing is written anywhere else."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    outside = tmp_path / "organizations.csv"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # (one name twice is refused at the upload itself)
        archive.writestr("../../../units.csv", "code,name\n")
        archive.writestr(str(outside), "code,name\n")
    buffer.seek(0)
    buffer.name = "register.zip"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the check unpacks the zip
        response = staff_client.post(reverse("register:register_import"), {"file": buffer})
    assert response.status_code == 302 and callbacks
    record = RegisterImport.objects.get()
    assert record.status != ImportStatus.CHECKING  # the check ran (and found the files' content wrong)
    assert not outside.exists()
    assert not (pathlib.Path(settings.MEDIA_ROOT).parent / "units.csv").exists()
    assert not pathlib.Path("/units.csv").exists()
    assert "organizations.csv" in str(record.checked)  # the absolute name was read, as its base name
