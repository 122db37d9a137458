"""What the dashboard shows: the compliance document of a scope and date, each target with its
record, action list and state, the plan's baseline, the drill-down and the trend.

A stored snapshot of the date is used when there is one (the nightly task makes today's);
otherwise the document is computed live, with the same engine."""
import dataclasses
import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import CountyLeader, Officer, PartyMember
from organizations.models import Organization, PartyOrg, SupervisingUnit

from . import registry
from .compliance import compute_compliance, plan_settings
from .models import Plan, PlanTarget, ScopeKind, SnapshotScope
from .scope import Scope
from .services import data_changed_since

ACTION_LIST_LIMIT = 20

STATE_LABELS = {"met": _("Met"), "open": _("In progress"), "overdue": _("Overdue")}
STATE_COLOURS = {"met": "success", "open": "warning", "overdue": "danger"}


@dataclasses.dataclass(frozen=True)
class Entity:
    model: type
    key: str
    url_name: str | None
    url_kwarg: str | None = None


ORGANIZATION = Entity(Organization, "credit_code", "organizations:organization_detail", "credit_code")
PARTY_ORG = Entity(PartyOrg, "code", "organizations:partyorg_detail", "code")
MEMBER = Entity(PartyMember, "member_id", "members:partymember_detail", "member_id")
OFFICER = Entity(Officer, "officer_id", "members:officer_detail", "officer_id")
LEADER = Entity(CountyLeader, "leader_id", "members:countyleader_detail", "leader_id")
UNIT = Entity(SupervisingUnit, "code", None)

ENTITIES = {registry.ORGANIZATION: ORGANIZATION, registry.PARTY_ORG: PARTY_ORG, registry.MEMBER: MEMBER,
            registry.OFFICER: OFFICER, registry.LEADER: LEADER, registry.UNIT: UNIT}
# What the failing keys of each percent target are (the registry says).
FAILING_ENTITY = {d.code: ENTITIES[d.failing] for d in registry.DEFINITIONS if d.failing}


@dataclasses.dataclass
class ActionItem:
    key: str
    name: str
    url: str | None


@dataclasses.dataclass
class TargetRow:
    record: PlanTarget
    result: dict
    actions: list[ActionItem]

    @property
    def state_label(self):
        return STATE_LABELS[self.result["state"]]

    @property
    def colour(self):
        return STATE_COLOURS[self.result["state"]]

    @property
    def progress(self) -> float:
        """How far along the target is, 0–100, for the progress bar."""
        value = self.result["value"]
        if value is None:
            return 100.0
        if self.result["kind"] == registry.PERCENT:
            return float(value)
        target = self.result["target"]
        return min(100.0, 100.0 * value / target) if target else 100.0

    @property
    def failing_count(self) -> int:
        res = self.result
        return (res["denominator"] or 0) - res["numerator"] if res["denominator"] is not None else 0


def _action_items(results: dict) -> dict[str, list[ActionItem]]:
    """The first failing keys of every target with their names and links: one query per entity."""
    wanted: dict[Entity, set] = {}
    for code, result in results.items():
        entity = FAILING_ENTITY.get(code)
        if entity and result.get("failing"):
            wanted.setdefault(entity, set()).update(result["failing"][:ACTION_LIST_LIMIT])
    names: dict[Entity, dict] = {}
    for entity, keys in wanted.items():
        fields = (entity.key, "name") if entity is not UNIT else ("code", "name", "pk")
        rows = entity.model.objects.filter(**{f"{entity.key}__in": keys}).values_list(*fields)
        names[entity] = {row[0]: row[1:] for row in rows}
    items = {}
    for code, result in results.items():
        entity = FAILING_ENTITY.get(code)
        items[code] = []
        for key in (result.get("failing") or [])[:ACTION_LIST_LIMIT]:
            found = names.get(entity, {}).get(key)
            if entity is UNIT:
                url = reverse("reports:halfyearreport_list") + f"?unit={found[1]}" if found else None
            else:
                url = reverse(entity.url_name, kwargs={entity.url_kwarg: key}) if found else None
            items[code].append(ActionItem(key, found[0] if found else key, url))
    return items


def scope_key(scope: Scope) -> tuple[str, str]:
    if scope.is_unit:
        return ScopeKind.UNIT, scope.unit_code
    if scope.township:
        return ScopeKind.TOWNSHIP, scope.township
    return ScopeKind.COUNTY, ""


def dashboard(*, scope: Scope, as_of: datetime.date) -> dict:
    kind, key = scope_key(scope)
    plan = plan_settings()
    stored = (SnapshotScope.objects.select_related("snapshot")
              .filter(snapshot__as_of=as_of, kind=kind, key=key).first())
    if stored:
        document, snapshot = stored.document, stored.snapshot
    else:
        document, snapshot = compute_compliance(as_of=as_of, scope=scope, details=True, plan=plan), None
    results = document["targets"]
    actions = _action_items(results)
    rows = [TargetRow(setting.record, results[setting.code], actions.get(setting.code, []))
            for setting in plan.targets if setting.code in results]
    baseline = Plan.objects.order_by("pk").values_list("baseline", flat=True).first()
    return {
        "as_of": as_of,
        "document": document,
        "baseline": document["baseline"],
        "plan_baseline": baseline or {},
        "plan_problems": plan.problems,
        "rows": rows,
        "met_count": sum(1 for r in rows if r.result["met"]),
        "snapshot": snapshot,
        "stale": bool(snapshot and data_changed_since(snapshot.computed_at)),
        "drilldown": _drilldown(snapshot) if snapshot and kind == ScopeKind.COUNTY else None,
        "trend": trend(kind, key, plan=plan),
    }


def _drilldown(snapshot) -> dict:
    """Targets met per township and per unit, from the snapshot's summaries."""
    out = {"township": [], "unit": []}
    unit_names = dict(SupervisingUnit.objects.values_list("code", "name"))
    for kind, key, summary in snapshot.scopes.exclude(kind=ScopeKind.COUNTY).values_list("kind", "key", "summary"):
        targets = summary["targets"]
        out[kind].append({
            "key": key,
            "name": unit_names.get(key, key) if kind == ScopeKind.UNIT else key,
            "met": sum(1 for t in targets.values() if t["met"]),
            "overdue": sum(1 for t in targets.values() if t["state"] == "overdue"),
            "total": len(targets),
            "orgs": summary["baseline"]["orgs"],
        })
    return out


def trend(kind: str, key: str, *, plan=None) -> dict:
    """Each target's value across the stored snapshots of one scope, for Chart.js."""
    plan = plan or plan_settings()
    points = list(SnapshotScope.objects.filter(kind=kind, key=key).order_by("snapshot__as_of")
                  .values_list("snapshot__as_of", "summary"))
    labels = [day.isoformat() for day, _summary in points]

    def series(kind_wanted):
        return [{"label": setting.record.name, "code": setting.code,
                 "data": [summary["targets"].get(setting.code, {}).get("value") for _day, summary in points]}
                for setting in plan.targets if setting.definition.kind == kind_wanted]

    return {"labels": labels, "percent": series(registry.PERCENT), "count": series(registry.COUNT)}
