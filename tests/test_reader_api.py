"""POST /api/read and ``barrierfree read``: html in, url fetched through the proxy's
checked fetcher (a local origin server stands in for a government site)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from barrierfree.cli import main
from barrierfree.fetch import Fetcher, StaticResolver
from barrierfree.settings import Settings
from barrierfree.web.app import create_app

PAGES = Path(__file__).parent / "pages"
GBK_PAGE = (PAGES / "trs-div-gbk" / "source.html").read_bytes()
XSS_PAGE = (PAGES / "xss-payloads-in-body" / "source.html").read_text("utf-8")

ARTICLE = """<!doctype html><html><head><meta charset="utf-8"><title>市政府召开常务会议-某某市人民政府</title></head>
<body><nav><a href="/">首页</a></nav><div class="article"><h1>市政府召开常务会议</h1>
<p>发布时间：2024-05-06　来源：市政府办公室</p>
<p>5月6日，市政府召开常务会议，研究部署安全生产、防汛备汛等工作。会议强调，要压实各方责任，确保人民群众生命财产安全。</p>
<p>会议还研究了其他事项。<img src="img/a.png" alt="会议现场"></p>
<p>【打印本页】【关闭窗口】</p></div>
<div class="footer">版权所有：某某市人民政府 网站标识码：1234567890</div></body></html>"""


class _Origin(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {
        "/gbk.html": (200, "text/html; charset=GBK", GBK_PAGE),
        "/no-charset.html": (200, "text/html", GBK_PAGE),
        "/doc.pdf": (200, "application/pdf", b"%PDF-1.4"),
        "/gone.html": (404, "text/html", b"<html><body>not here</body></html>"),
    }

    def do_GET(self) -> None:  # noqa: N802
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Origin)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _client(tmp_path: Path, **overrides: object) -> TestClient:
    # espeak-ng, as in tests/conftest.py: an app warms its speech engine as it starts and
    # waits for that as it stops (the neural voice would load its 92 MB model per test)
    values: dict[str, object] = {
        "cache_backend": "memory",
        "cache_dir": str(tmp_path / "c"),
        "speech_engine": "espeak",
    }
    values.update(overrides)
    return TestClient(create_app(Settings(values, environ={})))


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[TestClient]:
    """The one test exception to the proxy's address rules: the local origin."""
    with _client(tmp_path, proxy_allow_addresses="127.0.0.1", proxy_ports="*") as c:
        yield c


def test_html_in_article_out(client: TestClient) -> None:
    r = client.post("/api/read", json={"html": ARTICLE, "url": "https://www.mm.gov.cn/a/b/c.html"})
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == "市政府召开常务会议"
    assert body["date"] == "2024-05-06"
    assert body["date_precision"] == "day"
    assert body["source"] == "市政府办公室"
    assert body["paragraphs"] == [
        "5月6日，市政府召开常务会议，研究部署安全生产、防汛备汛等工作。会议强调，要压实各方责任，确保人民群众生命财产安全。",
        "会议还研究了其他事项。",
    ]
    assert body["text"] == "\n\n".join(body["paragraphs"])
    assert 'src="https://www.mm.gov.cn/a/b/img/a.png"' in body["html"]
    assert 'alt="会议现场"' in body["html"]
    for junk in ("打印本页", "版权所有", "首页", "发布时间"):
        assert junk not in body["text"] and junk not in body["html"]
    assert body["lang"] == "zh"


def test_sanitised_html_in_the_response(client: TestClient) -> None:
    r = client.post("/api/read", json={"html": XSS_PAGE})
    assert r.status_code == 200
    html = r.json()["html"]
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<svg",
        "<iframe",
        "expression(",
        "style=",
    ):
        assert bad not in html.lower()


def test_same_page_twice_comes_from_the_cache(client: TestClient) -> None:
    first = client.post("/api/read", json={"html": ARTICLE})
    cache = client.app.state.bf.cache  # type: ignore[attr-defined]
    stored = [k for k in cache._data if k.startswith("reader:")]  # type: ignore[attr-defined]
    assert len(stored) == 1
    second = client.post("/api/read", json={"html": ARTICLE})
    assert second.content == first.content
    assert len([k for k in cache._data if k.startswith("reader:")]) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({}, 400, "missing_input"),
        ({"html": "   ", "url": ""}, 400, "missing_input"),
        ({"html": 12}, 422, "invalid_input"),
        ({"url": "x" * 5000}, 400, "invalid_url"),
    ],
)
def test_bad_input_is_a_clear_4xx(
    client: TestClient, payload: dict[str, object], status: int, code: str
) -> None:
    r = client.post("/api/read", json=payload)
    assert r.status_code == status
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["message"]


def test_page_over_the_limit_is_413(tmp_path: Path) -> None:
    with _client(tmp_path, reader_max_bytes=1000) as c:
        r = c.post("/api/read", json={"html": "<p>" + "字" * 2000 + "</p>"})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"


def test_url_is_fetched_and_decoded_by_its_charset(lab: TestClient, origin: str) -> None:
    for path in ("/gbk.html", "/no-charset.html"):  # header charset, then the page's <meta>
        r = lab.post("/api/read", json={"url": origin + path})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["title"] == "2024年一季度全区规模以上工业增加值增长6.8%"
        assert body["paragraphs"][0].startswith("一季度，全区规模以上工业增加值同比增长6.8%")
        assert body["url"] == origin + path


def test_url_fetch_errors(lab: TestClient, origin: str) -> None:
    assert lab.post("/api/read", json={"url": origin + "/doc.pdf"}).status_code == 415
    gone = lab.post("/api/read", json={"url": origin + "/gone.html"})
    assert gone.status_code == 502
    assert "404" in gone.json()["error"]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/",  # loopback (the service's own host)
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://10.0.0.1/",
        "file:///etc/passwd",
        "javascript:alert(1)",
    ],
)
def test_url_fetch_obeys_the_proxy_address_rules(client: TestClient, url: str) -> None:
    """Without the test exception, private and loopback addresses are refused (SSRF)."""
    r = client.post("/api/read", json={"url": url})
    assert r.status_code in (400, 403)
    assert r.json()["error"]["message"]


def test_url_is_fetched_by_the_fetcher_the_app_is_given(tmp_path: Path, origin: str) -> None:
    """``create_app(fetcher=...)``: a name the given resolver maps to the local origin."""
    port = origin.rsplit(":", 1)[1]
    settings = Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path / "c"),
            "proxy_allow_addresses": "127.0.0.1",
            "proxy_ports": "*",
            "speech_engine": "espeak",
        },
        environ={},
    )
    resolver = StaticResolver({"www.mm.gov.cn": ["127.0.0.1"]})
    fetcher = Fetcher.from_settings(settings, resolver=resolver)
    with TestClient(create_app(settings, fetcher=fetcher)) as c:
        r = c.post("/api/read", json={"url": f"http://www.mm.gov.cn:{port}/gbk.html"})
        assert r.status_code == 200, r.text
        assert r.json()["title"] == "2024年一季度全区规模以上工业增加值增长6.8%"
        assert c.app.state.bf.proxy.fetcher is fetcher  # type: ignore[attr-defined]
    assert resolver.lookups == ["www.mm.gov.cn"]


def test_the_reader_and_the_proxy_share_the_fetch_slots(tmp_path: Path, origin: str) -> None:
    with _client(
        tmp_path, proxy_allow_addresses="127.0.0.1", proxy_ports="*", proxy_concurrency=1
    ) as c:
        state = c.app.state.bf  # type: ignore[attr-defined]
        with state.proxy.fetcher.limit.slot():  # a proxied page being fetched
            busy = c.post("/api/read", json={"url": origin + "/gbk.html"})
        assert busy.status_code == 429
        assert busy.json()["error"]["code"] == "proxy_busy"
        assert c.post("/api/read", json={"url": origin + "/gbk.html"}).status_code == 200


def test_url_only_needs_the_proxy(tmp_path: Path) -> None:
    with _client(tmp_path, proxy=False) as c:
        r = c.post("/api/read", json={"url": "https://www.gov.cn/"})
        assert r.status_code == 400
        assert r.json()["error"]["code"] == "fetch_disabled"
        # html (with its url as the base) still works
        assert (
            c.post("/api/read", json={"html": ARTICLE, "url": "https://www.gov.cn/"}).status_code
            == 200
        )


# ---------------------------------------------------------------- CLI


def test_cli_reads_a_file_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(PAGES / "trs-div-gbk" / "source.html")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "2024年一季度全区规模以上工业增加值增长6.8%\n\n2024-04-18 · 滨海新区统计局\n\n一季度"
    )
    assert "打印本页" not in out


def test_cli_json_matches_the_api(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    path = PAGES / "hanweb-table-layout" / "source.html"
    url = "http://www.mmx.gov.cn/zwgk/tzgg/202405/t20240530_998877.html"
    assert main(["read", str(path), "--url", url, "--json"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    from_api = client.post("/api/read", json={"html": path.read_text("utf-8"), "url": url}).json()
    assert from_cli == from_api


def test_cli_reads_a_url(origin: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["read", origin + "/gbk.html", "--proxy-allow-addresses", "127.0.0.1", "--proxy-ports", "*"]
    )
    assert code == 0
    assert "集成电路产量增长21.4%" in capsys.readouterr().out


def test_cli_refuses_a_private_address_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", "http://127.0.0.1:9/", "--host", "0.0.0.0"]) == 2
    assert capsys.readouterr().err.startswith("barrierfree: ")


def test_cli_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", "no/such/page.html"]) == 2
    assert "no such file" in capsys.readouterr().err


# ---------------------------------------------------------------- engine options and edges


def test_options_leave_out_images_links_and_tables() -> None:
    from barrierfree.reader import ReaderOptions, extract

    raw = (PAGES / "policy-headings-table-image" / "source.html").read_bytes()
    url = "https://fgw.mm.gov.cn/zcjd/202402/t20240220_42.html"
    full = extract(raw, url)
    assert "<img" in full.html and "<a " in full.html and "<table" in full.html
    bare = extract(raw, url, options=ReaderOptions(images=False, links=False, tables=False))
    assert "<img" not in bare.html and "<a " not in bare.html and "<table" not in bare.html
    assert "更多内容请查阅政策原文。" in bare.paragraphs
    assert len(bare.paragraphs) == len(full.paragraphs) - 1  # the table


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<p></p>",
        "plain text, no tags",
        "<html><frameset></frameset></html>",
    ],
)
def test_pages_without_an_article_give_an_empty_article(client: TestClient, html: str) -> None:
    r = client.post("/api/read", json={"html": html})
    assert r.status_code == 200
    body = r.json()
    assert body["html"] == "" or body["paragraphs"]
    assert body["text"] == "\n\n".join(body["paragraphs"])


def test_openapi_documents_every_field_the_reader_answers_with(tmp_path: Path) -> None:
    settings = Settings({"cache_backend": "memory", "speech_engine": "espeak"}, environ={})
    with TestClient(create_app(settings)) as client:
        schema = client.get("/openapi.json").json()["components"]["schemas"]["ArticleOut"]
        answer = client.post(
            "/api/read", json={"html": "<html><body><h1>标题</h1><p>正文。</p></body></html>"}
        ).json()
    assert set(answer) == set(schema["properties"])
    assert "date_precision" in schema["properties"]
