from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/<str:credit_code>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("party-orgs/", views.PartyOrgListView.as_view(), name="partyorg_list"),
    path("party-orgs/<str:code>/", views.PartyOrgDetailView.as_view(), name="partyorg_detail"),
]
