"""Uploaded files are never served by a URL pattern, on any setting: each is downloaded through a
view that checks who asks, and is stored under a random name."""
import importlib
import pathlib
import re

import pytest
from django.urls import clear_url_caches, resolve, reverse
from django.urls.exceptions import Resolver404

from register.models import RegisterImport
from tests.registers import OWN_REGISTER, zipped_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def debug_urlconf(settings):
    """The URLconf as the embedded default (scripts/run.sh, DEBUG on) builds it."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def uploaded(client, county_staff, django_capture_on_commit_callbacks):
    client.force_login(county_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("register:register_import"), {"file": zipped_register(OWN_REGISTER, "sample.zip")})
    client.logout()
    return RegisterImport.objects.get()


def test_with_debug_on_no_url_serves_the_media_folder(debug_urlconf, client, uploaded):
    stored = uploaded.file.name
    for path in (f"/media/{stored}", f"/{stored}", "/media/imports/2026/12/sample.zip"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404


def test_an_upload_is_stored_under_a_random_name(uploaded):
    name = pathlib.PurePath(uploaded.file.name).name
    assert uploaded.original_name == "sample.zip"
    assert "sample" not in uploaded.file.name
    assert re.fullmatch(r"[0-9a-f]{32}\.zip", name)


def test_the_uploaded_register_is_downloaded_by_county_staff_only(client, uploaded, county_staff, unit_secretary):
    url = reverse("register:register_import_file", args=[uploaded.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(unit_secretary)
    assert client.get(url).status_code == 403
    client.force_login(county_staff)
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="sample.zip"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pathlib.Path(uploaded.file.path).read_bytes()


def test_the_import_page_links_the_scoped_download_not_the_file(client, uploaded, county_staff):
    client.force_login(county_staff)
    page = client.get(uploaded.get_absolute_url()).content.decode()
    assert reverse("register:register_import_file", args=[uploaded.pk]) in page
    assert uploaded.file.name not in page


def test_the_admin_links_the_scoped_download(client, uploaded, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:register_registerimport_change", args=[uploaded.pk])).content.decode()
    assert reverse("register:register_import_file", args=[uploaded.pk]) in page
    assert uploaded.file.name not in page
