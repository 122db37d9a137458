from django.contrib import admin

from .models import ImportStatus, RegisterImport


@admin.register(RegisterImport)
class RegisterImportAdmin(admin.ModelAdmin):
    """View only: an import is uploaded, checked and confirmed on the import page, and its status,
    check and result are written by the import task; editing them here would go around it. An
    import that never wrote the register (refused by its check, or checked and not confirmed) may
    be deleted; one in progress or done is the record of who imported what."""

    list_display = ("original_name", "status", "uploaded_by", "uploaded_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("uploaded_by",)
    search_fields = ("original_name", "uploaded_by__username")
    readonly_fields = ("file", "original_name", "status", "uploaded_by", "uploaded_at", "checked", "result",
                       "finished_at")

    def has_add_permission(self, request):
        return False  # registers are uploaded through the import page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return (obj is not None and obj.status in (ImportStatus.INVALID, ImportStatus.CHECKED)
                and super().has_delete_permission(request, obj))
