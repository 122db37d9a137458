"""The base of every table of the portal's lists (django-tables2)."""
import django_tables2 as tables
from django.conf import settings
from django.core.paginator import Paginator


class Table(tables.Table):
    """A list's table. Its page size is the portal's (settings.PAGINATE_BY), whatever ?per_page=
    asks: 0, -1 or 99999999999999999999 neither fail nor load the whole register. ?sort= naming no
    column is ignored; a ?page= the table does not have shows its nearest page (django-tables2).

    On a phone each row is a card (templates/common/table.html, portal.css): CARD_TITLE names the
    column that heads it, the first shown column when None."""

    card_title: str | None = None

    @property
    def card_title_column(self) -> str | None:
        if self.card_title is not None and self.card_title in self.columns:
            return self.card_title
        first = next(iter(self.columns), None)
        return first.name if first is not None else None

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        return super().paginate(paginator_class, settings.PAGINATE_BY, page, *args, **kwargs)
