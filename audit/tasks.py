"""Celery tasks of the audit app: thin wrappers over the services."""
from celery import shared_task
from django.conf import settings

from .services import history_prune


@shared_task  # limits, retries with backoff on transient errors, late acks: common.tasks.PortalTask
def prune_history() -> dict:
    """Delete register history older than HISTORY_RETENTION_DAYS (never under six months)."""
    return history_prune(retention_days=settings.HISTORY_RETENTION_DAYS)
