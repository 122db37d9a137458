"""Faults: Redis (broker and cache) down, and a register import failing midway.

Redis "down" is a real refused connection (nothing listens on 127.0.0.1 port 1), not a mock:
every page still answers, a write is saved and county staff are told that the recompute could
not be queued. An import that fails halfway (a write function raising after its rows, or a
database trigger refusing a row) leaves every table exactly as it was and the import says why."""
import csv
import io
import os
import pathlib
import zipfile

import pytest
from django.contrib.messages import constants as message_levels
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import OperationalError, connection
from django.urls import reverse

from config.celery import app
from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory
from register import services as register_services
from register.models import ImportStatus, RegisterImport
from register.importing import RegisterWriter
from register.tasks import apply_register_import
from targets.services import MSG_RECOMPUTE_NOT_QUEUED, PENDING_KEY

from .test_celery_worker import _forget_cached_connections
from .test_permission_matrix import EXPECTED
from .urlmatrix import build_dataset, data_state, kwargs_for, named_patterns
from tests.browser_forms import with_lock
from tests.registers import OWN_REGISTER

REFUSED = "redis://127.0.0.1:1/0"
SAMPLE = OWN_REGISTER  # the project's own small register (tests/data/)
ALREADY_THERE = 2  # organizations in the portal before the import (confirmed_import)


def sample_rows(name: str) -> list[dict]:
    """The rows of one file of the sample register, as dicts (the header is not a row)."""
    with open(SAMPLE / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def redis_down(settings):
    """The broker, the result store and the cache all point at a port that refuses connections."""
    # Read first: Celery loads its configuration from the settings on first use, which must not
    # be the overridden settings below, or "restoring" it would keep them.
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REFUSED,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    app.conf.update(broker_url=REFUSED, result_backend=REFUSED, task_always_eager=False)
    _forget_cached_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_cached_connections()


def test_redis_really_refuses(redis_down):
    """The fault is real: the cache and the broker both fail to connect."""
    import redis
    from kombu.exceptions import OperationalError as KombuOperationalError

    with pytest.raises(redis.ConnectionError):
        cache.get(PENDING_KEY)
    with pytest.raises((KombuOperationalError, ConnectionError, OSError)):
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)


def warnings_of(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"] if m.level == message_levels.WARNING]


def org_form_data(org, **changes):
    data = {"credit_code": org.credit_code, "name": org.name, "category": org.category, "unit": org.unit_id,
            "township": org.township, "industry": org.industry, "employees": org.employees,
            "status": org.status, "owner_name": org.owner_name}
    for flag in ("individual_business", "stable", "owner_is_member"):
        if getattr(org, flag):
            data[flag] = "on"
    data.update(changes)
    return data


@pytest.mark.django_db
def test_every_page_county_staff_can_open_answers_with_redis_down(client, redis_down, unit, unit_secretary,
                                                                  county_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = build_dataset(unit, secretary=unit_secretary, staff=county_staff)
    client.force_login(county_staff)
    pages = [name for name, expected in EXPECTED.items() if expected["county_staff"] == 200]
    assert len(pages) > 20
    patterns = named_patterns()
    failed = {}
    for name in pages:
        url = reverse(name, kwargs=kwargs_for(name, patterns[name], data))
        status = client.get(url).status_code
        if status != 200:
            failed[name] = status
    assert failed == {}


# on_commit (where tasks are queued) only runs on a real commit: these tests commit.
@pytest.mark.django_db(transaction=True)
def test_edit_is_saved_and_county_staff_are_told_the_recompute_was_not_queued(client, redis_down, county_staff,
                                                                              in_english):
    org = OrganizationFactory(employees=20)
    client.force_login(county_staff)
    url = reverse("organizations:organization_update", kwargs={"credit_code": org.credit_code})
    response = client.post(url, with_lock(client, url, org_form_data(org, employees=35)))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.employees == 35
    assert warnings_of(client, response.url) == [str(MSG_RECOMPUTE_NOT_QUEUED)]
    # A second edit tries again (the failed attempt left no "pending" flag) and says so again.
    response = client.post(url, with_lock(client, url, org_form_data(org, employees=36)))
    assert warnings_of(client, response.url) == [str(MSG_RECOMPUTE_NOT_QUEUED)]
    assert Organization.objects.get(pk=org.pk).employees == 36


@pytest.mark.django_db(transaction=True)
def test_secretary_edit_is_saved_without_the_staff_message(client, redis_down, unit, unit_secretary, in_english):
    org = OrganizationFactory(unit=unit, employees=20)
    client.force_login(unit_secretary)
    url = reverse("organizations:organization_update", kwargs={"credit_code": org.credit_code})
    response = client.post(url, with_lock(client, url, org_form_data(org, employees=21)))
    assert response.status_code == 302
    assert Organization.objects.get(pk=org.pk).employees == 21
    assert warnings_of(client, response.url) == []


@pytest.mark.django_db
def test_recompute_button_says_the_queue_is_unreachable(client, redis_down, county_staff, in_english):
    client.force_login(county_staff)
    response = client.post(reverse("targets:recompute"), follow=True)
    assert response.status_code == 200
    [message] = list(response.context["messages"])
    assert message.level == message_levels.ERROR
    assert "could not be queued" in str(message)


def sample_zip(name="register.zip") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(SAMPLE.glob("*.csv")):
            archive.writestr(f"register/{path.name}", path.read_bytes())
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_register_upload_and_confirm_say_the_queue_is_unreachable(client, redis_down, county_staff, media,
                                                                   in_english):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(county_staff)
    response = client.post(reverse("register:register_import"),
                           {"file": SimpleUploadedFile("register.zip", sample_zip())})
    assert response.status_code == 302
    record = RegisterImport.objects.get()
    assert record.status == ImportStatus.INVALID  # not left "checking" forever
    assert record.checked["errors"][0]["message"] == str(register_services.MSG_CHECK_NOT_QUEUED)
    assert warnings_of(client, response.url) == [str(register_services.MSG_CHECK_NOT_QUEUED)]

    RegisterImport.objects.filter(pk=record.pk).update(status=ImportStatus.CHECKED)
    response = client.post(reverse("register:register_import_confirm", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ImportStatus.CHECKED  # can be confirmed again once the queue is back
    assert warnings_of(client, response.url) == [str(register_services.MSG_IMPORT_NOT_QUEUED)]
    assert not Organization.objects.exists()


# -- an import failing midway -------------------------------------------------------------------

def register_digest() -> dict:
    """Every row of the project's tables (history included), except the import records themselves."""
    state = data_state()
    state.pop("register.RegisterImport")
    return state


@pytest.fixture
def confirmed_import(media, county_staff):
    """Data already in the portal, and a confirmed import of the sample register."""
    OrganizationFactory.create_batch(ALREADY_THERE)
    return RegisterImport.objects.create(original_name="register.zip", uploaded_by=county_staff,
                                         file=ContentFile(sample_zip(), name="register.zip"),
                                         status=ImportStatus.IMPORTING)


@pytest.fixture
def failing_after_party_orgs(monkeypatch):
    """Units and organizations are written, then party organizations, then the writer fails."""
    real = RegisterWriter.write_party_orgs

    def write_then_fail(self, rows):
        real(self, rows)
        # the failure really comes after rows were written: the sample's organizations are there too
        assert Organization.objects.count() == ALREADY_THERE + len(sample_rows("organizations"))
        raise RuntimeError("injected failure after writing the party organizations")

    monkeypatch.setattr(RegisterWriter, "write_party_orgs", write_then_fail)


def assert_failed_cleanly(record, before, reason):
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED
    [error] = record.result["errors"]
    assert reason in error["message"] and "nothing was written" in error["message"]
    assert register_digest() == before


@pytest.mark.django_db
def test_import_failing_midway_through_the_service_writes_nothing(confirmed_import, failing_after_party_orgs,
                                                                  county_staff, in_english):
    before = register_digest()
    register_services.register_import_apply(record=confirmed_import, user=county_staff)
    assert_failed_cleanly(confirmed_import, before, "injected failure after writing the party organizations")


@pytest.mark.django_db
def test_import_failing_midway_through_the_task_writes_nothing(confirmed_import, failing_after_party_orgs,
                                                               county_staff, in_english):
    before = register_digest()
    result = apply_register_import.apply(args=(confirmed_import.pk, county_staff.pk))
    assert result.get() == ImportStatus.FAILED
    assert_failed_cleanly(confirmed_import, before, "injected failure after writing the party organizations")


@pytest.fixture
def trigger_refusing_members():
    """A database trigger that refuses the 21st party member: a failure inside the database itself,
    after units, organizations, party organizations and some members were written."""
    from members.models import PartyMember

    table = PartyMember._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE FUNCTION faults_refuse_member() RETURNS trigger AS $$ BEGIN "
                           f"IF (SELECT count(*) FROM {table}) >= 20 THEN "
                           "RAISE EXCEPTION 'injected database failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
            cursor.execute(f"CREATE TRIGGER faults_refuse_member BEFORE INSERT ON {table} "
                           "FOR EACH ROW EXECUTE FUNCTION faults_refuse_member()")
        elif connection.vendor == "sqlite":
            cursor.execute(f"CREATE TRIGGER faults_refuse_member BEFORE INSERT ON {table} "
                           f"WHEN (SELECT count(*) FROM {table}) >= 20 "
                           "BEGIN SELECT RAISE(ABORT, 'injected database failure'); END")
        else:
            pytest.skip(f"no trigger for {connection.vendor}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS faults_refuse_member ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS faults_refuse_member()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS faults_refuse_member")


@pytest.mark.django_db
def test_import_refused_by_the_database_midway_writes_nothing(confirmed_import, trigger_refusing_members,
                                                              county_staff, in_english):
    before = register_digest()
    result = apply_register_import.apply(args=(confirmed_import.pk, county_staff.pk))
    assert result.get() == ImportStatus.FAILED
    assert_failed_cleanly(confirmed_import, before, "injected database failure")


@pytest.mark.django_db
def test_import_failing_on_a_transient_error_is_retried_then_given_up(confirmed_import, monkeypatch, county_staff,
                                                                      in_english):
    """A database error that might go away is retried (max_retries times); then the import is
    marked failed instead of staying "importing" forever, and nothing is written."""
    calls = []
    real = RegisterWriter.write_party_orgs

    def flaky(self, rows):
        calls.append(1)
        real(self, rows)
        raise OperationalError("could not serialize access")

    monkeypatch.setattr(RegisterWriter, "write_party_orgs", flaky)
    before = register_digest()
    task = apply_register_import
    # Eager retries run again at once; they re-apply with task_eager_propagates, so switch it off.
    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    try:
        result = task.apply(args=(confirmed_import.pk, county_staff.pk))
    finally:
        app.conf.task_eager_propagates = saved
    assert isinstance(result.result, OperationalError)
    assert len(calls) == task.max_retries + 1
    confirmed_import.refresh_from_db()
    assert confirmed_import.status == ImportStatus.FAILED
    assert "could not serialize access" in confirmed_import.result["errors"][0]["message"]
    assert register_digest() == before


# -- /health/ -----------------------------------------------------------------------------------

HEALTH_URL = "/health/"


def health(client):
    response = client.get(HEALTH_URL)
    return response, response.json()


@pytest.fixture
def fresh_snapshot(db):
    from targets.services import snapshot_compute

    snapshot, _written = snapshot_compute()
    return snapshot


@pytest.mark.django_db
def test_health_url_name_and_public(client):
    assert reverse("health") == HEALTH_URL
    response, _body = health(client)  # anonymous: no redirect to the login page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_health_ok_with_the_database_a_fresh_snapshot_and_no_broker(client, fresh_snapshot):
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True and body["database"]["ms"] >= 0
    assert body["broker"] == {"ok": None, "ms": None}  # tasks run eagerly: there is no broker
    assert body["snapshot"]["as_of"] == fresh_snapshot.as_of.isoformat()
    assert body["snapshot"]["computed_at"] == fresh_snapshot.computed_at.isoformat()
    assert 0 <= body["snapshot"]["age_hours"] < 1 and body["snapshot"]["ok"] is True


def test_health_is_degraded_when_the_broker_refuses(client, fresh_snapshot, redis_down):
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True and body["snapshot"]["ok"] is True


@pytest.mark.skipif(not os.environ.get("CELERY_TEST_BROKER_URL"), reason="needs CELERY_TEST_BROKER_URL (Redis)")
def test_health_reaches_a_running_broker(client, fresh_snapshot, settings):
    broker = os.environ["CELERY_TEST_BROKER_URL"]
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=broker, task_always_eager=False)
    _forget_cached_connections()
    try:
        response, body = health(client)
    finally:
        app.conf.update(saved)
        _forget_cached_connections()
    assert body["broker"]["ok"] is True and body["broker"]["ms"] >= 0
    assert body["status"] == "ok" and response.status_code == 200


def test_health_is_degraded_with_a_stale_snapshot_and_gives_its_age(client, fresh_snapshot, settings):
    from datetime import timedelta

    from targets.models import Snapshot

    settings.HEALTH_SNAPSHOT_MAX_AGE_HOURS = 26
    Snapshot.objects.filter(pk=fresh_snapshot.pk).update(computed_at=fresh_snapshot.computed_at - timedelta(hours=30))
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["snapshot"]["ok"] is False
    assert 30 <= body["snapshot"]["age_hours"] < 31
    settings.HEALTH_SNAPSHOT_MAX_AGE_HOURS = 48
    assert health(client)[1]["status"] == "ok"


@pytest.mark.django_db
def test_health_is_degraded_without_any_snapshot(client):
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["snapshot"] == {"as_of": None, "computed_at": None, "age_hours": None, "ok": False}


def test_health_holds_no_user_or_register_data(client, fresh_snapshot, county_staff, unit_secretary):
    org = OrganizationFactory(name="保密测试企业有限公司", owner_name="李保密")
    response, body = health(client)
    text = response.content.decode()
    assert set(body) == {"status", "database", "broker", "snapshot"}
    assert set(body["snapshot"]) == {"as_of", "computed_at", "age_hours", "ok"}
    for secret in (county_staff.username, unit_secretary.username, unit_secretary.unit.name, org.name,
                   org.owner_name, org.credit_code):
        assert secret not in text


@pytest.mark.django_db
def test_health_answers_503_when_the_database_refuses(client, settings):
    """A real refused connection: the default database alias is swapped, for this request only,
    for one pointing at a closed port (PostgreSQL) or an unopenable file (SQLite)."""
    from django.db import connections

    original = connections["default"]
    broken = connections.create_connection("default")
    if original.vendor == "postgresql":
        broken.settings_dict = {**original.settings_dict, "HOST": "127.0.0.1", "PORT": "1"}
    else:
        broken.settings_dict = {**original.settings_dict, "NAME": "/nonexistent-directory/portal.sqlite3"}
    connections["default"] = broken
    try:
        response = client.get(HEALTH_URL)
    finally:
        connections["default"] = original
        broken.close()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"]["ok"] is False
    assert body["snapshot"] is None
