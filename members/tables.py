import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.tables import Table
from organizations.models import LeadershipMember, OrgStatus

from .models import CountyLeader, Officer, PartyMember, PipelinePerson, TrainingRecord


class MemberTable(Table):
    member_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)

    class Meta:
        model = PartyMember
        fields = ("member_id", "name", "gender", "organization", "joined_on", "full_on", "party_org",
                  "relation_transferred", "relation_transferred_on", "discovered_via")
        order_by = ("member_id",)


KEY_CANDIDATE_BADGE = '<span class="badge text-bg-warning" data-testid="key-candidate">{}</span>'


class PipelineTable(Table):
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


class OfficerTable(Table):
    officer_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization_count = tables.Column(verbose_name=_("organizations looked after"), orderable=True)

    class Meta:
        model = Officer
        fields = ("officer_id", "name", "role", "home_unit", "appointed_on", "organization_count")
        order_by = ("officer_id",)


def contact_point_label(organization) -> str:
    """A contact point by name; a closed one is marked (it does not count for leaders_contact)."""
    if organization.status == OrgStatus.CLOSED:
        return _("%(name)s (closed)") % {"name": organization.name}
    return organization.name


class CountyLeaderTable(Table):
    """County leaders with their contact points (the selector prefetches them: one query for the page)."""

    leader_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    contact_points = tables.ManyToManyColumn(transform=contact_point_label, linkify_item=True, separator="、",
                                             orderable=False)
    contact_point_count = tables.Column(verbose_name=_("number of contact points"), orderable=True)

    class Meta:
        model = CountyLeader
        fields = ("leader_id", "name", "title", "contact_points", "contact_point_count")
        order_by = ("leader_id",)

    def value_contact_points(self, value):
        return "、".join(contact_point_label(organization) for organization in value.all())


class TrainingTable(Table):
    trainee_name = tables.Column(linkify=True)
    party_org = tables.Column(linkify=True)

    class Meta:
        model = TrainingRecord
        fields = ("year", "kind", "trainee_name", "party_org", "leadership_member", "held_on", "hours")
        order_by = ("-year", "trainee_name")


class UntrainedSecretaryTable(Table):
    """Secretaries with no pre-appointment training record, each with a link to record it."""

    name = tables.Column(verbose_name=_("secretary"))
    party_org = tables.Column(linkify=True)
    unit = tables.Column(verbose_name=_("leading unit"), accessor="party_org__unit")
    record = tables.Column(verbose_name=_("action"), accessor="pk", orderable=False, exclude_from_export=True)

    class Meta:
        model = LeadershipMember
        fields = ("name", "party_org", "unit", "record")
        order_by = ("party_org", "name")

    def render_record(self, value):
        url = reverse("members:trainingrecord_create")
        return format_html('<a class="btn btn-outline-primary btn-sm" href="{}?seat={}">{}</a>', url, value,
                           _("Record pre-appointment training"))
