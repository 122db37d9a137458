"""Schedule the nightly recompute of today's compliance snapshot in django-celery-beat.

The schedule lives in the database (CELERY_BEAT_SCHEDULER is the DatabaseScheduler), so
admins can change the time in Django admin. Running this migration again, or over a
database where the rows already exist, changes nothing: an existing task keeps whatever
an admin has set.
"""
from zoneinfo import ZoneInfo

from django.db import migrations

from common.beat import periodic_task_ensure, periodic_task_remove

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


def forwards(apps, schema_editor):
    periodic_task_ensure(apps, name=TASK_NAME, task=TASK_PATH, crontab=CRONTAB, description=DESCRIPTION)


def backwards(apps, schema_editor):
    periodic_task_remove(apps, name=TASK_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0004_plan_baseline_figures"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
