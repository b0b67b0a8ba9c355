"""Toolbar size benchmark: the bytes a visitor's browser downloads for the toolbar.

    .venv/bin/python benchmarks/toolbar_size.py [--sources] [--json]

Starts the real app on 127.0.0.1 (uvicorn), loads a host page that carries nothing but the
one ``<script type="module" src="/assist.js">`` tag in Debian's chromium through Playwright,
and records every toolbar response the browser receives:

1. **closed** — the page as a visitor first sees it: the 无障碍 entry button;
2. **visual** — after opening the toolbar and pressing every visual control once (放大, 配色,
   大鼠标, 辅助线, 帮助), so that the core, the labels and each visual feature module are loaded.

For each state it prints the bytes of the decompressed bodies ("raw"), the body bytes on the
wire as the service sent them with ``Accept-Encoding: gzip`` (the app's GZip middleware; files
under its 600-byte threshold go uncompressed), and gzip -9 of each file for reference.
The service minifies the JavaScript it serves (``toolbar_minify``); ``--sources`` measures
the files as written (the setting off), for comparison.
The closed-source toolbars on Chinese government sites weigh 150–175 KB (the figure in the
project's issue 2; they cannot be fetched here, the test network reaches 127.0.0.1 only), so
the ratios are against those two ends.
"""

from __future__ import annotations

import argparse
import gzip
import json
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, Response, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from barrierfree.settings import Settings  # noqa: E402
from barrierfree.web.app import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PEERS_KB = (150, 175)
AIMS_KB = {"closed": 5, "visual": 25}
HOST_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>host</title>
<script type="module" src="/assist.js"></script></head>
<body><main><h1>某市人民政府</h1><p>一个只装了工具条的页面，用来测量工具条本身的下载量。</p></main></body></html>"""
VISUAL_CONTROLS = ["放大", "大鼠标", "辅助线"]


@dataclass
class Download:
    url: str
    raw: int
    wire: int
    gzip9: int
    encoding: str


@dataclass
class State:
    name: str
    files: list[Download] = field(default_factory=list)

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(tmp: Path, minify: bool = True) -> tuple[uvicorn.Server, str]:
    settings = Settings(
        {"cache_backend": "memory", "cache_dir": str(tmp), "toolbar_minify": minify}, environ={}
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("uvicorn did not start")
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}"


def is_toolbar(url: str, base: str) -> bool:
    return url == f"{base}/assist.js" or (url.startswith(f"{base}/static/") and "/toolbar/" in url)


def record(page: Page, base: str, sink: list[Download]) -> None:
    def on_response(response: Response) -> None:
        if not is_toolbar(response.url, base):
            return
        body = response.body()
        sizes = response.request.sizes()
        sink.append(
            Download(
                url=response.url[len(base) :],
                raw=len(body),
                wire=int(sizes["responseBodySize"]),
                gzip9=len(gzip.compress(body, 9)),
                encoding=response.headers.get("content-encoding", "identity"),
            )
        )

    page.on("response", on_response)


def settle(page: Page, done: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")


def measure(base: str) -> list[State]:
    closed, visual = State("closed"), State("visual")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.route(
            f"{base}/host.html",
            lambda r: r.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=HOST_PAGE
            ),
        )
        sink: list[Download] = []
        record(page, base, sink)

        page.goto(f"{base}/host.html")
        page.locator("barrierfree-entry").get_by_role(
            "button", name="无障碍", exact=True
        ).wait_for()
        settle(page, lambda: len(sink) >= 1)
        closed.files = list(sink)
        sink.clear()

        toolbar = page.locator("barrierfree-toolbar")
        page.locator("barrierfree-entry").get_by_role("button", name="无障碍", exact=True).click()
        toolbar.locator("button").first.wait_for()
        for label in VISUAL_CONTROLS:
            toolbar.get_by_role("button", name=label, exact=True).click()
        toolbar.get_by_role("button", name="配色", exact=True).click()
        toolbar.get_by_role("button", name="黑底黄字白链接", exact=True).click()
        toolbar.get_by_role("button", name="帮助", exact=True).click()
        toolbar.get_by_role("dialog").wait_for()
        # every file is in once help.js, the last module pressed for, is (core.js and what it
        # imports came before the first button showed)
        settle(page, lambda: any(d.url.endswith("/features/help.js") for d in sink))
        visual.files = closed.files + list(sink)
        browser.close()
        if errors:
            raise SystemExit(f"console errors while measuring: {errors}")
    return [closed, visual]


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def report(states: list[State]) -> None:
    for state in states:
        print(f"\n== {state.name}: {len(state.files)} files")
        print(f"{'file':58} {'raw':>9} {'wire':>9} {'gzip-9':>9}  encoding")
        for f in state.files:
            print(f"{f.url[:58]:58} {f.raw:9d} {f.wire:9d} {f.gzip9:9d}  {f.encoding}")
        raw, wire, gz = state.total("raw"), state.total("wire"), state.total("gzip9")
        print(f"{'total':58} {raw:9d} {wire:9d} {gz:9d}")
        print(
            f"   raw {kb(raw)}, on the wire {kb(wire)}, gzip -9 {kb(gz)}; aim ≤ {AIMS_KB[state.name]} KB gzip: "
            f"{'met' if wire <= AIMS_KB[state.name] * 1024 else 'MISSED'}"
        )
        for peer in PEERS_KB:
            print(
                f"   vs a {peer} KB closed-source toolbar: {peer * 1024 / wire:.1f}× smaller on the wire "
                f"({wire / (peer * 1024):.1%} of it), {peer * 1024 / raw:.1f}× smaller raw"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the measurements as JSON")
    ap.add_argument(
        "--sources", action="store_true", help="serve the JavaScript as written (not minified)"
    )
    args = ap.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        server, base = start_server(Path(tmp), minify=not args.sources)
        try:
            states = measure(base)
        finally:
            server.should_exit = True
    if args.json:
        print(
            json.dumps(
                [{"state": s.name, "files": [f.__dict__ for f in s.files]} for s in states],
                indent=2,
            )
        )
    else:
        report(states)


if __name__ == "__main__":
    main()
