"""声音 / 指读 / 连读 / 语速 / 音量 and 无障碍语音播报 in chromium, with real clicks, hovers and
keys. The speech requests the page makes are observed with Playwright (`page.on("request")`)
and the audio elements it plays are recorded by an init script, so the tests see exactly
what is requested and what is played."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page, Request

from barrierfree.settings import Settings
from barrierfree.web.app import create_app
from tests.conftest import LiveServer

from .fixtures.toolbar import control, eventually, open_toolbar, toolbar

FIXTURE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>朗读测试</title>
<script type="module" src="/assist.js"></script></head><body>
<header><p id="nav">网站首页导航</p></header>
<main data-bf-article>
<h1 id="title">朗读测试页</h1>
<p id="p1">第一句话。第二句话！</p>
<p id="p2">我去银行办事。</p>
<p id="p3">最后一句。</p>
<p><a id="link" href="#p3">查看详情</a></p>
<button type="button" id="speak" data-bf-speak>无障碍语音播报</button>
</main></body></html>"""

# records what the page plays (the audio elements are not in the DOM)
RECORD_PLAYS = """
window.__played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  const entry = { volume: this.volume, src: this.src, playing: false, ended: false };
  window.__played.push(entry);
  window.__audio = this;
  this.addEventListener("playing", () => { entry.playing = true; }, { once: true });
  this.addEventListener("ended", () => { entry.ended = true; }, { once: true });
  return play.call(this);
};
"""


class Requests(list[str]):
    """The speech URLs the page requested, in order, and the JSON bodies it posted."""

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[tuple[str, Any]] = []

    def record(self, request: Request) -> None:
        if "/api/speech" not in request.url:
            return
        self.append(request.url)
        if request.method == "POST":
            self.posts.append((urlparse(request.url).path, request.post_data_json))

    def audio(self, priority: str | None = None) -> list[dict[str, str]]:
        """Query of each audio request; `priority` "now" keeps the player's own requests
        (no priority: the default), "next" the requests made ahead of time."""
        out = []
        for url in self:
            parsed = urlparse(url)
            if parsed.path.startswith("/api/speech/audio/"):
                query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                if priority is None or query.get("priority", "now") == priority:
                    out.append(query)
        return out

    def sentences(self) -> list[str]:
        """Each sentence the player asked for, once, in order (requests made ahead of time,
        with priority=next, are left out: the next sentence's is made while one plays)."""
        out: list[str] = []
        for query in self.audio("now"):
            if query["text"] not in out:
                out.append(query["text"])
        return out

    def rates(self) -> list[str]:
        return [q["rate"] for q in self.audio("now")]

    def voices(self) -> list[str]:
        return [q["voice"] for q in self.audio("now")]

    def bodies(self, path: str) -> list[Any]:
        return [body for p, body in self.posts if p == path]


def open_fixture(page: Page, server: LiveServer, html: str = FIXTURE) -> Requests:
    requests = Requests()
    page.on("request", requests.record)
    page.add_init_script(RECORD_PLAYS)
    page.route(f"{server.url}/speech-fixture.html", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=html))  # fmt: skip
    page.goto(f"{server.url}/speech-fixture.html")
    page.locator("barrierfree-entry").get_by_role("button").wait_for(state="visible")
    return requests


def sound_on(page: Page, requests: Requests, label: str = "声音 读屏") -> None:
    """Press 声音 and wait until the speech module, imported on first use, is running (it
    then asks the service to prepare the page): only from then on does it follow the pointer."""
    control(page, label).click()
    eventually(page, lambda: len(requests.bodies("/api/speech/prepare")) >= 1, True, timeout=10)


def start_speak_button(page: Page, button: Locator) -> None:
    """Press a 语音播报 button until it reads. The component listens on the site's button
    once its module, and what that imports, has loaded: a press before then does nothing
    (a press that lands turns the button into 停止播报 at once)."""
    deadline = time.monotonic() + 10
    while True:
        button.click()
        if button.text_content() == "停止播报":
            return
        if time.monotonic() > deadline:
            raise AssertionError("the 语音播报 button never started reading")
        page.wait_for_timeout(200)


def highlighted(page: Page) -> str | None:
    return page.evaluate(  # type: ignore[no-any-return]
        "() => { const h = CSS.highlights.get('bf-speech'); return h ? [...h][0].toString() : null; }"
    )


def pressed(page: Page, label: str) -> str | None:
    return control(page, label).get_attribute("aria-pressed")


@pytest.fixture
def fixture_page(page: Page, live_server: LiveServer) -> Iterator[tuple[Page, Requests]]:
    requests = open_fixture(page, live_server)
    yield page, requests


def test_nothing_speaks_until_sound_is_on(fixture_page) -> None:  # type: ignore[no-untyped-def]
    page, requests = fixture_page
    open_toolbar(page)
    assert pressed(page, "声音 读屏") == "false"
    page.hover("#p2")
    page.wait_for_timeout(1200)
    assert requests == []
    assert page.evaluate("window.__played.length") == 0


def test_continuous_reads_sentences_in_order_highlights_and_esc_stops(fixture_page) -> None:  # type: ignore[no-untyped-def]
    page, requests = fixture_page
    open_toolbar(page)
    sound_on(page, requests)
    page.hover("#p1")  # 连读 starts at the pointed element
    control(page, "连读").click()
    assert pressed(page, "连读") == "true" and pressed(page, "声音 读屏") == "true"
    eventually(page, lambda: highlighted(page), "第一句话。", timeout=10)
    eventually(page, lambda: highlighted(page), "第二句话！", timeout=15)
    eventually(
        page,
        lambda: requests.sentences()[:3],
        ["第一句话。", "第二句话！", "我去银行办事。"],
        timeout=10,
    )
    # 声音 asked the service to prepare the page; 连读 then planned its text
    assert [urlparse(u).path for u in requests[:2]] == ["/api/speech/prepare", "/api/speech/plan"]
    # the heading before the pointed paragraph is not read
    assert "朗读测试页" not in requests.sentences()
    eventually(page, lambda: highlighted(page), "我去银行办事。", timeout=15)
    page.keyboard.press("Escape")
    eventually(page, lambda: highlighted(page), None)
    eventually(page, lambda: pressed(page, "连读"), "false")
    count = len(requests.sentences())
    page.wait_for_timeout(2500)
    # nothing more is fetched after Esc beyond the one sentence prefetched before it
    assert len(requests.sentences()) == count <= 4
    assert page.evaluate("window.__played.length") == 3


def test_click_on_sound_stops_continuous_reading(fixture_page) -> None:  # type: ignore[no-untyped-def]
    page, requests = fixture_page
    open_toolbar(page)
    page.hover("#title")
    control(page, "连读").click()
    eventually(page, lambda: highlighted(page), "朗读测试页", timeout=10)
    control(page, "声音 读屏").click()
    eventually(page, lambda: highlighted(page), None)
    assert pressed(page, "声音 读屏") == "false" and pressed(page, "连读") == "false"


def test_pointread_reads_the_hovered_and_the_focused_element(fixture_page) -> None:  # type: ignore[no-untyped-def]
    page, requests = fixture_page
    open_toolbar(page)
    control(page, "指读").click()
    assert pressed(page, "指读") == "true"
    # 指读 turns 声音 on once the speech module, imported on this first use, runs
    eventually(page, lambda: pressed(page, "声音 读屏"), "true")
    page.hover("#p2")
    eventually(page, lambda: requests.sentences(), ["我去银行办事。"], timeout=10)
    eventually(page, lambda: highlighted(page), "我去银行办事。", timeout=10)
    page.focus("#link")
    eventually(page, lambda: requests.sentences()[-1:], ["查看详情"], timeout=10)


def test_pointread_reads_a_paragraph_the_pointer_was_already_resting_on(fixture_page) -> None:  # type: ignore[no-untyped-def]
    """The visitor moved to a paragraph while 指读 was still loading: no pointerover comes
    after that, so the pointer's next small move inside the paragraph has it read."""
    page, requests = fixture_page
    open_toolbar(page)
    box = page.locator("#p2").bounding_box()
    assert box is not None
    x, y = box["x"] + 10, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    # 指读 (which turns 声音 on) pressed from the keyboard: the pointer stays on the paragraph
    control(page, "指读").focus()
    page.keyboard.press("Enter")
    eventually(page, lambda: pressed(page, "声音 读屏"), "true")
    eventually(page, lambda: len(requests.bodies("/api/speech/prepare")) >= 1, True, timeout=10)
    assert requests.sentences() == []
    page.mouse.move(x + 3, y)
    eventually(page, lambda: requests.sentences(), ["我去银行办事。"], timeout=10)


def test_rate_and_volume_change_what_is_requested_and_played(fixture_page) -> None:  # type: ignore[no-untyped-def]
    page, requests = fixture_page
    open_toolbar(page)
    control(page, "指读").click()
    control(page, "加快语速").click()
    control(page, "加快语速").click()
    control(page, "减小音量").click()
    control(page, "减小音量").click()
    control(page, "减小音量").click()
    page.hover("#p3")
    eventually(page, lambda: requests.sentences(), ["最后一句。"], timeout=10)
    assert requests.rates() == ["1.5"]
    eventually(
        page,
        lambda: page.evaluate("window.__played.map(p => Math.round(p.volume * 10))"),
        [7],
        timeout=10,
    )
    page.mouse.move(5, 500)
    control(page, "减慢语速").click()
    page.hover("#p1")
    eventually(page, lambda: requests.rates()[-1:], ["1.25"], timeout=10)
    announced = toolbar(page).locator(".sr").text_content()
    assert announced and "语速" in announced


def test_speak_button_reads_the_article_and_stops(fixture_page) -> None:  # type: ignore[no-untyped-def]
    page, requests = fixture_page
    button = page.locator("#speak")
    start_speak_button(page, button)
    eventually(page, lambda: highlighted(page), "朗读测试页", timeout=10)
    # the heading is played; the first sentence after it is asked for ahead of its turn
    eventually(page, lambda: requests.sentences()[:1], ["朗读测试页"], timeout=10)
    eventually(page, lambda: [q["text"] for q in requests.audio("next")][:1], ["第一句话。"])
    button.click()
    eventually(page, lambda: button.text_content(), "无障碍语音播报")
    eventually(page, lambda: highlighted(page), None)


@pytest.fixture
def engineless_server(tmp_path) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    settings = Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path),
            "speech_engine": "espeak",
            "speech_espeak_command": "/nonexistent/espeak-ng",
            "speech_espeak_library": "",
        },
        environ={},
    )
    server = LiveServer(create_app(settings)).start()
    yield server
    server.stop()


def test_without_a_server_engine_the_browser_voice_reads_and_says_so(  # type: ignore[no-untyped-def]
    page: Page, engineless_server: LiveServer, console_errors
) -> None:
    console_errors.allowed.append("503")  # the failed plan request is logged by chromium
    page.add_init_script(
        "window.__spoken = []; const speak = speechSynthesis.speak.bind(speechSynthesis);"
        "speechSynthesis.speak = (u) => { window.__spoken.push([u.text, u.lang]); speak(u); };"
    )
    requests = open_fixture(page, engineless_server)
    open_toolbar(page)
    # every message of the toolbar's live region, as a screen reader would hear them
    page.evaluate(
        """() => { window.__said = []; const live = document.querySelector('barrierfree-toolbar')
             .shadowRoot.querySelector('.sr');
           // kept on window: an observer nobody references may be garbage-collected
           window.__observer = new MutationObserver((records) => { for (const r of records)
             for (const n of r.addedNodes) if (n.textContent) window.__said.push(n.textContent); });
           window.__observer.observe(live, {childList: true, characterData: true, subtree: true}); }"""
    )
    sound_on(page, requests)
    page.hover("#p1")
    control(page, "连读").click()
    eventually(page, lambda: page.evaluate("window.__spoken.slice(0, 2)"),
               [["第一句话。", "zh-CN"], ["第二句话！", "zh-CN"]], timeout=10)  # fmt: skip
    # core writes the live region a moment after announce() (so repeats are heard too)
    eventually(
        page,
        lambda: any(
            s.startswith("服务器语音不可用，改用浏览器语音：")
            for s in page.evaluate("window.__said")
        ),
        True,
    )
    assert requests.sentences() == []


def test_demo_page_speak_button_reads_its_article(page: Page, live_server: LiveServer) -> None:
    requests = Requests()
    page.on("request", requests.record)
    page.goto(live_server.url + "/")
    button = page.locator("button[data-bf-speak]")
    start_speak_button(page, button)
    # the article's first sentence, numbers read as words; the headline and 字号 line are not read
    eventually(
        page,
        lambda: requests.sentences()[:1],
        [
            "三月十四日，记者从市政务服务数据管理局获悉，全市四十六个政府网站和十二个政务服务移动端应用已全部完成适老化与无障碍改造，并于二零二四年三月一日通过第三方评测。"
        ],
        timeout=10,
    )  # noqa: E501
    eventually(page, lambda: (highlighted(page) or "")[:6], "3月14日，", timeout=10)
    page.keyboard.press("Escape")
    eventually(page, lambda: highlighted(page), None)
    eventually(page, lambda: button.text_content(), "无障碍语音播报")


TALL = FIXTURE.replace('<p id="p2">', '<div style="height:2400px"></div><p id="p2">')


def test_continuous_scrolls_to_the_sentence_being_read(page: Page, live_server: LiveServer) -> None:
    requests = open_fixture(page, live_server, TALL)
    open_toolbar(page)
    sound_on(page, requests)
    page.hover("#p1")
    control(page, "加快语速").click()  # shorter sentences: the test reaches the far one sooner
    control(page, "加快语速").click()
    control(page, "连读").click()
    assert page.evaluate("window.scrollY") == 0
    eventually(page, lambda: highlighted(page), "我去银行办事。", timeout=20)
    # (smooth scrolling takes a moment)
    eventually(page, lambda: 0 < page.locator("#p2").bounding_box()["y"] < 800, True)  # type: ignore[index]
    page.keyboard.press("Escape")


EN_FIXTURE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reading test</title>
<script type="module" src="/assist.js"></script></head><body>
<main data-bf-article><h1>Opening hours</h1><p id="p1">The office opens at 9:30 on 15 March 2024.</p>
<p>Call 555 1234.</p></main></body></html>"""


def test_english_page_is_read_as_english(page: Page, live_server: LiveServer) -> None:
    requests = open_fixture(page, live_server, EN_FIXTURE)
    open_toolbar(page, "Accessibility")
    sound_on(page, requests, "Sound")
    page.hover("#p1")
    control(page, "Read on").click()
    eventually(
        page,
        lambda: requests.sentences()[:2],
        ["The office opens at 9:30 on 15 March 2024.", "Call 555 1234."],
        timeout=10,
    )
    assert all("lang=en" in u for u in requests if "/api/speech/audio/" in u)
    page.keyboard.press("Escape")


# ---------------------------------------------------------------- issue 9: the neural voice


def played(page: Page) -> list[dict[str, Any]]:
    return page.evaluate("window.__played")  # type: ignore[no-any-return]


@pytest.mark.parametrize("media_source", [True, False])
def test_pointing_plays_the_paragraph_and_its_audio_is_requested(  # type: ignore[no-untyped-def]
    page: Page, live_server: LiveServer, media_source: bool
) -> None:
    if not media_source:
        # as on an iPhone, whose Safari has no MediaSource
        page.add_init_script("delete window.MediaSource;")
    requests = open_fixture(page, live_server)
    open_toolbar(page)
    control(page, "声音 读屏").click()
    control(page, "指读").click()
    # (pointed at again if the first pointing came before 指读 was ready: failed once at
    # load 13 with a single hover)
    point_until_asked(page, "#p2", requests.sentences, ["我去银行办事。"])
    eventually(page, lambda: [p["ended"] for p in played(page)], [True], timeout=10)
    assert played(page)[0]["playing"]
    assert requests.voices() == ["f2"]
    src = played(page)[0]["src"]
    if media_source:
        # the element plays a MediaSource the response is fed into as it arrives
        assert src.startswith("blob:")
    else:
        # the element is given the sentence's audio address itself
        assert urlparse(src).path.startswith("/api/speech/audio/") and "voice=f2" in src


def test_a_sentence_starts_playing_before_its_audio_has_all_arrived(  # type: ignore[no-untyped-def]
    page: Page, tmp_path
) -> None:
    """The service streams a cache miss clause by clause; the player starts with the first
    part. Here the second half of a sentence's MP3 is held back until the test has seen the
    element playing the first half."""
    release = threading.Event()
    audio: dict[str, bytes] = {}

    async def held_back(scope, receive, send):  # type: ignore[no-untyped-def]
        data = audio["mp3"]
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"audio/mpeg")]})  # fmt: skip
        await send({"type": "http.response.body", "body": data[: len(data) // 2], "more_body": True})  # fmt: skip
        for _ in range(300):  # at most 30 s
            if release.is_set():
                break
            await asyncio.sleep(0.1)
        await send({"type": "http.response.body", "body": data[len(data) // 2 :]})

    settings = Settings(
        {"cache_backend": "memory", "cache_dir": str(tmp_path), "speech_engine": "espeak"},
        environ={},
    )
    inner = create_app(settings)

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http" and scope["path"] == "/held-back.mp3":
            return await held_back(scope, receive, send)
        return await inner(scope, receive, send)

    server = LiveServer(app).start()
    try:
        text = "一二三四五六七八九十，一二三四五六七八九十，一二三四五六七八九十。"
        answer = page.request.get(f"{server.url}/api/speech", params={"text": text})
        assert answer.ok
        audio["mp3"] = answer.body()
        plan = {"engine": "espeak", "format": "mp3", "sentences": [
            {"index": 0, "text": "我去银行办事。", "start": 0, "end": 7, "spoken": "我去银行办事。",
             "url": "/held-back.mp3"}]}  # fmt: skip
        page.route("**/api/speech/plan", lambda route: route.fulfill(json=plan))
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url) if "held-back" in r.url else None)
        open_fixture(page, server)
        open_toolbar(page)
        control(page, "指读").click()
        point_until_asked(page, "#p2", lambda: asked[:1], [f"{server.url}/held-back.mp3"])
        eventually(page, lambda: [p["playing"] for p in played(page)], [True], timeout=10)
        assert not release.is_set() and not played(page)[0]["ended"]
        release.set()
        eventually(page, lambda: [p["ended"] for p in played(page)], [True], timeout=20)
    finally:
        release.set()
        server.stop()


def test_female_and_male_voice_change_what_is_requested(fixture_page) -> None:  # type: ignore[no-untyped-def]
    page, requests = fixture_page
    open_toolbar(page)
    assert pressed(page, "女声") == "true" and pressed(page, "男声") == "false"
    sound_on(page, requests)
    page.hover("#p1")
    control(page, "连读").click()
    eventually(page, lambda: highlighted(page), "第一句话。", timeout=10)
    # a change takes effect from the next sentence (espeak-ng: female f2, male its default)
    control(page, "男声").click()
    assert pressed(page, "男声") == "true" and pressed(page, "女声") == "false"
    eventually(page, lambda: requests.voices()[-1:], ["default"], timeout=15)
    assert requests.voices()[0] == "f2"
    assert [b["voice"] for b in requests.bodies("/api/speech/plan")] == ["female", "male"]
    page.keyboard.press("Escape")
    # remembered like the other settings: the next page of the site reads with 男声
    page.reload()
    control(page, "男声").wait_for()
    assert pressed(page, "男声") == "true" and pressed(page, "女声") == "false"
    control(page, "指读").click()
    page.hover("#p3")
    eventually(page, lambda: requests.voices()[-1:], ["default"], timeout=10)
    assert requests.bodies("/api/speech/plan")[-1]["voice"] == "male"


def test_sound_on_prepares_the_page_main_content_first(fixture_page) -> None:  # type: ignore[no-untyped-def]
    page, requests = fixture_page
    open_toolbar(page)
    assert requests.bodies("/api/speech/prepare") == []
    control(page, "声音 读屏").click()
    eventually(page, lambda: len(requests.bodies("/api/speech/prepare")), 1)
    body = requests.bodies("/api/speech/prepare")[0]
    assert body["voice"] == "female" and body["lang"] == "zh" and body["rate"] == 1
    texts = [t.strip() for t in body["texts"]]
    # the article's blocks in reading order, then the rest of the page (its header)
    assert texts == ["朗读测试页", "第一句话。第二句话！", "我去银行办事。", "最后一句。", "查看详情", "网站首页导航"]  # fmt: skip
    # switching 声音 off and on again does not prepare the same page twice
    control(page, "声音 读屏").click()
    control(page, "声音 读屏").click()
    page.wait_for_timeout(300)
    assert len(requests.bodies("/api/speech/prepare")) == 1
    # another voice means other audio: the page is prepared again
    control(page, "男声").click()
    eventually(page, lambda: len(requests.bodies("/api/speech/prepare")), 2)
    assert requests.bodies("/api/speech/prepare")[1]["voice"] == "male"
    # 指读 sends exactly a prepared block, so its sentences' addresses are the prepared ones
    control(page, "指读").click()
    page.hover("#p1")
    eventually(page, lambda: len(requests.bodies("/api/speech/plan")), 1, timeout=10)
    assert requests.bodies("/api/speech/plan")[0]["text"] in body["texts"]
    # the next page of the site, with 声音 still on, is prepared too
    page.reload()
    eventually(page, lambda: len(requests.bodies("/api/speech/prepare")), 3, timeout=10)
    assert requests.bodies("/api/speech/prepare")[2]["texts"] == requests.bodies("/api/speech/prepare")[1]["texts"]  # fmt: skip


def test_two_presses_of_slower_read_at_0_8(fixture_page) -> None:  # type: ignore[no-untyped-def]
    """Elderly listeners often want about 0.8×: the steps below 1× are 0.1 apart."""
    page, requests = fixture_page
    open_toolbar(page)
    control(page, "指读").click()
    control(page, "减慢语速").click()
    control(page, "减慢语速").click()
    eventually(page, lambda: toolbar(page).locator(".sr").text_content(), "语速 0.8×")
    page.hover("#p3")
    eventually(page, lambda: requests.rates(), ["0.8"], timeout=10)
    assert requests.bodies("/api/speech/plan")[0]["rate"] == 0.8


def test_the_speech_group_is_findable_as_du_ping(fixture_page) -> None:  # type: ignore[no-untyped-def]
    """Government toolbars call their speech mode 读屏: the group and the 声音 button answer to
    it (accessible names that start with the visible label), the help dialog lists it, and
    the volume and rate controls use their wording."""
    page, _ = fixture_page
    open_toolbar(page)
    group = toolbar(page).get_by_role("group", name="读屏", exact=True)
    sound = group.get_by_role("button", name="声音 读屏", exact=True)
    assert sound.text_content() == "声音"
    assert "读屏" in (sound.get_attribute("title") or "")
    for name in ["指读", "连读", "女声", "男声", "减慢语速", "加快语速", "增加音量", "减小音量"]:
        assert group.get_by_role("button", name=name, exact=True).count() == 1, name
    control(page, "帮助").click()
    dialog = toolbar(page).get_by_role("dialog")
    dialog.wait_for()
    row = dialog.get_by_role("row").filter(has_text="声音 读屏")
    assert "Alt+Shift+S" in row.inner_text() and "读屏：" in row.inner_text()


OVERLOADED = {
    "status": 503,
    "headers": {"Retry-After": "1", "Content-Type": "application/json"},
    "body": '{"error": {"code": "overloaded", "message": "the speech service is busy"}}',
}


def watch_live_region(page: Page) -> None:
    """Keep every message of the toolbar's live region in window.__said."""
    page.evaluate(
        """() => { window.__said = []; const live = document.querySelector('barrierfree-toolbar')
             .shadowRoot.querySelector('.sr');
           // kept on window: an observer nobody references may be garbage-collected
           window.__observer = new MutationObserver((records) => { for (const r of records)
             for (const n of r.addedNodes) if (n.textContent) window.__said.push(n.textContent); });
           window.__observer.observe(live, {childList: true, characterData: true, subtree: true}); }"""
    )


def said(page: Page) -> list[str]:
    return page.evaluate("window.__said")  # type: ignore[no-any-return]


def point_until_asked(
    page: Page, selector: str, asked: Callable[[], list[str]], expected: list[str]
) -> None:
    """Point at ``selector`` until its sentence is asked for: on a busy machine 指读's module
    may still be loading when the pointer first arrives (a visitor would move again too)."""
    for _ in range(10):
        page.mouse.move(1, 1)
        page.hover(selector)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if asked() == expected:
                return
            page.wait_for_timeout(50)
    assert asked() == expected


@pytest.mark.parametrize("busy_answers", [2, 99])
def test_a_busy_service_is_announced_and_asked_again(  # type: ignore[no-untyped-def]
    page: Page, live_server: LiveServer, console_errors, busy_answers: int
) -> None:
    """503 overloaded: the visitor hears that the service is busy, and the sentence is asked
    for again after Retry-After; when it stays busy, the browser's voice reads it."""
    console_errors.allowed.append("503")
    page.add_init_script(
        "window.__spoken = []; speechSynthesis.speak = (u) => { window.__spoken.push(u.text);"
        " setTimeout(() => u.onend && u.onend(), 50); };"
    )
    busy = {"left": busy_answers}

    def audio(route):  # type: ignore[no-untyped-def]
        if busy["left"] > 0:
            busy["left"] -= 1
            route.fulfill(**OVERLOADED)
        else:
            route.continue_()

    page.route("**/api/speech/audio/**", audio)
    requests = open_fixture(page, live_server)
    open_toolbar(page)
    watch_live_region(page)
    control(page, "指读").click()
    point_until_asked(page, "#p2", requests.sentences, ["我去银行办事。"])
    eventually(page, lambda: "语音服务繁忙，请稍候…" in said(page), True, timeout=10)
    if busy_answers == 2:
        # the element's request and the player's question were refused; the next one plays
        eventually(page, lambda: [p["ended"] for p in played(page)][-1:], [True], timeout=10)
        assert len(requests.audio("now")) == 3
        assert page.evaluate("window.__spoken") == []
    else:
        # asked again a few times (bounded), then the browser's voice reads the sentence
        eventually(page, lambda: page.evaluate("window.__spoken"), ["我去银行办事。"], timeout=20)
        # (core writes the live region a moment after announce())
        eventually(page, lambda: any(s.startswith("服务器语音不可用，改用浏览器语音：") for s in said(page)), True)  # fmt: skip
        assert said(page).count("语音服务繁忙，请稍候…") == 3


KOKORO_FIXTURE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>朗读</title>
<script type="module" src="/assist.js"></script></head><body><main data-bf-article>
<p id="k1">请带身份证。</p><p id="k2">欢迎来电咨询。</p></main></body></html>"""


@pytest.fixture
def kokoro_server(tmp_path) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    # the default install's speech engine, the Kokoro-82M voice. The test machine's two
    # cores are shared with other work: one onnxruntime thread (two threads that spin-wait
    # for each other on a crowded machine were measured 3× slower) and a longer wait for a
    # synthesis slot than the default 10 s
    settings = Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path),
            "speech_kokoro_threads": 1,
            "speech_queue_timeout": 120,
        },
        environ={},
    )
    server = LiveServer(create_app(settings)).start()
    yield server
    server.stop()


def test_pointing_plays_the_default_kokoro_voice(page: Page, kokoro_server: LiveServer) -> None:
    """End to end on the default engine: 声音 + 指读, pointing at a short paragraph plays
    Kokoro's audio of it; 男声 then reads with Kokoro's male voice."""
    # (answered once the model is loaded, which the server starts doing as it starts)
    voices = page.request.get(f"{kokoro_server.url}/api/speech/voices", timeout=120000).json()
    assert voices["engine"] == "kokoro" and voices["fallback"] is None
    assert voices["aliases"] == {"female": "zf_xiaoyi", "male": "zm_yunxia"}
    requests = open_fixture(page, kokoro_server, KOKORO_FIXTURE)
    open_toolbar(page)
    control(page, "指读").click()
    point_until_asked(page, "#k1", requests.sentences, ["请带身份证。"])
    eventually(page, lambda: [p["ended"] for p in played(page)], [True], timeout=120)
    assert requests.sentences() == ["请带身份证。"] and requests.voices() == ["zf_xiaoyi"]
    # it played real audio: the element knew its length (about a second of speech)
    assert page.evaluate("window.__audio.duration") > 0.5
    control(page, "男声").click()
    point_until_asked(page, "#k2", requests.sentences, ["请带身份证。", "欢迎来电咨询。"])
    eventually(page, lambda: [p["ended"] for p in played(page)], [True, True], timeout=120)
    assert requests.voices() == ["zf_xiaoyi", "zm_yunxia"]


# a CMS page that marks nothing: its article is in #zoom (TRS templates), after a menu
CMS_FIXTURE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>主体测试</title>
<script type="module" src="/assist.js"></script></head><body>
<div class="nav"><p id="nav">网站首页　政务公开　办事服务　互动交流</p></div>
<div class="tools"><span data-bf-fontsize>字号：</span>
<button type="button" id="speak" data-bf-speak>无障碍语音播报</button></div>
<div id="zoom"><p id="z1">本市今年新建养老服务中心十二个。</p>
<p id="z2">老年人可以就近享受助餐、助浴和日间照料服务，有关费用按照规定减免。</p></div>
</body></html>"""


def test_speak_button_fontsize_and_toolbar_agree_on_the_main_content(
    page: Page, live_server: LiveServer
) -> None:
    """The 语音播报 button, 字号 and the toolbar find the same main content (#zoom here)."""
    requests = open_fixture(page, live_server, CMS_FIXTURE)
    button = page.locator("#speak")
    start_speak_button(page, button)
    eventually(
        page, lambda: requests.sentences()[:1], ["本市今年新建养老服务中心十二个。"], timeout=10
    )
    button.click()
    eventually(page, lambda: button.text_content(), "无障碍语音播报")
    page.locator("barrierfree-fontsize").get_by_role("button", name="大", exact=True).click()
    size = "(sel) => getComputedStyle(document.querySelector(sel)).fontSize"
    eventually(page, lambda: page.evaluate(size, "#z1"), "20px")
    assert page.evaluate(size, "#nav") != "20px"
    open_toolbar(page)
    control(page, "声音 读屏").click()
    eventually(page, lambda: len(requests.bodies("/api/speech/prepare")), 1, timeout=10)
    texts = [t.strip() for t in requests.bodies("/api/speech/prepare")[0]["texts"]]
    assert texts[:2] == ["本市今年新建养老服务中心十二个。", "老年人可以就近享受助餐、助浴和日间照料服务，有关费用按照规定减免。"]  # fmt: skip


ICON_FIXTURE = FIXTURE.replace(
    '<button type="button" id="speak" data-bf-speak>无障碍语音播报</button>',
    '<button type="button" id="speak" data-bf-speak><svg class="icon" viewBox="0 0 8 8" aria-hidden="true">'
    '<circle cx="4" cy="4" r="3"/></svg><span class="label">无障碍语音播报</span></button>',
)


def test_speak_button_keeps_the_sites_own_content(page: Page, live_server: LiveServer) -> None:
    """A site's own 语音播报 button says 停止播报 while it reads, then gets back exactly what
    it held: its icon and its markup, the very same nodes, press after press."""
    requests = open_fixture(page, live_server, ICON_FIXTURE)
    page.evaluate("document.querySelector('#speak svg').dataset.mark = 'site'")
    button = page.locator("#speak")
    for _ in range(2):
        start_speak_button(page, button)
        eventually(page, lambda: len(requests.sentences()) >= 1, True, timeout=10)
        button.click()
        eventually(page, lambda: button.text_content(), "无障碍语音播报")
        assert page.evaluate(
            """() => { const b = document.querySelector('#speak');
                return [b.children.length, b.firstElementChild.dataset.mark, b.lastElementChild.className]; }"""
        ) == [2, "site", "label"]
