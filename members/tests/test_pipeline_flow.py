"""The development pipeline, step by step, through the pages as each role: applicant → activist →
development candidate → probationary member → full member."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import rules
from members.models import PartyMember, PipelinePerson, Stage
from members.services import pipeline_person_admit
from members.tests.factories import MemberFactory, PipelinePersonFactory
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory
from targets.compliance import compute_compliance

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def english(in_english):
    """Pages and the expected messages in English."""


@pytest.fixture
def org(unit):
    return OrganizationFactory(unit=unit, name="城关制造有限公司")


@pytest.fixture
def other_org(other_unit):
    return OrganizationFactory(unit=other_unit, name="东河商贸有限公司")


def applicant(org, **kw):
    return PipelinePersonFactory(organization=org, stage=Stage.APPLICANT, applied_on=D(2009, 1, 10),
                                 activist_since=None, **kw)


def activist(org, **kw):
    return PipelinePersonFactory(organization=org, stage=Stage.ACTIVIST, applied_on=D(2009, 1, 10),
                                 activist_since=D(2009, 3, 1), **kw)


def candidate(org, **kw):
    return PipelinePersonFactory(organization=org, stage=Stage.CANDIDATE, applied_on=D(2009, 1, 10),
                                 activist_since=D(2009, 3, 1), candidate_since=D(2010, 3, 1), **kw)


def probationary(org, **kw):
    return MemberFactory(organization=org, joined_on=D(2010, 6, 1), full_on=None, **kw)


def step(client, person, to_stage, on, **extra):
    url = reverse("members:pipelineperson_step", kwargs={"person_id": person.person_id})
    return client.post(url, {"to_stage": to_stage, "on": on, **extra})


def make_full(client, member, on):
    return client.post(reverse("members:partymember_full", kwargs={"member_id": member.member_id}), {"on": on})


def step_errors(response, name="step_form"):
    form = response.context[name]
    return [str(e) for errors in form.errors.values() for e in errors]


def snapshot(person):
    """What a refused step must leave untouched: the row and its history."""
    person.refresh_from_db()
    return (person.stage, person.applied_on, person.activist_since, person.candidate_since,
            person.history.count())


# -- each step ----------------------------------------------------------------------------
def test_staff_moves_an_applicant_to_activist(client, county_staff, org):
    person = applicant(org)
    client.force_login(county_staff)
    response = step(client, person, "activist", "2009-03-01")
    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    person.refresh_from_db()
    assert (person.stage, person.activist_since) == (Stage.ACTIVIST, D(2009, 3, 1))
    page = client.get(response.url)
    assert rules.MSG_PERSON_ADVANCED % {"name": person.name, "stage": "Activist", "on": D(2009, 3, 1)} in \
        page.content.decode()


def test_activist_becomes_candidate_after_the_minimum_year(client, county_staff, org):
    person = activist(org)  # activist since 2009-03-01: 2010-03-01 is one calendar year later
    client.force_login(county_staff)
    response = step(client, person, "candidate", "2010-03-01")
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.stage, person.candidate_since) == (Stage.CANDIDATE, D(2010, 3, 1))


def test_candidate_step_too_early_is_refused_with_the_numbers(client, county_staff, org):
    person = activist(org)
    before = snapshot(person)
    client.force_login(county_staff)
    response = step(client, person, "candidate", "2010-02-28")
    assert response.status_code == 200
    expected = rules.MSG_ACTIVIST_TOO_SHORT % {"period": rules.interval_label(12), "since": D(2009, 3, 1),
                                               "on": D(2010, 2, 28), "earliest": D(2010, 3, 1)}
    assert step_errors(response) == [expected]
    assert "at least one year" in expected and "2010-03-01" in expected
    assert expected in response.content.decode()
    assert snapshot(person) == before


def test_skipping_a_stage_is_refused(client, county_staff, org):
    person = applicant(org)
    before = snapshot(person)
    client.force_login(county_staff)
    response = step(client, person, "candidate", "2010-06-01")
    assert response.status_code == 200
    assert step_errors(response) == [rules.MSG_STEP_WRONG_ORDER % {
        "name": person.name, "stage": "Applicant", "next": "Activist", "to": "Development candidate"}]
    assert snapshot(person) == before


def test_admitting_an_activist_who_is_not_a_candidate_is_refused(client, county_staff, org):
    person = activist(org)
    before = snapshot(person)
    client.force_login(county_staff)
    response = step(client, person, "probationary", "2010-06-01", gender="M", employed_since="2008-01-01")
    assert response.status_code == 200
    assert step_errors(response) == [rules.MSG_STEP_WRONG_ORDER % {
        "name": person.name, "stage": "Activist", "next": "Development candidate", "to": "Probationary member"}]
    assert snapshot(person) == before
    assert not PartyMember.objects.exists()


def test_a_step_dated_in_the_future_is_refused(client, county_staff, org):
    person = applicant(org)
    before = snapshot(person)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    client.force_login(county_staff)
    response = step(client, person, "activist", tomorrow.isoformat())
    assert step_errors(response) == [rules.MSG_STEP_IN_FUTURE % {"on": tomorrow, "today": today}]
    assert snapshot(person) == before


def test_a_step_dated_before_the_previous_step_is_refused(client, county_staff, org):
    person = applicant(org)  # applied on 2009-01-10
    before = snapshot(person)
    client.force_login(county_staff)
    response = step(client, person, "activist", "2009-01-09")
    assert step_errors(response) == [rules.MSG_STEP_BEFORE_PREVIOUS % {"on": D(2009, 1, 9),
                                                                       "previous": D(2009, 1, 10)}]
    assert snapshot(person) == before


def test_admission_creates_the_probationary_member_and_removes_the_pipeline_row(client, county_staff, org):
    person = candidate(org, union_or_league_head=True)
    party_org = PartyOrgFactory(unit=org.unit, organizations=[org])
    client.force_login(county_staff)
    response = step(client, person, "probationary", "2010-06-01", gender="F", employed_since="2008-05-01",
                    party_org=party_org.pk)
    member = PartyMember.objects.get()
    assert response.status_code == 302
    assert response.url == member.get_absolute_url()
    assert (member.member_id, member.name, member.organization) == (person.person_id, person.name, org)
    assert (member.joined_on, member.full_on) == (D(2010, 6, 1), None)
    assert (member.activist_since, member.employed_since, member.gender) == (D(2009, 3, 1), D(2008, 5, 1), "F")
    assert member.party_org == party_org
    assert not PipelinePerson.objects.filter(person_id=person.person_id).exists()
    assert person.history.model.objects.filter(person_id=person.person_id, history_type="-").exists()


def test_admission_dated_before_the_candidate_step_writes_nothing(client, county_staff, org):
    person = candidate(org)
    before = snapshot(person)
    client.force_login(county_staff)
    response = step(client, person, "probationary", "2010-02-28", gender="F", employed_since="2008-05-01")
    assert step_errors(response) == [rules.MSG_STEP_BEFORE_PREVIOUS % {"on": D(2010, 2, 28),
                                                                       "previous": D(2010, 3, 1)}]
    assert not PartyMember.objects.exists()
    assert snapshot(person) == before


def test_admission_needs_the_member_facts(client, county_staff, org):
    person = candidate(org)
    client.force_login(county_staff)
    response = step(client, person, "probationary", "2010-06-01")
    assert response.status_code == 200
    assert set(response.context["step_form"].errors) == {"gender", "employed_since"}
    assert not PartyMember.objects.exists()


def test_admission_with_a_taken_member_id_keeps_the_person():
    person = candidate(OrganizationFactory())
    MemberFactory(member_id=person.person_id)  # entered by hand meanwhile
    with pytest.raises(Exception):
        pipeline_person_admit(person=person, on=D(2010, 6, 1), gender="M", employed_since=D(2008, 1, 1))
    assert PipelinePerson.objects.filter(pk=person.pk).exists()
    assert PartyMember.objects.count() == 1


def test_probationary_member_becomes_full_after_a_year(client, county_staff, org):
    member = probationary(org)  # joined 2010-06-01
    client.force_login(county_staff)
    response = make_full(client, member, "2011-06-01")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_on == D(2011, 6, 1)


def test_full_step_too_early_is_refused_with_the_numbers(client, county_staff, org):
    member = probationary(org)
    client.force_login(county_staff)
    response = make_full(client, member, "2011-05-31")
    assert response.status_code == 200
    assert step_errors(response, "full_form") == [rules.MSG_PROBATION_TOO_SHORT % {
        "period": rules.interval_label(12), "since": D(2010, 6, 1), "on": D(2011, 5, 31),
        "earliest": D(2011, 6, 1)}]
    member.refresh_from_db()
    assert member.full_on is None


def test_full_step_in_the_future_is_refused(client, county_staff, org):
    member = probationary(org)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(county_staff)
    response = make_full(client, member, tomorrow.isoformat())
    assert step_errors(response, "full_form") == [rules.MSG_STEP_IN_FUTURE % {"on": tomorrow,
                                                                              "today": timezone.localdate()}]
    member.refresh_from_db()
    assert member.full_on is None


def test_a_full_member_has_no_further_step(client, county_staff, org):
    member = MemberFactory(organization=org, joined_on=D(2009, 1, 1), full_on=D(2010, 1, 1))
    client.force_login(county_staff)
    assert "full_form" not in client.get(member.get_absolute_url()).context
    response = make_full(client, member, "2012-01-01")
    assert step_errors(response, "full_form") == [rules.MSG_STEP_NONE_LEFT % {"name": member.name,
                                                                              "full": D(2010, 1, 1)}]
    member.refresh_from_db()
    assert member.full_on == D(2010, 1, 1)


# -- the intervals come from settings --------------------------------------------------------
def test_activist_interval_follows_the_setting(client, county_staff, org, settings):
    settings.PIPELINE_MIN_ACTIVIST_MONTHS = 1
    person = activist(org)
    client.force_login(county_staff)
    assert step(client, person, "candidate", "2009-04-01").status_code == 302
    person.refresh_from_db()
    assert person.stage == Stage.CANDIDATE


def test_a_longer_activist_interval_refuses_a_full_year(client, county_staff, org, settings):
    settings.PIPELINE_MIN_ACTIVIST_MONTHS = 13
    person = activist(org)
    client.force_login(county_staff)
    response = step(client, person, "candidate", "2010-03-01")
    assert step_errors(response) == [rules.MSG_ACTIVIST_TOO_SHORT % {
        "period": rules.interval_label(13), "since": D(2009, 3, 1), "on": D(2010, 3, 1),
        "earliest": D(2010, 4, 1)}]
    assert "13 months" in step_errors(response)[0]
    person.refresh_from_db()
    assert person.stage == Stage.ACTIVIST


def test_probation_interval_follows_the_setting(client, county_staff, org, settings):
    settings.PIPELINE_MIN_PROBATION_MONTHS = 6
    member = probationary(org)
    client.force_login(county_staff)
    assert make_full(client, member, "2010-11-30").status_code == 200  # not yet six months after 2010-06-01
    assert make_full(client, member, "2010-12-01").status_code == 302
    member.refresh_from_db()
    assert member.full_on == D(2010, 12, 1)


def test_detail_page_shows_the_next_step_and_its_earliest_date(client, county_staff, org):
    person = activist(org)
    client.force_login(county_staff)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Next step: Development candidate" in page
    assert 'data-testid="pipeline-step"' in page
    assert "2010-03-01" in page or "March 1, 2010" in page


# -- roles -----------------------------------------------------------------------------------
def test_secretary_moves_a_person_of_their_unit(client, unit_secretary, org):
    person = applicant(org)
    client.force_login(unit_secretary)
    assert step(client, person, "activist", "2009-03-01").status_code == 302
    person.refresh_from_db()
    assert person.stage == Stage.ACTIVIST


def test_secretary_admits_a_candidate_of_their_unit(client, unit_secretary, org):
    person = candidate(org)
    client.force_login(unit_secretary)
    response = step(client, person, "probationary", "2010-06-01", gender="M", employed_since="2008-01-01")
    assert response.status_code == 302
    assert PartyMember.objects.filter(member_id=person.person_id, organization=org).exists()


def test_secretary_cannot_move_another_units_person(client, unit_secretary, other_org):
    person = applicant(other_org)
    before = snapshot(person)
    client.force_login(unit_secretary)
    assert client.get(person.get_absolute_url()).status_code == 404
    assert step(client, person, "activist", "2009-03-01").status_code == 404
    assert snapshot(person) == before


def test_secretary_cannot_admit_another_units_candidate(client, unit_secretary, other_org):
    person = candidate(other_org)
    client.force_login(unit_secretary)
    response = step(client, person, "probationary", "2010-06-01", gender="M", employed_since="2008-01-01")
    assert response.status_code == 404
    assert not PartyMember.objects.exists()
    assert PipelinePerson.objects.filter(pk=person.pk).exists()


def test_secretary_makes_their_member_full_but_not_another_units(client, unit_secretary, org, other_org):
    mine, theirs = probationary(org), probationary(other_org)
    client.force_login(unit_secretary)
    assert make_full(client, mine, "2011-06-01").status_code == 302
    assert make_full(client, theirs, "2011-06-01").status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.full_on, theirs.full_on) == (D(2011, 6, 1), None)


def test_steps_need_a_login(client, org):
    person = applicant(org)
    response = step(client, person, "activist", "2009-03-01")
    assert response.status_code == 302 and "login" in response.url
    person.refresh_from_db()
    assert person.stage == Stage.APPLICANT


def test_a_step_cannot_be_taken_by_get(client, county_staff, org):
    person = applicant(org)
    client.force_login(county_staff)
    url = reverse("members:pipelineperson_step", kwargs={"person_id": person.person_id})
    assert client.get(url, {"to_stage": "activist", "on": "2009-03-01"}).status_code == 405
    person.refresh_from_db()
    assert person.stage == Stage.APPLICANT


# -- key candidates ----------------------------------------------------------------------------
def test_key_candidates_are_badged_and_filtered(client, county_staff, org):
    key = activist(org, name="工会主席", union_or_league_head=True)
    plain = activist(org, name="普通员工")
    client.force_login(county_staff)
    listing = client.get(reverse("members:pipelineperson_list"))
    rows = {row.record.pk: row.get_cell("union_or_league_head") for row in listing.context["table"].rows}
    assert 'data-testid="key-candidate"' in rows[key.pk]
    assert "key-candidate" not in rows[plain.pk]
    filtered = client.get(reverse("members:pipelineperson_list"), {"union_or_league_head": "true"})
    assert [row.record.pk for row in filtered.context["table"].rows] == [key.pk]
    assert 'data-testid="key-candidate"' in client.get(key.get_absolute_url()).content.decode()
    assert 'data-testid="key-candidate"' not in client.get(plain.get_absolute_url()).content.decode()


# -- each organization's pipeline against its quota ------------------------------------------------
@pytest.fixture
def quota_orgs(unit, other_unit):
    small = OrganizationFactory(unit=unit, employees=20)      # quota 1
    medium = OrganizationFactory(unit=unit, employees=60)     # quota 3
    large = OrganizationFactory(unit=unit, employees=150)     # quota 5
    individual = OrganizationFactory(unit=unit, employees=5, individual_business=True)
    elsewhere = OrganizationFactory(unit=other_unit, employees=20)
    activist(small)
    activist(medium, union_or_league_head=True)
    candidate(medium)
    applicant(medium)
    activist(elsewhere)
    return {"small": small, "medium": medium, "large": large, "individual": individual, "elsewhere": elsewhere}


def quota_rows(response):
    return {row.record.credit_code: (row.record.activists, row.record.quota, row.record.quota_met,
                                     row.record.key_candidates) for row in response.context["table"].rows}


def test_quota_page_shows_each_organizations_activists_against_its_quota(client, unit_secretary, quota_orgs):
    client.force_login(unit_secretary)
    response = client.get(reverse("targets:pipeline_quota"))
    assert response.status_code == 200
    assert quota_rows(response) == {
        quota_orgs["small"].credit_code: (1, 1, True, 0),
        quota_orgs["medium"].credit_code: (2, 3, False, 1),
        quota_orgs["large"].credit_code: (0, 5, False, 0),
    }
    below = client.get(reverse("targets:pipeline_quota"), {"quota_met": "false"})
    assert set(quota_rows(below)) == {quota_orgs["medium"].credit_code, quota_orgs["large"].credit_code}


def test_quota_page_agrees_with_the_compliance_engine(client, county_staff, quota_orgs):
    client.force_login(county_staff)
    rows = quota_rows(client.get(reverse("targets:pipeline_quota")))
    target = compute_compliance(as_of=timezone.localdate(), details=True)["targets"]["activist_quota"]
    assert target["denominator"] == len(rows) == 4
    assert target["numerator"] == sum(1 for row in rows.values() if row[2])
    assert target["failing"] == sorted(code for code, row in rows.items() if not row[2])


def test_quota_page_follows_an_edited_target(client, county_staff, quota_orgs):
    from targets.models import PlanTarget

    record = PlanTarget.objects.get(code="activist_quota")
    record.parameters = {**record.parameters, "small": 2}
    record.save()
    client.force_login(county_staff)
    rows = quota_rows(client.get(reverse("targets:pipeline_quota")))
    assert rows[quota_orgs["small"].credit_code][:3] == (1, 2, False)


def test_quota_page_query_count_does_not_grow_with_rows(client, county_staff, unit):
    client.force_login(county_staff)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("targets:pipeline_quota")).status_code == 200
        return len(ctx)

    OrganizationFactory(unit=unit, employees=60)
    few = count()
    for _ in range(6):
        activist(OrganizationFactory(unit=unit, employees=120))
    assert count() == few
