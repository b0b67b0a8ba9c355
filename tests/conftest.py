"""Shared fixtures: the real app in-process, and a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from barrierfree.settings import Settings
from barrierfree.web.app import create_app

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The real-page sweep's shards run first, browser tests last.

    Playwright's sync API keeps an asyncio loop running in the main thread for as long as
    the (session-wide) browser lives; a test that starts its own loop there afterwards —
    the CLI's ``anyio.run`` — would find one running.  The sweep drives its own chromium
    with the async API in a thread of its own, which leaves no loop behind, so its shards
    (the longest tests) can go first. pytest-xdist (load scheduling) starts each worker on a
    run of consecutive tests, a quarter of its share: with two workers the first one gets
    every shard and the next tests, the other starts on the tests after those, and the rest
    goes to whichever worker is free, so both end together while the tests other than the
    sweep take longer than it. The sort is stable, so the order within each part is kept.
    """
    here = Path(__file__).resolve().parent
    browser, sweep = here / "browser", here / "browser" / "test_sweep.py"

    def part(item: pytest.Item) -> int:
        path = Path(str(item.path))
        return 0 if path == sweep else 2 if browser in path.parents else 1

    items.sort(key=part)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # espeak-ng: quick and deterministic for tests about the service; the Kokoro voice (the
    # default) has its own tests in test_speech_kokoro.py and the browser speech tests
    return Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path / "cache"),
            "speech_engine": "espeak",
        },
        environ={},
    )


@pytest.fixture
def app(settings: Settings):  # type: ignore[no-untyped-def]
    return create_app(settings)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


class LiveServer:
    """A real uvicorn serving an app on 127.0.0.1 in a background thread."""

    def __init__(self, app, host: str = "127.0.0.1") -> None:  # type: ignore[no-untyped-def]
        self.host = host
        self.port = free_port()
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    cache_dir = tmp_path_factory.mktemp("live-cache")
    # one address (127.0.0.1) drives every browser test: no per-client limit here
    return Settings(
        {
            "cache_backend": "disk",
            "cache_dir": str(cache_dir),
            "speech_engine": "espeak",
            "rate_limit": "",
        },
        environ={},
    )


@pytest.fixture(scope="session")
def live_server(live_settings: Settings) -> Iterator[LiveServer]:
    server = LiveServer(create_app(live_settings)).start()
    yield server
    server.stop()
