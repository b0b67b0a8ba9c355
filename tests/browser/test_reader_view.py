"""轻松阅读 and 视图 in chromium on the demo page, with real clicks and keys.

The `page` fixture fails on any console error, so every state reached here is also
checked for "no console error"."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from .fixtures.toolbar import (
    choose,
    control,
    entry,
    eventually,
    focused_text,
    open_toolbar,
    snapshot,
)

JUNK = [
    "版权所有",
    "网站标识码",
    "责任编辑",
    "扫一扫",
    "字号",
    "当前位置",
    "意见建议",
    "主办单位",
    "浏览次数",
    "无障碍语音播报",
]


@pytest.fixture
def demo(page: Page, live_server) -> Page:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    entry(page).wait_for(state="visible")
    return page


def page_state(page: Page) -> dict[str, object]:
    """The host page as an observer sees it, minus the toolbar's own subtree (its live
    region announces "已返回原网页", which is the point, not a change to the page)."""
    snap = snapshot(page)
    kept: list[str] = []
    skip_deeper = -1
    for line in str(snap["dom"]).split("\n"):
        depth = len(line) - len(line.lstrip(" "))
        if skip_deeper >= 0 and depth > skip_deeper:
            continue
        skip_deeper = -1
        if line.lstrip().startswith("<barrierfree-toolbar"):
            skip_deeper = depth
        kept.append(line)
    snap["dom"] = "\n".join(kept)
    return snap


def view_text(page: Page) -> str:
    return str(page.locator("bf-reading-view .page").inner_text())


def open_reader(page: Page) -> None:
    control(page, "轻松阅读").click()
    page.locator("bf-reading-view .page article").wait_for(state="visible")


def test_reader_shows_the_article_and_nothing_else(demo: Page) -> None:
    open_toolbar(demo)
    requests: list[dict[str, object]] = []
    demo.on(
        "request",
        lambda r: (
            requests.append(json.loads(r.post_data or "{}"))
            if r.url.endswith("/api/read")
            else None
        ),
    )
    open_reader(demo)
    expect(control(demo, "轻松阅读")).to_have_attribute("aria-pressed", "true")
    # the article came from the service, sent the page's HTML and address
    assert len(requests) == 1
    assert requests[0]["url"] == demo.url
    assert "data-bf-article" in str(requests[0]["html"])
    assert "barrierfree-toolbar" not in str(requests[0]["html"])
    title = demo.locator("bf-reading-view h1")
    expect(title).to_have_text("云溪市完成政府网站适老化与无障碍改造 老年人办事“看得清、听得见”")
    text = view_text(demo)
    assert "发布日期：2024年3月15日" in text
    assert "来源：云溪市政务服务数据管理局" in text
    assert "3月14日，记者从市政务服务数据管理局获悉" in text
    assert "三、数据不出本地，服务不打折扣" in text
    assert "城东区" in text  # the table
    for junk in JUNK:
        assert junk not in text, junk
    # images keep their alternative text; links are links
    img = demo.locator("bf-reading-view .page img").first
    assert "便民服务中心大厅示意图" in (img.get_attribute("alt") or "")
    expect(
        demo.locator("bf-reading-view .page a", has_text="中国政府网政策文件库")
    ).to_have_attribute("href", "https://www.gov.cn/zhengce/")
    # large type, generous line height
    size, line = (
        demo.locator("bf-reading-view .page p")
        .nth(1)
        .evaluate(
            "p => [parseFloat(getComputedStyle(p).fontSize), parseFloat(getComputedStyle(p).lineHeight)]"
        )
    )
    assert size >= 18
    assert line >= 1.5 * size
    # the page underneath is out of reach (Tab, screen readers) while the view covers it
    assert demo.evaluate("document.body.inert") is True


def test_a_month_only_date_is_shown_as_a_month(demo: Page) -> None:
    # the same page as published by a site that states only the month
    demo.evaluate(
        """() => {
          document.querySelector('meta[name=PubDate]').remove();
          for (const s of document.querySelectorAll('span')) {
            if (s.textContent.startsWith('发布日期')) s.textContent = '发布日期：2024年3月';
          }
        }"""
    )
    open_toolbar(demo)
    open_reader(demo)
    meta = str(demo.locator("bf-reading-view .page .meta").inner_text())
    assert "发布日期：2024年3月" in meta
    assert "2024年3月1日" not in meta  # not turned into the 1st of the month


def test_escape_returns_to_the_page_exactly(demo: Page) -> None:
    demo.evaluate("window.scrollTo(0, 400)")
    open_toolbar(demo)
    before = page_state(demo)
    open_reader(demo)
    demo.keyboard.press("Escape")
    expect(demo.locator("bf-reading-view")).to_have_count(0)
    expect(control(demo, "轻松阅读")).to_have_attribute("aria-pressed", "false")
    assert page_state(demo) == before
    # focus goes back to where it was: the 轻松阅读 button
    assert focused_text(demo) == "轻松阅读"


def test_exit_button_and_toolbar_exit_restore_the_page(demo: Page) -> None:
    untouched = snapshot(demo)
    open_toolbar(demo)
    with_toolbar = page_state(demo)
    open_reader(demo)
    demo.locator("bf-reading-view").get_by_role("button", name="退出", exact=True).click()
    expect(demo.locator("bf-reading-view")).to_have_count(0)
    assert page_state(demo) == with_toolbar
    open_reader(demo)
    control(demo, "退出").click()  # the toolbar's own 退出, with the view open
    expect(demo.locator("bf-reading-view")).to_have_count(0)
    expect(entry(demo)).to_be_visible()
    assert snapshot(demo) == untouched


def test_text_size_is_adjustable_and_remembered(demo: Page) -> None:
    open_toolbar(demo)
    open_reader(demo)
    p = demo.locator("bf-reading-view .page p").nth(1)
    size = lambda: p.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")  # noqa: E731
    assert size() == 20
    larger = demo.locator("bf-reading-view").get_by_role("button", name="A＋", exact=True)
    larger.click()
    larger.click()
    eventually(demo, size, 24)
    demo.keyboard.press("Escape")
    open_reader(demo)
    eventually(demo, size, 24)
    demo.locator("bf-reading-view").get_by_role("button", name="A−", exact=True).click()
    eventually(demo, size, 22)


def test_view_follows_the_colour_scheme(demo: Page) -> None:
    open_toolbar(demo)
    choose(demo, "配色", "黑底黄字白链接")
    open_reader(demo)
    view = demo.locator("bf-reading-view .view")

    def colours() -> object:
        return view.evaluate(
            "v => [getComputedStyle(v).backgroundColor, getComputedStyle(v).color]"
        )

    eventually(demo, colours, ["rgb(0, 0, 0)", "rgb(255, 255, 0)"])
    # changing the scheme while reading recolours the view
    choose(demo, "配色", "白底黑字蓝链接")
    eventually(demo, colours, ["rgb(255, 255, 255)", "rgb(0, 0, 0)"])
    link = demo.locator("bf-reading-view .page a").first
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(0, 0, 204)"


def test_read_aloud_reads_the_article_only(demo: Page) -> None:
    open_toolbar(demo)
    open_reader(demo)
    planned: list[str] = []
    demo.on(
        "request",
        lambda r: (
            planned.append(str(json.loads(r.post_data or "{}").get("text", "")))
            if "/api/speech/plan" in r.url
            else None
        ),
    )
    read = demo.locator("bf-reading-view").get_by_role("button", name="朗读", exact=True)
    read.click()
    expect(read).to_have_attribute("aria-pressed", "true")
    eventually(demo, lambda: bool(planned), True, timeout=10)
    text = planned[0]
    assert text.startswith("云溪市完成政府网站适老化与无障碍改造")
    assert "3月14日，记者从市政务服务数据管理局获悉" in text
    for junk in JUNK:
        assert junk not in text, junk
    read.click()  # stops
    expect(read).to_have_attribute("aria-pressed", "false", timeout=10000)


def test_textview_shows_the_whole_page_as_text(demo: Page) -> None:
    open_toolbar(demo)
    before = page_state(demo)
    control(demo, "视图").click()
    demo.locator("bf-reading-view .page .text").wait_for(state="visible")
    expect(control(demo, "视图")).to_have_attribute("aria-pressed", "true")
    text = view_text(demo)
    # the whole page in reading order: navigation, headline, article, footer
    order = [
        "云溪市人民政府",
        "云溪市完成政府网站适老化与无障碍改造",
        "3月14日，记者从",
        "三、数据不出本地",
        "版权所有",
    ]
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert "[图片：便民服务中心大厅示意图" in text
    # no images and no layout: text only
    assert demo.locator("bf-reading-view .page img").count() == 0
    assert demo.locator("bf-reading-view .page table").count() == 0
    assert "城东区\u300021,450\u3000100%\u30002023年11月20日" in text  # one table row, one line
    # 轻松阅读 replaces it (one view at a time), Esc closes
    open_reader(demo)
    expect(control(demo, "视图")).to_have_attribute("aria-pressed", "false")
    expect(demo.locator("bf-reading-view")).to_have_count(1)
    demo.keyboard.press("Escape")
    expect(demo.locator("bf-reading-view")).to_have_count(0)
    assert page_state(demo) == before


def test_textview_replaces_the_reader_and_the_page_comes_back(demo: Page) -> None:
    open_toolbar(demo)
    before = page_state(demo)
    open_reader(demo)
    control(demo, "视图").click()
    demo.locator("bf-reading-view .page .text").wait_for(state="visible")
    expect(control(demo, "轻松阅读")).to_have_attribute("aria-pressed", "false")
    expect(control(demo, "视图")).to_have_attribute("aria-pressed", "true")
    expect(demo.locator("bf-reading-view")).to_have_count(1)
    assert "版权所有" in view_text(demo)  # the whole page, not the article
    control(demo, "视图").click()
    expect(demo.locator("bf-reading-view")).to_have_count(0)
    assert page_state(demo) == before


def test_reader_from_the_keyboard(demo: Page) -> None:
    open_toolbar(demo)
    demo.keyboard.press("Alt+Shift+R")
    demo.locator("bf-reading-view .page article").wait_for(state="visible")
    # focus is in the view, and Tab stays in it (the page is inert)
    for _ in range(6):
        demo.keyboard.press("Tab")
        inside = demo.evaluate(
            """() => { let a = document.activeElement;
                 return a === document.querySelector('bf-reading-view')
                     || !!(a && a.closest && a.closest('barrierfree-toolbar')); }"""
        )
        assert inside
    demo.keyboard.press("Escape")
    expect(demo.locator("bf-reading-view")).to_have_count(0)


def test_english_page_gets_an_english_view(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    from .fixtures.toolbar import FIXTURES

    html = (FIXTURES / "english.html").read_text("utf-8")
    # the fixture page is served by the test, on the live server's origin, not by the app
    page.route(
        f"{live_server.url}/fixtures/english.html",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto(live_server.url + "/fixtures/english.html")
    open_toolbar(page, "Accessibility")
    control(page, "Easy reading").click()
    view = page.locator("bf-reading-view")
    view.locator(".page article").wait_for(state="visible")
    expect(view.locator("h1")).to_have_text("Council opens step-free service desks")
    text = view_text(page)
    assert "Published: 2024-03-14" in text
    assert "by the Digital Services Team" not in text  # the page's byline: shown once, as metadata
    assert "Every service centre in the city now has a low desk" in text
    assert "a fictional page for the barrierfree tests" not in text  # the footer
    for label in ("Exit", "Read aloud", "A+", "A−"):
        expect(view.get_by_role("button", name=label, exact=True)).to_be_visible()
    view.get_by_role("button", name="Exit", exact=True).click()
    expect(view).to_have_count(0)
    control(page, "Text view").click()
    view.locator(".page .text").wait_for(state="visible")
    assert "a fictional page for the barrierfree tests" in view_text(page)
