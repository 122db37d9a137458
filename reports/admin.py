from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import rules
from .models import HalfYearReport, ReminderLog, ReportSettings, ReportStatus, ReportVersion


class ReportVersionInline(admin.TabularInline):
    """The submitted versions, read-only: they are the record of what the unit sent (report_submit
    writes them; nothing else may)."""

    model = ReportVersion
    extra = 0
    can_delete = False
    fields = readonly_fields = ("number", "submitted_at", "submitted_by", "work_done", "problems", "next_plans")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HalfYearReport)
class HalfYearReportAdmin(SimpleHistoryAdmin):
    """View only: a report goes through the report cycle in the portal (reports.services.workflow),
    which freezes its figures when the unit opens it, lets its secretary edit it while it is a
    draft or returned, records each submission as a version and the county's review. Editing its
    status, figures, submission or review here would go around that cycle. An empty draft (no
    text, no attachment, never submitted) may be deleted: its unit opens a new one with the same
    figures."""

    list_display = ("unit", "year", "half", "status", "submitted_at", "reviewed_at")
    list_filter = ("status", "year", "half", "unit")
    list_select_related = ("unit",)
    search_fields = ("unit__name", "unit__code")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("submitted_by", "reviewed_by")
    inlines = (ReportVersionInline,)

    def has_add_permission(self, request):
        return False  # a unit opens its report in the portal (report_open), which freezes its figures

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return (obj is not None and obj.status == ReportStatus.DRAFT
                and not any(getattr(obj, name).strip() for name in rules.NARRATIVE_FIELDS)
                and not obj.attachments.exists() and super().has_delete_permission(request, obj))


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    """One row: admins change the days allowed; it can be neither duplicated nor deleted."""

    list_display = ("__str__", "due_days")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReportSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """The record of reminders sent, read-only."""

    list_display = ("sent_on", "unit", "year", "half", "user")
    list_filter = ("sent_on", "year", "half")
    list_select_related = ("unit", "user")
    search_fields = ("unit__name", "unit__code", "user__username")
    readonly_fields = ("user", "unit", "year", "half", "sent_on")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
