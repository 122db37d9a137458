import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import CountyLeader, Officer, PartyMember, PipelinePerson


class MemberTable(tables.Table):
    member_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)

    class Meta:
        model = PartyMember
        fields = ("member_id", "name", "gender", "organization", "joined_on", "full_on", "party_org",
                  "relation_transferred")
        order_by = ("member_id",)


class PipelineTable(tables.Table):
    person_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)

    class Meta:
        model = PipelinePerson
        fields = ("person_id", "name", "organization", "stage", "applied_on", "activist_since",
                  "union_or_league_head")
        order_by = ("person_id",)


class OfficerTable(tables.Table):
    officer_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization_count = tables.Column(verbose_name=_("organizations looked after"), orderable=True)

    class Meta:
        model = Officer
        fields = ("officer_id", "name", "role", "home_unit", "appointed_on", "organization_count")
        order_by = ("officer_id",)


class CountyLeaderTable(tables.Table):
    leader_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    contact_point_count = tables.Column(verbose_name=_("contact points"), orderable=True)

    class Meta:
        model = CountyLeader
        fields = ("leader_id", "name", "title", "contact_point_count")
        order_by = ("leader_id",)
