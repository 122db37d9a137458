"""Five-goods assessments (五个好) and demonstration sites (示范点), as each role: the permitted path
works, the refused one is a 404 (another unit's party org) or a 403 (staff-only actions) and changes
nothing; the rules' messages show under their fields; list pages keep their query count; the
dashboard's five_goods / demo_city / demo_county targets follow."""
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from organizations import rules, services
from organizations.models import FiveGoodsAssessment, PartyOrg
from organizations.tests.factories import FiveGoodsAssessmentFactory, PartyOrgFactory
from targets.compliance import compute_compliance
from tests.browser_forms import with_lock

pytestmark = pytest.mark.django_db

D = datetime.date(2010, 12, 31)
CRITERIA = ("leadership", "members", "mechanism", "performance", "mass")


@pytest.fixture(autouse=True)
def english(in_english):
    """Pages and the expected messages in English."""


@pytest.fixture
def party_org(unit):
    return PartyOrgFactory(unit=unit, code="P0100", established_on=datetime.date(2005, 3, 1))


@pytest.fixture
def other_party_org(other_unit):
    return PartyOrgFactory(unit=other_unit, code="P0200", established_on=datetime.date(2005, 3, 1))


def assessment_data(year=2009, good=CRITERIA, **extra):
    data = {"year": year, **{c: "on" for c in good}, **{f"{c}_note": f"{c} 说明" for c in CRITERIA}}
    data.update(extra)
    return data


def record_url(party_org):
    return reverse("organizations:assessment_create", kwargs={"code": party_org.code})


def edit_url(assessment):
    return reverse("organizations:assessment_update", kwargs={"pk": assessment.pk})


def confirm_url(assessment):
    return reverse("organizations:assessment_confirm", kwargs={"pk": assessment.pk})


def designate_url(party_org):
    return reverse("organizations:demosite_designate", kwargs={"code": party_org.code})


def post_edit(client, url, data, **kwargs):
    """Post DATA to the edit page at URL with the page's lock token (GET, then post)."""
    return client.post(url, with_lock(client, url, data), **kwargs)


def withdraw_url(party_org):
    return reverse("organizations:demosite_withdraw", kwargs={"code": party_org.code})


def snapshot(assessment):
    """Every stored value of an assessment, to show that nothing changed."""
    return FiveGoodsAssessment.objects.filter(pk=assessment.pk).values().get()


def demo_of(party_org):
    return PartyOrg.objects.filter(pk=party_org.pk).values_list("demo_level", "demo_year").get()


def confirmed(assessment, user):
    FiveGoodsAssessment.objects.filter(pk=assessment.pk).update(confirmed_by=user, confirmed_at=timezone.now())
    assessment.refresh_from_db()
    return assessment


def field_errors(response, field):
    assert response.status_code == 200
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def shown_under(response, field, message):
    """The message is on the page, rendered by crispy-forms as the field's own error."""
    page = response.content.decode()
    start = page.find(f'id="error_1_id_{field}"')
    return start != -1 and escape(str(message)) in page[start:start + 500]


# -- recording an assessment ---------------------------------------------------------------------

def test_staff_record_an_assessment_for_any_units_party_org(client, county_staff, other_party_org):
    client.force_login(county_staff)
    response = client.post(record_url(other_party_org), assessment_data(good=("leadership", "mass")))
    assessment = FiveGoodsAssessment.objects.get()
    assert response.status_code == 302
    assert response.url == assessment.get_absolute_url()
    assert (assessment.party_org, assessment.year) == (other_party_org, 2009)
    assert [getattr(assessment, c) for c in CRITERIA] == [True, False, False, False, True]
    assert assessment.mechanism_note == "mechanism 说明"
    assert assessment.confirmed_at is None and assessment.confirmed_by is None
    page = client.get(response.url).content.decode()
    assert str(rules.MSG_FIVE_GOODS_RECORDED % {"year": 2009}) in page


def test_secretary_records_an_assessment_for_a_party_org_in_their_scope(client, unit_secretary, party_org):
    client.force_login(unit_secretary)
    assert client.get(record_url(party_org)).status_code == 200
    response = client.post(record_url(party_org), assessment_data())
    assert response.status_code == 302
    assessment = FiveGoodsAssessment.objects.get()
    assert assessment.party_org == party_org and assessment.all_good
    assert assessment.history.count() == 1


def test_secretary_of_another_unit_gets_404_recording_and_nothing_is_recorded(client, other_secretary, party_org):
    client.force_login(other_secretary)
    assert client.get(record_url(party_org)).status_code == 404
    assert client.post(record_url(party_org), assessment_data()).status_code == 404
    assert not FiveGoodsAssessment.objects.exists()


def test_a_second_assessment_for_the_same_year_is_refused_under_the_year(client, unit_secretary, party_org):
    first = FiveGoodsAssessmentFactory(party_org=party_org, year=2009, mass=False)
    before = snapshot(first)
    client.force_login(unit_secretary)
    response = client.post(record_url(party_org), assessment_data(year=2009))
    message = rules.MSG_FIVE_GOODS_DUPLICATE_YEAR % {"year": 2009}
    assert field_errors(response, "year") == [message]
    assert shown_under(response, "year", message)
    assert FiveGoodsAssessment.objects.count() == 1 and snapshot(first) == before


def test_an_assessment_year_before_the_establishment_is_refused_under_the_year(client, county_staff, party_org):
    client.force_login(county_staff)
    response = client.post(record_url(party_org), assessment_data(year=2004))
    message = rules.MSG_FIVE_GOODS_YEAR_BEFORE_ESTABLISHED % {"year": 2004, "established_year": 2005}
    assert field_errors(response, "year") == [message]
    assert shown_under(response, "year", message)
    assert not FiveGoodsAssessment.objects.exists()


def test_an_assessment_for_a_year_to_come_is_refused_under_the_year(client, county_staff, party_org):
    client.force_login(county_staff)
    current = timezone.localdate().year
    response = client.post(record_url(party_org), assessment_data(year=current + 1))
    assert field_errors(response, "year") == [
        rules.MSG_FIVE_GOODS_YEAR_IN_FUTURE % {"year": current + 1, "current": current}]
    assert not FiveGoodsAssessment.objects.exists()


def test_the_service_refuses_a_duplicate_year_even_without_the_form(party_org):
    services.assessment_record(party_org=party_org, year=2009, leadership=True)
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(party_org=party_org, year=2009)
    assert exc.value.message_dict == {"year": [rules.MSG_FIVE_GOODS_DUPLICATE_YEAR % {"year": 2009}]}
    with pytest.raises(TypeError):
        services.assessment_record(party_org=party_org, year=2010, confirmed_at=timezone.now())
    assert FiveGoodsAssessment.objects.count() == 1


# -- editing -------------------------------------------------------------------------------------

def test_secretary_edits_an_assessment_in_their_scope(client, unit_secretary, party_org):
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    client.force_login(unit_secretary)
    assert client.get(edit_url(assessment)).status_code == 200
    response = post_edit(client, edit_url(assessment), assessment_data(year=2009, good=CRITERIA[:4], mass_note="群众意见多"))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.mass, assessment.mass_note, assessment.all_good) == (False, "群众意见多", False)


def test_secretary_of_another_unit_gets_404_editing_and_nothing_changes(client, other_secretary, party_org):
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    before = snapshot(assessment)
    client.force_login(other_secretary)
    assert client.get(edit_url(assessment)).status_code == 404
    assert client.post(edit_url(assessment), assessment_data(good=())).status_code == 404
    assert snapshot(assessment) == before


def test_editing_a_confirmed_assessment_withdraws_the_confirmation_and_says_so(client, county_staff, unit_secretary,
                                                                              party_org):
    assessment = confirmed(FiveGoodsAssessmentFactory(party_org=party_org, year=2009), county_staff)
    client.force_login(unit_secretary)
    response = post_edit(client, edit_url(assessment), assessment_data(good=CRITERIA[1:]), follow=True)
    assessment.refresh_from_db()
    assert (assessment.leadership, assessment.confirmed_by, assessment.confirmed_at) == (False, None, None)
    assert str(rules.MSG_FIVE_GOODS_UNCONFIRMED) in response.content.decode()


def test_saving_a_confirmed_assessment_unchanged_keeps_the_confirmation(client, county_staff, party_org):
    assessment = confirmed(FiveGoodsAssessmentFactory(party_org=party_org, year=2009, **{
        f"{c}_note": f"{c} 说明" for c in CRITERIA}), county_staff)
    client.force_login(county_staff)
    response = post_edit(client, edit_url(assessment), assessment_data(), follow=True)
    assessment.refresh_from_db()
    assert assessment.confirmed_by == county_staff and assessment.confirmed_at is not None
    assert str(rules.MSG_FIVE_GOODS_UNCONFIRMED) not in response.content.decode()


def test_moving_an_assessment_onto_another_years_is_refused_under_the_year(client, county_staff, party_org):
    FiveGoodsAssessmentFactory(party_org=party_org, year=2008)
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    client.force_login(county_staff)
    response = post_edit(client, edit_url(assessment), assessment_data(year=2008))
    assert field_errors(response, "year") == [rules.MSG_FIVE_GOODS_DUPLICATE_YEAR % {"year": 2008}]
    assessment.refresh_from_db()
    assert assessment.year == 2009


# -- confirming ----------------------------------------------------------------------------------

def test_staff_confirm_an_assessment(client, county_staff, party_org):
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    client.force_login(county_staff)
    assert 'data-testid="assessment-confirm"' in client.get(assessment.get_absolute_url()).content.decode()
    response = client.post(confirm_url(assessment))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.confirmed_by == county_staff and assessment.confirmed_at is not None
    page = client.get(response.url).content.decode()
    assert str(rules.MSG_FIVE_GOODS_CONFIRMED % {"year": 2009, "party_org": party_org}) in page
    assert 'data-testid="assessment-confirm"' not in page


@pytest.mark.parametrize("role", ["unit_secretary", "other_secretary"])
def test_a_secretary_cannot_confirm_and_nothing_changes(client, request, party_org, role):
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    before = snapshot(assessment)
    client.force_login(request.getfixturevalue(role))
    assert client.post(confirm_url(assessment)).status_code == 403
    assert snapshot(assessment) == before and before["confirmed_at"] is None


def test_a_secretary_sees_the_assessment_without_the_confirm_button(client, unit_secretary, party_org):
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    client.force_login(unit_secretary)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "2009" in page and party_org.name in page
    assert 'data-testid="assessment-confirm"' not in page
    assert edit_url(assessment) in page


def test_secretary_of_another_unit_gets_404_on_the_assessment_page(client, other_secretary, party_org):
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    client.force_login(other_secretary)
    assert client.get(assessment.get_absolute_url()).status_code == 404


def test_the_confirm_service_refuses_a_secretary(unit_secretary, party_org):
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    with pytest.raises(PermissionDenied):
        services.assessment_confirm(assessment=assessment, user=unit_secretary)
    assessment.refresh_from_db()
    assert assessment.confirmed_at is None


def test_confirming_twice_is_refused_and_keeps_the_first_confirmation(client, county_staff, admin_user, party_org):
    assessment = confirmed(FiveGoodsAssessmentFactory(party_org=party_org, year=2009), county_staff)
    before = snapshot(assessment)
    client.force_login(admin_user)
    response = client.post(confirm_url(assessment))
    assert response.status_code == 200
    message = rules.MSG_FIVE_GOODS_ALREADY_CONFIRMED % {
        "user": county_staff, "date": timezone.localtime(assessment.confirmed_at).date()}
    assert str(message) in response.content.decode()
    assert snapshot(assessment) == before


# -- demonstration sites -------------------------------------------------------------------------

def test_staff_designate_a_demonstration_site_recorded_in_the_history(client, county_staff, party_org):
    versions = party_org.history.count()
    client.force_login(county_staff)
    assert client.get(designate_url(party_org)).status_code == 200
    response = post_edit(client, designate_url(party_org), {"demo_level": "city", "demo_year": 2008})
    assert response.status_code == 302
    assert response.url == party_org.get_absolute_url()
    assert demo_of(party_org) == ("city", 2008)
    assert party_org.history.count() == versions + 1
    assert party_org.history.first().history_user == county_staff


@pytest.mark.parametrize("role", ["unit_secretary", "other_secretary"])
def test_a_secretary_cannot_designate_or_withdraw_and_nothing_changes(client, request, party_org, role):
    designated = PartyOrgFactory(unit=party_org.unit, demo_level="county", demo_year=2008)
    client.force_login(request.getfixturevalue(role))
    assert client.get(designate_url(party_org)).status_code == 403
    assert client.post(designate_url(party_org), {"demo_level": "county", "demo_year": 2008}).status_code == 403
    assert client.post(withdraw_url(designated)).status_code == 403
    assert demo_of(party_org) == ("", None)
    assert demo_of(designated) == ("county", 2008)


def test_a_demonstration_year_before_the_establishment_is_refused_under_the_year(client, county_staff, party_org):
    client.force_login(county_staff)
    response = post_edit(client, designate_url(party_org), {"demo_level": "county", "demo_year": 2004})
    message = rules.MSG_DEMO_YEAR_BEFORE_ESTABLISHED % {"year": 2004, "established_year": 2005}
    assert field_errors(response, "demo_year") == [message]
    assert shown_under(response, "demo_year", message)
    assert demo_of(party_org) == ("", None)


def test_a_level_without_a_year_is_refused_under_the_year(client, county_staff, party_org):
    client.force_login(county_staff)
    response = post_edit(client, designate_url(party_org), {"demo_level": "county", "demo_year": ""})
    assert field_errors(response, "demo_year") == [str(rules.MSG_DEMO_YEAR_REQUIRED)]
    assert shown_under(response, "demo_year", rules.MSG_DEMO_YEAR_REQUIRED)
    assert demo_of(party_org) == ("", None)


def test_the_designate_service_applies_the_party_org_rules(party_org):
    with pytest.raises(ValidationError) as exc:
        services.demo_site_designate(party_org=party_org, level="county", year=None)
    assert exc.value.message_dict == {"demo_year": [str(rules.MSG_DEMO_YEAR_REQUIRED)]}
    with pytest.raises(ValidationError) as exc:
        services.demo_site_designate(party_org=party_org, level="", year=2008)
    assert "demo_level" in exc.value.message_dict
    assert demo_of(party_org) == ("", None)


def test_staff_withdraw_a_designation(client, county_staff, party_org):
    services.demo_site_designate(party_org=party_org, level="county", year=2008)
    client.force_login(county_staff)
    response = client.post(withdraw_url(party_org))
    assert response.status_code == 302
    assert demo_of(party_org) == ("", None)
    page = client.get(response.url).content.decode()
    assert str(rules.MSG_DEMO_SITE_WITHDRAWN % {"party_org": party_org}) in page


def test_withdrawing_a_party_org_that_is_no_demonstration_site_is_refused(client, county_staff, party_org):
    client.force_login(county_staff)
    response = client.post(withdraw_url(party_org))
    assert response.status_code == 200
    assert str(rules.MSG_DEMO_SITE_NOT_DESIGNATED) in response.content.decode()


# -- the party org's page links to all of it -----------------------------------------------------

def test_party_org_page_links_assessments_and_the_staff_actions(client, county_staff, unit_secretary, party_org):
    assessment = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    services.demo_site_designate(party_org=party_org, level="county", year=2008)
    client.force_login(county_staff)
    page = client.get(party_org.get_absolute_url()).content.decode()
    for url in (assessment.get_absolute_url(), record_url(party_org), designate_url(party_org),
                withdraw_url(party_org)):
        assert url in page
    client.force_login(unit_secretary)
    page = client.get(party_org.get_absolute_url()).content.decode()
    assert assessment.get_absolute_url() in page and record_url(party_org) in page
    assert designate_url(party_org) not in page and withdraw_url(party_org) not in page


# -- list pages ----------------------------------------------------------------------------------

def listed(response):
    return [row.record for row in response.context["table"].page.object_list]


def test_assessment_list_filters_and_search(client, county_staff, party_org, other_party_org):
    good = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    confirmed(good, county_staff)
    weak = FiveGoodsAssessmentFactory(party_org=party_org, year=2010, mass=False)
    other = FiveGoodsAssessmentFactory(party_org=other_party_org, year=2009)
    url = reverse("organizations:assessment_list")
    client.force_login(county_staff)

    def pks(**params):
        return sorted(a.pk for a in listed(client.get(url, params)))

    assert pks() == sorted([good.pk, weak.pk, other.pk])
    assert pks(year=2010) == [weak.pk]
    assert pks(confirmed="true") == [good.pk]
    assert pks(confirmed="false") == sorted([weak.pk, other.pk])
    assert pks(all_good="false") == [weak.pk]
    assert pks(all_good="true") == sorted([good.pk, other.pk])
    assert pks(unit=other_party_org.unit_id) == [other.pk]
    assert pks(q="P0200") == [other.pk]
    assert pks(q=party_org.name) == sorted([good.pk, weak.pk])


def test_secretary_lists_only_the_assessments_in_their_scope(client, unit_secretary, party_org, other_party_org):
    own = FiveGoodsAssessmentFactory(party_org=party_org, year=2009)
    FiveGoodsAssessmentFactory(party_org=other_party_org, year=2009)
    client.force_login(unit_secretary)
    assert listed(client.get(reverse("organizations:assessment_list"))) == [own]


def test_demo_site_list_filters_and_a_secretary_sees_their_scope_read_only(client, county_staff, unit_secretary,
                                                                          party_org, other_party_org):
    plain = PartyOrgFactory(unit=party_org.unit)
    services.demo_site_designate(party_org=party_org, level="county", year=2008)
    services.demo_site_designate(party_org=other_party_org, level="city", year=2009)
    url = reverse("organizations:demosite_list")
    client.force_login(county_staff)

    def codes(**params):
        return sorted(p.code for p in listed(client.get(url, params)))

    assert codes() == ["P0100", "P0200"] and plain.code not in codes()
    assert codes(demo_level="city") == ["P0200"]
    assert codes(demo_year=2008) == ["P0100"]
    assert codes(unit=party_org.unit_id) == ["P0100"]

    client.force_login(unit_secretary)
    response = client.get(url)
    assert [p.code for p in listed(response)] == ["P0100"]
    page = response.content.decode()
    assert 'data-testid="create"' not in page and designate_url(party_org) not in page


def test_demo_site_export_holds_the_filtered_rows(client, county_staff, party_org, other_party_org):
    services.demo_site_designate(party_org=party_org, level="county", year=2008)
    services.demo_site_designate(party_org=other_party_org, level="city", year=2009)
    client.force_login(county_staff)
    response = client.get(reverse("organizations:demosite_list"), {"demo_level": "county", "_export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    assert [r[0] for r in rows[1:]] == ["P0100"]


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def make_assessments(unit, n, staff):
    for _ in range(n):
        confirmed(FiveGoodsAssessmentFactory(party_org=PartyOrgFactory(unit=unit), year=2009), staff)


def make_demo_sites(unit, n, staff):
    for i in range(n):
        PartyOrgFactory(unit=unit, demo_level=("county", "city")[i % 2], demo_year=2008)


@pytest.mark.parametrize("export", [False, True], ids=["page", "export"])
@pytest.mark.parametrize("url_name,make", [("organizations:assessment_list", make_assessments),
                                           ("organizations:demosite_list", make_demo_sites)],
                         ids=["assessments", "demo_sites"])
def test_list_query_count_does_not_grow_with_rows(client, county_staff, unit_secretary, unit, url_name, make,
                                                  export):
    url = reverse(url_name)
    params = {"_export": "xlsx"} if export else {}
    for user in (county_staff, unit_secretary):
        client.force_login(user)
        make(unit, 2, county_staff)
        client.get(url)  # warm up the session and the content types
        few = count_queries(client, url, params)
        make(unit, 13, county_staff)
        many = count_queries(client, url, params)
        assert many == few, user


# -- the dashboard's targets follow --------------------------------------------------------------

def target(code, as_of=D):
    return compute_compliance(as_of=as_of)["targets"][code]["value"]


def test_five_goods_target_follows_recorded_and_edited_assessments(client, unit_secretary, party_org):
    assert target("five_goods") == 0
    client.force_login(unit_secretary)
    client.post(record_url(party_org), assessment_data(year=2010))
    assert target("five_goods") == 1
    assert target("five_goods", as_of=datetime.date(2009, 12, 31)) == 0
    assessment = FiveGoodsAssessment.objects.get()
    post_edit(client, edit_url(assessment), assessment_data(year=2010, good=CRITERIA[:4]))
    assert target("five_goods") == 0


def test_demo_targets_follow_designation_and_withdrawal(client, county_staff, party_org, other_party_org):
    assert (target("demo_county"), target("demo_city")) == (0, 0)
    client.force_login(county_staff)
    post_edit(client, designate_url(party_org), {"demo_level": "county", "demo_year": 2009})
    post_edit(client, designate_url(other_party_org), {"demo_level": "city", "demo_year": 2010})
    assert (target("demo_county"), target("demo_city")) == (1, 1)
    assert target("demo_county", as_of=datetime.date(2008, 12, 31)) == 0
    client.post(withdraw_url(party_org))
    assert target("demo_county") == 0
