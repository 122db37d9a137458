from common.views import ScopedDetailView, ScopedListView

from .filters import ReportFilter
from .models import HalfYearReport
from .selectors import reports_for
from .tables import ReportTable


class ReportListView(ScopedListView):
    model = HalfYearReport
    selector = reports_for
    table_class = ReportTable
    filterset_class = ReportFilter


class ReportDetailView(ScopedDetailView):
    model = HalfYearReport
    selector = reports_for
    template_name = "reports/report_detail.html"
    detail_fields = ("unit", "year", "half", "status", "submitted_at", "submitted_by", "reviewed_at",
                     "reviewed_by", "review_comment")
