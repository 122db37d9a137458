"""The benchmark's parts work, so its figures mean something: the synthetic register is valid and
deterministic, and the command runs end to end (it prints figures; no time is asserted)."""
import filecmp
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory
from register.importing import register_import
from demo.synthetic import write_synthetic_register

pytestmark = pytest.mark.django_db


def test_synthetic_register_imports_cleanly_with_every_file(tmp_path):
    counts = write_synthetic_register(tmp_path / "a", 600)
    assert counts["organizations"] == 600
    assert all(counts[name] > 0 for name in counts), counts
    result = register_import(tmp_path / "a")
    assert result.ok, [str(e) for e in result.errors[:5]]
    assert Organization.objects.count() == 600


def test_synthetic_register_is_the_same_every_time(tmp_path):
    write_synthetic_register(tmp_path / "a", 300)
    write_synthetic_register(tmp_path / "b", 300)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_benchmark_refuses_to_wipe_without_being_told():
    OrganizationFactory()
    with pytest.raises(CommandError, match="--wipe-database"):
        call_command("benchmark", sizes=[50])
    assert Organization.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # it truncates tables, which PostgreSQL refuses mid-transaction
def test_benchmark_prints_a_row_per_size(tmp_path):
    out = io.StringIO()
    call_command("benchmark", sizes=[80, 120], repeat=1, wipe_database=True, workdir=str(tmp_path),
                 stdout=out, stderr=io.StringIO())
    rows = [line.split() for line in out.getvalue().splitlines()[2:]]
    assert [row[0] for row in rows] == ["80", "120"]
    assert Organization.objects.count() == 120  # each size starts from an empty register


def test_prepare_only_needs_one_size_and_a_password():
    OrganizationFactory()
    with pytest.raises(CommandError, match="--prepare-only"):
        call_command("benchmark", sizes=[50, 60], prepare_only=True, users_password="x" * 12, wipe_database=True)
    with pytest.raises(CommandError, match="--users-password"):
        call_command("benchmark", sizes=[50], prepare_only=True, wipe_database=True)
    assert Organization.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_prepare_only_leaves_a_register_a_snapshot_and_users_who_can_log_in(tmp_path, client):
    from django.utils import timezone

    from accounts.models import Role, User
    from demo.management.commands.benchmark import LOAD_TEST_COUNTY_USER, LOAD_TEST_SECRETARY_PREFIX
    from targets.models import Snapshot

    out = io.StringIO()
    call_command("benchmark", sizes=[150], prepare_only=True, users_password="load-test-password",
                 wipe_database=True, workdir=str(tmp_path), stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith("prepared N=150: rows=")
    assert Organization.objects.count() == 150
    assert Snapshot.objects.filter(as_of=timezone.localdate()).exists()
    secretaries = User.objects.filter(username__startswith=LOAD_TEST_SECRETARY_PREFIX)
    assert secretaries.count() == 3
    assert all(user.role == Role.UNIT_SECRETARY and user.unit.organizations.exists() for user in secretaries)
    assert User.objects.get(username=LOAD_TEST_COUNTY_USER).role == Role.COUNTY_STAFF
    response = client.post(reverse("login"), {"username": LOAD_TEST_COUNTY_USER, "password": "load-test-password"})
    assert response.status_code == 302 and response.url == reverse("targets:home")
