from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import HalfYearReport, RegisterImport, ReportVersion


class ReportVersionInline(admin.TabularInline):
    """The submitted versions, read-only: they are the record of what the unit sent."""

    model = ReportVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = ("number", "submitted_at", "submitted_by", "work_done", "problems", "next_plans")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HalfYearReport)
class HalfYearReportAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "year", "half", "status", "submitted_at", "reviewed_at")
    list_filter = ("status", "year", "half", "unit")
    list_select_related = ("unit",)
    search_fields = ("unit__name", "unit__code")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("submitted_by", "reviewed_by")
    inlines = (ReportVersionInline,)


@admin.register(RegisterImport)
class RegisterImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "status", "uploaded_by", "uploaded_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("uploaded_by",)
    search_fields = ("original_name", "uploaded_by__username")
    readonly_fields = ("file", "original_name", "status", "uploaded_by", "uploaded_at", "checked", "result",
                      "finished_at")

    def has_add_permission(self, request):
        return False  # registers are uploaded through the import page
