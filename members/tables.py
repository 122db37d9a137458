import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

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


KEY_CANDIDATE_BADGE = '<span class="badge text-bg-warning" data-testid="key-candidate">{}</span>'


class PipelineTable(tables.Table):
    person_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)
    union_or_league_head = tables.Column(verbose_name=_("key candidate"))

    def render_union_or_league_head(self, value):
        return format_html(KEY_CANDIDATE_BADGE, _("Key candidate")) if value else ""

    def value_union_or_league_head(self, value):
        return value

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


class PipelineQuotaTable(tables.Table):
    """An organization's pipeline against its activist quota (annotated by selectors.pipeline_quota_for)."""

    credit_code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    activists = tables.Column(verbose_name=_("activists"))
    quota = tables.Column(verbose_name=_("activist quota"))
    quota_met = tables.BooleanColumn(verbose_name=_("quota met"))
    key_candidates = tables.Column(verbose_name=_("key candidates"))

    class Meta:
        model = Organization
        fields = ("credit_code", "name", "unit", "employees", "activists", "quota", "quota_met", "key_candidates")
        order_by = ("credit_code",)

    def render_activists(self, value, record):
        url = reverse("members:pipelineperson_list")
        return format_html('<a href="{}?q={}">{}</a>', url, record.credit_code, value)

    def value_activists(self, value):
        return value
