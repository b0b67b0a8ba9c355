"""Proxy latency: a page through ``/browse?url=`` against the same page fetched directly.

    .venv/bin/python benchmarks/proxy_latency.py [--data benchmarks/data/reader/zh] [--rounds 5]

A local origin (uvicorn on 127.0.0.1) serves the 45 Chinese news and government pages of
the evaluation set with their original bytes (UTF-8, GBK, GB2312, no charset in the HTTP
header, so the proxy sniffs each one).  The service runs in a second uvicorn with the
proxy allowed to reach 127.0.0.1 (``proxy_allow_addresses``).  For every page and round the
same client fetches it directly and through the proxy, both without keep-alive (the proxy
opens a fresh upstream connection per request, so the direct fetch does too).  Origin and
service run in processes of their own, like real servers.

Prints median and p95 latency of each, the ratio proxied/direct, and the in-process cost
of the rewrite alone next to a peer that does only part of the job — lxml_html_clean's
Cleaner stripping scripts (no link rewriting, no charset handling).
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx
import uvicorn
from lxml_html_clean import Cleaner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from barrierfree.charset import decode_html  # noqa: E402
from barrierfree.proxy import RewriteOptions, rewrite_html  # noqa: E402
from barrierfree.settings import Settings  # noqa: E402
from barrierfree.web.app import create_app  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "reader" / "zh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(app: object, port: int) -> None:
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]


def _serve_origin(port: int, data: Path) -> None:
    _serve(origin_app(load_pages(data)), port)


def _serve_service(port: int) -> None:
    settings = Settings(
        {
            "cache_backend": "memory",
            "proxy_allow_addresses": "127.0.0.1",  # the benchmark's origin
            "proxy_ports": "*",
            "log_level": "warning",
        },
        environ={},
    )
    _serve(create_app(settings), port)


class Server:
    """A uvicorn in its own process (threads in one process would share one GIL and make
    the proxy's extra hop look slower than it is)."""

    def __init__(self, target: Callable[..., None], *args: object) -> None:
        self.port = free_port()
        self.process = multiprocessing.get_context("spawn").Process(
            target=target, args=(self.port, *args), daemon=True
        )

    def __enter__(self) -> Server:
        self.process.start()
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                if time.monotonic() > deadline or not self.process.is_alive():
                    raise RuntimeError("server did not start") from None
                time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.join(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def load_pages(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data / "html").glob("*.html"))}


def origin_app(pages: dict[str, bytes]) -> Starlette:
    async def page(request: Request) -> Response:
        body = pages.get(request.path_params["name"])
        if body is None:
            return Response(b"", status_code=404)
        return Response(body, headers={"Content-Type": "text/html"})

    return Starlette(routes=[Route("/{name}", page)])


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    pages = load_pages(args.data)
    if not pages:
        print(f"no pages under {args.data}/html", file=sys.stderr)
        return 1
    direct: list[float] = []
    proxied: list[float] = []
    out_bytes = 0
    limits = httpx.Limits(max_keepalive_connections=0)
    with (
        Server(_serve_origin, args.data) as origin,
        Server(_serve_service) as service,
        httpx.Client(limits=limits, timeout=30) as client,
    ):
        # warm-up: imports, first connections, lxml
        client.get(f"{service.url}/browse", params={"url": f"{origin.url}/{next(iter(pages))}"})
        for _ in range(args.rounds):
            for name in pages:
                target = f"{origin.url}/{name}"
                t0 = time.perf_counter()
                r = client.get(target)
                t1 = time.perf_counter()
                assert r.status_code == 200
                p = client.get(f"{service.url}/browse?url={quote(target, safe=':/')}")
                t2 = time.perf_counter()
                assert p.status_code == 200, p.text[:200]
                direct.append((t1 - t0) * 1000)
                proxied.append((t2 - t1) * 1000)
                out_bytes += len(p.content)

    # the rewrite alone, in process, against a peer that only strips scripts
    ours: list[float] = []
    peer: list[float] = []
    cleaner = Cleaner(javascript=True, scripts=True, style=False, links=False, page_structure=False)
    for name, body in pages.items():
        text, codec = decode_html(body)
        opts = RewriteOptions(
            page_url=f"http://www.example.gov.cn/{name}",
            charset=codec,
            proxy_href=lambda u: "/browse?url=" + quote(u, safe=":/"),
            form_endpoint="/browse/form",
        )
        t0 = time.perf_counter()
        rewrite_html(text, opts)
        t1 = time.perf_counter()
        cleaner.clean_html(text)
        t2 = time.perf_counter()
        ours.append((t1 - t0) * 1000)
        peer.append((t2 - t1) * 1000)

    n = len(direct)
    size = sum(len(b) for b in pages.values())
    print(
        f"pages: {len(pages)} ({size / 1024:.0f} KiB of HTML), rounds: {args.rounds}, requests each way: {n}"
    )
    print(f"{'':28} {'median ms':>10} {'p95 ms':>10}")
    print(f"{'direct fetch':28} {statistics.median(direct):10.2f} {pct(direct, 0.95):10.2f}")
    print(f"{'through /browse':28} {statistics.median(proxied):10.2f} {pct(proxied, 0.95):10.2f}")
    ratio = statistics.median(proxied) / statistics.median(direct)
    ratio95 = pct(proxied, 0.95) / pct(direct, 0.95)
    print(f"ratio proxied/direct: median {ratio:.1f}x, p95 {ratio95:.1f}x")
    print(
        f"served through the proxy: {out_bytes / n / 1024:.1f} KiB per page (UTF-8, toolbar added)"
    )
    print(f"added latency: median {statistics.median(proxied) - statistics.median(direct):.1f} ms")
    print(f"{'rewrite only (ours)':28} {statistics.median(ours):10.2f} {pct(ours, 0.95):10.2f}")
    print(f"{'lxml_html_clean Cleaner':28} {statistics.median(peer):10.2f} {pct(peer, 0.95):10.2f}")
    print(
        f"ratio ours/Cleaner: median {statistics.median(ours) / statistics.median(peer):.2f}x "
        "(ours also rewrites links, forms, CSS, charset and adds the toolbar)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
