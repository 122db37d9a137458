"""Login attempts are limited (django-axes): 5 wrong passwords for one user from one address lock
that user out from that address for 15 minutes, with a page saying so; other users and other
addresses are not affected; a success resets the count; the admin login is covered too."""
import datetime

from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.security import client_ip_address
from accounts.tests.factories import PASSWORD

HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.7"
WRONG = "not-the-password"
LOCKED = "Logging in to this account from this address is locked for 15 minutes."


def log_in(client, username, password, address=HOME, url=None, **extra):
    url = url or reverse("login")
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, address=HOME, url=None):
    """`times` wrong passwords; the login form answers until the 5th, which locks (axes answers
    the failure that reaches the limit with the lockout page already)."""
    for n in range(1, times + 1):
        response = log_in(client, username, WRONG, address, url)
        assert response.status_code == (429 if n >= 5 else 200), n


def age_attempts(minutes):
    """Move every recorded failure `minutes` into the past (as if that much time went by)."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def assert_locked_out(response):
    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert LOCKED in page
    assert "ask the portal administrator" in page


def test_four_failures_do_not_lock(client, county_staff, in_english):
    fail(client, "county", 4)
    response = log_in(client, "county", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_sixth_attempt_after_five_failures_is_locked_even_with_the_right_password(
        client, county_staff, in_english):
    fail(client, "county", 5)
    response = log_in(client, "county", PASSWORD)
    assert_locked_out(response)
    assert not logged_in(client)


def test_the_lockout_page_is_in_chinese_by_default(client, county_staff):
    fail(client, "county", 5)
    response = log_in(client, "county", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert 'data-testid="lockout"' in page and 'href="/accounts/login/"' in page


def test_the_same_user_from_another_address_is_not_locked(client, county_staff, in_english):
    fail(client, "county", 5)
    response = log_in(client, "county", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302 and logged_in(client)


def test_another_user_from_the_same_address_is_not_locked(client, county_staff, unit_secretary, in_english):
    fail(client, "county", 5)
    response = log_in(client, "sec-T01", PASSWORD)
    assert response.status_code == 302 and logged_in(client)
    assert_locked_out(log_in(client.__class__(HTTP_ACCEPT_LANGUAGE="en"), "county", PASSWORD))


def test_the_lock_holds_for_15_minutes_then_login_works_again(client, county_staff, in_english):
    fail(client, "county", 5)
    age_attempts(14)
    assert_locked_out(log_in(client, "county", PASSWORD))
    # The refused attempt above restarted the cool-off: 14 more minutes are still not enough.
    age_attempts(14)
    assert_locked_out(log_in(client, "county", WRONG))
    age_attempts(16)
    response = log_in(client, "county", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_resets_the_count(client, county_staff, in_english):
    fail(client, "county", 4)
    assert log_in(client, "county", PASSWORD).status_code == 302
    client.logout()
    fail(client, "county", 4)
    assert log_in(client, "county", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_admin_login_is_limited_too(client, admin_user, in_english):
    url = reverse("admin:login")
    fail(client, "admin", 5, url=url)
    response = log_in(client, "admin", PASSWORD, url=url)
    assert_locked_out(response)
    assert not logged_in(client)


def test_the_portal_and_admin_logins_share_the_count(client, admin_user, in_english):
    fail(client, "admin", 4)
    assert_locked_out(log_in(client, "admin", WRONG, url=reverse("admin:login")))
    assert_locked_out(log_in(client, "admin", PASSWORD))


# --- The client's address behind a reverse proxy ---------------------------------------------------


def forwarded_request(forwarded_for, remote="10.0.0.2"):
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip_address(forwarded_request("203.0.113.5")) == "10.0.0.2"


def test_behind_one_proxy_the_address_it_saw_is_used_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip_address(forwarded_request("203.0.113.5")) == "203.0.113.5"
    # A client writing its own X-Forwarded-For cannot choose the address counted against it.
    assert client_ip_address(forwarded_request("1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_ip_address(forwarded_request("")) == "10.0.0.2"


def test_behind_two_proxies_the_second_entry_from_the_right_is_used(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip_address(forwarded_request("1.2.3.4, 203.0.113.5, 10.0.0.1")) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_users_are_locked_by_their_own_address(client, county_staff, in_english):
    proxy = "10.0.0.2"
    for _ in range(5):
        log_in(client, "county", WRONG, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert_locked_out(log_in(client, "county", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5"))
    # Same proxy, another client address: not locked; a spoofed header does not help the first.
    assert_locked_out(log_in(client, "county", PASSWORD, address=proxy,
                             HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5"))
    response = log_in(client, "county", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302 and logged_in(client)
