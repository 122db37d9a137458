import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Organization, PartyOrg, PartyOrgChangeRequest


class OrganizationTable(tables.Table):
    credit_code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta:
        model = Organization
        fields = ("credit_code", "name", "unit", "township", "industry", "employees", "stable", "status")
        order_by = ("credit_code",)


class PartyOrgTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta:
        model = PartyOrg
        fields = ("code", "name", "level", "form", "unit", "established_on", "revoked_on")
        order_by = ("code",)


class ChangeRequestTable(tables.Table):
    id = tables.Column(verbose_name="#", linkify=("organizations:changerequest_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(linkify=("organizations:changerequest_detail", {"pk": tables.A("pk")}))
    subject = tables.Column(verbose_name=_("Party organization"), accessor="pk", orderable=False)

    def render_subject(self, record):
        return record.party_org.name if record.party_org_id else record.proposed_name

    class Meta:
        model = PartyOrgChangeRequest
        fields = ("id", "kind", "subject", "unit", "effective_on", "status", "requested_by", "requested_at")
        order_by = ("-requested_at",)
