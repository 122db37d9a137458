"""The plan registry: every target the portal knows how to compute, in one table.

Each entry gives a target's code, kind, the action list's entity, its parameters with their
defaults and types, and the values the plan seeds (name, figure to reach, deadline). A
``PlanTarget`` row (what an admin edits) is checked against its entry, and the engine, the
ledger and the work lists read a target's parameters only through ``parameters_for`` /
``merged_parameters``: an admin's values over the defaults, a missing or broken one replaced by
its default and reported (``ParameterProblem``), never a KeyError. docs/targets.md describes
each target for people.
"""
import dataclasses
import datetime
import json
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERCENT, COUNT = "percent", "count"
KIND_LABELS = {PERCENT: _("Percentage"), COUNT: _("Count")}

PLAN_NAME = "新社会组织党建设计划（2008—2010年）"
PLAN_START = datetime.date(2008, 1, 1)
# The plan's opening paragraph: 1,778 organizations (1,645 individual businesses), 12 party
# orgs, 3 of the organizations with one not operating stably, 120 members, 2% of employees.
PLAN_BASELINE = {"orgs": 1778, "individual_businesses": 1645, "party_orgs": 12, "members": 120,
                 "member_share_pct": 2.0, "unstable_with_party_org": 3}
D2008 = datetime.date(2008, 12, 31)
D2010 = datetime.date(2010, 12, 31)

# What the keys of a percent target's failing list are.
ORGANIZATION, PARTY_ORG, MEMBER, OFFICER, LEADER, UNIT = "organization", "party_org", "member", "officer", \
    "leader", "unit"

MSG_UNKNOWN_CODE = _("The portal has no target with the code “%(code)s”: the codes it computes are %(codes)s.")
MSG_KIND_MISMATCH = _("The target “%(code)s” is a %(kind)s target.")
MSG_PERCENT_TARGET = _("A percentage target is always 100.")
MSG_PARAMETERS_NOT_OBJECT = _("The parameters are a JSON object of names and values, such as %(example)s.")
MSG_PARAMETER_MISSING = _("The parameter “%(name)s” is missing (the plan's value is %(default)s).")
MSG_PARAMETER_UNKNOWN = _("“%(name)s” is not a parameter of this target; its parameters are %(names)s.")
MSG_PARAMETER_NOT_WHOLE = _("The parameter “%(name)s” must be a whole number, not %(value)s.")
MSG_PARAMETER_TOO_SMALL = _("The parameter “%(name)s” must be at least %(minimum)d, not %(value)s.")
MSG_PARAMETER_TOO_LARGE = _("The parameter “%(name)s” must be at most %(maximum)d, not %(value)s.")
MSG_PARAMETER_CHOICE = _("The parameter “%(name)s” must be one of %(choices)s, not %(value)s.")
MSG_PARAMETER_ORDER = _("The parameter “%(low)s” (%(low_value)s) must be below “%(high)s” (%(high_value)s).")
MSG_PARAMETER_REPLACED = _("Target “%(target)s”: the parameter “%(name)s” is %(problem)s, so the figures use "
                           "the plan's value %(default)s. Correct it under “Plan targets” in the administration.")
MSG_PROBLEM_MISSING = _("missing")
MSG_PROBLEM_INVALID = _("invalid (%(value)s)")
MSG_TARGET_ROW_IGNORED = _("Target row “%(code)s” is not a target the portal computes: it is left out of the "
                           "figures. Delete it or correct its code in the administration.")
MSG_KIND_REPLACED = _("Target “%(target)s” is stored as a %(stored)s target; it is computed as the %(kind)s "
                      "target it is, with the plan's figure to reach.")


@dataclasses.dataclass(frozen=True)
class Parameter:
    """One parameter of a target: a whole number within bounds, or a word among choices."""

    name: str
    default: int | str
    minimum: int | None = 0
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def error(self, value) -> ValidationError | None:
        """Why VALUE cannot be this parameter's value, or None."""
        params = {"name": self.name, "value": _shown(value)}
        if self.choices:
            if value not in self.choices:
                return ValidationError(MSG_PARAMETER_CHOICE, code="parameter_choice",
                                       params={**params, "choices": "、".join(f"“{c}”" for c in self.choices)})
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            return ValidationError(MSG_PARAMETER_NOT_WHOLE, code="parameter_not_whole", params=params)
        if self.minimum is not None and value < self.minimum:
            return ValidationError(MSG_PARAMETER_TOO_SMALL, code="parameter_too_small",
                                   params={**params, "minimum": self.minimum})
        if self.maximum is not None and value > self.maximum:
            return ValidationError(MSG_PARAMETER_TOO_LARGE, code="parameter_too_large",
                                   params={**params, "maximum": self.maximum})
        return None


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclasses.dataclass(frozen=True)
class Definition:
    """A target the portal computes: the engine's method of the same name computes it."""

    code: str
    kind: str  # PERCENT or COUNT
    name: str  # as the plan seeds it (an admin may rename it)
    target: int  # 100 for a percentage; the minimum of a count
    deadline: datetime.date
    parameters: tuple[Parameter, ...] = ()
    failing: str | None = None  # the entity of a percent target's failing keys
    # Pairs (low, high) of parameters where low must be below high.
    ordered: tuple[tuple[str, str], ...] = ()

    @property
    def defaults(self) -> dict:
        return {p.name: p.default for p in self.parameters}

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


_SIZE_BANDS = (Parameter("medium_from", 50, minimum=1), Parameter("large_from", 100, minimum=1))
_SIZE_ORDER = (("medium_from", "large_from"),)

DEFINITIONS = (
    Definition("formal3_standalone", PERCENT, "有3名以上正式党员的组织单独建立党组织", 100, D2008,
               (Parameter("min_full_members", 3, minimum=1),), ORGANIZATION),
    Definition("stable50_member", PERCENT, "50人以上生产经营稳定的组织至少有1名党员", 100, D2010,
               (Parameter("min_employees", 50),), ORGANIZATION),
    Definition("stable100_standalone", PERCENT, "100人以上生产经营稳定的组织单独建立党组织", 100, D2008,
               (Parameter("min_employees", 100),), ORGANIZATION),
    Definition("party_orgs", COUNT, "两新组织党组织达到15个", 15, D2010),
    Definition("members_managed", PERCENT, "党员全部纳入管理", 100, D2010, (), MEMBER),
    Definition("three_haves", PERCENT, "党组织有阵地、有设施、办公有经费", 100, D2008, (), PARTY_ORG),
    Definition("demo_city", COUNT, "建成市级示范点", 1, D2008, (Parameter("level", "city", choices=("city", "county")),)),
    Definition("demo_county", COUNT, "建成县级示范点", 3, D2008,
               (Parameter("level", "county", choices=("city", "county")),)),
    Definition("five_goods", COUNT, "“五个好”党组织达到6个以上", 6, D2010),
    Definition("new_members", COUNT, "发展新党员15名", 15, D2010),
    Definition("activists_cultivated", COUNT, "培养入党积极分子35名", 35, D2010),
    Definition("activist_quota", PERCENT, "各组织入党积极分子数达标", 100, D2010,
               _SIZE_BANDS + (Parameter("small", 1), Parameter("medium", 3), Parameter("large", 5)),
               ORGANIZATION, _SIZE_ORDER),
    Definition("development_quota", PERCENT, "50人以上组织每年发展党员数达标", 100, D2010,
               _SIZE_BANDS + (Parameter("medium", 1), Parameter("large", 2)), ORGANIZATION, _SIZE_ORDER),
    Definition("uncovered_have_officer", PERCENT, "未建党组织的组织有党建指导员或联络员", 100, D2010, (), ORGANIZATION),
    Definition("leaders_contact", PERCENT, "县级领导干部都有联系点", 100, D2008, (), LEADER),
    Definition("family_cap", PERCENT, "领导班子中业主亲属不超过50%", 100, D2010,
               (Parameter("max_share_pct", 50, minimum=0, maximum=100),), PARTY_ORG),
    Definition("relations_transferred", PERCENT, "工作满六个月的党员转接组织关系", 100, D2010,
               (Parameter("months", 6, minimum=1),), MEMBER),
    Definition("officer_load", PERCENT, "每名指导员（联络员）联系1至2个组织", 100, D2010,
               (Parameter("max_organizations", 2, minimum=1),), OFFICER),
    Definition("reports_filed", PERCENT, "主管单位每半年报告党建工作", 100, D2010, (), UNIT),
)
REGISTRY: dict[str, Definition] = {d.code: d for d in DEFINITIONS}
SIZE_BAND_TARGET = "activist_quota"  # whose medium_from / large_from the organization list's size bands use


def definition(code: str) -> Definition | None:
    return REGISTRY.get(code)


# -- checking an admin's row ----------------------------------------------------------------------
def parameter_errors(definition: Definition, parameters) -> list[ValidationError]:
    """Every reason PARAMETERS cannot be the parameters of DEFINITION's target (empty: they can)."""
    if not isinstance(parameters, Mapping):
        return [ValidationError(MSG_PARAMETERS_NOT_OBJECT, code="parameters_not_object",
                                params={"example": _shown(definition.defaults)})]
    errors = []
    for parameter in definition.parameters:
        if parameter.name not in parameters:
            errors.append(ValidationError(MSG_PARAMETER_MISSING, code="parameter_missing",
                                          params={"name": parameter.name, "default": _shown(parameter.default)}))
        elif (error := parameter.error(parameters[parameter.name])) is not None:
            errors.append(error)
    names = "、".join(f"“{p.name}”" for p in definition.parameters) or str(_("none"))
    for name in parameters:
        if definition.parameter(name) is None:
            errors.append(ValidationError(MSG_PARAMETER_UNKNOWN, code="parameter_unknown",
                                          params={"name": name, "names": names}))
    if not errors:
        for low, high in definition.ordered:
            if parameters[low] >= parameters[high]:
                errors.append(ValidationError(MSG_PARAMETER_ORDER, code="parameter_order", params={
                    "low": low, "high": high, "low_value": parameters[low], "high_value": parameters[high]}))
    return errors


def validate_target(*, code: str, kind: str, target: int | None, parameters) -> None:
    """Refuse a target row the engine could not honour, each message under its field: an unknown
    code, a kind that contradicts the code, a percentage not at 100, and missing, unknown or
    mistyped parameters (each message names the parameter)."""
    found = definition(code)
    if found is None:
        raise ValidationError({"code": ValidationError(MSG_UNKNOWN_CODE, code="unknown_code", params={
            "code": code, "codes": "、".join(REGISTRY)})})
    errors: dict[str, list] = {}
    if kind and kind != found.kind:
        errors["kind"] = [ValidationError(MSG_KIND_MISMATCH, code="kind_mismatch",
                                          params={"code": code, "kind": _kind_label(found.kind)})]
    if found.kind == PERCENT and target is not None and target != 100:
        errors["target"] = [ValidationError(MSG_PERCENT_TARGET, code="percent_target")]
    if problems := parameter_errors(found, parameters):
        errors["parameters"] = problems
    if errors:
        raise ValidationError(errors)


def _kind_label(kind: str) -> str:
    return str(KIND_LABELS[kind])


# -- reading the parameters ---------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class ParameterProblem:
    """A stored parameter the figures could not use: they use its default instead."""

    code: str
    target_name: str
    name: str
    stored: object  # the stored value, or MISSING
    default: object

    MISSING = object()

    @property
    def message(self) -> str:
        problem = (MSG_PROBLEM_MISSING if self.stored is ParameterProblem.MISSING
                   else MSG_PROBLEM_INVALID % {"value": _shown(self.stored)})
        return str(MSG_PARAMETER_REPLACED % {"target": self.target_name, "name": self.name, "problem": problem,
                                             "default": _shown(self.default)})


def merged_parameters(definition: Definition, stored, *, target_name: str = "") -> tuple[dict, list[ParameterProblem]]:
    """A target's parameters: each stored value that is valid, else its default (and a problem
    saying so). Unknown stored keys are ignored; an order the target needs (medium_from below
    large_from) that the stored values break falls back to the defaults of both."""
    stored = stored if isinstance(stored, Mapping) else {}
    values, problems = {}, []
    for parameter in definition.parameters:
        value = stored.get(parameter.name, ParameterProblem.MISSING)
        if value is ParameterProblem.MISSING or parameter.error(value) is not None:
            problems.append(ParameterProblem(definition.code, target_name or definition.name, parameter.name, value,
                                             parameter.default))
            value = parameter.default
        values[parameter.name] = value
    for low, high in definition.ordered:
        if values[low] >= values[high]:
            for name in (low, high):
                problems.append(ParameterProblem(definition.code, target_name or definition.name, name, values[name],
                                                 definition.parameter(name).default))
                values[name] = definition.parameter(name).default
    return values, problems


def parameters_for(code: str) -> dict:
    """The parameters of the target CODE as the figures use them (one query): the plan's row over
    the defaults. The target must be in the registry."""
    from .models import PlanTarget

    if not REGISTRY[code].parameters:
        return {}
    record = PlanTarget.objects.filter(code=code).values("parameters", "name").first() or {}
    values, _problems = merged_parameters(REGISTRY[code], record.get("parameters"), target_name=record.get("name", ""))
    return values


# -- the seed of the plan -----------------------------------------------------------------------
def seed_plan(Plan, PlanTarget) -> object:
    """Create the plan and its targets where missing, from the registry; existing rows (maybe
    edited) are kept. Takes the models so that data migrations can pass their historical ones."""
    plan = Plan.objects.order_by("pk").first()
    if plan is None:
        plan = Plan.objects.create(name=PLAN_NAME, starts_on=PLAN_START)
    for position, entry in enumerate(DEFINITIONS, start=1):
        PlanTarget.objects.get_or_create(code=entry.code, defaults=dict(
            plan=plan, kind=entry.kind, target=entry.target, deadline=entry.deadline, name=entry.name,
            parameters=entry.defaults, position=position))
    return plan

