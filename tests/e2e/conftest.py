"""Browser tests: Playwright driving Debian's headless Chromium against pytest-django's live server."""
import os
import pathlib

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Where a failing browser test leaves its screenshot and page HTML; E2E_ARTIFACTS moves it.
DEFAULT_ARTIFACTS = pathlib.Path(__file__).resolve().parents[1] / "artifacts"


def artifacts_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("E2E_ARTIFACTS") or DEFAULT_ARTIFACTS)


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread while the browser is open; the ORM
    calls the tests and pytest-django's flushes make are still synchronous, so Django's
    async-safety guard does not apply to them. Package scope: the override ends with the browser
    tests and never reaches other tests or their subprocesses."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or os.environ.get("CI") == "true":
        return  # in CI a missing browser must fail, not skip
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (scripts/test.sh installs Debian's chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash.setdefault("failed", report.failed)
        if report.failed:
            item.stash["failed"] = True
    return report


@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if request.node.stash.get("failed", False):
        save_artifacts(page, request.node.name)
    context.close()


def save_artifacts(page, name: str) -> None:
    """The screenshot and the HTML of the page a test failed on, as <name>.png and <name>.html."""
    folder = artifacts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_text(page.content(), encoding="utf-8")
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def confirm_dialog(page):
    """Answer the confirmation dialog a data-confirm form opens (static/js/portal.js) with Confirm."""
    dialog = page.locator("[data-testid=confirm-dialog]")
    dialog.wait_for(state="visible")
    dialog.locator("[data-confirm-ok]").click()
