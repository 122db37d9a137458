from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("recompute/", views.RecomputeView.as_view(), name="recompute"),
]
