"""What every Celery task of the project shares: the base task class config.celery gives the app,
and the errors that go away by themselves."""
from celery import Task
from django.db import OperationalError

# Errors that go away by themselves: the database restarting or locked, a connection refused or
# timed out (the broker, the mail server). A task that fails with one is retried with backoff.
TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError)


class PortalTask(Task):
    """Defaults of every task of the project (each task may narrow them): time limits, retries
    with exponential backoff on transient errors, and acknowledgement after the task has run, so
    a worker lost mid-task hands it to another worker (every task is safe to run twice)."""

    soft_time_limit = 25 * 60
    time_limit = 30 * 60
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 30
    retry_backoff_max = 10 * 60
    retry_jitter = True
    max_retries = 5
    acks_late = True
    reject_on_worker_lost = True
