"""The toolbar as a guest on pages it does not control (fixture pages in fixtures/site/,
served by a site of our own on another port than the service):

- a strict Content-Security-Policy (no 'unsafe-inline'): every feature and the article-page
  components work, and the browser reports no violation;
- same-origin frames, there at first and added later, follow the colour scheme, zoom, big
  cursor, 拼音 and 指读, and 退出 gives them back; a cross-origin frame is left alone;
- a page that replaces its content (or its whole <body>) after load;
- page CSS that attacks every element.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Frame, Page, Response, expect

from tests.conftest import LiveServer

from .fixtures.site import SiteServer
from .fixtures.toolbar import SNAPSHOT, choose, control, entry, eventually, open_toolbar, wait_js

VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def site(live_server: LiveServer) -> Iterator[SiteServer]:
    server = SiteServer(live_server.url).start()
    yield server
    server.stop()


def visit(page: Page, site: SiteServer, name: str) -> Page:
    page.add_init_script(VIOLATIONS)
    page.goto(f"{site.url}/{name}")
    entry(page).wait_for(state="visible")
    return page


def frame(page: Page, url: str) -> Frame:
    found = page.frame(url=url)
    assert found is not None, f"no frame {url}"
    return found


def style_of(target: Page | Frame, selector: str, prop: str, pseudo: str | None = None) -> str:
    return str(
        target.evaluate(
            "([s, p, pseudo]) => getComputedStyle(document.querySelector(s), pseudo).getPropertyValue(p)",
            [selector, prop, pseudo],
        )
    )


def rubies(target: Page | Frame) -> int:
    return int(target.evaluate("document.querySelectorAll('ruby.bf-py').length"))


def snap(target: Page | Frame) -> dict[str, Any]:
    return dict(target.evaluate(SNAPSHOT))


BLACK, YELLOW = "rgb(0, 0, 0)", "rgb(255, 255, 0)"


# ---------------------------------------------------------------- strict CSP


def test_strict_csp_every_feature_works_without_a_violation(page: Page, site: SiteServer) -> None:
    cursor_images: list[tuple[str, int, str]] = []

    def on_response(r: Response) -> None:
        if "/toolbar/cursors/" in r.url:
            cursor_images.append((r.url, r.status, r.headers.get("content-type", "")))

    page.on("response", on_response)
    visit(page, site, "csp.html")
    page.wait_for_function("document.querySelector('barrierfree-fontsize')")
    before = snap(page)
    open_toolbar(page)
    # the toolbar's own stylesheet applies (an inline <style> would have been refused)
    tb_button = page.evaluate(
        "getComputedStyle(document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('button')).minHeight"
    )
    assert tb_button == "40px"
    choose(page, "配色", "黑底黄字白链接")
    eventually(page, lambda: style_of(page, "body", "background-color"), BLACK)
    assert style_of(page, "#p1", "color") == YELLOW
    control(page, "放大").click()
    eventually(page, lambda: style_of(page, "body", "zoom"), "1.25")
    control(page, "大鼠标").click()
    eventually(page, lambda: style_of(page, "#p1", "cursor").startswith("url("), True)
    # the pointer images come from the service (no data: URL, which img-src refuses here)
    page.locator("#p1").hover()
    eventually(page, lambda: len(cursor_images) > 0, True)
    assert all(status == 200 and kind == "image/svg+xml" for _, status, kind in cursor_images)
    assert all(url.startswith(site.service + "/static/") for url, _, _ in cursor_images)
    control(page, "拼音").click()
    wait_js(page, "() => document.querySelectorAll('ruby.bf-py').length > 40")
    assert style_of(page, "ruby.bf-py > rt", "content", "::before").startswith('"')
    control(page, "辅助线").click()
    page.mouse.move(400, 400)
    page.mouse.move(420, 420)
    guide = page.locator("barrierfree-toolbar .bf-guide-h")
    expect(guide).to_be_visible()
    assert guide.evaluate("(el) => getComputedStyle(el).position") == "fixed"
    control(page, "显示屏").click()
    cap = page.locator("barrierfree-toolbar .bf-cap")
    expect(cap).to_be_visible()
    assert cap.evaluate("(el) => getComputedStyle(el).position") == "fixed"
    control(page, "轻松阅读").click()
    view = page.locator("bf-reading-view .view")
    expect(view).to_be_visible()
    assert view.evaluate("(el) => getComputedStyle(el).position") == "fixed"
    page.keyboard.press("Escape")
    expect(view).to_have_count(0)
    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    assert snap(page) == before
    assert page.evaluate("window.__violations") == []


def test_strict_csp_fontsize_and_leave_site(page: Page, site: SiteServer) -> None:
    visit(page, site, "csp.html")
    big = page.locator("barrierfree-fontsize").get_by_role("button", name="大", exact=True)
    big.click()
    eventually(page, lambda: style_of(page, "#p1", "font-size"), "20px")
    assert big.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(11, 61, 120)"
    page.locator("#away").click()
    dialog = page.locator("barrierfree-leave dialog")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("(d) => getComputedStyle(d).borderTopWidth") == "3px"
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_be_hidden()
    assert page.url == f"{site.url}/csp.html"
    page.locator("barrierfree-fontsize").get_by_role("button", name="中", exact=True).click()
    eventually(page, lambda: style_of(page, "#p1", "font-size"), "16px")
    assert page.evaluate("window.__violations") == []


def test_inline_style_element_would_be_refused_here(
    page: Page, site: SiteServer, console_errors
) -> None:  # type: ignore[no-untyped-def]
    """The policy of the fixture really is strict: a <style> element is refused, so the
    tests above pass only because the toolbar uses none."""
    console_errors.allowed.append("Content Security Policy")
    visit(page, site, "csp.html")
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'body{background:rgb(1,2,3)}';"
        " document.head.append(s); }"
    )
    page.wait_for_timeout(50)
    assert style_of(page, "body", "background-color") != "rgb(1, 2, 3)"
    assert any("style-src" in v for v in page.evaluate("window.__violations"))


# ---------------------------------------------------------------- frames


def test_same_origin_frames_follow_and_come_back(page: Page, site: SiteServer) -> None:
    plans: list[str] = []
    page.on(
        "request",
        lambda r: (
            plans.append(json.loads(r.post_data or "{}").get("text", ""))
            if r.url.endswith("/api/speech/plan")
            else None
        ),
    )
    visit(page, site, "frames.html")
    same = frame(page, f"{site.url}/frame-inner.html")
    cross = frame(page, f"{site.cross}/frame-inner.html")
    same.wait_for_load_state()
    cross.wait_for_load_state()
    before, same_before, cross_before = snap(page), snap(same), snap(cross)
    page_bg = style_of(same, "body", "background-color")

    open_toolbar(page)
    choose(page, "配色", "黑底黄字白链接")
    eventually(page, lambda: style_of(same, "body", "background-color"), BLACK)
    assert style_of(same, "#inner", "color") == YELLOW
    control(page, "放大").click()
    # CSS zoom on the page's <body> scales the frame's content with its box: 480 CSS px of
    # the frame's own now take 1.25 × 480 on the screen
    eventually(
        page,
        lambda: round(
            page.evaluate("document.getElementById('same').getBoundingClientRect().width")
            / same.evaluate("innerWidth"),
            2,
        ),
        1.25,
    )
    control(page, "大鼠标").click()
    eventually(page, lambda: style_of(same, "#inner", "cursor").startswith("url("), True)
    control(page, "拼音").click()
    wait_js(same, "() => document.querySelectorAll('ruby.bf-py').length >= 10")

    # a frame the page adds later follows too
    page.evaluate("addFrame()")
    added = frame(page, f"{site.url}/frame-added.html")
    eventually(page, lambda: style_of(added, "body", "background-color"), BLACK)
    wait_js(added, "() => document.querySelectorAll('ruby.bf-py').length >= 8")
    assert style_of(added, "p", "cursor").startswith("url(")

    # 指读 reads what the pointer rests on inside the frame, and highlights it there
    control(page, "指读").click()
    box = page.locator("#same").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 60, box["y"] + 20)
    page.mouse.move(box["x"] + 70, box["y"] + 24)
    eventually(page, lambda: any("银行明天照常营业" in t for t in plans), True, timeout=8)
    eventually(
        page,
        lambda: same.evaluate("() => CSS.highlights.has('bf-speech')"),
        True,
        timeout=8,
    )

    # the cross-origin frame was never touched
    assert snap(cross) == cross_before
    assert cross.evaluate("document.adoptedStyleSheets.length") == 0

    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    page.evaluate("document.getElementById('later').replaceChildren()")  # the page's own addition
    assert snap(page) == before
    assert snap(same) == same_before
    assert style_of(same, "body", "background-color") == page_bg
    assert not same.evaluate("CSS.highlights.has('bf-speech')")


def test_frame_added_later_gets_back_its_own_dom(page: Page, site: SiteServer) -> None:
    visit(page, site, "frames.html")
    open_toolbar(page)
    choose(page, "配色", "蓝底黄字白链接")
    control(page, "拼音").click()
    page.evaluate("addFrame()")
    added = frame(page, f"{site.url}/frame-added.html")
    wait_js(added, "() => document.querySelectorAll('ruby.bf-py').length >= 8")
    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    assert rubies(added) == 0
    assert added.evaluate("document.adoptedStyleSheets.length") == 0
    assert style_of(added, "body", "background-color") == "rgb(224, 240, 255)"
    assert (
        added.evaluate("document.body.innerHTML.trim()")
        == '<p id="added-text">后来加入的框架里的文字。</p>'
    )


def test_frameset_page(page: Page, site: SiteServer) -> None:
    visit(page, site, "frameset.html")
    top = frame(page, f"{site.url}/frameset-top.html")
    main = frame(page, f"{site.url}/frame-inner.html")
    main.wait_for_load_state()
    before = [snap(page), snap(top), snap(main)]
    open_toolbar(page)
    choose(page, "配色", "黑底黄字白链接")
    eventually(page, lambda: style_of(main, "body", "background-color"), BLACK)
    # no <body> around the frames: the zoom is applied inside each frame
    control(page, "放大").click()
    eventually(page, lambda: style_of(main, "body", "zoom"), "1.25")
    control(page, "拼音").click()
    wait_js(top, "() => document.querySelectorAll('ruby.bf-py').length >= 6")
    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    assert [snap(page), snap(top), snap(main)] == before


# ---------------------------------------------------------------- pages that change


def test_content_replaced_after_load(page: Page, site: SiteServer) -> None:
    visit(page, site, "replaced.html")
    page.wait_for_selector("#first")
    # what the page looks like on its second view, without the toolbar
    page.evaluate("render(2)")
    expected = snap(page)
    page.evaluate("render(1)")
    open_toolbar(page)
    choose(page, "配色", "黄底黑字蓝链接")
    control(page, "拼音").click()
    wait_js(page, "() => document.querySelectorAll('#first ruby.bf-py').length >= 8")
    page.evaluate("render(2)")  # the site redraws while 拼音 is on
    wait_js(page, "() => document.querySelectorAll('#second ruby.bf-py').length >= 10")
    assert style_of(page, "#second", "background-color") == "rgb(255, 255, 0)"
    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    assert snap(page) == expected


def test_whole_body_replaced_while_pinyin_is_on(page: Page, site: SiteServer) -> None:
    visit(page, site, "replaced.html")
    page.wait_for_selector("#first")
    open_toolbar(page)
    control(page, "拼音").click()
    # (the first 拼音 of a test worker may wait for the service to load its pinyin engine:
    # more than 10 s on the shared machine at load 20)
    wait_js(page, "() => document.querySelectorAll('#first ruby.bf-py').length >= 8", timeout=30)
    page.evaluate("replaceBody()")
    wait_js(page, "() => document.querySelectorAll('#fresh ruby.bf-py').length >= 7")
    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    assert (
        page.evaluate("document.getElementById('fresh').outerHTML")
        == '<p id="fresh">重新载入的内容。</p>'
    )
    assert rubies(page) == 0


# ---------------------------------------------------------------- hostile page CSS


def test_hostile_page_css(page: Page, site: SiteServer) -> None:
    visit(page, site, "hostile.html")
    before = snap(page)
    open_toolbar(page)
    # every control is visible, and a click at its centre lands on it (nothing covers it)
    for button in page.locator("barrierfree-toolbar .bar button[data-control]").all():
        expect(button).to_be_visible()
        assert button.evaluate(
            """(b) => { const r = b.getBoundingClientRect();
                 let el = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                 while (el && el.shadowRoot) { const inner = el.shadowRoot.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                   if (!inner || inner === el) break; el = inner; }
                 return el === b || b.contains(el); }"""
        ), button.text_content()
    # the page's fixed banner sits below the toolbar, not over it
    choose(page, "配色", "黑底黄字白链接")
    # the page's `transition: all 5s !important` does not slow the scheme down
    eventually(page, lambda: style_of(page, "#p1", "background-color"), BLACK, timeout=1)
    control(page, "放大").click()
    eventually(page, lambda: style_of(page, "body", "zoom"), "1.25", timeout=1)
    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    assert snap(page) == before
