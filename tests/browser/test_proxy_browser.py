"""The proxy in chromium: browse a local origin page, open the toolbar, follow a link and
stay in the proxy; the page's own scripts do not run and nothing trips the CSP (the
`page` fixture fails on any console error, CSP reports included)."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

from playwright.sync_api import Page, expect

from ..conftest import LiveServer
from ..test_proxy_origin import Origin, origin_fixture  # noqa: F401
from .conftest import ConsoleErrors
from .fixtures.toolbar import entry, open_toolbar, toolbar, wait_js


def upstream_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["url"][0]


def test_browse_open_toolbar_follow_link_stay_in_proxy(
    page: Page, proxy_server: LiveServer, origin: Origin
) -> None:
    page.goto(f"{proxy_server.url}/browse?url={quote(origin.url + '/utf8.html', safe=':/')}")
    expect(page.locator("#title")).to_have_text("关于做好适老化改造的通知")
    # the page's own scripts did not run: its inline script would have renamed the page
    assert page.title() == "市政府办公室关于做好适老化改造的通知"
    # the proxy bar names the real page
    expect(page.locator("#barrierfree-proxy-bar")).to_contain_text(origin.url + "/utf8.html")
    # the toolbar works under the proxy's CSP (assist.js and the modules it imports)
    open_toolbar(page)
    expect(toolbar(page).get_by_role("button", name="帮助", exact=True)).to_be_visible()
    # a feature module loads and changes the page under the CSP too
    toolbar(page).get_by_role("button", name="放大", exact=True).click()
    wait_js(page, "() => parseFloat(getComputedStyle(document.body).zoom) > 1")
    # follow a link: still on the proxy, now showing the second page
    page.locator("#next").click()
    page.wait_for_url(f"{proxy_server.url}/browse?**")
    assert upstream_of(page.url) == f"{origin.url}/second.html"
    expect(page.locator("#title")).to_have_text("第二页：办事指南")
    # the toolbar stays with the visitor on the next proxied page
    toolbar(page).locator("button").first.wait_for(state="visible")
    # and back again, by a relative link on the second page
    page.locator("#back").click()
    page.wait_for_url(f"{proxy_server.url}/browse?**utf8.html")
    expect(page.locator("#title")).to_have_text("关于做好适老化改造的通知")


def test_start_page_address_box_by_keyboard(
    page: Page, proxy_server: LiveServer, origin: Origin
) -> None:
    page.goto(f"{proxy_server.url}/browse")
    box = page.get_by_label("网址")
    box.focus()
    page.keyboard.type(origin.url + "/gbk.html")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{proxy_server.url}/browse?**")
    expect(page.locator("#title")).to_have_text("中华人民共和国政府信息公开条例 朱镕基")
    expect(entry(page)).to_be_visible()


def test_gbk_search_form_reaches_the_site_in_gbk(
    page: Page, proxy_server: LiveServer, origin: Origin
) -> None:
    page.goto(f"{proxy_server.url}/browse?url={quote(origin.url + '/gbk.html', safe=':/')}")
    field = page.locator("#search input[name=q]")
    field.fill("政务公开")
    field.press("Enter")
    page.wait_for_url(f"{proxy_server.url}/browse?**form-echo**")
    expect(page.locator("#q")).to_have_text("政务公开")
    expect(page.locator("#raw")).to_have_text("q=%D5%FE%CE%F1%B9%AB%BF%AA")


def test_refused_address_shows_the_error_page(
    page: Page, proxy_server: LiveServer, console_errors: ConsoleErrors
) -> None:
    # the error page itself is served with 403, which chromium logs as a failed load
    console_errors.allowed.append("status of 403")
    page.goto(f"{proxy_server.url}/browse?url=http://169.254.169.254/latest/meta-data/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("无法打开这个网页")
    expect(alert).to_contain_text("云服务器元数据地址")
    expect(page.get_by_label("网址")).to_have_value("http://169.254.169.254/latest/meta-data/")


def test_start_and_error_pages_pass_axe(
    page: Page, proxy_server: LiveServer, console_errors: ConsoleErrors
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    console_errors.allowed.append("status of 400")
    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    for url in (f"{proxy_server.url}/browse", f"{proxy_server.url}/browse?url=javascript:alert(1)"):
        page.goto(url)
        found = Axe().run(page, options=wcag).response["violations"]
        assert [v["id"] for v in found] == [], url
