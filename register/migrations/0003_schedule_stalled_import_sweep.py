"""Schedule the sweep that marks lost register checks and imports as failed (every 5 minutes) in
django-celery-beat; admins may change it in Django admin. Running again changes nothing."""
from zoneinfo import ZoneInfo

from django.db import migrations

from common.beat import periodic_task_ensure, periodic_task_remove

TASK_NAME = "标记中断的台账导入"
TASK_PATH = "register.tasks.fail_stalled_imports"
DESCRIPTION = "每5分钟把长时间没有进展（任务已丢失）的台账检查或导入标记为失败，供县委组织部重试或取消。"
CRONTAB = {
    "minute": "*/5",
    "hour": "*",
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
        ("register", "0002_import_queued_at_cancelled"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
