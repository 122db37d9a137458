"""Django admin for the register: an admin's saves and deletes go through the same rules and side
effects as the portal's pages, i.e. through the services.

For the apps' admin.py:

* ``ServiceAdmin``: a register model with services. ``create_service`` / ``update_service`` (and
  ``delete_service`` where one exists) do the writes; before them the form's ``clean()`` runs the
  services' own rule checks (``service_checks``), so a refusal is shown on the form, under the
  field it names, and nothing is written. Every write asks for a recompute of the compliance
  figures: the services ask themselves; a plain delete asks here. The services are class
  attributes, called through the class (``type(self).create_service(...)``): plain functions,
  never bound as methods.
* ``RegisterAdmin``: a register model without services (targets' plan and its targets): Django's
  own save, the model's validation, then a recompute after every save and delete, the
  changelist's ``list_editable`` edits included.
* ``ServiceInline``: the same for an inline formset: services for its rows where they exist, the
  rows' checks on each row, ``formset_checks`` on the rows together (a leadership team's cap is a
  rule of the whole team), a recompute after the save.

A check is a ``RuleCheck``, one call of a service's check function; ``Proposed`` is the record as
the form would save it, which the checks read.

Change forms are optimistically locked (common.locking): the page carries a signed token of the
record and of its inline rows as the page showed them (``RegisterAdmin.change_form_template``
renders it); the form's clean() locks the stored row and refuses the save when any of the form's
fields changed meanwhile, or the token is missing or tampered with; the formset's clean() does the
same for its rows. The page is then shown again with what changed and a fresh token.
"""
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models, router, transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from . import locking
from .hooks import request_recompute
from .locking import model_field_names


class RuleCheck:
    """One call of a service's check function, ``function(**kwargs)``, raising ValidationError.
    Its errors land on the form under the fields they name; an error naming none goes under
    ``field`` (None: on the form, as the service's page shows it)."""

    def __init__(self, function: Callable[..., None], /, *, field: str | None = None, **kwargs: Any):
        self.function, self.field, self.kwargs = function, field, kwargs

    def run(self) -> None:
        try:
            self.function(**self.kwargs)
        except ValidationError as exc:
            if self.field and not hasattr(exc, "error_dict"):
                raise ValidationError({self.field: exc.error_list}) from None
            raise


def _stored_value(record: models.Model, name: str):
    field = record._meta.get_field(name)
    if field.many_to_many:
        return set(getattr(record, name).all()) if record.pk else set()
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:  # a required relation not set yet
        return None


class Proposed:
    """The record as a valid form would save it, for the services' checks.

    ``get(name)``: the form's cleaned value; for a field the form does not show, the stored
    record's value (for a new record, the owner's ``create_values``, else the model's default);
    None for a field the form refused (``valid(...)`` says whether the checks may run).
    ``stored``: the record as stored, re-read (the model form sets the posted values on its
    instance, and the history view's form starts from an old version); None for a new record.
    ``changed``: the fields whose value the form changes (every field of a new record)."""

    def __init__(self, form: forms.BaseModelForm, owner, request):
        self.form, self.owner, self.request = form, owner, request

    @property
    def is_new(self) -> bool:
        return self.form.instance.pk is None

    @cached_property
    def stored(self) -> models.Model | None:
        return None if self.is_new else self.owner.stored_record(self.form.instance)

    @cached_property
    def extra(self) -> dict:
        return self.owner.create_values(self.request) if self.stored is None else {}

    @cached_property
    def changed(self) -> list[str]:
        cleaned = self.form.cleaned_data
        names = [name for name in model_field_names(self.form) if name in cleaned]
        if self.stored is None:
            return names
        return [name for name in names
                if name in self.form.changed_data or _differs(_stored_value(self.stored, name), cleaned[name])]

    def valid(self, *names: str) -> bool:
        return not any(name in self.form.fields and name not in self.form.cleaned_data for name in names)

    def get(self, name: str):
        cleaned = self.form.cleaned_data
        if name in cleaned:
            return cleaned[name]
        if name in self.form.fields:
            return None
        if name in self.extra:
            return self.extra[name]
        value = _stored_value(self.stored if self.stored is not None else self.form.instance, name)
        return list(value) if isinstance(value, set) else value


def _differs(stored, value) -> bool:
    if isinstance(stored, set):
        return stored != set(value or ())
    return stored != value


def copy_state(source: models.Model, target: models.Model) -> None:
    """Make TARGET, the object the admin goes on with (its log entry, its inlines' parent, the
    redirect), the record SOURCE that the service saved."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding, target._state.db = False, source._state.db


class RegisterAdminForm(forms.ModelForm):
    """The model form of a register admin or inline. Its ``clean()`` runs the service checks of
    its owner (the ModelAdmin or inline that built the class). An error for a field the form does
    not have (read-only, or not among a changelist's ``list_editable``), as a model's ``clean()``
    may raise, is shown on the form instead of failing with Django's ValueError."""

    service_owner = None  # set on every form class the owner builds
    service_request = None
    locks_record = False  # a change form: its record is locked and checked against the page's token

    def clean(self):
        cleaned = super().clean()
        if self.service_owner is not None:
            if self.locks_record and not self.service_owner.check_record_lock(self):
                return cleaned  # refused: the record changed meanwhile, nothing is checked further
            self.service_owner.run_service_checks(self, self.service_request)
        return cleaned

    def add_error(self, field, error):
        if field is not None and field != NON_FIELD_ERRORS and field not in self.fields:
            field = None
        if field is None:
            if not isinstance(error, ValidationError):
                error = ValidationError(error)
            if hasattr(error, "error_dict"):
                by_field: dict[str, list] = {}
                for name, errors in error.error_dict.items():
                    by_field.setdefault(name if name in self.fields else NON_FIELD_ERRORS, []).extend(errors)
                error = ValidationError(by_field)
        super().add_error(field, error)


class ServiceChecks:
    """What a ModelAdmin and an inline share: the service checks run by the form's clean()."""

    # None, or a method (request, record: Proposed) -> the RuleChecks of the service that will
    # write the record, run in the form's clean() (a row marked for deletion is not checked).
    service_checks = None

    def create_values(self, request) -> dict[str, Any]:
        """Values a new record gets beyond the form's (e.g. who recorded it)."""
        return {}

    def stored_record(self, instance: models.Model) -> models.Model:
        return type(instance)._default_manager.get(pk=instance.pk)

    def check_record_lock(self, form: forms.BaseModelForm) -> bool:
        """Lock the change FORM's record (the admin's view runs in a transaction) and check it
        against the page's token; False, with the refusal on the form, when it changed meanwhile."""
        try:
            locking.locked_unchanged(form.instance, locking.posted_token(form), model_field_names(form))
        except locking.Refused as refused:
            form.add_error(None, refused.error)
            return False
        return True

    def bind(self, form_class: type[forms.BaseForm], request) -> type[forms.BaseForm]:
        """FORM_CLASS (a new class per request, from the admin's factories) runs this owner's checks."""
        form_class.service_owner, form_class.service_request = self, request
        return form_class

    def run_service_checks(self, form: forms.BaseModelForm, request) -> None:
        if self.service_checks is None or form.cleaned_data.get("DELETE"):
            return
        record = Proposed(form, self, request)
        if not record.is_new and not record.changed:
            return  # the service writes nothing
        for check in self.service_checks(request, record):
            try:
                check.run()
            except ValidationError as exc:
                form.add_error(None, exc)


class RegisterAdmin(ServiceChecks, SimpleHistoryAdmin):
    """Admin of a register model without services: Django's save (the model form validates with
    the model's clean()), then a recompute of the figures after every save and delete."""

    form = RegisterAdminForm
    recompute = True  # whether this model's writes change the compliance figures
    # Django's change form with the page's lock token; a model's own change-form template extends it.
    change_form_template = "common/admin/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = self.bind(super().get_form(request, obj, change, **kwargs), request)
        form_class.locks_record = bool(change and obj is not None and obj.pk is not None)
        return form_class

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk is not None and "adminform" in context:
            context["record_lock"] = {"name": locking.LOCK_FIELD, "token": self.lock_token(request, context, obj)}
        return super().render_change_form(request, context, add, change, form_url, obj)

    def lock_token(self, request, context, obj) -> str:
        """The token of the record and of the inline rows the page shows, as stored (a page shown
        again after a POST re-reads them: its forms hold the posted values)."""
        reread = request.method == "POST"
        stored = self.stored_record(obj) if reread else obj
        rows = {}
        for inline_admin_formset in context.get("inline_admin_formsets", ()):
            formset = inline_admin_formset.formset
            if not isinstance(getattr(formset, "service_owner", None), ServiceInline):
                continue
            shown = [form for form in formset.initial_forms if form.instance.pk is not None]
            by_pk = (formset.model._default_manager.in_bulk([form.instance.pk for form in shown]) if reread
                     else {form.instance.pk: form.instance for form in shown})
            rows[formset.prefix] = [(by_pk[form.instance.pk], model_field_names(form))
                                    for form in shown if form.instance.pk in by_pk]
        return locking.make_token(stored, model_field_names(context["adminform"].form), rows)

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", self.form)
        return self.bind(super().get_changelist_form(request, **kwargs), request)

    def after_write(self) -> None:
        if self.recompute:
            request_recompute()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.after_write()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.after_write()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self.after_write()

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "service_owner", None)
        if isinstance(inline, ServiceInline):
            inline.save_rows(request, formset)
        else:
            super().save_formset(request, form, formset, change)


class ServiceAdmin(RegisterAdmin):
    """Admin of a register model whose writes go through its services.

    ``create_service(**fields)`` receives the form's cleaned values (and ``create_values``);
    ``update_service(<record_argument>=record as stored, data={changed fields})``, many-to-many
    included; ``delete_service(<record_argument>=record)`` where one exists, else a plain delete
    and a recompute. ``create_fields`` / ``update_fields``: the fields the service may set (the
    others are read-only in the admin), None for every field. ``service_checks``: the services'
    check functions, run in the form's clean() so that their messages show on the form.

    A service may still refuse in save_model (a rule broken between the check and the save): its
    ValidationError then propagates and the request's transaction is rolled back. A delete
    service's refusal is shown as an error message and nothing is deleted."""

    create_service: Callable[..., models.Model] = None
    update_service: Callable[..., models.Model] = None
    delete_service: Callable[..., None] | None = None
    record_argument = ""  # the update (and delete) service's keyword for the record, e.g. "organization"
    create_fields: tuple[str, ...] | None = None
    update_fields: tuple[str, ...] | None = None

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        allowed = self.update_fields if obj is not None else self.create_fields
        if allowed is not None:
            opts = self.model._meta
            readonly += [field.name for field in (*opts.concrete_fields, *opts.many_to_many)
                         if field.editable and not field.primary_key and field.name not in allowed
                         and field.name not in readonly]
        return readonly

    def create_data(self, request, form) -> dict[str, Any]:
        return {**self.create_values(request),
                **{name: form.cleaned_data[name] for name in model_field_names(form)}}

    def save_model(self, request, obj, form, change):
        if change:
            record = Proposed(form, self, request)
            saved = type(self).update_service(**{self.record_argument: record.stored},
                                        data={name: form.cleaned_data[name] for name in record.changed})
        else:
            saved = type(self).create_service(**self.create_data(request, form))
        copy_state(saved, obj)
        # The service set the many-to-many values: neither save_related nor the history view's
        # revert (which calls form.save_m2m() itself) sets them again outside it.
        form.save_m2m = lambda: None

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        if self.delete_service is None:
            super().delete_model(request, obj)
        else:
            type(self).delete_service(**{self.record_argument: obj})

    def delete_order(self, queryset) -> Iterable[models.Model]:
        """The order a bulk delete removes the records in, one by one through delete_service."""
        return queryset

    def delete_queryset(self, request, queryset):
        if self.delete_service is None:
            super().delete_queryset(request, queryset)
        else:
            for obj in self.delete_order(queryset):
                type(self).delete_service(**{self.record_argument: obj})

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:  # the delete service refused (delete_view's transaction rolled back)
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                                args=(object_id,), current_app=self.admin_site.name))

    def response_action(self, request, queryset):
        """An action (the bulk delete) in one transaction: a refusal deletes none of the records."""
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().response_action(request, queryset)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class RegisterInlineFormSet(BaseInlineFormSet):
    """Runs its inline's ``formset_checks`` on the rows together, once every row is valid."""

    service_owner = None
    service_request = None

    def clean(self):
        super().clean()
        if self.service_owner is not None:
            self.check_rows_lock()
        if self.service_owner is None or any(self.errors):
            return
        errors = []
        for check in self.service_owner.formset_checks(self.service_request, self):
            try:
                check.run()
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)

    def check_rows_lock(self) -> None:
        """On a change form, lock the rows the page showed and refuse the save (the formset's
        error) when any of their fields changed meanwhile. A missing or tampered token is the
        parent form's refusal; a row deleted meanwhile is Django's ("select a valid choice")."""
        parent = self.instance
        if parent is None or parent.pk is None or parent._state.adding:
            return
        try:
            payload = locking.read_token(self.data.get(locking.LOCK_FIELD, ""), parent)
        except ValidationError:
            return  # the parent form refuses it
        opened_rows = payload.get("rows", {}).get(self.prefix)
        shown = [form for form in self.initial_forms if form.instance is not None and form.instance.pk is not None]
        if not shown:
            return
        if not isinstance(opened_rows, dict):
            raise ValidationError(locking.MSG_TOKEN, code="lock_token")
        stored = self.model._default_manager.select_for_update().in_bulk([form.instance.pk for form in shown])
        found = []
        for form in shown:
            row, opened = stored.get(form.instance.pk), opened_rows.get(str(form.instance.pk))
            names = model_field_names(form)
            if row is None:
                continue
            if not isinstance(opened, dict) or not set(names) <= set(opened):
                raise ValidationError(locking.MSG_TOKEN, code="lock_token")
            found += locking.changes(row, opened, names, row=str(row))
        if found:
            raise locking.refusal(found)


class ServiceInline(ServiceChecks):
    """Mixin for an inline (``class XInline(ServiceInline, admin.TabularInline)``) under a
    RegisterAdmin. With ``create_service`` / ``update_service`` its rows are written through them
    (the parent as ``parent_argument``, by default the foreign key's name; the record as
    ``record_argument``), a removed row through ``delete_service`` or a plain delete and a
    recompute. Without services the formset saves as Django's does, then asks for one recompute
    when anything changed. ``service_checks`` runs on each row, ``formset_checks`` on the rows
    together (the formset's non-form errors)."""

    form = RegisterAdminForm
    formset = RegisterInlineFormSet
    create_service: Callable[..., models.Model] | None = None
    update_service: Callable[..., models.Model] | None = None
    delete_service: Callable[..., None] | None = None
    record_argument = ""
    parent_argument = ""
    recompute = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        self.bind(formset.form, request)
        formset.service_owner, formset.service_request = self, request
        return formset

    def formset_checks(self, request, formset) -> Iterable[RuleCheck]:
        return ()

    def delete_row(self, obj: models.Model) -> None:
        if self.delete_service is not None:
            type(self).delete_service(**{self.record_argument: obj})
        else:
            obj.delete()
            if self.recompute:
                request_recompute()

    def save_rows(self, request, formset) -> None:
        if self.create_service is None:
            formset.save()
            if self.recompute and (formset.new_objects or formset.changed_objects or formset.deleted_objects):
                request_recompute()
            return
        # What formset.save() records, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = set(formset.deleted_forms)
        for form in formset.initial_forms:
            if form in deleted:
                self.delete_row(self.stored_record(form.instance))
                formset.deleted_objects.append(form.instance)
            elif form.has_changed():
                record = Proposed(form, self, request)
                if record.changed:
                    saved = type(self).update_service(**{self.record_argument: record.stored},
                                                data={name: form.cleaned_data[name] for name in record.changed})
                    copy_state(saved, form.instance)
                    formset.changed_objects.append((form.instance, record.changed))
        fk_name = formset.fk.name
        for form in formset.extra_forms:
            if form in deleted or not form.has_changed():
                continue
            data = {name: form.cleaned_data[name] for name in model_field_names(form) if name != fk_name}
            saved = type(self).create_service(**{self.parent_argument or fk_name: formset.instance},
                                        **self.create_values(request), **data)
            copy_state(saved, form.instance)
            formset.new_objects.append(form.instance)

