"""Writes of the targets app: compliance snapshots, the requests to recompute them, and the
officers' assignments accepted from the work list of uncovered organizations."""
import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.queueing import cache_call, enqueue
from common.scoping import sees_county
from members import rules as member_rules
from members.asof import officer_serves_at
from members.models import CountyLeader, Officer, PartyMember, PipelinePerson
from members.officer_load import max_organizations
from organizations.models import FiveGoodsAssessment, LeadershipMember, Organization, PartyOrg, SupervisingUnit

from . import hooks
from .compliance import compute_compliance, plan_settings
from .models import ScopeKind, Snapshot, SnapshotScope
from .scope import Scope
from .selectors import uncovered_without_officer_for

log = logging.getLogger(__name__)
PENDING_KEY = "targets:recompute-pending"
PENDING_SECONDS = 10 * 60
RECOMPUTE_DELAY = 30  # seconds: edits made meanwhile are covered by the same recompute
MSG_RECOMPUTE_NOT_QUEUED = _("The data was saved, but the recompute of the targets could not be queued. "
                             "Please click “Recompute now” on the dashboard later.")


STATE_KEY = "targets:recompute-state"
STATE_SECONDS = 2 * 24 * 60 * 60
MSG_RECOMPUTE_LOST = _("The recompute asked for at %(at)s has shown no progress for %(minutes)s minutes: its task "
                       "was lost (a worker or the server stopped). Recompute again, or dismiss this notice.")


def recompute_state_set(state: str) -> None:
    """Where the recompute stands: "queued" or "running", with when it last said so (its heartbeat)."""
    cache_call("set", STATE_KEY, {"state": state, "at": timezone.now().timestamp()}, STATE_SECONDS)


def recompute_state_clear() -> None:
    cache_call("delete", STATE_KEY)
    recompute_pending_clear()


def recompute_lost() -> str | None:
    """The notice for county staff when a queued or running recompute stopped showing progress
    for TASK_STALL_MINUTES (a lost task); None when none is."""
    value = cache_call("get", STATE_KEY)
    if not isinstance(value, dict) or value.get("state") not in ("queued", "running"):
        return None
    at = datetime.datetime.fromtimestamp(value.get("at") or 0, tz=datetime.timezone.utc)
    if at >= timezone.now() - datetime.timedelta(minutes=settings.TASK_STALL_MINUTES):
        return None
    return str(MSG_RECOMPUTE_LOST % {"at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
                                     "minutes": settings.TASK_STALL_MINUTES})


def snapshot_recompute(*, as_of: datetime.date | None = None) -> tuple[Snapshot, bool]:
    """``snapshot_compute`` as the task (or the button of the embedded default) runs it: it says it
    runs, beats once per scope, and clears its state when it ends, whether it stored or failed;
    only a run that dies without a word leaves its state to be found lost."""
    recompute_state_set("running")
    try:
        return snapshot_compute(as_of=as_of, heartbeat=lambda: recompute_state_set("running"))
    finally:
        recompute_state_clear()


def snapshot_compute(*, as_of: datetime.date | None = None, heartbeat=None) -> tuple[Snapshot, bool]:
    """Compute and store the snapshot of a date; (snapshot, written). A frozen one is kept as it is."""
    heartbeat = heartbeat or (lambda: None)
    as_of = as_of or timezone.localdate()
    existing = Snapshot.objects.filter(as_of=as_of).first()
    if existing and existing.frozen:
        return existing, False
    plan = plan_settings()
    documents = [(ScopeKind.COUNTY, "", compute_compliance(as_of=as_of, details=True, plan=plan))]
    for name in (Organization.objects.exclude(township="").order_by("township")
                 .values_list("township", flat=True).distinct()):
        heartbeat()
        documents.append((ScopeKind.TOWNSHIP, name,
                          compute_compliance(as_of=as_of, scope=Scope(township=name), details=True, plan=plan)))
    for code in SupervisingUnit.objects.order_by("code").values_list("code", flat=True):
        heartbeat()
        documents.append((ScopeKind.UNIT, code,
                          compute_compliance(as_of=as_of, scope=Scope(unit_code=code), details=True, plan=plan)))
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
        recompute_state_set("queued")
        enqueue(recompute_snapshot, countdown=RECOMPUTE_DELAY, on_failure=recompute_state_clear,
                message=MSG_RECOMPUTE_NOT_QUEUED, staff_only=True)

    transaction.on_commit(send)
    return True


def recompute_pending_clear() -> None:
    cache_call("delete", PENDING_KEY)


def recompute_after_import() -> None:
    """After an import: queue the recompute when a broker runs; in the embedded default (tasks
    run eagerly, small data) store today's snapshot at once."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        snapshot_recompute(as_of=timezone.localdate())
    else:
        request_recompute()


def data_changed_since(moment) -> bool:
    """Whether any record the figures read changed after the given time (from the change history):
    the registers here, and what higher apps add through the changed_since hook (reports)."""
    for model in (Organization, PartyOrg, PartyMember, PipelinePerson, Officer, CountyLeader, LeadershipMember,
                  FiveGoodsAssessment, SupervisingUnit):
        if model.history.filter(history_date__gt=moment).exists():
            return True
    return any(hooks.changed_since(moment))


# -- officers' assignments from the work list of uncovered organizations --------------------------
@transaction.atomic
def officer_assignments_accept(*, pairs: Iterable[tuple[Officer, Organization]], user,
                               as_of: datetime.date | None = None) -> int:
    """Accept suggested assignments (officer, organization) in one transaction: all or none.

    County staff only. Each pair must still hold at D (default today): the organization is
    still uncovered without an officer (targets.selectors.uncovered_without_officer_for), chosen
    once; the officer serves at D and, with all their new organizations, stays within the plan's
    limit. Otherwise the whole batch is refused with a ValidationError naming the first stale
    pair, and nothing is written. The officers and organizations are locked first, so two
    batches accepted at once cannot both pass. Returns the number of assignments made."""
    if not sees_county(user):
        raise PermissionDenied
    pairs = sorted(pairs, key=lambda pair: (pair[1].credit_code, pair[0].officer_id))
    if not pairs:
        raise ValidationError(member_rules.MSG_SUGGESTION_NONE_CHOSEN, code="none_chosen")
    as_of = as_of or timezone.localdate()
    organization_ids = [organization.pk for _officer, organization in pairs]
    officer_ids = sorted({officer.pk for officer, _organization in pairs})
    # Lock the rows (PostgreSQL; SQLite serialises writers anyway); no aggregate with FOR UPDATE.
    list(Organization.objects.select_for_update().filter(pk__in=organization_ids).order_by("pk").values_list("pk"))
    list(Officer.objects.select_for_update().filter(pk__in=officer_ids).order_by("pk").values_list("pk"))

    seen = set()
    for _officer, organization in pairs:
        if organization.pk in seen:
            raise ValidationError(member_rules.MSG_SUGGESTION_TWICE, code="chosen_twice",
                                  params={"organization": organization.name})
        seen.add(organization.pk)
    still_uncovered = set(uncovered_without_officer_for(user, as_of=as_of).filter(pk__in=organization_ids)
                          .values_list("pk", flat=True))
    for _officer, organization in pairs:
        if organization.pk not in still_uncovered:
            raise ValidationError(member_rules.MSG_SUGGESTION_NOT_UNCOVERED, code="not_uncovered",
                                  params={"organization": organization.name})

    limit = max_organizations()
    new = Counter(officer.pk for officer, _organization in pairs)
    officers = list(Officer.objects.filter(pk__in=officer_ids).annotate(
        load=Count("organizations"), serving=Count("pk", filter=officer_serves_at(as_of))).order_by("officer_id"))
    if len(officers) != len(officer_ids):
        raise ValidationError(member_rules.MSG_SUGGESTION_UNKNOWN, code="unknown")
    for officer in officers:
        if not officer.serving:
            raise ValidationError(member_rules.MSG_SUGGESTION_NOT_SERVING, code="not_serving",
                                  params={"officer": str(officer), "appointed": officer.appointed_on})
        if officer.load + new[officer.pk] > limit:
            raise ValidationError(member_rules.MSG_SUGGESTION_OVER_CAPACITY, code="over_capacity",
                                  params={"officer": str(officer), "count": officer.load, "new": new[officer.pk],
                                          "max": limit})

    by_officer = defaultdict(list)
    for officer, organization in pairs:
        by_officer[officer].append(organization)
    for officer, organizations in by_officer.items():
        officer.organizations.add(*organizations)  # through the manager: the officer's history records it
    request_recompute()
    return len(pairs)
