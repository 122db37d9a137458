"""Every Celery task of the project has time limits, retries transient errors with exponential
backoff (a bounded number of times), is acknowledged late, and is safe to run twice.

The tasks are read from the Celery app itself, so a new task without these settings, or without
a run-twice test below, makes this module fail."""
import csv
import datetime
import io
import pathlib
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from config.celery import TRANSIENT_ERRORS, app
from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory
from register.models import ImportStatus, RegisterImport
from reports.models import ReminderLog, ReportSettings
from targets.models import Snapshot, SnapshotScope

from .urlmatrix import data_state
from tests.registers import OWN_REGISTER

SAMPLE = OWN_REGISTER  # the project's own small register (tests/data/)

PROJECT_APPS = ("accounts", "audit", "common", "config", "demo", "members", "organizations", "register", "reports",
                "targets")


def sample_rows(name: str) -> list[dict]:
    """The rows of one file of the sample register, as dicts (the header is not a row)."""
    with open(SAMPLE / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def project_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in PROJECT_APPS}


def test_the_project_has_tasks_to_check():
    assert {"targets.tasks.recompute_snapshot", "register.tasks.check_register_import",
            "register.tasks.apply_register_import", "reports.tasks.send_report_reminders"} <= set(project_tasks())


@pytest.mark.parametrize("name", sorted(project_tasks()))
def test_task_has_time_limits_backoff_retries_and_late_acks(name):
    task = project_tasks()[name]
    assert task.soft_time_limit and task.time_limit, "both a soft and a hard time limit"
    assert task.soft_time_limit < task.time_limit, "the soft limit comes first, so the task can clean up"
    assert task.time_limit <= 2 * 60 * 60
    assert set(TRANSIENT_ERRORS) <= set(task.autoretry_for), "retried on database and connection errors"
    assert task.retry_backoff, "exponential backoff between retries"
    assert task.retry_backoff_max and task.retry_backoff_max <= 60 * 60
    assert task.max_retries is not None and 1 <= task.max_retries <= 10
    assert task.acks_late is True
    assert name in RUN_TWICE_TESTS, "add a test that runs the task twice to the list below"


def test_a_new_task_gets_the_project_defaults():
    """A task declared without options still has limits and retries (config.celery.PortalTask)."""
    @app.task(name="tests.bare_task")
    def bare():
        return 1

    try:
        assert (bare.soft_time_limit, bare.time_limit) == (25 * 60, 30 * 60)
        assert bare.autoretry_for == TRANSIENT_ERRORS and bare.retry_backoff and bare.acks_late
    finally:
        app.tasks.pop("tests.bare_task", None)


def test_queueing_from_a_request_fails_fast_when_the_broker_is_down():
    """No wall clock here: the settings that bound the time a refused broker can take."""
    conf = app.conf
    assert conf.broker_connection_timeout <= 2
    assert conf.broker_transport_options["socket_connect_timeout"] <= 2
    assert conf.task_publish_retry_policy["max_retries"] <= 1
    assert conf.result_backend_transport_options["retry_policy"]["max_retries"] <= 1
    assert conf.redis_socket_connect_timeout <= 2


# -- run twice ---------------------------------------------------------------------------------

def snapshot_state():
    return sorted((s.snapshot.as_of, s.kind, s.key, repr(s.document))
                  for s in SnapshotScope.objects.select_related("snapshot"))


@pytest.mark.django_db
def test_recompute_snapshot_twice_keeps_one_snapshot_with_the_same_figures():
    OrganizationFactory.create_batch(3)
    first = app.tasks["targets.tasks.recompute_snapshot"].apply(args=("2010-11-30",)).get()
    state = snapshot_state()
    second = app.tasks["targets.tasks.recompute_snapshot"].apply(args=("2010-11-30",)).get()
    assert first == second == {"as_of": "2010-11-30", "written": True, "frozen": False}
    assert Snapshot.objects.count() == 1
    assert snapshot_state() == state
    assert SnapshotScope.objects.filter(kind="county").count() == 1


@pytest.mark.django_db
def test_recompute_snapshot_retries_a_database_error(monkeypatch):
    """A transient error (injected once, before the real work) is retried and the run succeeds."""
    from targets import services

    real, calls = services.snapshot_compute, []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "snapshot_compute", flaky)
    # throw=False: an eager retry runs again at once instead of raising celery's Retry.
    result = app.tasks["targets.tasks.recompute_snapshot"].apply(args=("2010-11-30",), throw=False)
    assert result.get() == {"as_of": "2010-11-30", "written": True, "frozen": False}
    assert len(calls) == 2
    assert Snapshot.objects.count() == 1


@pytest.mark.django_db
def test_report_reminders_twice_mail_each_secretary_once(mailoutbox, unit, other_unit):
    ReportSettings.objects.update_or_create(id=1, defaults={"due_days": 15})
    UserFactory(role=Role.UNIT_SECRETARY, unit=unit, email="a@example.cn")
    UserFactory(role=Role.UNIT_SECRETARY, unit=other_unit, email="b@example.cn")
    task = app.tasks["reports.tasks.send_report_reminders"]
    # 2010 H1 is due on 2010-07-15, every earlier half-year since the plan started is overdue: one
    # mail per secretary lists them all, and each period is logged.
    sent = task.apply(args=("2010-07-12",)).get()
    logs = sorted(ReminderLog.objects.values_list("user__email", "year", "half", "sent_on"))
    assert sent == 2 == len(mailoutbox)
    assert {email for email, *_rest in logs} == {"a@example.cn", "b@example.cn"}
    assert len(logs) == 2 * len({(year, half) for _email, year, half, _on in logs}) >= 4
    assert task.apply(args=("2010-07-12",)).get() == 0
    assert sorted(ReminderLog.objects.values_list("user__email", "year", "half", "sent_on")) == logs
    assert len(mailoutbox) == sent


def sample_zip() -> ContentFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(SAMPLE.glob("*.csv")):
            archive.writestr(f"register/{path.name}", path.read_bytes())
    return ContentFile(buffer.getvalue(), name="register.zip")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_register_check_twice_gives_the_same_result_and_writes_nothing(media, county_staff):
    record = RegisterImport.objects.create(original_name="register.zip", uploaded_by=county_staff,
                                           file=sample_zip())
    task = app.tasks["register.tasks.check_register_import"]
    assert task.apply(args=(record.pk,)).get() == ImportStatus.CHECKED
    record.refresh_from_db()
    checked = record.checked
    assert checked["counts"]["organizations"]["added"] == len(sample_rows("organizations"))
    assert task.apply(args=(record.pk,)).get() == ImportStatus.CHECKED
    record.refresh_from_db()
    assert record.checked == checked
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_register_import_twice_imports_once(media, county_staff):
    record = RegisterImport.objects.create(original_name="register.zip", uploaded_by=county_staff,
                                           file=sample_zip(), status=ImportStatus.IMPORTING)
    task = app.tasks["register.tasks.apply_register_import"]
    assert task.apply(args=(record.pk, county_staff.pk)).get() == ImportStatus.DONE
    state = data_state()
    record.refresh_from_db()
    result = record.result
    assert Organization.objects.count() == len(sample_rows("organizations"))
    assert task.apply(args=(record.pk, county_staff.pk)).get() == ImportStatus.DONE
    assert data_state() == state  # no second set of rows, nor of history rows
    record.refresh_from_db()
    assert record.result == result


@pytest.mark.django_db
def test_history_prune_twice_deletes_old_rows_once():
    org = OrganizationFactory()
    org.name = "renamed"
    org.save()
    old = timezone.now() - datetime.timedelta(days=800)
    Organization.history.filter(id=org.pk).update(history_date=old)
    task = app.tasks["audit.tasks.prune_history"]
    first = task.apply().get()
    assert sum(first.values()) >= 2
    remaining = Organization.history.count()
    assert sum(task.apply().get().values()) == 0
    assert Organization.history.count() == remaining


@pytest.mark.django_db
def test_stalled_import_sweep_twice_marks_each_lost_import_once(county_staff, settings, tmp_path):
    from register.models import ImportStatus, RegisterImport

    settings.MEDIA_ROOT = tmp_path / "media"
    lost = RegisterImport.objects.create(original_name="r.zip", uploaded_by=county_staff, status=ImportStatus.CHECKING,
                                         queued_at=timezone.now() - datetime.timedelta(hours=2), file="imports/r.zip")
    task = app.tasks["register.tasks.fail_stalled_imports"]
    assert task.apply().get() == 1
    assert task.apply().get() == 0
    lost.refresh_from_db()
    assert lost.status == ImportStatus.FAILED


RUN_TWICE_TESTS = {
    "targets.tasks.recompute_snapshot": test_recompute_snapshot_twice_keeps_one_snapshot_with_the_same_figures,
    "reports.tasks.send_report_reminders": test_report_reminders_twice_mail_each_secretary_once,
    "register.tasks.check_register_import": test_register_check_twice_gives_the_same_result_and_writes_nothing,
    "register.tasks.apply_register_import": test_register_import_twice_imports_once,
    "audit.tasks.prune_history": test_history_prune_twice_deletes_old_rows_once,
    "register.tasks.fail_stalled_imports": test_stalled_import_sweep_twice_marks_each_lost_import_once,
}
