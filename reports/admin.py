from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import HalfYearReport, ReminderLog, ReportSettings, ReportVersion


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
