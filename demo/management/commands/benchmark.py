"""Benchmark the main job at several county sizes: generate a synthetic register of N
organizations, then time its import, the compliance computation and the dashboard request.

It prints figures; it asserts nothing about time (machines are shared and noisy). It wipes the
register of the database it runs on, so it asks for --wipe-database; scripts/benchmark.sh runs
it on a database of its own. See docs/benchmarks.md.

With --prepare-only it leaves one register of N organizations in the database, with today's
snapshot and the load-test users (LOAD_TEST_COUNTY_USER and LOAD_TEST_SECRETARY_PREFIX 1…3),
for scripts/loadtest.sh to put a web server and concurrent users in front of it."""
import datetime
import pathlib
import resource
import tempfile
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.conf import settings
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import user_upsert
from organizations.models import Organization, SupervisingUnit
from register.importing import register_import
from demo.synthetic import write_synthetic_register
from targets.compliance import compute_compliance
from targets.services import snapshot_compute

AS_OF = datetime.date(2010, 12, 31)
BENCH_USER = "benchmark-county"
# Every app whose rows the register, the snapshots and the reports fill; users and the plan stay.
WIPED_APPS = ("organizations", "members", "targets", "register", "reports")
KEPT_MODELS = ("targets.plan", "targets.plantarget")
# --prepare-only: the county staff user, then one unit secretary for each of the units with the
# most organizations (scripts/locustfile.py logs in as them).
LOAD_TEST_COUNTY_USER = "loadtest-county"
LOAD_TEST_SECRETARY_PREFIX = "loadtest-secretary-"
LOAD_TEST_SECRETARIES = 3


def _register_tables() -> list[str]:
    from django.apps import apps

    tables = []
    for label in WIPED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in KEPT_MODELS and not model._meta.proxy:
                tables.append(model._meta.db_table)
    return tables


def _best(function, repeat: int) -> tuple[float, object]:
    """The fastest of `repeat` runs (the least disturbed by the rest of the machine), and its result."""
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = ("Time the register import, compute_compliance and the dashboard request on synthetic "
            "registers of N organizations (wipes the register of this database).")

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 200_000],
                            help="the numbers of organizations (default 2000 20000 200000)")
        parser.add_argument("--repeat", type=int, default=3, help="runs of each timed step; the best is shown")
        parser.add_argument("--workdir", help="where to write the registers (default: a temporary folder)")
        parser.add_argument("--wipe-database", action="store_true",
                            help="required: every organization, party org, member… of this database is deleted")
        parser.add_argument("--prepare-only", action="store_true",
                            help="import one register (a single --sizes value), store today's snapshot and "
                                 "create the load-test users, then stop (scripts/loadtest.sh)")
        parser.add_argument("--users-password", default="",
                            help="with --prepare-only: the password of the load-test users (required)")

    def handle(self, *args, sizes, repeat, workdir, wipe_database, prepare_only, users_password, **options):
        if not wipe_database:
            raise CommandError("The benchmark deletes the whole register of this database; run it on a "
                               "database of its own (scripts/benchmark.sh) and pass --wipe-database.")
        if prepare_only:
            if len(sizes) != 1 or not users_password:
                raise CommandError("--prepare-only needs exactly one size and --users-password.")
            with tempfile.TemporaryDirectory(dir=workdir) as scratch:
                self.prepare(sizes[0], pathlib.Path(scratch) / f"register-{sizes[0]}", users_password)
            return
        if settings.DEBUG:
            self.stderr.write("warning: DEBUG is on (it logs every query and slows everything); "
                              "scripts/benchmark.sh sets DJANGO_DEBUG=0")
        database = connection.settings_dict
        self.stdout.write(f"database: {connection.vendor} {database['NAME']}  as of {AS_OF}  "
                          f"best of {repeat} runs")
        header = (f"{'N':>8} {'rows':>9} {'generate':>9} {'import':>8} {'reimport':>9} {'peak MB':>8} "
                  f"{'compute':>8} {'details':>8} {'queries':>7} {'dash live':>9} {'snapshot':>9} "
                  f"{'dash snap':>9}")
        self.stdout.write(header)
        with tempfile.TemporaryDirectory(dir=workdir) as scratch:
            for size in sizes:
                self.stdout.write(self.run_size(size, pathlib.Path(scratch) / f"register-{size}", repeat))

    def load(self, size: int, folder: pathlib.Path) -> tuple[dict[str, int], float, float, float]:
        """Empty the register, write a synthetic one of `size` organizations and import it:
        (row counts, generate seconds, import seconds, peak resident MB)."""
        self.stderr.write(f"N={size}: wiping, generating…")
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), _register_tables(), reset_sequences=True, allow_cascade=True))
        started = time.perf_counter()
        counts = write_synthetic_register(folder, size)
        generate = time.perf_counter() - started

        self.stderr.write(f"N={size}: importing {sum(counts.values())} rows…")
        started = time.perf_counter()
        result = register_import(folder)
        imported = time.perf_counter() - started
        if not result.ok:
            raise CommandError("\n".join(str(e) for e in result.errors[:20]))
        return counts, generate, imported, _peak_rss_mb()

    def prepare(self, size: int, folder: pathlib.Path, password: str) -> None:
        counts, generate, imported, peak = self.load(size, folder)
        self._analyze()
        today = timezone.localdate()
        self.stderr.write(f"N={size}: computing the snapshot of {today}…")
        compute, _ = _best(lambda: compute_compliance(as_of=today, details=True), 1)
        snapshot, _ = _best(lambda: snapshot_compute(as_of=today), 1)
        user_upsert(username=LOAD_TEST_COUNTY_USER, role=Role.COUNTY_STAFF, password=password)
        busiest = (Organization.objects.values("unit").annotate(count=Count("pk"))
                   .order_by("-count", "unit__code").values_list("unit", flat=True)[:LOAD_TEST_SECRETARIES])
        for number, unit in enumerate(SupervisingUnit.objects.filter(pk__in=list(busiest)).order_by("code"), 1):
            user_upsert(username=f"{LOAD_TEST_SECRETARY_PREFIX}{number}", role=Role.UNIT_SECRETARY, unit=unit,
                        password=password)
        self.stdout.write(f"prepared N={size}: rows={sum(counts.values())} generate={generate:.2f}s "
                          f"import={imported:.2f}s peak_mb={peak:.0f} compute_details={compute:.3f}s "
                          f"snapshot={snapshot:.2f}s")

    def _analyze(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def run_size(self, size: int, folder: pathlib.Path, repeat: int) -> str:
        counts, generate, imported, peak = self.load(size, folder)
        self.stderr.write(f"N={size}: importing again (nothing changes)…")
        started = time.perf_counter()
        register_import(folder)
        reimported = time.perf_counter() - started
        self._analyze()

        self.stderr.write(f"N={size}: computing…")
        compute, _ = _best(lambda: compute_compliance(as_of=AS_OF), repeat)
        details, _ = _best(lambda: compute_compliance(as_of=AS_OF, details=True), repeat)
        reset_queries()  # with DEBUG on, the import filled the bounded query log
        with CaptureQueriesContext(connection) as queries:
            compute_compliance(as_of=AS_OF, details=True)
        query_count = len(queries)  # now: each request below resets the query log

        user, _ = user_upsert(username=BENCH_USER, role=Role.COUNTY_STAFF)
        client = Client(HTTP_HOST="127.0.0.1")  # a host every setting allows
        client.force_login(get_user_model().objects.get(pk=user.pk))
        url = f"{reverse('targets:home')}?as_of={AS_OF.isoformat()}"

        def dashboard():
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"the dashboard answered {response.status_code}")
            return response

        self.stderr.write(f"N={size}: the dashboard, computed live, then from a snapshot…")
        live, _ = _best(dashboard, repeat)
        snapshot, _ = _best(lambda: snapshot_compute(as_of=AS_OF), 1)
        stored, _ = _best(dashboard, repeat)
        return (f"{size:>8} {sum(counts.values()):>9} {generate:>8.2f}s {imported:>7.2f}s {reimported:>8.2f}s "
                f"{peak:>8.0f} {compute:>7.3f}s {details:>7.3f}s {query_count:>7} {live:>8.3f}s "
                f"{snapshot:>8.2f}s {stored:>8.3f}s")
