"""Delete register history older than the retention (HISTORY_RETENTION_DAYS, at least six months)."""
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from audit.services import history_prune


class Command(BaseCommand):
    help = "Delete the change history of every register older than HISTORY_RETENTION_DAYS (at least 183)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Retention in days for this run (default: HISTORY_RETENTION_DAYS).")
        parser.add_argument("--dry-run", action="store_true", help="Only count the rows that would go.")

    def handle(self, *args, days=None, dry_run=False, **options):
        retention = settings.HISTORY_RETENTION_DAYS if days is None else days
        try:
            deleted = history_prune(retention_days=retention, dry_run=dry_run)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        verb = "Would delete" if dry_run else "Deleted"
        for key, count in deleted.items():
            if count:
                self.stdout.write(f"{key}: {count}")
        self.stdout.write(f"{verb} {sum(deleted.values())} history rows older than {retention} days.")
