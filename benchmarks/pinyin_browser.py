"""拼音 end to end in chromium: annotating a 10,000-character page.

    .venv/bin/python benchmarks/pinyin_browser.py [--runs 3] [--paragraphs 90] [--distinct]
        [--memo-chars N]

Starts the real app on 127.0.0.1 (uvicorn), serves a page of ~10,000 Chinese characters in
short paragraphs carrying only the `<script type="module" src="/assist.js">` tag, opens the
toolbar in Debian's chromium (Playwright) and times, inside the page, from the click on 拼音
to the `barrierfree:pinyin` "done" event — every character has its ruby.  The first ruby's
time (the part in view) is reported too, and the number of /api/pinyin requests.  Each run is
a new visitor (a new browser context) of the same server: ``/api/pinyin`` remembers the
readings of recent texts (setting ``pinyin_memo_chars``; ``--memo-chars 0`` turns it off), so
the first run reads the page and the next ones are answered from memory.  The page repeats
one paragraph; ``--distinct`` numbers the paragraphs so that no two texts are the same.

In the same run, the server-side share is compared with the peer engines: the page's text
nodes annotated in-process by barrierfree's engine, by pypinyin (default) and by g2pM, in
characters per second of CPU time.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import uvicorn  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from barrierfree.settings import Settings  # noqa: E402
from barrierfree.web.app import create_app  # noqa: E402
from pinyin_cpp import barrierfree_tool, g2pm_tool, pypinyin_tool  # noqa: E402

PARA = "银行行长说，重要的是为人民服务。老人重新学会了上网，孩子长大了。"
CHROMIUM = "/usr/bin/chromium"


def paragraphs_of(count: int, distinct: bool) -> list[str]:
    return [(f"第{i + 1}段：" if distinct else "") + PARA * 4 for i in range(count)]


def page_html(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>长页面</title>"
        "<script type='module' src='/assist.js'></script></head>"
        f"<body><main>{body}</main></body></html>"
    )


def start_server(memo_chars: int) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings({"cache_backend": "memory", "pinyin_memo_chars": memo_chars}, environ={})
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


ARM = """() => { window.__bf = {};
  window.__bfDone = new Promise((resolve) => document.addEventListener('barrierfree:pinyin', (e) => {
    if (e.detail.done) resolve({t: performance.now(), chars: e.detail.annotated});
  }, {once: true}));
  new MutationObserver((_, mo) => { if (document.querySelector('ruby')) {
    window.__bf.first = performance.now(); mo.disconnect(); } })
    .observe(document.body, {childList: true, subtree: true});
}"""


def browser_runs(base: str, html: str, runs: int) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    out = []
    url = f"{base}/bench/long.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            page = context.new_page()
            page.route(url, lambda r: r.fulfill(content_type="text/html; charset=utf-8", body=html))
            requests: list[str] = []
            waits: list[float] = []  # request sent → response's last byte, per /api/pinyin
            page.on(
                "request",
                lambda r, sink=requests: (
                    sink.append(r.url) if r.url.endswith("/api/pinyin") else None
                ),
            )
            page.on(
                "requestfinished",
                lambda r, sink=waits: (
                    sink.append(r.timing["responseEnd"] - r.timing["requestStart"])
                    if r.url.endswith("/api/pinyin")
                    else None
                ),
            )
            page.goto(url)
            page.locator("barrierfree-entry").get_by_role(
                "button", name="无障碍", exact=True
            ).click()
            button = page.locator("barrierfree-toolbar").get_by_role(
                "button", name="拼音", exact=True
            )
            button.wait_for(state="visible")
            page.evaluate(ARM)
            t0 = float(page.evaluate("performance.now()"))
            button.click()
            done = page.evaluate("() => window.__bfDone")
            first = float(page.evaluate("() => window.__bf.first"))
            out.append(
                {
                    "total_ms": done["t"] - t0,
                    "first_ms": first - t0,
                    "chars": done["chars"],
                    "requests": len(requests),
                    "api_ms": sum(waits),
                }
            )
            context.close()
        browser.close()
    return out


def server_side(texts: list[str]) -> list[tuple[str, float]]:
    rows = []
    for name, make in (
        ("barrierfree", barrierfree_tool),
        ("pypinyin", pypinyin_tool),
        ("g2pM", g2pm_tool),
    ):
        tool = make()
        tool(texts[0])
        c0 = time.process_time()
        for t in texts:
            tool(t)
        cpu = time.process_time() - c0
        rows.append((name, sum(len(t) for t in texts) / cpu))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paragraphs", type=int, default=90)
    parser.add_argument("--distinct", action="store_true", help="no two paragraphs the same")
    parser.add_argument(
        "--memo-chars", type=int, default=500000, help="the server's pinyin_memo_chars (0: off)"
    )
    args = parser.parse_args()
    texts = paragraphs_of(args.paragraphs, args.distinct)
    html = page_html(texts)
    server, base = start_server(args.memo_chars)
    try:
        runs = browser_runs(base, html, args.runs)
    finally:
        server.should_exit = True
    chars = runs[0]["chars"]
    total = statistics.median(r["total_ms"] for r in runs)
    first = statistics.median(r["first_ms"] for r in runs)
    print(
        f"page: {chars:,.0f} Chinese characters in {args.paragraphs} paragraphs; {args.runs} runs, median"
    )
    print(f"拼音 click → first ruby (part in view): {first:,.0f} ms")
    print(
        f"拼音 click → every character annotated: {total:,.0f} ms ({chars / total * 1000:,.0f} chars/s end to end)"
    )
    print(f"/api/pinyin requests: {runs[0]['requests']}")
    print(
        "each run (a new visitor), click → all annotated: "
        + ", ".join(f"{r['total_ms']:,.0f} ms" for r in runs)
        + f"; memo {args.memo_chars:,} chars"
    )
    print(
        "each run, /api/pinyin requests' time, sent → last byte, summed: "
        + ", ".join(f"{r['api_ms']:,.0f} ms" for r in runs)
    )
    print("\nserver side, same text, CPU time of one process:")
    rates = server_side(texts)
    ours = rates[0][1]
    for name, rate in rates:
        print(f"  {name:12} {rate:10,.0f} chars/s   (barrierfree {ours / rate:.2f}×)")


if __name__ == "__main__":
    main()
