"""The generic list and detail views every register page uses.

Each view names the scoping selector of its entity (``organizations_for``, ``members_for``…);
rows outside the user's scope are never listed and their detail pages are a 404.
"""
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db.models import QuerySet
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin


class ScopedQuerysetMixin(LoginRequiredMixin):
    selector: Callable[..., QuerySet] = None  # e.g. organizations_for
    slug_field = "pk"

    def get_queryset(self):
        return type(self).selector(self.request.user)


class ScopedListView(ScopedQuerysetMixin, SingleTableMixin, FilterView):
    """A paginated, sortable, filterable table of the rows the user may see."""

    template_name = "common/list.html"
    paginate_by = settings.PAGINATE_BY
    title = ""
    create_url_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or self.model._meta.verbose_name_plural
        return context


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """One row the user may see, with its facts in the order of the model's fields."""

    template_name = "common/detail.html"
    detail_fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facts"] = list(facts_of(self.object, self.detail_fields))
        context["title"] = str(self.object)
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
