"""Officers and contact points (issue 4, items 7 and 8) through the pages as each role: the warning
above two organizations, the uncovered organizations without an officer with suggested officers
accepted in one action, and the county leaders without a contact point."""
import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import rules
from members.models import Officer
from members.services import officer_update
from members.tests.factories import CountyLeaderFactory, OfficerFactory
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from targets import selectors, suggestions
from targets.compliance import compute_compliance
from targets.services import officer_assignments_accept
from tests.browser_forms import with_lock

pytestmark = pytest.mark.django_db

OfficerOrgs = Officer.organizations.through
UNCOVERED_URL = "targets:uncovered_organizations"
ACCEPT_URL = "targets:officer_suggestions_accept"
NO_CONTACT_URL = "targets:leaders_without_contact"
CITY, EAST = "城关镇", "东河镇"


@pytest.fixture(autouse=True)
def english(in_english):
    """Pages and the expected messages in English."""


@pytest.fixture
def today():
    return timezone.localdate()


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def message_texts(client, response) -> list[str]:
    """The messages a post left, then shown (so consumed) on the page it redirects to."""
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    if response.status_code == 302:
        shown = client.get(response.url)
        assert [str(m) for m in shown.context["messages"]] == texts
    return texts


def warning(name, count):
    return rules.MSG_OFFICER_OVER_CAPACITY % {"name": name, "count": count, "max": 2}


def assignments():
    """Every (officer, organization) row: what a refused action must leave untouched."""
    return sorted(OfficerOrgs.objects.values_list("officer_id", "organization_id"))


def uncovered_codes(client):
    response = client.get(reverse(UNCOVERED_URL))
    assert response.status_code == 200
    return response, {s.organization.credit_code for s in response.context["table"].data.data}


def suggestions_for(user, today):
    return suggestions.suggest_officers(selectors.uncovered_without_officer_for(user, as_of=today), as_of=today)


def officer_of(suggestions) -> dict:
    return {s.organization.credit_code: s.officer for s in suggestions}


def uncovered_figure(today):
    return compute_compliance(as_of=today, details=True)["targets"]["uncovered_have_officer"]


# -- the warning above two organizations ------------------------------------------------------------

def officer_payload(orgs, **extra):
    return {"officer_id": "F900", "name": "李指导", "role": "instructor", "home_unit": "县财政局",
            "appointed_on": "2009-03-01", "organizations": [o.pk for o in orgs], **extra}


def test_officer_form_shows_the_limit_in_the_help_of_its_organizations(client, county_staff):
    client.force_login(county_staff)
    response = client.get(reverse("members:officer_create"))
    assert response.context["form"].fields["organizations"].help_text == rules.MSG_OFFICER_LOAD_HELP % {"max": 2}
    assert str(rules.MSG_OFFICER_LOAD_HELP % {"max": 2}) in response.content.decode()


def test_saving_an_officer_with_three_organizations_warns_and_saves(client, county_staff, unit):
    orgs = OrganizationFactory.create_batch(3, unit=unit)
    client.force_login(county_staff)
    response = client.post(reverse("members:officer_create"), officer_payload(orgs))
    officer = Officer.objects.get(officer_id="F900")
    assert response.status_code == 302 and response.url == officer.get_absolute_url()
    assert officer.organizations.count() == 3  # a warning, not a refusal
    assert message_texts(client, response) == [warning("李指导", 3)]


def test_saving_an_officer_with_two_organizations_gives_no_warning(client, county_staff, unit):
    orgs = OrganizationFactory.create_batch(2, unit=unit)
    client.force_login(county_staff)
    response = client.post(reverse("members:officer_create"), officer_payload(orgs))
    assert response.status_code == 302
    assert Officer.objects.get(officer_id="F900").organizations.count() == 2
    assert message_texts(client, response) == []


def test_editing_an_officer_up_to_three_organizations_warns(client, county_staff, unit):
    orgs = OrganizationFactory.create_batch(3, unit=unit)
    officer = OfficerFactory(officer_id="F900", name="李指导", organizations=orgs[:2])
    client.force_login(county_staff)
    edit = officer.get_absolute_url() + "edit/"
    response = client.post(edit, with_lock(client, edit, officer_payload(orgs)))
    assert response.status_code == 302
    assert message_texts(client, response) == [warning("李指导", 3)]
    response = client.post(edit, with_lock(client, edit, officer_payload(orgs[:2])))
    assert message_texts(client, response) == []


def test_assign_action_warns_above_two_but_not_at_two(client, county_staff, unit):
    first, second, third = OrganizationFactory.create_batch(3, unit=unit)
    officer = OfficerFactory(name="王联络", organizations=[first])
    url = reverse("members:officer_assign", kwargs={"officer_id": officer.officer_id})
    client.force_login(county_staff)
    page = client.get(officer.get_absolute_url())
    assert set(page.context["assign_form"].fields["organizations"].queryset) == {second, third}

    response = client.post(url, {"organizations": [second.pk]})
    assert response.status_code == 302
    assert message_texts(client, response) == [rules.MSG_OFFICER_ASSIGNED % {"name": "王联络", "count": 2}]

    response = client.post(url, {"organizations": [third.pk]})
    assert response.status_code == 302
    assert set(officer.organizations.all()) == {first, second, third}
    assert message_texts(client, response) == [warning("王联络", 3),
                                       rules.MSG_OFFICER_ASSIGNED % {"name": "王联络", "count": 3}]
    assert warning("王联络", 3) in client.get(officer.get_absolute_url()).content.decode()


def test_secretary_cannot_assign_organizations_to_an_officer(client, unit_secretary, unit):
    mine = OrganizationFactory(unit=unit)
    officer = OfficerFactory(organizations=[mine])
    other = OrganizationFactory(unit=unit)
    client.force_login(unit_secretary)
    page = client.get(officer.get_absolute_url())
    assert page.status_code == 200 and "assign_form" not in page.context
    response = client.post(reverse("members:officer_assign", kwargs={"officer_id": officer.officer_id}),
                           {"organizations": [other.pk]})
    assert response.status_code == 403
    assert list(officer.organizations.all()) == [mine]


# -- the uncovered organizations without an officer -------------------------------------------------

def test_uncovered_page_lists_exactly_the_failing_organizations_of_the_target(client, county_staff, unit, today):
    plain = OrganizationFactory(unit=unit, name="无覆盖")
    joint_a, joint_b = OrganizationFactory.create_batch(2, unit=unit)
    PartyOrgFactory(unit=unit, form="joint", organizations=[joint_a, joint_b])
    revoked_today = OrganizationFactory(unit=unit)
    PartyOrgFactory(unit=unit, organizations=[revoked_today], revoked_on=today)  # not active at D
    revoked_tomorrow = OrganizationFactory(unit=unit)
    PartyOrgFactory(unit=unit, organizations=[revoked_tomorrow], revoked_on=day(1))  # still active at D
    established_tomorrow = OrganizationFactory(unit=unit)
    PartyOrgFactory(unit=unit, organizations=[established_tomorrow], established_on=day(1))
    OrganizationFactory(unit=unit, individual_business=True)
    OrganizationFactory(unit=unit, status="closed")
    served = OrganizationFactory(unit=unit)
    OfficerFactory(organizations=[served], appointed_on=today)  # serves from today
    officer_tomorrow = OrganizationFactory(unit=unit)
    OfficerFactory(organizations=[officer_tomorrow], appointed_on=day(1))  # does not serve yet

    client.force_login(county_staff)
    response, codes = uncovered_codes(client)
    expected = {plain.credit_code, revoked_today.credit_code, established_tomorrow.credit_code,
                officer_tomorrow.credit_code}
    assert codes == expected
    assert set(uncovered_figure(today)["failing"]) == expected
    assert plain.name in response.content.decode()


def test_suggestions_prefer_the_same_township_and_respect_capacity(unit, county_staff, today):
    c1, c2 = OrganizationFactory(unit=unit, township=CITY), OrganizationFactory(unit=unit, township=CITY)
    e1, e2 = OrganizationFactory(unit=unit, township=EAST), OrganizationFactory(unit=unit, township=EAST)
    looked_after = OrganizationFactory(unit=unit, township=CITY)
    PartyOrgFactory(unit=unit, organizations=[looked_after])  # covered, so not itself uncovered
    city_officer = OfficerFactory(officer_id="F001", organizations=[looked_after])  # 城关镇, spare 1
    east_officer = OfficerFactory(officer_id="F002", home_unit="东河镇人民政府")  # 东河镇 by home unit, spare 2
    bureau = OfficerFactory(officer_id="F003", home_unit="县财政局")  # no township, spare 2
    full = OfficerFactory(officer_id="F000", organizations=OrganizationFactory.create_batch(2, unit=unit,
                                                                                             township=CITY))
    PartyOrgFactory(unit=unit, form="joint", organizations=list(full.organizations.all()))
    OfficerFactory(officer_id="F004", appointed_on=day(1))  # not serving yet

    suggestions = suggestions_for(county_staff, today)
    chosen = officer_of(suggestions)
    first_city, second_city = sorted([c1, c2], key=lambda o: o.credit_code)
    assert chosen == {first_city.credit_code: city_officer, second_city.credit_code: bureau,
                      e1.credit_code: east_officer, e2.credit_code: east_officer}
    same = {s.organization.credit_code: s.same_township for s in suggestions}
    assert same == {first_city.credit_code: True, second_city.credit_code: False,
                    e1.credit_code: True, e2.credit_code: True}


def test_suggestions_never_exceed_an_officers_spare_capacity(unit, county_staff, today):
    orgs = OrganizationFactory.create_batch(4, unit=unit)
    one_left = OfficerFactory(organizations=[OrganizationFactory(unit=unit, status="closed")])  # load 1, any org
    two_left = OfficerFactory()
    suggestions = suggestions_for(county_staff, today)
    given = [s.officer for s in suggestions]
    assert given.count(one_left) == 1 and given.count(two_left) == 2
    assert given.count(None) == 1
    assert len(suggestions) == len(orgs)


def test_suggestions_follow_the_officer_load_parameter(unit, county_staff, today):
    from targets.models import PlanTarget

    PlanTarget.objects.filter(code="officer_load").update(parameters={"max_organizations": 3})
    OrganizationFactory.create_batch(4, unit=unit)
    officer = OfficerFactory()
    assert [s.officer for s in suggestions_for(county_staff, today)].count(officer) == 3


def test_suggest_officers_runs_a_fixed_number_of_queries(unit, county_staff, today):
    OrganizationFactory.create_batch(3, unit=unit)
    OfficerFactory.create_batch(2)
    with CaptureQueriesContext(connection) as queries:
        suggestions_for(county_staff, today)
    assert len(queries) == suggestions.SUGGESTION_QUERIES


# -- accepting the suggestions in one action ---------------------------------------------------------

def posted_pairs(client):
    response = client.get(reverse(UNCOVERED_URL))
    pairs = [s.pair for s in response.context["table"].data.data if s.officer]
    html = response.content.decode()
    assert all(f'value="{pair}" checked' in html for pair in pairs)  # ticked by default
    return pairs


def test_staff_accept_all_suggestions_and_the_target_improves(client, county_staff, unit, today):
    orgs = OrganizationFactory.create_batch(3, unit=unit)
    OfficerFactory.create_batch(2)
    before = uncovered_figure(today)
    assert (before["numerator"], before["denominator"]) == (0, 3)

    client.force_login(county_staff)
    pairs = posted_pairs(client)
    assert len(pairs) == 3
    response = client.post(reverse(ACCEPT_URL), {"pair": pairs})
    assert response.status_code == 302 and response.url == reverse(UNCOVERED_URL)
    assert message_texts(client, response) == [rules.MSG_SUGGESTIONS_ACCEPTED % {"count": 3}]
    assert OfficerOrgs.objects.filter(organization__in=orgs).count() == 3
    after = uncovered_figure(today)
    assert (after["numerator"], after["denominator"], after["met"]) == (3, 3, True)
    assert uncovered_codes(client)[1] == set()
    assert all(o.organizations.count() <= 2 for o in Officer.objects.all())


def test_staff_accept_only_the_ticked_suggestions(client, county_staff, unit):
    OrganizationFactory.create_batch(2, unit=unit)
    OfficerFactory()
    client.force_login(county_staff)
    pairs = posted_pairs(client)
    client.post(reverse(ACCEPT_URL), {"pair": pairs[:1]})
    assert len(assignments()) == 1


def test_a_stale_suggestion_refuses_the_whole_batch(client, county_staff, unit, today):
    orgs = OrganizationFactory.create_batch(3, unit=unit)
    OfficerFactory.create_batch(2)
    client.force_login(county_staff)
    pairs = posted_pairs(client)
    # Meanwhile a party org is set up for the organization taken last: its suggestion is stale.
    last = max(orgs, key=lambda o: o.credit_code)
    PartyOrgFactory(unit=unit, organizations=[last])
    before = assignments()
    response = client.post(reverse(ACCEPT_URL), {"pair": pairs})
    assert response.status_code == 302
    assert message_texts(client, response) == [rules.MSG_SUGGESTION_NOT_UNCOVERED % {"organization": last.name}]
    assert assignments() == before == []


def test_an_officer_filled_meanwhile_refuses_the_whole_batch(client, county_staff, unit):
    OrganizationFactory.create_batch(2, unit=unit)
    officer = OfficerFactory(name="赵指导")
    client.force_login(county_staff)
    pairs = posted_pairs(client)
    assert len(pairs) == 2
    officer_update(officer=officer, data={"organizations": [OrganizationFactory(unit=unit, status="closed")]})
    before = assignments()
    response = client.post(reverse(ACCEPT_URL), {"pair": pairs})
    assert message_texts(client, response) == [rules.MSG_SUGGESTION_OVER_CAPACITY % {
        "officer": str(officer), "count": 1, "new": 2, "max": 2}]
    assert assignments() == before


def test_accept_service_refuses_an_organization_already_looked_after(county_staff, unit):
    org, other = OrganizationFactory.create_batch(2, unit=unit)
    first, second = OfficerFactory.create_batch(2)
    officer_update(officer=second, data={"organizations": [org]})
    with pytest.raises(ValidationError) as refused:
        officer_assignments_accept(pairs=[(first, other), (first, org)], user=county_staff)
    assert rules.MSG_SUGGESTION_NOT_UNCOVERED % {"organization": org.name} in refused.value.messages
    assert assignments() == [(second.pk, org.pk)]


def test_accepting_nothing_is_refused_with_a_message(client, county_staff, unit):
    OrganizationFactory(unit=unit)
    OfficerFactory()
    client.force_login(county_staff)
    response = client.post(reverse(ACCEPT_URL), {})
    assert message_texts(client, response) == [str(rules.MSG_SUGGESTION_NONE_CHOSEN)]
    assert assignments() == []


# -- roles ---------------------------------------------------------------------------------------------

def test_secretary_cannot_accept_suggestions(client, county_staff, unit_secretary, unit):
    OrganizationFactory.create_batch(2, unit=unit)
    OfficerFactory()
    client.force_login(county_staff)
    pairs = posted_pairs(client)
    client.force_login(unit_secretary)
    response = client.post(reverse(ACCEPT_URL), {"pair": pairs})
    assert response.status_code == 403
    assert assignments() == []
    with pytest.raises(PermissionDenied):
        officer_assignments_accept(pairs=[], user=unit_secretary)


def test_secretary_sees_only_their_units_rows_and_no_accept(client, unit_secretary, unit, other_unit):
    mine = OrganizationFactory(unit=unit)
    theirs = OrganizationFactory(unit=other_unit)
    OfficerFactory()
    client.force_login(unit_secretary)
    response, codes = uncovered_codes(client)
    assert codes == {mine.credit_code}
    html = response.content.decode()
    assert theirs.name not in html
    assert 'data-testid="accept-pair"' not in html and reverse(ACCEPT_URL) not in html


def test_county_staff_see_every_units_rows(client, county_staff, unit, other_unit):
    mine, theirs = OrganizationFactory(unit=unit), OrganizationFactory(unit=other_unit)
    client.force_login(county_staff)
    assert uncovered_codes(client)[1] == {mine.credit_code, theirs.credit_code}


# -- contact points ------------------------------------------------------------------------------------

def test_leaders_without_an_active_contact_point_are_listed(client, county_staff, unit, today):
    active = OrganizationFactory(unit=unit, name="联系点企业")
    closed = OrganizationFactory(unit=unit, name="已关闭企业", status="closed")
    with_contact = CountyLeaderFactory(leader_id="L01", contact_points=[active])
    without = CountyLeaderFactory(leader_id="L02")
    only_closed = CountyLeaderFactory(leader_id="L03", contact_points=[closed])
    client.force_login(county_staff)
    response = client.get(reverse(NO_CONTACT_URL))
    assert response.status_code == 200
    listed = {leader.leader_id for leader in response.context["table"].data.data}
    assert listed == {without.leader_id, only_closed.leader_id}
    failing = compute_compliance(as_of=today, details=True)["targets"]["leaders_contact"]["failing"]
    assert set(failing) == listed
    assert with_contact.leader_id not in {row.record.leader_id for row in response.context["table"].rows}


def test_leader_list_and_detail_show_the_contact_organizations(client, county_staff, unit):
    active = OrganizationFactory(unit=unit, name="联系点企业")
    closed = OrganizationFactory(unit=unit, name="已关闭企业", status="closed")
    leader = CountyLeaderFactory(contact_points=[active, closed])
    client.force_login(county_staff)
    html = client.get(reverse("members:countyleader_list")).content.decode()
    assert active.get_absolute_url() in html and active.name in html
    assert "已关闭企业 (closed)" in html  # a closed contact point does not count: it is marked
    detail = client.get(leader.get_absolute_url()).content.decode()
    assert active.name in detail and closed.name in detail


def test_secretary_cannot_open_leaders_without_contact_point(client, unit_secretary):
    CountyLeaderFactory()
    client.force_login(unit_secretary)
    assert client.get(reverse(NO_CONTACT_URL)).status_code == 403


# -- query counts do not grow with the rows ----------------------------------------------------------

def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def make_uncovered(unit, n):
    for i in range(n):
        township = CITY if i % 2 else EAST
        OrganizationFactory(unit=unit, township=township)
        covered = OrganizationFactory(unit=unit, township=township)
        PartyOrgFactory(unit=unit, organizations=[covered])
        OfficerFactory(organizations=[covered])  # an officer with spare capacity in that township


def make_leaders(unit, n):
    for _ in range(n):
        CountyLeaderFactory(contact_points=[OrganizationFactory(unit=unit, status="closed")])


@pytest.mark.parametrize("export", [False, True], ids=["page", "export"])
@pytest.mark.parametrize(("url_name", "make"), [(UNCOVERED_URL, make_uncovered), (NO_CONTACT_URL, make_leaders),
                                                ("members:countyleader_list", make_leaders)],
                         ids=["uncovered", "leaders-without-contact", "leaders"])
def test_query_count_does_not_grow_with_rows(client, county_staff, unit, url_name, make, export):
    url = reverse(url_name)
    params = {"_export": "xlsx"} if export else {}
    client.force_login(county_staff)
    make(unit, 2)
    client.get(url)  # warm up the session and the content types
    few = count_queries(client, url, params)
    make(unit, 13)  # 15 rows
    rows = client.get(url).context["table"].paginator.count
    assert rows == 15
    many = count_queries(client, url, params)
    assert many == few
