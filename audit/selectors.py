"""Reads of the audit trail: who changed what and when, across every register kept by
django-simple-history.

``audit_entries`` is one UNION ALL over the historical tables (or one table when a record type is
chosen), ordered by ``history_date`` and paginated in the database; ``audit_page`` turns the rows of
one page into entries for people (user, record label, link, each changed field with its old and new
value) in a number of queries that depends on the record types on the page, never on how much history there is.
"""
import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import CharField, F, Model, Q, QuerySet, Value
from django.utils import timezone

from common.history import FieldChange, history_entries
# The columns every historical table shares, plus the record type as a literal.
ENTRY_COLUMNS = ("history_id", "history_date", "history_type", "history_user_id", "history_change_reason")


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
    changes: list[FieldChange] = field(default_factory=list)  # each changed field, old → new

    @property
    def changed_fields(self) -> list[str]:
        """The verbose names of the changed fields, in the model's order."""
        return [change.label for change in self.changes]


def audit_page(rows) -> list[AuditEntry]:
    """Entries for the rows of one page of ``audit_entries``, in the same order.

    Per record type on the page: one query for its historical rows (with their user, the related
    records their label and values name, and the id of each one's previous version), one for those
    previous versions, two per many-to-many field (the ids each version had, those records' names),
    and one for the records that still exist (common.history.history_entries)."""
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
    fk_names = [f.name for f in history.tracked_fields if f.editable and f.is_relation]
    pk_name = model._meta.pk.attname
    entries = history_entries(model, history.objects.filter(history_id__in=history_ids))
    existing = {}
    if hasattr(model, "get_absolute_url"):
        existing = {obj.pk: obj for obj in model._default_manager.filter(
            pk__in={getattr(entry.row, pk_name) for entry in entries})}
    for entry in entries:
        record = entry.row
        record_id = getattr(record, pk_name)
        current = existing.get(record_id)
        yield record.history_id, AuditEntry(
            date=entry.date, user=entry.user, kind=entry.kind,
            record_type=model._meta.verbose_name, record_id=record_id, label=_label(model, record, fk_names),
            change_reason=entry.change_reason,
            url=current.get_absolute_url() if current is not None else "", changes=entry.changes,
        )


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
