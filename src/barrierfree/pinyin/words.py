"""Per-site custom words: a site says 单于 reads chán yú.

A :class:`CustomWords` object is built once per site (from its configuration) and passed to
each call; nothing is registered process-wide, so one site's words never leak into another's
(pypinyin's global ``load_phrases_dict`` is the pattern we avoid).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ..errors import BadRequest
from .styles import parse_syllable

MAX_WORD_CHARS = 32


class CustomWords:
    """Immutable word → readings table, matched longest-first, left to right.

    Readings may be given as one string (``"chán yú"``, ``"chan2 yu2"``) or a list of
    syllables; tone marks, tone numbers (neutral 5) and ``v``/``u:`` for ü are accepted.
    """

    __slots__ = ("_words", "_lengths", "_first", "key")

    def __init__(self, words: Mapping[str, str | Sequence[str]] | None = None) -> None:
        table: dict[str, tuple[str, ...]] = {}
        for word, raw in (words or {}).items():
            if not isinstance(word, str) or not word or len(word) > MAX_WORD_CHARS:
                raise BadRequest(f"custom word must be 1–{MAX_WORD_CHARS} characters: {word!r}")
            syllables = raw.split() if isinstance(raw, str) else list(raw)
            if len(syllables) != len(word):
                raise BadRequest(
                    f"custom word {word!r} has {len(word)} characters but {len(syllables)} readings"
                )
            table[word] = tuple(parse_syllable(s) for s in syllables)
        self._words = table
        self._lengths = sorted({len(w) for w in table}, reverse=True)
        self._first = frozenset(w[0] for w in table)
        #: the table as a hashable value: equal tables, equal keys
        self.key = frozenset(table.items())

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def __repr__(self) -> str:
        return f"CustomWords({len(self._words)} words)"

    def get(self, word: str) -> tuple[str, ...] | None:
        return self._words.get(word)

    def matches(self, text: str) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(start, readings) of each word found in ``text``, longest first, without overlaps."""
        if not self._words:
            return
        words = self._words
        first = self._first
        n = len(text)
        i = 0
        while i < n:
            if text[i] in first:
                for length in self._lengths:
                    hit = words.get(text[i : i + length]) if i + length <= n else None
                    if hit is not None:
                        yield i, hit
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
