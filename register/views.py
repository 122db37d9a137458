"""The register's pages for county staff: upload (checked, then imported on confirmation) and export."""
import pathlib
import shutil
import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView

from common.queueing import cache_call
from common.views import CountyStaffRequiredMixin

from . import services
from .exporting import register_export
from .forms import RegisterUploadForm
from .selectors import register_imports_for


class RegisterImportView(CountyStaffRequiredMixin, FormView):
    """Upload a register: it is checked first, and imported only when staff confirm."""

    template_name = "register/register_import.html"
    form_class = RegisterUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imports"] = register_imports_for(self.request.user)[:20]
        return context

    def form_valid(self, form):
        record = services.register_upload(user=self.request.user, uploaded=form.cleaned_data["file"])
        return redirect(record)


class RegisterImportDetailView(CountyStaffRequiredMixin, DetailView):
    template_name = "register/register_import_detail.html"

    def get_queryset(self):
        return register_imports_for(self.request.user)

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["register/register_import_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = cache_call("get", services.progress_key(self.object.pk))
        return context


class RegisterImportConfirmView(CountyStaffRequiredMixin, View):
    def post(self, request, pk):
        record = get_object_or_404(register_imports_for(request.user), pk=pk)
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
