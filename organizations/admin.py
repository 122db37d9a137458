from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from common.admin import RuleCheck, ServiceAdmin, ServiceInline

from . import rules, services
from .models import (
    ActivityRecord,
    FiveGoodsAssessment,
    LeadershipMember,
    Organization,
    PartyOrg,
    PartyOrgChangeRequest,
    RequestStatus,
    SupervisingUnit,
)


@admin.register(SupervisingUnit)
class SupervisingUnitAdmin(ServiceAdmin):
    create_service, update_service, record_argument = services.unit_create, services.unit_update, "unit"
    create_fields = update_fields = services.UNIT_FIELDS
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    create_service, update_service = services.organization_create, services.organization_update
    record_argument = "organization"
    create_fields = update_fields = services.ORGANIZATION_FIELDS
    list_display = ("credit_code", "name", "unit", "township", "industry", "employees", "stable", "status",
                    "individual_business")
    list_filter = ("status", "category", "individual_business", "stable", "unit", "township")
    list_select_related = ("unit",)
    search_fields = ("credit_code", "name", "owner_name", "unit__name")
    autocomplete_fields = ("unit",)
    list_per_page = 50


def assessment_year_checks(record):
    """The year checks of assessment_record / assessment_update (one per party org and year, not a
    year to come): on a new assessment, and on an edit when its year changes."""
    if "year" in record.changed and record.valid("year") and record.get("party_org") is not None:
        yield RuleCheck(services._check_assessment_year, party_org=record.get("party_org"), year=record.get("year"),
                        exclude_pk=record.stored.pk if record.stored is not None else None)


class LeadershipInline(ServiceInline, admin.TabularInline):
    """The team edited as a whole: the family cap is checked on the team as the rows would make
    it (not seat by seat, as leadership_member_add / _update / _remove would, which would judge
    the teams in between), then the rows save as Django saves them and a recompute is asked for."""

    model = LeadershipMember
    extra = 0

    def formset_checks(self, request, formset):
        party_org = formset.instance
        team: dict[int, bool] = {}
        if party_org.pk is not None:
            PartyOrg.objects.select_for_update().filter(pk=party_org.pk).first()  # as the services lock it
            team = dict(party_org.leadership.values_list("pk", "owner_family"))
        new, changes = [], False
        for form in formset.forms:
            deleting = bool(form.cleaned_data.get("DELETE"))
            if not (form.has_changed() or deleting):
                continue
            seat = form.instance.pk
            if seat is None and deleting:
                continue  # a new row marked for deletion is not saved
            changes = True
            if seat is None:
                new.append(bool(form.cleaned_data.get("owner_family")))
            elif deleting:
                team.pop(seat, None)
            else:
                team[seat] = bool(form.cleaned_data.get("owner_family"))
        size = len(team) + len(new)
        if changes and size:
            yield RuleCheck(services.check_family_cap, family=sum(team.values()) + sum(new), size=size)


class FiveGoodsInline(ServiceInline, admin.TabularInline):
    """Rows written through assessment_record / assessment_update (with their year checks; an edit
    of a confirmed assessment un-confirms it), a deleted row followed by a recompute. Shown once
    the party org exists (PartyOrgAdmin.get_inlines): the year rules read the saved party org."""

    model = FiveGoodsAssessment
    extra = 0
    fields = ("year", "leadership", "members", "mechanism", "performance", "mass", "confirmed_at")
    readonly_fields = ("confirmed_at",)
    create_service, update_service = services.assessment_record, services.assessment_update
    record_argument, parent_argument = "assessment", "party_org"

    def service_checks(self, request, record):
        return assessment_year_checks(record)


@admin.register(PartyOrg)
class PartyOrgAdmin(ServiceAdmin):
    create_service, update_service = services.party_org_create, services.party_org_update
    record_argument = "party_org"
    create_fields = update_fields = services.PARTY_ORG_FIELDS
    list_display = ("code", "name", "level", "form", "unit", "established_on", "revoked_on", "demo_level",
                    "demo_year")
    list_filter = ("level", "form", "demo_level", "unit", "has_venue", "has_facilities", "has_funding")
    list_select_related = ("unit",)
    search_fields = ("code", "name", "unit__name")
    autocomplete_fields = ("unit", "organizations")
    inlines = [LeadershipInline, FiveGoodsInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else [LeadershipInline]

    def service_checks(self, request, record):
        # A standalone party org covers one organization, a joint one two or more; and an
        # organization has one standalone party org at a time (the services' checks, shown on the
        # form: the service would refuse the same in save_model).
        if record.valid("form", "organizations"):
            yield RuleCheck(services.check_party_org_coverage, form=record.get("form"),
                            organizations=record.get("organizations"))
        if record.valid("form", "organizations", "established_on", "revoked_on"):
            yield RuleCheck(services.check_standalone_unique, form=record.get("form"),
                            organizations=record.get("organizations"), established_on=record.get("established_on"),
                            revoked_on=record.get("revoked_on"),
                            party_org_pk=record.stored.pk if record.stored is not None else None)


@admin.register(LeadershipMember)
class LeadershipMemberAdmin(ServiceAdmin):
    create_service, update_service = services.leadership_member_add, services.leadership_member_update
    delete_service, record_argument = services.leadership_member_remove, "seat"
    create_fields, update_fields = services.LEADERSHIP_FIELDS, services.LEADERSHIP_UPDATE_FIELDS
    list_display = ("name", "role", "owner_family", "party_org")
    list_filter = ("role", "owner_family")
    list_select_related = ("party_org",)
    search_fields = ("name", "party_org__name", "party_org__code")
    autocomplete_fields = ("party_org",)

    def service_checks(self, request, record):
        # The owner's family may not exceed half of the team as the new or changed seat makes it.
        if record.is_new and record.valid("party_org", "owner_family"):
            yield RuleCheck(services.check_team_family_cap, party_org=record.get("party_org"),
                            owner_family=bool(record.get("owner_family")))
        elif "owner_family" in record.changed:
            yield RuleCheck(services.check_team_family_cap, party_org=record.stored.party_org,
                            owner_family=bool(record.get("owner_family")), seat=record.stored)

    def delete_order(self, queryset):
        # Family seats first: each removal is checked on the team it leaves, and this order never
        # passes through a team over the cap on the way to one within it.
        return sorted(queryset, key=lambda seat: not seat.owner_family)


@admin.register(FiveGoodsAssessment)
class FiveGoodsAssessmentAdmin(ServiceAdmin):
    """Confirmation is county staff's action in the portal (assessment_confirm): read-only here."""

    create_service, update_service = services.assessment_record, services.assessment_update
    record_argument = "assessment"
    create_fields = ("party_org", "year", *services.CRITERIA_FIELDS)
    update_fields = ("year", *services.CRITERIA_FIELDS)
    list_display = ("party_org", "year", "leadership", "members", "mechanism", "performance", "mass",
                    "confirmed_by", "confirmed_at")
    list_filter = ("year", "leadership", "members", "mechanism", "performance", "mass")
    list_select_related = ("party_org", "confirmed_by")
    search_fields = ("party_org__name", "party_org__code")
    autocomplete_fields = ("party_org",)

    def service_checks(self, request, record):
        return assessment_year_checks(record)

    def save_model(self, request, obj, form, change):
        was_confirmed = change and FiveGoodsAssessment.objects.filter(pk=obj.pk, confirmed_at__isnull=False).exists()
        super().save_model(request, obj, form, change)
        if was_confirmed and obj.confirmed_at is None:
            self.message_user(request, rules.MSG_FIVE_GOODS_UNCONFIRMED, messages.WARNING)


@admin.register(ActivityRecord)
class ActivityRecordAdmin(ServiceAdmin):
    create_service, update_service = services.activity_record_create, services.activity_record_update
    record_argument = "record"
    create_fields = update_fields = services.ACTIVITY_UPDATE_FIELDS  # who recorded it: the admin who adds it
    recompute = False  # no target counts activities
    list_display = ("held_on", "title", "kind", "party_org", "participants")
    list_filter = ("kind",)
    list_select_related = ("party_org",)
    search_fields = ("title", "party_org__name", "party_org__code")
    autocomplete_fields = ("party_org",)
    date_hierarchy = "held_on"

    def create_values(self, request):
        return {"created_by": request.user}

    def service_checks(self, request, record):
        # Held no later than today, while the party org existed.
        if ({"held_on", "party_org"} & set(record.changed)) and record.valid("held_on", "party_org"):
            yield RuleCheck(services.check_activity_date, party_org=record.get("party_org"),
                            held_on=record.get("held_on"))


@admin.register(PartyOrgChangeRequest)
class PartyOrgChangeRequestAdmin(SimpleHistoryAdmin):
    """View only. A request is submitted in the portal (change_request_submit checks it against the
    rules its approval will apply) and decided there: approval applies it to the register in the
    same transaction (change_request_approve). Editing its proposal, status or review here would
    go around both. A pending request may be deleted: nothing of it was applied."""

    list_display = ("kind", "status", "unit", "party_org", "proposed_name", "effective_on", "requested_by",
                    "requested_at")
    list_filter = ("kind", "status", "unit")
    list_select_related = ("unit", "party_org", "requested_by")
    search_fields = ("proposed_name", "proposed_code", "party_org__name", "unit__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.status == RequestStatus.PENDING and super().has_delete_permission(request, obj)
