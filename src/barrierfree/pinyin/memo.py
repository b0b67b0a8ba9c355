"""Readings of recently annotated texts, so a page's second visitor is answered at once.

Visitors of one site read the same pages: the same paragraphs, menus and footers reach
``/api/pinyin`` again and again.  :class:`ReadingMemo` keeps the readings of recent texts,
keyed by text, style and custom words, and drops the least recently used first once the
texts it holds exceed a number of characters.  An engine's readings of a text depend on
nothing else (each segment is read on its own), so a remembered answer is the answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .engine import PinyinEngine
from .styles import Style
from .words import CustomWords

Key = tuple[str, Style, frozenset[tuple[str, tuple[str, ...]]]]


class ReadingMemo:
    """An engine's ``to_pinyin`` with the readings of recent texts remembered.

    ``max_chars`` bounds the characters of all remembered texts (their readings take about
    ten times the bytes); texts longer than ``max_text`` are read but not remembered.
    Safe to share between threads.
    """

    def __init__(self, engine: PinyinEngine, max_chars: int = 500_000, max_text: int = 5_000):
        self.engine = engine
        self.max_chars = max_chars
        self.max_text = max_text
        self._memo: OrderedDict[Key, list[str | None]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def to_pinyin(
        self, text: str, style: Style, words: CustomWords | None = None
    ) -> list[str | None]:
        if len(text) > self.max_text or self.max_chars <= 0:
            return self.engine.to_pinyin(text, style, words)
        key: Key = (text, style, words.key if words is not None else frozenset())
        with self._lock:
            found = self._memo.get(key)
            if found is not None:
                self._memo.move_to_end(key)
                self.hits += 1
                return list(found)
            self.misses += 1
        readings = self.engine.to_pinyin(text, style, words)
        with self._lock:
            if key not in self._memo:
                self._memo[key] = readings
                self._chars += len(text)
                while self._chars > self.max_chars:
                    old, _ = self._memo.popitem(last=False)
                    self._chars -= len(old[0])
        return list(readings)

    def __len__(self) -> int:
        return len(self._memo)
