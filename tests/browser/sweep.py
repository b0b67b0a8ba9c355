"""The real-page sweep, shared by tests/browser/test_sweep.py: every page of the development
set (benchmarks/data/reader/{zh,en}) plus the frameset fixture, served from loopback by
:class:`SiteServer` with the toolbar's tag added and every other host blocked, put through the
whole toolbar with real mouse clicks and keys.

Per page: open; 放大; each colour scheme; 大鼠标; 辅助线; 显示屏; 指读 on the first
paragraph; 轻松阅读; 视图; 拼音; 退出. Checked: no uncaught exception from our code; every control visible and hit by a click
at its centre (nothing of the page covers it); each step's effect; the DOM after 退出 (the
page's and its same-origin frames') equal to the DOM before with exactly the changes the page's
own scripts made during the run (told from the toolbar's by their call stacks: ledger.py).

Pages run a few at a time, each tab in a browser context of its own, with Playwright's async
API: while one page waits (for the service, for the 指读 hover delay), the others move on.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .ledger import COMPARE, MARK
from .ledger import init_script as ledger_script

if TYPE_CHECKING:
    from playwright.async_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # one renderer process for a page and its frames: the sweep's pages come from loopback
    # and every other host is blocked, so site isolation only adds processes (about a tenth
    # of the sweep's CPU time, measured with a cgroup's cpuacct over 41 pages); what a page
    # and its frames may see of each other stays the same-origin policy's
    "--disable-site-isolation-trials",
    "--disable-features=IsolateOrigins,site-per-process",
]
# every host but loopback (and https: our servers speak http) is blocked: requests fail, and
# a page that sends itself elsewhere (a script redirect to its home host or to https) gets
# "204 No Content", so it stays where it is
BLOCKED = re.compile(r"^(?!http://(127\.0\.0\.1|localhost)[:/])")


async def block(route: Any) -> None:
    if route.request.is_navigation_request():
        await route.fulfill(status=204, body="")
    else:
        await route.abort()


# centre of a control (a selector in a host's shadow root: labels depend on the page's
# language) and whether a click there lands on it
CONTROL_AT = r"""([host, selector]) => {
  const h = document.querySelector(host);
  const root = h && h.shadowRoot;
  if (!root) return {error: `no ${host}`};
  const b = [...root.querySelectorAll(selector)].find((x) => x.getClientRects().length);
  if (!b) return {error: `no visible ${selector} in ${host}`};
  const r = b.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  let el = document.elementFromPoint(x, y);
  while (el && el.shadowRoot) {
    const inner = el.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === el) break;
    el = inner;
  }
  if (!(el === b || b.contains(el))) return {error: `${selector} is covered by ${el ? el.outerHTML.slice(0, 80) : 'nothing'}`};
  return {x, y};
}"""

# every control of the open toolbar: visible, of a usable size, and hit by a click at its centre
ALL_CONTROLS_OK = r"""() => {
  const root = document.querySelector('barrierfree-toolbar').shadowRoot;
  const bad = [];
  for (const b of root.querySelectorAll('.bar button[data-control]')) {
    const r = b.getBoundingClientRect();
    const s = getComputedStyle(b);
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    let el = document.elementFromPoint(x, y);
    while (el && el.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    if (r.width < 20 || r.height < 20 || s.visibility !== 'visible' || s.display === 'none' || !(el === b || b.contains(el))) {
      bad.push(b.textContent);
    }
  }
  return bad;
}"""

# the first paragraph with some text that is in view (scrolling would set off the pages' own
# lazy loaders and sticky headers, which change their DOM); the point to rest the pointer on
FIRST_PARAGRAPH = r"""() => {
  const inView = (p) => { const r = p.getBoundingClientRect();
    return r.width > 40 && r.height > 8 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; };
  const ok = (p) => inView(p) && (p.innerText || '').trim().length >= 8;
  // the point on a paragraph's first character, and whether the pointer there is on that
  // text (not on a logo or a banner the page lays over it)
  const point = (p) => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let t = walker.nextNode();
    while (t && !t.data.trim()) t = walker.nextNode();
    let r = [...p.getClientRects()][0];
    if (t) {
      const range = document.createRange();
      const i = t.data.search(/\S/);
      range.setStart(t, i);
      range.setEnd(t, i + 1);
      r = range.getClientRects()[0] || r;
    }
    if (!r) return null;
    const x = r.left + Math.min(r.width / 2, 20), y = r.top + Math.min(r.height / 2, 8);
    const hit = document.elementFromPoint(x, y);
    return {x, y, text: (p.innerText || '').trim().slice(0, 30), hit: !!hit && !!t && hit.contains(t)};
  };
  const candidates = [...document.querySelectorAll('p')].filter(ok).concat(
    [...document.querySelectorAll('td,li,div')].filter((d) => ok(d) && !d.querySelector('div,td,li,p')));
  let first = null;
  for (const p of candidates.slice(0, 50)) {
    const at = point(p);
    if (at && at.hit) return at;
    first = first || at;
  }
  return first;
}"""

# parsed: "entry" (the toolbar's entry button is there), "gone" (no entry once the page has
# loaded: the toolbar's tag, a module script, runs before DOMContentLoaded and adds the entry
# at once, so the page took it away), else false (still loading)
PARSED = r"""() => document.readyState === 'loading' ? false
  : document.querySelector('barrierfree-entry') ? 'entry'
  : document.readyState === 'complete' ? 'gone' : false"""

SCHEMES = {
    "white": "rgb(255, 255, 255)",
    "blue": "rgb(0, 51, 122)",
    "yellow": "rgb(255, 255, 0)",
    "black": "rgb(0, 0, 0)",
}


class Fail(Exception):
    pass


@dataclass
class Result:
    url: str
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    pinyin: int = 0
    read: str = ""
    waits: list[tuple[str, float]] = field(default_factory=list)
    target: dict[str, Any] | None = None
    # why the page could not be put through the toolbar at all (not a failure of ours)
    skipped: str = ""
    # the ledger (ledger.py): DOM changes during the run by "page", "toolbar", "unknown";
    # entry points the page replaced
    changes: dict[str, int] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)


async def wait(
    tab: Page, result: Result, predicate: str, timeout: float, what: str, arg: Any = None
) -> Any:
    """Poll `predicate` in the page (a plain evaluate each time: works under any page CSP);
    what it returned once truthy."""
    started = time.monotonic()
    while True:
        try:
            value = await tab.evaluate(predicate, arg)
            if value:
                result.waits.append((what, round(time.monotonic() - started, 2)))
                return value
        except Exception as err:
            if "Execution context was destroyed" not in str(err):
                raise Fail(f"{what}: {str(err).splitlines()[0][:200]}") from None
        if time.monotonic() - started > timeout:
            raise Fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def page_steps(
    tab: Page, url: str, result: Result, service: str, requests: list[str]
) -> None:
    """One page through the toolbar; `requests`: the URLs the tab requests (filled by the
    caller's listener)."""

    async def click(selector: str, host: str = "barrierfree-toolbar") -> None:
        at = await tab.evaluate(CONTROL_AT, [host, selector])
        if "error" in at:
            raise Fail(at["error"])
        await tab.mouse.click(at["x"], at["y"])

    await tab.goto(url, wait_until="commit")
    # some pages wipe themselves when not served over https from their own host
    # (document.open / documentElement.innerHTML from a redirect script): the toolbar's entry
    # goes with the rest of the page before anyone touches the toolbar ("gone", when it
    # lasts two seconds after the page's load)
    for _ in range(2):
        try:
            parsed = await wait(tab, result, PARSED, 30, "page parsed")
        except Fail:
            if await tab.evaluate("() => document.readyState") != "loading":
                result.skipped = "the page replaced its own document (the toolbar's tag with it)"
                return
            raise
        if parsed == "entry":
            break
        await asyncio.sleep(2)
        if await tab.evaluate(PARSED) == "gone":
            result.skipped = "the page replaced its own document (the toolbar's tag with it)"
            return
    else:
        raise Fail("page parsed: the toolbar's entry came and went")
    # a page whose last resource never ends stays "interactive"; that is no failure
    with contextlib.suppress(Fail):
        await wait(tab, result, "() => document.readyState === 'complete'", 5, "page load")
    # the pointer starts and ends at the same place: pages change their DOM on hover
    await tab.mouse.move(0, 0)
    await tab.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))")
    # the DOM before; from here on the ledger tells the page's own changes from ours
    result.replaced = await tab.evaluate(MARK) or []
    has_han = bool(
        await tab.evaluate(
            r"() => /[\u4e00-\u9fff]/.test(document.body ? document.body.innerText : '')"
        )
    )

    await click("button", "barrierfree-entry")
    await wait(
        tab,
        result,
        "() => !!document.querySelector('barrierfree-toolbar')?.shadowRoot?.querySelector('button')",
        30,
        "toolbar",
    )
    bad = await tab.evaluate(ALL_CONTROLS_OK)
    if bad:
        raise Fail(f"controls not visible or covered: {bad}")

    await click("[data-control=zoomin]")
    await wait(
        tab,
        result,
        "() => getComputedStyle(document.body).zoom === '1.25' || !document.querySelector('body')",
        5,
        "zoom",
    )
    # each scheme: the menu opens by a click, the next scheme is chosen by ↓ and Enter (a
    # click on the item would leave the pointer over the page when the menu closes, and pages
    # rewrite their menus on hover)
    for name, bg in SCHEMES.items():
        await click("[data-control=scheme]")
        await tab.keyboard.press("ArrowDown")
        await tab.keyboard.press("Enter")
        await wait(
            tab,
            result,
            "(bg) => !document.body || document.body.localName !== 'body' || getComputedStyle(document.body).backgroundColor === bg",
            5,
            f"scheme {name}",
            bg,
        )
    await click("[data-control=cursor]")
    await wait(
        tab,
        result,
        "() => getComputedStyle(document.documentElement).cursor.startsWith('url(')",
        5,
        "big cursor",
    )
    # the pointer only ever rests on the first paragraph in view (pages change their DOM when
    # other things are hovered: menus), for 辅助线, 显示屏 and 指读 alike
    target = await tab.evaluate(FIRST_PARAGRAPH)
    result.target = target
    await click("[data-control=guides]")
    await click("[data-control=caption]")
    if target:
        await tab.mouse.move(target["x"], target["y"])
        await tab.mouse.move(target["x"] + 1, target["y"])
    await wait(
        tab,
        result,
        "() => !!document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.bf-cap') && "
        "!!document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.bf-guide-h')",
        5,
        "guides and 显示屏",
    )
    # 显示屏 off again: its bar follows what the pointer rests on and may come to cover it
    await click("[data-control=caption]")

    # 指读: the pointer rests on the first paragraph, which is read aloud (once the speech
    # module listens: its import is under way when the button shows pressed)
    await click("[data-control=pointread]")
    await wait(
        tab,
        result,
        "() => !!document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('[data-control=speech][aria-pressed=true]')",
        10,
        "声音 on",
    )
    # the module is imported now (the page's resource timing buffer may be full: count on
    # the requests the browser reports instead)
    since = time.monotonic()
    deadline = since + 15
    while (
        not any(u.endswith("/features/speech.js") for u in requests) and time.monotonic() < deadline
    ):
        await asyncio.sleep(0.02)
    result.waits.append(("speech module", round(time.monotonic() - since, 2)))
    await tab.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)))")
    if target and target["hit"]:
        # rest on the paragraph; when the module was not listening yet, leave (onto the
        # toolbar) and come back, as a visitor would
        since = time.monotonic()
        for _ in range(4):
            await tab.mouse.move(target["x"], target["y"])
            await tab.mouse.move(target["x"] + 2, target["y"] + 1)
            deadline = time.monotonic() + 3
            while f"{service}/api/speech/plan" not in requests and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            if f"{service}/api/speech/plan" in requests:
                break
            await tab.mouse.move(1, 1)
        else:
            raise Fail("指读 did not read the first paragraph")
        result.read = target["text"]
        result.waits.append(("指读 read", round(time.monotonic() - since, 2)))

    await click("[data-control=reader]")
    await wait(
        tab,
        result,
        "() => { const r = document.querySelector('bf-reading-view')?.shadowRoot;"
        " return !!r && !!r.querySelector('article, .page > .status:not([role=status])'); }",
        30,
        "轻松阅读 showing the article",
    )
    await click("[data-role=close]", "bf-reading-view")
    await wait(
        tab, result, "() => !document.querySelector('bf-reading-view')", 5, "轻松阅读 closed"
    )
    await click("[data-control=textview]")
    await wait(
        tab,
        result,
        "() => !!document.querySelector('bf-reading-view')?.shadowRoot?.querySelector('.text, .status')",
        10,
        "视图",
    )
    await tab.keyboard.press("Escape")
    await wait(tab, result, "() => !document.querySelector('bf-reading-view')", 5, "视图 closed")

    # 拼音 last: thousands of rubies make every later step slower
    await tab.evaluate(
        "() => { window.__bfPinyin = false; document.addEventListener('barrierfree:pinyin', "
        "(e) => { if (e.detail.done) window.__bfPinyin = true; }); }"
    )
    await click("[data-control=pinyin]")
    await wait(tab, result, "() => window.__bfPinyin === true", 60, "拼音 complete")
    # rubies, and text nodes far from view kept whole in 拼音's element with their readings
    result.pinyin = int(
        await tab.evaluate("() => document.querySelectorAll('ruby.bf-py, bf-py-text').length")
    )
    if has_han and not result.pinyin:
        raise Fail("拼音 annotated nothing on a Chinese page")

    # 退出 by its shortcut with the pointer back where it started (the toolbar is there now):
    # once the toolbar goes, the page under the pointer is hovered just as before, so the
    # page's own hover effects (menus that rewrite their style) do not count against us
    bad = await tab.evaluate(ALL_CONTROLS_OK)
    if bad:
        raise Fail(f"controls not visible or covered at the end: {bad}")
    await tab.mouse.move(0, 0)
    await tab.keyboard.press("Alt+Shift+Q")
    await wait(tab, result, "() => !document.querySelector('barrierfree-toolbar')", 10, "退出")
    await tab.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))")
    # the DOM after against the DOM before with the page's own changes applied (ledger.py)
    compared = await tab.evaluate(COMPARE)
    result.changes = compared["counts"]
    diff = compared["diff"]
    if diff:
        # no control run and no allowance: what the page's own scripts changed is left out
        # already, so any other difference is the toolbar's (or made by no script we saw)
        raise Fail(
            f"DOM after 退出 differs: {diff} (changes during the run: {compared['counts']}"
            + (f"; by no script: {compared['unknown']})" if compared["unknown"] else ")")
        )


class Tab:
    """A tab of the sweep's chromium, in a browser context of its own (the toolbar's settings
    live in the site's localStorage), with the URLs it requests and the page it is on."""

    def __init__(self, context: Any, page: Any, service: str) -> None:
        self.context, self.page = context, page
        self.requests: list[str] = []
        self.current: list[Result] = []
        self.crashed = False
        ours = re.compile(re.escape(service))

        def on_error(err: Any) -> None:
            if self.current and ours.search(f"{getattr(err, 'stack', '')}"):
                self.current[0].failures.append(f"uncaught exception from our code: {err}")

        page.on("pageerror", on_error)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("crash", lambda _: setattr(self, "crashed", True))

    @classmethod
    async def open(cls, browser: Any, service: str) -> Tab:
        context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        await context.route(BLOCKED, block)
        # each page starts with the toolbar's settings at their defaults
        await context.add_init_script(
            "if (window === window.top) try { localStorage.clear(); } catch {}"
        )
        # the ledger of the page's own DOM changes, before any script of the page
        await context.add_init_script(ledger_script(service))
        return cls(context, await context.new_page(), service)


class Chromium:
    """The sweep's chromium and its tabs, kept for every :func:`sweep` given it (a test
    worker's shards, one after another): launched once, not once a shard. Playwright's async
    API runs in a thread of its own, with its own event loop (the browser tests' sync API
    holds an event loop in the main thread)."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="sweep", daemon=True)
        self.thread.start()
        self.tabs: list[Tab] = []
        self._playwright: Any = None
        self._browser: Any = None

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    async def take(self, count: int) -> list[Tab]:
        """`count` tabs (opened the first time they are asked for). A crashed tab, or a
        chromium gone, is not handed on to the next call: it starts afresh."""
        if self._browser is not None and not self._browser.is_connected():
            self.tabs = []
            with contextlib.suppress(Exception):
                await self._playwright.stop()
            self._browser = None
        for tab in [t for t in self.tabs if t.crashed]:
            self.tabs.remove(tab)
            with contextlib.suppress(Exception):
                await tab.context.close()
        if self._browser is None:
            from playwright.async_api import async_playwright

            self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        while len(self.tabs) < count:
            self.tabs.append(await Tab.open(self._browser, self.service))
        return self.tabs[:count]

    async def _close(self) -> None:
        for tab in self.tabs:
            await tab.context.close()
        self.tabs = []
        if self._browser is not None:
            await self._browser.close()
            await self._playwright.stop()
            self._browser = self._playwright = None

    def close(self) -> None:
        try:
            self.run(self._close())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join()
            self.loop.close()


async def _sweep(
    urls: list[str],
    service: str,
    tabs: int,
    progress: Callable[[Result], None] | None,
    chromium: Chromium,
) -> list[Result]:
    results: list[Result] = []
    queue = deque(urls)

    async def worker(tab: Tab) -> None:
        while queue:
            result = Result(queue.popleft())
            tab.current[:] = [result]
            started = time.monotonic()
            for attempt in (1, 2):
                tab.requests.clear()
                result.failures.clear()
                try:
                    await page_steps(tab.page, result.url, result, service, tab.requests)
                except Fail as err:
                    result.failures.append(str(err)[:400])
                except Exception as err:  # a failed step ends this page, not the sweep
                    result.failures.append(
                        f"{type(err).__name__}: {str(err).splitlines()[0][:300]}"
                    )
                # a page that navigated by itself mid-run gets one more go
                if attempt == 1 and any("context was destroyed" in f for f in result.failures):
                    continue
                break
            result.seconds = time.monotonic() - started
            tab.current[:] = []
            results.append(result)
            if progress:
                progress(result)

    taken = await chromium.take(tabs)
    await asyncio.gather(*(worker(tab) for tab in taken))
    # nothing of the last pages goes on running until the next call (or the close)
    for tab in taken:
        with contextlib.suppress(Exception):
            await tab.page.goto("about:blank")
    return results


def sweep(
    urls: list[str],
    service: str,
    tabs: int = 3,
    progress: Callable[[Result], None] | None = None,
    chromium: Chromium | None = None,
) -> list[Result]:
    """Run every page through the toolbar, `tabs` pages at a time, each tab in a browser
    context of its own, in `chromium` (kept for the next call), else in a chromium of its
    own, closed at the end."""
    own = chromium is None
    chromium = chromium or Chromium(service)
    try:
        return list(chromium.run(_sweep(urls, service, tabs, progress, chromium)))
    finally:
        if own:
            chromium.close()
