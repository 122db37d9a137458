from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
    exclude = ("file",)  # its storage path is no address: "download" links the scoped view
    readonly_fields = ("download", "original_name", "status", "uploaded_by", "uploaded_at", "queued_at", "checked",
                       "result", "finished_at")

    @admin.display(description=_("file"))
    def download(self, obj):
        # the stored file has no public address: it is downloaded through the scoped view
        return format_html('<a href="{}">{}</a>', obj.get_file_url(), obj.original_name) if obj.file else "-"

    def has_add_permission(self, request):
        return False  # registers are uploaded through the import page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return (obj is not None and obj.status in (ImportStatus.INVALID, ImportStatus.CHECKED, ImportStatus.CANCELLED)
                and super().has_delete_permission(request, obj))
