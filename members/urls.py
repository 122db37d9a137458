from django.urls import path

from .views import leaders, officers, party_members, pipeline, training

app_name = "members"
urlpatterns = [
    path("members/", party_members.MemberListView.as_view(), name="partymember_list"),
    path("member-transfers/", party_members.MemberTransferListView.as_view(), name="member_transfers"),
    path("members/new/", party_members.MemberCreateView.as_view(), name="partymember_create"),
    path("members/<str:member_id>/", party_members.MemberDetailView.as_view(), name="partymember_detail"),
    path("members/<str:member_id>/edit/", party_members.MemberUpdateView.as_view(), name="partymember_update"),
    path("pipeline/", pipeline.PipelineListView.as_view(), name="pipelineperson_list"),
    path("pipeline/new/", pipeline.PipelineCreateView.as_view(), name="pipelineperson_create"),
    path("pipeline/<str:person_id>/", pipeline.PipelineDetailView.as_view(), name="pipelineperson_detail"),
    path("pipeline/<str:person_id>/edit/", pipeline.PipelineUpdateView.as_view(), name="pipelineperson_update"),
    path("officers/", officers.OfficerListView.as_view(), name="officer_list"),
    path("officers/new/", officers.OfficerCreateView.as_view(), name="officer_create"),
    path("officers/<str:officer_id>/", officers.OfficerDetailView.as_view(), name="officer_detail"),
    path("officers/<str:officer_id>/assign/", officers.OfficerAssignView.as_view(), name="officer_assign"),
    path("officers/<str:officer_id>/edit/", officers.OfficerUpdateView.as_view(), name="officer_update"),
    path("leaders/", leaders.CountyLeaderListView.as_view(), name="countyleader_list"),
    path("leaders/new/", leaders.CountyLeaderCreateView.as_view(), name="countyleader_create"),
    path("leaders/<str:leader_id>/", leaders.CountyLeaderDetailView.as_view(), name="countyleader_detail"),
    path("leaders/<str:leader_id>/edit/", leaders.CountyLeaderUpdateView.as_view(), name="countyleader_update"),
    path("pipeline/<str:person_id>/step/", pipeline.PipelineStepView.as_view(), name="pipelineperson_step"),
    path("members/<str:member_id>/full/", party_members.MemberFullView.as_view(), name="partymember_full"),
    path("members/<str:member_id>/relation-transferred/", party_members.MemberRelationTransferredView.as_view(),
         name="partymember_relation_transferred"),
    path("members/<str:member_id>/managing-unit/", party_members.MemberAssignUnitView.as_view(),
         name="partymember_assign_unit"),
    path("trainings/", training.TrainingListView.as_view(), name="trainingrecord_list"),
    path("trainings/new/", training.TrainingCreateView.as_view(), name="trainingrecord_create"),
    path("trainings/<int:pk>/", training.TrainingDetailView.as_view(), name="trainingrecord_detail"),
    path("trainings/secretaries-without-training/", training.SecretaryTrainingDueListView.as_view(),
         name="secretaries_untrained"),
]
