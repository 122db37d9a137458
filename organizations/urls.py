from django.urls import path

from .views import activities, change_requests, five_goods, organizations, party_orgs

app_name = "organizations"
urlpatterns = [
    path("organizations/", organizations.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/new/", organizations.OrganizationCreateView.as_view(), name="organization_create"),
    path("organizations/<str:credit_code>/", organizations.OrganizationDetailView.as_view(), name="organization_detail"),
    path("organizations/<str:credit_code>/edit/", organizations.OrganizationUpdateView.as_view(), name="organization_update"),
    path("party-orgs/", party_orgs.PartyOrgListView.as_view(), name="partyorg_list"),
    path("party-orgs/new/", party_orgs.PartyOrgCreateView.as_view(), name="partyorg_create"),
    path("party-orgs/<str:code>/", party_orgs.PartyOrgDetailView.as_view(), name="partyorg_detail"),
    path("party-orgs/<str:code>/edit/", party_orgs.PartyOrgUpdateView.as_view(), name="partyorg_update"),
    path("party-orgs/<str:code>/activities/new/", activities.ActivityCreateView.as_view(), name="activityrecord_create"),
    path("activities/", activities.ActivityListView.as_view(), name="activityrecord_list"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activityrecord_detail"),
    path("party-orgs/<str:code>/leadership/add/", party_orgs.LeadershipMemberAddView.as_view(), name="leadership_add"),
    path("party-orgs/<str:code>/leadership/remove/", party_orgs.LeadershipMemberRemoveView.as_view(),
         name="leadership_remove"),
    path("party-org-requests/", change_requests.ChangeRequestListView.as_view(), name="changerequest_list"),
    path("party-org-requests/new/", change_requests.ChangeRequestCreateView.as_view(), name="changerequest_create"),
    path("party-org-requests/<int:pk>/", change_requests.ChangeRequestDetailView.as_view(), name="changerequest_detail"),
    path("party-org-requests/<int:pk>/review/", change_requests.ChangeRequestReviewView.as_view(),
         name="changerequest_review"),
    path("five-goods/", five_goods.AssessmentListView.as_view(), name="assessment_list"),
    path("five-goods/<int:pk>/", five_goods.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("five-goods/<int:pk>/edit/", five_goods.AssessmentUpdateView.as_view(), name="assessment_update"),
    path("five-goods/<int:pk>/confirm/", five_goods.AssessmentConfirmView.as_view(), name="assessment_confirm"),
    path("party-orgs/<str:code>/five-goods/new/", five_goods.AssessmentCreateView.as_view(), name="assessment_create"),
    path("demo-sites/", five_goods.DemoSiteListView.as_view(), name="demosite_list"),
    path("party-orgs/<str:code>/demo-site/", five_goods.DemoSiteDesignateView.as_view(), name="demosite_designate"),
    path("party-orgs/<str:code>/demo-site/withdraw/", five_goods.DemoSiteWithdrawView.as_view(),
         name="demosite_withdraw"),
]
