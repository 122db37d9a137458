"""Hostile query parameters on every page: no 5xx, ever, and the page says what is wrong.

Every GET URL of the URLconf (tests/urlmatrix.py enumerates them and builds their arguments from
one record of each kind belonging to unit T01) is opened as county staff and as T01's secretary
with each query parameter that page reads set, one at a time, to out-of-range, negative, huge,
malformed, empty and unicode values, plus page=0/-1/huge/abc, per_page and sort=garbage on the
tables. A page reads the filters of its filterset, the fields of the form it binds to the query
string, the table's page, per_page and sort, and the parameters listed in READS below; the last
test fails when a module starts reading request.GET without being listed here.

Run it on PostgreSQL too (CI does): a huge integer must not overflow the database's integer.
"""
import pathlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tables2 import SingleTableMixin

from common.views import EXPORT_PARAM
from tests.urlmatrix import build_dataset, kwargs_for, named_patterns

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("common", "organizations", "accounts", "members", "targets", "register", "reports", "audit", "demo", "config")

HUGE = "99999999999999999999"
HOSTILE = [
    "0001-01-01", "9999-12-31", "2010-02-30",  # dates out of range and malformed
    "-1", "0", HUGE, "-" + HUGE, "1e400", "1.5",  # numbers: negative, huge, malformed
    "abc", "", "党建😀", "\x00", "x" * 300,  # text: malformed, empty, unicode, control, long
]
WORST = ["9999-12-31", "-1", HUGE, "\x00", "党建😀"]  # every parameter at once set to each of these
NO_PARAMETERS = {"page": "abc", "sort": "garbage", "q": "\x00", "as_of": "0001-01-01", "year": HUGE}
PAGE_VALUES = ["0", "-1", HUGE, "abc", "", "1.5"]
SORT_VALUES = ["garbage", "-garbage", "name,garbage", "__class__", "党建", "\x00"]
TABLE_PARAMETERS = {"page": PAGE_VALUES, "per_page": ["0", "-1", HUGE, "abc"], "sort": SORT_VALUES}


def _get_forms():
    """Forms bound to the query string by pages that are not filtered lists, by URL name."""
    from audit.forms import AuditFilterForm
    from members.forms import TrainingPrefillForm
    from organizations.forms import ChangeRequestPrefillForm
    from targets.forms import DashboardForm

    return {"targets:home": DashboardForm, "audit:audit": AuditFilterForm,
            "organizations:changerequest_create": ChangeRequestPrefillForm,
            "members:trainingrecord_create": TrainingPrefillForm}


# Parameters pages read from request.GET beyond their filterset, table and form, by URL name.
READS = {
    "audit:audit": {"page", EXPORT_PARAM},
    "register:register_export": {"format"},
    "register:register_import_detail": {"page"},
    "login": {"next"},
    "targets:home": {"unit"},
}
# The modules that read request.GET, each read accounted for above or by the enumeration below.
GET_READERS = {
    "common/views.py",  # ScopedListView: _export (every list, below)
    "audit/views.py",  # AuditFilterForm, page, _export
    "targets/views/dashboard.py",  # DashboardForm, and a secretary's ?unit= (404 unless their own)
    "register/views.py",  # the export's ?format=, the import errors' ?page=
    "members/views/training.py",  # TrainingPrefillForm
    "organizations/views/change_requests.py",  # ChangeRequestPrefillForm
}


def parameters_of(name: str, pattern) -> dict[str, list[str]]:
    """Every query parameter the page NAME reads, each with the values to try."""
    view_class = getattr(pattern.callback, "view_class", None)
    names = set(READS.get(name, ()))
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is not None:
        names |= set(filterset_class.base_filters)
    if (form_class := _get_forms().get(name)) is not None:
        names |= set(form_class.base_fields)
    parameters = {parameter: HOSTILE for parameter in names}
    if view_class is not None and issubclass(view_class, SingleTableMixin):
        parameters |= {EXPORT_PARAM: ["xlsx", "csv", HUGE, ""], **TABLE_PARAMETERS}
    elif "page" in names:
        parameters["page"] = HOSTILE + PAGE_VALUES
    return parameters


PAGES = sorted(named_patterns())


@pytest.fixture
def data(unit, unit_secretary, county_staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_dataset(unit, secretary=unit_secretary, staff=county_staff)


@pytest.mark.parametrize("role", ["county_staff", "unit_secretary"])
@pytest.mark.parametrize("name", PAGES)
def test_no_query_parameter_makes_a_page_fail(client, data, request, role, name):
    pattern = named_patterns()[name]
    url = reverse(name, kwargs=kwargs_for(name, pattern, data) or None)
    client.force_login(request.getfixturevalue(role))
    client.raise_request_exception = False
    parameters = parameters_of(name, pattern)
    queries = [{parameter: value} for parameter, values in parameters.items() for value in values]
    # Everything at once, and (on the lists) every filter at its worst in the Excel export.
    queries += [{parameter: value for parameter in parameters} for value in WORST if parameters]
    if EXPORT_PARAM in parameters:
        queries += [{**{parameter: value for parameter in parameters}, EXPORT_PARAM: "xlsx"} for value in WORST]
    if not parameters:  # a page that reads no parameter ignores them
        queries = [NO_PARAMETERS]
    failures = []
    for query in queries:
        response = client.get(url, query)
        if response.status_code >= 500:
            failures.append((query, response.status_code))
    assert failures == [], f"{url} as {role}: {failures[:10]}"


def test_pages_with_parameters_are_found():
    """The enumeration above does find the parameters of the pages the attack test named."""
    patterns = named_patterns()
    assert {"as_of", "township", "unit"} <= set(parameters_of("targets:home", patterns["targets:home"]))
    activities = parameters_of("organizations:activityrecord_list", patterns["organizations:activityrecord_list"])
    assert {"year", "q", "page", "sort", "per_page", EXPORT_PARAM} <= set(activities)
    assert {"seat"} <= set(parameters_of("members:trainingrecord_create", patterns["members:trainingrecord_create"]))


GET_READ = re.compile(r"request\.GET\b")


def test_every_module_reading_the_query_string_is_accounted_for():
    """A module that starts reading request.GET must have its parameters listed in this file."""
    readers = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/tests/" in relative or "/migrations/" in relative:
                continue
            if GET_READ.search(path.read_text(encoding="utf-8")):
                readers.add(relative)
    assert readers == GET_READERS


# -- what the page says ---------------------------------------------------------------------------

@pytest.fixture
def staff_client(client, county_staff, in_english):
    client.force_login(county_staff)
    return client


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1949-09-30"])
def test_the_dashboard_names_a_date_out_of_range(staff_client, as_of):
    response = staff_client.get(reverse("targets:home"), {"as_of": as_of})
    assert response.status_code == 200
    assert "Enter a date between 1949-10-01 and" in response.content.decode()
    assert response.context["overview"]["as_of"] == timezone.localdate()  # the figures of today


def test_the_dashboard_computes_at_both_ends_of_the_range(staff_client, unit):
    from common.forms import EARLIEST_DATE, latest_date
    from organizations.tests.factories import OrganizationFactory, PartyOrgFactory

    PartyOrgFactory(unit=unit, organizations=[OrganizationFactory(unit=unit)])
    for as_of in (EARLIEST_DATE, latest_date()):
        response = staff_client.get(reverse("targets:home"), {"as_of": as_of.isoformat()})
        assert response.status_code == 200 and not response.context["form"].errors
        assert response.context["overview"]["as_of"] == as_of


@pytest.mark.parametrize(("name", "parameter"), [
    ("organizations:activityrecord_list", "year"),
    ("organizations:assessment_list", "year"),
    ("organizations:demosite_list", "demo_year"),
    ("members:trainingrecord_list", "year"),
    ("reports:halfyearreport_list", "year"),
])
@pytest.mark.parametrize("value", ["-1", HUGE, "1948"])
def test_a_year_out_of_range_is_named_on_the_list(staff_client, name, parameter, value):
    response = staff_client.get(reverse(name), {parameter: value})
    assert response.status_code == 200
    assert "Enter a year between 1949 and" in response.content.decode()
    assert response.context["table"].paginator.count == 0


def test_a_date_out_of_range_is_named_on_the_audit_trail(staff_client):
    response = staff_client.get(reverse("audit:audit"), {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert "Enter a date between 1949-10-01 and" in response.content.decode()


@pytest.mark.parametrize("per_page", ["0", "-1", HUGE])
def test_a_bad_page_size_keeps_the_usual_one(staff_client, unit, per_page, settings):
    from organizations.tests.factories import OrganizationFactory

    OrganizationFactory.create_batch(3, unit=unit)
    response = staff_client.get(reverse("organizations:organization_list"), {"per_page": per_page})
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == settings.PAGINATE_BY


@pytest.mark.parametrize(("page", "shown"), [("2", 2), ("0", 2), ("-1", 2), ("abc", 1), (HUGE, 2), ("3", 2),
                                             ("", 1)])
def test_a_page_that_the_list_does_not_have_shows_the_nearest_one(staff_client, unit, page, shown, settings):
    """A page number the list does not have (too small, too large, not a number) shows the
    nearest page the list has (a number that is not one: the first), never a 404 or a 5xx."""
    from organizations.tests.factories import OrganizationFactory

    OrganizationFactory.create_batch(settings.PAGINATE_BY + 1, unit=unit)
    response = staff_client.get(reverse("organizations:organization_list"), {"page": page, "per_page": 1})
    assert response.status_code == 200
    assert response.context["table"].page.number == shown
    assert len(response.context["table"].page.object_list) == (1 if shown == 2 else settings.PAGINATE_BY)
