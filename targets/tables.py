"""The tables of the work lists: each row of a target's failing list with what acting on it needs."""
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.tables import Table
from members.models import PartyMember
from organizations.models import Organization

from .selectors import transfer_days_overdue


class PipelineQuotaTable(Table):
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


class TransferDueTable(Table):
    """Members due to transfer their relationship (targets.selectors.members_due_transfer_for), with
    the days since it fell due on AS_OF and the "relationship transferred" action."""

    member_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)
    since = tables.DateColumn(verbose_name=_("six months counted from"))
    days_overdue = tables.Column(verbose_name=_("days overdue"), accessor="since", order_by=("-since",))
    action = tables.TemplateColumn(template_name="targets/includes/transfer_action.html", verbose_name=_("action"),
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


class UnmanagedTable(Table):
    """Members under no management (targets.selectors.members_unmanaged_for), with the action that
    assigns a managing unit."""

    member_id = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)
    action = tables.TemplateColumn(template_name="targets/includes/assign_unit_action.html", verbose_name=_("action"),
                                   orderable=False, exclude_from_export=True)

    class Meta:
        model = PartyMember
        fields = ("member_id", "name", "organization", "joined_on", "party_org", "discovered_via", "action")
        order_by = ("member_id",)


class UncoveredSuggestionTable(Table):
    """Uncovered organizations without an officer, each with its suggested officer
    (targets.suggestions.Suggestion rows). The "accept" checkbox, ticked by default, posts the
    suggestion's pair; the view leaves it out for users who may not accept.

    A suggested officer may be any of the county's officers. The officer's name links to their
    page only when the viewer may open it: OPENABLE_OFFICERS is the viewer's officers
    (members.selectors.officers_for), None for county staff, who open every officer's page; a unit
    secretary's suggested officer who looks after none of their unit's organizations is named
    without a link (README, "Who uses it")."""

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

    card_title = "name"  # not the checkbox

    class Meta:
        order_by = ()

    def __init__(self, *args, openable_officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.openable_officers = openable_officers
        self._openable_pks: set[int] | None = None

    def officer_opens(self, officer) -> bool:
        """Whether the viewer may open OFFICER's page: one query for the table's suggested officers."""
        if self.openable_officers is None:
            return True
        if self._openable_pks is None:
            suggested = {row.officer.pk for row in self.data if row.officer is not None}
            self._openable_pks = set(self.openable_officers.filter(pk__in=suggested).values_list("pk", flat=True))
        return officer.pk in self._openable_pks

    def render_officer(self, value):
        if self.officer_opens(value):
            return format_html('<a href="{}" data-testid="suggested-officer">{}</a>', value.get_absolute_url(), value)
        return format_html('<span data-testid="suggested-officer">{}</span>', value)

    def value_officer(self, value):
        return str(value)

    def render_accept(self, value, record):
        if not value:
            return format_html('<span class="text-muted">{}</span>', _("No officer with spare capacity"))
        label = _("Accept: %(officer)s for %(organization)s") % {"officer": record.officer,
                                                                  "organization": record.organization}
        return format_html('<input type="checkbox" class="form-check-input" name="pair" value="{}" checked '
                           'form="accept-suggestions" aria-label="{}" data-testid="accept-pair">', value, label)
