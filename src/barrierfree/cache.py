"""One byte-cache interface with three backends.

* ``disk`` (default): diskcache, bounded in size, shared by the workers of one machine;
* ``redis``: shared by many replicas behind a load balancer;
* ``memory``: bounded LRU inside one process (tests, tiny deployments).

Keys are strings built by the caller (for audio: a hash of normalised text, engine, voice,
rate and format); values are bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol

from .errors import ConfigurationError

if TYPE_CHECKING:
    from .settings import Settings


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes) -> None: ...

    def close(self) -> None: ...


class MemoryCache:
    """An LRU bounded by the total size of its values."""

    def __init__(self, size_bytes: int = 64 << 20) -> None:
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._limit = size_bytes
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        if len(value) > self._limit:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._data[key] = value
            self._size += len(value)
            while self._size > self._limit:
                _, dropped = self._data.popitem(last=False)
                self._size -= len(dropped)

    def close(self) -> None:
        with self._lock:
            self._data.clear()
            self._size = 0


class DiskCache:
    def __init__(self, directory: str, size_bytes: int) -> None:
        import diskcache

        # least-recently-used eviction keeps hot sentences when the bound is reached
        self._cache = diskcache.Cache(
            directory, size_limit=size_bytes, eviction_policy="least-recently-used"
        )

    def get(self, key: str) -> bytes | None:
        value = self._cache.get(key)
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes) -> None:
        self._cache.set(key, value)

    def close(self) -> None:
        self._cache.close()


class RedisCache:
    def __init__(self, url: str, prefix: str = "barrierfree:") -> None:
        import redis

        self._client = redis.Redis.from_url(url)
        self._prefix = prefix

    def get(self, key: str) -> bytes | None:
        value = self._client.get(self._prefix + key)
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes) -> None:
        self._client.set(self._prefix + key, value)

    def close(self) -> None:
        self._client.close()


def make_cache(settings: Settings) -> Cache:
    backend = settings.cache_backend
    size = int(settings.cache_size_mb) << 20
    if backend == "disk":
        return DiskCache(settings.cache_dir, size)
    if backend == "memory":
        return MemoryCache(size)
    if backend == "redis":
        return RedisCache(settings.redis_url)
    raise ConfigurationError(f"unknown cache_backend {backend!r} (expected disk, redis or memory)")
