"""Web fixtures: the API's app client and seeded atlas, shared; and for the browser tests (chromium.py) the
browser, the demo server of a module, and pages on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.conftest import client, seeded  # noqa: F401
from web.chromium import ARGS, CHROMIUM, demo_server, sign_in, sync_api


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo server for the whole module."""
    with demo_server(tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def anonymous(browser: object, server: str) -> Iterator[object]:
    """A page, not signed in, that may reach the test server only; any other request fails the test.

    Playwright's `wait_for_function` evaluates strings, which the pages' Content-Security-Policy
    forbids, so these pages bypass it; `test_pages_run_under_the_content_security_policy` does not.
    """
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN",  # type: ignore
                                  bypass_csp=True)
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def only_loopback(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(server):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", only_loopback)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(20_000)
    yield page
    context.close()
    assert not outside, f"requests left the machine: {outside}"
    assert not errors, f"script errors: {errors}"


@pytest.fixture
def page(anonymous: object, server: str) -> object:
    """A page signed in as the demo administrator (province-wide)."""
    sign_in(anonymous, server, "demo-admin")
    return anonymous
