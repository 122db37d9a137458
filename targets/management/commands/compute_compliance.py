import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organizations.models import Organization, SupervisingUnit
from targets.compliance import compute_compliance
from targets.scope import Scope


class Command(BaseCommand):
    help = "Compute every plan target for an as-of date and a scope (docs/targets.md)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today in Asia/Shanghai)")
        parser.add_argument("--unit", help="the code of a supervising unit")
        parser.add_argument("--township", help="the name of a township")
        parser.add_argument("--json", action="store_true", help="print the JSON document")
        parser.add_argument("--details", action="store_true", help="list the failing keys of each target")

    def handle(self, *args, as_of, unit, township, json: bool, details, **options):
        day = None
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(_("--as-of must be a date written YYYY-MM-DD, not “%(value)s”.")
                                   % {"value": as_of}) from None
        if unit and not SupervisingUnit.objects.filter(code=unit).exists():
            raise CommandError(_("There is no supervising unit with the code “%(value)s”.") % {"value": unit})
        if township and not Organization.objects.filter(township=township).exists():
            raise CommandError(_("No organization is in the township “%(value)s”.") % {"value": township})
        document = compute_compliance(as_of=day, scope=Scope(township=township, unit_code=unit), details=details)
        if json:
            import json as json_module

            self.stdout.write(json_module.dumps(document, ensure_ascii=False, indent=1))
            return
        for code, target in document["targets"].items():
            self.stdout.write(f"{code:24} {target['value']!s:>8} / {target['target']:<4} {target['state']}")
