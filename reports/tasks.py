"""Celery tasks of the reports app: thin wrappers over the services.

Safe to run twice: a reminder is logged once a day per secretary and report (a unique
constraint) before it is mailed."""
import datetime
import smtplib

from celery import shared_task
from django.db import IntegrityError
from django.utils import timezone

from common.tasks import TRANSIENT_ERRORS

from .services.reminders import report_reminders_send


# A run racing another on the same day fails on the unique log and retries: it then mails nobody twice.
@shared_task(autoretry_for=(smtplib.SMTPException, IntegrityError) + TRANSIENT_ERRORS, retry_backoff=60,
             retry_backoff_max=60 * 60, soft_time_limit=10 * 60, time_limit=15 * 60)
def send_report_reminders(today: str | None = None) -> int:
    """Daily (django-celery-beat, 08:00 Asia/Shanghai): remind secretaries of reports due soon or overdue."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return report_reminders_send(today=day)
