"""A check or an import whose task was lost (a killed worker, a crashed eager run) is detected,
shown as failed with the reason, and can be retried or cancelled; the register is untouched."""
import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization
from register import services
from register.models import ImportStatus, RegisterImport
from tests.registers import OWN_REGISTER, zipped_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def no_heartbeats():
    """Heartbeats live in the cache, keyed by the import's pk, which SQLite reuses after a test's
    rollback: no test may see another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def lost(county_staff, status, minutes_ago, **fields):
    """An import left in STATUS by a task that died MINUTES_AGO (nothing holds its row)."""
    record = RegisterImport(original_name="register.zip", uploaded_by=county_staff, status=status,
                            queued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago), **fields)
    record.file.save("x.zip", zipped_register(OWN_REGISTER), save=True)
    return record


def test_a_lost_check_is_shown_failed_with_the_reason_then_retried(client, county_staff, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.TASK_STALL_MINUTES = 15
    record = lost(county_staff, ImportStatus.CHECKING, 16)
    client.force_login(county_staff)
    page = client.get(record.get_absolute_url()).content.decode()
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED
    assert "No sign of progress for 15 minutes" in page and 'data-testid="import-retry"' in page
    with django_capture_on_commit_callbacks(execute=True):  # the embedded default runs the check at once
        client.post(reverse("register:register_import_retry", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportStatus.CHECKED and record.checked["ok"]
    assert not Organization.objects.exists()  # a check writes nothing


def test_a_recent_one_is_left_alone(client, county_staff, settings):
    settings.TASK_STALL_MINUTES = 15
    record = lost(county_staff, ImportStatus.CHECKING, 5)
    assert services.register_imports_fail_stalled() == 0
    record.refresh_from_db()
    assert record.status == ImportStatus.CHECKING


def test_a_heartbeat_keeps_an_old_one_alive(county_staff, settings):
    settings.TASK_STALL_MINUTES = 15
    record = lost(county_staff, ImportStatus.IMPORTING, 60)
    services._progress(record)("members.csv", 4000)
    assert services.register_imports_fail_stalled() == 0


def test_a_lost_import_is_retried_as_an_import_of_the_checked_register(client, county_staff, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.TASK_STALL_MINUTES = 15
    record = lost(county_staff, ImportStatus.IMPORTING, 30, checked={"ok": True, "counts": {}, "errors": []})
    assert services.register_imports_fail_stalled() == 1
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED and "No sign of progress" in record.result["errors"][0]["message"]
    assert services.register_imports_fail_stalled() == 0  # the sweep run twice marks nothing more
    client.force_login(county_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("register:register_import_retry", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportStatus.DONE
    assert Organization.objects.exists()


def test_a_lost_import_can_be_cancelled_and_a_live_one_cannot(client, county_staff, settings):
    settings.TASK_STALL_MINUTES = 15
    stalled = lost(county_staff, ImportStatus.IMPORTING, 30)
    alive = lost(county_staff, ImportStatus.IMPORTING, 1)
    client.force_login(county_staff)
    client.post(reverse("register:register_import_cancel", args=[stalled.pk]))
    response = client.post(reverse("register:register_import_cancel", args=[alive.pk]), follow=True)
    stalled.refresh_from_db(), alive.refresh_from_db()
    assert stalled.status == ImportStatus.CANCELLED
    assert alive.status == ImportStatus.IMPORTING and "cannot be cancelled" in response.content.decode()
    assert client.post(reverse("register:register_import_retry", args=[alive.pk])).status_code == 302
    alive.refresh_from_db()
    assert alive.status == ImportStatus.IMPORTING  # only a failed one is retried


def test_the_sweep_task_is_scheduled_in_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="register.tasks.fail_stalled_imports")
    assert task.enabled and task.crontab.minute == "*/5"


def test_the_broker_hands_out_no_task_again_while_it_may_still_run():
    from config.celery import app

    app.loader.import_default_modules()
    longest = max(t.time_limit or 0 for name, t in app.tasks.items() if not name.startswith("celery."))
    assert longest == django_settings.CELERY_LONGEST_TASK_SECONDS
    assert django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > longest
    assert django_settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


CHECK_IN_A_PROCESS = """
import django, os
django.setup()
from register.models import RegisterImport
from register.services import register_import_check
register_import_check(record=RegisterImport.objects.get(pk=int(os.environ["IMPORT_PK"])))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks tell a live task on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_killed_process_is_detected_and_a_live_one_is_not(county_staff, settings, tmp_path):
    """A real check in another process, killed with SIGKILL while it runs: while it lives the sweep
    leaves it (its row is locked), once it is dead the sweep marks it failed."""
    settings.TASK_STALL_MINUTES = 0
    big = tmp_path / "big"
    big.mkdir()
    (big / "units.csv").write_text("code,name,kind\n" + "".join(
        f"U{i:07d},单位{i},township\n" for i in range(400_000)), encoding="utf-8")
    record = RegisterImport(original_name="big.zip", uploaded_by=county_staff, status=ImportStatus.CHECKING,
                            queued_at=timezone.now() - datetime.timedelta(hours=1))
    record.file.save("big.zip", zipped_register(big), save=True)
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "IMPORT_PK": str(record.pk),
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
           "MEDIA_ROOT": settings.MEDIA_ROOT, "CACHE_URL": f"filecache://{tmp_path / 'cache'}"}
    worker = subprocess.Popen([sys.executable, "-c", CHECK_IN_A_PROCESS], env=env, cwd=django_settings.BASE_DIR)
    try:
        deadline = time.monotonic() + 60
        while not _locked(record.pk):
            assert worker.poll() is None and time.monotonic() < deadline, "the check never started"
            time.sleep(0.05)
        assert services.register_imports_fail_stalled() == 0  # alive: its transaction holds the row
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    deadline = time.monotonic() + 10
    while services.register_imports_fail_stalled() == 0:
        assert time.monotonic() < deadline, "the dead check's lock was never released"
        time.sleep(0.1)
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED


def _locked(pk) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                       "WHERE c.relname = %s AND l.mode = 'RowShareLock' AND l.pid <> pg_backend_pid() "
                       "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())", [RegisterImport._meta.db_table])
        return cursor.fetchone()[0] > 0


# -- the recompute of the targets: the same heartbeat ------------------------------------------

def test_a_lost_recompute_is_shown_to_staff_who_recompute_or_dismiss(client, county_staff, unit_secretary,
                                                                     settings):
    from targets import services as target_services

    settings.TASK_STALL_MINUTES = 15
    target_services.recompute_state_set("running")
    client.force_login(county_staff)
    assert 'data-testid="recompute-lost"' not in client.get(reverse("targets:home")).content.decode()  # alive
    old = (timezone.now() - datetime.timedelta(minutes=16)).timestamp()
    target_services.cache_call("set", target_services.STATE_KEY, {"state": "running", "at": old}, 600)
    page = client.get(reverse("targets:home")).content.decode()
    assert 'data-testid="recompute-lost"' in page and "no progress for 15 minutes" in page
    client.force_login(unit_secretary)
    assert 'data-testid="recompute-lost"' not in client.get(reverse("targets:home")).content.decode()
    client.force_login(county_staff)
    client.post(reverse("targets:recompute"))  # the embedded default recomputes at once, and clears the state
    assert target_services.recompute_lost() is None
    target_services.cache_call("set", target_services.STATE_KEY, {"state": "queued", "at": old}, 600)
    client.post(reverse("targets:recompute_dismiss"))
    assert target_services.recompute_lost() is None


def test_a_recompute_that_fails_clears_its_state(monkeypatch):
    from targets import services as target_services

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(target_services, "snapshot_compute", broken)
    with pytest.raises(RuntimeError):
        target_services.snapshot_recompute()
    assert target_services.cache_call("get", target_services.STATE_KEY) is None
