"""The targets app's check of /health/ (common.health): the age of the latest compliance snapshot."""
from django.conf import settings
from django.utils import timezone

from .models import Snapshot


def check_snapshot(*, database_ok: bool) -> tuple[str, dict | None]:
    """The latest snapshot up to today: its date, when it was computed and how long ago."""
    if not database_ok:
        return "snapshot", None
    max_age = settings.HEALTH_SNAPSHOT_MAX_AGE_HOURS
    snapshot = (Snapshot.objects.filter(as_of__lte=timezone.localdate()).order_by("-as_of")
                .values("as_of", "computed_at").first())
    if snapshot is None:
        return "snapshot", {"as_of": None, "computed_at": None, "age_hours": None, "ok": False}
    age = round((timezone.now() - snapshot["computed_at"]).total_seconds() / 3600, 2)
    return "snapshot", {"as_of": snapshot["as_of"].isoformat(), "computed_at": snapshot["computed_at"].isoformat(),
                        "age_hours": age, "ok": age <= max_age}
