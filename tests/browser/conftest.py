"""Playwright driving Debian's chromium (never a downloaded browser).

``page`` fails the test on any console error or uncaught page error, so every browser
test also checks "no console error in any state".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from barrierfree.settings import Settings
from barrierfree.web.app import create_app

from ..conftest import LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is required at {CHROMIUM} (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):  # type: ignore[no-untyped-def]
    b = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield b
    b.close()


class ConsoleErrors(list[str]):
    allowed: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.allowed = []

    def unexpected(self) -> list[str]:
        return [e for e in self if not any(a in e for a in self.allowed)]


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, console_errors: ConsoleErrors) -> Iterator:  # type: ignore[type-arg]
    p = context.new_page()
    p.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: console_errors.append(f"pageerror: {e}"))
    yield p
    errors = console_errors.unexpected()
    assert not errors, f"console errors: {errors}"


@pytest.fixture(scope="module")
def proxy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The service with the one test exception to the proxy's address rules: 127.0.0.1
    (where the tests' own origin server runs)."""
    settings = Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path_factory.mktemp("proxy-cache")),
            "proxy_allow_addresses": "127.0.0.1",
            "proxy_ports": "*",
            "proxy_timeout": 5.0,
            "speech_engine": "espeak",
            "rate_limit": "",  # every test drives it from 127.0.0.1
        },
        environ={},
    )
    server = LiveServer(create_app(settings)).start()
    yield server
    server.stop()
