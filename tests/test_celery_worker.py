"""Celery with a real worker consuming from Redis: the snapshot task stores a snapshot, and a
frozen one is not rewritten. Runs wherever CELERY_TEST_BROKER_URL names a Redis (CI sets it)."""
import datetime
import os

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from organizations.tests.factories import OrganizationFactory
from targets.models import Snapshot
from targets.tasks import recompute_snapshot

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not BROKER and os.environ.get("CI") != "true",
                       reason="set CELERY_TEST_BROKER_URL=redis://127.0.0.1:6379/15 to run"),
]


@pytest.fixture
def redis_worker():
    assert BROKER, "CI must provide CELERY_TEST_BROKER_URL"
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=BROKER, result_backend=BROKER, task_always_eager=False)
    _forget_cached_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        _forget_cached_connections()


def _forget_cached_connections():
    """The app caches its broker and producer pools and (per thread) its result backend on first
    use: an earlier test running tasks eagerly made them for the default broker, not Redis."""
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


def test_worker_stores_a_snapshot_and_keeps_a_frozen_one(redis_worker):
    OrganizationFactory.create_batch(3)
    result = recompute_snapshot.delay("2010-11-30").get(timeout=60)
    assert result == {"as_of": "2010-11-30", "written": True, "frozen": False}
    assert Snapshot.objects.get(as_of=datetime.date(2010, 11, 30)).scopes.get(kind="county").document[
        "baseline"]["orgs"] == 3

    frozen = recompute_snapshot.delay("2010-12-31").get(timeout=60)
    assert frozen == {"as_of": "2010-12-31", "written": True, "frozen": True}
    OrganizationFactory()
    again = recompute_snapshot.delay("2010-12-31").get(timeout=60)
    assert again == {"as_of": "2010-12-31", "written": False, "frozen": True}
    assert Snapshot.objects.get(as_of=datetime.date(2010, 12, 31)).scopes.get(kind="county").document[
        "baseline"]["orgs"] == 3


def test_a_burst_of_edits_puts_one_recompute_on_the_redis_queue(settings, unit):
    """Five organizations edited one after another, each in its own transaction, as five quick
    saves in the pages would be: one recompute task reaches the broker, after the commit."""
    import redis
    from django.core.cache import cache

    from organizations import services as org_services
    from organizations.models import Organization
    from targets.services import PENDING_KEY

    # Read what to restore before changing the setting: if Celery had not loaded its configuration
    # yet, it would load the changed value and "restore" it for every later test.
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    _forget_cached_connections()
    queue = redis.Redis.from_url(BROKER)
    queue.delete("celery")
    cache.delete(PENDING_KEY)
    try:
        OrganizationFactory.create_batch(5, unit=unit)  # factories save directly: no request
        assert queue.llen("celery") == 0
        for organization in Organization.objects.order_by("pk"):
            org_services.organization_update(organization=organization, data={"employees": organization.employees + 1})
        messages = queue.lrange("celery", 0, -1)
        assert len(messages) == 1
        assert b"targets.tasks.recompute_snapshot" in messages[0]
    finally:
        queue.delete("celery")
        cache.delete(PENDING_KEY)
        app.conf.update(saved)
        _forget_cached_connections()
