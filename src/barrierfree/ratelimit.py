"""Per-client rate limits (the ``rate_limit`` setting, e.g. ``20/second;600/minute``).

Counted with the ``limits`` library in fixed windows per client address: in Redis when the
cache is Redis (so every replica counts the same visitor together), otherwise in this process.
When Redis is gone the count falls back to this process until it returns: a limit that
briefly counts per replica is better than no service.

Behind nginx the client address is the one nginx reports in ``X-Forwarded-For`` (uvicorn takes
it from the proxies listed in ``forwarded_allow_ips``).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many, storage, strategies

from .errors import ConfigurationError

__all__ = ["RateLimiter", "Verdict", "parse_limits"]

log = logging.getLogger("barrierfree.ratelimit")


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: str = ""
    retry_after: int = 0


def parse_limits(text: str, name: str = "rate_limit") -> list[RateLimitItem]:
    """``20/second;600/minute`` → limit items; empty text: no limit."""
    if not text.strip():
        return []
    try:
        return list(parse_many(text))
    except ValueError:
        raise ConfigurationError(
            f"setting {name} must look like 20/second;600/minute, got {text!r}"
        ) from None


class RateLimiter:
    def __init__(self, limits_text: str, redis_url: str | None = None, retry: float = 1.0) -> None:
        self.items = parse_limits(limits_text)
        self._local = strategies.FixedWindowRateLimiter(storage.MemoryStorage())
        self._shared: strategies.FixedWindowRateLimiter | None = None
        if redis_url and self.items:
            # import it fully first: limits reads redis.__version__ from sys.modules, and a
            # half-imported module (another thread opening the cache) would read as 0.0.0
            import redis  # noqa: F401

            self._shared = strategies.FixedWindowRateLimiter(
                storage.storage_from_string(
                    redis_url, socket_connect_timeout=0.5, socket_timeout=1.0
                )
            )
        self._retry = retry
        self._shared_down_until = 0.0
        self._warned = False

    @property
    def enabled(self) -> bool:
        return bool(self.items)

    @property
    def uses_redis(self) -> bool:
        return self._shared is not None

    def _limiter(self) -> strategies.FixedWindowRateLimiter:
        if self._shared is not None and time.monotonic() >= self._shared_down_until:
            return self._shared
        return self._local

    def check(self, client: str) -> Verdict:
        """Count one request of ``client``; refused when any limit is used up."""
        import redis

        limiter = self._limiter()
        try:
            return self._check(limiter, client)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as exc:
            self._shared_down_until = time.monotonic() + self._retry
            if not self._warned:
                self._warned = True
                log.warning(
                    "rate limits counted per process while Redis is unavailable: %s",
                    f"{type(exc).__name__}: {exc}"[:200],
                    extra={"event": "ratelimit_local"},
                )
            return self._check(self._local, client)

    def _check(self, limiter: strategies.FixedWindowRateLimiter, client: str) -> Verdict:
        for item in self.items:
            if not limiter.hit(item, "bf", client):
                stats = limiter.get_window_stats(item, "bf", client)
                wait = max(1, math.ceil(stats.reset_time - time.time()))
                return Verdict(False, str(item), wait)
        if limiter is self._shared:
            self._warned = False
        return Verdict(True)
