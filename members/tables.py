import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organizations.models import LeadershipMember, Organization, OrgStatus

from .models import CountyLeader, Officer, PartyMember, PipelinePerson, TrainingRecord
from .selectors import transfer_days_overdue


class MemberTable(tables.Table):
    member_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)

    class Meta:
        model = PartyMember
        fields = ("member_id", "name", "gender", "organization", "joined_on", "full_on", "party_org",
                  "relation_transferred", "discovered_via")
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


def contact_point_label(organization) -> str:
    """A contact point by name; a closed one is marked (it does not count for leaders_contact)."""
    if organization.status == OrgStatus.CLOSED:
        return _("%(name)s (closed)") % {"name": organization.name}
    return organization.name


class CountyLeaderTable(tables.Table):
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


class TransferDueTable(tables.Table):
    """Members due to transfer their relationship (members.selectors.members_due_transfer_for), with
    the days since it fell due on AS_OF and the "relationship transferred" action."""

    member_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)
    since = tables.DateColumn(verbose_name=_("six months counted from"))
    days_overdue = tables.Column(verbose_name=_("days overdue"), accessor="since", order_by=("-since",))
    action = tables.TemplateColumn(template_name="members/includes/transfer_action.html", verbose_name=_("action"),
                                   orderable=False, exclude_from_export=True)

    class Meta:
        model = PartyMember
        fields = ("member_id", "name", "organization", "employed_since", "joined_on", "since", "days_overdue",
                  "party_org", "discovered_via", "action")
        order_by = ("since", "member_id")

    def __init__(self, *args, as_of, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of, self.months = as_of, months

    def render_days_overdue(self, value):
        return transfer_days_overdue(value, as_of=self.as_of, months=self.months)

    def value_days_overdue(self, value):
        return self.render_days_overdue(value)


class UnmanagedTable(tables.Table):
    """Members under no management (members.selectors.members_unmanaged_for), with the action that
    assigns a managing unit."""

    member_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)
    action = tables.TemplateColumn(template_name="members/includes/assign_unit_action.html", verbose_name=_("action"),
                                   orderable=False, exclude_from_export=True)

    class Meta:
        model = PartyMember
        fields = ("member_id", "name", "organization", "joined_on", "party_org", "discovered_via", "action")
        order_by = ("member_id",)


class TrainingTable(tables.Table):
    trainee_name = tables.Column(linkify=True)
    party_org = tables.Column(linkify=True)

    class Meta:
        model = TrainingRecord
        fields = ("year", "kind", "trainee_name", "party_org", "leadership_member", "held_on", "hours")
        order_by = ("-year", "trainee_name")


class UntrainedSecretaryTable(tables.Table):
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


class UncoveredSuggestionTable(tables.Table):
    """Uncovered organizations without an officer, each with its suggested officer
    (members.officer_load.Suggestion rows). The "accept" checkbox, ticked by default, posts the
    suggestion's pair; the view leaves it out for users who may not accept."""

    accept = tables.Column(verbose_name=_("accept"), accessor="pair", orderable=False, exclude_from_export=True,
                           empty_values=())
    credit_code = tables.Column(verbose_name=_("unified social credit code"), accessor="organization__credit_code",
                                linkify=lambda record: record.organization.get_absolute_url())
    name = tables.Column(verbose_name=_("name"), accessor="organization__name",
                         linkify=lambda record: record.organization.get_absolute_url())
    township = tables.Column(verbose_name=_("township"), accessor="organization__township")
    unit = tables.Column(verbose_name=_("supervising unit"), accessor="organization__unit", orderable=False)
    employees = tables.Column(verbose_name=_("employees"), accessor="organization__employees")
    officer = tables.Column(verbose_name=_("suggested officer"), accessor="officer", default="", orderable=False)
    officer_load = tables.Column(verbose_name=_("organizations the officer looks after now"),
                                 accessor="officer__load", default="",
                                 orderable=False)
    same_township = tables.BooleanColumn(verbose_name=_("same township"))

    class Meta:
        order_by = ()

    def render_accept(self, value, record):
        if not value:
            return format_html('<span class="text-muted">{}</span>', _("No officer with spare capacity"))
        label = _("Accept: %(officer)s for %(organization)s") % {"officer": record.officer,
                                                                  "organization": record.organization}
        return format_html('<input type="checkbox" class="form-check-input" name="pair" value="{}" checked '
                           'form="accept-suggestions" aria-label="{}" data-testid="accept-pair">', value, label)
