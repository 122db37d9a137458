"""An instructor's or liaison officer's load: the plan's limit (the officer_load target's
``max_organizations``, 2 in the plan: an officer looks after one or two organizations) and the
warning above it. An officer's load is the number of organizations on their list, any status, as
the officer_load target counts it. Assigning more is allowed: the pages warn, never refuse."""
from common.hooks import target_parameters

from . import rules
from .models import Officer

LOAD_TARGET = "officer_load"


def max_organizations() -> int:
    """The most organizations an officer should look after (the officer_load target's parameter)."""
    return target_parameters(LOAD_TARGET)["max_organizations"]


def load_warning(officer: Officer, *, limit: int | None = None) -> str:
    """The warning for an officer who looks after more organizations than the plan allows, or ""."""
    limit = max_organizations() if limit is None else limit
    count = officer.organizations.count()
    if count <= limit:
        return ""
    return rules.MSG_OFFICER_OVER_CAPACITY % {"name": officer.name, "count": count, "max": limit}
