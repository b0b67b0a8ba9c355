"""Pinyin for Chinese text, one reading per character, polyphones decided in context.

>>> to_pinyin("银行行长")
['yín', 'háng', 'háng', 'zhǎng']
"""

from .engine import DEFAULT_THRESHOLD, PinyinEngine, default_engine, to_pinyin
from .styles import Style
from .words import CustomWords

__all__ = [
    "CustomWords",
    "DEFAULT_THRESHOLD",
    "PinyinEngine",
    "Style",
    "default_engine",
    "to_pinyin",
]
