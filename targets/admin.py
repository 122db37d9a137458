from django.contrib import admin

from common.admin import RegisterAdmin

from .models import Plan, PlanTarget, Snapshot, SnapshotScope


@admin.register(Plan)
class PlanAdmin(RegisterAdmin):
    """The plan's start and baseline are read by the figures: a save or delete asks for a recompute."""

    list_display = ("name", "starts_on")


@admin.register(PlanTarget)
class PlanTargetAdmin(RegisterAdmin):
    """Validated by PlanTarget.clean (the registry), on the change form and on the changelist's
    list_editable rows alike (RegisterAdmin's changelist form shows its errors for the fields the
    row lacks on the row); a save or delete asks for a recompute."""

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
