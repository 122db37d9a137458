from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from common.export import rows_xlsx_response
from common.views import (
    CountyStaffRequiredMixin,
    DetailActionMixin,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    add_service_errors,
)

from . import rules
from .filters import ReportFilter
from .forms import (
    ReportAttachmentForm,
    ReportNarrativeForm,
    ReportOpenForm,
    ReportReviewForm,
    ReportSubmitForm,
)
from .models import Half, HalfYearReport, ReportStatus
from .selectors import (
    SUMMARY_COLUMNS,
    period_overview,
    period_overview_sheet,
    report_sheet,
    reports_for,
    target_rows,
)
from .services import attachments, workflow
from .tables import ReportTable

PICKER_PERIODS = 6  # ended half-years offered by the overview's period picker


class ReportListView(ScopedListView):
    model = HalfYearReport
    selector = reports_for
    table_class = ReportTable
    filterset_class = ReportFilter
    create_url_name = "reports:halfyearreport_open"  # shown to unit secretaries only


class ReportDetailView(ScopedDetailView):
    model = HalfYearReport
    selector = reports_for
    template_name = "reports/report_detail.html"
    detail_fields = ("unit", "year", "half", "status", "submitted_at", "submitted_by", "reviewed_at",
                     "reviewed_by", "review_comment")
    edit_url_name = "reports:halfyearreport_update"

    def get_queryset(self):
        return super().get_queryset().select_related("submitted_by", "reviewed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        editable = report.status in rules.EDITABLE
        if not editable:  # a submitted or accepted report is read-only
            context["edit_url"] = ""
        context["figure_rows"] = rules.figure_rows(report.figures)
        context["target_rows"] = target_rows(report.figures)
        context["versions"] = report.versions.select_related("submitted_by")
        context["can_submit"] = editable and user.is_unit_secretary and user.unit_id == report.unit_id
        context["can_review"] = report.status == ReportStatus.SUBMITTED and user.sees_whole_county
        context.setdefault("submit_form", ReportSubmitForm())
        context.setdefault("review_form", ReportReviewForm())
        context["attachments"] = report.attachments.select_related("uploaded_by")
        context["can_attach"] = context["can_submit"]  # the unit's secretary, while draft or returned
        context.setdefault("attachment_form", ReportAttachmentForm())
        return context


class SecretaryRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Pages for a unit secretary only; staff get 403 (they comment, they do not write the report)."""

    @classmethod
    def permits(cls, user) -> bool:
        return bool(user.is_authenticated and user.is_unit_secretary)

    def test_func(self):
        return self.permits(self.request.user)


class ReportOpenView(SecretaryRequiredMixin, FormView):
    """A secretary chooses an ended half-year and lands on their unit's report for it."""

    template_name = "common/form.html"
    form_class = ReportOpenForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "periods": rules.ended_periods(timezone.localdate())}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Open a half-yearly report")
        return context

    def form_valid(self, form):
        year, half = form.cleaned_data["period"]
        try:
            report = workflow.report_open(unit=self.request.user.unit, year=year, half=half, user=self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(report)


class ReportUpdateView(SecretaryRequiredMixin, ScopedUpdateView):
    """The unit's secretary edits the narrative of a draft or returned report."""

    model = HalfYearReport
    selector = reports_for
    form_class = ReportNarrativeForm

    def call_service(self, data):
        return workflow.report_update(report=self.object, user=self.request.user, **data)


class ReportSubmitView(DetailActionMixin, ReportDetailView):
    form_class = ReportSubmitForm
    form_context_name = "submit_form"

    def perform(self, form):
        report = workflow.report_submit(report=self.object, user=self.request.user)
        return report.get_absolute_url(), _("The report was submitted.")


class ReportReturnView(DetailActionMixin, ReportDetailView):
    form_class = ReportReviewForm
    form_context_name = "review_form"

    def perform(self, form):
        report = workflow.report_return(report=self.object, user=self.request.user,
                                        comment=form.cleaned_data["comment"])
        return report.get_absolute_url(), _("The report was returned to the unit.")


class ReportAcceptView(DetailActionMixin, ReportDetailView):
    form_class = ReportReviewForm
    form_context_name = "review_form"

    def perform(self, form):
        report = workflow.report_accept(report=self.object, user=self.request.user,
                                        comment=form.cleaned_data["comment"])
        return report.get_absolute_url(), _("The report was accepted.")


class ReportAttachmentAddView(DetailActionMixin, ReportDetailView):
    form_class = ReportAttachmentForm
    form_context_name = "attachment_form"

    def get_form_kwargs(self):
        return {"data": self.request.POST, "files": self.request.FILES}

    def perform(self, form):
        attachment = attachments.report_attachment_add(report=self.object, user=self.request.user,
                                                    uploaded=form.cleaned_data["file"])
        return self.object.get_absolute_url(), _("“%(name)s” was attached.") % {"name": attachment.original_name}


def _scoped_attachment(request, pk, attachment_pk):
    """An attachment of a report the user may see; anything else is a 404."""
    report = get_object_or_404(reports_for(request.user), pk=pk)
    return get_object_or_404(report.attachments.select_related("report"), pk=attachment_pk)


class ReportAttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk, attachment_pk):
        attachment = _scoped_attachment(request, pk, attachment_pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)


class ReportAttachmentRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk, attachment_pk):
        attachment = _scoped_attachment(request, pk, attachment_pk)
        try:
            attachments.report_attachment_remove(attachment=attachment, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.original_name})
        return redirect(attachment.report)


# -- county overview of a period, exports and print ---------------------------------------
def _checked_period(kwargs) -> tuple[int, int]:
    year, half = kwargs["year"], kwargs["half"]
    if half not in Half.values or not 1900 < year < 3000:
        raise Http404
    return year, half


class PeriodOverviewLatestView(CountyStaffRequiredMixin, View):
    """The overview of the latest ended half-year."""

    def get(self, request):
        year, half = rules.ended_periods(timezone.localdate(), count=1)[0]
        return redirect("reports:period_overview", year=year, half=half)


class PeriodOverviewView(CountyStaffRequiredMixin, TemplateView):
    template_name = "reports/period_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, half = _checked_period(self.kwargs)
        context["overview"] = period_overview(year=year, half=half, today=timezone.localdate())
        context["summary_columns"] = SUMMARY_COLUMNS
        context["periods"] = rules.ended_periods(timezone.localdate(), count=PICKER_PERIODS)
        context["title"] = _("Reports of %(year)s %(half)s") % {"year": year, "half": Half(half).label}
        return context


class PeriodOverviewXlsxView(CountyStaffRequiredMixin, View):
    def get(self, request, year, half):
        year, half = _checked_period(self.kwargs)
        overview = period_overview(year=year, half=half, today=timezone.localdate())
        return rows_xlsx_response([(_("Reports %(year)s-%(half)s") % {"year": year, "half": half},
                                    period_overview_sheet(overview))],
                                  filename=f"reports-{year}-{half}.xlsx")


class ReportXlsxView(ScopedDetailView):
    """One report as a workbook; a report the user may not see is a 404."""

    model = HalfYearReport
    selector = reports_for

    def render_to_response(self, context, **response_kwargs):
        report = self.object
        return rows_xlsx_response([(f"{report.unit.code} {report.year}-{report.half}", report_sheet(report))],
                                  filename=f"report-{report.unit.code}-{report.year}-{report.half}.xlsx")


class ReportPrintView(ScopedDetailView):
    """A report on a page of its own, without navigation, for printing."""

    model = HalfYearReport
    selector = reports_for
    template_name = "reports/report_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figure_rows"] = rules.figure_rows(self.object.figures)
        context["target_rows"] = target_rows(self.object.figures)
        return context
