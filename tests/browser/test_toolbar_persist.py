"""Settings persist across the pages of a site and are applied before the first paint."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from .fixtures.toolbar import (
    choose,
    computed,
    control,
    entry,
    eventually,
    open_toolbar,
    wait_toolbar,
)

# Runs before any script of the page. It notes when the toolbar's page stylesheet is adopted by
# the document and what the page looks like right then (a MutationObserver callback runs in the
# same task), and when the browser first paints (Paint Timing API) and what the page looks
# like then. "Before first paint" means: the stylesheet arrived before the first-paint time.
FIRST_PAINT = """
window.__bf = {styleAt: null, atStyle: null, paintAt: null, atPaint: null};
const look = () => {
  const body = document.body, p = document.querySelector('.article p'), top = document.querySelector('.topbar');
  if (!body || !p || !top) return 'not parsed yet';
  return {zoom: getComputedStyle(body).zoom, background: getComputedStyle(body).backgroundColor,
          text: getComputedStyle(p).color, cursor: getComputedStyle(body).cursor,
          top: top.getBoundingClientRect().top};
};
new MutationObserver((_, mo) => {
  // the page stylesheet is a constructed sheet, adopted just before the entry button is added
  // (the first adopted sheet, always there, only keeps our own hosts out of the page's reach)
  if (document.querySelector('barrierfree-entry') && document.adoptedStyleSheets.length > 1) {
    window.__bf.styleAt = performance.now();
    window.__bf.atStyle = look();
    mo.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.name === 'first-paint') {
    window.__bf.paintAt = e.startTime;
    window.__bf.atPaint = look();
  }
}).observe({type: 'paint', buffered: true});
"""


@pytest.fixture
def demo(page: Page, live_server) -> Page:  # type: ignore[no-untyped-def]
    page.add_init_script(FIRST_PAINT)
    page.goto(live_server.url + "/")
    entry(page).wait_for(state="visible")
    return page


def first_paint(page: Page) -> dict[str, object]:
    page.wait_for_function("window.__bf.paintAt !== null")
    return dict(page.evaluate("window.__bf"))


def test_first_frame_of_a_fresh_visit_is_the_page_as_written(demo: Page) -> None:
    seen = first_paint(demo)
    # nothing is added to the page until the visitor opens the toolbar
    assert seen["styleAt"] is None
    frame = seen["atPaint"]
    assert isinstance(frame, dict)
    assert frame["zoom"] == "1"
    assert frame["background"] == "rgb(242, 242, 242)" and frame["text"] == "rgb(51, 51, 51)"
    assert frame["cursor"] == "auto" and frame["top"] == 0


def test_settings_apply_before_first_paint_on_the_next_page(demo: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    open_toolbar(demo)
    control(demo, "放大").click()
    control(demo, "放大").click()
    choose(demo, "配色", "黑底黄字白链接")
    control(demo, "大鼠标").click()
    eventually(demo, lambda: computed(demo, "body", "cursor")["cursor"].startswith("url("), True)
    eventually(demo, lambda: computed(demo, "body", "zoom")["zoom"], "1.5")
    eventually(
        demo, lambda: computed(demo, "body", "background-color")["background-color"], "rgb(0, 0, 0)"
    )

    # another page of the same site, in the same browser profile
    demo.goto(live_server.url + "/?page=2")
    seen = first_paint(demo)
    assert seen["styleAt"] is not None and seen["styleAt"] <= seen["paintAt"]  # type: ignore[operator]
    frame = seen["atStyle"]
    assert isinstance(frame, dict)
    assert frame["zoom"] == "1.5"
    assert frame["background"] == "rgb(0, 0, 0)" and frame["text"] == "rgb(255, 255, 0)"
    assert re.match(r'url\("http://[^"]+/toolbar/cursors/arrow-white\.svg"\)', str(frame["cursor"]))
    # the space of the toolbar is reserved from the start too: the page does not jump
    assert float(frame["top"]) > 20  # type: ignore[arg-type]
    wait_toolbar(demo)
    assert demo.locator(".topbar").bounding_box()["y"] == frame["top"]  # type: ignore[index]
    expect_pressed = control(demo, "大鼠标").get_attribute("aria-pressed")
    assert expect_pressed == "true"


def test_after_exit_the_next_page_starts_plain_and_reopening_restores_choices(
    demo: Page, live_server
) -> None:  # type: ignore[no-untyped-def]
    open_toolbar(demo)
    choose(demo, "配色", "蓝底黄字白链接")
    control(demo, "放大").click()
    eventually(demo, lambda: computed(demo, "body", "zoom")["zoom"], "1.25")
    control(demo, "退出").click()
    entry(demo).wait_for(state="visible")

    demo.goto(live_server.url + "/?page=3")
    seen = first_paint(demo)
    assert seen["styleAt"] is None
    frame = seen["atPaint"]
    assert isinstance(frame, dict)
    assert (
        frame["zoom"] == "1" and frame["background"] == "rgb(242, 242, 242)" and frame["top"] == 0
    )
    # the visitor's choices are remembered for when they open the toolbar again
    open_toolbar(demo)
    eventually(
        demo,
        lambda: computed(demo, "body", "background-color")["background-color"],
        "rgb(0, 51, 122)",
    )
    eventually(demo, lambda: computed(demo, "body", "zoom")["zoom"], "1.25")
