"""The generic list, detail, create and edit views every register page uses.

Each view names the scoping selector of its entity (``organizations_for``, ``members_for``…);
rows outside the user's scope are never listed and their detail pages are a 404.
"""
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from . import locking
from .export import table_xlsx_response
from .history import history_entries

HISTORY_ROWS = 20  # the latest changes shown on a detail page
EXPORT_PARAM = "_export"
EXPORT_XLSX = "xlsx"


class ScopedQuerysetMixin(LoginRequiredMixin):
    selector: Callable[..., QuerySet] = None  # e.g. organizations_for
    slug_field = "pk"

    def get_queryset(self):
        return type(self).selector(self.request.user)


class ScopedListView(ScopedQuerysetMixin, SingleTableMixin, FilterView):
    """A paginated, sortable, filterable table of the rows the user may see."""

    template_name = "common/list.html"
    # Only the table pages the rows (django-tables2 shows the nearest page for a page number that
    # is out of range or not a number); the list view itself does not, or it would answer 404.
    paginate_by = None
    table_pagination = {"per_page": settings.PAGINATE_BY}
    title = ""
    create_url_name = ""  # e.g. "organizations:organization_create"; the "Add" button shows when permitted

    def get(self, request, *args, **kwargs):
        if request.GET.get(EXPORT_PARAM) == EXPORT_XLSX:
            return self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def export_xlsx(self):
        """Every row the filters and sorting select (not only the current page), with the table's
        columns under their headers, as an Excel workbook."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        table = self.get_table_class()(data=self.get_table_data(), **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return table_xlsx_response(table, filename=f"{self.model._meta.model_name}-{stamp}.xlsx",
                                   sheet_title=self.title or self.model._meta.verbose_name_plural)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or self.model._meta.verbose_name_plural
        context["create_url"] = permitted_url(self.request.user, self.create_url_name)
        context["export_param"] = EXPORT_PARAM
        return context


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """One row the user may see, with its facts in the order of the model's fields."""

    template_name = "common/detail.html"
    detail_fields: tuple[str, ...] = ()
    edit_url_name = ""  # e.g. "organizations:organization_update"; the "Edit" button shows when permitted

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facts"] = list(facts_of(self.object, self.detail_fields))
        context["title"] = str(self.object)
        if hasattr(self.object, "history"):  # the record's change history (django-simple-history)
            context["history"] = history_entries(type(self.object), self.object.history.all(), limit=HISTORY_ROWS)
            context["show_history"] = True
        # The edit page takes the same URL arguments as the detail page.
        context["edit_url"] = permitted_url(self.request.user, self.edit_url_name, **self.kwargs)
        return context


def facts_of(obj, names):
    """(label, display value) pairs for the named fields of a record."""
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            value = list(getattr(obj, name).all())
        elif field.choices:
            value = getattr(obj, f"get_{name}_display")()
        else:
            value = getattr(obj, name)
        yield field.verbose_name, value


class CountyStaffRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Pages for county staff (and admins) only; a unit secretary gets 403."""

    def test_func(self):
        return self.request.user.sees_whole_county


class ServiceFormMixin(LoginRequiredMixin, UserPassesTestMixin):
    """A model form whose valid data go through a service, not ``form.save()``.

    Per entity: ``form_class``; ``form_scopes``, the form's constructor arguments and the scoping
    selector that gives each for the user (``{"units": units_for}``), so a unit secretary only
    chooses among their own unit's rows; ``service``; ``staff_only`` for county-wide records.
    A ``ValidationError`` from the service is shown on the form under the field it names, and
    nothing is written (the service is atomic). Success goes to the record's detail page."""

    template_name = "common/form.html"
    form_scopes: dict[str, Callable[..., QuerySet]] = {}
    service: Callable = None
    staff_only = False

    @classmethod
    def permits(cls, user) -> bool:
        return bool(user.is_authenticated and (user.sees_whole_county or not cls.staff_only))

    def test_func(self):
        return self.permits(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update({name: selector(self.request.user) for name, selector in self.form_scopes.items()})
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_title()
        context["cancel_url"] = self.get_cancel_url()
        return context

    def form_valid(self, form):
        try:
            self.object = self.call_service(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.object.get_absolute_url())


class ScopedCreateView(ServiceFormMixin, CreateView):
    """Create a record through its ``*_create`` service: ``service(**form.cleaned_data)``."""

    list_url_name = ""

    def get_title(self):
        return _("Add %(entity)s") % {"entity": self.model._meta.verbose_name}

    def get_cancel_url(self):
        return reverse(self.list_url_name) if self.list_url_name else ""

    def call_service(self, data):
        return type(self).service(**data)


class ScopedUpdateView(ScopedQuerysetMixin, ServiceFormMixin, UpdateView):
    """Edit a record reached through the scoping selector (others' rows are a 404) with its
    ``*_update`` service: ``service(<record_argument>=record, data=form.cleaned_data)``.

    Optimistically locked (common.locking): the form carries a token of the record as it was
    opened; the save locks the stored row and, when someone changed any of the form's fields
    meanwhile (or the token is missing or tampered with), writes nothing and shows the form again
    with what changed and a fresh token. ``call_service`` runs under that lock, in its transaction."""

    record_argument = ""  # the service's keyword for the record, e.g. "organization"

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        # Taken before the form sets the posted values on the record (they may be refused).
        self.record_name, self.record_url = str(record), record.get_absolute_url()
        return record

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        locking.protect(form, self.object)  # before validation: self.object is as stored
        return form

    def get_title(self):
        return _("Edit %(entity)s") % {"entity": self.record_name}

    def get_cancel_url(self):
        return self.record_url

    def stored_record(self):
        """The record as stored: the model form has set the posted values on self.object while
        validating, and the service must see what changes."""
        return self.get_queryset().get(pk=self.object.pk)

    def call_service(self, data):
        return type(self).service(**{self.record_argument: self.stored_record()}, data=data)

    def form_valid(self, form):
        token = form.cleaned_data.pop(locking.LOCK_FIELD, "")
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                locking.locked_unchanged(self.object, token, form.lock_names)
                self.object = self.call_service(form.cleaned_data)
        except locking.Refused as refused:
            form.add_error(None, refused.error)
            locking.renew(form, refused.stored)
            return self.form_invalid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.object.get_absolute_url())


def add_service_errors(form, exc: ValidationError, *, field_names: dict[str, str] | None = None) -> None:
    """Show a service's errors on the form: under the field they name when the form has it
    (field_names maps a service's names to the form's where they differ)."""
    for name, errors in exc.update_error_dict({}).items():
        name = (field_names or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)


def permitted_url(user, url_name: str, **kwargs) -> str:
    """The URL of a form page when USER may use it, else "" (the page's button is not shown)."""
    if not url_name:
        return ""
    try:
        url = reverse(url_name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""
    view_class = getattr(resolve(url).func, "view_class", None)
    permits = getattr(view_class, "permits", None)
    return url if permits is None or permits(user) else ""


class DetailActionMixin:
    """A form posted from a scoped detail page to a service; put it before the detail view.

    The row comes through the detail view's selector, so another unit's row is a 404 and nothing
    runs. ``perform(form)`` calls the service and returns (URL to go to, success message); a
    ValidationError it raises is shown in the form, on the detail page rendered again."""

    http_method_names = ["post"]
    form_class = None
    form_context_name = "form"

    def get_form_kwargs(self) -> dict:
        return {"data": self.request.POST}

    def perform(self, form) -> tuple[str, str]:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form_class(**self.get_form_kwargs())
        if form.is_valid():
            try:
                url, message = self.perform(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(url)
        return self.render_to_response(self.get_context_data(**{self.form_context_name: form}))
