"""The coverage ledger of one organization: how a party org reaches it and what the plan asks of it.

Reads only. The six targets that put an obligation on one organization are judged with the
engine's own population criteria and condition (targets.compliance.OrganizationTarget), so an
obligation is "not applicable" exactly when the engine's population leaves the organization out
(the reason is the first criterion it fails), and met exactly when the engine would not list it
among the target's failing keys. The coverage kind is members.asof's; the parameters are the
plan's (targets.registry).

``organization_coverage`` runs a fixed number of queries (COVERAGE_QUERIES) whatever the number
of members, pipeline people, party orgs or officers.
"""
import dataclasses
import datetime

from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.asof import coverage_kind_at, member_counts_at, officer_serves_at
from members.models import Officer
from organizations.asof import CoverageKind, party_orgs_active_at, size_band_label, size_band_of
from organizations.models import Organization, PartyOrg

from .compliance import Engine, OrganizationTarget, member_count, plan_settings
from .registry import REGISTRY
from .scope import Scope

# The targets that put an obligation on a single organization, in the order the ledger shows them.
FORMAL3 = "formal3_standalone"
STABLE50 = "stable50_member"
STABLE100 = "stable100_standalone"
ACTIVIST_QUOTA = "activist_quota"
DEVELOPMENT_QUOTA = "development_quota"
OFFICER_WHEN_UNCOVERED = "uncovered_have_officer"
OBLIGATION_CODES = (FORMAL3, STABLE50, STABLE100, ACTIVIST_QUOTA, DEVELOPMENT_QUOTA, OFFICER_WHEN_UNCOVERED)

# Plan targets, party orgs, officers, and one for the organization's figures, kind and obligations.
COVERAGE_QUERIES = 4


class ObligationState:
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


STATE_LABELS = {ObligationState.MET: gettext_lazy("Met"), ObligationState.NOT_MET: gettext_lazy("Not met"),
                ObligationState.NOT_APPLICABLE: gettext_lazy("Not applicable")}
KIND_COLOURS = {CoverageKind.STANDALONE: "success", CoverageKind.JOINT: "primary",
                CoverageKind.OFFICER_ONLY: "warning", CoverageKind.UNCOVERED: "danger"}
STATE_COLOURS = {ObligationState.MET: "success", ObligationState.NOT_MET: "danger",
                 ObligationState.NOT_APPLICABLE: "secondary"}


@dataclasses.dataclass(frozen=True)
class Obligation:
    """One obligation of the plan on the organization, with the figures it was judged on."""

    code: str  # the PlanTarget code
    title: str
    state: str  # an ObligationState
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
        return STATE_LABELS[self.state]

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


@dataclasses.dataclass(frozen=True)
class _Judged:
    """One obligation target applied to the organization: its figures' values, the reason of the
    first criterion it fails (or ""), and whether the condition holds."""

    values: dict
    reason: str
    condition: bool


def _judge_all(organization: Organization, targets: dict[str, OrganizationTarget], **more) -> tuple[dict, dict]:
    """The engine's population criteria and condition of each of TARGETS, evaluated for one
    organization in one query (the figures' names are unique across the targets), with MORE
    annotations beside them: ({code: _Judged}, {name of MORE: value})."""
    figures, flags = {}, {}
    for code, target in targets.items():
        figures.update(target.figures)
        for i, criterion in enumerate(target.criteria):
            flags[f"{code}__criterion_{i}"] = ExpressionWrapper(criterion.condition, output_field=BooleanField())
        flags[f"{code}__met"] = ExpressionWrapper(target.condition, output_field=BooleanField())
    row = (Organization.objects.filter(pk=organization.pk).annotate(**figures, **more).annotate(**flags)
           .values(*figures, *more, *flags).get())
    judged = {}
    for code, target in targets.items():
        failed = next((c.reason for i, c in enumerate(target.criteria) if not row[f"{code}__criterion_{i}"]), "")
        judged[code] = _Judged({name: row[name] for name in target.figures}, str(failed), bool(row[f"{code}__met"]))
    return judged, {name: row[name] for name in more}


def _obligation(code: str, title: str, facts, judged: _Judged) -> Obligation:
    if judged.reason:
        return Obligation(code, title, ObligationState.NOT_APPLICABLE, facts, reason=judged.reason)
    return Obligation(code, title, ObligationState.MET if judged.condition else ObligationState.NOT_MET, facts)


def organization_coverage(organization: Organization, *, as_of: datetime.date | None = None) -> CoverageLedger:
    """The coverage ledger of an organization as of D (default: today in the county's time zone)."""
    as_of = as_of or timezone.localdate()
    plan = plan_settings()
    # A target row an admin deleted leaves the plan's defaults.
    params = {code: plan.of(code).parameters if plan.of(code) else REGISTRY[code].defaults for code in OBLIGATION_CODES}
    party_orgs = list(party_orgs_active_at(as_of).filter(organizations=organization).order_by("code"))
    officers = list(Officer.objects.filter(officer_serves_at(as_of), organizations=organization)
                    .order_by("officer_id"))
    engine = Engine(as_of=as_of, scope=Scope())
    targets = {code: getattr(engine, f"{code}_target")(params[code]) for code in OBLIGATION_CODES}
    judged, counts = _judge_all(organization, targets, members_at=member_count(member_counts_at(as_of)),
                                coverage_kind=coverage_kind_at(as_of))
    facts = _Facts(organization, as_of, params, counts["members_at"], judged, len(party_orgs) > 0, len(officers))
    obligations = [facts.formal3(), facts.stable50(), facts.stable100(), facts.activist_quota(),
                   facts.development_quota(), facts.officer_when_uncovered()]
    kind = CoverageKind(counts["coverage_kind"])
    formal3 = obligations[0]
    return CoverageLedger(
        organization=organization, as_of=as_of, kind=kind, party_orgs=party_orgs, officers=officers,
        members=counts["members_at"], full_members=judged[FORMAL3].values["full_members"],
        new_members=judged[DEVELOPMENT_QUOTA].values["new_members"],
        activists=judged[ACTIVIST_QUOTA].values["activists"], obligations=obligations,
        # In a joint party org with enough full members for its own: the ledger prompts to set one up.
        prompt_own_party_org=kind == CoverageKind.JOINT and formal3.applies,
    )


@dataclasses.dataclass
class _Facts:
    """The title and the figures of each obligation, for people."""

    organization: Organization
    as_of: datetime.date
    params: dict
    members: int
    judged: dict[str, _Judged]
    covered: bool
    officers: int

    def _size_band_fact(self, params) -> tuple[str, str]:
        bounds = {"medium_from": params["medium_from"], "large_from": params["large_from"]}
        return _("Size band"), size_band_label(size_band_of(self.organization.employees, **bounds), **bounds)

    def formal3(self) -> Obligation:
        judged = self.judged[FORMAL3]
        n = self.params[FORMAL3]["min_full_members"]
        facts = [(_("Full members on %(date)s") % {"date": self.as_of}, judged.values["full_members"]),
                 (_("Covered by a standalone party organization"), judged.condition)]
        title = _("%(n)d or more full members: its own (standalone) party organization") % {"n": n}
        return _obligation(FORMAL3, title, facts, judged)

    def stable50(self) -> Obligation:
        org, n = self.organization, self.params[STABLE50]["min_employees"]
        facts = [(_("Employees"), org.employees), (_("Operates stably"), org.stable),
                 (_("Party members on %(date)s") % {"date": self.as_of}, self.members)]
        title = _("%(n)d or more employees and operating stably: at least one party member") % {"n": n}
        return _obligation(STABLE50, title, facts, self.judged[STABLE50])

    def stable100(self) -> Obligation:
        org, judged, n = self.organization, self.judged[STABLE100], self.params[STABLE100]["min_employees"]
        facts = [(_("Employees"), org.employees), (_("Operates stably"), org.stable),
                 (_("Covered by a standalone party organization"), judged.condition)]
        title = _("%(n)d or more employees and operating stably: its own (standalone) party organization") % {"n": n}
        return _obligation(STABLE100, title, facts, judged)

    def activist_quota(self) -> Obligation:
        params, judged = self.params[ACTIVIST_QUOTA], self.judged[ACTIVIST_QUOTA]
        facts = [(_("Employees"), self.organization.employees), self._size_band_fact(params),
                 (_("Activists on %(date)s") % {"date": self.as_of}, judged.values["activists"]),
                 (_("Quota"), judged.values["quota"])]
        return _obligation(ACTIVIST_QUOTA, _("Activists for its size"), facts, judged)

    def development_quota(self) -> Obligation:
        params, judged = self.params[DEVELOPMENT_QUOTA], self.judged[DEVELOPMENT_QUOTA]
        facts = [(_("Employees"), self.organization.employees), self._size_band_fact(params),
                 (_("Members admitted from %(start)s to %(date)s") % {
                     "start": datetime.date(self.as_of.year, 1, 1), "date": self.as_of}, judged.values["new_members"]),
                 (_("Quota"), judged.values["new_members_quota"])]
        return _obligation(DEVELOPMENT_QUOTA, _("New members this year for its size"), facts, judged)

    def officer_when_uncovered(self) -> Obligation:
        facts = [(_("Covered by a party organization"), self.covered),
                 (_("Instructors or liaison officers on %(date)s") % {"date": self.as_of}, self.officers)]
        return _obligation(OFFICER_WHEN_UNCOVERED, _("An instructor or liaison officer while uncovered"), facts,
                           self.judged[OFFICER_WHEN_UNCOVERED])


def organization_section(organization: Organization) -> tuple[str, CoverageLedger]:
    """The coverage ledger as a section of the organization's page (organizations.hooks), as of today."""
    return "targets/_coverage.html", organization_coverage(organization)
