"""Celery tasks of the targets app: thin wrappers over the services."""
import datetime

from celery import shared_task
from django.db import IntegrityError

from common.tasks import TRANSIENT_ERRORS

from . import services


# Safe to run twice: a run replaces the day's scopes in one transaction (a frozen snapshot is
# kept). Two first runs of a day racing on the unique date: the loser retries and rewrites it.
# Backoff, retries and late acknowledgement: common.tasks.PortalTask.
@shared_task(bind=True, autoretry_for=TRANSIENT_ERRORS + (IntegrityError,), soft_time_limit=20 * 60,
             time_limit=25 * 60)
def recompute_snapshot(self, as_of: str | None = None) -> dict:
    """Recompute and store the snapshot of a date (default today); frozen snapshots stay as they are."""
    services.recompute_pending_clear()
    day = datetime.date.fromisoformat(as_of) if as_of else None
    snapshot, written = services.snapshot_recompute(as_of=day)
    return {"as_of": snapshot.as_of.isoformat(), "written": written, "frozen": snapshot.frozen}
