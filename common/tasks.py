"""Celery tasks of the common app: thin wrappers over the services."""
from celery import shared_task
from django.conf import settings

from config.celery import TRANSIENT_ERRORS

from .audit import history_prune


@shared_task(bind=True, autoretry_for=TRANSIENT_ERRORS + (OSError,), retry_backoff=True, retry_backoff_max=600,
             max_retries=5, soft_time_limit=25 * 60, time_limit=30 * 60, acks_late=True)
def prune_history(self) -> dict:
    """Delete register history older than HISTORY_RETENTION_DAYS (never under six months)."""
    return history_prune(retention_days=settings.HISTORY_RETENTION_DAYS)
