"""The nightly snapshot recompute: created by a data migration as a django-celery-beat periodic
task, picked up by the real DatabaseScheduler, editable in Django admin."""
import datetime
import importlib
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as global_apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django_celery_beat import schedulers
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.tests.factories import PASSWORD
from config.celery import app as celery_app

pytestmark = pytest.mark.django_db

migration = importlib.import_module("targets.migrations.0005_nightly_snapshot_schedule")

TASK_NAME = "每晚重算达标快照"
TASK_PATH = "targets.tasks.recompute_snapshot"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# 02:00 in Shanghai. Since 2.8 the DatabaseScheduler only loads crontab tasks whose hour is
# within two hours of "now" (it reloads every 5 minutes), so the scheduler's clock is pinned.
BEAT_NOW = datetime.datetime(2025, 6, 1, 2, 0, tzinfo=SHANGHAI).astimezone(datetime.timezone.utc)


@pytest.fixture
def nightly():
    return PeriodicTask.objects.select_related("crontab").get(name=TASK_NAME)


@pytest.fixture
def beat_scheduler(monkeypatch):
    """The scheduler `celery beat` runs with CELERY_BEAT_SCHEDULER, reading the test database."""
    monkeypatch.setattr(schedulers, "aware_now", lambda: BEAT_NOW)
    # It calls close_old_connections() on every read; inside the test transaction that would
    # drop the connection (on PostgreSQL; SQLite in memory ignores it).
    monkeypatch.setattr(schedulers, "close_old_connections", lambda **kwargs: None)
    # lazy: do not install the default entries (that would write to the database).
    scheduler = schedulers.DatabaseScheduler(app=celery_app, lazy=True)
    yield scheduler
    # Its finalizer syncs and closes connections whenever it is collected; nothing to sync here.
    scheduler._finalize.cancel()


def test_the_task_is_registered_in_the_celery_app():
    """As in a worker or beat process: start-up imports the default modules, which runs the
    autodiscovery of config/celery.py. A fresh interpreter, since this one may have imported
    targets.tasks already (which registers the task whether autodiscovery works or not)."""
    code = (
        "from config.celery import app; app.loader.import_default_modules(); "
        f"print({TASK_PATH!r} in app.tasks)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            cwd=settings.BASE_DIR, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_migration_creates_the_enabled_nightly_task(nightly):
    assert nightly.enabled
    assert nightly.task == TASK_PATH
    assert nightly.args == "[]" and nightly.kwargs == "{}"  # no argument: today's snapshot
    assert nightly.interval is None and nightly.solar is None and nightly.clocked is None
    assert "每晚" in nightly.description and "后台" in nightly.description
    crontab = nightly.crontab
    assert (crontab.minute, crontab.hour) == ("30", "2")
    assert (crontab.day_of_month, crontab.month_of_year, crontab.day_of_week) == ("*", "*", "*")
    assert crontab.timezone == SHANGHAI


def test_the_migration_is_idempotent_and_its_reverse_keeps_the_crontab(nightly):
    crontab = nightly.crontab
    migration.forwards(global_apps, None)
    assert PeriodicTask.objects.filter(name=TASK_NAME).count() == 1
    assert CrontabSchedule.objects.filter(minute="30", hour="2", timezone="Asia/Shanghai").count() == 1

    migration.backwards(global_apps, None)
    assert not PeriodicTask.objects.filter(name=TASK_NAME).exists()
    assert CrontabSchedule.objects.filter(pk=crontab.pk).exists()

    migration.forwards(global_apps, None)
    assert PeriodicTask.objects.get(name=TASK_NAME).crontab_id == crontab.pk


def test_the_migration_keeps_what_an_admin_changed(nightly):
    nightly.enabled = False
    nightly.description = "停用"
    nightly.save()
    migration.forwards(global_apps, None)
    nightly.refresh_from_db()
    assert not nightly.enabled and nightly.description == "停用"


def test_the_beat_scheduler_schedules_the_task_at_half_past_two_in_shanghai(beat_scheduler):
    entry = beat_scheduler.schedule[TASK_NAME]
    assert entry.task == TASK_PATH
    assert (entry.args, entry.kwargs) == ([], {})
    assert entry.schedule.hour == {2} and entry.schedule.minute == {30}
    assert entry.schedule.tz == SHANGHAI

    # Due at 02:30 Shanghai time (18:30 UTC), not at 02:30 UTC.
    last_run = datetime.datetime(2025, 6, 1, 2, 35, tzinfo=SHANGHAI)
    entry.schedule.nowfun = lambda: datetime.datetime(2025, 6, 2, 2, 29, tzinfo=SHANGHAI)
    assert not entry.schedule.is_due(last_run).is_due
    entry.schedule.nowfun = lambda: datetime.datetime(2025, 6, 2, 2, 31, tzinfo=SHANGHAI)
    assert entry.schedule.is_due(last_run).is_due


def test_the_beat_scheduler_leaves_out_the_task_once_disabled(nightly, beat_scheduler):
    nightly.enabled = False
    nightly.save()
    assert TASK_NAME not in beat_scheduler.schedule


def test_a_time_changed_in_admin_is_what_the_running_scheduler_sees(client, admin_user, nightly, beat_scheduler):
    assert beat_scheduler.schedule[TASK_NAME].schedule.hour == {2}
    # Beat polls for changes between reads; this first poll records the current state.
    assert not beat_scheduler.schedule_changed()

    assert client.login(request=HttpRequest(), username=admin_user.username, password=PASSWORD)
    url = reverse("admin:django_celery_beat_crontabschedule_change", args=[nightly.crontab_id])
    data = _unchanged_admin_post(client.get(url))
    assert data["hour"] == "2" and data["timezone"] == "Asia/Shanghai"
    data["hour"] = "3"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response

    nightly.crontab.refresh_from_db()
    assert nightly.crontab.hour == "3"
    entry = beat_scheduler.schedule[TASK_NAME]
    assert entry.schedule.hour == {3} and entry.schedule.minute == {30}
    assert entry.schedule.tz == SHANGHAI


def test_the_admin_lists_the_task(client, admin_user):
    assert client.login(request=HttpRequest(), username=admin_user.username, password=PASSWORD)
    response = client.get("/admin/django_celery_beat/periodictask/")
    assert response.status_code == 200
    assert TASK_NAME in response.content.decode()


def _unchanged_admin_post(response):
    """The form data the admin change page posts when saved as it is (inline formsets included)."""
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data
