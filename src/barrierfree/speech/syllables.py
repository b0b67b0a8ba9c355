"""Numbered-tone pinyin per character, decided in context, to feed the synthesiser.

espeak-ng's own Mandarin dictionary reads each character alone (银行 → yín xíng), so we hand
it syllables chosen with their neighbours by the project's pinyin engine instead
(银行 → yin2 hang2, 行走 → xing2 zou3).  One entry per character of the input: a syllable
like ``"hang2"`` (ü written ``v``, neutral tone ``5``) for a Han character, ``None`` for
anything else.
"""

from __future__ import annotations

from ..pinyin import Style, to_pinyin

__all__ = ["numbered_pinyin"]


def numbered_pinyin(text: str) -> list[str | None]:
    """One numbered-tone syllable (or ``None``) per character of ``text``."""
    return to_pinyin(text, style=Style.TONE3)
