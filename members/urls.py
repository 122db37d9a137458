from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("members/", views.MemberListView.as_view(), name="partymember_list"),
    path("members/<str:member_id>/", views.MemberDetailView.as_view(), name="partymember_detail"),
    path("pipeline/", views.PipelineListView.as_view(), name="pipelineperson_list"),
    path("pipeline/<str:person_id>/", views.PipelineDetailView.as_view(), name="pipelineperson_detail"),
    path("officers/", views.OfficerListView.as_view(), name="officer_list"),
    path("officers/<str:officer_id>/", views.OfficerDetailView.as_view(), name="officer_detail"),
    path("leaders/", views.CountyLeaderListView.as_view(), name="countyleader_list"),
    path("leaders/<str:leader_id>/", views.CountyLeaderDetailView.as_view(), name="countyleader_detail"),
]
