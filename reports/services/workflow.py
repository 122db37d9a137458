"""The half-yearly report cycle: a secretary opens the report of an ended half-year (its
figures frozen at the period's end), edits and submits it; county staff return or accept it."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.scoping import user_unit_id
from members.asof import member_joined_between, pipeline_activist_at
from targets.compliance import compute_compliance
from targets.models import ScopeKind, SnapshotScope
from targets.scope import Scope
from targets.services import summary_of

from .. import rules
from ..models import HalfYearReport, ReportStatus, ReportVersion


def report_figures(*, unit, year: int, half: int) -> dict:
    """The unit's figures at the period's end: from the frozen snapshot of that day when it
    exists, else computed now as of that day. New members are those admitted within the half-year;
    activists are counted as the engine counts them (pipeline_activist_at: activists and
    candidates whose activist_since is on or before the last day)."""
    end = rules.period_end(year, half)
    scope = Scope(unit_code=unit.code)
    frozen = SnapshotScope.objects.filter(snapshot__as_of=end, snapshot__frozen=True, kind=ScopeKind.UNIT,
                                          key=unit.code).first()
    if frozen:
        summary, source = frozen.summary or summary_of(frozen.document), "snapshot"
    else:
        summary, source = summary_of(compute_compliance(as_of=end, scope=scope)), "computed"
    start = rules.period_start(year, half)
    activists = scope.pipeline().filter(pipeline_activist_at(end))
    return {
        "as_of": end.isoformat(),
        "source": source,
        "baseline": summary["baseline"],
        "new_members": scope.members().filter(member_joined_between(start, end)).count(),
        "activists": activists.count(),
        "targets": summary["targets"],
    }


def require_secretary_of(user, unit_id: int) -> None:
    if not user_unit_id(user) or user_unit_id(user) != unit_id:
        raise ValidationError(rules.MSG_NOT_YOUR_UNIT, code="not_your_unit")


def locked_report(report: HalfYearReport) -> HalfYearReport:
    return HalfYearReport.objects.select_for_update().get(pk=report.pk)


def status_error(message, report: HalfYearReport, code: str) -> ValidationError:
    return ValidationError(message, code=code, params={"status": report.get_status_display()})


@transaction.atomic
def report_open(*, unit, year: int, half: int, user) -> HalfYearReport:
    """The unit's report for an ended half-year, created (with its figures frozen) on first opening."""
    if not user_unit_id(user):
        raise ValidationError(rules.MSG_NO_UNIT, code="no_unit")
    require_secretary_of(user, unit.pk)
    if not rules.period_ended(year, half, timezone.localdate()):
        raise ValidationError({"period": rules.MSG_PERIOD_NOT_ENDED}, code="period_not_ended")
    existing = HalfYearReport.objects.filter(unit=unit, year=year, half=half).first()
    if existing:
        return existing
    report = HalfYearReport(unit=unit, year=year, half=half, status=ReportStatus.DRAFT,
                            figures=report_figures(unit=unit, year=year, half=half))
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_update(*, report: HalfYearReport, user, work_done: str, problems: str, next_plans: str) -> HalfYearReport:
    """The secretary edits the narrative while the report is a draft or returned."""
    report = locked_report(report)
    require_secretary_of(user, report.unit_id)
    if report.status not in rules.EDITABLE:
        raise status_error(rules.MSG_NOT_EDITABLE, report, "not_editable")
    report.work_done, report.problems, report.next_plans = work_done, problems, next_plans
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_submit(*, report: HalfYearReport, user) -> HalfYearReport:
    """Draft or returned → submitted; the submitted text is kept as a new version."""
    report = locked_report(report)
    require_secretary_of(user, report.unit_id)
    if report.status not in rules.EDITABLE:
        raise status_error(rules.MSG_NOT_SUBMITTABLE, report, "not_submittable")
    if not any(getattr(report, name).strip() for name in rules.NARRATIVE_FIELDS):
        raise ValidationError(rules.MSG_NARRATIVE_REQUIRED, code="narrative_required")
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), user
    report.full_clean()
    report.save()
    number = report.versions.count() + 1
    version = ReportVersion(report=report, number=number, work_done=report.work_done, problems=report.problems,
                            next_plans=report.next_plans, figures=report.figures,
                            submitted_at=report.submitted_at, submitted_by=user)
    version.full_clean()
    version.save()
    return report


def _review(report: HalfYearReport, *, user, status: str, comment: str) -> HalfYearReport:
    report = locked_report(report)
    if not getattr(user, "sees_whole_county", False):
        raise ValidationError(rules.MSG_STAFF_ONLY, code="staff_only")
    if report.status != ReportStatus.SUBMITTED:
        raise status_error(rules.MSG_NOT_SUBMITTED, report, "not_submitted")
    report.status = status
    report.reviewed_at, report.reviewed_by, report.review_comment = timezone.now(), user, comment
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_return(*, report: HalfYearReport, user, comment: str) -> HalfYearReport:
    """Staff send a submitted report back with a comment; the unit edits and resubmits it."""
    if not comment.strip():
        raise ValidationError({"comment": rules.MSG_COMMENT_REQUIRED}, code="comment_required")
    return _review(report, user=user, status=ReportStatus.RETURNED, comment=comment.strip())


@transaction.atomic
def report_accept(*, report: HalfYearReport, user, comment: str = "") -> HalfYearReport:
    """Staff accept a submitted report (an optional comment)."""
    return _review(report, user=user, status=ReportStatus.ACCEPTED, comment=comment.strip())
