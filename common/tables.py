"""The base of every table of the portal's lists (django-tables2)."""
import django_tables2 as tables
from django.conf import settings
from django.core.paginator import Paginator


class Table(tables.Table):
    """A list's table. Its page size is the portal's (settings.PAGINATE_BY), whatever ?per_page=
    asks: 0, -1 or 99999999999999999999 neither fail nor load the whole register. ?sort= naming no
    column is ignored; a ?page= the table does not have shows its nearest page (django-tables2)."""

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        return super().paginate(paginator_class, settings.PAGINATE_BY, page, *args, **kwargs)
