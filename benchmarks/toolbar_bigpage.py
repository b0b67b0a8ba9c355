"""Speed on big pages: the colour scheme and 拼音 on the largest development pages.

    .venv/bin/python benchmarks/toolbar_bigpage.py [--runs 3]

Starts the real app on 127.0.0.1 (uvicorn) and serves, from the same origin, the largest pages
of the development set (benchmarks/data/reader) byte for byte with the toolbar's tag added,
plus the synthetic 10,080-character page of benchmarks/pinyin_browser.py; every other host is
blocked, and so is everything else a page asks of the loopback origin (its frames, scripts
and images are not found). In Debian's chromium (Playwright), with real clicks, it measures inside the page:

- **配色**: from the click on 黑底黄字白链接 (the event's timestamp) to the frame after the
  page's computed colours changed;
- **拼音**: from the click on 拼音 to the `barrierfree:pinyin` "done" event (every Chinese
  character in its ruby);
- the longest main-thread task from the click until 300 ms after the end (Long Tasks API,
  which reports tasks of 50 ms and more, so "< 50" means none), and the longest animation
  frame (Long Animation Frames API: the task plus the style, layout and paint it caused);
- for 拼音, then the longest animation frame while the page is scrolled to its end a screen
  every 100 ms (at most 40 screens): readings far from view are drawn as they come near, so
  that work is measured too;
- then, back at the top and 3 s later, 连读's text map over the whole page with 拼音 on
  (`collectText` of speech/textmap.js over <body>, and the range of the page's last sentence,
  as 声音 highlights it): the time to both, and the longest task from the call until 300 ms
  after.

The service reads one short text before the first page, so that loading the pinyin engine is
not counted in the first page's time; later runs of a page are answered from the service's
memory of recent readings (`pinyin_memo_chars`), as a page's next visitors are.

Peers, in the same run, on the same pages and clicks:
- 配色 delivered as an inline `<style>` element (how the toolbar did it before it adopted
  constructed stylesheets; the same CSS text);
- 拼音 done in the browser by pinyin-pro (npm, installed into benchmarks/.peers by this script
  on first use), walking the page's text nodes and writing one ruby per character in one go,
  the way client-side toolbars do it.
Aim (issue 13): scheme applied within one 50 ms task; 拼音 on a 10,000-character page within
300 ms with no task over 50 ms.
"""

from __future__ import annotations

import argparse
import gzip
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import uvicorn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from tests.browser.fixtures.site import DEV, with_tag  # noqa: E402

from barrierfree.settings import Settings  # noqa: E402
from barrierfree.web.app import create_app  # noqa: E402
from pinyin_browser import page_html, paragraphs_of  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PEERS = ROOT / "benchmarks" / ".peers"
PINYIN_PRO = "pinyin-pro@3.29.4"
HAN = re.compile(r"[\u4e00-\u9fff]")

ARM = """() => {
  window.__bench = {click: null, long: [], frames: []};
  document.addEventListener('pointerdown', (e) => { window.__bench.click = e.timeStamp; }, {capture: true, once: true});
  const po = new PerformanceObserver((list) => { for (const e of list.getEntries()) {
    (e.entryType === 'longtask' ? window.__bench.long : window.__bench.frames).push([e.startTime, e.duration]); } });
  po.observe({type: 'longtask'});
  try { po.observe({type: 'long-animation-frame'}); } catch {}
}"""

SCHEME_APPLIED = """async () => {
  const p = document.querySelector('p') || document.body;
  while (getComputedStyle(p).color !== 'rgb(255, 255, 0)') await new Promise((r) => requestAnimationFrame(r));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now();
}"""

SCROLL = """async () => {
  const start = performance.now();
  const step = innerHeight;
  for (let i = 0; i < 40 && scrollY + innerHeight < document.documentElement.scrollHeight - 1; i++) {
    scrollBy(0, step);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300));
  return Math.max(0, ...window.__bench.frames.filter(([t, d]) => t + d >= start).map(([, d]) => d));
}"""

TEXT_MAP = """async () => {
  scrollTo(0, 0);
  // (the readings coming near are drawn meanwhile, a few a frame: their layout is not the map's)
  await new Promise((r) => setTimeout(r, 3000));
  const url = performance.getEntriesByType('resource').map((e) => e.name)
    .find((u) => u.includes('/toolbar/features/pinyin.js')).replace('features/pinyin.js', 'speech/textmap.js');
  const { collectText, rangeOf } = await import(url);
  const long = [];
  const po = new PerformanceObserver((list) => { for (const e of list.getEntries()) long.push([e.startTime, e.duration]); });
  po.observe({type: 'longtask'});
  const start = performance.now();
  const { text, pieces } = collectText([document.body]);
  const end = text.trimEnd().length;
  rangeOf(pieces, Math.max(0, end - 20), end);
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 300));
  po.disconnect();
  return {map_ms: ms, map_task: Math.max(0, ...long.filter(([t, d]) => t + d >= start).map(([, d]) => d))};
}"""

COLLECT = """async (end) => {
  await new Promise((r) => setTimeout(r, 300));
  const b = window.__bench;
  const during = (list) => list.filter(([t, d]) => t + d >= b.click && t <= end + 300).map(([, d]) => d);
  return {ms: end - b.click, task: Math.max(0, ...during(b.long)), frame: Math.max(0, ...during(b.frames))};
}"""

# the peer: pinyin-pro in the page, every Chinese text node to rubies in one task
PEER_PINYIN = """() => new Promise((resolve) => {
  const han = /[\\u4e00-\\u9fff]/;
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'RUBY', 'RT', 'TITLE']);
  const button = document.createElement('button');
  button.textContent = 'peer 拼音';
  button.style.cssText = 'position:fixed;top:4px;left:4px;z-index:2147483647';
  button.addEventListener('click', () => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (han.test(n.data) && !skip.has(n.parentNode.nodeName)) nodes.push(n);
    }
    for (const n of nodes) {
      const chars = Array.from(n.data);
      const readings = pinyinPro.pinyin(n.data, {type: 'array'});
      const frag = document.createDocumentFragment();
      let j = 0;
      for (const ch of chars) {
        if (han.test(ch)) {
          const ruby = document.createElement('ruby');
          const rt = document.createElement('rt');
          rt.textContent = readings[j] || '';
          ruby.append(ch, rt);
          frag.append(ruby);
        } else frag.append(ch);
        j += 1;
      }
      n.replaceWith(frag);
    }
    requestAnimationFrame(() => setTimeout(() => { window.__peerDone = performance.now(); }, 0));
  });
  document.documentElement.append(button);
  resolve();
})"""

PEER_STYLE = """(css) => {
  const button = document.createElement('button');
  button.textContent = 'peer 配色';
  button.style.cssText = 'position:fixed;top:4px;left:4px;z-index:2147483647';
  button.addEventListener('click', () => {
    const s = document.createElement('style');
    s.textContent = css;
    document.head.append(s);
  });
  document.documentElement.append(button);
}"""


def start_server() -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings({"cache_backend": "memory"}, environ={})
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("uvicorn did not start")
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def pinyin_pro_js() -> bytes:
    dist = PEERS / "node_modules" / "pinyin-pro" / "dist" / "index.js"
    if not dist.exists():
        PEERS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(PEERS),
                PINYIN_PRO,
            ],
            check=True,
        )
    return dist.read_bytes()


def load(name: str) -> bytes:
    lang, file = name.split("/", 1)
    raw = (DEV / lang / "html" / file).read_bytes()
    return gzip.decompress(raw) if file.endswith(".gz") else raw


def pick_pages() -> tuple[list[str], list[str]]:
    """(largest pages by bytes for the scheme, pages with the most Chinese characters for 拼音)."""
    from barrierfree.charset import decode_html

    sizes, han = [], []
    for lang in ("zh", "en"):
        for f in (DEV / lang / "html").iterdir():
            name = f"{lang}/{f.name}"
            raw = load(name)
            sizes.append((len(raw), name))
            if lang == "zh":
                text, _ = decode_html(raw)
                body = re.sub(r"(?is)<(script|style)\b.*?</\1>|<[^>]+>", "", text)
                han.append((len(HAN.findall(body)), name))
    return [n for _, n in sorted(sizes, reverse=True)[:3]], [
        n for _, n in sorted(han, reverse=True)[:3]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "src"))
    scheme_pages, pinyin_pages = pick_pages()
    peer_js = pinyin_pro_js()
    server, base = start_server()
    import httpx

    httpx.post(f"{base}/api/pinyin", json={"segments": ["预热：读一句话。"]}, timeout=60)
    tag = b'<script type="module" src="/assist.js"></script>'
    bodies = {n: with_tag(load(n), tag) for n in set(scheme_pages + pinyin_pages)}
    bodies["synthetic/10080.html"] = page_html(paragraphs_of(90, False)).encode()
    pinyin_pages.append("synthetic/10080.html")
    rows: dict[tuple[str, str, str], list[dict[str, float]]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )

            def new_page(name: str):  # type: ignore[no-untyped-def]
                context = browser.new_context(
                    viewport={"width": 1280, "height": 900}, locale="zh-CN"
                )
                # other hosts blocked; a page redirecting itself (other host, https) stays
                context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda r: r.fulfill(
                    status=204, body="") if r.request.is_navigation_request() else r.abort())  # fmt: skip
                from barrierfree.charset import sniff_encoding

                body = bodies[name]
                charset = sniff_encoding(body)
                # the page itself only: its frames, scripts and images under /bench/ are not
                # found (served the page, a page with an <iframe src="x.asp"> would load itself
                # in its frame, and that frame again: c38e2b2d did, three copies of its text)
                page_url = f"{base}/bench/{name}"
                context.route(f"{base}/bench/**", lambda r: r.fulfill(
                    status=200, content_type=f"text/html; charset={charset}", body=body)
                    if r.request.url == page_url else r.fulfill(status=404, body=""))  # fmt: skip
                context.route(f"{base}/peer/pinyin-pro.js", lambda r: r.fulfill(
                    status=200, content_type="text/javascript", body=peer_js))  # fmt: skip
                page = context.new_page()
                page.goto(f"{base}/bench/{name}", wait_until="load")
                page.locator("barrierfree-entry").get_by_role("button").wait_for(state="visible")
                return context, page

            def toolbar_button(page, selector: str):  # type: ignore[no-untyped-def]
                # by data-control / data-value: the largest pages are English (English labels)
                return page.locator(f"barrierfree-toolbar {selector}")

            for _ in range(args.runs):
                for name in scheme_pages:
                    context, page = new_page(name)
                    page.locator("barrierfree-entry").get_by_role("button").click()
                    toolbar_button(page, "[data-control=scheme]").click()
                    page.wait_for_timeout(300)
                    page.evaluate(ARM)
                    toolbar_button(page, "#bf-menu-scheme [data-value=black]").click()
                    end = page.evaluate(SCHEME_APPLIED)
                    rows.setdefault(("配色", name, "barrierfree (adopted sheet)"), []).append(
                        page.evaluate(COLLECT, end)
                    )
                    context.close()
                    # peer: the same CSS as an inline <style> element
                    context, page = new_page(name)
                    page.evaluate("() => new Promise((r) => setTimeout(r, 300))")
                    css = page.evaluate(
                        """async () => { const s = [...document.querySelectorAll('script')].find((x) => /assist\\.js/.test(x.src));
                           const r = await fetch(s.src); const t = await r.text();
                           // minified, the version is the ETag (the constant's name is gone)
                           const v = (r.headers.get('etag') || '').replaceAll('"', '') || t.match(/const VERSION = "([^"]+)"/)[1];
                           return (await import(new URL(`/static/${v}/toolbar/features/colors.js`, s.src).href)).schemeCss('black'); }"""
                    )
                    page.evaluate(PEER_STYLE, css)
                    page.wait_for_timeout(300)
                    page.evaluate(ARM)
                    page.get_by_role("button", name="peer 配色").click()
                    end = page.evaluate(SCHEME_APPLIED)
                    rows.setdefault(("配色", name, "inline <style> (peer)"), []).append(
                        page.evaluate(COLLECT, end)
                    )
                    context.close()
                for name in pinyin_pages:
                    context, page = new_page(name)
                    page.locator("barrierfree-entry").get_by_role("button").click()
                    button = toolbar_button(page, "[data-control=pinyin]")
                    button.wait_for(state="visible")
                    page.wait_for_timeout(300)
                    page.evaluate(ARM)
                    page.evaluate(
                        "() => { window.__done = new Promise((r) => document.addEventListener('barrierfree:pinyin', "
                        "(e) => { if (e.detail.done) r([performance.now(), e.detail.annotated]); })); }"
                    )
                    button.click()
                    end, chars = page.evaluate("() => window.__done")
                    row = page.evaluate(COLLECT, end)
                    row["chars"] = chars
                    row["scroll"] = page.evaluate(SCROLL)
                    row.update(page.evaluate(TEXT_MAP))
                    rows.setdefault(("拼音", name, "barrierfree (service, sliced)"), []).append(row)
                    context.close()
                    # peer: pinyin-pro in the browser
                    context, page = new_page(name)
                    page.add_script_tag(url=f"{base}/peer/pinyin-pro.js")
                    page.evaluate(PEER_PINYIN)
                    page.wait_for_timeout(300)
                    page.evaluate(ARM)
                    page.get_by_role("button", name="peer 拼音").click()
                    page.wait_for_function("window.__peerDone")
                    end = page.evaluate("window.__peerDone")
                    row = page.evaluate(COLLECT, end)
                    row["scroll"] = page.evaluate(SCROLL)
                    rows.setdefault(
                        ("拼音", name, "pinyin-pro 3.29 in the page (peer)"), []
                    ).append(row)
                    context.close()
            browser.close()
    finally:
        server.should_exit = True

    import barrierfree

    print(f"toolbar from {Path(barrierfree.__file__).parent}")
    print(f"{args.runs} runs, median; task/frame: longest main-thread task / animation frame (ms)")
    print(
        f"{'step':4} {'page':44} {'tool':36} {'click→done':>10} {'task':>6} {'frame':>6} {'scroll':>6}"
        "  连读 map ms/task"
    )
    by_page: dict[tuple[str, str], dict[str, float]] = {}
    for (step, name, tool), runs in rows.items():
        ms = statistics.median(r["ms"] for r in runs)
        task = statistics.median(r["task"] for r in runs)
        frame = statistics.median(r["frame"] for r in runs)
        by_page.setdefault((step, name), {})[tool] = ms
        chars = f" ({runs[0]['chars']:,.0f} chars)" if "chars" in runs[0] else ""
        task_s = "<50" if task == 0 else f"{task:.0f}"
        frame_s = "<50" if frame == 0 else f"{frame:.0f}"
        scroll = statistics.median(r["scroll"] for r in runs) if "scroll" in runs[0] else None
        scroll_s = "" if scroll is None else ("<50" if scroll == 0 else f"{scroll:.0f}")
        text_map = ""
        if "map_ms" in runs[0]:
            map_task = statistics.median(r["map_task"] for r in runs)
            text_map = f"  {statistics.median(r['map_ms'] for r in runs):.0f}/"
            text_map += "<50" if map_task == 0 else f"{map_task:.0f}"
        print(
            f"{step:4} {name[:44]:44} {tool[:36]:36} {ms:8.0f}ms {task_s:>6} {frame_s:>6}"
            f" {scroll_s:>6}{text_map}{chars}"
        )
    print("\nratios (peer time / barrierfree time):")
    for (step, name), tools in by_page.items():
        ours = next(v for k, v in tools.items() if k.startswith("barrierfree"))
        for tool, ms in tools.items():
            if not tool.startswith("barrierfree"):
                print(f"  {step} {name[:44]}: {tool} {ms / ours:.2f}×")


if __name__ == "__main__":
    main()
