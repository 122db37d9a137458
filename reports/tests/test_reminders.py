"""Reminders of half-yearly reports due soon or overdue, the admins' due days, the daily beat task,
and the reports_filed target counting the portal's reports."""
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import Role
from accounts.tests.factories import UserFactory
from organizations.tests.factories import OrganizationFactory, UnitFactory
from reports import rules, tasks
from reports.services import reminders, workflow
from reports.models import HalfYearReport, ReminderLog, ReportSettings, ReportStatus
from reports.tests.factories import ReportFactory
from targets.compliance import compute_compliance, latest_half_year_end
from targets.models import Plan

pytestmark = pytest.mark.django_db

# 2010 H1 ends 2010-06-30 and, with 15 days allowed, is due on 2010-07-15.
DUE_IN_3_DAYS = datetime.date(2010, 7, 12)
DUE_IN_4_DAYS = datetime.date(2010, 7, 11)
# 2010 H2 is due 2011-01-15 (5 days away: not yet); 2010 H1 is overdue.
H1_OVERDUE = datetime.date(2011, 1, 10)


@pytest.fixture(autouse=True)
def fifteen_days():
    ReportSettings.objects.update_or_create(id=1, defaults={"due_days": 15})


@pytest.fixture(autouse=True)
def plan_from_2009_h2():
    """Every ended half-year since the plan started is chased; here the plan starts on 2009-07-01
    (unless a test says otherwise): 2009 H2 and 2010 H1 are the half-years to report by 2011-01-10."""
    assert Plan.objects.update(starts_on=datetime.date(2009, 7, 1)) == 1


def secretary(unit, email, **kwargs):
    return UserFactory(role=Role.UNIT_SECRETARY, unit=unit, email=email, **kwargs)


def filed_report(unit, status, year=2010, half=1):
    return ReportFactory(unit=unit, year=year, half=half, status=status, submitted_at=timezone.now())


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_mails_secretaries_of_reports_due_within_three_days(mailoutbox, unit, other_unit):
    secretary(unit, "a@example.cn")  # no report opened at all
    secretary(other_unit, "b@example.cn")
    ReportFactory(unit=other_unit, status=ReportStatus.DRAFT)
    returned_unit = UnitFactory(code="T03", name="西山镇党委")
    secretary(returned_unit, "c@example.cn")
    filed_report(returned_unit, ReportStatus.RETURNED)
    for code, status in (("T04", ReportStatus.SUBMITTED), ("T05", ReportStatus.ACCEPTED)):
        done_unit = UnitFactory(code=code)
        secretary(done_unit, f"{code}@example.cn")
        filed_report(done_unit, status)
        filed_report(done_unit, status, year=2009, half=2)
    secretary(unit, "")  # no address
    secretary(unit, "gone@example.cn", is_active=False)
    UserFactory(role=Role.COUNTY_STAFF, email="staff@example.cn")
    for each in (unit, other_unit, returned_unit):  # the previous half-year (overdue) is filed
        filed_report(each, ReportStatus.ACCEPTED, year=2009, half=2)

    assert reminders.report_reminders_send(today=DUE_IN_4_DAYS) == 0
    assert mailoutbox == []

    assert reminders.report_reminders_send(today=DUE_IN_3_DAYS) == 3
    assert recipients(mailoutbox) == ["a@example.cn", "b@example.cn", "c@example.cn"]
    assert set(ReminderLog.objects.values_list("year", "half")) == {(2010, 1)}


def test_mails_secretaries_of_overdue_reports_only_for_those_periods(mailoutbox, unit, other_unit):
    secretary(unit, "late@example.cn")
    secretary(other_unit, "done@example.cn")
    filed_report(other_unit, ReportStatus.ACCEPTED)
    filed_report(other_unit, ReportStatus.SUBMITTED, year=2009, half=2)
    filed_report(other_unit, ReportStatus.DRAFT, half=2)  # 2010 H2 is not due within 3 days yet

    assert reminders.report_reminders_send(today=H1_OVERDUE) == 1
    assert recipients(mailoutbox) == ["late@example.cn"]
    assert set(ReminderLog.objects.values_list("year", "half")) == {(2009, 2), (2010, 1)}


def test_at_most_one_reminder_a_day(mailoutbox, unit):
    secretary(unit, "a@example.cn")
    filed_report(unit, ReportStatus.ACCEPTED, year=2009, half=2)
    assert reminders.report_reminders_send(today=DUE_IN_3_DAYS) == 1
    assert reminders.report_reminders_send(today=DUE_IN_3_DAYS) == 0
    assert tasks.send_report_reminders.apply(args=[DUE_IN_3_DAYS.isoformat()]).get() == 0
    assert len(mailoutbox) == 1

    next_day = DUE_IN_3_DAYS + datetime.timedelta(days=1)
    assert tasks.send_report_reminders.apply(args=[next_day.isoformat()]).get() == 1
    assert len(mailoutbox) == 2


def test_reminder_names_unit_period_and_due_date_in_chinese(mailoutbox, unit, in_english):
    secretary(unit, "a@example.cn")
    filed_report(unit, ReportStatus.ACCEPTED, year=2009, half=2)  # one period left: 2010 H1
    reminders.report_reminders_send(today=H1_OVERDUE)
    (message,) = mailoutbox
    for text in (message.subject, message.body):
        assert "城关镇党委" in text
        assert "2010-07-15" in text
        assert "2010" in text
    # The period's half is shown in the default language (Chinese), whatever the active one is.
    for text in (message.subject, message.body):
        assert "上半年（1—6月）" in text
        assert "First half" not in text


def test_report_settings_move_the_due_date(settings):
    settings.REPORT_DUE_DAYS = 99
    assert rules.due_date(2010, 1) == datetime.date(2010, 7, 15)
    ReportSettings.objects.filter(id=1).update(due_days=20)
    assert rules.due_date(2010, 1) == datetime.date(2010, 7, 20)
    assert rules.due_date(2010, 2) == datetime.date(2011, 1, 20)
    ReportSettings.objects.all().delete()
    assert rules.due_date(2010, 1) == datetime.date(2010, 10, 7)  # falls back to settings


def test_report_settings_moves_which_reports_are_reminded(mailoutbox, unit):
    secretary(unit, "a@example.cn")
    filed_report(unit, ReportStatus.SUBMITTED, year=2009, half=2)
    assert reminders.report_reminders_send(today=DUE_IN_3_DAYS) == 1
    mailoutbox.clear()
    ReminderLog.objects.all().delete()
    ReportSettings.objects.filter(id=1).update(due_days=30)  # due 2010-07-30: not within 3 days
    assert reminders.report_reminders_send(today=DUE_IN_3_DAYS) == 0
    assert mailoutbox == []


def test_migration_creates_the_settings_row_and_the_daily_task(admin_client):
    assert ReportSettings.objects.filter(id=1).exists()
    task = PeriodicTask.objects.get(task="reports.tasks.send_report_reminders")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, task.crontab.day_of_week) == ("8", "0", "*")
    assert str(task.crontab.timezone) == str(ZoneInfo("Asia/Shanghai"))
    # Admins edit the one row but can neither add a second nor delete it.
    assert admin_client.get("/admin/reports/reportsettings/1/change/").status_code == 200
    assert admin_client.get("/admin/reports/reportsettings/add/").status_code == 403
    assert admin_client.get("/admin/reports/reportsettings/1/delete/").status_code == 403


def reports_filed():
    return compute_compliance(as_of=timezone.localdate())["targets"]["reports_filed"]["numerator"]


def test_submitting_and_accepting_a_report_moves_reports_filed(unit, unit_secretary, county_staff):
    OrganizationFactory(unit=unit)
    year, half = latest_half_year_end(timezone.localdate())
    report = workflow.report_open(unit=unit, year=year, half=half, user=unit_secretary)
    workflow.report_update(report=report, user=unit_secretary, work_done="建了支部", problems="", next_plans="")
    assert reports_filed() == 0

    workflow.report_submit(report=report, user=unit_secretary)
    assert reports_filed() == 1
    workflow.report_return(report=report, user=county_staff, comment="补充")
    assert reports_filed() == 1  # submitted on or before D, whatever its review state now
    workflow.report_submit(report=report, user=unit_secretary)
    workflow.report_accept(report=report, user=county_staff)
    assert HalfYearReport.objects.get().status == ReportStatus.ACCEPTED
    assert reports_filed() == 1


def test_a_report_first_submitted_by_the_date_counts_as_filed_though_resubmitted_after_it(
        unit, unit_secretary, county_staff):
    """reports_filed: "a report for the latest half-year ending on or before D that was submitted on
    or before D, whatever its review state now". Submitted on the 5th, returned, resubmitted on the
    12th: at the 10th it was filed (its first version is dated the 5th)."""
    import datetime

    from reports.models import ReportVersion

    OrganizationFactory(unit=unit)
    report = workflow.report_open(unit=unit, year=2010, half=1, user=unit_secretary)
    workflow.report_update(report=report, user=unit_secretary, work_done="建了支部", problems="", next_plans="")
    workflow.report_submit(report=report, user=unit_secretary)
    workflow.report_return(report=report, user=county_staff, comment="补充")
    workflow.report_submit(report=report, user=unit_secretary)
    tz = timezone.get_default_timezone()
    first, second = (datetime.datetime(2010, 7, 5, 9, tzinfo=tz), datetime.datetime(2010, 7, 12, 9, tzinfo=tz))
    ReportVersion.objects.filter(report=report, number=1).update(submitted_at=first)
    ReportVersion.objects.filter(report=report, number=2).update(submitted_at=second)
    HalfYearReport.objects.filter(pk=report.pk).update(submitted_at=second)

    def filed(day):
        return compute_compliance(as_of=day)["targets"]["reports_filed"]["numerator"]

    assert filed(datetime.date(2010, 7, 4)) == 0
    assert filed(datetime.date(2010, 7, 5)) == 1  # the local day of its first submission
    assert filed(datetime.date(2010, 7, 10)) == 1
    assert filed(datetime.date(2010, 12, 30)) == 1


# -- every overdue half-year since the plan started is chased -----------------------------------
def period_label(year, half):
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(reminders.MSG_PERIOD % {"year": year, "half": rules.Half(half).label})


def test_reports_missing_three_and_four_half_years_back_are_chased_in_one_mail(mailoutbox, unit):
    """At 2011-01-10 (2010 H2 not due yet): 2010 H1 and 2009 H2 are filed, 2009 H1 and 2008 H2 (three
    and four half-years back) are not, 2008 H1 (the plan's first) is. One mail lists the two."""
    Plan.objects.update(starts_on=datetime.date(2008, 1, 1))
    secretary(unit, "a@example.cn")
    for year, half in ((2010, 1), (2009, 2), (2008, 1)):
        filed_report(unit, ReportStatus.ACCEPTED, year=year, half=half)
    assert reminders.report_reminders_send(today=H1_OVERDUE) == 1
    (message,) = mailoutbox
    for year, half in ((2009, 1), (2008, 2)):
        assert period_label(year, half) in message.body
        assert rules.due_date(year, half).isoformat() in message.body
    for year, half in ((2010, 1), (2009, 2), (2008, 1)):
        assert period_label(year, half) not in message.body
    assert set(ReminderLog.objects.values_list("year", "half")) == {(2009, 1), (2008, 2)}

    # Still once a day at most, then again the next day.
    assert reminders.report_reminders_send(today=H1_OVERDUE) == 0
    assert reminders.report_reminders_send(today=H1_OVERDUE + datetime.timedelta(days=1)) == 1


def test_every_period_since_the_plan_start_is_listed_oldest_first(mailoutbox, unit):
    Plan.objects.update(starts_on=datetime.date(2009, 3, 15))  # its first half-year is 2009 H1
    secretary(unit, "a@example.cn")
    ReportFactory(unit=unit, year=2009, half=2, status=ReportStatus.RETURNED, submitted_at=timezone.now())
    assert reminders.report_reminders_send(today=DUE_IN_3_DAYS) == 1  # 2010-07-12: 2010 H1 due in 3 days
    (message,) = mailoutbox
    labels = [period_label(2009, 1), period_label(2009, 2), period_label(2010, 1)]
    positions = [message.body.index(label) for label in labels]
    assert positions == sorted(positions)
    assert period_label(2008, 2) not in message.body
    assert set(ReminderLog.objects.values_list("year", "half")) == {(2009, 1), (2009, 2), (2010, 1)}
    assert "3" in message.subject and "城关镇党委" in message.subject
    from django.utils import translation

    with translation.override("zh-hans"):
        overdue = str(reminders.MSG_REMINDER_LINE_OVERDUE % {"period": labels[0], "due": "2009-07-15"})
        due_soon = str(reminders.MSG_REMINDER_LINE_DUE_SOON % {"period": labels[2], "due": "2010-07-15"})
    assert f"- {overdue}\n" in message.body and f"- {due_soon}\n" in message.body
