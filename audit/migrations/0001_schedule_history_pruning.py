"""Schedule the weekly pruning of register history older than HISTORY_RETENTION_DAYS.

Like the other beat schedules, it lives in the database (editable or disabled in Django admin);
running the migration again changes nothing an admin has set. The task never deletes history
younger than six months (audit.services refuses a shorter retention).

The audit trail used to live in the common app, whose migration made the same task under the
path common.tasks.prune_history: such a row is pointed at the task's new path, keeping whatever
schedule an admin gave it.
"""
from zoneinfo import ZoneInfo

from django.db import migrations

from common.beat import periodic_task_ensure, periodic_task_remove

TASK_NAME = "每周清理过期变更历史"
TASK_PATH = "audit.tasks.prune_history"
OLD_TASK_PATH = "common.tasks.prune_history"
DESCRIPTION = "每周日凌晨删除超过保留期（HISTORY_RETENTION_DAYS，至少六个月）的变更历史。"
CRONTAB = {
    "minute": "30",
    "hour": "3",
    "day_of_week": "0",
    "day_of_month": "*",
    "month_of_year": "*",
    "timezone": ZoneInfo("Asia/Shanghai"),
}


def forwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=OLD_TASK_PATH).update(task=TASK_PATH)
    periodic_task_ensure(apps, name=TASK_NAME, task=TASK_PATH, crontab=CRONTAB, description=DESCRIPTION)


def backwards(apps, schema_editor):
    periodic_task_remove(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
