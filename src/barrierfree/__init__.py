"""barrierfree: a self-hostable barrier-free browsing assistant (无障碍辅助浏览).

The engines the HTTP API and the CLI share are importable from here; each is loaded on
first use, so ``import barrierfree`` stays cheap (the pinyin model and the extractors are
not read until they are needed)::

    from barrierfree import to_pinyin, extract, normalize, create_app
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

from .errors import BarrierFreeError  # noqa: E402
from .settings import SETTINGS, Settings  # noqa: E402

# public name → the module that defines it
_LAZY = {
    "create_app": "barrierfree.web",
    "to_pinyin": "barrierfree.pinyin",
    "CustomWords": "barrierfree.pinyin",
    "extract": "barrierfree.reader",
    "Article": "barrierfree.reader",
    "normalize": "barrierfree.speech",
    "SpeechService": "barrierfree.speech",
    "make_cache": "barrierfree.cache",
}

__all__ = ["BarrierFreeError", "SETTINGS", "Settings", "__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'barrierfree' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
