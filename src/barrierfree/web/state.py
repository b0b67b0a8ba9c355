"""What the routes share: ``AppState``, its lazily built services, and access from a request.

Every service is a typed attribute (``state.speech``, ``state.pinyin`` and its
``state.pinyin_memo``, ``state.fetcher``, ``state.proxy``, ``state.cache``,
``state.rate_limiter``) built on first use by one mechanism, ``Lazy``.  Tests hand in their
own through ``create_app(settings, speech=..., fetcher=..., proxy=..., pinyin=...)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from fastapi import Request

from ..cache import Cache, make_cache
from ..config import Config, ConfigWatcher
from ..fetch import Fetcher
from ..pinyin import PinyinEngine, default_engine
from ..pinyin.memo import ReadingMemo
from ..proxy import ProxyService
from ..ratelimit import RateLimiter
from ..settings import Settings
from ..speech import SpeechService

T = TypeVar("T")


class Lazy(Generic[T]):
    """A value built on first use, once, however many threads ask for it at the same time.

    Each value has its own lock unless given one: the speech engine may take seconds to load,
    and the first request for anything else must not wait for it.  ``close()`` closes what was built and
    forgets it, so the next use (an app started again) builds it anew.  A value given to
    ``Lazy.given`` belongs to whoever made it: it is used as is, never closed or forgotten.
    """

    def __init__(
        self,
        build: Callable[[], T],
        close: Callable[[T], object] | None = None,
        lock: threading.Lock | None = None,
    ) -> None:
        self._build = build
        self._close = close
        self._lock = lock or threading.Lock()
        self._value: T | None = None
        self._owned = True

    @classmethod
    def given(cls, value: T) -> Lazy[T]:
        lazy = cls(lambda: value)
        lazy._value = value
        lazy._owned = False
        return lazy

    def get(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                value = self._value
                if value is None:
                    value = self._value = self._build()
        return value

    @property
    def built(self) -> bool:
        return self._value is not None

    def close(self) -> None:
        if not self._owned:
            return
        with self._lock:
            value, self._value = self._value, None
        if value is not None and self._close is not None:
            self._close(value)


def _lazy(
    given: T | None,
    build: Callable[[], T],
    close: Callable[[T], object] | None,
    lock: threading.Lock | None = None,
) -> Lazy[T]:
    return Lazy.given(given) if given is not None else Lazy(build, close, lock)


# one speech service is built at a time in a process, whichever app asks: the engines load
# native libraries and models (espeak-ng, onnxruntime) that are not made to load twice at once
_SPEECH_BUILD = threading.Lock()


class AppState:
    """The configuration (swapped whole on reload) and the services, each built on first use.

    Nothing here is state a request depends on finding again: with Redis every replica
    shares the cache, the rate-limit counts and the synthesis locks."""

    def __init__(
        self,
        config: Config,
        *,
        speech: SpeechService | None = None,
        fetcher: Fetcher | None = None,
        proxy: ProxyService | None = None,
        pinyin: PinyinEngine | None = None,
    ) -> None:
        self.watcher = ConfigWatcher(config)
        self._cache: Lazy[Cache] = Lazy(lambda: make_cache(self.settings), _close)
        self._rate_limiter = Lazy(self._build_rate_limiter)
        self._speech = _lazy(speech, self._build_speech, _close, _SPEECH_BUILD)
        # one fetcher for the proxy and the reader; a proxy handed in brings its own
        if fetcher is None and proxy is not None:
            fetcher = proxy.fetcher
        self._fetcher = _lazy(fetcher, lambda: Fetcher.from_settings(self.settings), _close)
        self._proxy = _lazy(
            proxy, lambda: ProxyService.from_settings(self.settings, fetcher=self.fetcher), _close
        )
        # the engine is immutable and holds nothing to release: one per process serves every
        # app and site
        self._pinyin = _lazy(pinyin, default_engine, None)
        # the readings of recent texts, per app (its size is a setting)
        self._pinyin_memo = Lazy(
            lambda: ReadingMemo(self.pinyin, max_chars=self.settings.pinyin_memo_chars)
        )

    @property
    def config(self) -> Config:
        return self.watcher.config

    @property
    def settings(self) -> Settings:
        return self.watcher.config.settings

    @property
    def cache(self) -> Cache:
        return self._cache.get()

    @property
    def rate_limiter(self) -> RateLimiter:
        return self._rate_limiter.get()

    @property
    def speech(self) -> SpeechService:
        return self._speech.get()

    @property
    def fetcher(self) -> Fetcher:
        """The one fetcher (checks, limits, concurrency slots) of the proxy and the reader."""
        return self._fetcher.get()

    @property
    def proxy(self) -> ProxyService:
        """The page proxy's service (whether the proxy is turned on is the routes' question)."""
        return self._proxy.get()

    @property
    def pinyin(self) -> PinyinEngine:
        return self._pinyin.get()

    @property
    def pinyin_memo(self) -> ReadingMemo:
        """``pinyin.to_pinyin`` with the readings of recent texts remembered."""
        return self._pinyin_memo.get()

    def _build_rate_limiter(self) -> RateLimiter:
        s = self.settings
        shared = s.redis_url if s.cache_backend == "redis" else None
        return RateLimiter(s.rate_limit, shared)

    def _build_speech(self) -> SpeechService:
        service = SpeechService(self.settings, self.cache)
        service.warm_up()
        return service

    def close(self) -> None:
        # the services that write to the cache first, then the cache; the rate limiter has
        # nothing to release and keeps its counts while the app lives
        self._pinyin_memo.close()
        for lazy in (self._speech, self._proxy, self._fetcher, self._pinyin, self._cache):
            lazy.close()


class _Closable(Protocol):
    def close(self) -> None: ...


def _close(value: _Closable) -> None:
    value.close()


def app_state(request: Request) -> AppState:
    return request.app.state.bf  # type: ignore[no-any-return]


def note_error(request: Request, code: str) -> None:
    """Tell the metrics and the request log which error this request ended with."""
    request.scope.setdefault("state", {})["error_code"] = code
