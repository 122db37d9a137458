from django.conf import settings
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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
