"""Writes of the audit trail: pruning history older than the retention."""
import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import history_model, model_key, tracked_models

MIN_HISTORY_RETENTION_DAYS = 183  # history is always kept at least six months
MSG_RETENTION_TOO_SHORT = _(
    "History must be kept at least %(minimum)d days (six months); a retention of %(days)d days is refused."
)


def retention_error(days: int) -> str:
    """The message refusing a retention of DAYS, or "" when it keeps history long enough."""
    if days >= MIN_HISTORY_RETENTION_DAYS:
        return ""
    return MSG_RETENTION_TOO_SHORT % {"minimum": MIN_HISTORY_RETENTION_DAYS, "days": days}


@transaction.atomic
def history_prune(*, retention_days: int, now: datetime.datetime | None = None,
                  dry_run: bool = False) -> dict[str, int]:
    """Delete the history rows of every register older than RETENTION_DAYS (with their
    many-to-many history rows); returns the number of rows deleted (or, with DRY_RUN, that would
    be) per record type. Refuses a retention under six months (ImproperlyConfigured)."""
    if error := retention_error(retention_days):
        raise ImproperlyConfigured(error)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days)
    deleted = {}
    for model in tracked_models():
        history = history_model(model)
        old = history.objects.filter(history_date__lt=cutoff)
        if dry_run:
            deleted[model_key(model)] = old.count()
            continue
        for m2m_field in history._history_m2m_fields:
            through = getattr(history, m2m_field.name).model
            through.objects.filter(history__in=old.values("history_id")).delete()
        deleted[model_key(model)], _by_model = old.delete()
    return deleted
