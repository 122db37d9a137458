"""Project-wide checks: migrations match the models, the system checks pass, settings behave."""
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from targets.models import Plan, PlanTarget


@pytest.mark.django_db
def test_makemigrations_check_is_clean():
    out = io.StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


def test_database_in_use_is_printed_and_matches_database_url():
    """CI sets DATABASE_URL to PostgreSQL; the suite must then really run on it."""
    engine = settings.DATABASES["default"]["ENGINE"]
    print(f"\ntests run on {engine}")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine == "django.db.backends.postgresql"
    elif not os.environ.get("DATABASE_URL"):
        assert engine == "django.db.backends.sqlite3"


def test_chinese_is_the_default_language_and_shanghai_the_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_without_a_broker_tasks_run_eagerly():
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not os.environ.get("CELERY_BROKER_URL"))


def _production_check(env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy"], env=clean, capture_output=True,
                          text=True, cwd=settings.BASE_DIR)


def test_production_settings_refuse_to_start_without_secret_key_and_hosts():
    result = _production_check({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    result = _production_check({"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_settings_start_with_secret_key_and_hosts():
    result = _production_check({"SECRET_KEY": "a-long-random-secret-" * 4, "ALLOWED_HOSTS": "portal.example.cn"})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_plan_targets_are_seeded_from_the_compliance_spec():
    plan = Plan.objects.get()
    assert plan.starts_on.isoformat() == "2008-01-01"
    targets = {t.code: (t.kind, t.target, t.deadline.isoformat()) for t in PlanTarget.objects.all()}
    assert len(targets) == 19
    assert targets["formal3_standalone"] == ("percent", 100, "2008-12-31")
    assert targets["party_orgs"] == ("count", 15, "2010-12-31")
    assert targets["demo_county"] == ("count", 3, "2008-12-31")
    assert targets["five_goods"] == ("count", 6, "2010-12-31")
    assert targets["activists_cultivated"] == ("count", 35, "2010-12-31")
    assert targets["leaders_contact"] == ("percent", 100, "2008-12-31")


@pytest.mark.django_db
def test_plan_keeps_its_baseline_figures():
    assert Plan.objects.get().baseline == {"orgs": 1778, "individual_businesses": 1645, "party_orgs": 12,
                                           "members": 120, "member_share_pct": 2.0, "unstable_with_party_org": 3}
