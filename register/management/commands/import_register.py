from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from register.importing import register_import
from targets.services import request_recompute


class Command(BaseCommand):
    help = "Import the county register from a folder of CSV files or an .xlsx workbook (docs/register.md)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a folder of CSV files or an .xlsx workbook")
        parser.add_argument("--dry-run", action="store_true", help="check and count only; write nothing")

    def handle(self, *args, path, dry_run, **options):
        translation.activate(settings.LANGUAGE_CODE)
        result = register_import(path, dry_run=dry_run)
        if not result.ok:
            for error in [*result.errors, *result.more_errors]:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)d error(s) found; nothing was imported.") % {"count": result.error_total}
            )
        for name, counts in result.counts.items():
            self.stdout.write(
                _("%(file)s: %(added)d added, %(updated)d updated, %(unchanged)d unchanged")
                % {"file": name, "added": counts.added, "updated": counts.updated, "unchanged": counts.unchanged}
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        request_recompute()
        self.stdout.write(_("Import complete."))
