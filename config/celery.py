"""Celery application. Without CELERY_BROKER_URL the settings make tasks run eagerly."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from common.tasks import TRANSIENT_ERRORS, PortalTask  # noqa: E402  (the settings module first)

__all__ = ["app", "TRANSIENT_ERRORS"]

app = Celery("portal", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
