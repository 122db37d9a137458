"""Member follow-up: relationships due to transfer (relations_transferred), members under no
management (members_managed) and how hidden members were found, as each role."""
import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import rules
from members.models import DiscoveredVia, PartyMember
from members.selectors import discovered_via_breakdown
from members.services import member_managing_unit_assign, member_relation_transferred
from members.tests.factories import MemberFactory
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from targets.compliance import compute_compliance
from targets.scope import Scope
from targets.selectors import members_due_transfer_for, members_unmanaged_for, transfer_days_overdue

pytestmark = pytest.mark.django_db

D = datetime.date
TRANSFERS = reverse("targets:follow_up_transfers")
UNMANAGED = reverse("targets:follow_up_unmanaged")


@pytest.fixture(autouse=True)
def english(in_english):
    """Pages and the expected messages in English."""


@pytest.fixture
def org(unit):
    return OrganizationFactory(unit=unit)


@pytest.fixture
def other_org(other_unit):
    return OrganizationFactory(unit=other_unit)


def failing(code, *, as_of=None, scope=None):
    return compute_compliance(as_of=as_of, scope=scope, details=True)["targets"][code]["failing"]


def figure(code):
    target = compute_compliance(details=True)["targets"][code]
    return target["numerator"], target["denominator"]


def ids(queryset):
    return sorted(queryset.values_list("member_id", flat=True))


def due_member(org, **kw):
    """A member due today: employed and admitted more than six months ago, not transferred."""
    long_ago = timezone.localdate() - relativedelta(months=7)
    return MemberFactory(organization=org, joined_on=long_ago, full_on=None, employed_since=long_ago, **kw)


# -- relationships due to transfer: the engine's failing list of relations_transferred ---------

def test_due_list_is_the_engines_failing_list_at_the_six_month_month_end_boundary(county_staff, org):
    """D = 2011-02-28: 2010-08-31 + 6 months is 2011-02-28 (clipped), so it is due; 2010-09-01 is not.
    The six months run from the later of employment and admission."""
    as_of = D(2011, 2, 28)
    make = lambda mid, **kw: MemberFactory(member_id=mid, organization=org, full_on=None, **kw)  # noqa: E731
    make("E-DUE", employed_since=D(2010, 8, 31), joined_on=D(2005, 1, 1))        # employment, month end: due
    make("E-NOT", employed_since=D(2010, 9, 1), joined_on=D(2005, 1, 1))         # one day short
    make("J-DUE", employed_since=D(2005, 1, 1), joined_on=D(2010, 8, 31))        # admission is the later
    make("J-NOT", employed_since=D(2005, 1, 1), joined_on=D(2010, 9, 1))         # admission later, too recent
    make("BOTH-NOT", employed_since=D(2010, 8, 1), joined_on=D(2010, 9, 1))      # employment alone would be due
    make("DONE", employed_since=D(2005, 1, 1), joined_on=D(2005, 1, 1), relation_transferred=True)
    MemberFactory(member_id="CLOSED", organization=OrganizationFactory(unit=org.unit, status="closed"),
                  employed_since=D(2005, 1, 1), joined_on=D(2005, 1, 1), full_on=None)

    listed = ids(members_due_transfer_for(county_staff, as_of=as_of))
    assert listed == ["E-DUE", "J-DUE"]
    assert listed == failing("relations_transferred", as_of=as_of)
    # The day before, the month-end member is not due yet; on D + 1 the next one is.
    assert ids(members_due_transfer_for(county_staff, as_of=D(2011, 2, 27))) == failing(
        "relations_transferred", as_of=D(2011, 2, 27)) == []
    on_march_first = ["BOTH-NOT", "E-DUE", "E-NOT", "J-DUE", "J-NOT"]
    assert ids(members_due_transfer_for(county_staff, as_of=D(2011, 3, 1))) == on_march_first
    assert failing("relations_transferred", as_of=D(2011, 3, 1)) == on_march_first


def test_due_list_of_a_secretary_is_the_engines_list_for_their_unit(unit_secretary, org, other_org, unit):
    mine = due_member(org)
    managed_here = due_member(other_org, managing_unit=unit)
    due_member(other_org)
    listed = ids(members_due_transfer_for(unit_secretary, as_of=timezone.localdate()))
    assert listed == sorted([mine.member_id, managed_here.member_id])
    assert listed == failing("relations_transferred", scope=Scope(unit_code=unit.code))


def test_days_overdue_count_from_the_month_end_clipped_due_date():
    assert transfer_days_overdue(D(2010, 8, 31), as_of=D(2011, 3, 10), months=6) == 10  # due 2011-02-28
    assert transfer_days_overdue(D(2010, 6, 30), as_of=D(2010, 12, 30), months=6) == 0


def test_due_page_shows_days_overdue_and_the_action(client, county_staff, org):
    member = due_member(org)
    client.force_login(county_staff)
    response = client.get(TRANSFERS)
    assert response.status_code == 200
    rows = list(response.context["table"].rows)
    assert [row.record.member_id for row in rows] == [member.member_id]
    expected = (timezone.localdate() - (member.employed_since + relativedelta(months=6))).days
    assert rows[0].get_cell_value("days_overdue") == expected > 0
    assert reverse("members:partymember_relation_transferred", args=[member.member_id]) in response.content.decode()


def test_staff_records_a_transfer_and_the_engines_figure_changes(client, county_staff, org):
    member = due_member(org)
    before = figure("relations_transferred")
    client.force_login(county_staff)
    on = timezone.localdate()
    response = client.post(reverse("members:partymember_relation_transferred", args=[member.member_id]),
                           {"on": on.isoformat(), "next": TRANSFERS})
    assert response.status_code == 302 and response.url == TRANSFERS
    member.refresh_from_db()
    assert member.relation_transferred
    assert member.history.first().history_change_reason == f"relation transferred on {on.isoformat()}"
    assert member.member_id not in failing("relations_transferred")
    assert figure("relations_transferred") == (before[0] + 1, before[1])
    assert list(client.get(TRANSFERS).context["table"].rows) == []


def test_secretary_records_a_transfer_of_their_units_member(client, unit_secretary, org):
    member = due_member(org)
    client.force_login(unit_secretary)
    url = reverse("members:partymember_relation_transferred", args=[member.member_id])
    assert client.post(url, {"on": timezone.localdate().isoformat()}).status_code == 302
    member.refresh_from_db()
    assert member.relation_transferred


def test_other_units_secretary_gets_404_and_nothing_changes(client, other_secretary, org):
    member = due_member(org)
    client.force_login(other_secretary)
    url = reverse("members:partymember_relation_transferred", args=[member.member_id])
    assert client.post(url, {"on": timezone.localdate().isoformat()}).status_code == 404
    member.refresh_from_db()
    assert not member.relation_transferred
    assert member.member_id in failing("relations_transferred")
    assert list(client.get(TRANSFERS).context["table"].rows) == []


def test_a_transfer_in_the_future_is_refused_with_the_message(client, county_staff, org):
    member = due_member(org)
    client.force_login(county_staff)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("members:partymember_relation_transferred", args=[member.member_id]),
                           {"on": tomorrow.isoformat()})
    assert response.status_code == 200
    expected = str(rules.MSG_RELATION_TRANSFER_IN_FUTURE % {"on": tomorrow, "today": timezone.localdate()})
    assert response.context["transfer_form"].errors["on"] == [expected]
    member.refresh_from_db()
    assert not member.relation_transferred


def test_a_transfer_is_recorded_once_and_not_before_admission(org):
    member = due_member(org)
    with pytest.raises(ValidationError) as exc:
        member_relation_transferred(member=member, on=member.joined_on - datetime.timedelta(days=1))
    assert exc.value.message_dict["on"] == [str(rules.MSG_RELATION_TRANSFER_BEFORE_JOINED % {
        "on": member.joined_on - datetime.timedelta(days=1), "joined": member.joined_on})]
    member_relation_transferred(member=member, on=member.joined_on)
    with pytest.raises(ValidationError) as exc:
        member_relation_transferred(member=member, on=member.joined_on)
    assert exc.value.messages == [str(rules.MSG_RELATION_ALREADY_TRANSFERRED % {"name": member.name})]


# -- members under no management: the engine's failing list of members_managed -----------------

def test_unmanaged_list_is_the_engines_failing_list(county_staff, org, unit):
    as_of = D(2010, 6, 30)
    MemberFactory(member_id="IN-ORG", organization=org, party_org=PartyOrgFactory(unit=unit))
    MemberFactory(member_id="BY-UNIT", organization=org, managing_unit=unit)
    MemberFactory(member_id="NONE", organization=org)
    MemberFactory(member_id="REVOKED", organization=org,
                  party_org=PartyOrgFactory(unit=unit, revoked_on=D(2010, 6, 30)))
    MemberFactory(member_id="NOT-YET", organization=org,
                  party_org=PartyOrgFactory(unit=unit, established_on=D(2010, 7, 1)))
    MemberFactory(member_id="LATER", organization=org, joined_on=D(2010, 7, 1), full_on=None)  # not counting at D
    listed = ids(members_unmanaged_for(county_staff, as_of=as_of))
    assert listed == ["NONE", "NOT-YET", "REVOKED"]
    assert listed == failing("members_managed", as_of=as_of)


def test_secretary_assigns_their_own_unit_and_the_engines_figure_changes(client, unit_secretary, org, unit):
    member = MemberFactory(organization=org)
    before = figure("members_managed")
    client.force_login(unit_secretary)
    assert [row.record for row in client.get(UNMANAGED).context["table"].rows] == [member]
    response = client.post(reverse("members:partymember_assign_unit", args=[member.member_id]),
                           {"unit": unit.pk, "next": UNMANAGED})
    assert response.status_code == 302 and response.url == UNMANAGED
    member.refresh_from_db()
    assert member.managing_unit == unit
    assert failing("members_managed") == []
    assert figure("members_managed") == (before[0] + 1, before[1])


def test_secretary_cannot_make_another_unit_the_manager(client, unit_secretary, org, other_unit):
    member = MemberFactory(organization=org)
    client.force_login(unit_secretary)
    response = client.post(reverse("members:partymember_assign_unit", args=[member.member_id]),
                           {"unit": other_unit.pk})
    assert response.status_code == 200
    assert response.context["assign_unit_form"].errors["unit"]
    member.refresh_from_db()
    assert member.managing_unit is None
    # The service refuses it too, whatever the form offers.
    with pytest.raises(ValidationError) as exc:
        member_managing_unit_assign(member=member, unit=other_unit, by=unit_secretary)
    assert exc.value.message_dict["unit"] == [str(rules.MSG_MANAGING_UNIT_NOT_OWN % {"unit": other_unit})]
    member.refresh_from_db()
    assert member.managing_unit is None


def test_staff_assign_any_unit(client, county_staff, org, other_unit):
    member = MemberFactory(organization=org)
    client.force_login(county_staff)
    assert client.post(reverse("members:partymember_assign_unit", args=[member.member_id]),
                       {"unit": other_unit.pk}).status_code == 302
    member.refresh_from_db()
    assert member.managing_unit == other_unit


def test_other_units_secretary_cannot_assign_a_unit(client, other_secretary, org, other_unit):
    member = MemberFactory(organization=org)
    client.force_login(other_secretary)
    assert client.post(reverse("members:partymember_assign_unit", args=[member.member_id]),
                       {"unit": other_unit.pk}).status_code == 404
    member.refresh_from_db()
    assert member.managing_unit is None


# -- how hidden members were found -----------------------------------------------------------

def test_discovered_via_breakdown_in_one_query(county_staff, org, django_assert_num_queries):
    MemberFactory.create_batch(2, organization=org, discovered_via=DiscoveredVia.HIRING_FORM)
    MemberFactory(organization=org, discovered_via=DiscoveredVia.REGISTRATION_FORM)
    MemberFactory(organization=org)
    with django_assert_num_queries(1):
        counts = {value: n for value, _label, n in discovered_via_breakdown(county_staff)}
    assert counts == {"registration_form": 1, "hiring_form": 2, "self_reported": 0, "other": 0, "": 1}


def test_discovered_via_shown_in_the_member_list_and_detail_and_filtered(client, unit_secretary, org):
    hired = MemberFactory(organization=org, discovered_via=DiscoveredVia.HIRING_FORM)
    MemberFactory(organization=org, discovered_via=DiscoveredVia.REGISTRATION_FORM)
    client.force_login(unit_secretary)
    response = client.get(reverse("members:partymember_list"), {"discovered_via": "hiring_form"})
    assert [row.record for row in response.context["table"].rows] == [hired]
    assert "Party-member field on the hiring form" in response.content.decode()
    detail = client.get(hired.get_absolute_url()).content.decode()
    assert "Party-member field on the hiring form" in detail
    page = client.get(TRANSFERS)
    assert 'data-discovered-via="hiring_form">1<' in page.content.decode()


# -- list pages do not grow their queries with their rows ----------------------------------------

@pytest.mark.parametrize("url,make", [
    (TRANSFERS, lambda org: due_member(org, party_org=PartyOrgFactory(unit=org.unit))),
    (UNMANAGED, lambda org: MemberFactory(organization=org)),
])
def test_follow_up_lists_query_count_does_not_grow(client, unit_secretary, org, url, make):
    def count(n):
        PartyMember.objects.all().delete()
        for _ in range(n):
            make(org)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["table"].rows) == n
        return len(queries)

    client.force_login(unit_secretary)
    assert count(2) == count(15)
