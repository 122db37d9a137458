from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "register"
urlpatterns = [
    path("register/import/", views.RegisterImportView.as_view(), name="register_import"),
    path("register/import/<int:pk>/", views.RegisterImportDetailView.as_view(), name="register_import_detail"),
    path("register/import/<int:pk>/confirm/", views.RegisterImportConfirmView.as_view(),
         name="register_import_confirm"),
    path("register/import/<int:pk>/retry/", views.RegisterImportRetryView.as_view(), name="register_import_retry"),
    path("register/import/<int:pk>/cancel/", views.RegisterImportCancelView.as_view(), name="register_import_cancel"),
    path("register/import/<int:pk>/file/", views.RegisterImportFileView.as_view(), name="register_import_file"),
    path("register/export/", views.RegisterExportView.as_view(), name="register_export"),
    # Where these pages were while the register lived in the reports app: bookmarks still work.
    path("reports/register/import/", RedirectView.as_view(pattern_name="register:register_import",
                                                          query_string=True, permanent=True),
         name="register_import_moved"),
    path("reports/register/import/<int:pk>/", RedirectView.as_view(pattern_name="register:register_import_detail",
                                                                   permanent=True),
         name="register_import_detail_moved"),
    path("reports/register/export/", RedirectView.as_view(pattern_name="register:register_export",
                                                          query_string=True, permanent=True),
         name="register_export_moved"),
]
