import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from common.tables import Table

from .models import ActivityRecord, FiveGoodsAssessment, Organization, PartyOrg, PartyOrgChangeRequest


class OrganizationTable(Table):
    credit_code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta:
        model = Organization
        fields = ("credit_code", "name", "unit", "township", "industry", "employees", "stable", "status")
        order_by = ("credit_code",)


class PartyOrgTable(Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta:
        model = PartyOrg
        fields = ("code", "name", "level", "form", "unit", "established_on", "revoked_on")
        order_by = ("code",)


class ChangeRequestTable(Table):
    id = tables.Column(verbose_name="#", linkify=("organizations:changerequest_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(linkify=("organizations:changerequest_detail", {"pk": tables.A("pk")}))
    subject = tables.Column(verbose_name=_("Party organization"), accessor="pk", orderable=False)

    def render_subject(self, record):
        return record.party_org.name if record.party_org_id else record.proposed_name

    class Meta:
        model = PartyOrgChangeRequest
        fields = ("id", "kind", "subject", "unit", "effective_on", "status", "requested_by", "requested_at")
        order_by = ("-requested_at",)


class AssessmentTable(Table):
    party_org = tables.Column(linkify=True, order_by=("party_org__name",))
    party_org_code = tables.Column(verbose_name=_("code"), accessor="party_org__code")
    unit = tables.Column(verbose_name=_("leading unit"), accessor="party_org__unit")
    year = tables.Column(linkify=lambda record: record.get_absolute_url())
    all_good = tables.BooleanColumn(verbose_name=_("All five good"), accessor="all_good", orderable=False)

    class Meta:
        model = FiveGoodsAssessment
        fields = ("party_org", "party_org_code", "unit", "year", "leadership", "members", "mechanism",
                  "performance", "mass", "all_good", "confirmed_by", "confirmed_at")
        order_by = ("-year", "party_org_code")


class DemoSiteTable(Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta:
        model = PartyOrg
        fields = ("code", "name", "demo_level", "demo_year", "level", "unit", "established_on", "revoked_on")
        order_by = ("-demo_year", "code")


class ActivityTable(Table):
    title = tables.Column(linkify=True)
    party_org = tables.Column(linkify=True)
    unit = tables.Column(verbose_name=_("leading unit"), accessor="party_org__unit")

    class Meta:
        model = ActivityRecord
        fields = ("held_on", "kind", "title", "party_org", "unit", "participants")
        order_by = ("-held_on",)
