"""Browser tests: Playwright's Python package driving the machine's Chromium (never a download).

Set CASEBOOK_CHROMIUM to another Chromium binary if it is not at /usr/bin/chromium. Under CI=true
a missing browser fails the run instead of skipping.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.support.factories import shipped_framework

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _chromium() -> str | None:
    return (
        os.environ.get("CASEBOOK_CHROMIUM")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    # Assertions wait for the page; on a loaded 2-core machine a save can take a few seconds.
    expect.set_options(timeout=15_000)
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed (CI=true: browser tests may not be skipped)")
        pytest.skip("Chromium is not installed; install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _shipped_framework(transactional_db):
    """Transactional tests flush every table afterwards, the migrated framework with them."""
    return shipped_framework()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """A factory for extra, independent sessions (e.g. two inspectors at once)."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page, username: str, password: str = "correct horse battery staple") -> None:
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def axe_violations(page) -> list[dict]:
    """Run the vendored axe-core in the page and return WCAG 2.x A/AA violations."""
    # loaded from the site itself: the CSP refuses the inline copy `path=` would insert
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    return result["violations"]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
