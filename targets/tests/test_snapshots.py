"""Snapshots: stored per as-of date with every scope; half-year ends frozen; recompute requests
are de-duplicated."""
import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings

from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from targets import services
from targets.models import Snapshot

pytestmark = pytest.mark.django_db


def test_snapshot_stores_county_townships_and_units(unit):
    OrganizationFactory(unit=unit, township="城关镇")
    OrganizationFactory(unit=unit, township="东河镇")
    snapshot, written = services.snapshot_compute(as_of=datetime.date(2010, 11, 30))
    assert written and not snapshot.frozen
    docs = {(s.kind, s.key): s for s in snapshot.scopes.all()}
    assert set(docs) == {("county", ""), ("township", "城关镇"), ("township", "东河镇"), ("unit", unit.code)}
    assert docs["county", ""].document["baseline"]["orgs"] == 2
    assert docs["township", "城关镇"].document["baseline"]["orgs"] == 1
    assert docs["unit", unit.code].summary["baseline"]["orgs"] == 2
    assert "failing" in docs["county", ""].document["targets"]["stable50_member"]
    assert docs["county", ""].summary["targets"]["party_orgs"] == {"value": 0, "met": False, "state": "open"}


def test_recompute_rewrites_an_ordinary_snapshot():
    day = datetime.date(2010, 11, 30)
    services.snapshot_compute(as_of=day)
    OrganizationFactory()
    snapshot, written = services.snapshot_compute(as_of=day)
    assert written
    assert snapshot.scopes.get(kind="county").document["baseline"]["orgs"] == 1
    assert Snapshot.objects.count() == 1


def test_half_year_end_snapshot_is_frozen_and_never_rewritten():
    day = datetime.date(2010, 6, 30)
    first, _ = services.snapshot_compute(as_of=day)
    assert first.frozen
    OrganizationFactory()
    again, written = services.snapshot_compute(as_of=day)
    assert not written
    assert again.scopes.get(kind="county").document["baseline"]["orgs"] == 0
    assert again.computed_at == first.computed_at


def test_data_change_after_snapshot_is_noticed():
    snapshot, _ = services.snapshot_compute(as_of=datetime.date(2010, 11, 30))
    assert not services.data_changed_since(snapshot.computed_at)
    PartyOrgFactory()
    assert services.data_changed_since(snapshot.computed_at)


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_a_burst_of_requests_enqueues_one_recompute(django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    from targets import tasks
    monkeypatch.setattr(tasks.recompute_snapshot, "apply_async", lambda **kw: queued.append(kw))
    cache.delete(services.PENDING_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        results = [services.request_recompute() for _ in range(5)]
    assert results == [True, False, False, False, False]
    assert len(queued) == 1
    cache.delete(services.PENDING_KEY)


def test_without_a_broker_no_recompute_is_queued():
    assert services.request_recompute() is False
