"""Change history for people: who changed a record, when, how (新增/修改/删除) and, for a change,
each changed field as "field: old → new" with readable values.

The registers keep their history with django-simple-history. ``HistoricalRecords`` is the
library's, remembering itself on the model (``history_records``) so that a service writing a
record and its many-to-many values in several steps can leave one history row for the whole
change (``common.services``).

``history_entries`` turns historical rows of one model into ``HistoryEntry`` objects: each row is
compared with the previous version of the same record (``diff_against``), in a number of queries
that depends on the model (its many-to-many fields), never on how many rows there are: the rows
with their user and related records, their previous versions with theirs, and per many-to-many
field the ids each version had and the names of those records.
"""
import datetime
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords as _HistoricalRecords

KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
VALUE_CHARS = 40  # a longer value is cut, ending with "…"
EMPTY = "—"
HISTORY_RECORDS_ATTR = "history_records"


class HistoricalRecords(_HistoricalRecords):
    """django-simple-history's HistoricalRecords, reachable from the model it tracks as
    ``model._meta.history_records`` (see ``one_history_row``)."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls and hasattr(sender._meta, "simple_history_manager_attribute"):
            setattr(sender._meta, HISTORY_RECORDS_ATTR, self)


def history_records_of(model: type[models.Model]) -> _HistoricalRecords | None:
    return getattr(model._meta, HISTORY_RECORDS_ATTR, None)


class one_history_row:
    """A context in which INSTANCE's saves and many-to-many changes write no history; on leaving
    it without an error, one history row of HISTORY_TYPE ("+" or "~") records the record as it
    then is, its many-to-many values included. For a model without history, nothing."""

    def __init__(self, instance: models.Model, history_type: str):
        self.instance, self.history_type = instance, history_type
        self.records = history_records_of(type(instance))

    def __enter__(self):
        if self.records is not None:
            self.instance.skip_history_when_saving = True
        return self.instance

    def __exit__(self, exc_type, exc, tb):
        if self.records is None:
            return False
        del self.instance.skip_history_when_saving
        if exc_type is None and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            self.records.create_historical_record(self.instance, self.history_type)
        return False


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    def __str__(self):
        return f"{capfirst(self.label)}：{self.old} → {self.new}"


@dataclass
class HistoryEntry:
    history_id: int
    date: datetime.datetime
    user: models.Model | None
    history_type: str
    change_reason: str
    row: models.Model  # the historical row (its related records cached)
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind(self):
        return KINDS.get(self.history_type, "")

    @property
    def changed_fields(self) -> list[str]:
        return [change.label for change in self.changes]


def history_entries(model: type[models.Model], rows: QuerySet, *, limit: int | None = None) -> list[HistoryEntry]:
    """Entries for the historical rows ROWS of MODEL (a queryset of its history model, newest
    first unless it says otherwise), at most LIMIT of them."""
    history = getattr(model, model._meta.simple_history_manager_attribute).model
    plain_fields = [f for f in history.tracked_fields if f.editable]
    fk_names = [f.name for f in plain_fields if f.is_relation]
    m2m_fields = list(history._history_m2m_fields)
    pk_name = model._meta.pk.attname
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    previous = history.objects.filter(earlier, **{pk_name: OuterRef(pk_name)}).order_by("-history_date", "-history_id")
    queryset = rows.select_related("history_user", *fk_names).annotate(
        prev_history_id=Subquery(previous.values("history_id")[:1]))
    records = list(queryset[:limit] if limit is not None else queryset)
    prev_ids = [r.prev_history_id for r in records if r.history_type == "~" and r.prev_history_id]
    prevs = ({p.history_id: p for p in history.objects.filter(history_id__in=prev_ids).select_related(*fk_names)}
             if prev_ids else {})
    m2m_values, m2m_names = _m2m_values(history, m2m_fields, [r.history_id for r in records] + prev_ids)
    entries = []
    for record in records:
        prev = prevs.get(record.prev_history_id)
        changes = _changes(model, record, prev, plain_fields, m2m_fields, m2m_values, m2m_names) if prev else []
        entries.append(HistoryEntry(
            history_id=record.history_id, date=record.history_date, user=record.history_user,
            history_type=record.history_type, change_reason=record.history_change_reason or "",
            row=record, changes=changes))
    return entries


def _changes(model, record, prev, plain_fields, m2m_fields, m2m_values, m2m_names) -> list[FieldChange]:
    """What changed from PREV to RECORD: the plain fields in the model's order, then the
    many-to-many fields."""
    delta = record.diff_against(prev, included_fields=[f.name for f in plain_fields])
    changed = set(delta.changed_fields)
    changes = []
    for history_field in plain_fields:
        if history_field.name in changed:
            model_field = model._meta.get_field(history_field.name)
            changes.append(FieldChange(str(model_field.verbose_name), display_value(model_field, prev),
                                       display_value(model_field, record)))
    for m2m_field in m2m_fields:
        old = m2m_values[m2m_field.name].get(prev.history_id, frozenset())
        new = m2m_values[m2m_field.name].get(record.history_id, frozenset())
        if old != new:
            labels = m2m_names[m2m_field.name]
            changes.append(FieldChange(str(m2m_field.verbose_name), _join(old, labels), _join(new, labels)))
    return changes


def _cut(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(VALUE_CHARS) or EMPTY


def display_value(model_field: models.Field, row: models.Model) -> str:
    """MODEL_FIELD's value on the historical ROW, as a person reads it."""
    if model_field.is_relation:
        related_id = getattr(row, model_field.attname)
        if related_id is None:
            return EMPTY
        history_field = row._meta.get_field(model_field.name)
        related = history_field.get_cached_value(row, default=None) if history_field.is_cached(row) else None
        return _cut(str(related)) if related is not None else f"#{related_id}"  # a record deleted since
    return readable(model_field, getattr(row, model_field.attname))


def readable(model_field: models.Field, value) -> str:
    """A plain (not related) VALUE of MODEL_FIELD as a person reads it: its choice's label, 是/否,
    a local date or time, a text cut to VALUE_CHARS, "—" when empty. The one rule for every place
    that shows a stored value in a sentence (history entries, the refusal of a lost update)."""
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.choices:
        return _cut(str(dict(model_field.flatchoices).get(value, value)))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, (datetime.date, datetime.time)):
        return formats.localize(value)
    if isinstance(value, (dict, list)):
        return _cut(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return _cut(str(value))


def _join(ids, labels: dict) -> str:
    if not ids:
        return EMPTY
    return _cut("、".join(sorted(labels.get(pk, f"#{pk}") for pk in ids)))


def _m2m_values(history, m2m_fields, history_ids):
    """For each many-to-many field: the related ids each historical row had, and the names of
    those related records (two queries per field)."""
    values, names = {}, {}
    for m2m_field in m2m_fields:
        through = getattr(history, m2m_field.name).model
        target = next(f for f in through._meta.fields
                      if f.is_relation and f.name not in ("history", "m2m_history_id")
                      and f.related_model is m2m_field.related_model)
        linked = through.objects.filter(history_id__in=history_ids)
        found: dict[int, set] = {}
        for history_id, target_id in linked.values_list("history_id", target.attname):
            found.setdefault(history_id, set()).add(target_id)
        values[m2m_field.name] = {k: frozenset(v) for k, v in found.items()}
        related = m2m_field.related_model._base_manager.filter(pk__in=linked.values(target.attname))
        names[m2m_field.name] = {obj.pk: str(obj) for obj in related}
    return values, names
