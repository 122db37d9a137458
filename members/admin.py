from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CountyLeader, Officer, PartyMember, PipelinePerson, TrainingRecord


@admin.register(PartyMember)
class PartyMemberAdmin(SimpleHistoryAdmin):
    list_display = ("member_id", "name", "gender", "organization", "joined_on", "full_on", "party_org",
                    "managing_unit", "relation_transferred")
    list_filter = ("gender", "relation_transferred", "discovered_via", "managing_unit")
    list_select_related = ("organization", "party_org", "managing_unit")
    search_fields = ("member_id", "name", "organization__name", "organization__credit_code")
    autocomplete_fields = ("organization", "party_org", "managing_unit")
    date_hierarchy = "joined_on"


@admin.register(PipelinePerson)
class PipelinePersonAdmin(SimpleHistoryAdmin):
    list_display = ("person_id", "name", "organization", "stage", "applied_on", "activist_since",
                    "union_or_league_head")
    list_filter = ("stage", "union_or_league_head")
    list_select_related = ("organization",)
    search_fields = ("person_id", "name", "organization__name", "organization__credit_code")
    autocomplete_fields = ("organization",)


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    list_display = ("officer_id", "name", "role", "home_unit", "appointed_on")
    list_filter = ("role", "home_unit")
    search_fields = ("officer_id", "name", "home_unit")
    autocomplete_fields = ("organizations",)


@admin.register(CountyLeader)
class CountyLeaderAdmin(SimpleHistoryAdmin):
    list_display = ("leader_id", "name", "title")
    search_fields = ("leader_id", "name", "title")
    autocomplete_fields = ("contact_points",)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SimpleHistoryAdmin):
    list_display = ("trainee_name", "kind", "year", "held_on", "party_org", "hours")
    list_filter = ("kind", "year")
    list_select_related = ("party_org",)
    search_fields = ("trainee_name", "party_org__name")
    autocomplete_fields = ("party_org", "leadership_member")
    raw_id_fields = ("created_by",)
