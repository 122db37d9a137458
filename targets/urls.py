from django.urls import path

from .views import dashboard, worklists

app_name = "targets"
urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="home"),
    path("recompute/", dashboard.RecomputeView.as_view(), name="recompute"),
    path("recompute/dismiss/", dashboard.RecomputeDismissView.as_view(), name="recompute_dismiss"),
    # Work lists: each target's failing list. Their addresses are the register pages' they follow
    # up (config/urls.py includes these before members' patterns, so officers/uncovered/ is not an
    # officer's ID).
    path("officers/uncovered/", worklists.UncoveredOrganizationListView.as_view(), name="uncovered_organizations"),
    path("officers/uncovered/accept/", worklists.OfficerSuggestionsAcceptView.as_view(),
         name="officer_suggestions_accept"),
    path("leaders/without-contact-point/", worklists.LeadersWithoutContactListView.as_view(),
         name="leaders_without_contact"),
    path("pipeline-quota/", worklists.PipelineQuotaListView.as_view(), name="pipeline_quota"),
    path("follow-up/transfers/", worklists.TransferDueListView.as_view(), name="follow_up_transfers"),
    path("follow-up/unmanaged/", worklists.UnmanagedListView.as_view(), name="follow_up_unmanaged"),
]
