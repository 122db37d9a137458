"""The half-yearly report cycle: open with frozen figures, edit, submit, return, resubmit, accept."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from organizations.tests.factories import OrganizationFactory
from reports import rules
from reports.services import workflow
from reports.models import HalfYearReport, ReportSettings, ReportStatus, ReportVersion
from reports.tests.factories import ReportFactory
from targets.models import ScopeKind, Snapshot, SnapshotScope
from tests.browser_forms import with_lock

YEAR, HALF = 2010, 1
NARRATIVE = {"work_done": "建了两个支部", "problems": "人手不足", "next_plans": "继续推进"}


def detail_url(report):
    return reverse("reports:halfyearreport_detail", kwargs={"pk": report.pk})


def action_url(name, report):
    return reverse(f"reports:halfyearreport_{name}", kwargs={"pk": report.pk})


@pytest.fixture
def report(unit, unit_secretary):
    return workflow.report_open(unit=unit, year=YEAR, half=HALF, user=unit_secretary)


def test_periods_and_due_date(settings, db):
    ReportSettings.objects.all().delete()  # without the admins' row, settings.REPORT_DUE_DAYS counts
    settings.REPORT_DUE_DAYS = 15
    assert rules.period_end(2010, 1) == datetime.date(2010, 6, 30)
    assert rules.period_end(2010, 2) == datetime.date(2010, 12, 31)
    assert rules.due_date(2010, 1) == datetime.date(2010, 7, 15)
    settings.REPORT_DUE_DAYS = 20
    assert rules.due_date(2010, 2) == datetime.date(2011, 1, 20)
    assert rules.ended_periods(datetime.date(2011, 3, 1), count=3) == [(2010, 2), (2010, 1), (2009, 2)]
    assert rules.ended_periods(datetime.date(2011, 7, 1), count=1) == [(2011, 1)]


def test_full_cycle_keeps_every_submitted_version(client, report, unit_secretary, county_staff):
    client.force_login(unit_secretary)
    response = client.post(action_url("update", report), with_lock(client, action_url("update", report), NARRATIVE))
    assert response.status_code == 302
    assert client.post(action_url("submit", report)).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == unit_secretary

    client.force_login(county_staff)
    client.post(action_url("return", report), {"comment": "补充问题分析"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.review_comment == "补充问题分析"

    client.force_login(unit_secretary)
    client.post(action_url("update", report),
                with_lock(client, action_url("update", report), {**NARRATIVE, "problems": "人手不足，经费紧张"}))
    client.post(action_url("submit", report))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(county_staff)
    client.post(action_url("accept", report), {"comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == county_staff

    versions = list(report.versions.order_by("number"))
    assert [(v.number, v.problems) for v in versions] == [(1, "人手不足"), (2, "人手不足，经费紧张")]
    assert all(v.submitted_by == unit_secretary and v.figures == report.figures for v in versions)
    page = client.get(detail_url(report)).content.decode()
    assert "人手不足，经费紧张" in page and 'data-testid="versions"' in page and page.count("<details") == 2


def test_return_needs_a_comment(report, unit_secretary, county_staff):
    workflow.report_update(report=report, user=unit_secretary, **NARRATIVE)
    workflow.report_submit(report=report, user=unit_secretary)
    with pytest.raises(ValidationError) as exc:
        workflow.report_return(report=report, user=county_staff, comment="  ")
    assert exc.value.message_dict["comment"] == [str(rules.MSG_COMMENT_REQUIRED)]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_submit_needs_a_narrative(report, unit_secretary):
    with pytest.raises(ValidationError) as exc:
        workflow.report_submit(report=report, user=unit_secretary)
    assert exc.value.messages == [str(rules.MSG_NARRATIVE_REQUIRED)]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and not report.versions.exists()


def test_secretary_cannot_see_or_submit_other_units_report(client, other_unit, other_secretary, unit_secretary):
    theirs = workflow.report_open(unit=other_unit, year=YEAR, half=HALF, user=other_secretary)
    workflow.report_update(report=theirs, user=other_secretary, **NARRATIVE)
    client.force_login(unit_secretary)
    assert client.get(detail_url(theirs)).status_code == 404
    assert client.post(action_url("submit", theirs)).status_code == 404
    assert client.post(action_url("update", theirs), {**NARRATIVE, "work_done": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ReportStatus.DRAFT and theirs.work_done == NARRATIVE["work_done"]
    assert not ReportVersion.objects.exists()
    with pytest.raises(ValidationError):
        workflow.report_submit(report=theirs, user=unit_secretary)
    with pytest.raises(ValidationError):
        workflow.report_open(unit=other_unit, year=YEAR, half=2, user=unit_secretary)
    assert HalfYearReport.objects.count() == 1


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
def test_submitted_report_cannot_be_edited(client, in_english, unit, unit_secretary, status):
    report = ReportFactory(unit=unit, status=status, submitted_at=timezone.now(), **NARRATIVE)
    client.force_login(unit_secretary)
    response = client.post(action_url("update", report),
                           with_lock(client, action_url("update", report), {**NARRATIVE, "work_done": "changed"}))
    assert response.status_code == 200
    assert str(rules.MSG_NOT_EDITABLE % {"status": report.get_status_display()}) in response.content.decode()
    response = client.post(action_url("submit", report))
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.work_done == NARRATIVE["work_done"] and report.status == status
    assert not report.versions.exists()
    assert 'data-testid="edit"' not in client.get(detail_url(report)).content.decode()


def test_staff_cannot_edit_the_narrative(client, report, unit_secretary, county_staff, admin_user):
    workflow.report_update(report=report, user=unit_secretary, **NARRATIVE)
    workflow.report_submit(report=report, user=unit_secretary)
    for user in (county_staff, admin_user):
        client.force_login(user)
        assert client.get(action_url("update", report)).status_code == 403
        assert client.post(action_url("update", report), {**NARRATIVE, "work_done": "staff"}).status_code == 403
        with pytest.raises(ValidationError):
            workflow.report_update(report=report, user=user, **{**NARRATIVE, "work_done": "staff"})
    report.refresh_from_db()
    assert report.work_done == NARRATIVE["work_done"]


def test_secretary_cannot_review(client, report, unit_secretary):
    workflow.report_update(report=report, user=unit_secretary, **NARRATIVE)
    workflow.report_submit(report=report, user=unit_secretary)
    client.force_login(unit_secretary)
    assert client.post(action_url("accept", report), {"comment": ""}).status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_frozen_figures_do_not_move_when_data_changes(unit, unit_secretary):
    OrganizationFactory(unit=unit)
    report = workflow.report_open(unit=unit, year=YEAR, half=HALF, user=unit_secretary)
    assert report.figures["baseline"]["orgs"] == 1 and report.figures["as_of"] == "2010-06-30"
    frozen = dict(report.figures)
    OrganizationFactory(unit=unit)
    assert workflow.report_figures(unit=unit, year=YEAR, half=HALF)["baseline"]["orgs"] == 2
    again = workflow.report_open(unit=unit, year=YEAR, half=HALF, user=unit_secretary)
    workflow.report_update(report=again, user=unit_secretary, **NARRATIVE)
    workflow.report_submit(report=again, user=unit_secretary)
    again.refresh_from_db()
    assert again.pk == report.pk and again.figures == frozen
    assert again.versions.get().figures["baseline"]["orgs"] == 1


def test_figures_come_from_the_frozen_snapshot_when_it_exists(unit, unit_secretary):
    snapshot = Snapshot.objects.create(as_of=datetime.date(YEAR, 6, 30), computed_at=timezone.now(), frozen=True)
    summary = {"baseline": {"orgs": 7, "party_orgs": 3, "members": 40},
               "targets": {"formal3_standalone": {"value": 50.0, "met": False, "state": "overdue"}}}
    SnapshotScope.objects.create(snapshot=snapshot, kind=ScopeKind.UNIT, key=unit.code, document={}, summary=summary)
    report = workflow.report_open(unit=unit, year=YEAR, half=HALF, user=unit_secretary)
    assert report.figures["source"] == "snapshot"
    assert report.figures["baseline"]["orgs"] == 7
    assert report.figures["targets"]["formal3_standalone"]["met"] is False


def test_period_not_ended_is_refused(client, in_english, unit, unit_secretary):
    this_year = timezone.localdate().year
    with pytest.raises(ValidationError) as exc:
        workflow.report_open(unit=unit, year=this_year, half=2, user=unit_secretary)
    assert exc.value.message_dict["period"] == [str(rules.MSG_PERIOD_NOT_ENDED)]
    client.force_login(unit_secretary)
    response = client.post(reverse("reports:halfyearreport_open"), {"period": f"{this_year}-2"})
    assert response.status_code == 200  # not among the choices
    assert not HalfYearReport.objects.exists()


def test_secretary_opens_report_through_the_form(client, unit, unit_secretary, county_staff):
    year, half = rules.ended_periods(timezone.localdate(), count=1)[0]
    client.force_login(unit_secretary)
    response = client.post(reverse("reports:halfyearreport_open"), {"period": f"{year}-{half}"})
    report = HalfYearReport.objects.get()
    assert response.status_code == 302 and response.url == detail_url(report)
    assert (report.unit, report.year, report.half, report.status) == (unit, year, half, ReportStatus.DRAFT)
    assert "baseline" in report.figures and "new_members" in report.figures and "activists" in report.figures
    client.force_login(county_staff)
    assert client.get(reverse("reports:halfyearreport_open")).status_code == 403
