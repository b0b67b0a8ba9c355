"""Spelling styles of one syllable.  The engine works in tone-marked pinyin ("háng");
these functions turn that into the other styles and parse what people type.

- ``tone``   — tone marks, neutral tone unmarked: ``háng``, ``lǜ``, ``zi``
- ``tone3``  — tone number after the syllable, neutral tone ``5``, ü written ``v``:
  ``hang2``, ``lv4``, ``zi5`` (the form speech synthesisers take)
- ``plain``  — no tone: ``hang``, ``lv``… but ü kept as ``ü`` (readers see it)
- ``zhuyin`` — 注音符号 (bopomofo): ``ㄏㄤˊ``
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from ..errors import BadRequest


class Style(StrEnum):
    """Output spellings; the values are what the API and CLI accept."""

    TONE = "tone"
    TONE3 = "tone3"
    PLAIN = "plain"
    ZHUYIN = "zhuyin"


_MARKED = {
    "ā": ("a", 1), "á": ("a", 2), "ǎ": ("a", 3), "à": ("a", 4),
    "ē": ("e", 1), "é": ("e", 2), "ě": ("e", 3), "è": ("e", 4),
    "ī": ("i", 1), "í": ("i", 2), "ǐ": ("i", 3), "ì": ("i", 4),
    "ō": ("o", 1), "ó": ("o", 2), "ǒ": ("o", 3), "ò": ("o", 4),
    "ū": ("u", 1), "ú": ("u", 2), "ǔ": ("u", 3), "ù": ("u", 4),
    "ǖ": ("ü", 1), "ǘ": ("ü", 2), "ǚ": ("ü", 3), "ǜ": ("ü", 4),
    "ń": ("n", 2), "ň": ("n", 3), "ǹ": ("n", 4), "ḿ": ("m", 2),
    "ê̄": ("ê", 1), "ế": ("ê", 2), "ê̌": ("ê", 3), "ề": ("ê", 4),
}  # fmt: skip
_MARK_OF = {(base, tone): mark for mark, (base, tone) in _MARKED.items() if len(mark) == 1}


def split_tone(syllable: str) -> tuple[str, int]:
    """``"lǜ"`` → ``("lü", 4)``; a syllable without a mark has tone 5 (neutral)."""
    for i, ch in enumerate(syllable):
        hit = _MARKED.get(ch)
        if hit is not None:
            return syllable[:i] + hit[0] + syllable[i + 1 :], hit[1]
    return syllable, 5


def _mark_position(base: str) -> int:
    # the standard rule: a or e takes the mark; in "ou" the o; otherwise the last vowel
    for v in ("a", "e", "ê"):
        i = base.find(v)
        if i >= 0:
            return i
    i = base.find("ou")
    if i >= 0:
        return i
    for i in range(len(base) - 1, -1, -1):
        if base[i] in "iouü":
            return i
    for i, ch in enumerate(base):
        if ch in "mn":  # syllabic m, n, ng (呣 ḿ, 嗯 ń)
            return i
    return -1


def join_tone(base: str, tone: int) -> str:
    """``("lü", 4)`` → ``"lǜ"``; tone 5 (or 0) is the neutral tone, left unmarked."""
    if tone not in (1, 2, 3, 4):
        return base
    i = _mark_position(base)
    if i < 0:
        return base
    mark = _MARK_OF.get((base[i], tone))
    return base if mark is None else base[:i] + mark + base[i + 1 :]


@lru_cache(maxsize=4096)
def parse_syllable(text: str) -> str:
    """Accept ``chán``, ``chan2``, ``lv4``, ``lu:4``, ``lü4``, ``zi5``, ``zi`` → tone-marked."""
    s = text.strip().lower()
    if not s:
        raise BadRequest("empty pinyin syllable")
    tone = 0
    if s[-1] in "012345":
        tone = int(s[-1])
        s = s[:-1]
    s = s.replace("u:", "ü").replace("v", "ü")
    if tone:
        if any(ch in _MARKED for ch in s):
            raise BadRequest(f"pinyin syllable {text!r} has both a tone mark and a tone number")
        s = join_tone(s, tone)
    if not s or not all(ch.isalpha() or ch in "\u0300\u0301\u0304\u030c" for ch in s):
        raise BadRequest(f"not a pinyin syllable: {text!r}")
    return s


@lru_cache(maxsize=8192)
def convert(syllable: str, style: Style) -> str:
    """One tone-marked syllable in ``style``."""
    if style is Style.TONE:
        return syllable
    base, tone = split_tone(syllable)
    if style is Style.TONE3:
        return base.replace("ü", "v") + str(tone)
    if style is Style.PLAIN:
        return base
    from pypinyin import Style as PStyle
    from pypinyin.style import convert as pconvert

    zhuyin = str(pconvert(syllable, PStyle.BOPOMOFO, strict=True))
    # the neutral-tone dot is written before the syllable in 注音 (˙ㄗ), pypinyin puts it after
    return "˙" + zhuyin[:-1] if zhuyin.endswith("˙") else zhuyin


def from_numbered(reading: str) -> str:
    """A g2pM class (``"lu:4"``, ``"zi5"``) → tone-marked."""
    base = reading[:-1].replace("u:", "ü")
    return join_tone(base, int(reading[-1]))
