from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="halfyearreport_list"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="halfyearreport_detail"),
    path("register/import/", views.RegisterImportView.as_view(), name="register_import"),
    path("register/import/<int:pk>/", views.RegisterImportDetailView.as_view(), name="register_import_detail"),
    path("register/import/<int:pk>/confirm/", views.RegisterImportConfirmView.as_view(),
         name="register_import_confirm"),
    path("register/export/", views.RegisterExportView.as_view(), name="register_export"),
]
