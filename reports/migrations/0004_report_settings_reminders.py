"""Report settings editable by admins (one row) and the log of reminders; the daily reminder task.

The settings row starts from settings.REPORT_DUE_DAYS (15 unless the environment says otherwise),
so a deployment that had set REPORT_DUE_DAYS keeps its due dates. The reminder task is created in
django-celery-beat as in targets 0005: running again, or over existing rows, changes nothing.
"""
from zoneinfo import ZoneInfo

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from common.beat import periodic_task_ensure, periodic_task_remove

TASK_NAME = "每天提醒报送半年报告"
TASK_PATH = "reports.tasks.send_report_reminders"
DESCRIPTION = "每天08:00给报告即将到期（3天内）或已逾期的单位书记发送提醒邮件。管理员可在后台修改执行时间。"
CRONTAB = {
    "minute": "0",
    "hour": "8",
    "day_of_week": "*",
    "day_of_month": "*",
    "month_of_year": "*",
    "timezone": ZoneInfo("Asia/Shanghai"),
}


def create_settings_row(apps, schema_editor):
    ReportSettings = apps.get_model("reports", "ReportSettings")
    ReportSettings.objects.get_or_create(id=1, defaults={"due_days": settings.REPORT_DUE_DAYS})


def schedule_reminders(apps, schema_editor):
    periodic_task_ensure(apps, name=TASK_NAME, task=TASK_PATH, crontab=CRONTAB, description=DESCRIPTION)


def unschedule_reminders(apps, schema_editor):
    periodic_task_remove(apps, name=TASK_NAME)


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
        ('reports', '0003_reportversion'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportSettings',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ('due_days', models.PositiveSmallIntegerField(default=15, help_text='A half-yearly report is due this many days after its half-year ends.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(180)], verbose_name='days allowed after the period ends')),
            ],
            options={
                'verbose_name': 'report settings',
                'verbose_name_plural': 'report settings',
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='report_settings_single_row'), models.CheckConstraint(condition=models.Q(('due_days__gte', 1), ('due_days__lte', 180)), name='report_settings_due_days_range')],
            },
        ),
        migrations.CreateModel(
            name='ReminderLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveIntegerField(verbose_name='year')),
                ('half', models.PositiveSmallIntegerField(choices=[(1, 'First half (January–June)'), (2, 'Second half (July–December)')], verbose_name='half-year')),
                ('sent_on', models.DateField(verbose_name='sent on')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.supervisingunit', verbose_name='supervising unit')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'report reminder',
                'verbose_name_plural': 'report reminders',
                'ordering': ['-sent_on', 'unit__code'],
                'constraints': [models.UniqueConstraint(fields=('user', 'unit', 'year', 'half', 'sent_on'), name='reminder_once_a_day')],
            },
        ),
        migrations.RunPython(create_settings_row, migrations.RunPython.noop),
        migrations.RunPython(schedule_reminders, unschedule_reminders),
    ]
