"""The browser test harness: headless Chromium through Playwright, with axe-core.

Use it from any browser test:

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_something(live_site, open_page, assert_accessible):
        page = open_page("phone")            # or "desktop"
        page.goto(live_site.url + "/")
        assert_accessible(page)

Every page opened this way also fails its test if the browser logs an error,
such as a script or style refused by the Content Security Policy.
"""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 levels A and AA, and axe's best practices (landmarks, headings).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 375, "height": 812},
}


class _ThroughTheSiteItself:
    """Let static files through to WhiteNoise, as in production.

    Django's live server would serve them from the source folders, where the
    hashed names in the pages do not exist.
    """

    def __init__(self, application: Callable) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> object:
        return self.application(environ, start_response)


@pytest.fixture(scope="session")
def live_site(django_db_setup: None) -> Iterator[LiveServerThread]:
    """The whole site on a free localhost port, for the length of the run.

    Tests that use it need `django_db(transaction=True)` so that the server's
    own connection sees their rows; add `serialized_rollback=True` to keep
    the content that migrations load.
    """
    server = LiveServerThread("localhost", static_handler=_ThroughTheSiteItself)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    server.url = f"http://localhost:{server.port}"
    yield server
    server.terminate()


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Chromium, started for each test.

    Playwright's sync API runs an event loop under the test, and Django then
    hands the test a database connection of its own. Starting it after the
    test's database setup, and stopping it before the teardown, keeps that
    setup and teardown (and the content migrations load) on the usual one.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # Close the connection the test body used under Playwright's loop.
        connections.close_all()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open a fresh page at a named viewport; browser errors fail the test."""
    contexts = []
    errors: list[str] = []

    def record_console(message: ConsoleMessage) -> None:
        # A page's own status (a 404 page, say) is the test's business; a
        # failed stylesheet or script is reported by record_response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def record_response(response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            errors.append(f"{response.status} for {response.url}")

    def open_at(viewport: str = "desktop", **context_options: object) -> Page:
        context = browser.new_context(viewport=VIEWPORTS[viewport], **context_options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", record_console)
        page.on("response", record_response)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_at
    for context in contexts:
        context.close()
    assert not errors, f"The browser reported errors: {errors}"


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
        )
    return "\n".join(lines)


@pytest.fixture(scope="session")
def assert_accessible() -> Callable[[Page], None]:
    """Run axe-core on the page as it is now and fail on any violation."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci`.")
    source = AXE_SCRIPT.read_text()

    def check(page: Page) -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = results["violations"]
        assert not violations, f"axe found violations on {page.url}:\n{_describe(violations)}"
        assert results["passes"], "axe ran no checks at all: " + json.dumps(results)[:500]

    return check
