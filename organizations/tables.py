import django_tables2 as tables

from .models import Organization, PartyOrg


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
