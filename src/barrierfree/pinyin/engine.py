"""Text → one reading per character, polyphones decided in context.

How a reading is chosen, per character (first answer wins):

1. a per-site custom word covering it (:class:`~.words.CustomWords`);
2. a character with one reading (most of them) takes it from pypinyin's character table;
3. a common dictionary word covering it (pypinyin's phrase table, "common" = at least
   ``common_freq`` in jieba's corpus counts): 了解 liǎo, 目的 dì, 银行 háng.  Only words that
   fit the sentence's segmentation count (jieba's dictionary and method, see ``_segments``):
   in 递交了结案 the words are 递交 了 结案, so 了结 is not one.  When several words cover the
   character with different readings, the most frequent one must be clearly ahead
   (``_CLEAR_RATIO``) or none is taken.  An entry CC-CEDICT reads differently
   (``data/phrase_checks.tsv``, "dispute") gives way to the model unless the model is split
   (``dispute_threshold``);
   An everyday word giving a rarer reading (``everyday.py``: 和面 huó, 校对 jiào, 理发 fà)
   is taken as well, however rare in the corpus, unless a more frequent word straddles its
   boundary (最好学会 is 最好 + 学会, so 好 is not the hào of 好学);
4. a grammar rule (``rules.py``): 很重 zhòng, 数一数 shǔ, 跑得快 de, 种玉米 zhòng, 将为 jiāng wèi,
   一场大雨 cháng, 背着书包 bēi, 调到26度 tiáo;
5. for the ~790 polyphones g2pM knows, its BiLSTM over the sentence, restricted to the
   character's candidate readings — unless it is unsure (probability below ``threshold``)
   and a rarer dictionary word covers the character, which then wins.  The model is strong
   on free syntax, the dictionary on fixed words;
6. other characters whose reading changes inside words take the dictionary word's reading,
   else their default.

Dictionaries: pypinyin's (MIT) character and phrase tables, read from the installed package,
with the build's decisions (``data/phrase_checks.tsv``: 现代汉语词典 fixes, dropped entries,
CC-CEDICT disputes) and ``everyday.py``'s words on top, and jieba's word frequencies
(``data/word_freq.tsv.gz``).  :meth:`PinyinEngine.explain` tells which layer chose a reading.
"""

from __future__ import annotations

import bisect
import math
import re
from pathlib import Path
from typing import NamedTuple

from ..errors import BadRequest
from .everyday import EVERYDAY, NEUTRAL, everyday_phrases
from .model import PolyphoneModel
from .resources import CHECKS_FILE, FREQ_FILE, MODEL_FILE, load_checks, load_word_freq
from .rules import reading_by_rule
from .styles import Style, convert, from_numbered
from .words import CustomWords

# sentence ends: the model reads one sentence at a time, as it was trained
_SENTENCE = re.compile(r"[^。！？!?；;\n\r]+")

DEFAULT_THRESHOLD = 0.95
# a dictionary entry CC-CEDICT disagrees with gives way to a model at least this sure.  On the
# CPP dev split every value from 0 to 0.99 scores the same; 0.5 lets the model decide unless
# it is split between three or more readings (乡长: pypinyin cháng, CC-CEDICT and the model zhǎng)
DEFAULT_DISPUTE_THRESHOLD = 0.5
_NO_SANDHI = {"一": "yī", "不": "bù"}
# longest word the segmenter tries (build_data._SEG_MAX)
_SEG_MAX = 6
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
    disputed: bool = False  # CC-CEDICT reads this character of the word differently


class PinyinEngine:
    """Immutable after construction; safe to share between threads and requests."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        dispute_threshold: float = DEFAULT_DISPUTE_THRESHOLD,
        segment: bool = True,
        common_freq: int = DEFAULT_COMMON_FREQ,
        trusted_length: int = 4,
        model_file: Path = MODEL_FILE,
        freq_file: Path = FREQ_FILE,
        checks_file: Path = CHECKS_FILE,
    ) -> None:
        from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

        self.threshold = threshold
        self.dispute_threshold = dispute_threshold
        self.segment = segment
        self.common_freq = common_freq
        self.trusted_length = trusted_length
        self._model = PolyphoneModel(model_file)
        self._single: dict[str, str] = {
            chr(cp): r.split(",", 1)[0] for cp, r in PINYIN_DICT.items()
        }
        self._all_readings: dict[int, str] = PINYIN_DICT
        phrases = {**PHRASES_DICT, **everyday_phrases()}
        for word in [w for w in phrases if "一" in w or "不" in w]:
            # 一 and 不 keep their own tone, as 现代汉语词典's headwords (and printed ruby)
            # write them; pypinyin's phrase table has the spoken sandhi in some words only
            phrases[word] = [
                [_NO_SANDHI.get(ch, r[0])] for ch, r in zip(word, phrases[word], strict=False)
            ]
        disputed: set[tuple[str, int]] = set()
        for word, pos, _reading, decision in load_checks(checks_file):
            if decision == "drop":
                phrases.pop(word, None)
            elif decision == "dispute":
                disputed.add((word, pos))
        self._disputed = frozenset(disputed)
        self._phrases: dict[str, list[list[str]]] = phrases
        self._sure = frozenset(EVERYDAY)
        self._freq = load_word_freq(freq_file)
        total = math.log(sum(f for w, f in self._freq.items() if len(w) == 1) or 1)
        # log-probabilities of the segmenter's words (jieba's counts, jieba's method)
        self._logp = {w: math.log(f) - total for w, f in self._freq.items() if f > 0}
        self._unknown_logp = -total - 2.0
        # every piece of two or more characters the segmenter may meet: its log-probability
        # if it is a word (else None), and whether longer words start with it — one lookup
        # per piece, and the scan stops at the first dead end
        heads: set[str] = set()
        for w in self._logp:
            for k in range(2, min(len(w), _SEG_MAX)):
                heads.add(w[:k])
        pieces: dict[str, tuple[float | None, bool]] = {
            w: (lp, w in heads) for w, lp in self._logp.items() if 1 < len(w) <= _SEG_MAX
        }
        for w in heads:
            if w not in pieces:
                pieces[w] = (None, True)
        self._pieces = pieces
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
            if word in NEUTRAL:
                continue
            for ch, r in zip(word, readings, strict=False):
                if ch not in self._model_chars and single.get(ch) != r[0]:
                    varying.add(ch)
        # characters that vary only as the neutral end of a 轻声 word (心 in 恶心, 诉 in 告诉):
        # frequent, so looked at only after the character that opens such a word
        tails: dict[str, set[str]] = {}
        for word in NEUTRAL:
            ch = word[-1]
            if ch not in self._model_chars and ch not in varying:
                tails.setdefault(ch, set()).add(word[-2])
        self._neutral_tails = {ch: frozenset(heads) for ch, heads in tails.items()}
        self._contextual = self._model_chars | frozenset(varying) | frozenset(tails)
        self._class_mark: dict[str, str] = {}

    # -- public -------------------------------------------------------------------------
    def readings(self, text: str, words: CustomWords | None = None) -> list[str | None]:
        """Tone-marked reading of each character of ``text``; None for non-Chinese."""
        return self._decide(text, words, None)

    def explain(
        self, text: str, words: CustomWords | None = None
    ) -> list[tuple[str | None, str | None]]:
        """Each character's reading and the layer that chose it: ``"custom"``, ``"single"``
        (one reading only), ``"word"`` (dictionary word), ``"everyday"`` (``everyday.py``),
        ``"rule"``, ``"model"``, ``"fallback"`` (dictionary word, model unsure) or
        ``"default"`` (the character's first reading); None for non-Chinese characters."""
        layers: list[str | None] = [None] * len(text)
        out = self._decide(text, words, layers)
        return list(zip(out, layers, strict=True))

    def _decide(
        self, text: str, words: CustomWords | None, layers: list[str | None] | None
    ) -> list[str | None]:
        single = self._single
        out: list[str | None] = [single.get(ch) for ch in text]
        if layers is not None:
            for k, r in enumerate(out):
                if r is not None:
                    layers[k] = "single"
        fixed: set[int] = set()
        if words is not None and len(words):
            for start, syllables in words.matches(text):
                for k, syl in enumerate(syllables):
                    out[start + k] = syl
                    fixed.add(start + k)
                    if layers is not None:
                        layers[start + k] = "custom"
        contextual = self._contextual
        tails = self._neutral_tails
        model_chars = self._model_chars
        common = self.common_freq
        trusted_len = self.trusted_length
        pending: list[int] = []  # left to the model
        # dictionary readings for when the model is less sure than the threshold
        fallback: dict[int, tuple[str, float]] = {}
        # the segmentation, made when a dictionary word first needs checking
        seg: list[list[int]] | None = [] if self.segment else None
        reach: list[int] = []  # how far dictionary words may reach from each start, made once
        for i, ch in enumerate(text):
            if ch not in contextual or i in fixed:
                continue
            heads = tails.get(ch)
            if heads is not None and not (i and text[i - 1] in heads):
                continue
            layer = "default"
            word = self._word_reading(text, i, seg, reach)
            trusted = (
                word is not None
                and word.clear
                and not word.sure
                and (word.freq >= common or word.length >= trusted_len)
            )
            if trusted and word is not None and word.disputed and ch in model_chars:
                pending.append(i)
                fallback[i] = (word.reading, self.dispute_threshold)
                layer = "model"
            elif trusted and word is not None:
                out[i] = word.reading
                layer = "word"
            elif word is not None and word.sure:
                out[i] = word.reading
                layer = "everyday"
            else:
                rule = reading_by_rule(text, i, word is not None)
                if rule is not None:
                    out[i] = rule
                    layer = "rule"
                elif ch in model_chars:
                    pending.append(i)
                    layer = "model"
                    if word is not None and word.clear:
                        fallback[i] = (word.reading, self.threshold)
                elif word is not None and word.clear:
                    out[i] = word.reading
                    layer = "word"
            if layers is not None:
                layers[i] = layer
        if pending:
            self._classify(text, pending, fallback, out, layers)
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
        self,
        text: str,
        targets: list[int],
        fallback: dict[int, tuple[str, float]],
        out: list[str | None],
        layers: list[str | None] | None,
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
                reading = None
                backup = fallback.get(p)
                if backup is not None and pred.prob < backup[1]:
                    reading = backup[0]
                if reading is not None and layers is not None:
                    layers[p] = "fallback"
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

    def _reach(self, text: str) -> list[int]:
        """For each start, the end of the longest piece of ``text`` from there that is a
        dictionary word or the beginning of one (``start`` itself where none is): a word
        covering ``text[i]`` can only start where this reaches past ``i``.  One scan of the
        text instead of one per character asked about."""
        phrases = self._phrases
        prefixes = self._prefixes
        n = len(text)
        out = list(range(n))
        for start in range(n):
            end = start + 1
            while end <= n:
                piece = text[start:end]
                if piece in prefixes:
                    out[start] = end
                elif piece in phrases:
                    out[start] = end
                    break
                else:
                    break
                end += 1
        return out

    def _word_reading(
        self,
        text: str,
        i: int,
        seg: list[list[int]] | None = None,
        reach: list[int] | None = None,
    ) -> _WordReading | None:
        """What the dictionary words covering ``text[i]`` say about its reading.

        With ``seg`` (a holder for the text's segmentation, filled on first use), words that
        straddle the segmentation are left out: in 递交了结案 the words are 递交 了 结案, so
        了结 is not one of them.  ``reach``: a holder for :meth:`_reach`, filled on first use."""
        phrases = self._phrases
        prefixes = self._prefixes
        freq = self._freq
        n = len(text)
        if reach is None:
            reach = []
        if not reach:
            reach.extend(self._reach(text))
        best: tuple[int, int, str, int] | None = None  # (freq, length, reading, start)
        longest: tuple[int, str, int] = (0, "", 0)  # (length, reading, start)
        other = 0  # highest frequency among words that read it differently
        disagree = False
        sure: tuple[int, str, int] | None = None  # longest everyday word: (length, reading, start)
        everyday = self._sure
        for start in range(max(0, i - self._max_phrase + 1), i + 1):
            # extend from text[start:i+1]; every longer word has the shorter ones as prefixes
            if reach[start] <= i:
                continue
            end = i + 1
            while True:
                word = text[start:end]
                if end - start >= 2:
                    hit = phrases.get(word)
                    if hit is not None and seg is not None and word not in everyday:
                        if not seg:
                            seg.append(self._segments(text))
                        if not _agrees(seg[0], start, end):
                            hit = None
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
        disputed = self._disputed
        if longest[0] >= self.trusted_length:
            # an idiom or set phrase (朝气蓬勃 zhāo): its reading is a fact, whatever the counts
            length, reading, start = longest
            doubt = (text[start : start + length], i - start) in disputed
            return _WordReading(reading, best[0], length, start, True, False, doubt)
        if sure is not None:
            length, reading, start = sure
            word_freq = freq.get(text[start : start + length], 0)
            if self._crossing_freq(text, start, start + length) <= word_freq:
                return _WordReading(reading, word_freq, length, start, True, True)
        clear = not disagree or best[0] >= _CLEAR_RATIO * max(other, 1)
        f, length, reading, start = best
        doubt = (text[start : start + length], i - start) in disputed
        return _WordReading(reading, f, length, start, clear, False, doubt)

    def _segments(self, text: str) -> list[int]:
        """The most probable segmentation of ``text`` into words (jieba's dictionary and its
        method: the product of word probabilities, unknown characters alone), as
        ``bounds[i]`` = where the word holding character ``i`` starts, ``bounds[n] = n``."""
        single = self._logp.get
        pieces = self._pieces.get
        unknown = self._unknown_logp
        n = len(text)
        score = [0.0] * (n + 1)
        nxt = list(range(1, n + 2))
        for j in range(n - 1, -1, -1):
            best = single(text[j], unknown) + score[j + 1]
            end = j + 1
            for k in range(j + 2, min(j + _SEG_MAX, n) + 1):
                hit = pieces(text[j:k])
                if hit is None:
                    break
                lp, more = hit
                if lp is not None and lp + score[k] > best:
                    best = lp + score[k]
                    end = k
                if not more:
                    break
            score[j] = best
            nxt[j] = end
        bounds = [0] * (n + 1)
        j = 0
        while j < n:
            for k in range(j, nxt[j]):
                bounds[k] = j
            j = nxt[j]
        bounds[n] = n
        return bounds


def _agrees(bounds: list[int], s: int, e: int) -> bool:
    """Whether the word ``[s, e)`` fits the segmentation: it starts and ends where segments
    do (one or several whole segments), or it lies inside one segment."""
    if bounds[s] == s and bounds[e] == e:
        return True
    return bounds[s] == bounds[e - 1]


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
