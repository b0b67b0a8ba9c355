"""Numbered-tone pinyin per character, decided in context, to feed the synthesiser.

espeak-ng's own Mandarin dictionary reads each character alone (银行 → yín xíng), so we hand
it syllables chosen with their neighbours instead (银行 → yin2 hang2, 行走 → xing2 zou3).

The project's pinyin engine (``barrierfree.pinyin``) is used when it is installed alongside;
until then pypinyin's phrase-aware conversion does the job.  Either way the result has one
entry per character of the input: a syllable like ``"hang2"`` (ü written ``v``, neutral tone
``5``) for a Han character, ``None`` for anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["numbered_pinyin"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TONE_MARKS = {
    "ā": ("a", 1), "á": ("a", 2), "ǎ": ("a", 3), "à": ("a", 4),
    "ē": ("e", 1), "é": ("e", 2), "ě": ("e", 3), "è": ("e", 4),
    "ī": ("i", 1), "í": ("i", 2), "ǐ": ("i", 3), "ì": ("i", 4),
    "ō": ("o", 1), "ó": ("o", 2), "ǒ": ("o", 3), "ò": ("o", 4),
    "ū": ("u", 1), "ú": ("u", 2), "ǔ": ("u", 3), "ù": ("u", 4),
    "ǖ": ("v", 1), "ǘ": ("v", 2), "ǚ": ("v", 3), "ǜ": ("v", 4), "ü": ("v", 5),
    "ń": ("n", 2), "ň": ("n", 3), "ǹ": ("n", 4), "ḿ": ("m", 2),
}  # fmt: skip


def marked_to_numbered(syllable: str) -> str:
    """``"hǎo"`` → ``"hao3"``, ``"lǜ"`` → ``"lv4"``, ``"de"`` → ``"de5"``."""
    tone = 5
    plain = []
    for ch in syllable.lower():
        if ch in _TONE_MARKS:
            base, t = _TONE_MARKS[ch]
            plain.append(base)
            if t != 5:
                tone = t
        else:
            plain.append(ch)
    return "".join(plain).replace("u:", "v") + str(tone)


def _pypinyin(text: str) -> list[str | None]:
    from pypinyin import Style, lazy_pinyin

    out: list[str | None] = [None] * len(text)
    for m in _HAN.finditer(text):
        # one call per Han stretch keeps phrase context and keeps the output aligned
        syllables = lazy_pinyin(m.group(), style=Style.TONE3, neutral_tone_with_five=True)
        if len(syllables) == len(m.group()):
            out[m.start() : m.end()] = syllables
        else:  # pypinyin merged something: fall back to character by character
            for i, ch in enumerate(m.group()):
                out[m.start() + i] = lazy_pinyin(
                    ch, style=Style.TONE3, neutral_tone_with_five=True
                )[0]
    return out


def _project_engine() -> Callable[[str], list[str | None]] | None:
    try:
        from ..pinyin import to_pinyin
    except ImportError:
        return None

    def convert(text: str) -> list[str | None]:
        marked = to_pinyin(text)
        return [marked_to_numbered(s) if s else None for s in marked]

    return convert


def numbered_pinyin(text: str) -> list[str | None]:
    """One numbered-tone syllable (or ``None``) per character of ``text``."""
    engine = _project_engine()
    result = engine(text) if engine is not None else _pypinyin(text)
    if len(result) != len(text):  # never trust a misaligned answer with the audio
        result = _pypinyin(text)
    return result
