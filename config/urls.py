from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from common.health import health

admin.site.site_header = _("County two-new party-building portal")
admin.site.site_title = _("Party-building portal administration")

urlpatterns = [
    path("", include("targets.urls")),
    path("", include("organizations.urls")),
    path("", include("members.urls")),
    path("", include("register.urls")),
    path("reports/", include("reports.urls")),
    path("", include("audit.urls")),
    path("health/", health, name="health"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Uploaded files (MEDIA_ROOT) are never served by a URL pattern, with DEBUG on or off: each is
# downloaded through a view that checks who asks (report attachments, register imports).
