"""Text → the phoneme string Kokoro-82M was trained on.

Kokoro reads phonemes, not characters.  Its Mandarin voices learnt misaki's transcription:
jieba words separated by spaces, each syllable pinyin turned into IPA with the tone written
as an arrow (→ first, ↗ second, ↓ third, ↘ fourth, none for the neutral tone), Chinese
punctuation as ASCII.  We keep that format but choose the syllables ourselves with the
project's pinyin engine (still 还款 huán, 标准为 wéi, 银行 háng) — the model's usual front end
reads polyphones character by character — with 一 and 不 in their spoken tones (不要 bú yào,
一天 yì tiān; :func:`~barrierfree.speech.syllables.spoken_pinyin`).

Latin words inside Chinese text, and whole English pages, are transcribed by espeak-ng
(``--ipa``) and mapped onto the same inventory (espeak writes ``aɪ`` where Kokoro has one
symbol ``I``, and so on); inside Chinese text an abbreviation in capitals is spelled letter
by letter (ETC, VIP).  Nothing here loads the model: the front end is plain text work,
tested on its own.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from functools import lru_cache

from .segment import split_runs
from .syllables import spoken_pinyin
from .wordcut import words

__all__ = [
    "READING_RULES",
    "chinese_phonemes",
    "english_phonemes",
    "spelled",
    "syllable_ipa",
    "to_phonemes",
]

# tone letters in misaki's IPA → the arrows in Kokoro's vocabulary (longest first)
_TONES = (("˧˩˧", "↓"), ("˧˥", "↗"), ("˥˩", "↘"), ("˥", "→"))
_SYLLABIC = "\u0329"  # combining vertical line below
_PUNCTUATION = {
    "，": ",", "、": ",", ",": ",", "。": ".", "．": ".", ".": ".", "！": "!", "!": "!",
    "？": "?", "?": "?", "：": ":", ":": ":", "；": ";", ";": ";", "…": "…", "—": "—",
    "“": "“", "”": "”", "《": "“", "》": "”", "「": "“", "」": "”", "『": "“", "』": "”",
    "【": "“", "】": "”", "（": "(", "）": ")", "(": "(", ")": ")", "\n": ".",
}  # fmt: skip
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.!?:;…)”])")
_SPACE_AFTER_OPEN = re.compile(r"([“(]) +")
_SPACES = re.compile(r" {2,}")

# espeak-ng's IPA (with "^" tying multi-letter phonemes) → Kokoro's English inventory.
# Kokoro writes each diphthong and affricate as one symbol and knows no length marks in
# American English; the order matters (longest first).
_ESPEAK_TO_KOKORO = (
    ("a^ɪ", "I"), ("a^ʊ", "W"), ("e^ɪ", "A"), ("o^ʊ", "O"), ("ɔ^ɪ", "Y"), ("d^ʒ", "ʤ"),
    ("t^ʃ", "ʧ"), ("ə^l", "ᵊl"), ("ɜː", "ɜɹ"), ("ɪə", "iə"), ("ɚ", "əɹ"), ("r", "ɹ"),
    ("ɐ", "ə"), ("x", "k"), ("ç", "k"), ("ɬ", "l"), ("ɾ", "T"), ("ʔ", "t"), ("ː", ""),
    ("\u0303", ""), ("^", ""), ("o", "ɔ"), ("e", "A"),
)  # fmt: skip

log = logging.getLogger(__name__)


@lru_cache(maxsize=4096)
def syllable_ipa(syllable: str) -> str:
    """One numbered pinyin syllable (``hang2``, ü as ``v``, neutral tone ``5``) in Kokoro's
    phonemes, e.g. ``xa↗ŋ``; ``""`` for something that is not a syllable."""
    from misaki.transcription import pinyin_to_ipa

    syllable = syllable.lower().replace("ü", "v")
    if syllable.rstrip("12345") in ("r", "er") and syllable.startswith("r"):
        syllable = "er" + (syllable[-1] if syllable[-1].isdigit() else "5")  # erhua 儿 as r
    try:
        variants = pinyin_to_ipa(syllable)
    except (ValueError, KeyError, IndexError):
        return ""
    ipa = "".join(variants[0])
    for letters, arrow in _TONES:
        ipa = ipa.replace(letters, arrow)
    # the apical vowel of zi/ci/si/zhi/chi/shi/ri
    ipa = ipa.replace("ɻ" + _SYLLABIC, "ɨ").replace("ɹ" + _SYLLABIC, "ɨ")
    return ipa.replace(_SYLLABIC, "")


def chinese_phonemes(text: str) -> str:
    """Phonemes for a Chinese run (normalised: digits already read out)."""
    syllables = spoken_pinyin(text)
    out: list[str] = []
    pos = 0
    for word in words(text):
        readings = syllables[pos : pos + len(word)]
        pos += len(word)
        ipa = "".join(syllable_ipa(s) for s in readings if s)
        if ipa:
            out.append(" " + ipa)
            continue
        for ch in word:
            mark = _PUNCTUATION.get(ch)
            if mark:
                out.append(mark if mark not in "“(" else " " + mark)
            elif ch.isspace():
                out.append(" ")
    return _tidy("".join(out))


def _tidy(phonemes: str) -> str:
    phonemes = _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_PUNCT.sub(r"\1", phonemes))
    return _SPACES.sub(" ", phonemes).strip()


@lru_cache(maxsize=2048)
def english_phonemes(text: str, voice: str = "en-us", command: str = "espeak-ng") -> str:
    """espeak-ng's transcription of English ``text`` in Kokoro's inventory ("" if espeak-ng
    is missing: the words are then skipped, and a warning is logged once)."""
    path = shutil.which(command)
    if path is None:
        _warn_no_espeak(command)
        return ""
    # one line per clause keeps espeak's phrase breaks; punctuation is put back by us
    out = subprocess.run(
        [path, "-q", "--ipa", "--tie=^", "-v", voice],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    ipa = " ".join(out.stdout.split())
    for old, new in _ESPEAK_TO_KOKORO:
        ipa = ipa.replace(old, new)
    ends = re.search(r"[,.!?;:]\s*$", text)
    return ipa + (ends.group().strip() if ends else "")


@lru_cache(maxsize=1)
def _warn_no_espeak(command: str) -> None:
    log.warning("%s is not installed: Latin words are skipped by the Kokoro voice", command)


# an abbreviation in capitals inside Chinese text is said letter by letter (ETC, ICP, VIP;
# espeak-ng reads some of them as words, ETC as "et cetera"): two or three capitals, or four
# or five without a vowel (CCTV); NASA and COVID are words
_ABBREVIATION = re.compile(r"\b(?:[A-Z]{2,3}|[B-DF-HJ-NP-TV-Z]{4,5})\b")


def spelled(letters: str) -> str:
    """Capital ``letters`` said one by one, as one word (stress on the last letter, as
    espeak-ng spells PDF)."""
    names = [english_phonemes(letter) for letter in letters]
    if not all(names):
        return ""
    return "".join(n.replace("ˈ", "ˌ") for n in names[:-1]) + names[-1]


def _latin_phonemes(text: str) -> str:
    """A Latin run inside Chinese text: abbreviations spelled, the rest read by espeak-ng."""
    parts: list[str] = []
    pos = 0
    for m in _ABBREVIATION.finditer(text):
        if text[pos : m.start()].strip():
            parts.append(english_phonemes(text[pos : m.start()].strip()))
        parts.append(spelled(m.group()))
        pos = m.end()
    if text[pos:].strip():
        parts.append(english_phonemes(text[pos:].strip()))
    return " ".join(p for p in parts if p)


# Bump when what the model is given for the same text changes (the tones of 一/不, spelled
# abbreviations, clauses joined in segment.py, the readings normalize.py chooses, the pinyin
# engine's rules and word lists …): it is part of the engine's identity, so audio cached under
# older rules is not served for the new ones.  3: normalize.py reads clock times, ranges,
# phone numbers with spaces, codes, rooms, unit letters and 两 before measure words by kind
# (benchmarks/speech_normalize.py).  4: issue 12's everyday rules and corrections (应 yīng,
# 接种 zhòng, 轻声 words …).  5: a phone number after its label with the area code run in
# (电话057187654321) is dialled digit by digit, 1 as 幺.
READING_RULES = 5


def to_phonemes(text: str, lang: str = "zh") -> str:
    """The phoneme string for normalised ``text``: ``lang`` ``zh`` reads Chinese runs with
    our pinyin and Latin runs with espeak-ng's English; ``en`` reads it all as English."""
    if lang == "en":
        return _tidy(english_phonemes(text))
    parts: list[str] = []
    for run in split_runs(text):
        if run.lang == "en":
            parts.append(" " + _latin_phonemes(run.text))
        else:
            parts.append(" " + chinese_phonemes(run.text))
    return _tidy("".join(parts))
