"""Text → one reading per character, polyphones decided in context.

How a reading is chosen, per character (first answer wins):

1. a per-site custom word covering it (:class:`~.words.CustomWords`);
2. a character with one reading (most of them) takes it from pypinyin's character table;
3. a common dictionary word covering it (pypinyin's phrase table, "common" = at least
   ``common_freq`` in jieba's corpus counts): 了解 liǎo, 目的 dì, 银行 háng.  When several
   words cover the character with different readings, the most frequent one must be clearly
   ahead (``_CLEAR_RATIO``) or none is taken;
   An everyday word giving a rarer reading (``everyday.py``: 和面 huó, 校对 jiào, 理发 fà)
   is taken as well, however rare in the corpus, unless a more frequent word straddles its
   boundary (最好学会 is 最好 + 学会, so 好 is not the hào of 好学);
4. a grammar rule (``rules.py``): 很重 zhòng, 数一数 shǔ, 跑得快 de, 种玉米 zhòng;
5. for the ~790 polyphones g2pM knows, its BiLSTM over the sentence, restricted to the
   character's candidate readings — unless it is unsure (probability below ``threshold``)
   and a rarer dictionary word covers the character, which then wins.  The model is strong
   on free syntax, the dictionary on fixed words;
6. other characters whose reading changes inside words take the dictionary word's reading,
   else their default.

Dictionaries: pypinyin's (MIT) character and phrase tables, read from the installed package,
with ``everyday.py``'s words and corrections on top, and jieba's word frequencies
(``data/word_freq.tsv.gz``).
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import NamedTuple

from ..errors import BadRequest
from .everyday import EVERYDAY, everyday_phrases
from .model import PolyphoneModel
from .resources import FREQ_FILE, MODEL_FILE, load_word_freq
from .rules import reading_by_rule
from .styles import Style, convert, from_numbered
from .words import CustomWords

# sentence ends: the model reads one sentence at a time, as it was trained
_SENTENCE = re.compile(r"[^。！？!?；;\n\r]+")

DEFAULT_THRESHOLD = 0.95
DEFAULT_COMMON_FREQ = 100
# longest word weighed as a rival segmentation of an everyday word (build_data._RIVAL_MAX)
_RIVAL_MAX = 4
# when covering words disagree, the most frequent must be this many times the runner-up
_CLEAR_RATIO = 5


class _WordReading(NamedTuple):
    reading: str
    freq: int  # corpus frequency of the word it comes from (0: unknown)
    length: int  # its length in characters
    start: int  # where it starts in the text
    clear: bool  # no other covering word reads the character differently, or it is rare
    sure: bool = False  # an everyday word (everyday.py) that no more frequent word straddles


class PinyinEngine:
    """Immutable after construction; safe to share between threads and requests."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        common_freq: int = DEFAULT_COMMON_FREQ,
        trusted_length: int = 4,
        model_file: Path = MODEL_FILE,
        freq_file: Path = FREQ_FILE,
    ) -> None:
        from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

        self.threshold = threshold
        self.common_freq = common_freq
        self.trusted_length = trusted_length
        self._model = PolyphoneModel(model_file)
        self._single: dict[str, str] = {
            chr(cp): r.split(",", 1)[0] for cp, r in PINYIN_DICT.items()
        }
        self._all_readings: dict[int, str] = PINYIN_DICT
        phrases = {**PHRASES_DICT, **everyday_phrases()}
        self._phrases: dict[str, list[list[str]]] = phrases
        self._sure = frozenset(EVERYDAY)
        self._freq = load_word_freq(freq_file)
        self._max_phrase = max(len(w) for w in phrases)
        # every proper prefix of a phrase, so the covering-word scan stops early
        prefixes: set[str] = set()
        for word in phrases:
            for k in range(1, len(word)):
                prefixes.add(word[:k])
        self._prefixes = frozenset(prefixes)
        self._model_chars = frozenset(self._model.candidates)
        # characters outside the model whose reading varies inside dictionary words
        varying: set[str] = set()
        single = self._single
        for word, readings in phrases.items():
            for ch, r in zip(word, readings, strict=False):
                if ch not in self._model_chars and single.get(ch) != r[0]:
                    varying.add(ch)
        self._contextual = self._model_chars | frozenset(varying)
        self._class_mark: dict[str, str] = {}

    # -- public -------------------------------------------------------------------------
    def readings(self, text: str, words: CustomWords | None = None) -> list[str | None]:
        """Tone-marked reading of each character of ``text``; None for non-Chinese."""
        single = self._single
        out: list[str | None] = [single.get(ch) for ch in text]
        fixed: set[int] = set()
        if words is not None and len(words):
            for start, syllables in words.matches(text):
                for k, syl in enumerate(syllables):
                    out[start + k] = syl
                    fixed.add(start + k)
        contextual = self._contextual
        model_chars = self._model_chars
        common = self.common_freq
        trusted_len = self.trusted_length
        pending: list[int] = []  # left to the model
        fallback: dict[int, str] = {}  # dictionary readings for when the model is unsure
        for i, ch in enumerate(text):
            if ch not in contextual or i in fixed:
                continue
            word = self._word_reading(text, i)
            if (
                word is not None
                and word.clear
                and (word.freq >= common or word.length >= trusted_len)
            ):
                out[i] = word.reading
                continue
            if word is not None and word.sure:
                out[i] = word.reading
                continue
            rule = reading_by_rule(text, i, word is not None)
            if rule is not None:
                out[i] = rule
            elif ch in model_chars:
                pending.append(i)
                if word is not None and word.clear:
                    fallback[i] = word.reading
            elif word is not None and word.clear:
                out[i] = word.reading
        if pending:
            self._classify(text, pending, fallback, out)
        return out

    def to_pinyin(
        self,
        text: str,
        style: Style | str = Style.TONE,
        words: CustomWords | None = None,
    ) -> list[str | None]:
        """One entry per character of ``text`` in ``style``; None for non-Chinese."""
        try:
            style = Style(style)
        except ValueError:
            choices = ", ".join(s.value for s in Style)
            raise BadRequest(f"unknown pinyin style {style!r}; one of {choices}") from None
        marked = self.readings(text, words)
        if style is Style.TONE:
            return marked
        return [None if r is None else convert(r, style) for r in marked]

    def candidates(self, char: str) -> list[str]:
        """Every tone-marked reading the dictionaries know for one character."""
        known = [from_numbered(r) for r in self._model.readings(char)]
        if len(char) == 1:
            for r in self._all_readings.get(ord(char), "").split(","):
                if r and r not in known:
                    known.append(r)
        return known

    # -- internals ------------------------------------------------------------------------
    def _classify(
        self, text: str, targets: list[int], fallback: dict[int, str], out: list[str | None]
    ) -> None:
        spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
        starts = [s for s, _ in spans]
        groups: dict[int, list[int]] = {}
        for i in targets:
            groups.setdefault(bisect.bisect_right(starts, i) - 1, []).append(i)
        marks = self._class_mark
        for k, positions in groups.items():
            start, end = spans[k]
            preds = self._model.predict(text[start:end], [p - start for p in positions])
            for p, pred in zip(positions, preds, strict=True):
                reading = fallback.get(p) if pred.prob < self.threshold else None
                if reading is None:
                    reading = marks.get(pred.reading)
                    if reading is None:
                        reading = marks.setdefault(pred.reading, from_numbered(pred.reading))
                out[p] = reading

    def _crossing_freq(self, text: str, s: int, e: int) -> int:
        """Highest corpus frequency of a word that overlaps ``text[s:e]`` only in part (a
        rival segmentation: 学会 against 好学 in 最好学会); -1 if there is none.

        Rivals are looked up among the words with a frequency, which ``build_data`` makes
        include every jieba word that can straddle an everyday word."""
        freq = self._freq
        phrases = self._phrases
        top = -1
        for a in range(max(0, s - _RIVAL_MAX + 1), e):
            for b in range(max(a + 2, s + 1), min(a + _RIVAL_MAX, len(text)) + 1):
                if (a <= s and b >= e) or (a >= s and b <= e):
                    continue  # contains the word or lies inside it: no rival
                word = text[a:b]
                f = freq.get(word)
                if f is None and word in phrases:
                    f = 0
                if f is not None and f > top:
                    top = f
        return top

    def _word_reading(self, text: str, i: int) -> _WordReading | None:
        """What the dictionary words covering ``text[i]`` say about its reading."""
        phrases = self._phrases
        prefixes = self._prefixes
        freq = self._freq
        n = len(text)
        best: tuple[int, int, str, int] | None = None  # (freq, length, reading, start)
        longest: tuple[int, str, int] = (0, "", 0)  # (length, reading, start)
        other = 0  # highest frequency among words that read it differently
        disagree = False
        sure: tuple[int, str, int] | None = None  # longest everyday word: (length, reading, start)
        everyday = self._sure
        for start in range(max(0, i - self._max_phrase + 1), i + 1):
            # extend from text[start:i+1]; every longer word has the shorter ones as prefixes
            head = text[start : i + 1]
            if start < i and head not in phrases and head not in prefixes:
                continue
            end = i + 1
            while True:
                word = text[start:end]
                if end - start >= 2:
                    hit = phrases.get(word)
                    if hit is not None:
                        r = hit[i - start][0]
                        f = freq.get(word, 0)
                        cand = (f, end - start, r, start)
                        if end - start > longest[0]:
                            longest = (end - start, r, start)
                        if word in everyday and (sure is None or end - start > sure[0]):
                            sure = (end - start, r, start)
                        if best is None:
                            best = cand
                        elif r != best[2]:
                            disagree = True
                            if cand[:2] > best[:2]:
                                other = max(other, best[0])
                                best = cand
                            else:
                                other = max(other, f)
                        elif cand[:2] > best[:2]:
                            best = cand
                if end >= n or word not in prefixes:
                    break
                end += 1
        if best is None:
            return None
        if longest[0] >= self.trusted_length:
            # an idiom or set phrase (朝气蓬勃 zhāo): its reading is a fact, whatever the counts
            return _WordReading(longest[1], best[0], longest[0], longest[2], True)
        if sure is not None:
            length, reading, start = sure
            word_freq = freq.get(text[start : start + length], 0)
            if self._crossing_freq(text, start, start + length) <= word_freq:
                return _WordReading(reading, word_freq, length, start, True, True)
        clear = not disagree or best[0] >= _CLEAR_RATIO * max(other, 1)
        return _WordReading(best[2], best[0], best[1], best[3], clear)


_DEFAULT: PinyinEngine | None = None


def default_engine() -> PinyinEngine:
    """The shared engine (loading the model and dictionaries takes a moment, do it once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = PinyinEngine()
    return _DEFAULT


def to_pinyin(
    text: str,
    style: Style | str = Style.TONE,
    words: CustomWords | None = None,
) -> list[str | None]:
    """Reading of each character of ``text`` (``len(result) == len(text)``).

    ``style``: ``"tone"`` (háng, default), ``"tone3"`` (hang2, neutral 5, ü as v),
    ``"plain"`` (hang) or ``"zhuyin"`` (ㄏㄤˊ).  ``words``: per-site :class:`CustomWords`.
    Non-Chinese characters (Latin, digits, punctuation, spaces) give None.
    """
    return default_engine().to_pinyin(text, style, words)
