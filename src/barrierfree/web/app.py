"""The app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from .. import __version__
from ..cache import Cache, make_cache
from ..settings import Settings
from .errors import install_error_handlers
from .routes import demo, health, pinyin, proxy, qr, reader, speech, toolbar

# One router per feature; a feature adds its line here.
_ROUTERS = [
    health.router,
    toolbar.router,
    demo.router,
    speech.router,
    proxy.router,
    qr.router,
    reader.router,
    pinyin.router,
]


class AppState:
    """What the routes share: settings and lazily built services."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._cache: Cache | None = None
        self.services: dict[str, Any] = {}

    @property
    def cache(self) -> Cache:
        if self._cache is None:
            self._cache = make_cache(self.settings)
        return self._cache

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
        for service in self.services.values():
            close = getattr(service, "close", None)
            if callable(close):
                close()
        self.services.clear()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    state = AppState(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="barrierfree",
        version=__version__,
        description="无障碍辅助浏览: toolbar, speech, pinyin, easy reading and proxy APIs.",
        lifespan=lifespan,
    )
    app.state.bf = state
    origins = settings.csv("cors_origins") or ["*"]
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type"],
        max_age=86400,
    )
    app.add_middleware(GZipMiddleware, minimum_size=600)
    install_error_handlers(app)
    for router in _ROUTERS:
        app.include_router(router)
    return app
