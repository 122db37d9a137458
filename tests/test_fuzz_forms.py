"""Bad input against the main create and edit forms (hardening issue, item 4).

Each form is fetched as county staff and as a unit secretary; hypothesis then fills every field
the form shows with random or malformed input (random strings, Unicode, control characters,
huge and negative numbers, malformed dates, wrong choice values, ids of other units' records)
and posts it. The property: the answer is 200 (the form again, with errors, and not one row
changed) or 302 (saved: the object passes full_clean, and the user can open it, i.e. it is in
their scope), never a 500. A form the role may not open stays closed (403/404) when posted to.
"""
import datetime

import pytest
from django import forms
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings as hsettings, strategies as st

from members.models import CountyLeader, Officer, PartyMember, PipelinePerson, TrainingRecord
from members.tests.factories import CountyLeaderFactory, MemberFactory, OfficerFactory, PipelinePersonFactory
from organizations.models import (
    ActivityRecord,
    PartyOrgChangeRequest,
    FiveGoodsAssessment,
    LeadershipMember,
    Organization,
    PartyOrg,
)
from organizations.tests.factories import OrganizationFactory, PartyOrgFactory, make_credit_code
from reports.models import HalfYearReport
from reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

FUZZ = hsettings(deadline=None, max_examples=10,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

TEXTS = ["", " ", "x" * 5000, "长" * 300, "党支部😀🇨🇳", "\u202eقسم\u202c", "nul\x00byte", "bell\x07", "\u3000",
         "<script>alert(1)</script>", "' OR 1=1 --", "%(name)s", "{{ 7*7 }}", "../../etc/passwd", "T02", "P0002",
         "９１３４", "line\nbreak\r\n"]
NUMBERS = ["-1", "0", "1", "1.5", "1e9", "99999999999999999999", "2147483648", "-2147483649", "２０", "١٢", "NaN",
           "inf", "0x10", ""]
DATES = ["2010-02-30", "2009-13-01", "0000-00-00", "9999-12-31", "10000-01-01", "0001-01-01", "20090630",
         "２００９-０６-３０", "2009/06/30", "yesterday", "1900-01-01", ""]
NEW_CREDIT_CODE = make_credit_code(777777)
TEXT = st.one_of(st.sampled_from(TEXTS), st.text(max_size=40))
DATE = st.one_of(st.sampled_from(DATES),
                 st.dates(datetime.date(1990, 1, 1), datetime.date(2012, 12, 31)).map(datetime.date.isoformat))
NUMBER = st.one_of(st.sampled_from(NUMBERS), st.integers(-10, 3000).map(str))


def references(field) -> list[str]:
    """Every stored value the field could name (the user's and other units'), and garbage."""
    key = field.to_field_name or "pk"
    stored = [str(v) for v in field.queryset.model.objects.values_list(key, flat=True)[:50]]
    return stored + ["abc", "-1", "0", "99999999999999999999", "", "1;DROP TABLE"]


def value_for(field):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(st.sampled_from(references(field)), max_size=3)
    if isinstance(field, forms.ModelChoiceField):
        return st.sampled_from(references(field))
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(st.one_of(st.sampled_from([str(v) for v, _ in field.choices] or [""]), TEXT), max_size=3)
    if isinstance(field, forms.ChoiceField):
        return st.one_of(st.sampled_from([str(v) for v, _ in field.choices] or [""]), TEXT)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "true", "false", "0", "是"])
    if isinstance(field, forms.DateField):
        return DATE
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return NUMBER
    return TEXT


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count()
            for label in ("organizations", "members", "register", "reports")
            for model in apps.get_app_config(label).get_models(include_auto_created=True)}


@pytest.fixture
def world(unit, other_unit):
    org = OrganizationFactory(unit=unit)
    other_org = OrganizationFactory(unit=other_unit)
    party_org = PartyOrgFactory(code="P0001", unit=unit, organizations=[org])
    PartyOrgFactory(code="P0002", unit=other_unit, organizations=[other_org])
    return {
        "organization": org, "party_org": party_org,
        "member": MemberFactory(organization=org), "other_member": MemberFactory(organization=other_org),
        "person": PipelinePersonFactory(organization=org),
        "officer": OfficerFactory(organizations=[org]),
        "leader": CountyLeaderFactory(contact_points=[org]),
        "report": ReportFactory(unit=unit),
    }


# url name, the world object whose key the url takes and that keyword, the model the form saves,
# and for a form shown on another page (an action on a detail page): that page and the form's name
# there. A create form starts from the values of an existing record (the "like" update form)
# with new keys, so that some posts are valid and get saved.
FORMS = [
    ("organizations:organization_create", None, None, Organization, {"like": "organization", "new": ["credit_code"]}),
    ("organizations:organization_update", "organization", "credit_code", Organization, {}),
    ("organizations:partyorg_create", None, None, PartyOrg, {"like": "party_org", "new": ["code"]}),
    ("organizations:partyorg_update", "party_org", "code", PartyOrg, {}),
    ("organizations:changerequest_create", None, None, PartyOrgChangeRequest, {}),
    ("organizations:leadership_add", "party_org", "code", LeadershipMember,
     {"page": "organizations:partyorg_detail", "context": "leadership_form"}),
    ("organizations:activityrecord_create", "party_org", "code", ActivityRecord, {"valid": lambda world: {
        "kind": "org_life", "held_on": "2010-03-01", "title": "主题党日", "participants": "12", "description": ""}}),
    ("organizations:assessment_create", "party_org", "code", FiveGoodsAssessment, {}),
    ("members:partymember_create", None, None, PartyMember, {"like": "member", "new": ["member_id"]}),
    ("members:partymember_update", "member", "member_id", PartyMember, {}),
    ("members:pipelineperson_create", None, None, PipelinePerson, {"like": "person", "new": ["person_id"]}),
    ("members:pipelineperson_update", "person", "person_id", PipelinePerson, {}),
    ("members:officer_create", None, None, Officer, {"like": "officer", "new": ["officer_id"]}),
    ("members:officer_update", "officer", "officer_id", Officer, {}),
    ("members:countyleader_create", None, None, CountyLeader, {"like": "leader", "new": ["leader_id"]}),
    ("members:countyleader_update", "leader", "leader_id", CountyLeader, {}),
    ("members:trainingrecord_create", None, None, TrainingRecord, {"valid": lambda world: {
        "kind": "party_school_yearly", "trainee_name": "张三", "party_org": str(world["party_org"].pk),
        "year": "2010", "held_on": "2010-05-01", "hours": "8", "note": ""}}),
    ("reports:halfyearreport_update", "report", "pk", HalfYearReport, {}),
]
UPDATE_URLS = {f[1]: (f[0], f[2]) for f in FORMS if f[1] and f[0].endswith("_update")}


def url_of(url_name, world, target, kwarg):
    return reverse(url_name, kwargs={kwarg: getattr(world[target], kwarg)} if target else {})


def as_post(form) -> dict:
    """The values a browser would post for the form as shown."""
    post = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                post[name] = "on"
        elif isinstance(value, (list, tuple)):
            post[name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, datetime.date):
            post[name] = value.isoformat()
        elif value is not None:
            post[name] = str(getattr(value, "pk", value))
    return post


def unit_of(obj):
    """The supervising unit an object belongs to, when it belongs to one."""
    for path in ("unit_id", "organization.unit_id", "party_org.unit_id"):
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        if value is not None:
            return value
    return None


@pytest.mark.parametrize("role", ["county_staff", "unit_secretary"])
@pytest.mark.parametrize(("url_name", "target", "kwarg", "model", "extra"), FORMS, ids=[f[0] for f in FORMS])
@FUZZ
@given(data=st.data())
def test_fuzzed_form_posts_are_refused_or_saved_in_scope(request, client, world, role, url_name, target, kwarg,
                                                         model, extra, data):
    user = request.getfixturevalue(role)
    client.force_login(user)
    url = url_of(url_name, world, target, kwarg)
    context_name = extra.get("context", "form")
    with transaction.atomic():
        page = client.get(url_of(extra["page"], world, target, kwarg) if "page" in extra else url)
        before = row_counts()
        if page.status_code != 200 or context_name not in page.context:  # closed to this role
            assert page.status_code in (200, 302, 403, 404)
            response = client.post(url, {"name": data.draw(TEXT)})
            assert response.status_code in (302, 403, 404)
            assert row_counts() == before
            event("closed to this role")
            transaction.set_rollback(True)
            return
        form = page.context[context_name]
        post = {**as_post(form), **extra["valid"](world)} if "valid" in extra else as_post(form)
        if "like" in extra and extra["like"] in UPDATE_URLS:
            like_name, like_kwarg = UPDATE_URLS[extra["like"]]
            like = client.get(url_of(like_name, world, extra["like"], like_kwarg))
            if like.status_code == 200:
                post = as_post(like.context["form"])
                for key in extra["new"]:
                    post[key] = form[key].value() or (NEW_CREDIT_CODE if key == "credit_code" else "FUZZ1")
        editable = sorted(name for name, field in form.fields.items() if not field.disabled)
        fuzzed = data.draw(st.one_of(st.just(editable), st.lists(st.sampled_from(editable), max_size=3, unique=True)),
                           label="fuzzed fields") if editable else []
        for name in fuzzed:
            post[name] = data.draw(value_for(form.fields[name]), label=name)
        pks_before = set(model.objects.values_list("pk", flat=True))
        response = client.post(url, post)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            event("refused")
            assert response.context[context_name].errors or list(response.context.get("messages", []))
            assert row_counts() == before, "an invalid post changed rows"
        else:
            event("saved")
            changed = model.objects.exclude(pk__in=pks_before) if not target or model is not type(world[target]) \
                else model.objects.filter(pk=world[target].pk)
            for obj in changed:
                obj.full_clean()
                if getattr(user, "is_unit_secretary", False) and unit_of(obj) is not None:
                    assert unit_of(obj) == user.unit_id
                if hasattr(obj, "get_absolute_url"):
                    assert client.get(obj.get_absolute_url()).status_code == 200
            assert client.get(response["Location"]).status_code in (200, 302)
        transaction.set_rollback(True)


# -- the bugs the fuzzing found, pinned -------------------------------------------------------
def test_an_id_with_a_slash_is_refused_on_its_field(client, county_staff, world, in_english):
    """It was saved, then building the record's address failed: a 500 after the write."""
    from common.validators import MSG_KEY_CHARACTERS

    client.force_login(county_staff)
    leader = world["leader"]
    response = client.post(reverse("members:countyleader_update", args=[leader.leader_id]),
                           {"leader_id": "L/1", "name": "周九", "title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["leader_id"] == [str(MSG_KEY_CHARACTERS)]
    leader.refresh_from_db()
    assert leader.leader_id != "L/1"


@pytest.mark.parametrize("model, field", [(PartyMember, "member_id"), (PipelinePerson, "person_id"),
                                          (Officer, "officer_id"), (CountyLeader, "leader_id"),
                                          (PartyOrg, "code"), (PartyOrgChangeRequest, "proposed_code")])
def test_a_key_with_a_slash_is_refused_by_the_model_itself(model, field):
    """On the model field, so Django admin and every service's full_clean refuse it too."""
    from django.core.exceptions import ValidationError

    from common.validators import MSG_KEY_CHARACTERS

    with pytest.raises(ValidationError) as caught:
        model._meta.get_field(field).clean("A/1", None)
    assert caught.value.messages == [str(MSG_KEY_CHARACTERS)]
    model._meta.get_field(field).clean("A-1", None)


def test_an_organization_id_too_large_for_the_database_is_an_invalid_choice(client, county_staff, world):
    """It overflowed in the lookup of the chosen organizations: a 500."""
    client.force_login(county_staff)
    before = Officer.objects.count()
    response = client.post(reverse("members:officer_create"), {
        "officer_id": "F999", "name": "孙八", "role": "instructor", "home_unit": "", "appointed_on": "2009-03-01",
        "organizations": [str(world["organization"].pk), "99999999999999999999"]})
    assert response.status_code == 200
    assert response.context["form"].errors["organizations"]
    assert Officer.objects.count() == before
