"""Celery tasks of the targets app: thin wrappers over the services."""
import datetime

from celery import shared_task
from django.core.cache import cache

from . import services


@shared_task(bind=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, retry_backoff_max=600,
             max_retries=5, soft_time_limit=20 * 60, time_limit=25 * 60, acks_late=True)
def recompute_snapshot(self, as_of: str | None = None) -> dict:
    """Recompute and store the snapshot of a date (default today); frozen snapshots stay as they are."""
    cache.delete(services.PENDING_KEY)
    day = datetime.date.fromisoformat(as_of) if as_of else None
    snapshot, written = services.snapshot_compute(as_of=day)
    return {"as_of": snapshot.as_of.isoformat(), "written": written, "frozen": snapshot.frozen}
