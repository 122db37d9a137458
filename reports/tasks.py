"""Celery tasks of the reports app: thin wrappers over the services."""
import datetime
import smtplib

from celery import shared_task
from django.utils import timezone

from accounts.models import User

from . import services
from .models import RegisterImport


@shared_task(soft_time_limit=55 * 60, time_limit=60 * 60, acks_late=True)
def check_register_import(import_id: int) -> str:
    record = services.register_import_check(record=RegisterImport.objects.get(pk=import_id))
    return record.status


@shared_task(soft_time_limit=55 * 60, time_limit=60 * 60, acks_late=True)
def apply_register_import(import_id: int, user_id: int | None = None) -> str:
    user = User.objects.filter(pk=user_id).first() if user_id else None
    record = services.register_import_apply(record=RegisterImport.objects.get(pk=import_id), user=user)
    return record.status


@shared_task(autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError), retry_backoff=60,
             max_retries=5, acks_late=True)
def send_report_reminders(today: str | None = None) -> int:
    """Daily (django-celery-beat, 08:00 Asia/Shanghai): remind secretaries of reports due soon or overdue."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return services.report_reminders_send(today=day)
