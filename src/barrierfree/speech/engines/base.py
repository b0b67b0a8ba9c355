"""The speech engine interface and the registry engines plug into.

An engine turns one piece of normalised text into 16-bit mono PCM.  It does not normalise,
encode or cache: the service does that the same way for every engine.  Built-in engines
register through :func:`register_engine`, exactly as a third-party engine would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ...errors import ConfigurationError

if TYPE_CHECKING:
    from ...settings import Settings

__all__ = ["Engine", "PCMStream", "engine_names", "make_engine", "register_engine"]


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


EngineFactory = Callable[["Settings"], Engine]
_REGISTRY: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make an engine available under ``name`` (the ``speech_engine`` setting)."""
    _REGISTRY[name] = factory


def engine_names() -> list[str]:
    return sorted(_REGISTRY)


def make_engine(settings: Settings) -> Engine:
    name = settings.speech_engine
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ConfigurationError(
            f"unknown speech_engine {name!r} (available: {', '.join(engine_names())})"
        )
    return factory(settings)
