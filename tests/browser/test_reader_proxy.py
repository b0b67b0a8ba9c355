"""轻松阅读 on a page shown through the service's proxy (/browse?url=…): the view works under
the proxy's CSP and asks the reader API with the proxied page's own address."""

from __future__ import annotations

import json
from urllib.parse import quote

from playwright.sync_api import Page, expect

from ..conftest import LiveServer
from ..test_proxy_origin import Origin, origin_fixture  # noqa: F401
from .fixtures.toolbar import control, open_toolbar


def test_reader_on_a_proxied_page(page: Page, proxy_server: LiveServer, origin: Origin) -> None:
    sent: list[dict[str, object]] = []
    page.on(
        "request",
        lambda r: (
            sent.append(json.loads(r.post_data or "{}")) if r.url.endswith("/api/read") else None
        ),
    )
    page.goto(f"{proxy_server.url}/browse?url={quote(origin.url + '/utf8.html', safe=':/')}")
    expect(page.locator("#title")).to_have_text("关于做好适老化改造的通知")
    open_toolbar(page)
    control(page, "轻松阅读").click()
    view = page.locator("bf-reading-view")
    view.locator(".page article").wait_for(state="visible")
    assert sent and sent[0]["url"] == origin.url + "/utf8.html"
    expect(view.locator("h1")).to_have_text("关于做好适老化改造的通知")
    text = str(view.locator(".page").inner_text())
    assert "各区县人民政府，市政府各部门：为方便老年人上网，现将有关事项通知如下。" in text
    for junk in ("搜索", "hijacked"):  # the search form; the title its script would set
        assert junk not in text
    page.keyboard.press("Escape")
    expect(view).to_have_count(0)
