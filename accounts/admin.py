from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Role in the portal"), {"fields": ("role", "unit")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Role in the portal"), {"fields": ("role", "unit")}),)
    list_display = ("username", "get_full_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "unit", "is_active", "is_superuser")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    search_fields = ("username", "first_name", "last_name", "email", "unit__name", "unit__code")
