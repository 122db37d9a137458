import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from common.tables import Table

from .models import HalfYearReport


class ReportTable(Table):
    period = tables.TemplateColumn(
        "{{ record.year }} · {{ record.get_half_display }}", verbose_name=_("period"), order_by=("year", "half"),
        accessor="year", linkify=True,
    )

    class Meta:
        model = HalfYearReport
        fields = ("period", "unit", "status", "submitted_at", "reviewed_at")
        order_by = ("-period",)
