"""Periodic tasks of django-celery-beat made by data migrations (the schedule lives in the
database so admins can change it in Django admin). Called with a migration's historical apps.

Running again, or over rows that already exist, changes nothing: an existing task keeps whatever
an admin set. Historical models fire none of the package's signals, so the "schedule changed"
row is bumped by hand: a running beat reloads its schedule only when it moves."""
from django.core.exceptions import MultipleObjectsReturned
from django.utils import timezone


def _mark_schedule_changed(apps) -> None:
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def periodic_task_ensure(apps, *, name: str, task: str, crontab: dict, description: str) -> None:
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    # CrontabSchedule has no unique constraint, so an identical row may exist more than once.
    try:
        schedule, _ = CrontabSchedule.objects.get_or_create(**crontab)
    except MultipleObjectsReturned:
        schedule = CrontabSchedule.objects.filter(**crontab).order_by("pk").first()
    _, created = PeriodicTask.objects.get_or_create(
        name=name, defaults={"task": task, "crontab": schedule, "enabled": True, "description": description},
    )
    if created:
        _mark_schedule_changed(apps)


def periodic_task_remove(apps, *, name: str) -> None:
    """Remove the task only; its crontab may serve other tasks and is harmless."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    deleted, _ = PeriodicTask.objects.filter(name=name).delete()
    if deleted:
        _mark_schedule_changed(apps)
