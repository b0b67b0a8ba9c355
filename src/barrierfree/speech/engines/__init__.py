"""Speech engines behind one interface; the built-in ones register on import."""

from . import espeak, kokoro, openai_http  # noqa: F401 - importing registers them
from .base import Engine, PCMStream, engine_names, make_engine, register_engine
from .espeak import EspeakEngine
from .kokoro import KokoroEngine
from .openai_http import OpenAIHTTPEngine

__all__ = [
    "Engine",
    "EspeakEngine",
    "KokoroEngine",
    "OpenAIHTTPEngine",
    "PCMStream",
    "engine_names",
    "make_engine",
    "register_engine",
]
