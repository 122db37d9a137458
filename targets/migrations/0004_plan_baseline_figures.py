from django.db import migrations

from targets.registry import PLAN_BASELINE


def forwards(apps, schema_editor):
    apps.get_model("targets", "Plan").objects.filter(baseline={}).update(baseline=PLAN_BASELINE)


class Migration(migrations.Migration):
    dependencies = [("targets", "0003_plan_baseline_and_snapshots")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
