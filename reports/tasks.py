"""Celery tasks of the reports app: thin wrappers over the services."""
from celery import shared_task

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
