from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization_create"),
    path("organizations/<str:credit_code>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("organizations/<str:credit_code>/edit/", views.OrganizationUpdateView.as_view(), name="organization_update"),
    path("party-orgs/", views.PartyOrgListView.as_view(), name="partyorg_list"),
    path("party-orgs/new/", views.PartyOrgCreateView.as_view(), name="partyorg_create"),
    path("party-orgs/<str:code>/", views.PartyOrgDetailView.as_view(), name="partyorg_detail"),
    path("party-orgs/<str:code>/edit/", views.PartyOrgUpdateView.as_view(), name="partyorg_update"),
    path("party-orgs/<str:code>/activities/new/", views.ActivityCreateView.as_view(), name="activityrecord_create"),
    path("activities/", views.ActivityListView.as_view(), name="activityrecord_list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activityrecord_detail"),
    path("party-orgs/<str:code>/leadership/add/", views.LeadershipMemberAddView.as_view(), name="leadership_add"),
    path("party-orgs/<str:code>/leadership/remove/", views.LeadershipMemberRemoveView.as_view(),
         name="leadership_remove"),
    path("party-org-requests/", views.ChangeRequestListView.as_view(), name="changerequest_list"),
    path("party-org-requests/new/", views.ChangeRequestCreateView.as_view(), name="changerequest_create"),
    path("party-org-requests/<int:pk>/", views.ChangeRequestDetailView.as_view(), name="changerequest_detail"),
    path("party-org-requests/<int:pk>/review/", views.ChangeRequestReviewView.as_view(),
         name="changerequest_review"),
    path("five-goods/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("five-goods/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("five-goods/<int:pk>/edit/", views.AssessmentUpdateView.as_view(), name="assessment_update"),
    path("five-goods/<int:pk>/confirm/", views.AssessmentConfirmView.as_view(), name="assessment_confirm"),
    path("party-orgs/<str:code>/five-goods/new/", views.AssessmentCreateView.as_view(), name="assessment_create"),
    path("demo-sites/", views.DemoSiteListView.as_view(), name="demosite_list"),
    path("party-orgs/<str:code>/demo-site/", views.DemoSiteDesignateView.as_view(), name="demosite_designate"),
    path("party-orgs/<str:code>/demo-site/withdraw/", views.DemoSiteWithdrawView.as_view(),
         name="demosite_withdraw"),
]
