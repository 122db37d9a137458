"""Rules of the half-yearly report cycle: periods, due dates and the messages of refusals.

The messages are constants so that services, views and tests share them."""
import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Half, ReportSettings, ReportStatus

MSG_PERIOD_NOT_ENDED = _("The half-year has not ended yet; its report can be opened from the day after it ends.")
MSG_NOT_YOUR_UNIT = _("Only a secretary of the unit can do this on its report.")
MSG_NO_UNIT = _("Only a unit secretary can open a report for their unit.")
MSG_NOT_EDITABLE = _("Only a draft or returned report can be edited; this one is %(status)s.")
MSG_NOT_SUBMITTABLE = _("Only a draft or returned report can be submitted; this one is %(status)s.")
MSG_NARRATIVE_REQUIRED = _("Write the narrative (work done, problems or plans) before submitting.")
MSG_NOT_SUBMITTED = _("Only a submitted report can be reviewed; this one is %(status)s.")
MSG_STAFF_ONLY = _("Only county staff can review reports.")
MSG_COMMENT_REQUIRED = _("Say why the report is returned.")

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
NARRATIVE_FIELDS = ("work_done", "problems", "next_plans")


def period_start(year: int, half: int) -> datetime.date:
    return datetime.date(year, 1 if half == Half.H1 else 7, 1)


def period_end(year: int, half: int) -> datetime.date:
    return datetime.date(year, 6, 30) if half == Half.H1 else datetime.date(year, 12, 31)


def due_days() -> int:
    """Days allowed after a period ends: the admins' ReportSettings row, else settings.REPORT_DUE_DAYS."""
    value = ReportSettings.objects.values_list("due_days", flat=True).first()
    return value if value is not None else settings.REPORT_DUE_DAYS


def due_date(year: int, half: int) -> datetime.date:
    return period_end(year, half) + datetime.timedelta(days=due_days())


def period_ended(year: int, half: int, today: datetime.date) -> bool:
    return period_end(year, half) < today


def period_of(day: datetime.date) -> tuple[int, int]:
    """(year, half) of the half-year DAY falls in."""
    return day.year, int(Half.H1 if day.month <= 6 else Half.H2)


def ended_periods_since(start: datetime.date, today: datetime.date) -> list[tuple[int, int]]:
    """Every half-year from the one START falls in that has ended before TODAY, oldest first."""
    year, half = period_of(start)
    periods = []
    while period_ended(year, half, today):
        periods.append((year, half))
        year, half = (year, int(Half.H2)) if half == Half.H1 else (year + 1, int(Half.H1))
    return periods


def ended_periods(today: datetime.date, count: int = 4) -> list[tuple[int, int]]:
    """The latest COUNT ended periods, newest first."""
    year, half = (today.year - 1, Half.H2) if today.month <= 6 else (today.year, Half.H1)
    periods = []
    while len(periods) < count:
        periods.append((year, int(half)))
        year, half = (year, Half.H1) if half == Half.H2 else (year - 1, Half.H2)
    return periods


# The unit's figures stored on a report, in the order they are shown.
FIGURE_LABELS = (
    ("orgs", _("Organizations")),
    ("individual_businesses", _("Individual businesses")),
    ("party_orgs", _("Party organizations")),
    ("members", _("Party members")),
    ("new_members", _("New members in the half-year")),
    ("activists", _("Activists")),
    ("employees", _("Employees")),
)


def figure_rows(figures: dict) -> list[tuple]:
    """(label, value) of the stored figures; new members and activists sit beside the baseline."""
    baseline = {**figures.get("baseline", {}), **{k: figures.get(k) for k in ("new_members", "activists")}}
    return [(label, baseline.get(key)) for key, label in FIGURE_LABELS if key in baseline]
