"""Writes of the targets app: compliance snapshots and the requests to recompute them."""
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.queueing import cache_call, enqueue

from organizations.models import Organization, SupervisingUnit

from .compliance import Scope, compute_compliance
from .models import ScopeKind, Snapshot, SnapshotScope

log = logging.getLogger(__name__)
PENDING_KEY = "targets:recompute-pending"
PENDING_SECONDS = 10 * 60
RECOMPUTE_DELAY = 30  # seconds: edits made meanwhile are covered by the same recompute
MSG_RECOMPUTE_NOT_QUEUED = _("The data was saved, but the recompute of the targets could not be queued. "
                             "Please click “Recompute now” on the dashboard later.")


def snapshot_compute(*, as_of: datetime.date | None = None) -> tuple[Snapshot, bool]:
    """Compute and store the snapshot of a date; (snapshot, written). A frozen one is kept as it is."""
    as_of = as_of or timezone.localdate()
    existing = Snapshot.objects.filter(as_of=as_of).first()
    if existing and existing.frozen:
        return existing, False
    documents = [(ScopeKind.COUNTY, "", compute_compliance(as_of=as_of, details=True))]
    for name in (Organization.objects.exclude(township="").order_by("township")
                 .values_list("township", flat=True).distinct()):
        documents.append((ScopeKind.TOWNSHIP, name,
                          compute_compliance(as_of=as_of, scope=Scope(township=name), details=True)))
    for code in SupervisingUnit.objects.order_by("code").values_list("code", flat=True):
        documents.append((ScopeKind.UNIT, code,
                          compute_compliance(as_of=as_of, scope=Scope(unit_code=code), details=True)))
    with transaction.atomic():
        snapshot = Snapshot.objects.select_for_update().filter(as_of=as_of).first() or Snapshot(as_of=as_of)
        if snapshot.frozen:
            return snapshot, False
        snapshot.computed_at = timezone.now()
        snapshot.frozen = Snapshot.is_half_year_end(as_of) and as_of <= timezone.localdate()
        snapshot.save()
        snapshot.scopes.all().delete()
        SnapshotScope.objects.bulk_create(
            SnapshotScope(snapshot=snapshot, kind=kind, key=key, document=doc, summary=summary_of(doc))
            for kind, key, doc in documents
        )
    return snapshot, True


def summary_of(document: dict) -> dict:
    """The baseline and each target's value, met flag and state, without the failing lists."""
    return {
        "baseline": document["baseline"],
        "targets": {code: {"value": t["value"], "met": t["met"], "state": t["state"]}
                    for code, t in document["targets"].items()},
    }


def request_recompute() -> bool:
    """Ask for one recompute of today's snapshot after the current transaction commits.

    A burst of edits enqueues a single task: the first request sets a shared flag and queues
    the task a little later; the others find the flag and do nothing. Without a broker (the
    embedded default) nothing is queued: the dashboard says the data changed since its snapshot
    and staff recompute with the button. Returns whether a task will be queued."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    # With the cache unreachable there is no de-duplication: queue (or try to) every time.
    if not cache_call("add", PENDING_KEY, "1", PENDING_SECONDS, default=True):
        return False

    def send():
        from .tasks import recompute_snapshot

        # The broker is down: the next request tries again, and county staff are told.
        enqueue(recompute_snapshot, countdown=RECOMPUTE_DELAY, on_failure=recompute_pending_clear,
                message=MSG_RECOMPUTE_NOT_QUEUED, staff_only=True)

    transaction.on_commit(send)
    return True


def recompute_pending_clear() -> None:
    cache_call("delete", PENDING_KEY)


def recompute_after_import() -> None:
    """After an import: queue the recompute when a broker runs; in the embedded default (tasks
    run eagerly, small data) store today's snapshot at once."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        snapshot_compute(as_of=timezone.localdate())
    else:
        request_recompute()


def data_changed_since(moment) -> bool:
    """Whether any register record changed after the given time (from the change history)."""
    from members.models import CountyLeader, Officer, PartyMember, PipelinePerson
    from organizations.models import FiveGoodsAssessment, LeadershipMember, PartyOrg
    from reports.models import HalfYearReport

    for model in (Organization, PartyOrg, PartyMember, PipelinePerson, Officer, CountyLeader, LeadershipMember,
                  FiveGoodsAssessment, HalfYearReport, SupervisingUnit):
        if model.history.filter(history_date__gt=moment).exists():
            return True
    return False
