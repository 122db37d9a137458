"""The coverage ledger of one organization: how a party org reaches it and what the plan asks of it.

Reads only. Every definition is the compliance engine's (targets/compliance.py, after
shared/spec/COMPLIANCE.md): party orgs active at D, members counting or full at D, activists at
D, officers serving at D, size bands and quotas, and the targets' parameters as admins left
them. An obligation whose population (in COMPLIANCE.md's table) does not hold the organization
is "not applicable"; otherwise it is met exactly when the engine would not list the
organization among the target's failing keys.

``organization_coverage`` runs a fixed number of queries (COVERAGE_QUERIES) whatever the number
of members, pipeline people, party orgs or officers.
"""
import dataclasses
import datetime

from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Officer, PartyMember, PipelinePerson
from targets.compliance import (
    band_quota,
    member_counts_at,
    member_full_at,
    member_joined_in_year_of,
    officer_serves_at,
    party_orgs_active_at,
    pipeline_activist_at,
    size_band,
)
from targets.models import PlanTarget
from targets.plan_seed import TARGETS

from .models import Organization, OrgStatus, PartyOrg, PartyOrgForm

# The targets that put an obligation on a single organization, in the order the ledger shows them.
FORMAL3 = "formal3_standalone"
STABLE50 = "stable50_member"
STABLE100 = "stable100_standalone"
ACTIVIST_QUOTA = "activist_quota"
DEVELOPMENT_QUOTA = "development_quota"
OFFICER_WHEN_UNCOVERED = "uncovered_have_officer"
OBLIGATION_CODES = (FORMAL3, STABLE50, STABLE100, ACTIVIST_QUOTA, DEVELOPMENT_QUOTA, OFFICER_WHEN_UNCOVERED)

# The seeded parameters: the fallback for a key an admin removed (or a target row deleted).
SEED_PARAMETERS = {code: parameters for code, *_rest, parameters in TARGETS if code in OBLIGATION_CODES}

# Plan targets, party orgs, member counts, activists, officers.
COVERAGE_QUERIES = 5


class CoverageKind(models.TextChoices):
    STANDALONE = "standalone", gettext_lazy("Standalone party organization")
    JOINT = "joint", gettext_lazy("Joint party organization")
    OFFICER_ONLY = "officer_only", gettext_lazy("Instructor or liaison officer only")
    UNCOVERED = "uncovered", gettext_lazy("Uncovered")


class ObligationState(models.TextChoices):
    MET = "met", gettext_lazy("Met")
    NOT_MET = "not_met", gettext_lazy("Not met")
    NOT_APPLICABLE = "not_applicable", gettext_lazy("Not applicable")


KIND_COLOURS = {CoverageKind.STANDALONE: "success", CoverageKind.JOINT: "primary",
                CoverageKind.OFFICER_ONLY: "warning", CoverageKind.UNCOVERED: "danger"}
STATE_COLOURS = {ObligationState.MET: "success", ObligationState.NOT_MET: "danger",
                 ObligationState.NOT_APPLICABLE: "secondary"}
SIZE_BAND_LABELS = {"small": gettext_lazy("Small (fewer than %(medium)d employees)"),
                    "medium": gettext_lazy("Medium (%(medium)d to %(last_medium)d employees)"),
                    "large": gettext_lazy("Large (%(large)d employees or more)")}


@dataclasses.dataclass(frozen=True)
class Obligation:
    """One obligation of the plan on the organization, with the figures it was judged on."""

    code: str  # the PlanTarget code
    title: str
    state: ObligationState
    facts: list[tuple[str, object]]  # (label, value): the numbers behind the state
    reason: str = ""  # why it does not apply

    @property
    def met(self) -> bool:
        return self.state == ObligationState.MET

    @property
    def applies(self) -> bool:
        return self.state != ObligationState.NOT_APPLICABLE

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self.state]


@dataclasses.dataclass(frozen=True)
class CoverageLedger:
    organization: Organization
    as_of: datetime.date
    kind: CoverageKind
    party_orgs: list[PartyOrg]  # active at D, covering the organization
    officers: list[Officer]  # serving at D, listing the organization
    members: int  # counting at D
    full_members: int  # full at D
    new_members: int  # admitted in the calendar year of D, up to D
    activists: int  # pipeline activists at D
    obligations: list[Obligation]
    prompt_own_party_org: bool  # in a joint party org only, with enough full members for its own

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def kind_colour(self) -> str:
        return KIND_COLOURS[self.kind]

    def obligation(self, code: str) -> Obligation:
        return next(o for o in self.obligations if o.code == code)


def obligation_parameters() -> dict[str, dict]:
    """Each obligation's target parameters: the plan's row over the seeded values (one query)."""
    stored = dict(PlanTarget.objects.filter(code__in=OBLIGATION_CODES).values_list("code", "parameters"))
    return {code: {**SEED_PARAMETERS[code], **(stored.get(code) or {})} for code in OBLIGATION_CODES}


def organization_coverage(organization: Organization, *, as_of: datetime.date | None = None) -> CoverageLedger:
    """The coverage ledger of an organization as of D (default: today in the county's time zone)."""
    as_of = as_of or timezone.localdate()
    params = obligation_parameters()
    party_orgs = list(party_orgs_active_at(as_of).filter(organizations=organization).order_by("code"))
    counts = PartyMember.objects.filter(organization=organization).aggregate(
        members=Count("pk", filter=member_counts_at(as_of)),
        full=Count("pk", filter=member_full_at(as_of)),
        new=Count("pk", filter=member_joined_in_year_of(as_of)),
    )
    activists = PipelinePerson.objects.filter(pipeline_activist_at(as_of), organization=organization).count()
    officers = list(Officer.objects.filter(officer_serves_at(as_of), organizations=organization)
                    .order_by("officer_id"))

    standalone = any(po.form == PartyOrgForm.STANDALONE for po in party_orgs)
    if standalone:
        kind = CoverageKind.STANDALONE
    elif party_orgs:
        kind = CoverageKind.JOINT
    elif officers:
        kind = CoverageKind.OFFICER_ONLY
    else:
        kind = CoverageKind.UNCOVERED

    judge = _Judge(organization, as_of=as_of, params=params, standalone=standalone, covered=bool(party_orgs),
                   members=counts["members"], full=counts["full"], new=counts["new"], activists=activists,
                   officers=len(officers))
    formal3 = judge.formal3()
    obligations = [formal3, judge.stable50(), judge.stable100(), judge.activist_quota(),
                   judge.development_quota(), judge.officer_when_uncovered()]
    # In a joint party org with enough full members for its own: the ledger prompts to set one up.
    prompt = kind == CoverageKind.JOINT and formal3.applies
    return CoverageLedger(
        organization=organization, as_of=as_of, kind=kind, party_orgs=party_orgs, officers=officers,
        members=counts["members"], full_members=counts["full"], new_members=counts["new"], activists=activists,
        obligations=obligations, prompt_own_party_org=prompt,
    )


@dataclasses.dataclass
class _Judge:
    """Applies each target's population and condition of COMPLIANCE.md to one organization."""

    organization: Organization
    as_of: datetime.date
    params: dict[str, dict]
    standalone: bool
    covered: bool
    members: int
    full: int
    new: int
    activists: int
    officers: int

    @property
    def active(self) -> bool:
        return self.organization.status == OrgStatus.ACTIVE

    def _obligation(self, code, title, facts, *, exempt: str, condition: bool) -> Obligation:
        if not self.active:
            exempt = _("The organization is closed.")
        if exempt:
            return Obligation(code, title, ObligationState.NOT_APPLICABLE, facts, reason=exempt)
        return Obligation(code, title, ObligationState.MET if condition else ObligationState.NOT_MET, facts)

    def _size_band_fact(self, params) -> tuple[str, str]:
        medium, large = params["medium_from"], params["large_from"]
        band = size_band(self.organization.employees, params)
        return _("Size band"), SIZE_BAND_LABELS[band] % {"medium": medium, "last_medium": large - 1, "large": large}

    def _stable_population_exemption(self, minimum: int) -> str:
        org = self.organization
        if org.employees < minimum:
            return _("Fewer than %(n)d employees.") % {"n": minimum}
        if not org.stable:
            return _("It does not operate stably.")
        return ""

    def formal3(self) -> Obligation:
        minimum = self.params[FORMAL3]["min_full_members"]
        facts = [(_("Full members on %(date)s") % {"date": self.as_of}, self.full),
                 (_("Covered by a standalone party organization"), self.standalone)]
        exempt = _("Fewer than %(n)d full members.") % {"n": minimum} if self.full < minimum else ""
        title = _("%(n)d or more full members: its own (standalone) party organization") % {"n": minimum}
        return self._obligation(FORMAL3, title, facts, exempt=exempt, condition=self.standalone)

    def stable50(self) -> Obligation:
        minimum = self.params[STABLE50]["min_employees"]
        facts = [(_("Employees"), self.organization.employees), (_("Operates stably"), self.organization.stable),
                 (_("Party members on %(date)s") % {"date": self.as_of}, self.members)]
        title = _("%(n)d or more employees and operating stably: at least one party member") % {"n": minimum}
        return self._obligation(STABLE50, title, facts, exempt=self._stable_population_exemption(minimum),
                                condition=self.members >= 1)

    def stable100(self) -> Obligation:
        minimum = self.params[STABLE100]["min_employees"]
        facts = [(_("Employees"), self.organization.employees), (_("Operates stably"), self.organization.stable),
                 (_("Covered by a standalone party organization"), self.standalone)]
        title = _("%(n)d or more employees and operating stably: its own (standalone) party organization") % {
            "n": minimum}
        return self._obligation(STABLE100, title, facts, exempt=self._stable_population_exemption(minimum),
                                condition=self.standalone)

    def activist_quota(self) -> Obligation:
        params = self.params[ACTIVIST_QUOTA]
        quota = band_quota(self.organization.employees, params, "small")
        facts = [(_("Employees"), self.organization.employees), self._size_band_fact(params),
                 (_("Activists on %(date)s") % {"date": self.as_of}, self.activists), (_("Quota"), quota)]
        exempt = _("Does not apply to individual businesses.") if self.organization.individual_business else ""
        return self._obligation(ACTIVIST_QUOTA, _("Activists for its size"), facts, exempt=exempt,
                                condition=self.activists >= quota)

    def development_quota(self) -> Obligation:
        params = self.params[DEVELOPMENT_QUOTA]
        org = self.organization
        quota = band_quota(org.employees, params, None)
        facts = [(_("Employees"), org.employees), self._size_band_fact(params),
                 (_("Members admitted from %(start)s to %(date)s") % {
                     "start": datetime.date(self.as_of.year, 1, 1), "date": self.as_of}, self.new),
                 (_("Quota"), quota)]
        medium = params["medium_from"]
        if org.individual_business:
            exempt = _("Does not apply to individual businesses.")
        elif org.employees < medium:
            exempt = _("Fewer than %(n)d employees.") % {"n": medium}
        else:
            exempt = ""
        return self._obligation(DEVELOPMENT_QUOTA, _("New members this year for its size"), facts, exempt=exempt,
                                condition=self.new >= quota)

    def officer_when_uncovered(self) -> Obligation:
        facts = [(_("Covered by a party organization"), self.covered),
                 (_("Instructors or liaison officers on %(date)s") % {"date": self.as_of}, self.officers)]
        if self.organization.individual_business:
            exempt = _("Does not apply to individual businesses.")
        elif self.covered:
            exempt = _("A party organization covers it.")
        else:
            exempt = ""
        return self._obligation(OFFICER_WHEN_UNCOVERED, _("An instructor or liaison officer while uncovered"),
                                facts, exempt=exempt, condition=self.officers >= 1)
