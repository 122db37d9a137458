"""Reads on half-yearly reports, scoped to the user."""
import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import SupervisingUnit
from common.scoping import sees_county, user_unit_id
from targets.selectors import target_names

from . import rules
from .models import HalfYearReport, ReportStatus, ReportVersion


def reports_for(user) -> QuerySet[HalfYearReport]:
    qs = HalfYearReport.objects.select_related("unit")
    if sees_county(user):
        return qs
    unit_id = user_unit_id(user)
    return qs.filter(unit_id=unit_id) if unit_id else qs.none()


# -- what the targets app reads of the reports (its hooks, provided in ReportsConfig.ready) ---------
def report_filed(*, year: int, half: int, as_of: datetime.date) -> Q:
    """A unit (OuterRef "pk") has a report for the half-year submitted on or before AS_OF (a local
    day), whatever its review state now: a submitted version of it is dated on or before AS_OF (a
    report returned and resubmitted later was still filed on its first day), or its submission is."""
    local_day = TruncDate("submitted_at", tzinfo=timezone.get_default_timezone())
    versions = (ReportVersion.objects.filter(report__unit_id=OuterRef("pk"), report__year=year, report__half=half)
                .alias(day=local_day).filter(day__lte=as_of))
    reports = (HalfYearReport.objects.filter(unit_id=OuterRef("pk"), year=year, half=half, submitted_at__isnull=False)
               .alias(day=local_day).filter(day__lte=as_of))
    return Q(Exists(versions)) | Q(Exists(reports))


def overview_counts(user) -> dict:
    """The reports waiting for review in the user's scope, for the home page's overview."""
    return {"reports_awaiting_review": reports_for(user).filter(status=ReportStatus.SUBMITTED).count()}


def reports_changed_since(moment) -> bool:
    """Whether a half-yearly report changed after MOMENT (the figures of reports_filed read them)."""
    return HalfYearReport.history.filter(history_date__gt=moment).exists()


# -- county overview of a period ------------------------------------------------------------
# The unit's figures summed on the overview, in the order of its summary table (key, label).
SUMMARY_COLUMNS = (
    ("orgs", _("Organizations")),
    ("party_orgs", _("Party organizations")),
    ("members", _("Party members")),
    ("new_members", _("New members in the half-year")),
    ("activists", _("Activists")),
    ("targets_met", _("Targets met")),
)
NOT_OPENED = "not_opened"


@dataclass
class OverviewRow:
    unit: SupervisingUnit
    report: HalfYearReport | None
    status: str  # a ReportStatus value, or NOT_OPENED
    status_label: str
    first_submitted_on: datetime.date | None
    on_time: bool | None  # None while not submitted
    overdue: bool
    figures: dict  # SUMMARY_COLUMNS key -> number, or None when there is no report

    @property
    def returned(self) -> bool:
        return self.status == ReportStatus.RETURNED


@dataclass
class PeriodOverview:
    year: int
    half: int
    due: datetime.date
    rows: list[OverviewRow]
    totals: dict


def summary_figures(figures: dict) -> dict:
    """The overview's figures of one report, from the figures frozen on it."""
    baseline = figures.get("baseline", {})
    return {
        "orgs": baseline.get("orgs"),
        "party_orgs": baseline.get("party_orgs"),
        "members": baseline.get("members"),
        "new_members": figures.get("new_members"),
        "activists": figures.get("activists"),
        "targets_met": sum(1 for t in figures.get("targets", {}).values() if t.get("met")),
    }


def period_overview(*, year: int, half: int, today: datetime.date) -> PeriodOverview:
    """One row per supervising unit for the half-year: its report's status, whether its first
    submission came by the due date, whether it is overdue, and its frozen figures.
    Two queries whatever the number of units."""
    due = rules.due_date(year, half)
    first_submitted = ReportVersion.objects.filter(report=OuterRef("pk"), number=1).values("submitted_at")[:1]
    reports = {
        r.unit_id: r
        for r in HalfYearReport.objects.filter(year=year, half=half).annotate(first_submitted_at=Subquery(first_submitted))
    }
    rows = []
    for unit in SupervisingUnit.objects.order_by("code"):
        report = reports.get(unit.pk)
        first = timezone.localtime(report.first_submitted_at).date() if report and report.first_submitted_at else None
        rows.append(OverviewRow(
            unit=unit,
            report=report,
            status=report.status if report else NOT_OPENED,
            status_label=report.get_status_display() if report else _("Not opened"),
            first_submitted_on=first,
            on_time=None if first is None else first <= due,
            overdue=first is None and today > due,
            figures=summary_figures(report.figures) if report else dict.fromkeys(k for k, _label in SUMMARY_COLUMNS),
        ))
    totals = {key: sum(row.figures[key] or 0 for row in rows) for key, _label in SUMMARY_COLUMNS}
    return PeriodOverview(year=year, half=half, due=due, rows=rows, totals=totals)


def period_overview_sheet(overview: PeriodOverview) -> list[list]:
    """The overview as spreadsheet rows: the same numbers as the page."""
    header = [_("Code"), _("Supervising unit"), _("Status"), _("First submitted on"), _("Timeliness"),
              *(label for _key, label in SUMMARY_COLUMNS)]
    rows = [header]
    for row in overview.rows:
        rows.append([row.unit.code, row.unit.name, row.status_label, row.first_submitted_on, timeliness_label(row),
                     *(row.figures[key] for key, _label in SUMMARY_COLUMNS)])
    rows.append(["", _("Total"), "", "", "", *(overview.totals[key] for key, _label in SUMMARY_COLUMNS)])
    return rows


def timeliness_label(row: OverviewRow) -> str:
    if row.on_time is True:
        return _("On time")
    if row.on_time is False:
        return _("Late")
    return _("Overdue") if row.overdue else ""


def target_rows(figures: dict) -> list[tuple[str, dict]]:
    """(name, figures) of each target on a report's frozen figures, in their order: people read a
    target's name, never its code."""
    names = target_names()
    return [(names.get(code, code), target) for code, target in figures.get("targets", {}).items()]


def report_sheet(report: HalfYearReport) -> list[list]:
    """One report as spreadsheet rows: its facts, narrative, figures and targets, as on its page."""
    rows = [
        [_("Supervising unit"), str(report.unit)],
        [_("Period"), f"{report.year} {report.get_half_display()}"],
        [_("Status"), report.get_status_display()],
        [_("Submitted at"), timezone.localtime(report.submitted_at).replace(tzinfo=None) if report.submitted_at else ""],
        [_("Work done"), report.work_done],
        [_("Problems"), report.problems],
        [_("Plans for the next half-year"), report.next_plans],
        [],
        [_("Figures at the period's end"), report.figures.get("as_of", "")],
        *([label, value] for label, value in rules.figure_rows(report.figures)),
        [],
        [_("Target"), _("Value"), _("Met")],
    ]
    for name, target in target_rows(report.figures):
        rows.append([name, target.get("value"), _("Met") if target.get("met") else _("Failing")])
    return rows
