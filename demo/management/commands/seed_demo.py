from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.county import BASELINE_DAY, DEFAULT_DEMO_PASSWORD, seed_demo
from targets.compliance import baseline_figures


class Command(BaseCommand):
    help = "Load the demo county (the plan's baseline at 2007-12-31 and its progress to 2010) and the demo users."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_DEMO_PASSWORD,
                            help="password of every demo user (default: %(default)s)")

    def handle(self, *args, password, **options):
        result, logins = seed_demo(password=password)
        added = sum(c.added for c in result.counts.values())
        updated = sum(c.updated for c in result.counts.values())
        self.stdout.write(_("Demo county loaded: %(added)d rows added, %(updated)d updated.")
                          % {"added": added, "updated": updated})
        figures = baseline_figures(as_of=BASELINE_DAY)
        self.stdout.write(_(
            "At %(day)s: %(orgs)d organizations (%(ib)d individual businesses), %(party_orgs)d party "
            "organizations, %(members)d members, %(share)s%% of %(employees)d employees, %(unstable)d "
            "organizations with a party organization not operating stably."
        ) % {"day": BASELINE_DAY, "orgs": figures["orgs"], "ib": figures["individual_businesses"],
             "party_orgs": figures["party_orgs"], "members": figures["members"],
             "share": figures["member_share_pct"], "employees": figures["employees"],
             "unstable": figures["unstable_with_party_org"]})
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": password})
        width = max(len(name) for name, _role, _unit in logins)
        for name, role, unit in logins:
            self.stdout.write(f"  {name:<{width}}  {role}{'  ' + unit if unit else ''}")
