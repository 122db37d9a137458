from django.contrib import admin

from common.admin import RuleCheck, ServiceAdmin

from . import services
from .models import CountyLeader, Officer, PartyMember, PipelinePerson, TrainingRecord


@admin.register(PartyMember)
class PartyMemberAdmin(ServiceAdmin):
    create_service, update_service, record_argument = services.member_create, services.member_update, "member"
    create_fields = update_fields = services.MEMBER_FIELDS
    list_display = ("member_id", "name", "gender", "organization", "joined_on", "full_on", "party_org",
                    "managing_unit", "relation_transferred", "relation_transferred_on")
    list_filter = ("gender", "relation_transferred", "discovered_via", "managing_unit")
    list_select_related = ("organization", "party_org", "managing_unit")
    search_fields = ("member_id", "name", "organization__name", "organization__credit_code")
    autocomplete_fields = ("organization", "party_org", "managing_unit")
    date_hierarchy = "joined_on"


@admin.register(PipelinePerson)
class PipelinePersonAdmin(ServiceAdmin):
    create_service, update_service = services.pipeline_person_create, services.pipeline_person_update
    record_argument = "person"
    create_fields = update_fields = services.PIPELINE_FIELDS
    list_display = ("person_id", "name", "organization", "stage", "applied_on", "activist_since",
                    "union_or_league_head")
    list_filter = ("stage", "union_or_league_head")
    list_select_related = ("organization",)
    search_fields = ("person_id", "name", "organization__name", "organization__credit_code")
    autocomplete_fields = ("organization",)

    def service_checks(self, request, record):
        # A pipeline person's ID may not be a party member's (a new one, or a changed one).
        if "person_id" in record.changed and record.valid("person_id"):
            yield RuleCheck(services.check_person_id_free, person_id=record.get("person_id"), field="person_id")


@admin.register(Officer)
class OfficerAdmin(ServiceAdmin):
    create_service, update_service, record_argument = services.officer_create, services.officer_update, "officer"
    create_fields = update_fields = services.OFFICER_FIELDS
    list_display = ("officer_id", "name", "role", "home_unit", "appointed_on")
    list_filter = ("role", "home_unit")
    search_fields = ("officer_id", "name", "home_unit")
    autocomplete_fields = ("organizations",)


@admin.register(CountyLeader)
class CountyLeaderAdmin(ServiceAdmin):
    create_service, update_service = services.county_leader_create, services.county_leader_update
    record_argument = "leader"
    create_fields = update_fields = services.LEADER_FIELDS
    list_display = ("leader_id", "name", "title")
    search_fields = ("leader_id", "name", "title")
    autocomplete_fields = ("contact_points",)


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ServiceAdmin):
    create_service, update_service = services.training_record_create, services.training_record_update
    record_argument = "record"
    create_fields = update_fields = services.TRAINING_UPDATE_FIELDS  # who recorded it: the admin who adds it
    recompute = False  # no target counts training records
    list_display = ("trainee_name", "kind", "year", "held_on", "party_org", "hours")
    list_filter = ("kind", "year")
    list_select_related = ("party_org",)
    search_fields = ("trainee_name", "party_org__name")
    autocomplete_fields = ("party_org", "leadership_member")

    def create_values(self, request):
        return {"created_by": request.user}

    def service_checks(self, request, record):
        # The rules of training_record_create, on the record as it would be saved.
        names = services.TRAINING_RULE_FIELDS
        if set(names) & set(record.changed) and record.valid(*names):
            seat = record.get("leadership_member")
            yield RuleCheck(services.check_training_record, year=record.get("year"), leadership_member=seat,
                            party_org=services.training_party_org(party_org=record.get("party_org"),
                                                                  leadership_member=seat),
                            held_on=record.get("held_on"), created_by=record.get("created_by"))
