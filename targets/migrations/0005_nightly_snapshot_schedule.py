"""Schedule the nightly recompute of today's compliance snapshot in django-celery-beat.

The schedule lives in the database (CELERY_BEAT_SCHEDULER is the DatabaseScheduler), so
admins can change the time in Django admin. Running this migration again, or over a
database where the rows already exist, changes nothing: an existing task keeps whatever
an admin has set.
"""
from zoneinfo import ZoneInfo

from django.core.exceptions import MultipleObjectsReturned
from django.db import migrations
from django.utils import timezone

TASK_NAME = "每晚重算达标快照"
TASK_PATH = "targets.tasks.recompute_snapshot"
DESCRIPTION = "每晚重新计算当天的达标快照。管理员可在后台修改执行时间。"
# Fixed here rather than read from settings, so the migration means the same thing forever.
CRONTAB = {
    "minute": "30",
    "hour": "2",
    "day_of_week": "*",
    "day_of_month": "*",
    "month_of_year": "*",
    "timezone": ZoneInfo("Asia/Shanghai"),
}


def _mark_schedule_changed(apps):
    # Historical models run neither PeriodicTask.save() nor the package's signals, which
    # normally bump this row; a running beat only reloads its schedule when it changes.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")

    # CrontabSchedule has no unique constraint, so an identical row may exist more than once.
    try:
        crontab, _ = CrontabSchedule.objects.get_or_create(**CRONTAB)
    except MultipleObjectsReturned:
        crontab = CrontabSchedule.objects.filter(**CRONTAB).order_by("pk").first()

    _, created = PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK_PATH,
            "crontab": crontab,
            "enabled": True,
            "description": DESCRIPTION,
        },
    )
    if created:
        _mark_schedule_changed(apps)


def backwards(apps, schema_editor):
    # Remove only the task; the crontab may be shared with other tasks and is harmless.
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    deleted, _ = PeriodicTask.objects.filter(name=TASK_NAME).delete()
    if deleted:
        _mark_schedule_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0004_plan_baseline_figures"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
