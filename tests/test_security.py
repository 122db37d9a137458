"""Hardening: password rules, the idle session timeout, the Content-Security-Policy (header and
pages free of inline code) and `manage.py check --deploy` clean with the production settings."""
import datetime
import io
import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import PASSWORD
from demo.county import DEFAULT_DEMO_PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent

# Django's own validator messages, in English (the in_english fixture).
TOO_SHORT = "This password is too short. It must contain at least 10 characters."
TOO_COMMON = "This password is too common."
ENTIRELY_NUMERIC = "This password is entirely numeric."

# A password refused by each validator: short, common (in Django's list, 10+ characters), all digits.
REFUSED = [("Ab3-xyz", TOO_SHORT), ("password123", TOO_COMMON), ("4820193756", ENTIRELY_NUMERIC)]


# --- Password validators -----------------------------------------------------------------------


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_validate_password_refuses_short_common_and_numeric_passwords(db, in_english, password, message):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, User(username="li.ming"))
    assert message in exc.value.messages


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_add_user_refuses_a_weak_password(db, in_english, password, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("add_user", "li.ming", "--role", "county_staff", "--password", password, stdout=io.StringIO())
    assert not User.objects.filter(username="li.ming").exists()


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_admin_password_form_refuses_a_weak_password(county_staff, in_english, password, message):
    form = AdminPasswordChangeForm(county_staff, {"password1": password, "password2": password})
    assert not form.is_valid()
    assert message in form.errors["password2"]


def test_admin_password_page_refuses_a_short_password(client, admin_user, county_staff, in_english):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[county_staff.pk])  # the name UserAdmin gives it
    response = client.post(url, {"password1": "Ab3-xyz", "password2": "Ab3-xyz"})
    assert response.status_code == 200
    assert TOO_SHORT in response.content.decode()
    county_staff.refresh_from_db()
    assert county_staff.check_password(PASSWORD)


def test_set_password_form_refuses_a_numeric_password(client, unit_secretary, in_english):
    client.force_login(unit_secretary)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "4820193756", "new_password2": "4820193756"})
    assert response.status_code == 200
    assert ENTIRELY_NUMERIC in response.content.decode()
    unit_secretary.refresh_from_db()
    assert unit_secretary.check_password(PASSWORD)


@pytest.mark.parametrize("password", [PASSWORD, DEFAULT_DEMO_PASSWORD])
def test_the_projects_own_passwords_pass_the_validators(db, password):
    for username in ("county", "sec-T01", "admin", "demo"):
        validate_password(password, User(username=username))


def test_the_generated_add_user_password_passes_the_validators(db, in_english):
    out = io.StringIO()
    call_command("add_user", "li.ming", "--role", "county_staff", stdout=out)
    password = out.getvalue().split("Password: ")[1].strip()
    validate_password(password, User.objects.get(username="li.ming"))


# --- Idle session timeout ------------------------------------------------------------------------


def _session(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_a_session_idle_for_more_than_30_minutes_is_logged_out(client, county_staff):
    client.force_login(county_staff)
    assert client.get(reverse("targets:home")).status_code == 200
    # 31 minutes without a request: the expiry the last request set (now + 30 min) has passed.
    Session.objects.filter(pk=_session(client).pk).update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("targets:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_each_request_extends_the_session_by_30_minutes(client, county_staff):
    client.force_login(county_staff)
    client.get(reverse("targets:home"))
    # 29 minutes idle: one minute left.
    Session.objects.filter(pk=_session(client).pk).update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert client.get(reverse("organizations:organization_list")).status_code == 200
    left = _session(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)
    assert client.get(reverse("targets:home")).status_code == 200


# --- Content-Security-Policy ---------------------------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_pages_carry_the_strict_policy(client, county_staff):
    client.force_login(county_staff)
    policy = _policy(client.get(reverse("targets:home")))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["font-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]


def test_the_login_page_carries_the_policy_and_the_other_security_headers(db, client):
    response = client.get(reverse("login"))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert _policy(response)["script-src"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    """Everything in the page the policy would block: scripts with code (a json_script data block
    is not executed, so allowed), on*= handlers, javascript: URLs, <style> and style= attributes."""
    found = []
    for attrs, body in SCRIPT.findall(html):
        if 'type="application/json"' in attrs:
            continue
        if body.strip() or "src=" not in attrs:
            found.append(f"<script{attrs}>{body[:60]}")
    for pattern in (EVENT_HANDLER, JAVASCRIPT_URL, STYLE_ELEMENT, STYLE_ATTRIBUTE):
        found += [m.group(0)[:100] for m in pattern.finditer(html)]
    return found


def test_inline_code_finder_catches_what_the_policy_blocks():
    """The finder the page test relies on: it must flag each kind of inline code."""
    assert inline_code('<a href="#" onclick="window.print()">x</a>')
    assert inline_code("<script>alert(1)</script>")
    assert inline_code('<a href="javascript:void(0)">x</a>')
    assert inline_code("<style>p{}</style>")
    assert inline_code('<div class="x" style="width: 3%">')
    assert not inline_code('<script src="/static/js/portal.js"></script>'
                           '<script id="d" type="application/json">{"a": 1}</script>'
                           '<a href="/x" data-action="print" class="online">on=</a>')


NO_PAGE = {  # URL names without a page to show on GET
    "targets:recompute", "targets:recompute_dismiss", "register:register_export", "register:register_export_moved",
    "reports:halfyearreport_open",
    "targets:officer_suggestions_accept", "logout", "set_language",
}


def _page_urls():
    """Every URL of the portal without arguments (lists, forms, overviews), then one detail page
    (and its print/edit pages) of each kind of record."""
    urls = []

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue
                ns = entry.namespace or namespace
                walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                if name not in NO_PAGE and "<" not in str(entry.pattern):
                    urls.append(reverse(name))

    walk(get_resolver(), "", None)
    for app in ("organizations", "members", "register", "reports"):
        for model in apps.get_app_config(app).get_models():
            if hasattr(model, "get_absolute_url") and model.__name__ != "ReportAttachment":
                obj = model.objects.order_by("pk").first()
                if obj is not None:
                    urls.append(obj.get_absolute_url())
    from reports.models import HalfYearReport

    report = HalfYearReport.objects.order_by("pk").first()
    urls.append(reverse("reports:halfyearreport_print", args=[report.pk]))
    return sorted(set(urls))


@pytest.mark.django_db
def test_no_page_holds_inline_scripts_handlers_or_styles(client):
    from register.models import RegisterImport

    call_command("seed_demo", stdout=io.StringIO())
    staff = User.objects.get(username="county")
    # An import still being checked: its page loads htmx and polls with hx-get.
    RegisterImport.objects.create(file="imports/register.zip", original_name="register.zip", uploaded_by=staff)
    client.force_login(staff)
    urls = _page_urls()
    assert reverse("targets:home") in urls and reverse("members:partymember_list") in urls
    assert len(urls) > 40
    offenders = {}
    for url in urls:
        response = client.get(url, follow=True)  # the latest period's overview redirects to it
        assert response.status_code == 200, (url, response.status_code)
        if found := inline_code(response.content.decode()):
            offenders[url] = found
    dashboard = client.get(reverse("targets:home")).content.decode()
    assert 'id="trend-data" type="application/json"' in dashboard, "the chart data is a json_script block"
    assert "js/dashboard.js" in dashboard
    importing = client.get(RegisterImport.objects.get().get_absolute_url()).content.decode()
    assert "htmx.min.js" in importing and "hx-get=" in importing
    assert '"includeIndicatorStyles": false' in importing and '"allowEval": false' in importing
    client.logout()
    for url in (reverse("login"), reverse("password_reset")):
        if found := inline_code(client.get(url).content.decode()):
            offenders[url] = found
    assert offenders == {}


# --- check --deploy ------------------------------------------------------------------------------


def production_env() -> dict[str, str]:
    """This environment with the production settings, a random 50-character key and one host."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    skip = ("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "TRUSTED_PROXY_COUNT", "SESSION_COOKIE_AGE")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(skip)},
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "ALLOWED_HOSTS": "portal.example.gov.cn",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }


def test_check_deploy_is_clean_with_the_production_settings():
    env = production_env()
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_harden_cookies_and_trust_one_proxy():
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS >= 31536000, "
            "s.SECURE_SSL_REDIRECT, s.TRUSTED_PROXY_COUNT, s.SESSION_COOKIE_AGE)")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=BASE_DIR,
                            env=production_env(), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "True", "1", "1800"]
