from django.contrib import admin

from .models import RegisterImport


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
