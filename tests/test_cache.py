"""The cache interface, against each real backend (Redis is started by the test)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from barrierfree.cache import DiskCache, MemoryCache, RedisCache, make_cache
from barrierfree.errors import ConfigurationError
from barrierfree.settings import Settings

from .servers import RedisServer


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url


@pytest.fixture(params=["memory", "disk", "redis"])
def cache(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "memory":
        c = MemoryCache(1 << 20)
    elif request.param == "disk":
        c = DiskCache(str(tmp_path / "c"), 1 << 20)
    else:
        c = RedisCache(request.getfixturevalue("redis_url"), prefix=f"t{time.monotonic_ns()}:")
    yield c
    c.close()


def test_roundtrip_and_miss(cache) -> None:  # type: ignore[no-untyped-def]
    assert cache.get("nope") is None
    cache.set("k", b"\x00audio\xff")
    assert cache.get("k") == b"\x00audio\xff"
    cache.set("k", b"new")
    assert cache.get("k") == b"new"


def test_memory_cache_is_bounded_lru() -> None:
    c = MemoryCache(size_bytes=10)
    c.set("a", b"12345")
    c.set("b", b"12345")
    assert c.get("a") == b"12345"  # a is now the most recently used
    c.set("c", b"12345")
    assert c.get("b") is None
    assert c.get("a") == b"12345" and c.get("c") == b"12345"
    c.set("huge", b"x" * 11)
    assert c.get("huge") is None


def test_disk_cache_is_bounded(tmp_path: Path) -> None:
    c = DiskCache(str(tmp_path / "d"), size_bytes=200_000)
    for i in range(40):
        c.set(f"k{i}", bytes([i]) * 20_000)
    kept = sum(c.get(f"k{i}") is not None for i in range(40))
    assert 0 < kept < 40
    assert c.get("k39") == bytes([39]) * 20_000
    c.close()


def test_make_cache_from_settings(tmp_path: Path, redis_url: str) -> None:
    s = Settings({"cache_backend": "disk", "cache_dir": str(tmp_path / "x")}, environ={})
    assert isinstance(make_cache(s), DiskCache)
    assert isinstance(make_cache(s.replace(cache_backend="memory")), MemoryCache)
    r = make_cache(s.replace(cache_backend="redis", redis_url=redis_url))
    r.set("x", b"1")
    assert r.get("x") == b"1"
    with pytest.raises(ConfigurationError, match="cache_backend"):
        make_cache(s.replace(cache_backend="nosuch"))


def test_redis_claim_taken_after_another_replica_stored_gives_its_value(redis_url: str) -> None:
    """A replica that missed the cache, then takes the making claim only after the other
    replica stored the value and let go, gets that value instead of making it again."""
    prefix = f"t{time.monotonic_ns()}:"
    this, other = RedisCache(redis_url, prefix=prefix), RedisCache(redis_url, prefix=prefix)
    assert this.get("sentence") is None  # this replica's miss
    with other.making("sentence") as made:  # the other replica makes and stores it
        assert made is None
        other.set("sentence", b"audio")
    with this.making("sentence") as found:
        assert found == b"audio"
    with this.making("another") as nobody:  # nobody has it: this replica makes it
        assert nobody is None
    this.close()
    other.close()
