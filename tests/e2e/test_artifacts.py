"""The browser suite's own safety net works: a failing browser test leaves a screenshot and the page's
HTML behind (in E2E_ARTIFACTS), and a passing one leaves nothing.

The check runs a small browser test module in a separate pytest process, with this package's
conftest loaded as a plugin (-p tests.e2e.conftest), so the fixtures and hooks under test are the
real ones. That process uses an in-memory SQLite database: it must never create or drop the test
database of the run that started it."""
import os
import pathlib
import subprocess
import sys

import pytest

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parents[2]

PROBE = '''
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_probe_that_fails(page):
    page.goto("/accounts/login/")
    page.wait_for_selector("form")
    assert page.title() == "not the login page"


def test_probe_that_passes(page):
    page.goto("/accounts/login/")
    page.wait_for_selector("form")
'''


def test_a_failing_browser_test_leaves_a_screenshot_and_the_page_html(tmp_path):
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    artifacts = tmp_path / "artifacts"
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    env["E2E_ARTIFACTS"] = str(artifacts)

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.e2e.conftest",
         "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT), str(tmp_path / "test_probe.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )

    output = run.stdout + run.stderr
    assert run.returncode == 1, output  # exactly: tests ran and one failed (not a usage or collection error)
    assert "1 failed, 1 passed" in run.stdout, output
    screenshot = artifacts / "test_probe_that_fails.png"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", output
    assert screenshot.stat().st_size > 1000  # a rendered page, not an empty image
    html = (artifacts / "test_probe_that_fails.html").read_text(encoding="utf-8")
    assert 'name="username"' in html and "登录党建工作平台" in html  # the login page, in Chinese
    assert sorted(p.name for p in artifacts.iterdir()) == ["test_probe_that_fails.html",
                                                           "test_probe_that_fails.png"]
