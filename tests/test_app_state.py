"""The web layer's services: typed, built once on first use, replaceable through create_app."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from barrierfree.cache import MemoryCache
from barrierfree.config import Config
from barrierfree.pinyin import CustomWords, PinyinEngine, Style
from barrierfree.settings import Settings
from barrierfree.speech import SpeechService
from barrierfree.web.app import create_app
from barrierfree.web.state import AppState, Lazy


class Thing:
    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def test_threads_asking_at_once_get_one_value_built_once() -> None:
    built: list[Thing] = []
    start = threading.Barrier(8)

    def build() -> Thing:
        time.sleep(0.05)  # long enough for every thread to arrive while it is being built
        thing = Thing()
        built.append(thing)
        return thing

    lazy = Lazy(build, Thing.close)
    got: list[Thing] = []

    def ask() -> None:
        start.wait()
        got.append(lazy.get())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1
    assert got == built * 8


def test_close_closes_what_was_built_and_the_next_use_builds_anew() -> None:
    lazy = Lazy(Thing, Thing.close)
    lazy.close()  # nothing built: nothing to close, nothing built by closing
    assert not lazy.built
    first = lazy.get()
    lazy.close()
    assert first.closed == 1 and not lazy.built
    second = lazy.get()
    assert second is not first and second.closed == 0


def test_a_given_value_is_used_and_never_closed() -> None:
    mine = Thing()
    lazy = Lazy.given(mine)
    assert lazy.get() is mine
    lazy.close()
    assert mine.closed == 0
    assert lazy.get() is mine


def test_services_are_built_on_first_use(settings: Settings) -> None:
    state = AppState(Config.from_settings(settings))
    assert not state._speech.built and not state._proxy.built and not state._cache.built
    assert state.proxy is state.proxy  # one per app
    assert state._proxy.built and not state._speech.built
    assert state.proxy.fetcher is state.fetcher  # the proxy and the reader share one fetcher
    state.close()
    assert not state._proxy.built and not state._fetcher.built


class RecordingEngine(PinyinEngine):
    """The real engine, noting each text it is asked about."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def to_pinyin(
        self, text: str, style: Style | str = Style.TONE, words: CustomWords | None = None
    ) -> list[str | None]:
        self.texts.append(text)
        return super().to_pinyin(text, style, words)


def test_create_app_uses_the_pinyin_engine_it_is_given(settings: Settings) -> None:
    engine = RecordingEngine()
    with TestClient(create_app(settings, pinyin=engine)) as client:
        r = client.post("/api/pinyin", json={"segments": ["银行行长"]})
        assert r.status_code == 200
        assert r.json()["segments"] == [["yín", "háng", "háng", "zhǎng"]]
        assert client.app.state.bf.pinyin is engine  # type: ignore[attr-defined]
    assert engine.texts == ["银行行长"]


def test_create_app_uses_the_speech_service_it_is_given_and_leaves_it_open(
    settings: Settings,
) -> None:
    cache = MemoryCache()
    service = SpeechService(settings, cache)
    try:
        with TestClient(create_app(settings, speech=service)) as client:
            r = client.get("/api/speech", params={"text": "你好", "format": "wav"})
            assert r.status_code == 200
            assert client.app.state.bf.speech is service  # type: ignore[attr-defined]
            # the audio went into the given service's cache, not one the app built
            digest = r.headers["etag"].split('"')[1]
            assert cache.get("speech:" + digest) is not None
        # the app has shut down; the service is still the caller's to use
        again = client.app.state.bf.speech  # type: ignore[attr-defined]
        assert again is service
        assert not service._closed.is_set()
    finally:
        service.close()
        cache.close()
