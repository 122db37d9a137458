from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActivityRecord,
    FiveGoodsAssessment,
    LeadershipMember,
    Organization,
    PartyOrg,
    PartyOrgChangeRequest,
    SupervisingUnit,
)
from .services import check_party_org_coverage


@admin.register(SupervisingUnit)
class SupervisingUnitAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("credit_code", "name", "unit", "township", "industry", "employees", "stable", "status",
                    "individual_business")
    list_filter = ("status", "category", "individual_business", "stable", "unit", "township")
    list_select_related = ("unit",)
    search_fields = ("credit_code", "name", "owner_name", "unit__name")
    autocomplete_fields = ("unit",)
    list_per_page = 50


class LeadershipInline(admin.TabularInline):
    model = LeadershipMember
    extra = 0


class FiveGoodsInline(admin.TabularInline):
    model = FiveGoodsAssessment
    extra = 0
    fields = ("year", "leadership", "members", "mechanism", "performance", "mass", "confirmed_at")
    readonly_fields = ("confirmed_at",)


class PartyOrgAdminForm(forms.ModelForm):
    class Meta:
        model = PartyOrg
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("form") and "organizations" in cleaned:
            try:
                check_party_org_coverage(form=cleaned["form"], organizations=cleaned["organizations"])
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


@admin.register(PartyOrg)
class PartyOrgAdmin(SimpleHistoryAdmin):
    form = PartyOrgAdminForm
    list_display = ("code", "name", "level", "form", "unit", "established_on", "revoked_on", "demo_level",
                    "demo_year")
    list_filter = ("level", "form", "demo_level", "unit", "has_venue", "has_facilities", "has_funding")
    list_select_related = ("unit",)
    search_fields = ("code", "name", "unit__name")
    autocomplete_fields = ("unit", "organizations")
    inlines = [LeadershipInline, FiveGoodsInline]


@admin.register(LeadershipMember)
class LeadershipMemberAdmin(SimpleHistoryAdmin):
    list_display = ("name", "role", "owner_family", "party_org")
    list_filter = ("role", "owner_family")
    list_select_related = ("party_org",)
    search_fields = ("name", "party_org__name", "party_org__code")
    autocomplete_fields = ("party_org",)


@admin.register(FiveGoodsAssessment)
class FiveGoodsAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("party_org", "year", "leadership", "members", "mechanism", "performance", "mass",
                    "confirmed_by", "confirmed_at")
    list_filter = ("year", "leadership", "members", "mechanism", "performance", "mass")
    list_select_related = ("party_org", "confirmed_by")
    search_fields = ("party_org__name", "party_org__code")
    autocomplete_fields = ("party_org",)
    raw_id_fields = ("confirmed_by",)


@admin.register(ActivityRecord)
class ActivityRecordAdmin(SimpleHistoryAdmin):
    list_display = ("held_on", "title", "kind", "party_org", "participants")
    list_filter = ("kind",)
    list_select_related = ("party_org",)
    search_fields = ("title", "party_org__name", "party_org__code")
    autocomplete_fields = ("party_org",)
    raw_id_fields = ("created_by",)
    date_hierarchy = "held_on"


@admin.register(PartyOrgChangeRequest)
class PartyOrgChangeRequestAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "status", "unit", "party_org", "proposed_name", "effective_on", "requested_by",
                    "requested_at")
    list_filter = ("kind", "status", "unit")
    list_select_related = ("unit", "party_org", "requested_by")
    search_fields = ("proposed_name", "proposed_code", "party_org__name", "unit__name")
    autocomplete_fields = ("unit", "party_org", "proposed_organizations", "proposed_leading_unit")
    raw_id_fields = ("requested_by", "reviewed_by")
