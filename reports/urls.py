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
    path("<int:pk>/xlsx/", views.ReportXlsxView.as_view(), name="halfyearreport_xlsx"),
    path("<int:pk>/print/", views.ReportPrintView.as_view(), name="halfyearreport_print"),
    path("<int:pk>/attachments/", views.ReportAttachmentAddView.as_view(), name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.ReportAttachmentDownloadView.as_view(),
         name="attachment_download"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove/", views.ReportAttachmentRemoveView.as_view(),
         name="attachment_remove"),
    path("periods/", views.PeriodOverviewLatestView.as_view(), name="period_overview_latest"),
    path("periods/<int:year>/<int:half>/", views.PeriodOverviewView.as_view(), name="period_overview"),
    path("periods/<int:year>/<int:half>/xlsx/", views.PeriodOverviewXlsxView.as_view(), name="period_overview_xlsx"),
]
