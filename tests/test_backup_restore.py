"""scripts/backup.sh and scripts/restore.sh on PostgreSQL: a backup of the demo county, restored
into a fresh database, exports the same register byte for byte; a non-empty target is refused
unless --force is given."""
import io
import os
import subprocess
import sys
import tarfile
import urllib.parse
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from organizations.tests.factories import OrganizationFactory
from tests.test_gunicorn import database_url

ROOT = Path(settings.BASE_DIR)
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="backups use pg_dump/pg_restore: PostgreSQL only (CI runs it; set DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def run(args, *, env=None, check=True):
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env={**os.environ, **(env or {})},
                            capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, f"{args[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


def url_of(name: str) -> str:
    """The test database's URL with another database name."""
    parts = urllib.parse.urlsplit(database_url())
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def psql(name: str, sql: str) -> str:
    return run(["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-Atq", "--dbname", url_of(name), "-c", sql]).stdout


@pytest.fixture
def scratch_database():
    """A database name of our own, unique per run, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    yield name
    connection.close()  # nothing of ours may hold a connection to it
    psql("postgres", f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    attachment = tmp_path / "media" / "reports" / "2010" / "城关镇-2010下半年.pdf"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"%PDF-1.4 demo attachment\n")
    return tmp_path / "media"


def backup(tmp_path, media_root) -> tuple[Path, Path]:
    result = run(["bash", BACKUP], env={"DATABASE_URL": database_url(), "BACKUP_DIR": str(tmp_path / "backups"),
                                        "MEDIA_ROOT": str(media_root), "BACKUP_RETENTION_DAYS": "30"})
    written = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    dump, media = Path(written["database"]), Path(written["media"])
    assert dump.parent == media.parent == tmp_path / "backups"
    assert dump.name.startswith("portal-") and dump.suffix == ".dump"
    return dump, media


def export_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_restored_demo_county_exports_the_same_register(tmp_path, media_root, scratch_database):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("export_register", str(tmp_path / "before"), stdout=io.StringIO())
    before = export_files(tmp_path / "before")
    assert before["organizations.csv"].count(b"\n") > 1778  # the demo county, not an empty register

    dump, media = backup(tmp_path, media_root)
    restored_media = tmp_path / "restored-media"
    result = run(["bash", RESTORE, "--media", media, "--media-root", restored_media, dump, scratch_database],
                 env={"DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "config.settings.test"})
    assert f"database {scratch_database} is at this code's migrations" in result.stderr

    run([sys.executable, "manage.py", "export_register", tmp_path / "after"],
        env={"DATABASE_URL": url_of(scratch_database), "DJANGO_SETTINGS_MODULE": "config.settings.test"})
    after = export_files(tmp_path / "after")
    assert sorted(after) == sorted(before)
    for name, content in before.items():
        assert after[name] == content, f"{name} differs after the restore"

    # The media archive brings the report attachments back, file for file.
    assert export_files(restored_media) == export_files(media_root)
    with tarfile.open(media) as archive:
        assert "./reports/2010/城关镇-2010下半年.pdf" in archive.getnames()


def test_restore_refuses_a_non_empty_database_without_force(tmp_path, media_root, scratch_database):
    OrganizationFactory.create_batch(2)
    users = User.objects.count()
    dump, _media = backup(tmp_path, media_root)
    psql("postgres", f'CREATE DATABASE "{scratch_database}"')
    psql(scratch_database, "CREATE TABLE precious (id int); INSERT INTO precious VALUES (1)")
    env = {"DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "config.settings.test"}

    refused = run(["bash", RESTORE, dump, scratch_database], env=env, check=False)
    assert refused.returncode == 2
    assert f"database {scratch_database} is not empty" in refused.stderr
    assert psql(scratch_database, "SELECT count(*) FROM precious").strip() == "1"
    assert psql(scratch_database, "SELECT to_regclass('organizations_organization') IS NULL").strip() == "t"

    run(["bash", RESTORE, "--force", dump, scratch_database], env=env)
    assert psql(scratch_database, "SELECT to_regclass('precious') IS NULL").strip() == "t"
    assert psql(scratch_database, "SELECT count(*) FROM organizations_organization").strip() == "2"
    assert psql(scratch_database, "SELECT count(*) FROM accounts_user").strip() == str(users)


def test_restore_refuses_a_non_empty_media_folder_without_force(tmp_path, media_root, scratch_database):
    dump, media = backup(tmp_path, media_root)
    refused = run(["bash", RESTORE, "--media", media, "--media-root", media_root, dump, scratch_database],
                  env={"DATABASE_URL": database_url()}, check=False)
    assert refused.returncode == 2
    assert "is not empty" in refused.stderr
    # Refused before anything was written: the target database was not even created.
    assert psql("postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{scratch_database}'").strip() == "0"
