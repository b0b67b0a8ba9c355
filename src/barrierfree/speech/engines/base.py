"""The speech engine interface and the registry engines plug into.

An engine turns one piece of normalised text into 16-bit mono PCM.  It does not normalise,
encode or cache: the service does that the same way for every engine.  Built-in engines
register through :func:`register_engine`, exactly as a third-party engine would.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ...errors import BarrierFreeError, ConfigurationError

if TYPE_CHECKING:
    from ...settings import Settings

__all__ = ["Engine", "PCMStream", "engine_names", "make_engine", "register_engine"]

log = logging.getLogger(__name__)
#: the engine that answers when the configured one cannot run (its files are missing)
FALLBACK_ENGINE = "espeak"


@dataclass
class PCMStream:
    """Signed 16-bit little-endian mono samples, delivered in chunks as they are made.

    Chunks let the encoder work while a synthesiser process is still speaking.
    """

    sample_rate: int
    chunks: Iterator[bytes]


class Engine(Protocol):
    #: short name used in settings and cache keys, e.g. ``"espeak"``
    name: str

    def identity(self, voice: str) -> str:
        """Everything besides the text, rate and volume that changes the audio (engine
        version, model, voice): part of the cache key, so a new engine gives new URLs."""
        ...

    def default_voice(self) -> str: ...

    def voices(self) -> list[str]:
        """Voices a request may ask for (empty: any string is passed through)."""
        ...

    def check(self) -> None:
        """Raise :class:`~barrierfree.errors.ServiceUnavailable` when the engine cannot run."""
        ...

    def synthesize(
        self, text: str, *, voice: str, rate: float, volume: float, lang: str = "zh"
    ) -> PCMStream:
        """Speak normalised ``text``; ``rate`` 1.0 is the engine's normal speed, ``volume``
        1.0 its normal loudness; ``lang`` is the text's main language (``zh`` or ``en``)."""
        ...

    def close(self) -> None: ...

    # Optional, looked up with getattr:
    #   voice_aliases(lang) -> {"female": voice, "male": voice}  (the toolbar's 女声/男声)
    #   clause_level: bool   the service hands it one clause at a time (neural voices)
    #   concurrency: int     syntheses at once per process (default: one per core)
    #   available() -> str | None   why it cannot run at all (then espeak-ng answers)


EngineFactory = Callable[["Settings"], Engine]
_REGISTRY: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make an engine available under ``name`` (the ``speech_engine`` setting)."""
    _REGISTRY[name] = factory


def engine_names() -> list[str]:
    return sorted(_REGISTRY)


def make_engine(settings: Settings) -> tuple[Engine, str | None]:
    """The configured engine, or espeak-ng when the configured one says it cannot run
    here (for Kokoro: its model or voice files are absent).  The second value says why the
    fallback was taken (``None`` when it was not); it is logged once, here."""
    name = settings.speech_engine
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ConfigurationError(
            f"unknown speech_engine {name!r} (available: {', '.join(engine_names())})"
        )
    engine = factory(settings)
    available = getattr(engine, "available", None)
    missing = available() if available is not None else None
    if missing is None or name == FALLBACK_ENGINE:
        return engine, None
    reason = f"{name}: {missing}"
    try:
        fallback = _REGISTRY[FALLBACK_ENGINE](settings)
        fallback.check()
    except (KeyError, BarrierFreeError):
        return engine, None  # nothing better: let the configured engine report its error
    log.warning(
        "speech: the %s engine cannot run (%s); reading with %s instead",
        name,
        missing,
        FALLBACK_ENGINE,
    )
    engine.close()
    return fallback, reason
