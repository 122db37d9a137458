"""RegisterImport moves from the reports app to the register app, its table and rows kept.

In the state of the project, reports deletes the model (reports.0006) and register creates it
(here); in the database nothing happens but the rename of the table to register_registerimport
and of its content type, so permissions given on it in Django admin stay with it."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="register", model="registerimport").exists():
        return
    ContentType.objects.filter(app_label="reports", model="registerimport").update(app_label="register")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="reports", model="registerimport").exists():
        return
    ContentType.objects.filter(app_label="register", model="registerimport").update(app_label="reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0005_reportattachment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegisterImport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("file", models.FileField(upload_to="imports/%Y/%m/", verbose_name="file")),
                        ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                        ("status", models.CharField(choices=[("checking", "Checking"), ("invalid", "Has errors"),
                                                             ("checked", "Ready to import"),
                                                             ("importing", "Importing"), ("done", "Imported"),
                                                             ("failed", "Failed")],
                                                    default="checking", max_length=16, verbose_name="status")),
                        ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded at")),
                        ("checked", models.JSONField(blank=True, default=dict, verbose_name="result of the check")),
                        ("result", models.JSONField(blank=True, default=dict, verbose_name="result of the import")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                        ("uploaded_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                          related_name="+", to=settings.AUTH_USER_MODEL,
                                                          verbose_name="uploaded by")),
                    ],
                    options={
                        "verbose_name": "register import",
                        "verbose_name_plural": "register imports",
                        "ordering": ["-uploaded_at", "-id"],
                        "db_table": "reports_registerimport",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="registerimport", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
