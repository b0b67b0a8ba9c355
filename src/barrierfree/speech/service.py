"""The speech service: text → normalised sentences → engine → encoder → cache.

The HTTP API and the CLI both go through :class:`SpeechService`, so they say the same thing.

Audio addresses: every piece of audio is fully determined by its *recipe* — normalised text,
engine identity (engine, version, voice), rate, volume and format.  The SHA-256 of the recipe
is the cache key and the path of an immutable URL,
``/api/speech/audio/<digest>.mp3?text=…&voice=…&rate=…&volume=…``; the query carries the
recipe so any replica (or a CDN's miss) can rebuild the audio when the cache no longer holds it,
and the digest is re-checked so a URL can never name audio it does not describe.
"""

from __future__ import annotations

import collections
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from .. import metrics
from ..errors import (
    BadRequest,
    BarrierFreeError,
    ConfigurationError,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
)
from .encode import AudioFormat, Mp3Encoder, audio_format, wav_header
from .engines import Engine, make_engine
from .limits import Priority, SynthesisQueue, priority
from .normalize import normalize
from .segment import split_clauses, split_sentences

if TYPE_CHECKING:
    from ..cache import Cache
    from ..settings import Settings

__all__ = [
    "Audio",
    "AudioStream",
    "PlannedSentence",
    "Prepared",
    "SpeechRequest",
    "SpeechService",
]

log = logging.getLogger(__name__)

RATE_RANGE = (0.5, 2.0)
KEY_VERSION = "speech1"


@dataclass(frozen=True)
class SpeechRequest:
    """What a client asks for; values are validated and rounded so equal requests share audio."""

    text: str
    rate: float = 1.0
    volume: float = 1.0
    format: str = "mp3"
    voice: str = ""
    #: the text's main language: "zh" (Mandarin with embedded English) or "en" (English page)
    lang: str = "zh"
    #: who waits for it: now (pointed at, pressed), next (连读 ahead), warm (preparing);
    #: decides the place in the synthesis queue, never the audio
    priority: str = "now"


@dataclass(frozen=True)
class Audio:
    data: bytes
    media_type: str
    digest: str
    cached: bool
    url: str


@dataclass
class AudioStream:
    """A cache miss being made: ``chunks`` yields the encoded audio as each clause is
    synthesised (the first one already made, so errors surface before a response starts);
    the whole audio is cached when the stream ends."""

    media_type: str
    digest: str
    url: str
    chunks: Iterator[bytes]
    cached: bool = False


@dataclass(frozen=True)
class Prepared:
    """What :meth:`SpeechService.prepare` did with a page's text."""

    sentences: int
    cached: int
    queued: int


@dataclass(frozen=True)
class PlannedSentence:
    index: int
    text: str
    start: int
    end: int
    spoken: str
    url: str


@dataclass(frozen=True)
class _Recipe:
    spoken: str
    engine: str
    voice: str
    rate: float
    volume: float
    fmt: AudioFormat
    lang: str = "zh"

    @property
    def digest(self) -> str:
        parts = [
            KEY_VERSION,
            self.spoken,
            self.engine,
            self.voice,
            self.rate,
            self.volume,
            self.fmt.name,
            self.lang,
        ]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def url(self) -> str:
        params: dict[str, str | float] = {
            "text": self.spoken,
            "voice": self.voice,
            "rate": self.rate,
            "volume": self.volume,
        }
        if self.lang != "zh":
            params["lang"] = self.lang
        query = urlencode(params)
        return f"/api/speech/audio/{self.digest}.{self.fmt.extension}?{query}"


def _number(name: str, value: float, low: float, high: float) -> float:
    if not low <= value <= high:
        raise BadRequest(
            f"{name} must be between {low:g} and {high:g}, got {value:g}", code=f"bad_{name}"
        )
    # two decimals: a slider nudged by 0.001 must not miss the cache
    return round(float(value), 2)


def _lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        raise BadRequest(f"lang must be zh or en, got {lang!r}", code="bad_lang")
    return lang


class SpeechService:
    def __init__(self, settings: Settings, cache: Cache, engine: Engine | None = None) -> None:
        self.settings = settings
        self.cache = cache
        #: set when the configured engine could not run and espeak-ng answers instead
        self.fallback: str | None = None
        if engine is None:
            engine, self.fallback = make_engine(settings)
        self.engine = engine
        #: cut a long first clause near its start (segment.split_clauses): sooner, a little
        #: less clear (a different recipe, so it never shares audio with the uncut reading)
        self.quick_start = bool(settings.speech_quick_start)
        concurrency = (
            int(settings.speech_concurrency)
            or int(getattr(engine, "concurrency", 0))
            or (os.cpu_count() or 1)
        )
        self.queue = SynthesisQueue(
            concurrency, int(settings.speech_queue), float(settings.speech_queue_timeout)
        )
        self.max_chars = int(settings.speech_max_chars)
        self.plan_max_chars = int(settings.speech_plan_max_chars)
        self.warm_max = int(settings.speech_warm_max)
        self._inflight: dict[str, _Flight] = {}
        self._inflight_lock = threading.Lock()
        self._warm: collections.deque[_Recipe] = collections.deque()
        self._warm_lock = threading.Lock()
        self._warmer: threading.Thread | None = None
        self._closed = threading.Event()

    def warm_up(self) -> None:
        """Load the dictionaries, the model and probe the engine now, not during the first
        request."""
        normalize("2022年9月30日")
        split_sentences("预热。")
        from .syllables import numbered_pinyin

        numbered_pinyin("银行")
        try:
            self.engine.check()
            self.engine.identity(self.engine.default_voice())
        except BarrierFreeError:
            pass  # reported to each request instead

    # -- recipes -----------------------------------------------------------------------
    def voice_aliases(self, lang: str = "zh") -> dict[str, str]:
        """``female``/``male`` (what the toolbar's 女声/男声 send) → this engine's voices."""
        aliases = getattr(self.engine, "voice_aliases", None)
        return dict(aliases(lang)) if aliases is not None else {}

    def default_voice(self, lang: str = "zh") -> str:
        wanted = self.settings.speech_voice or self.engine.default_voice()
        return self.voice_aliases(lang).get(wanted, wanted)

    def _recipe(self, spoken: str, req: SpeechRequest) -> _Recipe:
        lang = _lang(req.lang)
        aliases = self.voice_aliases(lang)
        wanted = req.voice or self.settings.speech_voice
        if wanted in aliases:
            voice = aliases[wanted]
        elif not wanted or wanted in ("female", "male"):
            # no choice, or a 女声/男声 this engine cannot honour: its own default (for an
            # English page, its English female voice when it has one)
            voice = aliases.get("female", "") if lang == "en" else ""
            voice = voice or self.engine.default_voice()
        else:
            voice = wanted
        known = self.engine.voices()
        if known and voice not in known:
            raise BadRequest(
                f"unknown voice {voice!r}; this engine has: female, male, {', '.join(known[:20])}"
                + (f" and {len(known) - 20} more" if len(known) > 20 else ""),
                code="unknown_voice",
            )
        engine = self.engine.identity(voice)
        if self.quick_start and getattr(self.engine, "clause_level", False):
            engine += "+quick-start-2"  # 2: never cut inside a number (segment.py)
        return _Recipe(
            spoken=spoken,
            engine=engine,
            voice=voice,
            rate=_number("rate", req.rate, *RATE_RANGE),
            volume=_number("volume", req.volume, 0.0, 1.0),
            fmt=audio_format(req.format),
            lang=lang,
        )

    def _check_text(self, text: str, limit: int) -> str:
        if not text or not text.strip():
            raise BadRequest("text is empty: nothing to read", code="empty_text")
        if len(text) > limit:
            raise PayloadTooLarge(
                f"text is {len(text)} characters; at most {limit} per request "
                "(use /api/speech/plan for longer texts)",
            )
        return text

    # -- public ------------------------------------------------------------------------
    def plan(self, req: SpeechRequest) -> list[PlannedSentence]:
        """Sentences of ``req.text`` with their audio URLs; nothing is synthesised yet."""
        text = self._check_text(req.text, self.plan_max_chars)
        self.engine.check()  # a missing engine is reported now, before the client starts reading
        out: list[PlannedSentence] = []
        for sentence in split_sentences(text):
            spoken = normalize(sentence.text, req.lang)
            recipe = self._recipe(spoken, req)
            out.append(
                PlannedSentence(
                    len(out), sentence.text, sentence.start, sentence.end, spoken, recipe.url()
                )
            )
        return out

    def speak(self, req: SpeechRequest) -> Audio:
        """Audio for ``req.text`` (normalised here), from the cache or synthesised whole."""
        return _whole(self.speak_stream(req))

    def speak_stream(self, req: SpeechRequest) -> Audio | AudioStream:
        """Like :meth:`speak`, but a cache miss comes back as a stream that starts with the
        first clause."""
        text = self._check_text(req.text, self.max_chars)
        return self._audio(self._recipe(normalize(text, req.lang), req), priority(req.priority))

    def by_address(self, digest: str, ext: str, req: SpeechRequest) -> Audio:
        return _whole(self.by_address_stream(digest, ext, req))

    def by_address_stream(self, digest: str, ext: str, req: SpeechRequest) -> Audio | AudioStream:
        """Audio for an address made by :meth:`plan`; 404 when the recipe does not match.

        The address carries the text as it is spoken (already normalised), and the digest
        covers exactly that, so it is not normalised again.
        """
        text = self._check_text(req.text, self.max_chars)
        fmt = audio_format(ext)
        recipe = self._recipe(
            text, SpeechRequest(text, req.rate, req.volume, fmt.name, req.voice, req.lang)
        )
        if recipe.digest != digest:
            raise NotFound(
                "this audio address does not match its parameters (or the server's engine changed); "
                "ask /api/speech/plan again",
                code="stale_audio_address",
            )
        return self._audio(recipe, priority(req.priority))

    def prepare(self, texts: list[str], req: SpeechRequest) -> Prepared:
        """Queue the sentences of ``texts`` (a page's blocks, in reading order) for
        synthesis in the background, so that pointing at one is usually a cache hit.

        The newest page goes first; what does not fit ``speech_warm_max`` is dropped
        from the end (the part of an older page furthest from where its visitor reads).
        """
        total = sum(len(t) for t in texts)
        if total > self.plan_max_chars:
            raise PayloadTooLarge(
                f"the texts are {total} characters; at most {self.plan_max_chars} per request"
            )
        self.engine.check()
        recipes: list[_Recipe] = []
        seen: set[str] = set()
        cached = 0
        for text in texts:
            for sentence in split_sentences(text):
                recipe = self._recipe(normalize(sentence.text, req.lang), req)
                if recipe.digest in seen or not any(ch.isalnum() for ch in recipe.spoken):
                    continue
                seen.add(recipe.digest)
                if self.cache.get("speech:" + recipe.digest) is not None:
                    cached += 1
                else:
                    recipes.append(recipe)
        with self._warm_lock:
            queued = {r.digest for r in self._warm}
            fresh = [r for r in recipes if r.digest not in queued]
            self._warm.extendleft(reversed(fresh))
            while len(self._warm) > self.warm_max:
                self._warm.pop()
            if fresh and (self._warmer is None or not self._warmer.is_alive()):
                self._warmer = threading.Thread(target=self._warm_loop, daemon=True)
                self._warmer.start()
        return Prepared(len(seen), cached, len(fresh))

    @property
    def warm_pending(self) -> int:
        with self._warm_lock:
            return len(self._warm)

    # -- making audio ------------------------------------------------------------------
    def _audio(self, recipe: _Recipe, prio: Priority) -> Audio | AudioStream:
        key = "speech:" + recipe.digest
        data = self.cache.get(key)
        if data is not None:
            return Audio(data, recipe.fmt.media_type, recipe.digest, True, recipe.url())
        if not any(ch.isalnum() for ch in recipe.spoken):
            raise BadRequest("nothing speakable in the text", code="empty_text")
        # one synthesis per recipe in this process: a second request for audio being made
        # waits for it instead of making it again
        with self._inflight_lock:
            busy = self._inflight.get(key)
            if busy is None:
                mine = self._inflight[key] = _Flight(prio)
            else:
                # a visitor waiting for audio that warming is making: it goes at their pace
                busy.priority = min(busy.priority, prio)
        if busy is not None:
            self.queue.reconsider()
            busy.done.wait(timeout=self.queue.timeout + 60)
            data = self.cache.get(key)
            if data is not None:
                return Audio(data, recipe.fmt.media_type, recipe.digest, True, recipe.url())
            with self._inflight_lock:
                mine = self._inflight.setdefault(key, _Flight(prio))
        # among replicas sharing a cache (Redis) one makes it: when another replica made it
        # while this one waited for the right to, that is a hit
        claim = ExitStack()
        try:
            made_elsewhere = claim.enter_context(self.cache.making(key))
        except BaseException:
            self._land(key, mine)
            raise
        if made_elsewhere is not None:
            claim.close()
            self._land(key, mine)
            return Audio(made_elsewhere, recipe.fmt.media_type, recipe.digest, True, recipe.url())
        chunks = self._encoded(recipe, key, mine, claim)
        try:
            first = next(chunks)
        except StopIteration:
            first = b""
        except BaseException:
            chunks.close()
            raise
        return AudioStream(
            recipe.fmt.media_type, recipe.digest, recipe.url(), _prepend(first, chunks)
        )

    def _pcm(self, recipe: _Recipe, flight: _Flight) -> Iterator[tuple[int, bytes]]:
        """(sample rate, PCM) per piece: clause by clause for engines that read that way,
        each clause behind its own place in the queue (at the flight's priority then: a
        visitor may have started waiting for it)."""
        by_clause = bool(getattr(self.engine, "clause_level", False))
        if by_clause:
            pieces = [
                (c.text, c.pause)
                for c in split_clauses(recipe.spoken, quick_start=self.quick_start)
            ]
        else:
            pieces = [(recipe.spoken, 0.0)]
        for text, pause in pieces:
            with self.queue.slot(flight.priority, lambda: flight.priority), self._engine_faults():
                started = time.monotonic()
                stream = self.engine.synthesize(
                    text,
                    voice=recipe.voice,
                    rate=recipe.rate,
                    volume=recipe.volume,
                    lang=recipe.lang,
                )
                if not by_clause:
                    # a streaming engine (espeak-ng's process) speaks while it is read
                    for chunk in stream.chunks:
                        yield stream.sample_rate, chunk
                    metrics.SYNTHESIS_SECONDS.observe(time.monotonic() - started)
                    continue
                pcm = b"".join(stream.chunks)
                metrics.SYNTHESIS_SECONDS.observe(time.monotonic() - started)
            # handed on outside the slot: a slow client must not hold the engine
            yield stream.sample_rate, pcm + b"\0\0" * int(pause * stream.sample_rate)

    @contextmanager
    def _engine_faults(self) -> Iterator[None]:
        """A crashed or broken engine is the server's speech being unavailable, not the
        visitor's fault: a clear 503, and the rest of the service carries on."""
        try:
            yield
        except (BadRequest, ServiceUnavailable, ConfigurationError):
            raise
        except GeneratorExit:
            raise
        except Exception as exc:
            log.warning(
                "speech engine failed: %s",
                f"{type(exc).__name__}: {exc}"[:300],
                extra={"event": "speech_engine_failed", "engine": self.engine.name},
            )
            detail = exc.message if isinstance(exc, BarrierFreeError) else type(exc).__name__
            raise ServiceUnavailable(
                f"the speech engine failed ({detail}); try again later",
                code="speech_engine_failed",
                headers={"Retry-After": "10"},
            ) from exc

    def _encoded(
        self, recipe: _Recipe, key: str, flight: _Flight, claim: ExitStack
    ) -> Generator[bytes, None, None]:
        """Encoded audio as it is made; cached when complete, never when cut short; the
        replicas' claim on making it is held until then (:meth:`Cache.making`)."""
        try:
            data = yield from self._encode(recipe, flight)
            self.cache.set(key, data)
        finally:
            claim.close()
            self._land(key, flight)

    def _land(self, key: str, flight: _Flight) -> None:
        with self._inflight_lock:
            if self._inflight.get(key) is flight:
                del self._inflight[key]
        flight.done.set()

    def _encode(self, recipe: _Recipe, flight: _Flight) -> Generator[bytes, None, bytes]:
        """Yields the encoded audio as it is made; returns all of it."""
        out = bytearray()
        pcm_all = bytearray()
        encoder: Mp3Encoder | None = None
        rate = 0
        for rate, pcm in self._pcm(recipe, flight):
            if recipe.fmt.name == "wav":
                pcm_all += pcm
                continue
            if encoder is None:
                encoder = Mp3Encoder(rate)
            chunk = encoder.encode(pcm)
            if chunk:
                out += chunk
                yield chunk
        if recipe.fmt.name == "wav":
            pcm_all = pcm_all[: len(pcm_all) - len(pcm_all) % 2]
            data = wav_header(rate or 24000, len(pcm_all)) + bytes(pcm_all)
            yield data
            return data
        tail = (encoder or Mp3Encoder(24000)).flush()
        out += tail
        if tail:
            yield tail
        return bytes(out)

    def _warm_loop(self) -> None:
        while not self._closed.is_set():
            with self._warm_lock:
                if not self._warm:
                    self._warmer = None
                    return
                recipe = self._warm.popleft()
            try:
                _whole(self._audio(recipe, Priority.WARM))
            except BarrierFreeError as exc:
                if exc.code == "overloaded":
                    # visitors are waiting: put it back and give them the engine for a while
                    with self._warm_lock:
                        self._warm.appendleft(recipe)
                    self._closed.wait(1.0)
            except Exception:  # a warming failure must never take the thread down silently
                log.exception("speech: warming one sentence failed")

    def close(self) -> None:
        self._closed.set()
        with self._warm_lock:
            self._warm.clear()
        self.engine.close()


class _Flight:
    """Audio being made in this process: who waits for it, and when it is done."""

    def __init__(self, priority: Priority) -> None:
        self.priority = priority
        self.done = threading.Event()


def _prepend(first: bytes, rest: Generator[bytes, None, None]) -> Iterator[bytes]:
    try:
        if first:
            yield first
        yield from rest
    finally:
        rest.close()


def _whole(audio: Audio | AudioStream) -> Audio:
    if isinstance(audio, Audio):
        return audio
    data = b"".join(audio.chunks)
    return Audio(data, audio.media_type, audio.digest, False, audio.url)
