"""Reads of the audit trail: who changed what and when, across every register kept by
django-simple-history.

``audit_entries`` is one UNION ALL over the historical tables (or one table when a record type is
chosen), ordered by ``history_date`` and paginated in the database; ``audit_page`` turns the rows of
one page into entries for people (user, record label, link, changed fields) in a number of queries
that depends on the record types on the page, never on how much history there is.
"""
import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import CharField, F, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The columns every historical table shares, plus the record type as a literal.
ENTRY_COLUMNS = ("history_id", "history_date", "history_type", "history_user_id", "history_change_reason")
KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def model_key(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def tracked_models() -> list[type[Model]]:
    """The project's models with a django-simple-history manager, in app and model order
    (their m2m through tables have historical tables of their own but are not records)."""
    return [
        model for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]


def tracked_model(key: str) -> type[Model]:
    """The tracked model of an "app_label.model_name" key; LookupError when there is none."""
    for model in tracked_models():
        if model_key(model) == key:
            return model
    raise LookupError(key)


def history_model(model: type[Model]) -> type[Model]:
    return getattr(model, model._meta.simple_history_manager_attribute).model


def record_type_choices() -> list[tuple[str, str]]:
    return [(model_key(model), model._meta.verbose_name) for model in tracked_models()]


def history_users() -> QuerySet:
    """The users who appear in any history, by username: one query with a semi-join per table."""
    condition = Q(pk__in=[])
    for model in tracked_models():
        condition |= Q(pk__in=history_model(model).objects.filter(history_user__isnull=False)
                       .values("history_user_id"))
    return get_user_model().objects.filter(condition).order_by("username")


def local_day_start(day: datetime.date) -> datetime.datetime:
    """Midnight starting DAY in the portal's time zone (Asia/Shanghai), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entries(*, record_type: str | None = None, user=None, date_from: datetime.date | None = None,
                  date_to: datetime.date | None = None) -> QuerySet:
    """Every history row matching the filters, newest first, as dicts of ENTRY_COLUMNS,
    ``record_id`` and ``record_type``: a lazy queryset to paginate (COUNT and LIMIT/OFFSET run in the database).
    Dates are local (Asia/Shanghai) days, both ends included."""
    models = [tracked_model(record_type)] if record_type else tracked_models()
    condition = Q()
    if user is not None:
        condition &= Q(history_user=user)
    if date_from:
        condition &= Q(history_date__gte=local_day_start(date_from))
    if date_to:
        condition &= Q(history_date__lt=local_day_start(date_to + datetime.timedelta(days=1)))
    parts = [
        history_model(model).objects.filter(condition).order_by()
        .values(*ENTRY_COLUMNS, record_id=F(model._meta.pk.attname))
        .annotate(record_type=Value(model_key(model), output_field=CharField()))
        for model in models
    ]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-history_date", "record_type", "-history_id")


@dataclass
class AuditEntry:
    date: datetime.datetime
    user: Model | None
    kind: str
    record_type: str
    record_id: int
    label: str
    change_reason: str
    url: str = ""
    changed_fields: list[str] = field(default_factory=list)


def audit_page(rows) -> list[AuditEntry]:
    """Entries for the rows of one page of ``audit_entries``, in the same order.

    Per record type on the page: one query for its historical rows (with their user, the related
    records their label names, and the id of each one's previous version), one for those previous
    versions, one per many-to-many field for both, and one for the records that still exist."""
    rows = list(rows)
    by_type: dict[str, list[int]] = {}
    for row in rows:
        by_type.setdefault(row["record_type"], []).append(row["history_id"])
    built: dict[tuple[str, int], AuditEntry] = {}
    for key, history_ids in by_type.items():
        model = tracked_model(key)
        for entry in _entries_of(model, history_ids):
            built[(key, entry[0])] = entry[1]
    return [built[(row["record_type"], row["history_id"])] for row in rows]


def _entries_of(model: type[Model], history_ids: list[int]):
    history = history_model(model)
    plain_fields = [f for f in history.tracked_fields if f.editable]
    fk_names = [f.name for f in plain_fields if f.is_relation]
    m2m_fields = list(history._history_m2m_fields)
    pk_name = model._meta.pk.attname
    previous = history.objects.filter(**{pk_name: OuterRef(pk_name)}, history_date__lt=OuterRef("history_date"))
    records = list(
        history.objects.filter(history_id__in=history_ids)
        .select_related("history_user", *fk_names)
        .annotate(prev_history_id=Subquery(
            previous.order_by("-history_date", "-history_id").values("history_id")[:1]))
    )
    prev_ids = [r.prev_history_id for r in records if r.history_type == "~" and r.prev_history_id]
    prevs = {p.history_id: p for p in history.objects.filter(history_id__in=prev_ids)} if prev_ids else {}
    m2m_values = _m2m_values(history, m2m_fields, [r.history_id for r in records] + prev_ids)
    existing = {}
    if hasattr(model, "get_absolute_url"):
        existing = {obj.pk: obj for obj in model._default_manager.filter(pk__in={getattr(r, pk_name) for r in records})}
    names = {f.name: f.verbose_name for f in [*plain_fields, *m2m_fields]}
    for record in records:
        changed = []
        prev = prevs.get(record.prev_history_id)
        if prev is not None:
            delta = record.diff_against(prev, included_fields=[f.name for f in plain_fields])
            changed = list(delta.changed_fields)
            changed += [f.name for f in m2m_fields
                        if m2m_values[f.name].get(record.history_id) != m2m_values[f.name].get(prev.history_id)]
            changed = [str(names[name]) for name in sorted(changed, key=list(names).index)]
        record_id = getattr(record, pk_name)
        current = existing.get(record_id)
        yield record.history_id, AuditEntry(
            date=record.history_date, user=record.history_user, kind=KINDS.get(record.history_type, ""),
            record_type=model._meta.verbose_name, record_id=record_id, label=_label(model, record, fk_names),
            change_reason=record.history_change_reason or "",
            url=current.get_absolute_url() if current is not None else "", changed_fields=changed,
        )


def _m2m_values(history, m2m_fields, history_ids) -> dict[str, dict[int, frozenset]]:
    """For each m2m field, the related ids each of the historical rows had (one query per field)."""
    values = {}
    for m2m_field in m2m_fields:
        through = getattr(history, m2m_field.name).model
        target = next(f for f in through._meta.fields
                      if f.is_relation and f.name not in ("history", "m2m_history_id")
                      and f.related_model is m2m_field.related_model)
        found: dict[int, set] = {}
        for history_id, target_id in through.objects.filter(history_id__in=history_ids).values_list(
                "history_id", target.attname):
            found.setdefault(history_id, set()).add(target_id)
        values[m2m_field.name] = {k: frozenset(v) for k, v in found.items()}
    return values


def _label(model, record, fk_names) -> str:
    """The record as its __str__ shows it at that time, its related records taken from the
    historical row's select_related cache (so no query per row)."""
    instance = record.instance
    for name in fk_names:
        history_field = record._meta.get_field(name)
        if history_field.is_cached(record):
            related = history_field.get_cached_value(record)
            if related is not None:
                model._meta.get_field(name).set_cached_value(instance, related)
    try:
        return str(instance)
    except ObjectDoesNotExist:  # a related record the label names was deleted since
        return f"{model._meta.verbose_name} #{getattr(record, model._meta.pk.attname)}"
