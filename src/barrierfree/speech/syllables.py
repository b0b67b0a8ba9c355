"""Numbered-tone pinyin per character, decided in context, to feed the synthesiser.

espeak-ng's own Mandarin dictionary reads each character alone (银行 → yín xíng), so we hand
it syllables chosen with their neighbours by the project's pinyin engine instead
(银行 → yin2 hang2, 行走 → xing2 zou3).  One entry per character of the input: a syllable
like ``"hang2"`` (ü written ``v``, neutral tone ``5``) for a Han character, ``None`` for
anything else.

The pinyin engine writes 一 and 不 in their own tones (yī, bù), as dictionaries and printed
pinyin do.  A speaker changes them by what follows — 不要 bú yào, 一律 yí lǜ, 一天 yì tiān,
看一看 kàn yi kàn — and a voice given the written tones says the written tones;
:func:`spoken_pinyin` gives the spoken ones.
"""

from __future__ import annotations

from ..pinyin import Style, to_pinyin
from .wordcut import words

__all__ = ["numbered_pinyin", "spoken_pinyin"]

# characters a number is written with once read out (digits, 十/百…, the decimal point):
# 一 among them is a digit and keeps yī (十一, 一九九八, 一二三四五, 一点五)
_NUMERALS = frozenset("零〇一二三四五六七八九十幺两点")
# after 一 these make it an ordinal or a name (一月, 一号, 一楼, 一季度, 一等奖, 一级, 一线): yī
_ORDINAL_NEXT = frozenset("月日号楼栋季等级期线")
# 周一, 星期一, 礼拜一 are Monday (yī), unless a count follows: 每周一次 is once a week
_WEEK = ("周", "星期", "礼拜")
_COUNTS = frozenset("次回遍趟天个")


def numbered_pinyin(text: str) -> list[str | None]:
    """One numbered-tone syllable (or ``None``) per character of ``text``."""
    return to_pinyin(text, style=Style.TONE3)


def _tone(syllable: str | None) -> str:
    return syllable[-1] if syllable and syllable[-1].isdigit() else ""


def spoken_pinyin(text: str) -> list[str | None]:
    """Like :func:`numbered_pinyin`, with 一 and 不 in the tones they are spoken in.

    不 before a fourth tone is bú (不要, 不是), between a word said twice it is neutral (是不是).
    一 keeps yī at the end of a word (统一, 之一), as a digit (十一, 一九九八, 一点五), as an
    ordinal (第一, 一月, 一季度, 周一) and before a pause; before 百/千/万/亿 it is an
    ordinary 一; between a verb said twice it is neutral (查一查); otherwise it is yí before a
    fourth tone (一律, 一次, 一万) and yì before the others (一天, 一起, 一百).
    """
    syllables = numbered_pinyin(text)
    if "一" not in text and "不" not in text:
        return syllables
    word_ends: set[int] = set()
    word_starts: set[int] = set()
    pos = 0
    for word in words(text):
        word_starts.add(pos)
        pos += len(word)
        word_ends.add(pos - 1)
    out = list(syllables)
    for i, ch in enumerate(text):
        if ch not in "一不" or syllables[i] not in ("yi1", "bu4"):
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        following = syllables[i + 1] if after else None
        if following is None:
            continue  # before punctuation, a space or the end: as written
        doubled = before == after and syllables[i - 1] is not None
        if ch == "不":
            if doubled:
                out[i] = "bu5"
            elif _tone(following) == "4":
                out[i] = "bu2"
            continue
        if doubled:
            out[i] = "yi5"
        elif before == "第" or before in _NUMERALS or after in _ORDINAL_NEXT:
            continue
        elif text[:i].endswith(_WEEK) and after not in _COUNTS:
            continue  # a weekday
        elif after in _NUMERALS and (after != "点" or text[i + 2 : i + 3] in _NUMERALS):
            continue  # a digit; 一点五 is a number, 一点儿 is not
        elif i in word_ends and i not in word_starts:
            continue  # 统一, 唯一, 之一
        elif _tone(following) in ("4", "5"):
            out[i] = "yi2"  # a neutral syllable after 一 is most often 个 (gè)
        else:
            out[i] = "yi4"
    return out
