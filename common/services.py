"""The write helpers every app's services use: create or update one record from a service's
explicit list of the fields it may set, with every model validation before anything is saved.

Side effects (asking for a recompute, mailing…) are not here: each service calls its own,
visibly, after the write."""
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from .history import one_history_row

M = TypeVar("M", bound=models.Model)
# A service's own rule on the whole record, beyond the model's: check(instance, many-to-many values
# as they will be), raising ValidationError. Its errors are shown together with the model's.
Check = Callable[[Any, dict], None]


def _check_fields(model: type[models.Model], fields: Iterable[str], data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"{model.__name__}: this service may not set {sorted(unknown)} (it may set {sorted(fields)})")


def _split(model: type[models.Model], data: Mapping[str, Any]) -> tuple[dict, dict]:
    """(plain field values, many-to-many values) of DATA."""
    m2m_names = {field.name for field in model._meta.many_to_many}
    plain = {name: value for name, value in data.items() if name not in m2m_names}
    m2m = {name: list(value) for name, value in data.items() if name in m2m_names}
    return plain, m2m


def _validate(instance: models.Model, m2m: dict, check: Check | None) -> None:
    """full_clean (fields, clean(), constraints) and the service's CHECK, their errors together."""
    errors: dict = {}
    for validation in (instance.full_clean, (lambda: check(instance, m2m)) if check else None):
        if validation is None:
            continue
        try:
            validation()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def model_create(*, model: type[M], fields: Iterable[str], data: Mapping[str, Any], check: Check | None = None) -> M:
    """A new MODEL row from DATA (every key among FIELDS, the service's list), validated and saved;
    many-to-many values are set after the save. Its history gains one row, "created", holding the
    many-to-many values too."""
    _check_fields(model, fields, data)
    plain, m2m = _split(model, data)
    instance = model(**plain)
    _validate(instance, m2m, check)
    _write(instance, m2m, history_type="+")
    return instance


def _write(instance: models.Model, m2m: dict, *, history_type: str, update_fields=None) -> None:
    """Save INSTANCE (only UPDATE_FIELDS of an existing record; nothing when empty) and set its
    many-to-many values M2M. Each step alone would add a history row (the save, and each add or
    remove of a many-to-many value), so with many-to-many values they add none and one row of
    HISTORY_TYPE records the whole change at the end."""
    if not m2m:
        instance.save(update_fields=update_fields)
        return
    with one_history_row(instance, history_type):
        if history_type == "+" or update_fields:
            instance.save(update_fields=update_fields)
        for name, values in m2m.items():
            getattr(instance, name).set(values)


def model_update(*, instance: M, fields: Iterable[str], data: Mapping[str, Any],
                 check: Check | None = None) -> tuple[M, bool]:
    """Set on INSTANCE the values of DATA that differ (every key among FIELDS, the service's list),
    validate the whole record and save the changed fields only; many-to-many values are set when
    they differ. Returns (instance, whether anything changed): a record whose data is unchanged is
    neither validated nor saved, so its history gains no empty row; a changed record gains one
    row, whether its plain fields, its many-to-many values or both changed.

    A refused change raises ValidationError before anything is written; the values set on
    INSTANCE then stay set (the caller's transaction rolls back, its form shows the errors)."""
    _check_fields(type(instance), fields, data)
    plain, m2m = _split(type(instance), data)
    changed = [name for name, value in plain.items() if getattr(instance, name) != value]
    m2m_changed = {name: values for name, values in m2m.items() if set(getattr(instance, name).all()) != set(values)}
    if not changed and not m2m_changed:
        return instance, False
    for name in changed:
        setattr(instance, name, plain[name])
    _validate(instance, m2m_changed, check)
    _write(instance, m2m_changed, history_type="~", update_fields=changed)
    return instance, True
