"""Who may open which page: every named URL pattern of the URLconf, for four callers.

The table below is the expected answer for an anonymous visitor, the secretary of another unit
(T02), the unit's own secretary (T01) and county staff, on URLs built from one record of each
kind belonging to T01. A new URL pattern without an entry here makes the test fail: decide who
may open it, then add it.

Codes: LOGIN is a redirect to the login page with ?next=; 200/403/404/405 are status codes;
302 is a redirect to another page of the site. POST-only views answer 405 to a signed-in GET.
"""
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.urls import get_resolver, reverse

from .urlmatrix import build_dataset, data_state, kwargs_for, named_patterns, unnamed_patterns

LOGIN = "login"
ROLES = ("anonymous", "other_secretary", "own_secretary", "county_staff")


def e(anonymous, other, own, staff):
    return dict(zip(ROLES, (anonymous, other, own, staff)))


OPEN = e(LOGIN, 200, 200, 200)          # a page for every signed-in user (lists hold the user's rows)
OWN = e(LOGIN, 404, 200, 200)           # a page of one of T01's records
STAFF = e(LOGIN, 403, 403, 200)         # county staff only
STAFF_POST = e(LOGIN, 403, 403, 405)    # county staff only, POST only
SCOPED_POST = e(LOGIN, 405, 405, 405)   # POST only; the record comes through the scoping selector
PUBLIC = e(200, 200, 200, 200)
MOVED = e(301, 301, 301, 301)           # a page that moved: the redirect tells nothing, its target checks

EXPECTED = {
    # targets
    "targets:home": OPEN,
    "targets:recompute": STAFF_POST,
    "targets:recompute_dismiss": STAFF_POST,
    # organizations
    "organizations:organization_list": OPEN,
    "organizations:organization_create": OPEN,
    "organizations:organization_detail": OWN,
    "organizations:organization_update": OWN,
    "organizations:partyorg_list": OPEN,
    "organizations:partyorg_create": STAFF,
    "organizations:partyorg_detail": OWN,
    "organizations:partyorg_update": STAFF,
    "organizations:activityrecord_create": OWN,
    "organizations:activityrecord_list": OPEN,
    "organizations:activityrecord_detail": OWN,
    "organizations:leadership_add": SCOPED_POST,
    "organizations:leadership_remove": SCOPED_POST,
    "organizations:changerequest_list": OPEN,
    "organizations:changerequest_create": OPEN,
    "organizations:changerequest_detail": OWN,
    "organizations:changerequest_review": STAFF_POST,
    "organizations:assessment_list": OPEN,
    "organizations:assessment_detail": OWN,
    "organizations:assessment_update": OWN,
    "organizations:assessment_confirm": STAFF_POST,
    "organizations:assessment_create": OWN,
    "organizations:demosite_list": OPEN,
    "organizations:demosite_designate": STAFF,
    "organizations:demosite_withdraw": STAFF_POST,
    # members
    "members:partymember_list": OPEN,
    "members:member_transfers": OPEN,
    "members:partymember_create": OPEN,
    "members:partymember_detail": OWN,
    "members:partymember_update": OWN,
    "members:pipelineperson_list": OPEN,
    "members:pipelineperson_create": OPEN,
    "members:pipelineperson_detail": OWN,
    "members:pipelineperson_update": OWN,
    "members:officer_list": OPEN,
    "members:officer_create": STAFF,
    "targets:uncovered_organizations": OPEN,
    "targets:officer_suggestions_accept": STAFF_POST,
    "members:officer_detail": OWN,
    "members:officer_assign": STAFF_POST,
    "members:officer_update": STAFF,
    "members:countyleader_list": OPEN,
    "members:countyleader_create": STAFF,
    "targets:leaders_without_contact": STAFF,
    "members:countyleader_detail": OWN,
    "members:countyleader_update": STAFF,
    "members:pipelineperson_step": SCOPED_POST,
    "members:partymember_full": SCOPED_POST,
    "targets:pipeline_quota": OPEN,
    "targets:follow_up_transfers": OPEN,
    "targets:follow_up_unmanaged": OPEN,
    "members:partymember_relation_transferred": SCOPED_POST,
    "members:partymember_assign_unit": SCOPED_POST,
    "members:trainingrecord_list": OPEN,
    "members:trainingrecord_create": OPEN,
    "members:trainingrecord_detail": OWN,
    "members:secretaries_untrained": OPEN,
    # reports: a secretary writes the unit's report, county staff review it (they get 403 on the
    # secretary's own pages: opening a report and editing its narrative)
    "reports:halfyearreport_list": OPEN,
    "reports:halfyearreport_detail": OWN,
    "reports:halfyearreport_open": e(LOGIN, 200, 200, 403),
    "reports:halfyearreport_update": e(LOGIN, 404, 200, 403),
    "reports:halfyearreport_submit": SCOPED_POST,
    "reports:halfyearreport_return": SCOPED_POST,
    "reports:halfyearreport_accept": SCOPED_POST,
    "reports:halfyearreport_xlsx": OWN,
    "reports:halfyearreport_print": OWN,
    "reports:attachment_add": SCOPED_POST,
    "reports:attachment_download": OWN,
    "reports:attachment_remove": SCOPED_POST,
    "reports:period_overview_latest": e(LOGIN, 403, 403, 302),
    # register
    "reports:period_overview": STAFF,
    "reports:period_overview_xlsx": STAFF,
    "register:register_import": STAFF,
    "register:register_import_detail": STAFF,
    "register:register_import_confirm": STAFF_POST,
    "register:register_import_file": STAFF,
    "register:register_import_retry": STAFF_POST,
    "register:register_import_cancel": STAFF_POST,
    "register:register_export": STAFF,
    # where the register's pages were under reports/: a permanent redirect, the page then checks
    "register:register_import_moved": MOVED,
    "register:register_import_detail_moved": MOVED,
    "register:register_export_moved": MOVED,
    # audit: the audit trail of every register's history
    "audit:audit": STAFF,
    # django.contrib.auth.urls: sign-in and password reset are public; logout is POST only
    "login": PUBLIC,
    "logout": e(405, 405, 405, 405),
    "password_change": OPEN,
    "password_change_done": OPEN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    # monitors: public JSON without personal data (200 when degraded, e.g. no snapshot yet)
    "health": PUBLIC,
}

# What a refused POST must answer, per caller: nothing is written in any case.
POST_REFUSED = {"anonymous": {LOGIN}, "other_secretary": {403, 404, 405}}  # 405: a page that takes no POST

# Plausible data for the POST-only actions, so that a refusal is what keeps the data unchanged.
POST_DATA = {
    "targets:recompute": {},
    "targets:recompute_dismiss": {},
    "organizations:leadership_add": {"name": "intruder", "role": "member", "owner_family": ""},
    "organizations:changerequest_review": {"decision": "reject", "review_comment": "no"},
    "organizations:assessment_confirm": {},
    "organizations:demosite_withdraw": {},
    "members:partymember_full": {"on": "2011-01-01"},
    "members:partymember_relation_transferred": {"on": "2011-01-01"},
    "members:pipelineperson_step": {"to_stage": "candidate", "on": "2011-01-01"},
    "reports:halfyearreport_submit": {},
    "reports:halfyearreport_return": {"comment": "no"},
    "reports:halfyearreport_accept": {"comment": "ok"},
    "reports:attachment_remove": {},
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def data(unit, unit_secretary, county_staff):
    return build_dataset(unit, secretary=unit_secretary, staff=county_staff)


@pytest.fixture
def callers(unit_secretary, other_secretary, county_staff):
    return {"anonymous": None, "other_secretary": other_secretary, "own_secretary": unit_secretary,
            "county_staff": county_staff}


def url_of(name, data):
    return reverse(name, kwargs=kwargs_for(name, named_patterns()[name], data) or None)


def outcome(response, url):
    """The code of the table for RESPONSE to a request of URL."""
    if response.status_code == 302:
        expected_login = redirect_to_login(url, resolve_url(settings.LOGIN_URL))["Location"]
        return LOGIN if response["Location"] == expected_login else 302
    return response.status_code


def test_every_url_pattern_has_an_entry_in_the_table():
    enumerated = set(named_patterns())
    missing, stale = sorted(enumerated - set(EXPECTED)), sorted(set(EXPECTED) - enumerated)
    assert not missing, f"URL patterns without an entry in EXPECTED (decide who may open them): {missing}"
    assert not stale, f"entries in EXPECTED for URL patterns that no longer exist: {stale}"
    assert unnamed_patterns() == [], "every URL pattern outside the admin must be named"


def test_enumeration_walks_includes_and_namespaces():
    names = named_patterns()
    assert "members:officer_detail" in names and "reports:attachment_download" in names and "login" in names
    assert not any(name.startswith("admin:") for name in names)
    assert "set_language" not in names


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_get_answers_each_caller_as_the_table_says(client, data, callers, name):
    url = url_of(name, data)
    got = {}
    for role in ROLES:
        client.logout()
        if callers[role] is not None:
            client.force_login(callers[role])
        got[role] = outcome(client.get(url), url)
    assert got == EXPECTED[name], url


# Names given to T01's records in build_dataset: none may show on a page of T02's secretary.
T01_NAMES = ("matrix-org", "matrix-po", "matrix-seat", "matrix-member", "matrix-person", "matrix-officer",
             "matrix-leader", "matrix-reason", "matrix.pdf", "matrix.xlsx")
OPEN_TO_OTHER = sorted(name for name, row in EXPECTED.items() if row["other_secretary"] == 200
                       and row["anonymous"] == LOGIN)


@pytest.mark.parametrize("name", OPEN_TO_OTHER)
def test_pages_open_to_another_units_secretary_show_none_of_t01s_records(client, data, callers, name):
    """Lists, forms (their choices) and the dashboard of T02's secretary hold nothing of T01's."""
    url = url_of(name, data)
    client.force_login(callers["other_secretary"])
    page = client.get(url).content.decode()
    assert [n for n in T01_NAMES if n in page] == [], url
    client.force_login(callers["county_staff"])  # the same page does show them to county staff
    assert name not in SHOWS_T01_TO_STAFF or any(n in client.get(url).content.decode() for n in T01_NAMES)


# Pages above that list T01's records to county staff (so the check above could see them leak).
SHOWS_T01_TO_STAFF = {
    "organizations:organization_list", "organizations:partyorg_list", "organizations:changerequest_list",
    "members:partymember_list",
    "members:partymember_create", "members:pipelineperson_list", "members:pipelineperson_create",
    "members:officer_list", "members:countyleader_list", "members:trainingrecord_list",
    "members:trainingrecord_create", "members:secretaries_untrained",
}


REFUSED_POSTS = sorted(name for name, row in EXPECTED.items()
                       if row["anonymous"] == LOGIN and row["other_secretary"] in (403, 404, 405))


@pytest.mark.parametrize("name", REFUSED_POSTS)
def test_post_by_anonymous_or_other_units_secretary_is_refused_and_changes_nothing(client, data, callers, name):
    url = url_of(name, data)
    payload = POST_DATA.get(name, {})
    for role, allowed in POST_REFUSED.items():
        client.logout()
        if callers[role] is not None:
            client.force_login(callers[role])
        before = data_state()
        response = client.post(url, payload)
        assert outcome(response, url) in allowed, (role, response.status_code)
        assert data_state() == before, role


@pytest.mark.parametrize(("name", "role"), [
    ("organizations:leadership_add", "own_secretary"),
    ("members:pipelineperson_step", "own_secretary"),
    ("members:partymember_full", "own_secretary"),
    ("members:partymember_relation_transferred", "own_secretary"),
    ("organizations:changerequest_review", "county_staff"),
    ("organizations:assessment_confirm", "county_staff"),
])
def test_the_refused_payloads_do_change_data_when_permitted(client, data, callers, name, role):
    """The payloads above are real actions: posted by a caller who may, they change data, so the
    refusals above are what kept the data unchanged."""
    client.force_login(callers[role])
    before = data_state()
    response = client.post(url_of(name, data), POST_DATA[name])
    assert response.status_code == 302
    assert data_state() != before


# -- Django admin and i18n: checked on their own -----------------------------------------------

def test_admin_sends_anonymous_to_the_admin_login(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("admin:login")
    assert "next=" in response["Location"]


@pytest.mark.parametrize("role", ["county_staff", "own_secretary", "other_secretary"])
def test_admin_refuses_non_admin_users(client, callers, data, role):
    client.force_login(callers[role])
    changelist = reverse("admin:organizations_organization_changelist")
    change = reverse("admin:organizations_organization_change", args=[data["org"].pk])
    for url in (reverse("admin:index"), changelist, change):
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response["Location"]).path == reverse("admin:login"), url
    before = data_state()
    client.post(change, {"name": "renamed by a non-admin"})
    assert data_state() == before


def test_admin_user_opens_the_admin_and_a_changelist(client, admin_user, data):
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    response = client.get(reverse("admin:organizations_organization_changelist"))
    assert response.status_code == 200
    assert data["org"].credit_code in response.content.decode()


def test_set_language_is_public_and_sets_the_cookie(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_no_static_or_media_patterns_without_debug():
    """Static files are served by whitenoise, uploaded files only through scoped views
    (tests/security/test_media.py checks it with DEBUG on)."""
    assert not settings.DEBUG
    assert not any(str(p.pattern).startswith(("media", settings.STATIC_URL.lstrip("/")))
                   for p in get_resolver().url_patterns)
