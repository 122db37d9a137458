"""Optimistic locking of the edit forms: whoever saves a record's form saves it over the record
they opened, never unawares over someone else's change made meanwhile (a "lost update").

An edit form carries a hidden, signed token (``LOCK_FIELD``): the record's model and pk and the
values of the form's fields as stored when the form was opened. On save, inside the transaction,
the stored row is locked (``select_for_update``) and its values are compared with the token's. When
any differs, nothing is written: the form is shown again with an error listing what changed
meanwhile ("field: value when you opened it → value now") and a fresh token, so that saving again
is a deliberate choice. A missing or tampered token is refused the same way. The values are the
version: no model needs a version column, hence no migration.

Used by ``common.views.ScopedUpdateView`` (every edit page of the portal: ``protect`` adds the
token field to the form, ``locked_unchanged`` runs in the save's transaction) and by
``common.admin`` (the admin's change forms, their inline rows included).
"""
import datetime
import json
from collections.abc import Iterable, Mapping

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .history import EMPTY, readable

LOCK_FIELD = "_record_lock"  # the hidden input's name
SALT = "common.locking.record"

MSG_CHANGED = _("Nothing was saved: someone else changed this record after you opened this form. "
                "What changed meanwhile is listed below; the form still shows your values, and saving "
                "it again replaces those changes with them.")
MSG_CHANGE = _("%(field)s: %(opened)s → %(now)s")
MSG_ROW_CHANGE = _("%(row)s, %(field)s: %(opened)s → %(now)s")
MSG_TOKEN = _("Nothing was saved: this form could not be checked against the stored record (its "
              "version token is missing or invalid, for example because the page is out of date). "
              "Check the values and save again.")


class Refused(Exception):
    """The save was refused: ``error`` (a ValidationError) says why; ``stored`` is the record as
    stored now (locked), for the fresh token."""

    def __init__(self, error: ValidationError, stored: models.Model):
        super().__init__(error)
        self.error, self.stored = error, stored


# -- what a token holds -------------------------------------------------------------------------

def model_field_names(form: forms.BaseForm) -> list[str]:
    """The form's fields that are the model's own (not an inline row's id, not DELETE, not the token)."""
    opts = form._meta.model._meta
    names = []
    for name in form.fields:
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.primary_key and (field.concrete or field.many_to_many):
            names.append(name)
    return names


def _serialise(field: models.Field, value):
    """A stored value as a JSON-able string (None for none; a sorted pk list for many-to-many)."""
    if field.many_to_many:
        return sorted(str(obj.pk) for obj in value)
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(value, sort_keys=True, cls=DjangoJSONEncoder)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, (datetime.date, datetime.time)):  # datetime included
        return value.isoformat()
    return str(value)


def snapshot(record: models.Model, names: Iterable[str]) -> dict:
    """The stored values of RECORD's fields NAMES, serialised (what a token holds and is compared with)."""
    opts = record._meta
    return {name: _serialise(field, field.value_from_object(record))
            for name in names for field in [opts.get_field(name)]}


def _payload(record: models.Model, names: Iterable[str], rows: Mapping[str, Iterable] | None) -> dict:
    payload = {"model": record._meta.label_lower, "pk": str(record.pk), "values": snapshot(record, names)}
    if rows:
        # Inline rows: {formset prefix: {row pk: values}} for the rows the page shows.
        payload["rows"] = {prefix: {str(row.pk): snapshot(row, row_names) for row, row_names in shown}
                           for prefix, shown in rows.items()}
    return payload


def make_token(record: models.Model, names: Iterable[str], rows: Mapping[str, Iterable] | None = None) -> str:
    """The signed token of RECORD as stored, for a form of its fields NAMES; ROWS, for an admin
    page with inlines: {formset prefix: [(row, its form's field names), ...]}."""
    return signing.dumps(_payload(record, names, rows), salt=SALT, compress=True)


def read_token(token: str, record: models.Model, names: Iterable[str] = ()) -> dict:
    """The payload of TOKEN, made for RECORD and a form of (at least) its fields NAMES; a
    ValidationError (MSG_TOKEN) when it is missing, tampered with or made for another record or form."""
    try:
        payload = signing.loads(token or "", salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        payload = None
    if (not isinstance(payload, dict) or payload.get("model") != record._meta.label_lower
            or payload.get("pk") != str(record.pk) or not isinstance(payload.get("values"), dict)
            or not set(names) <= set(payload["values"])):
        raise ValidationError(MSG_TOKEN, code="lock_token")
    return payload


# -- comparing and showing ----------------------------------------------------------------------

def _shown(field: models.Field, value) -> str:
    """A serialised value as a person reads it: related records' names, else history.readable."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return "、".join(sorted(str(obj) for obj in related)) or EMPTY
    if field.is_relation:
        related = field.related_model._default_manager.filter(**{field.target_field.attname: value}).first()
        return str(related) if related is not None else str(value)
    if isinstance(field, models.JSONField):
        return readable(field, value)
    try:
        return readable(field, field.to_python(value))
    except ValidationError:
        return readable(field, str(value))


def changes(stored: models.Model, opened: Mapping, names: Iterable[str], *, row: str = "") -> list[ValidationError]:
    """One message per field of NAMES whose stored value differs from OPENED (the token's values,
    which hold every name); ROW names the inline row they are of."""
    now = snapshot(stored, names)
    found = []
    for name in names:
        if opened[name] == now[name]:
            continue
        field = stored._meta.get_field(name)
        params = {"field": capfirst(field.verbose_name), "opened": _shown(field, opened[name]),
                  "now": _shown(field, now[name])}
        if row:
            found.append(ValidationError(MSG_ROW_CHANGE, code="lock_changed", params={**params, "row": row}))
        else:
            found.append(ValidationError(MSG_CHANGE, code="lock_changed", params=params))
    return found


def refusal(found: list[ValidationError]) -> ValidationError:
    return ValidationError([ValidationError(MSG_CHANGED, code="lock_changed"), *found])


def lock(record: models.Model) -> models.Model:
    """RECORD as stored, its row locked until the transaction ends; a 404 when it was deleted."""
    stored = type(record)._default_manager.select_for_update().filter(pk=record.pk).first()
    if stored is None:
        raise Http404
    return stored


def locked_unchanged(record: models.Model, token: str, names: Iterable[str]) -> models.Model:
    """Lock RECORD's row (inside a transaction) and check that its fields NAMES are still as TOKEN
    holds them; returns the record as stored, else raises Refused. The caller writes only after."""
    names = list(names)
    stored = lock(record)
    try:
        opened = read_token(token, stored, names)["values"]
    except ValidationError as exc:
        raise Refused(exc, stored) from None
    found = changes(stored, opened, names)
    if found:
        raise Refused(refusal(found), stored)
    return stored


# -- the portal's edit forms --------------------------------------------------------------------

class RecordLockField(forms.CharField):
    """The hidden token of an edit form."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)
        self.validators = []  # any malformed value is refused as a bad token (MSG_TOKEN), on the form


def protect(form: forms.BaseModelForm, record: models.Model) -> None:
    """Give the edit FORM of RECORD its token field (call it before the form validates: an unbound
    form's token is made from RECORD, which must be as stored). ``form.lock_names``: the fields
    the token covers."""
    form.lock_names = model_field_names(form)
    initial = "" if form.is_bound else make_token(record, form.lock_names)
    form.fields[LOCK_FIELD] = RecordLockField(initial=initial)


def posted_token(form: forms.BaseForm) -> str:
    return form.data.get(form.add_prefix(LOCK_FIELD), "") if form.is_bound else ""


def renew(form: forms.BaseForm, stored: models.Model) -> None:
    """Give the bound FORM, shown again, a fresh token made from STORED (the record as stored now)."""
    form.data = form.data.copy()
    form.data[form.add_prefix(LOCK_FIELD)] = make_token(stored, form.lock_names)
