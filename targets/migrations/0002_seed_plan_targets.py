from django.db import migrations

from targets.registry import seed_plan


def forwards(apps, schema_editor):
    seed_plan(apps.get_model("targets", "Plan"), apps.get_model("targets", "PlanTarget"))


def backwards(apps, schema_editor):
    apps.get_model("targets", "PlanTarget").objects.all().delete()
    apps.get_model("targets", "Plan").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
