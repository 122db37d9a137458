"""Load test of the portal's main pages (scripts/loadtest.sh; docs/benchmarks.md).

Two kinds of users log in through the real login form (with its CSRF token) and then browse:
county staff (the dashboard, the organization list searched and paged, the members and pipeline
lists, organization details, the period overview of the reports) and unit secretaries (their
dashboard, lists and details, which the portal scopes to their unit). The accounts are the ones
`manage.py benchmark --prepare-only` creates; the environment overrides them:

  LOADTEST_PASSWORD           their password (required)
  LOADTEST_COUNTY_USER        default loadtest-county
  LOADTEST_SECRETARY_USERS    comma-separated, default loadtest-secretary-1,-2,-3

  .venv/bin/locust -f scripts/locustfile.py --host http://127.0.0.1:8000 --headless \
      --users 10 --spawn-rate 5 --run-time 60s --csv /tmp/load --only-summary

Requests are grouped under the page names below, so that the CSV has one row per page.
Not a pytest module: nothing here is collected by the test suite.
"""
import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
COUNTY_USER = os.environ.get("LOADTEST_COUNTY_USER", "loadtest-county")
SECRETARY_USERS = [name.strip() for name in os.environ.get(
    "LOADTEST_SECRETARY_USERS", "loadtest-secretary-1,loadtest-secretary-2,loadtest-secretary-3").split(",")
    if name.strip()]
# The synthetic register names every organization after its township ("城关镇第12号企业"), so a
# township searches about an eighth of the county.
SEARCHES = ["城关镇", "东河镇", "西山乡", "南湖镇", "北岭乡", "青石镇", "白沙乡", "桃源镇"]
SEARCH_PAGES = 5  # users page through the first few pages of a search, not to page 4,000

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DETAIL_LINK = re.compile(r'href="/organizations/([0-9A-Z]{18})/"')

_secretaries = itertools.cycle(SECRETARY_USERS)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # a clerk reads a page before opening the next
    username = ""

    def on_start(self):
        if not PASSWORD:
            raise RuntimeError("LOADTEST_PASSWORD is not set")
        login = self.client.get("/accounts/login/", name="login form")
        token = CSRF_FIELD.search(login.text)
        if token is None:
            raise RuntimeError(f"no CSRF token on the login form (status {login.status_code})")
        with self.client.post("/accounts/login/", name="login", allow_redirects=False, catch_response=True,
                              data={"username": self.username, "password": PASSWORD,
                                    "csrfmiddlewaretoken": token.group(1), "next": "/"},
                              headers={"Referer": self.host + "/accounts/login/"}) as response:
            if response.status_code != 302:
                response.failure(f"{self.username} could not log in ({response.status_code})")
                raise RuntimeError(f"{self.username} could not log in")
        # Organization codes to open, from the user's own list (a secretary's list is their unit's).
        self.credit_codes = DETAIL_LINK.findall(self.client.get("/organizations/", name="organization list").text)

    def get(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")

    @task(4)
    def dashboard(self):
        self.get("/", "dashboard")

    @task(3)
    def organization_search(self):
        self.get(f"/organizations/?q={self.search()}&page={random.randint(1, SEARCH_PAGES)}",
                 "organization list ?q=&page=")

    def search(self) -> str:
        return random.choice(SEARCHES)

    @task(2)
    def members(self):
        self.get("/members/", "member list")

    @task(2)
    def pipeline(self):
        self.get("/pipeline/", "pipeline list")

    @task(2)
    def organization_detail(self):
        if self.credit_codes:
            self.get(f"/organizations/{random.choice(self.credit_codes)}/", "organization detail")


class CountyStaff(PortalUser):
    weight = 1
    username = COUNTY_USER

    def on_start(self):
        super().on_start()
        # The latest ended half-year, where /reports/periods/ redirects.
        self.period_url = self.client.get("/reports/periods/", name="period overview (redirect)",
                                          allow_redirects=False).headers.get("Location", "/reports/periods/")

    @task(1)
    def period_overview(self):
        self.get(self.period_url, "report period overview")


class UnitSecretary(PortalUser):
    weight = 2

    def on_start(self):
        self.username = next(_secretaries)
        super().on_start()

    def search(self) -> str:
        return ""  # a unit is not a township: a secretary pages through the whole list of the unit
