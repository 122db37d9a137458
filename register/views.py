"""The register's pages for county staff: upload (checked, then imported on confirmation) and export."""
import pathlib
import shutil
import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from common.queueing import cache_call
from common.views import CountyStaffRequiredMixin

from . import services
from .exporting import register_export
from .forms import RegisterUploadForm
from .models import ImportStatus
from .selectors import register_imports_for


class RegisterImportView(CountyStaffRequiredMixin, FormView):
    """Upload a register: it is checked first, and imported only when staff confirm."""

    template_name = "register/register_import.html"
    form_class = RegisterUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        services.register_imports_fail_stalled()  # the list says which ones were lost
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

    errors_per_page = 100

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        if record.in_progress and services.register_imports_fail_stalled(
                queryset=type(record).objects.filter(pk=record.pk)):
            record.refresh_from_db()  # its task was lost: the page says so and offers a retry
        return record

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = cache_call("get", services.progress_key(self.object.pk))
        outcome = self.object.result or self.object.checked or {}
        errors = outcome.get("errors") or []
        context["error_total"] = outcome.get("error_total", len(errors))
        # the table lists errors of the register; a failure of the task itself is said above it
        context["errors_located"] = self.object.status != ImportStatus.FAILED or any(e.get("file") for e in errors)
        # get_page: a page number out of range or not a number shows the last or first page
        context["page_obj"] = Paginator(errors, self.errors_per_page).get_page(self.request.GET.get("page"))
        # what confirming writes, summed over the files: the confirmation dialog names it
        counts = (outcome.get("counts") or {}).values()
        context["import_totals"] = {key: sum(int(c.get(key) or 0) for c in counts) for key in ("added", "updated")}
        return context


class RegisterImportActionView(CountyStaffRequiredMixin, View):
    """A button of an import's page: the service acts on the import (or says why it cannot)."""

    action = None  # a service of register.services: action(record=..., user=...)
    done_message = ""

    def post(self, request, pk):
        record = get_object_or_404(register_imports_for(request.user), pk=pk)
        try:
            type(self).action(record=record, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            if self.done_message:
                messages.success(request, self.done_message)
        return redirect(record)


class RegisterImportConfirmView(RegisterImportActionView):
    action = services.register_import_confirm


class RegisterImportRetryView(RegisterImportActionView):
    action = services.register_import_retry


class RegisterImportCancelView(RegisterImportActionView):
    action = services.register_import_cancel
    done_message = gettext_lazy("The import was cancelled; nothing was written.")


class RegisterImportFileView(CountyStaffRequiredMixin, View):
    """The uploaded file of an import, under its original name, for county staff only."""

    def get(self, request, pk):
        record = get_object_or_404(register_imports_for(request.user), pk=pk)
        try:
            handle = record.file.open("rb")
        except (FileNotFoundError, ValueError):  # removed from the disk, or no file at all
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=record.original_name)


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
