"""Metrics at /metrics, JSON logs with request ids, rate limits, size limits."""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from barrierfree.logs import JsonFormatter
from barrierfree.settings import Settings
from barrierfree.web.app import create_app


def _client(tmp_path: Path, **overrides: object) -> TestClient:
    settings = Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path),
            "speech_engine": "espeak",
            **overrides,
        },
        environ={},
    )
    return TestClient(create_app(settings))


def _metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition text (0 when absent)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_latency_cache_and_synthesis(tmp_path: Path) -> None:
    with _client(tmp_path) as c:
        before = c.get("/metrics").text
        for _ in range(2):
            assert c.get("/api/speech", params={"text": "指标测试"}).status_code == 200
        assert c.get("/api/speech", params={"text": ""}).status_code == 400
        assert c.get("/nothing-here").status_code == 404
        page = c.get("/metrics")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain")
    after = page.text

    def delta(name: str, **labels: str) -> float:
        return _metric(after, name, **labels) - _metric(before, name, **labels)

    route = "/api/speech"
    assert delta("barrierfree_requests_total", route=route, method="GET", status="200") == 2
    assert delta("barrierfree_requests_total", route=route, method="GET", status="400") == 1
    assert delta("barrierfree_requests_total", route="unmatched", status="404") == 1
    assert delta("barrierfree_request_seconds_count", route=route) == 3
    assert delta("barrierfree_cache_total", backend="memory", result="hit") >= 1
    assert delta("barrierfree_cache_total", backend="memory", result="miss") >= 1
    assert delta("barrierfree_synthesis_seconds_count") == 1
    assert "barrierfree_synthesis_queue" in after
    assert "barrierfree_proxy_fetches_total" in after


def test_metrics_can_be_turned_off(tmp_path: Path) -> None:
    with _client(tmp_path, metrics=False) as c:
        assert c.get("/metrics").status_code == 404


def test_proxy_refusals_are_counted_by_reason(tmp_path: Path) -> None:
    with _client(tmp_path) as c:
        before = c.get("/metrics").text
        r = c.get("/browse", params={"url": "http://127.0.0.1/"})
        assert r.status_code == 403
        after = c.get("/metrics").text
    reasons = {
        dict(re.findall(r'(\w+)="([^"]*)"', line))["reason"]
        for line in after.splitlines()
        if line.startswith("barrierfree_proxy_refusals_total{")
        and _metric(after, line.split("{")[0], **dict(re.findall(r'(\w+)="([^"]*)"', line)))
        > _metric(before, line.split("{")[0], **dict(re.findall(r'(\w+)="([^"]*)"', line)))
    }
    assert len(reasons) == 1 and reasons != {"403"}  # the error code, not just the status


def test_request_id_is_echoed_or_made_and_logged_without_text_or_ip(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="barrierfree")
    with _client(tmp_path) as c:
        mine = c.get(
            "/api/speech", params={"text": "秘密的页面文字"}, headers={"X-Request-ID": "abc-123"}
        )
        made = c.get("/healthz")
        bad = c.get("/healthz", headers={"X-Request-ID": "no spaces or <tags>"})
    assert mine.headers["x-request-id"] == "abc-123"
    assert re.fullmatch(r"[0-9a-f]{16}", made.headers["x-request-id"])
    assert bad.headers["x-request-id"] != "no spaces or <tags>"
    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "barrierfree.access"]
    logged = [json.loads(line) for line in lines]
    speech = next(entry for entry in logged if entry["route"] == "/api/speech")
    assert speech["request_id"] == "abc-123" and speech["status"] == 200
    assert speech["path"] == "/api/speech" and isinstance(speech["ms"], float)
    everything = "\n".join(lines)
    assert "秘密" not in everything and "%E7%A7%98" not in everything  # no page text
    assert "testclient" not in everything  # no visitor address


def test_client_address_is_logged_only_when_enabled(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="barrierfree")
    with _client(tmp_path, log_client_ip=True) as c:
        c.get("/healthz")
    entry = json.loads(
        JsonFormatter().format(next(r for r in caplog.records if r.name == "barrierfree.access"))
    )
    assert entry["client"] == "testclient"


def test_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    with _client(tmp_path, rate_limit="3/minute") as c:
        codes = [c.post("/api/pinyin", json={"segments": ["银行"]}).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        r = c.post("/api/pinyin", json={"segments": ["银行"]})
        assert r.status_code == 429
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert r.json()["error"]["code"] == "rate_limited"
        # the toolbar's files and health are not limited
        assert c.get("/assist.js").status_code == 200
        assert c.get("/healthz").status_code == 200


def test_rate_limit_is_per_client(tmp_path: Path) -> None:
    settings = Settings(
        {"cache_backend": "memory", "rate_limit": "2/minute", "speech_engine": "espeak"},
        environ={},
    )
    app = create_app(settings)
    with TestClient(app, client=("10.0.0.1", 1)) as a, TestClient(app, client=("10.0.0.2", 1)) as b:
        assert [a.get("/api/site").status_code for _ in range(3)] == [200, 200, 429]
        assert b.get("/api/site").status_code == 200


def test_bad_rate_limit_fails_at_start(tmp_path: Path) -> None:
    from barrierfree.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="rate_limit"):
        create_app(Settings({"rate_limit": "lots"}, environ={}))


def test_body_size_limit_declared_and_streamed(tmp_path: Path) -> None:
    with _client(tmp_path, request_max_bytes=1000) as c:
        big = json.dumps({"segments": ["银" * 2000]})
        r = c.post("/api/pinyin", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"

        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(10):
                yield b"x" * 300

        r = c.post("/api/read", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert c.post("/api/pinyin", json={"segments": ["银行"]}).status_code == 200


def test_url_length_limit(tmp_path: Path) -> None:
    with _client(tmp_path, url_max_chars=200) as c:
        r = c.get("/api/speech", params={"text": "长" * 300})
        assert r.status_code == 414 and r.json()["error"]["code"] == "uri_too_long"
        assert c.get("/api/speech", params={"text": "短"}).status_code == 200


def _operations() -> list[tuple[str, str]]:
    app = create_app(Settings({"cache_backend": "memory"}, environ={}))
    return [
        (method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item
    ]


@pytest.mark.parametrize(("method", "path"), _operations())
def test_every_endpoint_has_size_limits(tmp_path: Path, method: str, path: str) -> None:
    concrete = re.sub(r"\{[^}]+\}", "x", path)
    with _client(tmp_path, request_max_bytes=2000, url_max_chars=500) as c:
        long_url = c.request(method, concrete, params={"q": "长" * 300})
        assert long_url.status_code == 414, long_url.text
        big_body = c.request(
            method,
            concrete,
            content=b"{" + b" " * 5000 + b"}",
            headers={"content-type": "application/json"},
        )
        assert big_body.status_code == 413, big_body.text


def test_metrics_add_up_every_worker(tmp_path: Path) -> None:
    """Several uvicorn workers (as the systemd example runs them): /metrics counts them all."""
    import httpx

    from .servers import Replica

    prom = tmp_path / "prom"
    prom.mkdir()
    replica = Replica(
        {
            "BARRIERFREE_WORKERS": "2",
            "BARRIERFREE_CACHE_BACKEND": "memory",
            "BARRIERFREE_LOG_LEVEL": "warning",
            "PROMETHEUS_MULTIPROC_DIR": str(prom),
        },
        tmp_path / "log",
    ).start()
    try:
        with httpx.Client(base_url=replica.url, timeout=30) as c:
            deadline = time.monotonic() + 60
            while c.get("/healthz").status_code != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            # fresh connections, so both workers get some
            for _ in range(40):
                with httpx.Client(base_url=replica.url, timeout=30) as one:
                    assert one.get("/healthz").status_code == 200
            page = c.get("/metrics")
        assert page.status_code == 200
        count = _metric(
            page.text, "barrierfree_requests_total", route="/healthz", method="GET", status="200"
        )
        assert count >= 40
        assert len(list(prom.glob("*.db"))) >= 2  # one file per worker process
    finally:
        replica.stop()
