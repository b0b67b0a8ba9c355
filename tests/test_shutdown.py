"""Graceful shutdown: SIGTERM lets requests in flight finish, then the server exits."""

from __future__ import annotations

import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from .servers import Replica


class _Slow(BaseHTTPRequestHandler):
    arrived = threading.Event()
    # answers once the test lets it: after the service has begun to shut down
    release = threading.Event()

    def do_GET(self) -> None:
        self.arrived.set()
        self.release.wait(timeout=30)
        body = (
            "<!doctype html><html><head><title>慢</title></head><body><p>慢慢来</p></body></html>"
        )
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_sigterm_finishes_requests_in_flight(tmp_path: Path) -> None:
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    replica = Replica(
        {
            "BARRIERFREE_CACHE_BACKEND": "memory",
            "BARRIERFREE_PROXY_ALLOW_ADDRESSES": "127.0.0.1",
            "BARRIERFREE_PROXY_PORTS": "*",
            "BARRIERFREE_GRACEFUL_TIMEOUT": "20",
        },
        tmp_path / "log",
    ).start()
    try:
        answer: dict[str, httpx.Response] = {}
        target = f"http://127.0.0.1:{upstream.server_port}/page.html"

        def browse() -> None:
            answer["r"] = httpx.get(replica.url + "/browse", params={"url": target}, timeout=30)

        t = threading.Thread(target=browse)
        t.start()
        # the request is now waiting for the slow upstream (a fixed 0.7 s was too short at
        # load 20: the signal came before the request)
        assert _Slow.arrived.wait(timeout=30)
        assert replica.proc is not None
        replica.proc.send_signal(signal.SIGTERM)
        # the upstream answers only once the server is shutting down with the request in
        # flight (instead of after a fixed time)
        deadline = time.monotonic() + 30
        while "Shutting down" not in (tmp_path / "log").read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        _Slow.release.set()
        t.join(timeout=30)
        assert answer["r"].status_code == 200 and "慢慢来" in answer["r"].text
        # uvicorn re-raises the signal once it has shut down cleanly
        assert replica.proc.wait(timeout=20) in (0, -signal.SIGTERM)
        log = (tmp_path / "log").read_text()
        assert "Waiting for connections to close" in log or "Shutting down" in log
    finally:
        _Slow.release.set()
        replica.stop()
        upstream.shutdown()
        upstream.server_close()
