"""Celery tasks of the register app: thin wrappers over the services.

Both are safe to run twice: a register is checked or imported only in the state that asks for
it, and the import locks its record."""
from celery import shared_task
from django.conf import settings

from accounts.models import User
from common.tasks import TRANSIENT_ERRORS

from . import services
from .models import RegisterImport

# Retries, backoff and late acknowledgement come from common.tasks.PortalTask; a register of
# 200,000 organizations needs a longer time limit than the default.
REGISTER_TASK = {"soft_time_limit": settings.CELERY_LONGEST_TASK_SECONDS - 5 * 60,
                 "time_limit": settings.CELERY_LONGEST_TASK_SECONDS}


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


@shared_task(soft_time_limit=5 * 60, time_limit=6 * 60)
def fail_stalled_imports() -> int:
    """Every few minutes (beat): checks and imports whose task was lost are marked failed, with
    the reason, so that county staff can retry or cancel them. Running it twice marks nothing more."""
    return services.register_imports_fail_stalled()
