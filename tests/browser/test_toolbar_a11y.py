"""The open toolbar meets WCAG 2.1 A/AA (axe-core) in every colour scheme, works on a 360 px
phone screen, and speaks English on English pages."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from .fixtures.toolbar import (
    FIXTURES,
    choose,
    computed,
    control,
    entry,
    eventually,
    open_toolbar,
    toolbar,
)

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SCHEMES = ["页面原始配色", "白底黑字蓝链接", "蓝底黄字白链接", "黄底黑字蓝链接", "黑底黄字白链接"]
_axe = Axe()


def violations(page: Page, context: Any = None) -> list[str]:
    result = _axe.run(page, context=context, options=WCAG_A_AA)
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        for v in result.response["violations"]
    ]


@pytest.fixture
def demo(page: Page, live_server) -> Page:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    entry(page).wait_for(state="visible")
    return page


def test_demo_page_is_clean_before_the_toolbar_opens(demo: Page) -> None:
    assert violations(demo) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_toolbar_and_page_have_no_wcag_violation(demo: Page, scheme: str) -> None:
    open_toolbar(demo)
    choose(demo, "配色", scheme)
    if scheme != "页面原始配色":
        eventually(
            demo,
            lambda: (
                computed(demo, "body", "background-color")["background-color"]
                != "rgb(242, 242, 242)"
            ),
            True,
        )
    # the toolbar (and its shadow root) alone, then the whole page with the toolbar on it
    assert violations(demo, "barrierfree-toolbar") == []
    control(demo, "配色").click()  # the scheme menu open
    assert violations(demo, "barrierfree-toolbar") == []
    demo.keyboard.press("Escape")
    assert violations(demo) == []


@pytest.mark.parametrize("skin", ["蓝色", "黑色", "浅色"])
def test_every_skin_and_the_help_dialog_pass_axe(demo: Page, skin: str) -> None:
    open_toolbar(demo)
    choose(demo, "换肤", skin)
    assert violations(demo, "barrierfree-toolbar") == []
    control(demo, "帮助").click()
    eventually(demo, lambda: toolbar(demo).get_by_role("dialog").count(), 1)
    assert violations(demo, "barrierfree-toolbar") == []


# ---------------------------------------------------------------- 360 px phone screen


@pytest.fixture
def phone(browser: Browser, live_server, console_errors) -> Page:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", has_touch=True
    )
    page = ctx.new_page()
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(f"pageerror: {e}"))
    page.goto(live_server.url + "/")
    yield page
    ctx.close()
    assert not console_errors.unexpected(), console_errors.unexpected()


def test_toolbar_is_usable_on_a_360px_screen(phone: Page) -> None:
    width = 360
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    open_toolbar(phone)
    bar = phone.evaluate(
        "(() => { const r = document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.tb').getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, width: r.width}; })()"
    )
    # one slim strip across the top that does not cover the page and leaves most of the screen to it
    assert bar["top"] == 0 and bar["width"] <= width and bar["bottom"] <= 740 * 0.25
    top = phone.locator(".topbar").bounding_box()
    assert top is not None and top["y"] >= bar["bottom"] - 1
    # the page itself never scrolls sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    # every control can be scrolled to inside the strip and is then really on screen, on top
    hits = phone.evaluate(
        """() => [...document.querySelector('barrierfree-toolbar').shadowRoot.querySelectorAll('button[data-control]')]
          .map(b => { b.scrollIntoView({block: 'nearest', inline: 'nearest'});
            const r = b.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = b.getRootNode().elementFromPoint(x, y);
            return [b.textContent, r.left >= 0 && r.right <= innerWidth && hit === b]; })"""
    )
    assert len(hits) >= 20 and [label for label, ok in hits if not ok] == []
    # the same when Tab moves the focus along the strip: the focused control is never hidden
    phone.keyboard.press("Alt+Shift+A")
    for _ in range(len(hits) - 1):
        phone.keyboard.press("Tab")
        label, visible = phone.evaluate(
            """() => { const root = document.querySelector('barrierfree-toolbar').shadowRoot, b = root.activeElement;
                const r = b.getBoundingClientRect();
                return [b.textContent, root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b]; }"""
        )
        assert visible, f"{label} is covered when focused"
    # every control can be reached and pressed with a tap, and its target is at least 24 px
    for label in ["放大", "大鼠标", "辅助线"]:
        button = control(phone, label)
        button.tap()
        box = button.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    eventually(phone, lambda: phone.evaluate("getComputedStyle(document.body).zoom"), "1.25")
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    # a choice menu opens fully on screen and its options can be tapped
    control(phone, "配色").tap()
    option = control(phone, "黑底黄字白链接")
    box = option.bounding_box()
    assert (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= width
        and box["y"] + box["height"] <= 740
    )
    option.tap()
    eventually(phone, lambda: computed(phone, ".article p", "color")["color"], "rgb(255, 255, 0)")
    # the help dialog fits the screen
    control(phone, "帮助").tap()
    dialog = toolbar(phone).get_by_role("dialog")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert violations(phone, "barrierfree-toolbar") == []


# ---------------------------------------------------------------- English pages


@pytest.fixture
def english(page: Page, live_server) -> Page:  # type: ignore[no-untyped-def]
    html = (FIXTURES / "english.html").read_text("utf-8")
    # the fixture page is served by the test, on the live server's origin, not by the app
    page.route(
        f"{live_server.url}/fixtures/english.html",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto(live_server.url + "/fixtures/english.html")
    return page


ENGLISH = [
    "Zoom in",
    "Zoom out",
    "Colours",
    "Big cursor",
    "Guides",
    "Full screen",
    "Help",
    "Theme",
    "Close",
]


def test_english_page_gets_english_labels(english: Page) -> None:
    open_toolbar(english, "Accessibility")
    labels = english.evaluate(
        "[...document.querySelector('barrierfree-toolbar').shadowRoot.querySelectorAll('button[data-control]')].map(b => b.textContent.trim())"
    )
    assert not [label for label in labels if any("\u4e00" <= ch <= "\u9fff" for ch in label)], (
        labels
    )
    for label in ENGLISH:
        assert label in labels
    control(english, "Help").click()
    dialog = toolbar(english).get_by_role("dialog")
    expect(dialog).to_be_visible()
    text = dialog.inner_text()
    assert "Shortcut" in text and "Alt+Shift+Z" in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    english.keyboard.press("Escape")
    choose(english, "Colours", "Yellow on black, white links")
    eventually(english, lambda: computed(english, "main p", "color")["color"], "rgb(255, 255, 0)")
    assert violations(english) == []


def test_axe_check_itself_catches_a_violation(page: Page) -> None:
    """The control for the tests above: an image without alt text and a nameless button."""
    page.set_content(
        '<html lang="en"><body><main><img src="data:,"><button></button></main></body></html>'
    )
    found = " ".join(violations(page))
    assert "image-alt" in found and "button-name" in found
