from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="halfyearreport_list"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="halfyearreport_detail"),
    path("open/", views.ReportOpenView.as_view(), name="halfyearreport_open"),
    path("<int:pk>/edit/", views.ReportUpdateView.as_view(), name="halfyearreport_update"),
    path("<int:pk>/submit/", views.ReportSubmitView.as_view(), name="halfyearreport_submit"),
    path("<int:pk>/return/", views.ReportReturnView.as_view(), name="halfyearreport_return"),
    path("<int:pk>/accept/", views.ReportAcceptView.as_view(), name="halfyearreport_accept"),
    path("register/import/", views.RegisterImportView.as_view(), name="register_import"),
    path("register/import/<int:pk>/", views.RegisterImportDetailView.as_view(), name="register_import_detail"),
    path("register/import/<int:pk>/confirm/", views.RegisterImportConfirmView.as_view(),
         name="register_import_confirm"),
    path("register/export/", views.RegisterExportView.as_view(), name="register_export"),
]
