"""`barrierfree warm`: a site's article pages read into the speech cache, so the toolbar's
requests for them are hits."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from barrierfree.cli import main as cli_main
from barrierfree.settings import Settings
from barrierfree.web.app import create_app

ARTICLE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>关于开展适老化改造的通知_某市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<div class="article"><h1>关于开展适老化改造的通知</h1>
<p>为方便老年人办事，市政府决定在全市开展适老化改造工作。</p>
<p>改造工作自2024年3月1日起实施，咨询电话：0571-87654321。</p>
</div></body></html>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/art/1.html</loc></url>
</urlset>"""


@pytest.fixture
def site() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            pages = {
                "/art/1.html": ("text/html; charset=utf-8", ARTICLE),
                "/sitemap.xml": ("application/xml", SITEMAP.format(base=base)),
            }
            if self.path not in pages:
                self.send_error(404)
                return
            kind, body = pages[self.path]
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_warm_from_a_sitemap_makes_the_toolbars_requests_hits(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache_dir = str(tmp_path / "cache")
    flags = ["--cache-backend", "disk", "--cache-dir", cache_dir, "--speech-engine", "espeak"]
    assert cli_main(["warm", "--sitemap", f"{site}/sitemap.xml", *flags]) == 0
    err = capsys.readouterr().err
    assert "1 pages, 3 sentences: 3 made, 0 already cached, 0 failed" in err
    assert "[##############################] 3/3 sentences" in err  # the progress bar
    # again: everything is already there
    assert cli_main(["warm", f"{site}/art/1.html", *flags]) == 0
    assert "3 already cached" in capsys.readouterr().err
    # the server with the same cache answers the toolbar's request for a paragraph from it
    settings = Settings(
        {"cache_backend": "disk", "cache_dir": cache_dir, "speech_engine": "espeak"}, environ={}
    )
    with TestClient(create_app(settings)) as client:
        plan = client.post(
            "/api/speech/plan",
            json={"text": "改造工作自2024年3月1日起实施，咨询电话：0571-87654321。"},
        ).json()
        assert len(plan["sentences"]) == 1
        audio = client.get(plan["sentences"][0]["url"])
        assert audio.status_code == 200 and audio.headers["x-speech-cache"] == "hit"


def test_warm_reports_pages_it_cannot_read(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = ["--cache-backend", "memory", "--speech-engine", "espeak"]
    assert cli_main(["warm", f"{site}/missing.html", *flags]) == 0
    assert "answered HTTP 404" in capsys.readouterr().err
    assert cli_main(["warm", *flags]) == 2  # nothing to do is a usage error
    assert "--sitemap" in capsys.readouterr().err
