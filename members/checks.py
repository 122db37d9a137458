"""System checks of the members app: the pipeline's minimum intervals are set in calendar months."""
import os

from django.conf import settings
from django.core import checks

E001 = "members.E001"  # a former setting in days is still given
E002 = "members.E002"  # a setting in months is not a whole number of at least 1

# The settings in days (365 counted a year a day short across 29 February) and those replacing them.
REPLACED = {
    "PIPELINE_MIN_ACTIVIST_DAYS": "PIPELINE_MIN_ACTIVIST_MONTHS",
    "PIPELINE_MIN_PROBATION_DAYS": "PIPELINE_MIN_PROBATION_MONTHS",
}


@checks.register()
def check_pipeline_intervals(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The former *_DAYS settings are refused rather than read or converted: an interval in days
    cannot say "one calendar year". The *_MONTHS settings are whole numbers of at least 1."""
    errors = []
    for old, new in REPLACED.items():
        where = [place for place, found in (("the settings", hasattr(settings, old)),
                                            ("the environment", old in os.environ)) if found]
        if where:
            errors.append(checks.Error(
                f"{old} is no longer read (it is set in {' and '.join(where)}): the pipeline's minimum "
                f"intervals are calendar months, and 365 days fall a day short of a year across 29 February.",
                hint=f"Remove {old} and set {new} instead, in months: 12 is one year (the default).",
                id=E001))
    for name in REPLACED.values():
        value = getattr(settings, name, None)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors.append(checks.Error(
                f"{name} must be a whole number of calendar months, at least 1, not {value!r}.",
                hint=f"Set {name} to 12 for one year.", id=E002))
    return errors
