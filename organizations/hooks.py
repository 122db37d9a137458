"""Hooks the organizations app calls and higher apps provide (see common/hooks.py)."""
from common.hooks import Hook

coverage_condition = Hook(
    "coverage_condition",
    """coverage_condition(kind, as_of) -> Q: the organizations whose coverage kind
    (organizations.asof.CoverageKind) is KIND at AS_OF. Provided by members (members.asof): the
    kinds "officer only" and "uncovered" depend on the officers. The organization list's filter
    "coverage today" uses it.""",
)

organization_sections = Hook(
    "organization_sections",
    """organization_sections(organization) -> (template name, context): a section a higher app adds
    to an organization's page, below its facts. targets provides the coverage ledger.""",
    many=True,
)
