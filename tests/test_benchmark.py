"""The benchmark's parts work, so its figures mean something: the synthetic register is valid and
deterministic, and the command runs end to end (it prints figures; no time is asserted)."""
import filecmp
import io

import pytest
from django.core.management import CommandError, call_command

from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory
from reports.register.importing import register_import
from reports.register.synthetic import write_synthetic_register

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
