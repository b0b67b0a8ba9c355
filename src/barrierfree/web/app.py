"""The app factory: one ``AppState`` (``state.py``), the middleware, one router per feature."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

import anyio
import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp

from .. import __version__
from ..config import Config
from ..fetch import Fetcher
from ..pinyin import PinyinEngine
from ..proxy import ProxyService
from ..ratelimit import parse_limits
from ..settings import Settings
from ..speech import SpeechService
from .assets import static_version
from .errors import install_error_handlers
from .middleware import ServiceMiddleware
from .routes import ROUTERS
from .state import AppState


class SiteCORSMiddleware(CORSMiddleware):
    """CORS by the current configuration: the service's ``cors_origins`` and every site's."""

    def __init__(self, app: ASGIApp, state: AppState) -> None:
        super().__init__(
            app,
            allow_origins=["https://placeholder.invalid"],  # never "*": decided per request
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
            max_age=86400,
        )
        self._state = state

    def is_allowed_origin(self, origin: str) -> bool:
        return self._state.config.cors_allows(origin)


async def _watch_config(state: AppState, interval: float) -> None:
    while True:
        await anyio.sleep(interval)
        await anyio.to_thread.run_sync(state.watcher.check)


def create_app(
    settings: Settings | Config | None = None,
    *,
    speech: SpeechService | None = None,
    fetcher: Fetcher | None = None,
    proxy: ProxyService | None = None,
    pinyin: PinyinEngine | None = None,
) -> FastAPI:
    """The service.  ``speech``, ``fetcher``, ``proxy`` and ``pinyin`` replace the services
    the app would build from its settings (tests hand in a fetcher with a local resolver,
    say); the caller keeps them and closes them, the app never does.  The proxy and
    ``/api/read`` share one fetcher: ``fetcher``, else the given proxy's, else one built
    from the settings."""
    config = (
        settings if isinstance(settings, Config) else Config.from_settings(settings or Settings())
    )
    state = AppState(config, speech=speech, fetcher=fetcher, proxy=proxy, pinyin=pinyin)
    # fail at start-up, not on the first request, when a limit is malformed
    parse_limits(config.settings.rate_limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with anyio.create_task_group() as tasks:
            if config.path:
                tasks.start_soon(_watch_config, state, CONFIG_POLL_SECONDS)
                _on_sighup(lambda: state.watcher.check(force=True))
            if state.settings.toolbar_minify:
                # minify the toolbar's modules now, not while the first visitor waits
                tasks.start_soon(anyio.to_thread.run_sync, static_version, True)
            yield
            tasks.cancel_scope.cancel()
        state.close()

    app = FastAPI(
        title="barrierfree",
        version=__version__,
        description="无障碍辅助浏览: toolbar, speech, pinyin, easy reading and proxy APIs.",
        lifespan=lifespan,
    )
    app.state.bf = state
    app.add_middleware(SiteCORSMiddleware, state=state)
    app.add_middleware(GZipMiddleware, minimum_size=600)
    # outermost: every answer, refusals included, gets a request id, a metric and a log line
    app.add_middleware(ServiceMiddleware, state=state)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


CONFIG_POLL_SECONDS = 2.0


def _on_sighup(reload: Callable[[], object]) -> None:
    """SIGHUP re-reads the configuration (single-process servers; with several workers
    uvicorn's supervisor owns SIGHUP and the file watch does the job)."""
    import asyncio
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGHUP"):
        return
    with suppress(NotImplementedError, RuntimeError, ValueError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, reload)
