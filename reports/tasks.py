"""Celery tasks of the reports app: thin wrappers over the services.

Every task is safe to run twice: a register is checked or imported only in the state that asks
for it (and the import locks its record), and a reminder is logged once a day per secretary and
report (a unique constraint) before it is mailed."""
import datetime
import smtplib

from celery import shared_task
from django.db import IntegrityError
from django.utils import timezone

from accounts.models import User
from config.celery import TRANSIENT_ERRORS

from . import services
from .models import RegisterImport

# Retries, backoff and late acknowledgement come from config.celery.PortalTask; a register of
# 200,000 organizations needs a longer time limit than the default.
REGISTER_TASK = {"soft_time_limit": 55 * 60, "time_limit": 60 * 60}


@shared_task(**REGISTER_TASK)
def check_register_import(import_id: int) -> str:
    record = services.register_import_check(record=RegisterImport.objects.get(pk=import_id))
    return record.status


@shared_task(bind=True, **REGISTER_TASK)
def apply_register_import(self, import_id: int, user_id: int | None = None) -> str:
    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        record = services.register_import_apply(record=RegisterImport.objects.get(pk=import_id), user=user)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:  # the last try: do not leave it "importing" forever
            try:
                services.register_import_give_up(import_id=import_id, exc=exc)
            except TRANSIENT_ERRORS:
                pass
        raise
    return record.status


# A run racing another on the same day fails on the unique log and retries: it then mails nobody twice.
@shared_task(autoretry_for=(smtplib.SMTPException, IntegrityError) + TRANSIENT_ERRORS, retry_backoff=60,
             retry_backoff_max=60 * 60, soft_time_limit=10 * 60, time_limit=15 * 60)
def send_report_reminders(today: str | None = None) -> int:
    """Daily (django-celery-beat, 08:00 Asia/Shanghai): remind secretaries of reports due soon or overdue."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return services.report_reminders_send(today=day)
