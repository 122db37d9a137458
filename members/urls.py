from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("members/", views.MemberListView.as_view(), name="partymember_list"),
    path("member-transfers/", views.MemberTransferListView.as_view(), name="member_transfers"),
    path("members/new/", views.MemberCreateView.as_view(), name="partymember_create"),
    path("members/<str:member_id>/", views.MemberDetailView.as_view(), name="partymember_detail"),
    path("members/<str:member_id>/edit/", views.MemberUpdateView.as_view(), name="partymember_update"),
    path("pipeline/", views.PipelineListView.as_view(), name="pipelineperson_list"),
    path("pipeline/new/", views.PipelineCreateView.as_view(), name="pipelineperson_create"),
    path("pipeline/<str:person_id>/", views.PipelineDetailView.as_view(), name="pipelineperson_detail"),
    path("pipeline/<str:person_id>/edit/", views.PipelineUpdateView.as_view(), name="pipelineperson_update"),
    path("officers/", views.OfficerListView.as_view(), name="officer_list"),
    path("officers/new/", views.OfficerCreateView.as_view(), name="officer_create"),
    path("officers/<str:officer_id>/", views.OfficerDetailView.as_view(), name="officer_detail"),
    path("officers/<str:officer_id>/assign/", views.OfficerAssignView.as_view(), name="officer_assign"),
    path("officers/<str:officer_id>/edit/", views.OfficerUpdateView.as_view(), name="officer_update"),
    path("leaders/", views.CountyLeaderListView.as_view(), name="countyleader_list"),
    path("leaders/new/", views.CountyLeaderCreateView.as_view(), name="countyleader_create"),
    path("leaders/<str:leader_id>/", views.CountyLeaderDetailView.as_view(), name="countyleader_detail"),
    path("leaders/<str:leader_id>/edit/", views.CountyLeaderUpdateView.as_view(), name="countyleader_update"),
    path("pipeline/<str:person_id>/step/", views.PipelineStepView.as_view(), name="pipelineperson_step"),
    path("members/<str:member_id>/full/", views.MemberFullView.as_view(), name="partymember_full"),
    path("members/<str:member_id>/relation-transferred/", views.MemberRelationTransferredView.as_view(),
         name="partymember_relation_transferred"),
    path("members/<str:member_id>/managing-unit/", views.MemberAssignUnitView.as_view(),
         name="partymember_assign_unit"),
    path("trainings/", views.TrainingListView.as_view(), name="trainingrecord_list"),
    path("trainings/new/", views.TrainingCreateView.as_view(), name="trainingrecord_create"),
    path("trainings/<int:pk>/", views.TrainingDetailView.as_view(), name="trainingrecord_detail"),
    path("trainings/secretaries-without-training/", views.SecretaryTrainingDueListView.as_view(),
         name="secretaries_untrained"),
]
