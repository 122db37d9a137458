"""/health/ for monitors: the database, the broker and the age of the last compliance snapshot.

Public (no login) and without personal data. HTTP 200 when the portal can serve pages ("ok", or
"degraded" when the broker is unreachable or the snapshot is stale or missing), 503 ("error")
when the database is unreachable."""
import time

from django.conf import settings
from django.db import connections, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_TIMEOUT = 2  # seconds


def _elapsed_ms(start: float) -> float:
    return round((time.monotonic() - start) * 1000, 1)


def check_database() -> dict:
    start = time.monotonic()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return {"ok": False, "ms": _elapsed_ms(start)}
    return {"ok": True, "ms": _elapsed_ms(start)}


def check_broker() -> dict:
    """One connection attempt with a short timeout; null when tasks run eagerly (no broker)."""
    from config.celery import app

    if app.conf.task_always_eager:
        return {"ok": None, "ms": None}
    start = time.monotonic()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
    except Exception:
        return {"ok": False, "ms": _elapsed_ms(start)}
    return {"ok": True, "ms": _elapsed_ms(start)}


def check_snapshot() -> dict:
    """The latest snapshot up to today: its date, when it was computed and how long ago."""
    from targets.models import Snapshot

    max_age = settings.HEALTH_SNAPSHOT_MAX_AGE_HOURS
    snapshot = (Snapshot.objects.filter(as_of__lte=timezone.localdate()).order_by("-as_of")
                .values("as_of", "computed_at").first())
    if snapshot is None:
        return {"as_of": None, "computed_at": None, "age_hours": None, "ok": False}
    age = round((timezone.now() - snapshot["computed_at"]).total_seconds() / 3600, 2)
    return {"as_of": snapshot["as_of"].isoformat(), "computed_at": snapshot["computed_at"].isoformat(),
            "age_hours": age, "ok": age <= max_age}


@never_cache
@require_GET
@transaction.non_atomic_requests  # with the database down, the view still runs and says so
def health(request):
    database = check_database()
    broker = check_broker()
    snapshot = None
    if database["ok"]:
        try:
            snapshot = check_snapshot()
        except Exception:  # the database went away in between
            database = {"ok": False, "ms": database["ms"]}
    if not database["ok"]:
        status = "error"
    elif broker["ok"] is False or not snapshot["ok"]:
        status = "degraded"
    else:
        status = "ok"
    body = {"status": status, "database": database, "broker": broker, "snapshot": snapshot}
    return JsonResponse(body, status=503 if status == "error" else 200)
