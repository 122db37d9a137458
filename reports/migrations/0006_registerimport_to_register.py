"""RegisterImport now lives in the register app (register.0001 keeps its table and rows): the
reports app forgets it without touching the database."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0005_reportattachment"),
        ("register", "0001_registerimport_from_reports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RegisterImport")],
            database_operations=[],
        ),
    ]
