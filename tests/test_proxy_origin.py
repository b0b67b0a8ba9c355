"""The local origin server the proxy tests browse, and the recording upstream transport.

The origin is a small Starlette app on 127.0.0.1 (uvicorn in a thread): pages in UTF-8
and GBK, redirects, a meta refresh, huge, slow and gzip-bomb responses, a form echo and
a header echo.  Every endless-looking response is bounded, so a broken proxy cannot make
a test run forever.

:class:`RecordingUpstream` sits where the proxy opens connections: it records every
attempt and refuses (without touching the network) anything that is not loopback — the
only real targets tests may have.  The module also checks the origin itself (the GBK page
really is GBK), so the proxy tests build on known ground.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import html
import ipaddress
import threading
import time
import zlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route

from barrierfree.fetch import StaticResolver, default_upstream
from barrierfree.proxy import ProxyService
from barrierfree.settings import Settings
from barrierfree.web.app import create_app

from .conftest import LiveServer

BOMB_SIZE = 32 * 1024 * 1024  # inflated size of the gzip bombs
HUGE_TOTAL = 16 * 1024 * 1024  # the most /huge ever sends
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)

UTF8_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'">
<title>市政府办公室关于做好适老化改造的通知</title>
<link rel="stylesheet" href="css/site.css">
<style>.banner{background:url(img/banner.png)}</style>
<script>document.title = "hijacked"</script>
<script src="/js/app.js"></script>
</head>
<body onload="steal()">
<h1 id="title">关于做好适老化改造的通知</h1>
<p id="body" onclick="steal()">各区县人民政府，市政府各部门：为方便老年人上网，现将有关事项通知如下。</p>
<p><a id="next" href="second.html">下一页</a>
<a id="rooted" href="/second.html?from=root&amp;x=1">根路径链接</a>
<a id="frag" href="#body">跳到正文</a>
<a id="js" href="javascript:steal()">脚本链接</a>
<a id="mail" href="mailto:office@example.gov.cn">写信</a>
<a id="ext" href="https://www.example.org/news/1.html">外部网站</a></p>
<img id="logo" src="img/logo.png" alt="徽标">
<img id="lazy" src="img/loading.gif" data-original="img/photo.jpg" alt="照片">
<form id="search" action="/form-echo" method="get"><input name="q" value="适老化"><button>搜索</button></form>
<form id="post" action="/submit" method="post"><input name="name"></form>
<noscript><p id="noscript">请启用脚本</p></noscript>
<iframe id="frame" srcdoc="&lt;script&gt;parent.steal()&lt;/script&gt;" src="frame.html" title="地图"></iframe>
<svg width="10" height="10"><script>steal()</script></svg>
</body></html>
"""

SECOND_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>第二页</title></head>
<body><h1 id="title">第二页：办事指南</h1><p id="body">这是第二页的正文。</p>
<p><a id="back" href="utf8.html">返回</a></p></body></html>
"""

# 镕 is in GBK but not in GB2312: the page says gb2312, as many real pages wrongly do
GBK_TEXT = "中华人民共和国政府信息公开条例 朱镕基"
GBK_PAGE = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>政府信息公开</title></head>
<body><h1 id="title">{GBK_TEXT}</h1>
<form id="search" action="/form-echo" method="get"><input name="q" value="信息公开"></form>
<a id="next" href="second.html">下一页</a></body></html>
""".encode("gbk")

REFRESH_PAGE = """<html><head><meta http-equiv="refresh" content="3; URL='second.html'">
<meta http-equiv="refresh" content="0;url=javascript:steal()"></head><body>跳转中</body></html>"""

BASE_PAGE = """<html><head><base href="/sub/dir/"></head>
<body><a id="rel" href="page.html">相对链接</a><img id="img" src="pic.png"></body></html>"""


def _gzip_bomb() -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    parts = [z.compress(b"<html><body>")]
    parts += [z.compress(zeros) for _ in range(BOMB_SIZE // len(zeros))]
    parts.append(z.flush())
    return b"".join(parts)


class Origin:
    """The origin app and its state (what it saw)."""

    def __init__(self) -> None:
        self.bomb = _gzip_bomb()
        self.deflate_bomb = zlib.compress(zlib.decompress(self.bomb, 31)[:BOMB_SIZE], 9)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.huge_sent = 0
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.app = Starlette(routes=self._routes())
        self.server = LiveServer(self.app)

    @property
    def url(self) -> str:
        return self.server.url

    def _routes(self) -> list[Route]:
        async def record(request: Request) -> None:
            self.requests.append((request.url.path, dict(request.headers)))

        async def page(request: Request) -> Response:
            await record(request)
            name = request.path_params["name"]
            pages = {
                "utf8.html": UTF8_PAGE,
                "second.html": SECOND_PAGE,
                "refresh.html": REFRESH_PAGE,
                "base.html": BASE_PAGE,
            }
            if name in pages:
                return HTMLResponse(pages[name])
            if name == "gbk.html":  # charset only in <meta>
                return Response(GBK_PAGE, headers={"Content-Type": "text/html"})
            if name == "gbk-header.html":  # charset only in the HTTP header
                body = GBK_PAGE.replace(b"; charset=gb2312", b"")
                return Response(body, headers={"Content-Type": "text/html; charset=GBK"})
            if name == "gzip.html":
                return Response(
                    gzip.compress(SECOND_PAGE.encode()),
                    headers={
                        "Content-Type": "text/html; charset=utf-8",
                        "Content-Encoding": "gzip",
                    },
                )
            if name == "bomb.html":
                return Response(
                    self.bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
                )
            if name == "deflate-bomb.html":
                return Response(
                    self.deflate_bomb,
                    headers={"Content-Type": "text/html", "Content-Encoding": "deflate"},
                )
            if name == "brotli.html":
                return Response(
                    b"\x0b\x02\x80", headers={"Content-Type": "text/html", "Content-Encoding": "br"}
                )
            if name == "set-cookie.html":
                return HTMLResponse(
                    SECOND_PAGE, headers={"Set-Cookie": "session=secret; Path=/", "X-Origin": "1"}
                )
            if name == "file.pdf":
                return Response(
                    b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n", media_type="application/pdf"
                )
            if name == "image.png":
                return Response(PNG_1PX, media_type="image/png")
            if name == "image.svg":
                return Response(
                    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                    media_type="image/svg+xml",
                )
            # the pages' images, styles and frames (a browser loads them straight from here)
            if name.endswith((".png", ".jpg", ".gif", ".ico")):
                return Response(PNG_1PX, media_type="image/png")
            if name.endswith(".css"):
                return Response(b"h1{color:#123456}", media_type="text/css")
            if name == "frame.html":
                return HTMLResponse("<p>地图</p>")
            if name == "not-found.html":
                return HTMLResponse("<h1 id='title'>页面不存在</h1>", status_code=404)
            return PlainTextResponse("no such page", status_code=404)

        async def redirect(request: Request) -> Response:
            await record(request)
            n = int(request.path_params["n"])
            target = f"/redirect/{n - 1}" if n > 0 else "/second.html"
            return RedirectResponse(target, status_code=302 if n % 2 else 301)

        async def redirect_to(request: Request) -> Response:
            await record(request)
            return Response(status_code=302, headers={"Location": request.query_params["to"]})

        async def huge(request: Request) -> Response:
            await record(request)
            chunk = b"<p>" + b"x" * (64 * 1024 - 3)

            async def body() -> AsyncIterator[bytes]:
                while self.huge_sent < HUGE_TOTAL:
                    # uvicorn drops writes to a closed connection silently: look ourselves
                    await asyncio.sleep(0.001)
                    if await request.is_disconnected():
                        return
                    self.huge_sent += len(chunk)
                    yield chunk

            headers = {"Content-Type": "text/html"}
            if request.query_params.get("declare"):
                headers["Content-Length"] = str(HUGE_TOTAL)  # refused before reading a byte
            return StreamingResponse(body(), headers=headers)

        async def slow(request: Request) -> Response:
            await record(request)

            async def drip() -> AsyncIterator[bytes]:
                yield b"<html><body>"
                for _ in range(100):  # at most 10 s
                    await asyncio.sleep(0.1)
                    yield b"."

            return StreamingResponse(drip(), media_type="text/html")

        async def slow_headers(request: Request) -> Response:
            await record(request)
            await asyncio.sleep(min(float(request.query_params.get("s", "3")), 5.0))
            return HTMLResponse("<p>late</p>")

        async def barrier(request: Request) -> Response:
            """Hold the response until the test releases it (at most 5 s)."""
            await record(request)
            self.arrived.set()
            deadline = time.monotonic() + 5
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            return HTMLResponse("<p id='released'>released</p>")

        async def form_echo(request: Request) -> Response:
            await record(request)
            raw = request.scope["query_string"].decode("ascii")
            from urllib.parse import parse_qs

            values = parse_qs(raw, encoding="gbk")
            q = values.get("q", [""])[0]
            return HTMLResponse(
                f"<pre id='raw'>{html.escape(raw)}</pre><p id='q'>{html.escape(q)}</p>"
            )

        async def headers(request: Request) -> Response:
            await record(request)
            rows = "".join(
                f"<li data-name='{html.escape(k)}'>{html.escape(v)}</li>"
                for k, v in request.headers.items()
            )
            return HTMLResponse(f"<ul id='headers'>{rows}</ul>")

        return [
            Route("/redirect/{n:int}", redirect),
            Route("/redirect-to", redirect_to),
            Route("/huge", huge),
            Route("/slow", slow),
            Route("/slow-headers", slow_headers),
            Route("/barrier", barrier),
            Route("/form-echo", form_echo),
            Route("/headers", headers),
            Route("/{name:path}", page),
        ]


class RecordingUpstream(httpx.AsyncBaseTransport):
    """Where the proxy opens connections: records each attempt, and lets only loopback
    through (a safety net — the checks under test must stop the others before this)."""

    def __init__(self) -> None:
        self.inner = default_upstream()
        self.attempts: list[tuple[str, int | None, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        ip = ipaddress.ip_address(request.url.host)
        self.attempts.append((str(ip), request.url.port, request.headers.get("host", "")))
        if not ip.is_loopback:
            raise httpx.ConnectError(
                f"test safety net: refused a connection to {ip}", request=request
            )
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class ProxyLab:
    client: TestClient
    upstream: RecordingUpstream
    resolver: StaticResolver
    origin: Origin
    settings: Settings

    def browse(self, url: str, **kwargs: object) -> httpx.Response:
        return self.client.get("/browse", params={"url": url}, **kwargs)  # type: ignore[arg-type]


# Names the lab's resolver knows: tests never use real DNS.
HOSTILE_NAMES = {
    "rebind.example.com": ["10.0.0.5"],
    "metadata-alias.example.com": ["169.254.169.254"],
    "169.254.169.254.nip.io": ["169.254.169.254"],
    "mixed.example.com": ["93.184.216.34", "127.0.0.1"],
    "public-and-private.example.com": ["93.184.216.34", "10.0.0.5"],
    "v6private.example.com": ["fd00::1"],
    "mapped.example.com": ["::ffff:127.0.0.1"],
    "cgnat.example.com": ["100.64.1.1"],
    "loopback.example.com": ["127.0.0.1"],
}


def lab_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "cache_backend": "memory",
        "cache_dir": str(tmp_path / "cache"),
        "proxy_max_bytes": 256 * 1024,
        "proxy_timeout": 1.5,
        "proxy_concurrency": 4,
        # espeak-ng, as in tests/conftest.py's settings: each app warms its speech engine as
        # it starts and waits for that as it stops, and the neural voice's model (92 MB) would
        # be loaded again for every test of the proxy
        "speech_engine": "espeak",
    }
    values.update(overrides)
    return Settings(values, environ={})


@pytest.fixture(scope="session", name="origin")
def origin_fixture() -> Iterator[Origin]:
    o = Origin()
    o.server.start()
    yield o
    o.release.set()
    o.server.stop()


def make_lab(settings: Settings, origin: Origin, names: dict[str, list[str]]) -> Iterator[ProxyLab]:
    upstream = RecordingUpstream()
    resolver = StaticResolver(names)
    app = create_app(
        settings,
        proxy=ProxyService.from_settings(settings, resolver=resolver, upstream=upstream),
    )
    with TestClient(app, follow_redirects=False) as client:
        yield ProxyLab(client, upstream, resolver, origin, settings)


@pytest.fixture(name="lab")
def lab_fixture(tmp_path: Path, origin: Origin) -> Iterator[ProxyLab]:
    """The proxy with the one test exception: the local origin (127.0.0.1, any port)."""
    settings = lab_settings(tmp_path, proxy_allow_addresses="127.0.0.1", proxy_ports="*")
    names = {**HOSTILE_NAMES, "origin.test": ["127.0.0.1"]}
    yield from make_lab(settings, origin, names)


@pytest.fixture(name="strict")
def strict_fixture(tmp_path: Path, origin: Origin) -> Iterator[ProxyLab]:
    """The proxy with its default address rules (only public addresses)."""
    yield from make_lab(lab_settings(tmp_path), origin, dict(HOSTILE_NAMES))


# ------------------------------------------------------------- the origin checks itself


def test_origin_serves_gbk_bytes_and_bounded_bombs(origin: Origin) -> None:
    r = httpx.get(origin.url + "/gbk.html")
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    assert GBK_TEXT in r.content.decode("gbk")
    assert len(origin.bomb) < 100 * 1024  # small on the wire …
    assert len(zlib.decompress(origin.bomb, 31)) > BOMB_SIZE  # … huge inflated
