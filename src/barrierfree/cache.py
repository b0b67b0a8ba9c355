"""One byte-cache interface with three backends.

* ``disk`` (default): diskcache, bounded in size, shared by the workers of one machine;
* ``redis``: shared by many replicas behind a load balancer;
* ``memory``: bounded LRU inside one process (tests, tiny deployments).

Keys are strings built by the caller (for audio: a hash of normalised text, engine, voice,
rate and format); values are bytes.

A cache is an optimisation, never a dependency: when the disk is full or unwritable, or Redis
is gone, every call answers as a miss (``get`` → ``None``, ``set`` does nothing), the fault is
logged once, and the backend is tried again a little later, so the service keeps answering
uncached and picks the cache up again when it returns.

Disk and Redis entries are framed with their length and SHA-256 (:func:`frame`): an entry cut
short by a worker killed mid-write, or damaged on disk, fails the check, is dropped and reads as
a miss — a corrupted entry is never served.

:meth:`get_or_make` is the single-flight path: of many requests for the same missing key, one
makes the value and the others wait for it — inside a process with a lock per key, and across
replicas (Redis backend) with a short lock in Redis.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import struct
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from . import metrics
from .errors import ConfigurationError

if TYPE_CHECKING:
    from .settings import Settings

__all__ = ["Cache", "DiskCache", "MemoryCache", "RedisCache", "frame", "make_cache", "unframe"]

log = logging.getLogger("barrierfree.cache")

_MAGIC = b"BFc1"
_HEADER = struct.Struct(">4sQ32s")  # magic, length, sha256


def frame(value: bytes) -> bytes:
    """``value`` with a header carrying its length and digest."""
    return _HEADER.pack(_MAGIC, len(value), hashlib.sha256(value).digest()) + value


def unframe(stored: bytes) -> bytes | None:
    """The value inside ``stored``, or ``None`` when it is truncated, padded or altered."""
    if len(stored) < _HEADER.size:
        return None
    magic, length, digest = _HEADER.unpack_from(stored)
    value = stored[_HEADER.size :]
    if magic != _MAGIC or len(value) != length or hashlib.sha256(value).digest() != digest:
        return None
    return value


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes) -> None: ...

    def get_or_make(self, key: str, make: Callable[[], bytes]) -> tuple[bytes, bool]:
        """The cached value and ``True``, or ``make()``'s (stored) and ``False``."""
        ...

    def making(self, key: str) -> AbstractContextManager[bytes | None]:
        """Hold the right to make ``key`` among replicas while the block runs (a caller that
        streams its value as it is made, then stores it).  Yields ``None`` when this caller
        should make it, or the value when another replica made it while this one waited."""
        ...

    def close(self) -> None: ...


class _Outage:
    """Remembers that a backend failed: log once, retry after ``retry`` seconds."""

    def __init__(self, backend: str, retry: float) -> None:
        self.backend = backend
        self.retry = retry
        self._down_since: float | None = None
        self._next_try = 0.0
        self._lock = threading.Lock()

    def skip(self) -> bool:
        """True while the backend is known down and not yet due for another try."""
        return self._down_since is not None and time.monotonic() < self._next_try

    def failed(self, exc: BaseException) -> None:
        metrics.CACHE_EVENTS.labels(self.backend, "error").inc()
        with self._lock:
            now = time.monotonic()
            first = self._down_since is None
            if first:
                self._down_since = now
            self._next_try = now + self.retry
        if first:
            log.warning(
                "%s cache unavailable, answering uncached until it returns: %s",
                self.backend,
                _describe(exc),
                extra={"event": "cache_down", "backend": self.backend},
            )

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            log.warning(
                "%s cache is back after %.1f s",
                self.backend,
                time.monotonic() - since,
                extra={"event": "cache_up", "backend": self.backend},
            )


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


class _SingleFlight:
    """``get_or_make`` with one maker per key inside this process."""

    backend = "memory"

    def __init__(self) -> None:
        self._flights: dict[str, threading.Lock] = {}
        self._flights_lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        raise NotImplementedError

    def set(self, key: str, value: bytes) -> None:
        raise NotImplementedError

    @contextmanager
    def _flight(self, key: str) -> Iterator[None]:
        with self._flights_lock:
            lock = self._flights.setdefault(key, threading.Lock())
        try:
            with lock:
                yield
        finally:
            with self._flights_lock:
                # the last one out removes the lock (a waiter holds a reference and re-adds none)
                if not lock.locked() and self._flights.get(key) is lock:
                    del self._flights[key]

    def _count(self, value: bytes | None) -> bytes | None:
        metrics.CACHE_EVENTS.labels(self.backend, "miss" if value is None else "hit").inc()
        return value

    def get_or_make(self, key: str, make: Callable[[], bytes]) -> tuple[bytes, bool]:
        value = self.get(key)
        if value is not None:
            return value, True
        with self._flight(key):
            value = self.get(key)  # made by another thread while this one waited
            if value is not None:
                return value, True
            return self._make_shared(key, make)

    def _make_shared(self, key: str, make: Callable[[], bytes]) -> tuple[bytes, bool]:
        with self.making(key) as other:
            if other is not None:
                return other, True
            value = make()
            self.set(key, value)
            return value, False

    @contextmanager
    def making(self, key: str) -> Iterator[bytes | None]:
        yield None  # one process (or one machine's disk): nobody else to ask


class MemoryCache(_SingleFlight):
    """An LRU bounded by the total size of its values."""

    backend = "memory"

    def __init__(self, size_bytes: int = 64 << 20) -> None:
        super().__init__()
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._limit = size_bytes
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
        return self._count(value)

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


class DiskCache(_SingleFlight):
    """diskcache, opened lazily; a full or unwritable disk makes it a miss, not an error."""

    backend = "disk"

    def __init__(self, directory: str, size_bytes: int, *, retry: float = 30.0) -> None:
        super().__init__()
        self._directory = directory
        self._size = size_bytes
        self._cache: Any = None
        self._open_lock = threading.Lock()
        self._outage = _Outage("disk", retry)
        self._open()

    def _open(self) -> Any:
        if self._cache is not None:
            return self._cache
        if self._outage.skip():
            return None
        with self._open_lock:
            if self._cache is None:
                import diskcache

                try:
                    # least-recently-used eviction keeps hot sentences when the bound is reached
                    self._cache = diskcache.Cache(
                        self._directory,
                        size_limit=self._size,
                        eviction_policy="least-recently-used",
                    )
                except Exception as exc:  # OSError, sqlite3 errors: unwritable, full, damaged
                    self._outage.failed(exc)
                    return None
        return self._cache

    def get(self, key: str) -> bytes | None:
        cache = self._open()
        if cache is None:
            return self._count(None)
        try:
            stored = cache.get(key)
        except Exception as exc:
            self._outage.failed(exc)
            return self._count(None)
        self._outage.succeeded()
        if not isinstance(stored, bytes):
            return self._count(None)
        value = unframe(stored)
        if value is None:
            metrics.CACHE_EVENTS.labels(self.backend, "corrupt").inc()
            log.warning(
                "dropped a damaged disk cache entry", extra={"event": "cache_corrupt", "key": key}
            )
            try:
                cache.delete(key)
            except Exception as exc:
                self._outage.failed(exc)
        return self._count(value)

    def set(self, key: str, value: bytes) -> None:
        cache = self._open()
        if cache is None or self._outage.skip():
            return
        try:
            cache.set(key, frame(value))
        except Exception as exc:  # disk full (sqlite3.OperationalError / OSError ENOSPC), read-only
            self._outage.failed(exc)
        else:
            self._outage.succeeded()

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()


class RedisCache(_SingleFlight):
    """Redis, shared by replicas.  Short timeouts: a Redis that is gone costs each request at
    most one failed connect, and then nothing until the retry interval has passed."""

    backend = "redis"

    def __init__(
        self,
        url: str,
        prefix: str = "barrierfree:",
        *,
        retry: float = 1.0,
        lock_ttl: float = 30.0,
        wait_poll: float = 0.02,
    ) -> None:
        super().__init__()
        import redis

        self._client = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=2.0, health_check_interval=10
        )
        self._prefix = prefix
        self._outage = _Outage("redis", retry)
        self._lock_ttl = lock_ttl
        self._wait_poll = wait_poll

    def _call(self, fn: Callable[[], Any]) -> tuple[bool, Any]:
        """(ok, result) of a Redis call; a connection fault marks Redis down."""
        import redis

        if self._outage.skip():
            return False, None
        try:
            result = fn()
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as exc:
            self._outage.failed(exc)
            return False, None
        self._outage.succeeded()
        return True, result

    def get(self, key: str) -> bytes | None:
        name = self._prefix + key
        ok, stored = self._call(lambda: self._client.get(name))
        if not ok or not isinstance(stored, bytes):
            return self._count(None)
        value = unframe(stored)
        if value is None:
            metrics.CACHE_EVENTS.labels(self.backend, "corrupt").inc()
            self._call(lambda: self._client.delete(name))
        return self._count(value)

    def set(self, key: str, value: bytes) -> None:
        data = frame(value)
        self._call(lambda: self._client.set(self._prefix + key, data))

    @contextmanager
    def making(self, key: str) -> Iterator[bytes | None]:
        """Make ``key`` once across replicas: take ``lock:<key>`` in Redis (expiring, so a
        replica that dies while holding it blocks the others for at most ``lock_ttl``), or
        wait for the holder's value."""
        lock = f"{self._prefix}lock:{key}"
        token = secrets.token_hex(8)
        ttl_ms = int(self._lock_ttl * 1000)
        started = time.monotonic()
        while True:
            ok, got = self._call(lambda: self._client.set(lock, token, nx=True, px=ttl_ms))
            if not ok:
                yield None  # Redis gone: make it here, uncached
                return
            if got:
                # made and stored by another replica between this caller's cache miss and
                # taking the lock (the holder releases it only after storing): not again
                value = self.get(key)
                if value is not None:
                    self._release(lock, token)
                    metrics.SYNTHESIS_WAIT_SECONDS.observe(time.monotonic() - started)
                    yield value
                    return
                try:
                    yield None
                finally:
                    self._release(lock, token)
                return
            # another replica is making it: wait for the value or for its lock to go
            while True:
                time.sleep(self._wait_poll)
                value = self.get(key)
                if value is not None:
                    metrics.SYNTHESIS_WAIT_SECONDS.observe(time.monotonic() - started)
                    yield value
                    return
                ok, held = self._call(lambda: self._client.exists(lock))
                if not ok:
                    yield None
                    return
                if not held:
                    break  # the holder failed without a value: try to take the lock

    _RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"

    def _release(self, lock: str, token: str) -> None:
        # only our own lock: after a long make ours may have expired and another replica's be there
        self._call(lambda: self._client.eval(self._RELEASE, 1, lock, token))

    def close(self) -> None:
        self._client.close()


def make_cache(settings: Settings) -> Cache:
    backend = settings.cache_backend
    size = int(settings.cache_size_mb) << 20
    if backend == "disk":
        return DiskCache(os.fspath(settings.cache_dir), size)
    if backend == "memory":
        return MemoryCache(size)
    if backend == "redis":
        return RedisCache(settings.redis_url)
    raise ConfigurationError(f"unknown cache_backend {backend!r} (expected disk, redis or memory)")
