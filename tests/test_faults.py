"""Faults the service survives: Redis gone and back, a disk cache that cannot be written, a
worker killed mid-write, a speech engine that is missing or crashes."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from barrierfree.cache import DiskCache, RedisCache, frame
from barrierfree.settings import Settings
from barrierfree.web.app import create_app

from .servers import RedisServer


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path).start()
    yield server
    server.kill()


def _cache_warnings(caplog: pytest.LogCaptureFixture, event: str) -> int:
    return sum(1 for r in caplog.records if getattr(r, "event", None) == event)


def test_redis_gone_answers_uncached_logs_once_and_reconnects(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="barrierfree.cache")
    cache = RedisCache(redis_server.url, prefix="t:", retry=0.2)
    cache.set("a", b"1")
    assert cache.get("a") == b"1"

    redis_server.kill()
    for _ in range(50):
        assert cache.get("a") is None  # a miss, not an exception
        cache.set("b", b"2")
        value, cached = cache.get_or_make("c", lambda: b"made")
        assert (value, cached) == (b"made", False)
    assert _cache_warnings(caplog, "cache_down") == 1

    redis_server.start()  # same port, empty
    deadline = time.monotonic() + 5
    while cache.get("a") is None and time.monotonic() < deadline:
        cache.set("a", b"again")
        time.sleep(0.05)
    assert cache.get("a") == b"again"
    assert _cache_warnings(caplog, "cache_up") == 1
    cache.close()


def test_speech_keeps_answering_while_redis_is_down(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    settings = Settings(
        {"cache_backend": "redis", "redis_url": redis_server.url, "speech_engine": "espeak"},
        environ={},
    )
    with TestClient(create_app(settings)) as client:
        first = client.get("/api/speech", params={"text": "缓存测试一"})
        assert first.status_code == 200 and first.headers["x-speech-cache"] == "miss"
        assert (
            client.get("/api/speech", params={"text": "缓存测试一"}).headers["x-speech-cache"]
            == "hit"
        )
        redis_server.kill()
        for _ in range(3):
            r = client.get("/api/speech", params={"text": "缓存测试一"})
            assert r.status_code == 200 and r.headers["x-speech-cache"] == "miss"
            assert r.content[:2] in (b"ID", b"\xff\xfb", b"\xff\xf3")
        assert client.get("/api/pinyin", params={"text": "银行"}).status_code in (200, 405)


def test_single_flight_across_two_replicas(redis_server: RedisServer) -> None:
    """Two caches (as two replicas would hold) asked for the same missing key at once: the
    value is made once, the other waits for it."""
    made: list[int] = []
    go = threading.Barrier(8)

    def make() -> bytes:
        made.append(1)
        time.sleep(0.3)
        return b"audio"

    replicas = [RedisCache(redis_server.url, prefix="sf:") for _ in range(2)]
    results: list[tuple[bytes, bool]] = []

    def ask(i: int) -> None:
        go.wait()
        results.append(replicas[i % 2].get_or_make("sentence", make))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1
    assert all(v == b"audio" for v, _ in results)
    assert sorted(c for _, c in results) == [False] + [True] * 7
    for r in replicas:
        r.close()


def test_lock_of_a_dead_replica_expires(redis_server: RedisServer) -> None:
    import redis

    redis.Redis.from_url(redis_server.url).set("dl:lock:k", "someone", px=300)
    cache = RedisCache(redis_server.url, prefix="dl:", lock_ttl=5)
    value, cached = cache.get_or_make("k", lambda: b"mine")
    assert (value, cached) == (b"mine", False)
    cache.close()


def test_disk_cache_unwritable_serves_uncached(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    cache = DiskCache(str(blocker / "cache"), 1 << 20)
    assert cache.get("k") is None
    cache.set("k", b"v")
    assert cache.get("k") is None
    settings = Settings(
        {"cache_backend": "disk", "cache_dir": str(blocker / "cache"), "speech_engine": "espeak"},
        environ={},
    )
    with TestClient(create_app(settings)) as client:
        r = client.get("/api/speech", params={"text": "磁盘不可写"})
        assert r.status_code == 200 and r.headers["x-speech-cache"] == "miss"


_FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sys
    from barrierfree.cache import DiskCache
    cache = DiskCache(sys.argv[1], 1 << 30)
    cache.set("small", b"s" * 100)
    # the disk is "full": no file may grow past 64 KiB any more
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
    cache.set("big", b"b" * 1_000_000)  # must not raise
    print(cache.get("big") is None, cache.get("small") == b"s" * 100)
    """
)


def test_disk_full_serves_uncached(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(tmp_path / "c")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]


_WRITER = textwrap.dedent(
    """
    import sys
    from barrierfree.cache import DiskCache
    cache = DiskCache(sys.argv[1], 1 << 30)
    i = 0
    while True:
        # large values go to files of their own, written in pieces: a kill can cut one
        cache.set(f"k{i % 200}", bytes([i % 251]) * (200_000 + i % 7919))
        i += 1
        if i == 20:
            print("writing", flush=True)
    """
)


def _expected(key: str, value: bytes) -> bool:
    return len(value) >= 200_000 and len(set(value)) == 1


def test_sigkill_mid_write_never_serves_a_damaged_entry(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    for round_ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(directory)], stdout=subprocess.PIPE
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"writing\n"
        time.sleep(0.2 + 0.15 * round_)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    cache = DiskCache(str(directory), 1 << 30)
    found = [cache.get(f"k{i}") for i in range(200)]
    assert any(v is not None for v in found)
    assert all(_expected(f"k{i}", v) for i, v in enumerate(found) if v is not None)

    # and a torn file that the file system kept: cut every value file in half
    files = [p for p in directory.rglob("*.val")]
    assert files
    for p in files:
        data = p.read_bytes()
        p.write_bytes(data[: len(data) // 2])
    assert all(cache.get(f"k{i}") is None for i in range(200))
    cache.close()


def test_damaged_redis_entry_is_dropped(redis_server: RedisServer) -> None:
    import redis

    raw = redis.Redis.from_url(redis_server.url)
    raw.set("d:k", frame(b"complete value")[:-3])
    cache = RedisCache(redis_server.url, prefix="d:")
    assert cache.get("k") is None
    assert raw.get("d:k") is None
    cache.set("k", b"complete value")
    assert cache.get("k") == b"complete value"
    cache.close()


@pytest.fixture
def crashing_espeak(tmp_path: Path) -> str:
    script = tmp_path / "espeak-ng"
    script.write_text(
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'eSpeak NG text-to-speech: 1.51'; exit 0; fi\nkill -SEGV $$\n"
    )
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("engine", ["missing", "crashing"])
def test_speech_engine_missing_or_crashing_is_a_clear_503(
    engine: str, crashing_espeak: str, tmp_path: Path
) -> None:
    command = str(tmp_path / "no-such-espeak") if engine == "missing" else crashing_espeak
    settings = Settings(
        {
            "cache_backend": "memory",
            "speech_engine": "espeak",
            "speech_espeak_library": "",
            "speech_espeak_command": command,
        },
        environ={},
    )
    with TestClient(create_app(settings)) as client:
        r = client.get("/api/speech", params={"text": "引擎故障"})
        assert r.status_code == 503, r.text
        error = r.json()["error"]
        assert error["status"] == 503 and error["message"]
        # the rest of the service is fine
        assert client.get("/healthz").status_code == 200
        assert client.post("/api/pinyin", json={"segments": ["银行"]}).status_code == 200


def test_rate_limit_is_shared_by_replicas_and_survives_redis_going(
    redis_server: RedisServer,
) -> None:
    settings = Settings(
        {
            "cache_backend": "redis",
            "redis_url": redis_server.url,
            "rate_limit": "3/minute",
            "speech_engine": "espeak",  # as in tests/conftest.py's settings
        },
        environ={},
    )
    one, two = create_app(settings), create_app(settings)
    with (
        TestClient(one, client=("10.1.1.1", 1)) as a,
        TestClient(two, client=("10.1.1.1", 1)) as b,
    ):
        codes = [c.get("/api/site").status_code for c in (a, b, a, b)]
        assert codes == [200, 200, 200, 429]  # one count across both replicas
        redis_server.kill()
        # counted in each process while Redis is gone: answers, not errors
        assert a.get("/api/site").status_code == 200
        refused = b.get("/api/site", headers={"Origin": "https://any.example"})
        assert refused.status_code in (200, 429)


def test_refusals_carry_cors_headers_for_allowed_sites(tmp_path: Path) -> None:
    settings = Settings(
        {
            "cache_backend": "memory",
            "rate_limit": "1/minute",
            "cors_origins": "https://a.gov.cn",
            "speech_engine": "espeak",  # as in tests/conftest.py's settings
        },
        environ={},
    )
    with TestClient(create_app(settings)) as c:
        c.get("/api/site")
        r = c.get("/api/site", headers={"Origin": "https://a.gov.cn"})
        assert r.status_code == 429
        assert r.headers["access-control-allow-origin"] == "https://a.gov.cn"
        assert "Retry-After" in r.headers["access-control-expose-headers"]
        other = c.get("/api/site", headers={"Origin": "https://b.gov.cn"})
        assert other.status_code == 429 and "access-control-allow-origin" not in other.headers
