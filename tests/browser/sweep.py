"""The real-page sweep, shared by tests/browser/test_sweep.py: every page of the development
set (benchmarks/data/reader/{zh,en}) plus the frameset fixture, served from loopback by
:class:`SiteServer` with the toolbar's tag added and every other host blocked, put through the
whole toolbar with real mouse clicks and keys.

Per page: open; 放大; each colour scheme; 大鼠标; 辅助线; 显示屏; 指读 on the first
paragraph; 轻松阅读; 视图; 拼音; 退出. Checked: no uncaught exception from our code; every control visible and hit by a click
at its centre (nothing of the page covers it); each step's effect; the DOM after 退出 (the
page's and its same-origin frames') equal to the DOM before.

Pages run a few at a time in tabs of one browser context, driven by a small cooperative
scheduler: while one page waits (for the service, for the 指读 hover delay), the others move on.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, Page

# the page's DOM as text: its own, its open shadow roots' and its same-origin frames'
SNAPSHOT = r"""() => {
  const out = [];
  const walk = (node, depth) => {
    if (node.nodeType === 1) {
      const attrs = [...node.attributes].map(a => `${a.name}=${JSON.stringify(a.value)}`).sort();
      out.push(`${depth}<${node.localName} ${attrs.join(' ')}>`);
      if (node.shadowRoot) for (const c of node.shadowRoot.childNodes) walk(c, depth + 1);
      if (/^i?frame$/.test(node.localName)) {
        let d = null;
        try { d = node.contentDocument; } catch {}
        if (d && d.documentElement) { out.push(`${depth}#frame ${d.URL} sheets=${d.adoptedStyleSheets.length}`); walk(d.documentElement, depth + 1); }
      }
      for (const c of node.childNodes) walk(c, depth + 1);
    } else if (node.nodeType === 3) {
      out.push(`${depth}${JSON.stringify(node.data)}`);
    } else if (node.nodeType === 8) {
      out.push(`${depth}<!--${node.data}-->`);
    }
  };
  walk(document.documentElement, 0);
  out.push(`sheets=${document.adoptedStyleSheets.length} scroll=${scrollX},${scrollY} mode=${document.compatMode}`);
  return out.join('\n');
}"""

# centre of a toolbar control (by label) and whether a click there lands on it
CONTROL_AT = r"""([host, label]) => {
  const h = document.querySelector(host);
  const root = h && h.shadowRoot;
  if (!root) return {error: `no ${host}`};
  const b = [...root.querySelectorAll('button')].find((x) => x.textContent.trim() === label && x.getClientRects().length);
  if (!b) return {error: `no visible button ${label}`};
  const r = b.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  let el = document.elementFromPoint(x, y);
  while (el && el.shadowRoot) {
    const inner = el.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === el) break;
    el = inner;
  }
  if (!(el === b || b.contains(el))) return {error: `${label} is covered by ${el ? el.outerHTML.slice(0, 80) : 'nothing'}`};
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

# the first paragraph with some text, scrolled into view; the point to rest the pointer on
FIRST_PARAGRAPH = r"""() => {
  const ok = (p) => p.getClientRects().length && (p.innerText || '').trim().length >= 8;
  const p = [...document.querySelectorAll('p')].find(ok) || [...document.querySelectorAll('td,li,div')].find((d) => ok(d) && !d.querySelector('div,td,li'));
  if (!p) return null;
  p.scrollIntoView({block: 'center'});
  const r = [...p.getClientRects()][0];
  const x = r.left + Math.min(20, r.width / 2), y = r.top + Math.min(8, r.height / 2);
  const hit = document.elementFromPoint(x, y);
  return {x, y, text: (p.innerText || '').trim().slice(0, 30), hit: !!hit && (hit === p || p.contains(hit))};
}"""

SCHEMES = {
    "白底黑字蓝链接": "rgb(255, 255, 255)",
    "蓝底黄字白链接": "rgb(0, 51, 122)",
    "黄底黑字蓝链接": "rgb(255, 255, 0)",
    "黑底黄字白链接": "rgb(0, 0, 0)",
}


@dataclass
class Wait:
    """What a page's step waits for: a JS predicate to turn truthy, before a deadline."""

    predicate: str
    timeout: float
    what: str
    arg: Any = None
    deadline: float = 0.0


@dataclass
class Result:
    url: str
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    pinyin: int = 0
    read: str = ""
    waits: list[tuple[str, float]] = field(default_factory=list)


class Fail(Exception):
    pass


def page_steps(tab: Page, url: str, result: Result, service: str) -> Generator[Wait, None, None]:
    def click(label: str, host: str = "barrierfree-toolbar") -> None:
        at = tab.evaluate(CONTROL_AT, [host, label])
        if "error" in at:
            raise Fail(at["error"])
        tab.mouse.click(at["x"], at["y"])

    def check(js: str, expected: Any, what: str, arg: Any = None) -> None:
        got = tab.evaluate(js, arg)
        if got != expected:
            raise Fail(f"{what}: {got!r}, expected {expected!r}")

    tab.goto(url, wait_until="commit")
    yield Wait(
        "() => document.readyState === 'complete' && !!document.querySelector('barrierfree-entry')",
        20,
        "page load",
    )
    # the pointer starts and ends at the same place: pages change their DOM on hover
    tab.mouse.move(0, 0)
    tab.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))")
    tab.evaluate(f"() => {{ window.__bfBefore = ({SNAPSHOT})(); }}")
    has_han = bool(tab.evaluate(r"() => /[\u4e00-\u9fff]/.test(document.body ? document.body.innerText : '')"))

    click("无障碍", "barrierfree-entry")
    yield Wait("() => !!document.querySelector('barrierfree-toolbar')?.shadowRoot?.querySelector('button')", 10, "toolbar")
    bad = tab.evaluate(ALL_CONTROLS_OK)
    if bad:
        raise Fail(f"controls not visible or covered: {bad}")

    click("放大")
    yield Wait("() => getComputedStyle(document.body).zoom === '1.25' || !document.querySelector('body')", 5, "zoom")
    for label, bg in SCHEMES.items():
        click("配色")
        click(label)
        yield Wait(
            "(bg) => !document.body || document.body.localName !== 'body' || getComputedStyle(document.body).backgroundColor === bg",
            5,
            f"scheme {label}",
            bg,
        )
    click("大鼠标")
    yield Wait("() => getComputedStyle(document.documentElement).cursor.startsWith('url(')", 5, "big cursor")
    click("辅助线")
    click("显示屏")
    tab.mouse.move(640, 500)
    yield Wait(
        "() => !!document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.bf-cap') && "
        "!!document.querySelector('barrierfree-toolbar').shadowRoot.querySelector('.bf-guide-h')",
        5,
        "guides and 显示屏",
    )

    # 指读: the pointer rests on the first paragraph, which is read aloud (once the speech
    # module listens: its import is under way when the button shows pressed)
    click("指读")
    yield Wait(
        "() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/features/speech.js'))",
        10,
        "speech module",
    )
    tab.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)))")
    target = tab.evaluate(FIRST_PARAGRAPH)
    if target:
        tab.mouse.move(target["x"], target["y"])
        tab.mouse.move(target["x"] + 2, target["y"] + 1)
    if target and target["hit"]:
        yield Wait(
            "(svc) => performance.getEntriesByType('resource').some((e) => e.name === svc + '/api/speech/plan')",
            10,
            "指读 reading the first paragraph",
            service,
        )
        result.read = target["text"]

    click("轻松阅读")
    yield Wait(
        "() => { const r = document.querySelector('bf-reading-view')?.shadowRoot;"
        " return !!r && !!r.querySelector('article, .page > .status:not([role=status])'); }",
        30,
        "轻松阅读 showing the article",
    )
    click("退出", "bf-reading-view")
    yield Wait("() => !document.querySelector('bf-reading-view')", 5, "轻松阅读 closed")
    click("视图")
    yield Wait("() => !!document.querySelector('bf-reading-view')?.shadowRoot?.querySelector('.text, .status')", 10, "视图")
    tab.keyboard.press("Escape")
    yield Wait("() => !document.querySelector('bf-reading-view')", 5, "视图 closed")

    # 拼音 last: thousands of rubies make every later step slower
    tab.evaluate(
        "() => { window.__bfPinyin = false; document.addEventListener('barrierfree:pinyin', "
        "(e) => { if (e.detail.done) window.__bfPinyin = true; }); }"
    )
    click("拼音")
    yield Wait("() => window.__bfPinyin === true", 60, "拼音 complete")
    result.pinyin = int(tab.evaluate("() => document.querySelectorAll('ruby.bf-py').length"))
    if has_han and not result.pinyin:
        raise Fail("拼音 annotated nothing on a Chinese page")

    # 退出 by its shortcut with the pointer back where it started (the toolbar is there now):
    # once the toolbar goes, the page under the pointer is hovered just as before, so the
    # page's own hover effects (menus that rewrite their style) do not count against us
    bad = tab.evaluate(ALL_CONTROLS_OK)
    if bad:
        raise Fail(f"controls not visible or covered at the end: {bad}")
    tab.mouse.move(0, 0)
    tab.keyboard.press("Alt+Shift+Q")
    yield Wait("() => !document.querySelector('barrierfree-toolbar')", 10, "退出")
    tab.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))")
    diff = tab.evaluate(
        f"""() => {{
          const after = ({SNAPSHOT})();
          if (after === window.__bfBefore) return null;
          const a = window.__bfBefore.split('\\n'), b = after.split('\\n');
          let i = 0;
          while (i < a.length && a[i] === b[i]) i++;
          const x = a[i] || '', y = b[i] || '';
          let k = 0;
          while (k < x.length && x[k] === y[k]) k++;
          const from = Math.max(0, k - 40);
          return `line ${{i}} ${{JSON.stringify(x.slice(0, 30))}}…: before …${{JSON.stringify(x.slice(from, k + 80))}} after …${{JSON.stringify(y.slice(from, k + 80))}}`;
        }}"""
    )
    if diff:
        raise Fail(f"DOM after 退出 differs: {diff}")


def sweep(
    browser: Browser,
    urls: list[str],
    service: str,
    tabs: int = 3,
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Run every page through the toolbar, `tabs` pages at a time. Each tab has a context
    of its own: the toolbar's settings live in the site's localStorage, which tabs of one
    context would share."""
    results: list[Result] = []
    queue = deque(urls)
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN") for _ in range(tabs)]
    for context in contexts:
        # every host but loopback is blocked: the pages' own scripts, images and ads fail fast
        context.route(re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])"), lambda route: route.abort())
    for context in contexts:
        # each page starts with the toolbar's settings at their defaults
        context.add_init_script("if (window === window.top) try { localStorage.clear(); } catch {}")
    pool = [context.new_page() for context in contexts]
    running: dict[int, tuple[Result, Generator[Wait, None, None], Wait | None, float]] = {}
    ours = re.escape(service)

    def on_error(i: int) -> Callable[[Any], None]:
        def record(err: Any) -> None:
            stack = getattr(err, "stack", "") or ""
            if i in running and re.search(ours, f"{stack}"):
                running[i][0].failures.append(f"uncaught exception from our code: {err}")

        return record

    for i, tab in enumerate(pool):
        tab.on("pageerror", on_error(i))

    def advance(i: int) -> None:
        result, gen, last, started = running[i]
        t0 = time.monotonic()
        try:
            wait = next(gen)
            result.waits.append((f"after {last.what if last else 'start'} (sync)", round(time.monotonic() - t0, 2)))
            wait.deadline = time.monotonic() + wait.timeout
            running[i] = (result, gen, wait, started)
        except StopIteration:
            finish(i)
        except Exception as err:  # a failed step ends this page, not the sweep
            result.failures.append(str(err).splitlines()[0][:300])
            finish(i)

    def finish(i: int) -> None:
        result, _, _, started = running.pop(i)
        result.seconds = time.monotonic() - started
        results.append(result)
        if progress:
            progress(result)

    while queue or running:
        for i in range(tabs):
            if i not in running and queue:
                url = queue.popleft()
                result = Result(url)
                running[i] = (result, page_steps(pool[i], url, result, service), None, time.monotonic())
                advance(i)
        moved = False
        for i in list(running):
            result, gen, wait, _ = running[i]
            if wait is None:
                continue
            try:
                ready = pool[i].evaluate(wait.predicate, wait.arg)
            except Exception as err:
                ready = False
                if "Execution context was destroyed" not in str(err):
                    result.failures.append(f"{wait.what}: {str(err).splitlines()[0][:200]}")
                    finish(i)
                    continue
            if ready:
                moved = True
                result.waits.append((wait.what, round(wait.timeout - (wait.deadline - time.monotonic()), 2)))
                advance(i)
            elif time.monotonic() > wait.deadline:
                result.failures.append(f"timed out waiting for {wait.what}")
                gen.close()
                finish(i)
        if not moved:
            time.sleep(0.01)
    for context in contexts:
        context.close()
    return results
