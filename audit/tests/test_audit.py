"""The audit trail page (county staff: who changed what and when across the registers) and the
retention of history (at least six months, then pruned)."""
import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from audit.checks import E001, check_history_retention
from audit.forms import MSG_DATE_TO_BEFORE_FROM
from audit.selectors import audit_entries, audit_page, local_day_start, tracked_models
from audit.services import MIN_HISTORY_RETENTION_DAYS, MSG_RETENTION_TOO_SHORT
from audit.tasks import prune_history
from members.models import PartyMember
from members.tests.factories import MemberFactory
from organizations.models import Organization, PartyOrg, SupervisingUnit
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from reports.models import HalfYearReport
from reports.tests.factories import ReportFactory
from tests.browser_forms import with_lock

pytestmark = pytest.mark.django_db

AUDIT_URL = "/audit/"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def entries_of(response):
    return response.context["entries"]


def stamp(record, *, user=None, when=None, reason=None):
    """Set who made, and when, the latest history row of RECORD (as a request would have)."""
    row = record.history.latest()
    fields = {}
    if user is not None:
        fields["history_user"] = user
    if when is not None:
        fields["history_date"] = when
    if reason is not None:
        fields["history_change_reason"] = reason
    type(row).objects.filter(history_id=row.history_id).update(**fields)
    return row


def org_form_data(org, **changes):
    data = {
        "credit_code": org.credit_code, "name": org.name, "category": org.category, "unit": org.unit_id,
        "township": org.township, "industry": org.industry, "employees": org.employees,
        "status": org.status, "owner_name": org.owner_name,
    }
    for flag in ("individual_business", "stable", "owner_is_member"):
        if getattr(org, flag):
            data[flag] = "on"
    data.update(changes)
    return data


# The page -------------------------------------------------------------------------------------

def test_url_name_is_audit_audit():
    assert reverse("audit:audit") == AUDIT_URL


def test_every_register_kept_with_history_is_a_record_type():
    assert {model._meta.label_lower for model in tracked_models()} == {
        "organizations.supervisingunit", "organizations.organization", "organizations.partyorg",
        "organizations.leadershipmember", "organizations.fivegoodsassessment", "organizations.activityrecord",
        "organizations.partyorgchangerequest", "members.partymember", "members.pipelineperson",
        "members.officer", "members.countyleader", "members.trainingrecord", "reports.halfyearreport",
        "targets.plan", "targets.plantarget",
    }


def test_edit_through_the_web_appears_with_user_and_changed_fields(client, county_staff, unit, in_english):
    org = OrganizationFactory(unit=unit, name="Old name", employees=20)
    client.force_login(county_staff)
    url = reverse("organizations:organization_update", kwargs={"credit_code": org.credit_code})
    response = client.post(url, with_lock(client, url, org_form_data(org, name="New name", employees=35)))
    assert response.status_code == 302

    response = client.get(AUDIT_URL)
    assert response.status_code == 200
    latest = entries_of(response)[0]
    assert latest.user == county_staff
    assert str(latest.kind) == "Changed"
    assert str(latest.record_type) == "organization"
    assert latest.record_id == org.pk
    assert latest.label == "New name"
    assert latest.changed_fields == ["name", "employees"]
    assert latest.url == org.get_absolute_url()
    html = response.content.decode()
    assert [str(change) for change in latest.changes] == ["Name：Old name → New name", "Employees：20 → 35"]
    assert "county" in html and "Name：Old name → New name" in html and "Employees：20 → 35" in html
    assert f'href="{org.get_absolute_url()}"' in html
    # The creation by the factory (no request, so no user) is listed too, without changed fields.
    created = entries_of(response)[1]
    assert (str(created.kind), created.user, created.changed_fields, created.label) == ("Created", None, [], "Old name")


def test_chinese_is_the_default_language_of_the_page(client, county_staff):
    OrganizationFactory()
    client.force_login(county_staff)
    html = client.get(AUDIT_URL).content.decode()
    assert "操作人" in html  # "Who", from the project's catalogue


def test_deleted_record_keeps_its_label_without_a_link(client, county_staff, in_english):
    org = OrganizationFactory(name="Gone Ltd")
    org.delete()
    client.force_login(county_staff)
    latest = entries_of(client.get(AUDIT_URL))[0]
    assert (str(latest.kind), latest.label, latest.url) == ("Deleted", "Gone Ltd", "")


def test_many_to_many_change_is_named_and_change_reason_shown(client, county_staff, unit, in_english):
    party_org = PartyOrgFactory(unit=unit)
    party_org.organizations.add(OrganizationFactory(unit=unit))
    stamp(party_org, reason="merged a branch")
    client.force_login(county_staff)
    response = client.get(AUDIT_URL, {"record_type": "organizations.partyorg"})
    latest = entries_of(response)[0]
    assert latest.changed_fields == ["organizations covered"]
    assert latest.change_reason == "merged a branch"
    assert "merged a branch" in response.content.decode()


def test_label_uses_related_record_of_the_time(county_staff):
    report = ReportFactory()
    page = audit_page(audit_entries(record_type="reports.halfyearreport"))
    assert page[0].label == str(report)


# Filters --------------------------------------------------------------------------------------

@pytest.fixture
def mixed_history(county_staff, unit_secretary, unit):
    """An organization changed by staff, a party member changed by the secretary, on known days."""
    org = OrganizationFactory(unit=unit)
    stamp(org, when=datetime.datetime(2026, 2, 1, 10, 0, tzinfo=SHANGHAI))
    member = MemberFactory(organization=org)
    stamp(member, when=datetime.datetime(2026, 2, 1, 11, 0, tzinfo=SHANGHAI))
    org.name = "Renamed"
    org.save()
    stamp(org, user=county_staff, when=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI))
    member.name = "Renamed member"
    member.save()
    stamp(member, user=unit_secretary, when=datetime.datetime(2026, 3, 2, 0, 10, tzinfo=SHANGHAI))
    return org, member


def test_filter_by_user(client, county_staff, unit_secretary, mixed_history):
    org, member = mixed_history
    client.force_login(county_staff)
    entries = entries_of(client.get(AUDIT_URL, {"user": unit_secretary.pk}))
    assert [(e.user, e.record_id) for e in entries] == [(unit_secretary, member.pk)]
    entries = entries_of(client.get(AUDIT_URL, {"user": county_staff.pk}))
    assert [(e.user, e.record_id) for e in entries] == [(county_staff, org.pk)]


def test_user_choices_are_the_users_who_appear_in_history(client, county_staff, unit_secretary, mixed_history):
    UserFactory(username="never-changed-anything", role=Role.COUNTY_STAFF)
    client.force_login(county_staff)
    users = client.get(AUDIT_URL).context["form"].fields["user"].queryset
    assert list(users) == [county_staff, unit_secretary]  # by username


def test_filter_by_record_type(client, county_staff, mixed_history):
    org, member = mixed_history
    client.force_login(county_staff)
    entries = entries_of(client.get(AUDIT_URL, {"record_type": "members.partymember"}))
    assert {e.record_id for e in entries} == {member.pk}
    assert len(entries) == 2  # created and renamed
    assert all(str(e.record_type) == str(PartyMember._meta.verbose_name) for e in entries)
    assert client.get(AUDIT_URL, {"record_type": "no.such"}).context["form"].errors["record_type"]


def test_filter_by_local_dates_includes_both_ends(client, county_staff, mixed_history, in_english):
    org, member = mixed_history
    client.force_login(county_staff)
    # 23:30 on 1 March in Shanghai is 15:30 UTC; 00:10 on 2 March is 16:10 UTC on 1 March.
    on_first = entries_of(client.get(AUDIT_URL, {"date_from": "2026-03-01", "date_to": "2026-03-01"}))
    assert [(e.record_id, e.label, e.changed_fields) for e in on_first] == [(org.pk, "Renamed", ["name"])]
    on_second = entries_of(client.get(AUDIT_URL, {"date_from": "2026-03-02", "date_to": "2026-03-02"}))
    assert [(e.record_id, str(e.label)) for e in on_second] == [(member.pk, str(member))]
    both = entries_of(client.get(AUDIT_URL, {"date_from": "2026-03-01", "date_to": "2026-03-02"}))
    assert [e.label for e in both] == [str(member), "Renamed"]
    until_first = entries_of(client.get(AUDIT_URL, {"date_to": "2026-03-01"}))
    member_created = f"{member.history.get(history_type='+').name}（{member.member_id}）"
    assert [e.label for e in until_first] == ["Renamed", member_created, org.history.get(history_type="+").name]
    since_second = entries_of(client.get(AUDIT_URL, {"date_from": "2026-03-02"}))
    assert all(e.date >= local_day_start(datetime.date(2026, 3, 2)) for e in since_second)
    assert str(member) in [e.label for e in since_second] and "Renamed" not in [e.label for e in since_second]


def test_end_date_before_start_date_is_refused(client, county_staff, mixed_history, in_english):
    client.force_login(county_staff)
    response = client.get(AUDIT_URL, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"] == [str(MSG_DATE_TO_BEFORE_FROM)]
    assert str(MSG_DATE_TO_BEFORE_FROM) in response.content.decode()
    assert "entries" not in response.context


# Access ---------------------------------------------------------------------------------------

def test_secretary_is_refused(client, unit_secretary):
    client.force_login(unit_secretary)
    assert client.get(AUDIT_URL).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(AUDIT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) and "next=/audit/" in response.url


def test_admin_may_open_the_page(client, admin_user):
    client.force_login(admin_user)
    assert client.get(AUDIT_URL).status_code == 200


# Pagination, export and queries ---------------------------------------------------------------

def make_history(updates: int, *, user=None):
    """Five records of five types (their creation rows) and UPDATES changes cycling through them,
    all made by USER (when given)."""
    org = OrganizationFactory()
    party_org = PartyOrgFactory(unit=org.unit, organizations=[org])
    member = MemberFactory(organization=org, party_org=party_org)
    report = ReportFactory(unit=org.unit, year=2000 + HalfYearReport.objects.count())
    records = [org.unit, org, party_org, member, report]
    for n in range(updates):
        record = records[n % len(records)]
        if record is report:
            record.work_done = f"step {n}"
        else:
            record.name = f"{record.name[:150]} v{n}"
        record.save()
    if user is not None:
        for record in records:
            record.history.update(history_user=user)
    return records


def test_pagination_splits_the_rows_newest_first(client, county_staff):
    make_history(updates=30)
    total = sum(model.history.count()
                for model in (SupervisingUnit, Organization, PartyOrg, PartyMember, HalfYearReport))
    assert settings.PAGINATE_BY < total < 2 * settings.PAGINATE_BY
    client.force_login(county_staff)
    first = client.get(AUDIT_URL)
    count = first.context["page_obj"].paginator.count
    assert count == total
    second = client.get(AUDIT_URL, {"page": 2})
    rows_first, rows_second = entries_of(first), entries_of(second)
    assert len(rows_first) == settings.PAGINATE_BY and len(rows_second) == count - settings.PAGINATE_BY
    dates = [e.date for e in rows_first + rows_second]
    assert dates == sorted(dates, reverse=True)
    keys = {(str(e.record_type), e.record_id, e.date) for e in rows_first + rows_second}
    assert len(keys) == count  # no row twice, none left out
    assert 'data-testid="page-next"' in first.content.decode()
    assert 'data-testid="page-previous"' in second.content.decode()


def test_record_type_filter_queries_only_that_table():
    make_history(updates=2)
    with CaptureQueriesContext(connection) as captured:
        list(audit_entries(record_type="organizations.organization")[:10])
    sql = captured.captured_queries[0]["sql"].upper()
    assert "UNION" not in sql
    assert "ORGANIZATIONS_HISTORICALORGANIZATION" in sql and "MEMBERS_" not in sql


def test_all_types_are_one_union_all_query_with_limit():
    make_history(updates=2)
    with CaptureQueriesContext(connection) as captured:
        rows = list(audit_entries()[:3])
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"].upper()
    assert "UNION ALL" in sql and "LIMIT" in sql
    assert len(rows) == 3


def page_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(AUDIT_URL)
    assert response.status_code == 200
    return len(captured.captured_queries), len(entries_of(response))


def test_page_queries_do_not_grow_with_the_history(client, county_staff):
    client.force_login(county_staff)
    make_history(updates=5, user=county_staff)
    few_queries, few_rows = page_queries(client)
    make_history(updates=50, user=county_staff)
    many_queries, many_rows = page_queries(client)
    assert few_rows < settings.PAGINATE_BY == many_rows
    assert many_queries == few_queries


def test_export_has_every_filtered_row(client, county_staff, mixed_history, in_english):
    org, member = mixed_history
    client.force_login(county_staff)
    response = client.get(AUDIT_URL, {"record_type": "members.partymember", "_export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("When", "Who", "Action")
    assert len(rows) == 3  # the header, the change and the creation
    old_name = member.history.get(history_type="+").name
    assert rows[1][1:6] == ("sec-T01", "Changed", "party member", str(member), f"Name：{old_name} → Renamed member")
    assert rows[1][0] == datetime.datetime(2026, 3, 2, 0, 10)  # local time, as Excel has no time zones
    original = f"{member.history.get(history_type='+').name}（{member.member_id}）"  # labels are as of the time
    assert rows[2][1:6] == (None, "Created", "party member", original, None)


# Retention ------------------------------------------------------------------------------------

def age_history(record, days: int):
    """Move every history row of RECORD DAYS days into the past."""
    record.history.update(history_date=timezone.now() - datetime.timedelta(days=days))


def test_prune_deletes_history_older_than_the_retention_and_keeps_the_rest(settings):
    settings.HISTORY_RETENTION_DAYS = 400
    old_org, young_org = OrganizationFactory(), OrganizationFactory()
    old_party_org = PartyOrgFactory(organizations=[old_org])
    age_history(old_org, 401)
    age_history(old_party_org, 401)
    age_history(young_org, 399)
    through = PartyOrg.history.model.organizations.model
    assert through.objects.filter(history__id=old_party_org.pk).exists()

    call_command("prune_history", stdout=io.StringIO())

    assert not old_org.history.exists()
    assert not old_party_org.history.exists()
    assert not through.objects.filter(history__id=old_party_org.pk).exists()  # no orphaned m2m rows
    assert young_org.history.count() == 1
    assert Organization.objects.filter(pk=old_org.pk).exists()  # the record itself stays


def test_prune_dry_run_deletes_nothing(settings, capsys):
    org = OrganizationFactory()
    age_history(org, settings.HISTORY_RETENTION_DAYS + 1)
    call_command("prune_history", dry_run=True)
    assert org.history.count() == 1
    assert "Would delete 1 history rows" in capsys.readouterr().out


def test_prune_task_uses_the_setting(settings):
    settings.HISTORY_RETENTION_DAYS = 200
    org = OrganizationFactory()
    age_history(org, 201)
    result = prune_history.delay().get()
    assert result["organizations.organization"] == 1
    assert not org.history.exists()


def test_retention_under_six_months_is_refused_by_the_command():
    org = OrganizationFactory()
    age_history(org, 150)
    expected = str(MSG_RETENTION_TOO_SHORT % {"minimum": MIN_HISTORY_RETENTION_DAYS, "days": 100})
    with pytest.raises(CommandError) as refused:
        call_command("prune_history", days=100)
    assert str(refused.value) == expected and "183" in expected and "100" in expected
    assert org.history.count() == 1  # nothing deleted


def test_retention_under_six_months_is_refused_by_the_task(settings):
    settings.HISTORY_RETENTION_DAYS = 100
    org = OrganizationFactory()
    age_history(org, 150)
    with pytest.raises(ImproperlyConfigured):
        prune_history.delay()
    assert org.history.count() == 1


def test_system_check_fires_for_a_short_retention(settings):
    settings.HISTORY_RETENTION_DAYS = 100
    errors = check_history_retention()
    assert [error.id for error in errors] == [E001]
    assert errors[0].msg == str(MSG_RETENTION_TOO_SHORT % {"minimum": 183, "days": 100})
    with pytest.raises(SystemCheckError, match="audit.E001"):
        call_command("check")


def test_system_check_passes_at_six_months(settings):
    settings.HISTORY_RETENTION_DAYS = MIN_HISTORY_RETENTION_DAYS
    assert check_history_retention() == []
    assert settings.HISTORY_RETENTION_DAYS >= 183


@pytest.mark.django_db
def test_history_pruning_is_scheduled_weekly_in_beat():
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    task = PeriodicTask.objects.get(task="audit.tasks.prune_history")
    assert task.enabled
    assert (task.crontab.day_of_week, task.crontab.hour, task.crontab.minute) == ("0", "3", "30")
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    assert task.task in app.tasks
