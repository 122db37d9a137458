import pathlib
import shutil
import tempfile

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from common.views import CountyStaffRequiredMixin, ScopedDetailView, ScopedListView

from . import services
from .filters import ReportFilter
from .forms import RegisterUploadForm
from .models import HalfYearReport, RegisterImport
from .register.exporting import register_export
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


class RegisterImportView(CountyStaffRequiredMixin, FormView):
    """Upload a register: it is checked first, and imported only when staff confirm."""

    template_name = "reports/register_import.html"
    form_class = RegisterUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imports"] = RegisterImport.objects.select_related("uploaded_by")[:20]
        return context

    def form_valid(self, form):
        record = services.register_upload(user=self.request.user, uploaded=form.cleaned_data["file"])
        return redirect(record)


class RegisterImportDetailView(CountyStaffRequiredMixin, DetailView):
    model = RegisterImport
    template_name = "reports/register_import_detail.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["reports/register_import_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = cache.get(services.progress_key(self.object.pk))
        return context


class RegisterImportConfirmView(CountyStaffRequiredMixin, View):
    def post(self, request, pk):
        record = get_object_or_404(RegisterImport, pk=pk)
        try:
            services.register_import_confirm(record=record, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect(record)


class RegisterExportView(CountyStaffRequiredMixin, View):
    """The whole register as a workbook or a zip of CSV files."""

    def get(self, request):
        kind = request.GET.get("format", "xlsx")
        if kind not in ("xlsx", "zip"):
            raise Http404
        name = f"register-{timezone.localtime().strftime('%Y%m%d-%H%M')}.{kind}"
        with tempfile.TemporaryDirectory(prefix="export-") as workdir:
            work = pathlib.Path(workdir)
            if kind == "xlsx":
                built = work / name
                register_export(built)
            else:
                register_export(work / "register")
                built = pathlib.Path(shutil.make_archive(str(work / "register"), "zip", work / "register"))
            download = tempfile.TemporaryFile()  # removed when the response closes it
            with open(built, "rb") as source:
                shutil.copyfileobj(source, download)
        download.seek(0)
        return FileResponse(download, as_attachment=True, filename=name)
