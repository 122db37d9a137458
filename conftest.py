"""Fixtures shared by every test: one user per role, each secretary tied to their own unit."""
import pytest
from django.db import connection
from django.utils import translation

from accounts.models import Role
from accounts.tests.factories import UserFactory
from organizations.tests.factories import UnitFactory


def _hypothesis_profiles():
    """Fuzz tests (tests/test_fuzz_*.py): "ci" (CI=true) is derandomized and keeps no example
    database, so every run tries the same inputs; "dev" explores anew each time."""
    import os

    from hypothesis import HealthCheck, settings

    common = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
    settings.register_profile("ci", derandomize=True, database=None, print_blob=True, **common)
    settings.register_profile("dev", **common)
    settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")


_hypothesis_profiles()


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')} on {db.get('HOST') or 'local file'}"


@pytest.fixture
def unit(db):
    return UnitFactory(code="T01", name="城关镇党委")


@pytest.fixture
def other_unit(db):
    return UnitFactory(code="T02", name="东河镇党委")


@pytest.fixture
def county_staff(db):
    return UserFactory(username="county", role=Role.COUNTY_STAFF)


@pytest.fixture
def unit_secretary(unit):
    return UserFactory(username="sec-T01", role=Role.UNIT_SECRETARY, unit=unit)


@pytest.fixture
def other_secretary(other_unit):
    return UserFactory(username="sec-T02", role=Role.UNIT_SECRETARY, unit=other_unit)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_superuser=True, is_staff=True)


@pytest.fixture
def vendor_db(db):
    return connection.vendor


@pytest.fixture
def in_english(client):
    """Pages (through the test client) and expected messages in English; Chinese is the default."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
