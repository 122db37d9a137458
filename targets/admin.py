from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan, PlanTarget, Snapshot, SnapshotScope


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("name", "starts_on")


@admin.register(PlanTarget)
class PlanTargetAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "target", "deadline", "position")
    list_editable = ("target", "deadline")
    list_filter = ("kind", "deadline")
    search_fields = ("code", "name")


class SnapshotScopeInline(admin.TabularInline):
    model = SnapshotScope
    fields = ("kind", "key")
    readonly_fields = ("kind", "key")
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ("as_of", "computed_at", "frozen")
    list_filter = ("frozen",)
    date_hierarchy = "as_of"
    readonly_fields = ("as_of", "computed_at", "frozen")
    inlines = [SnapshotScopeInline]

    def has_add_permission(self, request):
        return False  # snapshots come from the compliance task only
