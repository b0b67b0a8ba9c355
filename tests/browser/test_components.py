"""The article-page components in chromium, by real clicks and keys: the leave-site
dialog, 字号 大/中/小 and the 扫一扫 QR popup (its code decoded with zbarimg)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from ..conftest import LiveServer
from .fixtures.toolbar import DEEP_ACTIVE

LEAVE = "您访问的链接即将离开本网站，是否继续？"


def fixture_page(port: int) -> str:
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>组件测试</title>
<script type="module" src="/assist.js" data-allow="*.gov.localhost example.org"></script></head>
<body><main>
<h1>测试文章</h1>
<div class="tools"><span data-bf-fontsize>字号：</span>
<button type="button" data-bf-qrcode>扫一扫在手机打开当前页</button></div>
<div data-bf-article><p id="p1">正文第一段。</p><h2 id="h2" style="font-size:30px">小标题</h2>
<ul><li id="li">列表项</li></ul></div>
<p><a id="ext" href="http://localhost:{port}/outside.html">外部链接</a>
<a id="allowed" href="http://www.gov.localhost:{port}/inside.html">允许的链接</a>
<a id="same" href="/healthz">本站链接</a></p>
</main></body></html>"""


@pytest.fixture
def site(page: Page, context: BrowserContext, live_server: LiveServer) -> Page:
    """The fixture page at the live server's address; the "other sites" are answered by the
    browser context itself, so nothing leaves the machine."""
    port = live_server.server.config.port
    page_url = f"{live_server.url}/bf-test/components.html"
    context.route(
        page_url,
        lambda r: r.fulfill(content_type="text/html; charset=utf-8", body=fixture_page(port)),
    )
    for host in ("localhost", "www.gov.localhost"):
        context.route(
            f"http://{host}:{port}/*.html",
            lambda r: r.fulfill(
                content_type="text/html; charset=utf-8",
                body="<title>外站</title><p id='away'>外站</p>",
            ),
        )
    page.goto(page_url)
    page.locator("barrierfree-entry").wait_for(state="attached")
    return page


def deep_focus(page: Page) -> str:
    return str(page.evaluate(f"() => ({DEEP_ACTIVE})()?.textContent?.trim() ?? ''"))


def dialog(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("barrierfree-leave dialog")


# ---------------------------------------------------------------- leave-site dialog


def test_leave_dialog_by_keyboard(site: Page) -> None:
    start = site.url
    site.focus("#ext")
    site.keyboard.press("Enter")
    expect(dialog(site)).to_be_visible()
    expect(dialog(site)).to_contain_text(LEAVE)
    expect(dialog(site)).to_contain_text("/outside.html")
    assert deep_focus(site) == "继续访问"
    # focus is trapped: Tab and Shift+Tab cycle between the two buttons
    site.keyboard.press("Tab")
    assert deep_focus(site) == "取消"
    site.keyboard.press("Tab")
    assert deep_focus(site) == "继续访问"
    site.keyboard.press("Shift+Tab")
    assert deep_focus(site) == "取消"
    # Esc cancels: same page, focus back on the link
    site.keyboard.press("Escape")
    expect(dialog(site)).to_have_count(0)
    assert site.url == start
    assert site.evaluate("document.activeElement.id") == "ext"
    # Enter on the link again, Enter in the dialog: we leave
    site.keyboard.press("Enter")
    expect(dialog(site)).to_be_visible()
    site.keyboard.press("Enter")
    site.wait_for_url("**/outside.html")
    expect(site.locator("#away")).to_have_text("外站")


def test_cancel_button_by_keyboard_stays(site: Page) -> None:
    site.focus("#ext")
    site.keyboard.press("Enter")
    expect(dialog(site)).to_be_visible()
    site.keyboard.press("Tab")
    site.keyboard.press("Enter")  # on 取消
    expect(dialog(site)).to_have_count(0)
    assert site.url.endswith("/bf-test/components.html")


def test_allowed_and_own_links_need_no_confirmation(site: Page) -> None:
    site.locator("#allowed").click()
    site.wait_for_url("**/inside.html")  # *.gov.localhost is on the allow-list
    site.go_back()
    site.locator("#same").click()
    site.wait_for_url("**/healthz")


def test_modified_and_middle_clicks_ask_then_open_a_new_tab(
    site: Page, context: BrowserContext
) -> None:
    modifier = "Control"
    site.locator("#ext").click(modifiers=[modifier])
    expect(dialog(site)).to_be_visible()
    expect(dialog(site)).to_contain_text("新标签页")
    with context.expect_page() as opened:
        dialog(site).get_by_role("button", name="继续访问").click()
    new = opened.value
    new.wait_for_load_state()
    assert new.url.endswith("/outside.html")
    assert site.url.endswith("/bf-test/components.html")  # this tab stayed
    new.close()
    # middle click: asked too; Esc keeps everything as it was
    pages_before = len(context.pages)
    site.locator("#ext").click(button="middle")
    expect(dialog(site)).to_be_visible()
    site.keyboard.press("Escape")
    expect(dialog(site)).to_have_count(0)
    assert len(context.pages) == pages_before


# ---------------------------------------------------------------- 字号


def font_px(page: Page, selector: str) -> float:
    return float(
        page.evaluate(
            f"parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)"
        )
    )


def size_button(page: Page, label: str):  # type: ignore[no-untyped-def]
    return page.locator("barrierfree-fontsize").get_by_role("button", name=label, exact=True)


def test_fontsize_large_medium_small_persist(site: Page) -> None:
    expect(site.locator("barrierfree-fontsize").get_by_role("group", name="字号")).to_be_visible()
    heading = font_px(site, "#h2")
    size_button(site, "大").click()
    expect(size_button(site, "大")).to_have_attribute("aria-pressed", "true")
    assert font_px(site, "#p1") == 20 and font_px(site, "#li") == 20
    assert font_px(site, "#h2") == heading  # headings keep their size
    # remembered on the next page load
    site.reload()
    expect(size_button(site, "大")).to_have_attribute("aria-pressed", "true")
    assert font_px(site, "#p1") == 20
    # by keyboard: Tab to 小 and press Space
    size_button(site, "中").focus()
    site.keyboard.press("Tab")
    site.keyboard.press("Space")
    expect(size_button(site, "小")).to_have_attribute("aria-pressed", "true")
    expect(size_button(site, "大")).to_have_attribute("aria-pressed", "false")
    assert font_px(site, "#p1") == 14
    size_button(site, "中").click()
    assert font_px(site, "#p1") == 16


# ---------------------------------------------------------------- 扫一扫


def test_qr_popup_shows_a_code_of_this_page(site: Page, tmp_path: Path) -> None:
    trigger = site.get_by_role("button", name="扫一扫在手机打开当前页")
    trigger.click()
    popup = site.locator("barrierfree-qrcode").get_by_role("dialog", name="扫一扫在手机打开当前页")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(site.url)
    img = popup.get_by_role("img", name="当前页网址的二维码")
    expect(img).to_be_visible()
    site.wait_for_function(
        "() => document.querySelector('barrierfree-qrcode').shadowRoot.querySelector('img').naturalWidth > 0"
    )
    shot = tmp_path / "qr.png"
    img.screenshot(path=str(shot))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(shot)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert decoded.returncode == 0, decoded.stderr
    assert decoded.stdout.strip() == site.url
    # Esc closes it and focus returns to the button
    site.keyboard.press("Escape")
    expect(popup).to_be_hidden()
    assert site.evaluate("document.activeElement.textContent") == "扫一扫在手机打开当前页"


# ---------------------------------------------------------------- WCAG 2.1 A/AA (axe-core)

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=WCAG_A_AA)
    return [f"{v['id']}: {v['help']}" for v in result.response["violations"]]


def test_components_pass_axe_in_every_state(site: Page) -> None:
    assert axe_violations(site) == []
    size_button(site, "大").click()
    site.get_by_role("button", name="扫一扫在手机打开当前页").click()
    site.locator("barrierfree-qrcode").get_by_role("dialog").wait_for(state="visible")
    assert axe_violations(site) == []
    site.keyboard.press("Escape")
    site.focus("#ext")
    site.keyboard.press("Enter")
    expect(dialog(site)).to_be_visible()
    assert axe_violations(site) == []
    site.keyboard.press("Escape")
