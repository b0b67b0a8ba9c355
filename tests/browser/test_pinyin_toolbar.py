"""拼音 and 显示屏 in chromium on the demo page, by real clicks, pointer moves and keys.

`page` fails on any console error, so every state reached here is also "no console error".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ..conftest import LiveServer
from .fixtures.toolbar import (
    control,
    entry,
    open_toolbar,
    snapshot,
    wait_js,
)

POLY = "#polyphones"
# word → the reading of each of its characters on the demo page's polyphone sentence
EXPECTED = {
    "重要": ["zhòng", "yào"],
    "重新": ["chóng", "xīn"],
    "银行": ["yín", "háng"],
    "行走": ["xíng", "zǒu"],
    "长大": ["zhǎng", "dà"],
    "长度": ["cháng", "dù"],
    "音乐": ["yīn", "yuè"],
    "快乐": ["kuài", "lè"],
}

# the test (not the toolbar) keeps a promise on the page that resolves on the next "done"
ARM_DONE = """() => { window.__bfPinyinDone = new Promise((resolve) => {
  document.addEventListener('barrierfree:pinyin', (e) => e.detail.done && resolve(e.detail), {once: true});
}); }"""


def arm_done(page: Page) -> None:
    page.evaluate(ARM_DONE)


def wait_done(page: Page) -> dict[str, int]:
    return dict(page.evaluate("() => window.__bfPinyinDone"))


@pytest.fixture
def demo(page: Page, live_server: LiveServer) -> Page:
    page.goto(live_server.url + "/")
    entry(page).wait_for(state="visible")
    return page


def ruby_pairs(page: Page, selector: str) -> list[tuple[str, str]]:
    """(character, reading) of each ruby under `selector`."""
    return [
        (c, r)
        for c, r in page.evaluate(
            """(sel) => [...document.querySelectorAll(sel + ' ruby')].map(
                 (r) => [r.firstChild.textContent, r.querySelector('rt').dataset.py])""",
            selector,
        )
    ]


def near_pairs(page: Page, selector: str) -> list[tuple[str, str]]:
    """(character, reading) of each ruby under `selector` once it is in view: text far from view
    (or not yet known to be near) is kept whole with its readings until then."""
    page.locator(selector).scroll_into_view_if_needed()
    wait_js(
        page,
        """(sel) => !document.querySelector(sel + ' bf-py-text')
                   && !!document.querySelector(sel + ' ruby.bf-py')""",
        selector,
    )
    return ruby_pairs(page, selector)


def reading_of(pairs: list[tuple[str, str]], word: str) -> list[str]:
    chars = "".join(c for c, _ in pairs)
    i = chars.index(word)
    return [r for _, r in pairs[i : i + len(word)]]


def pinyin_on(page: Page) -> None:
    arm_done(page)
    control(page, "拼音").click()
    wait_done(page)  # every text node has its readings


def test_pinyin_reads_polyphones_and_off_restores_dom(demo: Page) -> None:
    open_toolbar(demo)
    before = snapshot(demo)
    text_before = demo.locator(POLY).inner_text()
    pinyin_on(demo)
    expect(control(demo, "拼音")).to_have_attribute("aria-pressed", "true")
    pairs = ruby_pairs(demo, POLY)
    assert "".join(c for c, _ in pairs) == re.sub(r"[^\u4e00-\u9fff]", "", text_before)
    for word, readings in EXPECTED.items():
        assert reading_of(pairs, word) == readings, word
    # the page's text is still the characters alone: for copying, 指读 and 显示屏
    assert demo.locator(POLY).inner_text() == text_before
    demo.evaluate(
        """(sel) => { const r = document.createRange(); r.selectNodeContents(document.querySelector(sel));
                     getSelection().removeAllRanges(); getSelection().addRange(r); }""",
        POLY,
    )
    assert demo.evaluate("getSelection().toString()") == text_before
    # and the readings are drawn
    assert (
        demo.evaluate(
            "getComputedStyle(document.querySelector('#polyphones rt'), '::before').content"
        )
        == '"zhòng"'
    )

    # the rest of the page is annotated too (headings, navigation)
    assert demo.locator("h1 ruby").count() > 0
    control(demo, "拼音").click()
    expect(control(demo, "拼音")).to_have_attribute("aria-pressed", "false")
    assert demo.locator("ruby").count() == 0
    after = snapshot(demo)
    assert after["dom"] == before["dom"]


def test_exit_restores_the_page_exactly(demo: Page) -> None:
    before = snapshot(demo)
    open_toolbar(demo)
    pinyin_on(demo)
    assert demo.locator(f"{POLY} ruby").count() > 50
    control(demo, "退出").click()
    entry(demo).wait_for(state="visible")
    assert snapshot(demo)["dom"] == before["dom"]


def test_follows_content_added_later_and_ignores_its_own(demo: Page) -> None:
    open_toolbar(demo)
    pinyin_on(demo)
    calls: list[str] = []
    demo.on("request", lambda r: calls.append(r.url) if r.url.endswith("/api/pinyin") else None)
    arm_done(demo)
    demo.evaluate(
        """() => { const p = document.createElement('p'); p.id = 'later';
                   p.textContent = '他在银行工作，长大了。'; document.querySelector('main').append(p); }"""
    )
    wait_done(demo)
    pairs = near_pairs(demo, "#later")
    assert reading_of(pairs, "银行") == ["yín", "háng"]
    assert reading_of(pairs, "长大") == ["zhǎng", "dà"]
    # a page script rewriting text is followed too
    arm_done(demo)
    demo.evaluate("() => { document.querySelector('#later').textContent = '行走'; }")
    wait_done(demo)
    assert near_pairs(demo, "#later") == [("行", "xíng"), ("走", "zǒu")]
    demo.wait_for_timeout(300)
    # our own ruby insertions did not trigger further requests
    assert len(calls) == 2


def open_long_page(page: Page, live_server: LiveServer, name: str, body: str) -> None:
    """Open a page of ``body`` (Chinese paragraphs) with the toolbar's tag, served at
    ``/bf-test/<name>.html`` on the live server's origin."""
    html = (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>长页面</title>"
        "<script type='module' src='/assist.js'></script></head>"
        f"<body><main>{body}</main></body></html>"
    )
    url = f"{live_server.url}/bf-test/{name}.html"
    page.route(url, lambda r: r.fulfill(content_type="text/html; charset=utf-8", body=html))
    page.goto(url)


def test_ten_thousand_character_page_completes(page: Page, live_server: LiveServer) -> None:
    para = "银行行长说，重要的是为人民服务。老人重新学会了上网，孩子长大了。"
    body = "".join(f"<p>{para * 4}</p>" for _ in range(90))
    open_long_page(page, live_server, "long", body)
    chars = page.evaluate("document.body.innerText.replace(/[^\\u4e00-\\u9fff]/g, '').length")
    assert chars >= 10000
    before = snapshot(page)
    open_toolbar(page)
    arm_done(page)
    control(page, "拼音").click()
    detail = wait_done(page)
    assert detail["annotated"] == chars
    # every character's reading is known: in its ruby, or in the element of ours that keeps a
    # text node far from view whole
    assert page.evaluate(READINGS, "main") == chars
    assert page.locator("bf-py-text").count() > 0  # far paragraphs: 退出 puts their text back
    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    assert snapshot(page)["dom"] == before["dom"]


# how many readings the elements under a selector hold: in rubies, and in 拼音's elements that
# keep a far text node whole (FAR_TAG, its readings as aria-description)
READINGS = """(sel) => { const root = document.querySelector(sel);
  let n = [...root.querySelectorAll('ruby.bf-py rt')].filter((rt) => rt.dataset.py).length;
  for (const w of root.querySelectorAll('bf-py-text')) n += w.getAttribute('aria-description').split(' ').length;
  return n; }"""

# what the test asks of a paragraph: its rubies, its readings (in rubies or far elements), how
# many rubies are drawn (the <rt> shown with its reading), how many far elements of ours it
# holds, and its text as the visitor copies it
DRAWN = (
    """(sel) => { const p = document.querySelector(sel);
  const rubies = [...p.querySelectorAll('ruby.bf-py')];
  const drawn = rubies.filter((r) => { const rt = r.querySelector('rt');
    return getComputedStyle(rt).display !== 'none' && getComputedStyle(rt, '::before').content === `"${rt.dataset.py}"`; });
  return {rubies: rubies.length, readings: ("""
    + READINGS
    + """)(sel), drawn: drawn.length, far: p.querySelectorAll('bf-py-text').length, text: p.innerText}; }"""
)


def test_readings_far_from_view_are_drawn_as_they_come_near(
    page: Page, live_server: LiveServer
) -> None:
    body = "".join(
        f"<p id='p{i}'>第{i}段：银行行长说，重要的是为人民服务。</p>" for i in range(300)
    )
    # one tall paragraph of lines (as some pages are): drawn line by line, not all at once
    lines = "<br>".join(f"第{i}行：老人重新学会了上网。" for i in range(300))
    body += f"<p id='tall'>{lines}</p><p id='end'>最后一段。</p>"
    open_long_page(page, live_server, "far", body)
    before = snapshot(page)
    texts = {sel: page.locator(sel).inner_text() for sel in ("#p0", "#p150", "#p299")}
    open_toolbar(page)
    pinyin_on(page)
    # every character has its reading as soon as 拼音 is done ...
    for sel, text in texts.items():
        state = page.evaluate(DRAWN, sel)
        chars = len(re.sub(r"[^\u4e00-\u9fff]", "", text))
        assert state["readings"] == chars, sel
        assert state["text"] == text, sel
    # ... in rubies drawn in view; far below, the text node is kept whole in one element of
    # ours with its readings, and no ruby yet
    state = page.evaluate(DRAWN, "#p0")
    assert state["drawn"] == state["rubies"] == state["readings"] and state["far"] == 0
    state = page.evaluate(DRAWN, "#p299")
    assert state["rubies"] == 0 and state["far"] == 1
    far = page.locator("#p299 bf-py-text")
    assert far.text_content() == page.evaluate("document.querySelector('#p299').textContent")
    described = far.get_attribute("aria-description", timeout=1000)
    # scrolling there splits it into its rubies, drawn
    page.locator("#p299").scroll_into_view_if_needed()
    wait_js(
        page,
        "(sel) => { const s = (" + DRAWN + ")(sel); return s.rubies && s.drawn === s.rubies; }",
        "#p299",
    )
    state = page.evaluate(DRAWN, "#p299")
    assert state["far"] == 0 and state["readings"] == state["rubies"]
    assert state["text"] == texts["#p299"]
    pairs = ruby_pairs(page, "#p299")
    assert reading_of(pairs, "银行") == ["yín", "háng"]
    # the far element held the same readings
    assert described == " ".join(r for _, r in pairs)
    # in the tall paragraph, the lines near the window are drawn, the others not yet
    page.locator("#tall").scroll_into_view_if_needed()
    wait_js(
        page,
        """() => { const first = document.querySelector('#tall').firstChild;
                  return first.localName === 'ruby' && !first.classList.contains('bf-far'); }""",
    )
    state = page.evaluate(DRAWN, "#tall")
    assert 0 < state["drawn"] < state["readings"] / 2 and state["far"] > 150
    # printing draws the whole page
    assert page.evaluate(DRAWN, "#p150")["drawn"] == 0
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    for sel in ("#p150", "#tall"):
        state = page.evaluate(DRAWN, sel)
        assert state["drawn"] == state["rubies"] == state["readings"] > 0, sel
        assert state["far"] == 0, sel
    control(page, "退出").click()
    entry(page).wait_for(state="visible")
    assert snapshot(page)["dom"] == before["dom"]


def ax_readings(page: Page, selector: str) -> list[tuple[str, str]]:
    """(text, readings) of each ruby, or other node with a description, under `selector` as
    chromium's accessibility tree has it (CDP): its text and its description, what a screen
    reader is given (a ruby: its character and reading; a far text node kept whole: its text
    and its readings)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("Accessibility.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    backend = cdp.send("DOM.describeNode", {"nodeId": node})["node"]["backendNodeId"]
    nodes = {n["nodeId"]: n for n in cdp.send("Accessibility.getFullAXTree", {})["nodes"]}
    top = next(n for n in nodes.values() if n.get("backendDOMNodeId") == backend)
    pairs = []
    for child in top.get("childIds", []):
        n = nodes[child]
        if n.get("role", {}).get("value") != "Ruby" and not n.get("description"):
            continue
        text = next(
            nodes[c]["name"]["value"]
            for c in n["childIds"]
            if nodes[c].get("role", {}).get("value") == "StaticText"
        )
        pairs.append((text, n.get("description", {}).get("value", "")))
    cdp.detach()
    return pairs


def test_readings_not_drawn_yet_are_given_to_screen_readers(
    page: Page, live_server: LiveServer
) -> None:
    body = "".join(
        f"<p id='p{i}'>第{i}段：银行行长说，重要的是为人民服务。</p>" for i in range(300)
    )
    open_long_page(page, live_server, "far-a11y", body)
    open_toolbar(page)
    pinyin_on(page)
    near = ruby_pairs(page, "#p1")
    # drawn, each ruby is its character with its reading as description
    assert ax_readings(page, "#p1") == near
    # far from view, the text node is one element of ours: its text, with its readings as
    # description
    state = page.evaluate(DRAWN, "#p250")
    assert state["rubies"] == 0 and state["far"] == 1
    text = page.evaluate("document.querySelector('#p250').textContent")
    ((ax_text, ax_description),) = ax_readings(page, "#p250")
    assert ax_text == text
    # once near, its rubies: each character with its reading, the same readings
    page.locator("#p250").scroll_into_view_if_needed()
    wait_js(
        page,
        "(sel) => { const s = (" + DRAWN + ")(sel); return s.rubies && s.drawn === s.rubies; }",
        "#p250",
    )
    far = ruby_pairs(page, "#p250")
    assert reading_of(far, "银行") == ["yín", "háng"]
    assert ax_description == " ".join(r for _, r in far)
    # the reading comes from the <rt> alone (no second copy)
    assert page.locator("#p250 ruby[aria-description]").count() == 0
    assert ax_readings(page, "#p250") == far
    # rubies not drawn yet (split for our own code before they come near) carry their reading
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(200)
    state = page.evaluate(DRAWN, "#p120")
    assert state["rubies"] == 0 and state["far"] == 1
    page.evaluate(
        """async () => {
             const url = performance.getEntriesByType('resource').map((e) => e.name)
               .find((u) => u.includes('/toolbar/features/pinyin.js'));
             (await import(url)).needRubies(document.querySelector('#p120'));
           }"""
    )
    state = page.evaluate(DRAWN, "#p120")
    assert state["far"] == 0 and state["drawn"] == 0 and state["rubies"] == state["readings"]
    assert ax_readings(page, "#p120") == ruby_pairs(page, "#p120")
    assert page.locator("#p120 ruby[aria-description]").count() == state["rubies"]


def test_a_jump_far_down_draws_the_window_first_a_few_readings_a_frame(
    page: Page, live_server: LiveServer
) -> None:
    body = "".join(
        f"<p id='p{i}'>第{i}段：银行行长说，重要的是为人民服务。</p>" for i in range(400)
    )
    open_long_page(page, live_server, "jump", body)
    open_toolbar(page)
    pinyin_on(page)
    assert page.evaluate(DRAWN, "#p250")["drawn"] == 0
    # record, frame by frame, which paragraphs' readings get drawn after one jump to #p250
    log = page.evaluate(
        """() => new Promise((resolve) => {
             let frame = 0;
             const drawn = [];
             const mo = new MutationObserver((records) => {
               for (const r of records) {
                 for (const n of r.addedNodes) {
                   if (n.nodeType !== 1 || !n.matches('ruby.bf-py') || n.classList.contains('bf-far')) continue;
                   drawn.push([frame, n.closest('p').id]);
                 }
               }
             });
             mo.observe(document.body, {subtree: true, childList: true});
             const target = document.getElementById('p250');
             target.scrollIntoView({block: 'center'});
             const inView = [...document.querySelectorAll('p')].filter((p) => {
               const box = p.getBoundingClientRect();
               return box.bottom >= 0 && box.top <= innerHeight;
             }).map((p) => p.id);
             let quiet = 0;
             const tick = () => {
               frame += 1;
               quiet = drawn.length && drawn[drawn.length - 1][0] < frame - 5 ? quiet + 1 : 0;
               if (quiet > 10 || frame > 600) { mo.disconnect(); resolve({drawn, inView, frames: frame}); }
               else requestAnimationFrame(tick);
             };
             requestAnimationFrame(tick);
           })"""
    )
    in_view = set(log["inView"])
    frames: dict[int, int] = {}
    for frame, _ in log["drawn"]:
        frames[frame] = frames.get(frame, 0) + 1
    drawn_ids = {pid for _, pid in log["drawn"]}
    # the window and a screen either side are drawn ...
    assert in_view <= drawn_ids
    assert len(drawn_ids) > len(in_view)
    # ... the window's paragraphs before any of those around it ...
    last_in_view = max(f for f, pid in log["drawn"] if pid in in_view)
    first_around = min(f for f, pid in log["drawn"] if pid not in in_view)
    assert last_in_view <= first_around
    # ... and not all in one frame: a couple of hundred readings at most per frame
    assert len(frames) > 2
    assert max(frames.values()) <= 200, frames


# ---------------------------------------------------------------- 显示屏


def caption_bar(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("barrierfree-toolbar .bf-cap")


def caption_text(page: Page) -> str:
    return str(caption_bar(page).locator(".bf-cap-text").inner_text())


def test_caption_shows_hovered_and_focused_text(demo: Page) -> None:
    open_toolbar(demo)
    control(demo, "显示屏").click()
    expect(caption_bar(demo)).to_be_visible()
    demo.locator("h1").hover()
    expect(caption_bar(demo).locator(".bf-cap-text")).to_have_text(
        demo.locator("h1").inner_text().strip()
    )
    # keyboard focus: the focused link's text
    link = demo.locator("nav.crumb a").first
    link.focus()
    expect(caption_bar(demo).locator(".bf-cap-text")).to_have_text(link.inner_text().strip())
    # very large type, adjustable
    size = lambda: demo.evaluate(  # noqa: E731
        "parseFloat(getComputedStyle(document.querySelector('barrierfree-toolbar').shadowRoot"
        ".querySelector('.bf-cap-text')).fontSize)"
    )
    assert size() >= 40
    start = size()
    caption_bar(demo).get_by_role("button", name="大", exact=True).click()
    assert size() > start
    caption_bar(demo).get_by_role("button", name="小", exact=True).click()
    caption_bar(demo).get_by_role("button", name="小", exact=True).click()
    assert size() < start


def test_caption_pinyin_over_each_character(demo: Page) -> None:
    open_toolbar(demo)
    control(demo, "显示屏").click()
    caption_bar(demo).get_by_role("button", name="显示拼音", exact=True).click()
    expect(caption_bar(demo).get_by_role("button", name="显示拼音", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    demo.evaluate(
        """() => { const p = document.createElement('p'); p.id = 'cap'; p.textContent = '银行行长';
                   p.style.fontSize = '40px'; document.querySelector('main').prepend(p); }"""
    )
    demo.locator("#cap").scroll_into_view_if_needed()
    demo.locator("#cap").hover()
    rts = caption_bar(demo).locator("rt")
    expect(rts).to_have_count(4)
    assert rts.all_inner_texts() == ["yín", "háng", "háng", "zhǎng"]


def test_caption_starts_from_where_the_pointer_already_rests(demo: Page) -> None:
    """显示屏 switched on by its shortcut while the pointer rests on the headline (no move
    after it starts) shows the headline: the toolbar knows where the pointer last was."""
    open_toolbar(demo)
    demo.locator("h1").hover()
    demo.keyboard.press("Alt+Shift+E")
    expect(caption_bar(demo).locator(".bf-cap-text")).to_have_text(
        demo.locator("h1").inner_text().strip()
    )


def test_caption_never_covers_the_element_being_read(demo: Page) -> None:
    open_toolbar(demo)
    control(demo, "显示屏").click()
    demo.locator("h1").hover()
    expect(caption_bar(demo).locator(".bf-cap-text")).not_to_be_empty()
    bar = caption_bar(demo).bounding_box()
    assert bar is not None
    # a link in the bar's strip at the bottom of the window, reached by keyboard
    demo.evaluate(
        """(top) => { const a = document.createElement('a'); a.id = 'low'; a.href = '#';
                     a.textContent = '底部的链接文字';
                     a.style.cssText = 'position:fixed;left:40px;margin:0;font-size:24px;top:' + top + 'px';
                     document.body.append(a); }""",
        bar["y"] + 10,
    )
    demo.locator("#low").focus()
    expect(caption_bar(demo).locator(".bf-cap-text")).to_have_text("底部的链接文字")
    assert not overlaps(demo.locator("#low").bounding_box(), caption_bar(demo).bounding_box())
    # a paragraph that starts above the bar and runs into it, pointed at where it shows
    demo.evaluate(
        """(top) => { const p = document.createElement('p'); p.id = 'tall'; p.textContent = '高高的段落';
                     p.style.cssText = 'position:fixed;right:40px;margin:0;font-size:24px;height:160px;'
                       + 'background:#eee;top:' + (top - 80) + 'px';
                     document.body.append(p); }""",
        bar["y"],
    )
    tall = demo.locator("#tall").bounding_box()
    assert tall is not None
    demo.mouse.move(tall["x"] + 10, tall["y"] + 10)
    expect(caption_bar(demo).locator(".bf-cap-text")).to_have_text("高高的段落")
    assert not overlaps(tall, caption_bar(demo).bounding_box())


def overlaps(a, b) -> bool:  # type: ignore[no-untyped-def]
    assert a is not None and b is not None
    return min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"]) > 0


def test_caption_off_and_exit_leave_the_page_as_it_was(demo: Page) -> None:
    before = snapshot(demo)
    open_toolbar(demo)
    control(demo, "显示屏").click()
    demo.locator("h1").hover()
    expect(caption_bar(demo)).to_be_visible()
    control(demo, "显示屏").click()
    expect(caption_bar(demo)).to_have_count(0)
    control(demo, "显示屏").click()
    control(demo, "退出").click()
    entry(demo).wait_for(state="visible")
    assert snapshot(demo)["dom"] == before["dom"]


def test_visible_part_goes_first(page: Page, live_server: LiveServer) -> None:
    body = "".join(
        f"<p id='p{i}'>第{i}段：银行行长说，重要的是为人民服务。</p>" for i in range(400)
    )
    open_long_page(page, live_server, "visible", body)
    open_toolbar(page)
    page.locator("#p300").scroll_into_view_if_needed()
    bodies: list[list[str]] = []
    page.on(
        "request",
        lambda r: (
            bodies.append(r.post_data_json["segments"]) if r.url.endswith("/api/pinyin") else None
        ),
    )
    arm_done(page)
    control(page, "拼音").click()
    wait_done(page)
    assert len(bodies) >= 2  # batched, not one request per node nor one for the whole page
    first = bodies[0][0]
    number = int(re.match(r"第(\d+)段", first).group(1))  # type: ignore[union-attr]
    # the first segment sent is a paragraph in view (around #p300), not the top of the page
    assert 250 <= number <= 350, first
    assert page.evaluate(READINGS, "#p0") > 0  # and the rest followed


def test_caption_shows_the_pointed_sentence_of_a_long_paragraph_even_with_pinyin_on(
    demo: Page,
) -> None:
    sentences = [
        "第一句说银行的新业务。",
        "第二句讲老人重新学会上网。",
        "第三句是孩子们长大以后的事。",
    ] * 6
    demo.evaluate(
        """(text) => { const p = document.createElement('p'); p.id = 'long'; p.textContent = text;
                     p.style.fontSize = '20px'; document.querySelector('main').prepend(p); }""",
        "".join(sentences),
    )
    open_toolbar(demo)
    pinyin_on(demo)
    control(demo, "显示屏").click()
    demo.locator("#long").scroll_into_view_if_needed()
    box = demo.locator("#long").bounding_box()
    assert box is not None
    demo.mouse.move(box["x"] + 30, box["y"] + 12)  # on the first line: the first sentence
    text = caption_bar(demo).locator(".bf-cap-text")
    expect(text).to_have_text(sentences[0])
    # the short demo paragraph is shown whole, in characters only: no readings leak into it
    demo.locator(POLY).hover()
    expect(text).to_have_text(demo.locator(POLY).inner_text())
    assert not re.search(r"[a-zà-ü]", text.inner_text())


def test_pinyin_and_caption_persist_to_the_next_page(demo: Page) -> None:
    open_toolbar(demo)
    pinyin_on(demo)
    control(demo, "显示屏").click()
    caption_bar(demo).get_by_role("button", name="大", exact=True).click()
    size = demo.evaluate(
        "getComputedStyle(document.querySelector('barrierfree-toolbar').shadowRoot"
        ".querySelector('.bf-cap-text')).fontSize"
    )
    demo.reload()
    demo.locator(f"{POLY} ruby").first.wait_for()
    assert reading_of(ruby_pairs(demo, POLY), "银行") == ["yín", "háng"]
    expect(control(demo, "拼音")).to_have_attribute("aria-pressed", "true")
    expect(caption_bar(demo)).to_be_visible()
    assert (
        demo.evaluate(
            "getComputedStyle(document.querySelector('barrierfree-toolbar').shadowRoot"
            ".querySelector('.bf-cap-text')).fontSize"
        )
        == size
    )


def test_pinyin_page_and_caption_bar_pass_axe(demo: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_toolbar(demo)
    pinyin_on(demo)
    control(demo, "显示屏").click()
    caption_bar(demo).get_by_role("button", name="显示拼音", exact=True).click()
    demo.locator("h1").hover()
    expect(caption_bar(demo).locator("rt").first).to_be_attached()
    rules = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    found = Axe().run(demo, options=rules).response["violations"]
    assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}" for v in found] == []


SITE_WORDS_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>单于</title>
<script type="module" src="/assist.js" data-pinyin-words='{"单大明": "shàn dà míng"}'></script></head>
<body><main><p id="w">单大明是单位的同事。</p></main></body></html>"""


def test_site_words_from_the_script_tag_win(page: Page, live_server: LiveServer) -> None:
    url = live_server.url + "/fixture/site-words.html"
    page.route(url, lambda route: route.fulfill(body=SITE_WORDS_PAGE, content_type="text/html"))
    page.goto(url)
    entry(page).wait_for(state="visible")
    open_toolbar(page)
    pinyin_on(page)
    pairs = ruby_pairs(page, "#w")
    # the surname 单 reads shàn here only because the site says so (the engine says dān)
    assert reading_of(pairs, "单大明") == ["shàn", "dà", "míng"]
    assert reading_of(pairs, "单位") == ["dān", "wèi"]  # only the site's word is overridden


# a toolbar module's URL, beside 拼音's as the page loaded it (the path holds the version)
MODULE = """(name) => performance.getEntriesByType('resource').map((e) => e.name)
  .find((u) => u.includes('/toolbar/features/pinyin.js')).replace('features/pinyin.js', name)"""


def test_our_own_text_maps_see_the_far_text(page: Page, live_server: LiveServer) -> None:
    """声音's text map maps the far text as it is, and splits into rubies only the far text a
    sentence's range starts or ends in, when it makes the range (so the range stays on the
    nodes the page keeps); 轻松阅读's copy of the page has the far text alone."""
    body = "".join(
        f"<p id='p{i}'>第{i}段：银行行长说，重要的是为人民服务。</p>" for i in range(300)
    )
    open_long_page(page, live_server, "maps", body)
    text = page.evaluate("document.querySelector('main').innerText")
    open_toolbar(page)
    pinyin_on(page)
    assert page.evaluate(DRAWN, "main")["far"] > 100
    # the reading view's copy of the page: the far text as text, no element of ours
    html = page.evaluate(
        "async (url) => (await import(url)).pageHtml()",
        page.evaluate(MODULE, "features/reader.js"),
    )
    assert "bf-py-text" not in html and "第250段：银行行长说" in html
    far = page.evaluate(DRAWN, "main")["far"]
    # the text map over the whole main content (what 连读 reads), and the range of a sentence
    # of #p250 (far: kept whole) as 声音 highlights it, then one from #p240 to #p260
    textmap = page.evaluate(MODULE, "speech/textmap.js")
    mapped = page.evaluate(
        """async (url) => { const { collectText, rangeOf } = await import(url);
             const { text, pieces } = collectText([document.querySelector('main')]);
             const connected = pieces.every((p) => p.node.isConnected);
             const farAfterMap = document.querySelectorAll('main bf-py-text').length;
             const between = (a, b) => { const r = rangeOf(pieces, a, b); window.__range = r;
               return { want: text.slice(a, b), got: r.toString(), start: r.startContainer.isConnected,
                        end: r.endContainer.isConnected }; };
             const one = between(text.indexOf('第250段'), text.indexOf('服务。', text.indexOf('第250段')) + 3);
             const farAfterOne = document.querySelectorAll('main bf-py-text').length;
             const span = between(text.indexOf('第240段') + 6, text.indexOf('第260段') + 5);
             return { text, connected, farAfterMap, one, farAfterOne, span,
                      far: document.querySelectorAll('main bf-py-text').length }; }""",
        textmap,
    )
    assert mapped["connected"]
    assert mapped["text"].replace("\n", "") == text.replace("\n", "")
    # mapping splits nothing; a range splits the far text it starts or ends in, no more
    assert mapped["farAfterMap"] == far
    assert (
        mapped["one"]["got"] == mapped["one"]["want"] == "第250段：银行行长说，重要的是为人民服务。"
    )
    assert mapped["one"]["start"] and mapped["one"]["end"]
    assert mapped["farAfterOne"] == far - 1
    assert mapped["span"]["got"].replace("\n", "") == mapped["span"]["want"].replace("\n", "")
    assert mapped["span"]["start"] and mapped["span"]["end"] and "第250段" in mapped["span"]["got"]
    assert mapped["span"]["got"].startswith("银行行长说") and mapped["span"]["got"].endswith(
        "第260段"
    )
    assert mapped["far"] == far - 3  # and #p240 and #p260, where the second range starts and ends
    assert page.evaluate(DRAWN, "#p255")["far"] == 1
    # far text inside a range split later (it came near) stays in the range
    page.evaluate(
        "async (url) => (await import(url)).needRubies(document.querySelector('#p255'))",
        page.evaluate(MODULE, "features/pinyin.js"),
    )
    assert page.evaluate(DRAWN, "#p255")["far"] == 0
    assert page.evaluate("() => window.__range.toString()") == mapped["span"]["got"]
    # split for the range, far rubies are not drawn until they come near
    state = page.evaluate(DRAWN, "#p250")
    assert state["rubies"] == state["readings"] > 0 and state["drawn"] == 0 and state["far"] == 0


def test_textview_shows_the_rubies_not_drawn_yet(page: Page, live_server: LiveServer) -> None:
    """视图 reads the page as text: rubies split for our own code away from the window (not
    drawn yet: no box of their own) are text on the page all the same, and in 视图."""
    body = "".join(
        f"<p id='p{i}'>第{i}段：银行行长说，重要的是为人民服务。</p>" for i in range(300)
    )
    open_long_page(page, live_server, "textview-far", body)
    open_toolbar(page)
    pinyin_on(page)
    # split for our own code (needRubies) away from the window
    page.evaluate(
        """async (url) => { (await import(url)).needRubies(document.querySelector('main')); }""",
        page.evaluate(MODULE, "features/pinyin.js"),
    )
    state = page.evaluate(DRAWN, "#p250")
    assert state["rubies"] == state["readings"] > 0 and state["drawn"] == 0 and state["far"] == 0
    control(page, "视图").click()
    page.locator("bf-reading-view .page .text").wait_for(state="visible")
    lines = page.locator("bf-reading-view .page p").all_inner_texts()
    assert "第0段：银行行长说，重要的是为人民服务。" in lines  # drawn near the top
    assert "第250段：银行行长说，重要的是为人民服务。" in lines  # not drawn yet
    assert len(lines) == 300


# frames held back, as on a page too busy to render (the test's own stand-in for the browser's
# frames: what 拼音 asks a frame for waits until `__releaseFrames()`)
HOLD_FRAMES = """() => { const raf = window.requestAnimationFrame.bind(window); const held = [];
  window.__releaseFrames = () => { window.requestAnimationFrame = raf; for (const f of held.splice(0)) raf(f); };
  window.requestAnimationFrame = (f) => { held.push(f); return -held.length; }; }"""

# the middle of a character of a paragraph on the screen, and of its reading when drawn
POINT_AT = """([sel, index]) => { const p = document.querySelector(sel);
  const range = document.createRange(); let n = index;
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (n < t.data.length) { range.setStart(t, n); range.setEnd(t, n + 1); break; }
    n -= t.data.length;
  }
  const box = range.getBoundingClientRect();
  const ruby = range.startContainer.parentElement.closest('ruby.bf-py');
  const rt = ruby && ruby.querySelector('rt').getBoundingClientRect();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2,
           reading: rt && rt.height ? rt.y + rt.height / 2 : null }; }"""


def test_caption_shows_the_characters_of_far_text_and_of_drawn_rubies(
    page: Page, live_server: LiveServer
) -> None:
    """显示屏 over 拼音's three states of a text node: drawn rubies (pointed at the character and
    at its reading), rubies not drawn yet (split for our own code) and a far text node kept
    whole in our element: the pointed sentence or paragraph, in characters alone."""
    sentences = [f"第{i}句说老人重新学会了上网。" for i in range(12)]
    long_text = "".join(sentences)  # over 显示屏's 120 characters: the pointed sentence is shown
    body = (
        "".join(f"<p id='top{i}'>{long_text}</p>" for i in range(2))
        + "".join(f"<p id='p{i}'>第{i}段：银行行长说，重要的是为人民服务。</p>" for i in range(300))
        + "".join(f"<p id='end{i}'>{long_text}</p>" for i in range(2))
        + "<div style='height:100vh'></div>"  # (the last paragraph can be scrolled up to mid-window)
    )
    open_long_page(page, live_server, "caption-far", body)
    open_toolbar(page)
    pinyin_on(page)
    control(page, "显示屏").click()
    shown = caption_bar(page).locator(".bf-cap-text")

    def point(sel: str, index: int, on_reading: bool = False) -> None:
        at = page.evaluate(POINT_AT, [sel, index])
        if on_reading:
            assert at["reading"] is not None, sel  # a drawn reading to point at
        page.mouse.move(at["x"], at["reading"] if on_reading else at["y"])

    # drawn rubies: the sentence pointed at, by its character or by its reading above it
    page.locator("#top1").scroll_into_view_if_needed()
    state = page.evaluate(DRAWN, "#top1")
    assert state["drawn"] == state["rubies"] == state["readings"] > 0
    sentence = len(sentences[0])
    for i, on_reading in ((3, False), (5, True), (9, False)):
        point("#top1", i * sentence + 5, on_reading)
        expect(shown).to_have_text(sentences[i])
        assert not re.search(r"[a-zà-ü]", shown.inner_text())
    # a short paragraph drawn: the whole paragraph
    page.locator("#p3").scroll_into_view_if_needed()
    point("#p3", 8)
    expect(shown).to_have_text("第3段：银行行长说，重要的是为人民服务。")

    # far below: kept whole in our element; pointed at in the window before it is split (the
    # split waits for a frame)
    page.evaluate(HOLD_FRAMES)
    page.evaluate("() => document.querySelector('#p250').scrollIntoView({block: 'center'})")
    assert page.evaluate(DRAWN, "#p250")["far"] == 1
    point("#p250", 8)
    expect(shown).to_have_text("第250段：银行行长说，重要的是为人民服务。")
    page.evaluate("() => document.querySelector('#end0').scrollIntoView({block: 'center'})")
    assert page.evaluate(DRAWN, "#end0")["far"] == 1
    point("#end0", 7 * sentence + 5)
    expect(shown).to_have_text(sentences[7])
    assert page.evaluate(DRAWN, "#end0")["far"] == 1  # still far: pointed at as it was

    # rubies not drawn yet (no box of their own: split for our own code, needRubies)
    page.evaluate(
        """async (url) => { (await import(url)).needRubies(document.querySelector('main')); }""",
        page.evaluate(MODULE, "features/pinyin.js"),
    )
    state = page.evaluate(DRAWN, "#end1")
    assert state["far"] == 0 and state["drawn"] == 0 and state["rubies"] > 0
    page.evaluate("() => document.querySelector('#end1').scrollIntoView({block: 'center'})")
    point("#end1", 2 * sentence + 5)
    expect(shown).to_have_text(sentences[2])
    point("#p299", 8)
    expect(shown).to_have_text("第299段：银行行长说，重要的是为人民服务。")
    assert not re.search(r"[a-zà-ü]", shown.inner_text())
    # the frames come: the window's readings are drawn, and pointed at as before
    page.evaluate("() => window.__releaseFrames()")
    for sel in ("#p299", "#end0", "#end1"):
        wait_js(
            page,
            "(sel) => { const s = (" + DRAWN + ")(sel); return s.rubies && s.drawn === s.rubies; }",
            sel,
        )
    page.evaluate("() => document.querySelector('#end1').scrollIntoView({block: 'center'})")
    point("#end1", 4 * sentence + 5, True)
    expect(shown).to_have_text(sentences[4])
