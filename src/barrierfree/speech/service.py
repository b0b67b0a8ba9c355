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

import hashlib
import json
import logging
import os
import time
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
from .encode import AudioFormat, audio_format, encode
from .engines import Engine, make_engine
from .limits import SynthesisGate
from .normalize import normalize
from .segment import split_sentences

if TYPE_CHECKING:
    from ..cache import Cache
    from ..settings import Settings

__all__ = ["Audio", "PlannedSentence", "SpeechRequest", "SpeechService"]

log = logging.getLogger("barrierfree.speech")

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


@dataclass(frozen=True)
class Audio:
    data: bytes
    media_type: str
    digest: str
    cached: bool
    url: str


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
        self.engine = engine or make_engine(settings)
        concurrency = int(settings.speech_concurrency) or (os.cpu_count() or 1)
        self.gate = SynthesisGate(
            concurrency, int(settings.speech_queue), float(settings.speech_queue_timeout)
        )
        self.max_chars = int(settings.speech_max_chars)
        self.plan_max_chars = int(settings.speech_plan_max_chars)

    def warm_up(self) -> None:
        """Load the dictionaries and probe the engine now, not during the first request."""
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
    def _recipe(self, spoken: str, req: SpeechRequest) -> _Recipe:
        voice = req.voice or self.settings.speech_voice or self.engine.default_voice()
        known = self.engine.voices()
        if known and voice not in known:
            raise BadRequest(
                f"unknown voice {voice!r}; this engine has: {', '.join(known[:20])}"
                + (f" and {len(known) - 20} more" if len(known) > 20 else ""),
                code="unknown_voice",
            )
        return _Recipe(
            spoken=spoken,
            engine=self.engine.identity(voice),
            voice=voice,
            rate=_number("rate", req.rate, *RATE_RANGE),
            volume=_number("volume", req.volume, 0.0, 1.0),
            fmt=audio_format(req.format),
            lang=_lang(req.lang),
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
        """Audio for ``req.text`` (normalised here), from the cache or synthesised."""
        text = self._check_text(req.text, self.max_chars)
        return self._audio(self._recipe(normalize(text, req.lang), req))

    def by_address(self, digest: str, ext: str, req: SpeechRequest) -> Audio:
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
        return self._audio(recipe)

    def _audio(self, recipe: _Recipe) -> Audio:
        if not any(ch.isalnum() for ch in recipe.spoken):
            raise BadRequest("nothing speakable in the text", code="empty_text")
        # single flight: of many requests (on any replica) for the same new sentence, one
        # synthesises and the others wait for its result
        data, cached = self.cache.get_or_make(
            "speech:" + recipe.digest, lambda: self._synthesize(recipe)
        )
        return Audio(data, recipe.fmt.media_type, recipe.digest, cached, recipe.url())

    def _synthesize(self, recipe: _Recipe) -> bytes:
        with self.gate.slot():
            started = time.monotonic()
            try:
                stream = self.engine.synthesize(
                    recipe.spoken,
                    voice=recipe.voice,
                    rate=recipe.rate,
                    volume=recipe.volume,
                    lang=recipe.lang,
                )
                data, _duration = encode(recipe.fmt, stream.sample_rate, stream.chunks)
            except (BadRequest, ServiceUnavailable, ConfigurationError):
                raise
            except Exception as exc:
                # a crashed or broken engine is the server's speech being unavailable, not the
                # visitor's fault: a clear 503, and the rest of the service carries on
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
            metrics.SYNTHESIS_SECONDS.observe(time.monotonic() - started)
            return data

    def close(self) -> None:
        self.engine.close()
