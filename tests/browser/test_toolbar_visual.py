"""The visual half of the toolbar on the demo page, driven by real clicks and keys.

Every test runs on the `page` fixture, which fails on any console error: so each state
these tests reach is also checked for "no console error".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .fixtures.toolbar import (
    choose,
    computed,
    control,
    entry,
    eventually,
    focused_in,
    focused_text,
    open_toolbar,
    snapshot,
    tab_to,
    toolbar,
    wait_toolbar,
)


@pytest.fixture
def demo(page: Page, live_server) -> Page:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    entry(page).wait_for(state="visible")
    return page


def rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def body_zoom(page: Page) -> float:
    return round(float(page.evaluate("getComputedStyle(document.body).zoom")), 4)


def zoom_is(page: Page, factor: float) -> None:
    eventually(page, lambda: body_zoom(page), round(factor, 4))


def colour_is(page: Page, selector: str, prop: str, hex_colour: str) -> None:
    eventually(page, lambda: computed(page, selector, prop)[prop], rgb(hex_colour))


# ---------------------------------------------------------------- entry and push-down


def test_entry_opens_toolbar_that_pushes_page_down(demo: Page) -> None:
    top_before = demo.locator(".topbar").bounding_box()
    assert top_before is not None and top_before["y"] == 0
    open_toolbar(demo)
    bar = demo.evaluate(
        "document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.tb').getBoundingClientRect().bottom"
    )
    top_after = demo.locator(".topbar").bounding_box()
    assert top_after is not None
    # the page starts below the toolbar instead of under it
    assert top_after["y"] >= bar - 1 > 20
    # the entry button hides while the toolbar is open; focus moves into the toolbar
    expect(entry(demo)).to_be_hidden()
    assert focused_in(demo, ".tb")


def test_entry_shortcut_opens_toolbar_from_keyboard(demo: Page) -> None:
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    assert focused_text(demo) == "声音"


SHORTCUTS_OFF = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>快捷键</title>
<script type="module" src="/assist.js" data-shortcuts="off"></script></head>
<body><main><p>没有快捷键的页面。</p></main></body></html>"""


def test_data_shortcuts_off_turns_every_shortcut_off(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.route(f"{live_server.url}/shortcuts-off.html", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=SHORTCUTS_OFF))  # fmt: skip
    page.goto(f"{live_server.url}/shortcuts-off.html")
    entry(page).wait_for(state="visible")
    page.keyboard.press("Alt+Shift+W")
    page.wait_for_timeout(500)
    expect(toolbar(page)).to_have_count(0)
    open_toolbar(page)
    page.keyboard.press("Alt+Shift+M")
    page.wait_for_timeout(300)
    assert control(page, "大鼠标").get_attribute("aria-pressed") == "false"


def test_shortcuts_answer_to_the_script_tag_alone(demo: Page) -> None:
    """A `shortcuts` key in the saved settings (nothing writes one) does not turn them off."""
    demo.evaluate("localStorage.setItem('barrierfree:v1', JSON.stringify({shortcuts: false}))")
    demo.reload()
    entry(demo).wait_for(state="visible")
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    demo.keyboard.press("Alt+Shift+M")
    eventually(demo, lambda: control(demo, "大鼠标").get_attribute("aria-pressed"), "true")


# ---------------------------------------------------------------- 放大 / 缩小


def test_zoom_in_reflows_and_stops_at_300_percent(demo: Page) -> None:
    open_toolbar(demo)
    width = demo.evaluate("innerWidth")
    line_height_100 = demo.locator("#polyphones").bounding_box()["height"]  # type: ignore[index]
    zoom_in = control(demo, "放大")
    expected = [1.25, 1.5, 1.75, 2, 2.5, 3, 3]
    for factor in expected:
        zoom_in.click()
        zoom_is(demo, factor)
        # reflow: the page never grows wider than the window, whatever the zoom
        assert demo.evaluate("document.documentElement.scrollWidth") <= width
    # at 300 % the body lays out in a third of the window's CSS pixels ...
    layout = demo.evaluate("document.querySelector('.wrap').offsetWidth")
    assert layout <= width / 3 + 1
    # ... and the text is drawn three times as large, so the paragraph takes far more lines
    box = demo.locator("#polyphones").bounding_box()
    assert box is not None and box["width"] <= width
    assert box["height"] > 3 * line_height_100
    # the toolbar itself keeps its size
    assert demo.evaluate(
        "getComputedStyle(document.querySelector('barrierfree-toolbar')).zoom"
    ) in ("1", "normal")


def test_zoom_out_returns_to_100_percent_and_no_further(demo: Page) -> None:
    open_toolbar(demo)
    control(demo, "放大").click()
    control(demo, "放大").click()
    zoom_is(demo, 1.5)
    for _ in range(4):
        control(demo, "缩小").click()
    zoom_is(demo, 1)
    sheets = demo.evaluate(
        "[...document.adoptedStyleSheets].flatMap(s => [...s.cssRules].map(r => r.cssText)).join(' ')"
    )
    assert not re.search(r"zoom:\s*[0-9]", sheets)


def test_zoom_by_keyboard_alone(demo: Page) -> None:
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    tab_to(demo, "放大")
    demo.keyboard.press("Enter")
    zoom_is(demo, 1.25)
    demo.keyboard.press("Space")
    zoom_is(demo, 1.5)
    demo.keyboard.press("Alt+Shift+Z")
    zoom_is(demo, 1.75)
    demo.keyboard.press("Alt+Shift+X")
    demo.keyboard.press("Alt+Shift+X")
    zoom_is(demo, 1.25)


# ---------------------------------------------------------------- 配色

# scheme label → (background, text, link)
SCHEMES = {
    "白底黑字蓝链接": ("#ffffff", "#000000", "#0000cc"),
    "蓝底黄字白链接": ("#00337a", "#ffff00", "#ffffff"),
    "黄底黑字蓝链接": ("#ffff00", "#000000", "#0000cc"),
    "黑底黄字白链接": ("#000000", "#ffff00", "#ffffff"),
}

# elements of the demo page that carry their own colours in its stylesheet
TEXT_ELEMENTS = [
    ".article p",
    ".headline",
    ".meta",
    ".footer p",
    ".side h2",
    ".article thead th",
    ".article td",
]
LINK_ELEMENTS = [".article a", ".nav li a", ".footer a", ".crumb a", ".side a"]
FORM_ELEMENTS = ["#fb-name", "#fb-text", "#fb-age", ".feedback .submit", "#site-search"]


@pytest.mark.parametrize("label", list(SCHEMES))
def test_colour_scheme_recolours_text_links_forms_tables_not_images(demo: Page, label: str) -> None:
    bg, fg, link = SCHEMES[label]
    img_before = [
        computed(demo, sel, "filter", "opacity", "visibility")
        for sel in ("figure img", ".brand img")
    ]
    open_toolbar(demo)
    choose(demo, "配色", label)
    colour_is(demo, "body", "background-color", bg)
    for sel in [
        "body",
        ".content",
        ".masthead",
        ".nav",
        ".article thead th",
        ".feedback .submit",
        "#fb-text",
    ]:
        style = computed(demo, sel, "background-color", "background-image")
        assert style == {"background-color": rgb(bg), "background-image": "none"}, sel
    for sel in TEXT_ELEMENTS + FORM_ELEMENTS:
        assert computed(demo, sel, "color")["color"] == rgb(fg), sel
    for sel in LINK_ELEMENTS:
        style = computed(demo, sel, "color", "text-decoration-line")
        assert style == {"color": rgb(link), "text-decoration-line": "underline"}, sel
    # tables and form controls get borders in the text colour
    for sel in [".article td", "#fb-name"]:
        assert computed(demo, sel, "border-top-color")["border-top-color"] == rgb(fg), sel
    # images are left exactly as the page drew them, and have loaded
    img_after = [
        computed(demo, sel, "filter", "opacity", "visibility")
        for sel in ("figure img", ".brand img")
    ]
    assert img_after == img_before
    assert demo.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    # the menu (closed again) marks the choice
    choice = toolbar(demo).get_by_role("button", name=label, exact=True, include_hidden=True)
    expect(choice).to_have_attribute("aria-pressed", "true")


def test_original_scheme_restores_page_colours(demo: Page) -> None:
    before = {
        sel: computed(demo, sel, "color", "background-color")
        for sel in TEXT_ELEMENTS + LINK_ELEMENTS
    }
    open_toolbar(demo)
    choose(demo, "配色", "黑底黄字白链接")
    colour_is(demo, ".article p", "color", "#ffff00")
    choose(demo, "配色", "页面原始配色")
    colour_is(demo, ".article p", "color", "#333333")
    after = {
        sel: computed(demo, sel, "color", "background-color")
        for sel in TEXT_ELEMENTS + LINK_ELEMENTS
    }
    assert after == before


def test_colour_scheme_by_keyboard_alone(demo: Page) -> None:
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    tab_to(demo, "配色")
    demo.keyboard.press("Enter")
    # the menu opens with focus on the current choice; Tab moves through its options
    assert focused_text(demo) == "页面原始配色"
    tab_to(demo, "蓝底黄字白链接")
    demo.keyboard.press("Space")
    colour_is(demo, ".article p", "color", "#ffff00")
    assert computed(demo, "body", "background-color")["background-color"] == rgb("#00337a")
    assert focused_text(demo) == "配色"
    # the shortcut steps to the next scheme: 黄底黑字蓝链接
    demo.keyboard.press("Alt+Shift+C")
    colour_is(demo, "body", "background-color", "#ffff00")
    assert computed(demo, ".article a", "color")["color"] == rgb("#0000cc")


# ---------------------------------------------------------------- 大鼠标


# the pointers are SVG files the service serves beside the toolbar's modules
CURSOR_VALUE = re.compile(
    r'url\("(http://127\.0\.0\.1:\d+/static/\w+/toolbar/cursors/[\w-]+\.svg)"\) \d+ \d+, (\w+)'
)


def cursor_svg(page: Page, value: str) -> tuple[str, str]:
    """The SVG a `cursor: url(…)` value names, as the service serves it, and the value's
    fallback keyword."""
    m = CURSOR_VALUE.match(value)
    assert m, value
    image = page.request.get(m.group(1))
    assert image.ok and image.headers["content-type"] == "image/svg+xml", m.group(1)
    return image.text(), m.group(2)


def cursor_is_big(page: Page) -> None:
    eventually(
        page, lambda: bool(CURSOR_VALUE.match(computed(page, "body", "cursor")["cursor"])), True
    )


def test_big_cursor_arrow_hand_and_text_follow_scheme(demo: Page) -> None:
    assert computed(demo, "body", "cursor")["cursor"] == "auto"
    open_toolbar(demo)
    control(demo, "大鼠标").click()
    expect(control(demo, "大鼠标")).to_have_attribute("aria-pressed", "true")
    cursor_is_big(demo)
    kinds = {}
    for sel in ["body", ".article a", "#polyphones", "#fb-text", ".feedback .submit"]:
        svg, fallback = cursor_svg(demo, computed(demo, sel, "cursor")["cursor"])
        size = re.search(r'width="(\d+)" height="(\d+)"', svg)
        assert size and int(size.group(1)) >= 64 and int(size.group(2)) >= 64
        assert 'fill="#000000"' in svg  # black on the page's light colours
        kinds[sel] = fallback
    assert kinds == {
        "body": "default",
        ".article a": "pointer",
        "#polyphones": "text",
        "#fb-text": "text",
        ".feedback .submit": "pointer",
    }
    # the toolbar's own buttons get the big hand too
    inside = demo.evaluate(
        "getComputedStyle(document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('button')).cursor"
    )
    assert cursor_svg(demo, inside)[1] == "pointer"
    # a dark scheme turns the cursor white
    choose(demo, "配色", "黑底黄字白链接")
    colour_is(demo, "body", "background-color", "#000000")
    svg, _ = cursor_svg(demo, computed(demo, "body", "cursor")["cursor"])
    assert 'fill="#ffffff"' in svg
    control(demo, "大鼠标").click()
    assert computed(demo, "body", "cursor")["cursor"] == "auto"
    assert computed(demo, ".article a", "cursor")["cursor"] == "pointer"


def test_big_cursor_by_shortcut(demo: Page) -> None:
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    demo.keyboard.press("Alt+Shift+M")
    expect(control(demo, "大鼠标")).to_have_attribute("aria-pressed", "true")
    cursor_is_big(demo)
    demo.keyboard.press("Alt+Shift+M")
    assert computed(demo, "body", "cursor")["cursor"] == "auto"


# ---------------------------------------------------------------- 辅助线

GUIDES = """() => [...document.querySelector('barrierfree-toolbar').shadowRoot.querySelectorAll('.bf-guide')]
  .map(g => { const r = g.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2,
    w: r.width, h: r.height, hidden: g.hidden, events: getComputedStyle(g).pointerEvents}; })"""


def guides_on(page: Page) -> None:
    eventually(page, lambda: len(page.evaluate(GUIDES)), 2)


def guides(page: Page) -> list[dict[str, float]]:
    # two animation frames: the lines move in one, and their easing (if any) ends
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 120)))")
    return list(page.evaluate(GUIDES))


def test_guides_follow_the_mouse_and_let_clicks_through(demo: Page) -> None:
    open_toolbar(demo)
    control(demo, "辅助线").click()
    guides_on(demo)
    for x, y in [(300, 400), (900, 650), (120, 300)]:
        demo.mouse.move(x, y, steps=3)
        h, v = guides(demo)
        assert not h["hidden"] and not v["hidden"]
        assert h["w"] >= demo.evaluate("innerWidth") - 1 and abs(h["y"] - y) <= 2
        assert v["h"] >= demo.evaluate("innerHeight") - 1 and abs(v["x"] - x) <= 2
        assert h["events"] == v["events"] == "none"
    # a click under the cross still reaches the page
    demo.locator("#fb-name").scroll_into_view_if_needed()
    demo.locator("#fb-name").click()
    assert demo.evaluate("document.activeElement.id") == "fb-name"
    control(demo, "辅助线").click()
    assert guides(demo) == []


def test_guides_start_where_the_pointer_already_rests(demo: Page) -> None:
    """辅助线 switched on by its shortcut while the pointer rests on the page (no move after
    it starts) shows the cross there at once."""
    open_toolbar(demo)
    demo.mouse.move(500, 450, steps=3)
    demo.keyboard.press("Alt+Shift+G")
    guides_on(demo)
    demo.wait_for_function(
        "() => !document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.bf-guide-h').hidden",
        timeout=5000,
    )
    h, v = guides(demo)
    assert abs(h["y"] - 450) <= 2 and abs(v["x"] - 500) <= 2


def test_guides_mark_keyboard_focus(demo: Page) -> None:
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    demo.keyboard.press("Alt+Shift+G")
    expect(control(demo, "辅助线")).to_have_attribute("aria-pressed", "true")
    guides_on(demo)
    demo.locator("#fb-phone").focus()
    box = demo.locator("#fb-phone").bounding_box()
    h, v = guides(demo)
    assert box is not None
    assert abs(h["y"] - (box["y"] + box["height"])) <= 2 and abs(v["x"] - box["x"]) <= 2


@pytest.mark.parametrize("motion,duration", [("reduce", "0s"), ("no-preference", "0.04s")])
def test_guides_respect_reduced_motion(demo: Page, motion: str, duration: str) -> None:
    demo.emulate_media(reduced_motion=motion)  # type: ignore[arg-type]
    open_toolbar(demo)
    control(demo, "辅助线").click()
    guides_on(demo)
    demo.mouse.move(200, 300)
    got = demo.evaluate(
        "getComputedStyle(document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.bf-guide')).transitionDuration"
    )
    assert got == duration


# ---------------------------------------------------------------- 帮助

DIALOG_TEXT = """() => document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('dialog')?.innerText ?? ''"""
DIALOG_OPEN = """() => !!document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('dialog[open]')"""


def toolbar_controls(page: Page) -> list[tuple[str, str | None]]:
    return list(
        page.evaluate(
            """() => [...document.querySelector('barrierfree-toolbar').shadowRoot.querySelectorAll('button[data-control]')]
              .map(b => [b.textContent.trim(), b.getAttribute('aria-keyshortcuts')])"""
        )
    )


def test_help_dialog_lists_every_control_and_traps_focus(demo: Page) -> None:
    open_toolbar(demo)
    help_button = control(demo, "帮助")
    help_button.click()
    eventually(demo, lambda: demo.evaluate(DIALOG_OPEN), True)
    dialog = toolbar(demo).get_by_role("dialog", name="帮助：无障碍工具条")
    expect(dialog).to_be_visible()
    text = demo.evaluate(DIALOG_TEXT)
    controls = toolbar_controls(demo)
    assert len(controls) >= 20
    for label, keys in controls:
        assert label in text
        if keys:
            assert keys in text
    assert "Alt+Shift+W" in text and "Esc" in text
    assert focused_in(demo, "dialog")
    # Tab and Shift+Tab cycle inside the dialog, never reaching the toolbar or the page
    for key in ["Tab"] * 7 + ["Shift+Tab"] * 9:
        demo.keyboard.press(key)
        assert focused_in(demo, "dialog"), key
    # Esc closes it and focus goes back to 帮助
    demo.keyboard.press("Escape")
    assert not demo.evaluate(DIALOG_OPEN)
    assert focused_text(demo) == "帮助"


def test_help_dialog_by_keyboard_closes_with_its_button(demo: Page) -> None:
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    tab_to(demo, "帮助")
    demo.keyboard.press("Enter")
    eventually(demo, lambda: demo.evaluate(DIALOG_OPEN), True)
    assert focused_text(demo) == "关闭"
    demo.keyboard.press("Enter")
    assert not demo.evaluate(DIALOG_OPEN)
    assert focused_text(demo) == "帮助"
    # the shortcut opens it again; the page behind is inert while it is open
    demo.keyboard.press("Alt+Shift+H")
    assert demo.evaluate(DIALOG_OPEN)
    demo.mouse.click(20, 600)
    assert demo.evaluate(DIALOG_OPEN)
    demo.keyboard.press("Escape")
    assert not demo.evaluate(DIALOG_OPEN)


# ---------------------------------------------------------------- 换肤

SKINS = {"蓝色": "rgb(11, 79, 156)", "黑色": "rgb(17, 17, 17)", "浅色": "rgb(238, 242, 246)"}
TB_BG = "getComputedStyle(document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.tb')).backgroundColor"


def test_skins_change_the_toolbar_not_the_page(demo: Page) -> None:
    page_bg = computed(demo, "body", "background-color")
    open_toolbar(demo)
    for label, colour in [
        ("黑色", SKINS["黑色"]),
        ("浅色", SKINS["浅色"]),
        ("蓝色", SKINS["蓝色"]),
    ]:
        choose(demo, "换肤", label)
        assert demo.evaluate(TB_BG) == colour
        assert computed(demo, "body", "background-color") == page_bg
    demo.keyboard.press("Alt+Shift+K")
    assert demo.evaluate(TB_BG) == SKINS["黑色"]


# ---------------------------------------------------------------- 后退 / 前进 / 刷新 / 全屏


def test_back_forward_reload_keep_the_toolbar_open(demo: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    open_toolbar(demo)
    control(demo, "放大").click()
    zoom_is(demo, 1.25)  # zoom.js is imported on this first use: let it land before leaving
    demo.goto(live_server.url + "/?page=2")
    wait_toolbar(demo)  # the toolbar was open: it opens again on the next page
    control(demo, "后退").click()
    demo.wait_for_url(live_server.url + "/")
    wait_toolbar(demo)
    control(demo, "前进").click()
    demo.wait_for_url(live_server.url + "/?page=2")
    wait_toolbar(demo)
    demo.evaluate("window.__bfMarker = 1")
    control(demo, "刷新").click()
    demo.wait_for_function("window.__bfMarker === undefined")
    wait_toolbar(demo)
    zoom_is(demo, 1.25)


def test_fullscreen_toggles(demo: Page) -> None:
    open_toolbar(demo)
    button = control(demo, "全屏")
    button.click()
    demo.wait_for_function("!!document.fullscreenElement")
    expect(button).to_have_attribute("aria-pressed", "true")
    button.click()
    demo.wait_for_function("!document.fullscreenElement")
    expect(button).to_have_attribute("aria-pressed", "false")


# ---------------------------------------------------------------- 退出 restores the page exactly


def use_every_visual_control_by_mouse(page: Page) -> None:
    control(page, "放大").click()
    control(page, "放大").click()
    choose(page, "配色", "蓝底黄字白链接")
    control(page, "大鼠标").click()
    control(page, "辅助线").click()
    page.mouse.move(500, 500)
    control(page, "帮助").click()
    eventually(page, lambda: page.evaluate(DIALOG_OPEN), True)
    page.keyboard.press("Escape")
    choose(page, "换肤", "黑色")


@pytest.mark.parametrize("scroll", [0, 1400])
def test_exit_restores_dom_attributes_styles_and_scroll(demo: Page, scroll: int) -> None:
    # the page settled first: content that lands above the fold after the scroll (the demo's
    # requests answered late on a busy machine) moves the view by scroll anchoring
    demo.wait_for_load_state("networkidle")
    demo.evaluate(f"window.scrollTo(0, {scroll})")
    before = snapshot(demo)
    assert before["scroll"] == [0, scroll]
    colours_before = computed(demo, ".article p", "color", "background-color", "cursor")
    open_toolbar(demo)
    use_every_visual_control_by_mouse(demo)
    assert snapshot(demo) != before
    control(demo, "退出").click()
    expect(entry(demo)).to_be_visible()
    after = snapshot(demo)
    assert after["dom"] == before["dom"]
    assert after == before
    assert computed(demo, ".article p", "color", "background-color", "cursor") == colours_before
    zoom_is(demo, 1)
    # focus goes back to the entry button
    assert focused_text(demo) == "无障碍"


def test_exit_during_a_smooth_scroll_puts_the_page_back_where_it_was(demo: Page) -> None:
    """退出 while a smooth scroll is still running (as 指读's highlight scrolls a sentence
    into view): Chromium goes on adding what is left of a smooth scroll after an instant
    one, so the page ended a few pixels off unless the smooth scroll is replaced first."""
    demo.wait_for_load_state("networkidle")
    demo.evaluate("window.scrollTo(0, 0)")
    open_toolbar(demo)
    # a smooth scroll of 600 px under way (it takes a few hundred ms), then 退出 at once
    moving = demo.evaluate(
        """async () => {
          scrollBy({top: 600, behavior: 'smooth'});
          await new Promise((r) => setTimeout(r, 30));
          return scrollY;
        }"""
    )
    assert 0 < moving < 600
    demo.keyboard.press("Alt+Shift+Q")
    expect(entry(demo)).to_be_visible()
    demo.wait_for_timeout(1500)  # longer than the smooth scroll would have run
    assert demo.evaluate("[window.scrollX, window.scrollY]") == [0, 0]


def test_exit_by_keyboard_restores_page(demo: Page) -> None:
    before = snapshot(demo)
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    for key in ["Z", "Z", "C", "C", "M", "G", "K"]:
        demo.keyboard.press(f"Alt+Shift+{key}")
    demo.keyboard.press("Alt+Shift+H")
    eventually(demo, lambda: demo.evaluate(DIALOG_OPEN), True)
    demo.keyboard.press("Escape")
    zoom_is(demo, 1.5)
    tab_to(demo, "退出")
    demo.keyboard.press("Enter")
    expect(entry(demo)).to_be_visible()
    assert snapshot(demo) == before


def test_remaining_controls_by_keyboard_alone(demo: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    """大鼠标, 辅助线, 换肤, 全屏, 后退, 前进, 刷新 with Tab, Enter and Space only."""
    demo.goto(live_server.url + "/?from=1")
    demo.goto(live_server.url + "/?from=2")
    demo.keyboard.press("Alt+Shift+W")
    wait_toolbar(demo)
    tab_to(demo, "大鼠标")
    demo.keyboard.press("Space")
    cursor_is_big(demo)
    demo.keyboard.press("Tab")
    assert focused_text(demo) == "辅助线"
    demo.keyboard.press("Enter")
    guides_on(demo)
    tab_to(demo, "换肤")
    demo.keyboard.press("Enter")
    tab_to(demo, "浅色")
    demo.keyboard.press("Enter")
    assert demo.evaluate(TB_BG) == SKINS["浅色"]
    assert focused_text(demo) == "换肤"
    tab_to(demo, "全屏", backwards=True)
    demo.keyboard.press("Enter")
    demo.wait_for_function("!!document.fullscreenElement")
    demo.keyboard.press("Alt+Shift+F")
    demo.wait_for_function("!document.fullscreenElement")
    tab_to(demo, "后退", backwards=True)
    demo.keyboard.press("Enter")
    demo.wait_for_url(live_server.url + "/?from=1")
    wait_toolbar(demo)
    # the new page restored the choices, and focus is not stolen from the page
    cursor_is_big(demo)
    guides_on(demo)
    assert demo.evaluate(TB_BG) == SKINS["浅色"]
    demo.keyboard.press("Alt+Shift+W")
    tab_to(demo, "前进")
    demo.keyboard.press("Enter")
    demo.wait_for_url(live_server.url + "/?from=2")
    wait_toolbar(demo)
    demo.evaluate("window.__bfMarker = 1")
    demo.keyboard.press("Alt+Shift+W")
    tab_to(demo, "刷新")
    demo.keyboard.press("Space")
    demo.wait_for_function("window.__bfMarker === undefined")
    wait_toolbar(demo)
    cursor_is_big(demo)
