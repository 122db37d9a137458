"""/health/ for monitors: the database, the broker, and the checks the apps add through the
health_checks hook (targets: the age of the last compliance snapshot).

Public (no login) and without personal data. HTTP 200 when the portal can serve pages ("ok", or
"degraded" when the broker is unreachable or an app's check fails), 503 ("error") when the
database is unreachable."""
import time

from celery import current_app
from django.db import connections, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .hooks import health_checks

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
    app = current_app  # the project's (config.celery), set as the default app when Django starts
    if app.conf.task_always_eager:
        return {"ok": None, "ms": None}
    start = time.monotonic()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
    except Exception:
        return {"ok": False, "ms": _elapsed_ms(start)}
    return {"ok": True, "ms": _elapsed_ms(start)}


@never_cache
@require_GET
@transaction.non_atomic_requests  # with the database down, the view still runs and says so
def health(request):
    database = check_database()
    broker = check_broker()
    try:
        checks = dict(health_checks(database_ok=database["ok"]))
    except Exception:  # the database went away in between
        database = {"ok": False, "ms": database["ms"]}
        checks = dict(health_checks(database_ok=False))
    if not database["ok"]:
        status = "error"
    elif broker["ok"] is False or any(check["ok"] is False for check in checks.values() if check):
        status = "degraded"
    else:
        status = "ok"
    body = {"status": status, "database": database, "broker": broker, **checks}
    return JsonResponse(body, status=503 if status == "error" else 200)
