from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from register.exporting import register_export


class Command(BaseCommand):
    help = "Export the county register to a folder of CSV files, or a workbook when PATH ends in .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        counts = register_export(path)
        for name, count in counts.items():
            self.stdout.write(_("%(file)s: %(count)d rows") % {"file": name, "count": count})
