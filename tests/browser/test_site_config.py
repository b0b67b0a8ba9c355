"""The toolbar picks up its own site's settings from the service's configuration file: the
leave-site allow-list and the default colour scheme, by real clicks in chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from barrierfree.config import load_config
from barrierfree.web.app import create_app

from ..conftest import LiveServer, free_port

LEAVE = "您访问的链接即将离开本网站，是否继续？"


def _page(port: int) -> str:
    # no data-allow, no data-* at all: everything comes from the service's configuration
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>站点配置</title>
<script type="module" src="/assist.js"></script></head>
<body><main><h1>站点配置测试</h1><p id="text">正文。</p>
<p><a id="ext" href="http://localhost:{port}/outside.html">外部链接</a>
<a id="allowed" href="http://www.gov.localhost:{port}/inside.html">同一机构的另一网站</a></p>
</main></body></html>"""


@pytest.fixture
def configured(tmp_path: Path) -> Iterator[LiveServer]:
    port = free_port()
    conf = tmp_path / "bf.toml"
    conf.write_text(
        f"""
[service]
cache_backend = "memory"
rate_limit = ""
# as in tests/conftest.py: the server warms its speech engine as it starts and waits for
# that as it stops (the neural voice would load its 92 MB model for each test)
speech_engine = "espeak"

[[site]]
name = "test"
origins = ["http://127.0.0.1:{port}"]
link_allow = ["*.gov.localhost"]
scheme = "yellow"
""",
        "utf-8",
    )
    server = LiveServer(create_app(load_config(str(conf), environ={})))
    server.port = server.server.config.port = port  # the origin the file names
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site(page: Page, context: BrowserContext, configured: LiveServer) -> Page:
    port = configured.port
    url = f"{configured.url}/bf-test/site.html"
    context.route(
        url, lambda r: r.fulfill(content_type="text/html; charset=utf-8", body=_page(port))
    )
    for host in ("localhost", "www.gov.localhost"):
        context.route(
            f"http://{host}:{port}/*.html",
            lambda r: r.fulfill(
                content_type="text/html; charset=utf-8", body="<p id='away'>外站</p>"
            ),
        )
    with page.expect_response(lambda r: "/api/site" in r.url):
        page.goto(url)
    page.locator("barrierfree-entry").wait_for(state="attached")
    return page


def test_allow_list_from_the_configuration(site: Page) -> None:
    site.locator("#allowed").click()
    site.wait_for_url("**/inside.html")  # listed in the site's link_allow: no question
    site.go_back()
    site.locator("#ext").click()
    expect(site.locator("barrierfree-leave dialog")).to_contain_text(LEAVE)


def test_default_colour_scheme_from_the_configuration(site: Page) -> None:
    def background() -> str:
        return str(
            site.evaluate("getComputedStyle(document.getElementById('text')).backgroundColor")
        )

    assert background() in ("rgba(0, 0, 0, 0)", "transparent")
    site.locator("barrierfree-entry").locator("button").click()
    expect(site.locator("barrierfree-toolbar")).to_be_attached()
    site.wait_for_function(
        "getComputedStyle(document.getElementById('text')).backgroundColor === 'rgb(255, 255, 0)'"
    )
