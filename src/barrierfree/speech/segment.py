"""Splitting text for reading: into sentences (for 连读 and highlighting) and into Chinese
and Latin runs (each run is read with a voice of its own language).

Sentences keep their ``start``/``end`` offsets into the original text so the toolbar can
map them back to the page and highlight what is being read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .syllables import numbered_pinyin
from .wordcut import words

__all__ = [
    "Clause",
    "Run",
    "Sentence",
    "split_clauses",
    "split_runs",
    "split_sentences",
    "words",
]

# a sentence ends after these, plus any closing quotes/brackets that follow
_HARD_END = re.compile(
    r"[。！？!?；;…]+[”’」』）)\]】\"']*"
    r"|\.(?=\s|$)[”’」』）)\]】\"']*"
    r"|\n+"
)
_SOFT_END = re.compile(r"[，,、：:]")
# where a neural voice is given a new input: after a comma, semicolon or colon (not 、, whose
# lists are read in one breath), and the pause put between the pieces
_CLAUSE_END = re.compile(r"[，,；;：:]+[”’」』）)\]】\"']*(?=\s*\S)")
_CLAUSE_PAUSE = {"，": 0.2, ",": 0.2, "；": 0.3, ";": 0.3, "：": 0.25, ":": 0.25}
# speakable characters; a shorter piece joins the next ("但是，"), a short last piece the one
# before it: the voice says a very short input badly (敬请谅解 alone was heard as 惊惊了解)
_MIN_CLAUSE = 6
# the first piece of a sentence is what the listener waits for: a first clause longer than
# _LONG_FIRST speakable characters is cut at the word boundary nearest _QUICK_START (neither
# side shorter than _MIN_SIDE), with a breath of _QUICK_PAUSE seconds between the halves
_LONG_FIRST = 14
_QUICK_START = 8
_MIN_SIDE = 6
_QUICK_PAUSE = 0.05
# a number read out (never cut inside one, nor between it and its measure word) and what
# joins two numbers (三到五, 八点半)
_NUMBER = frozenset("零〇一二三四五六七八九十百千万亿幺两点")
_NUMBER_JOINS = _NUMBER | frozenset("到至第约近每")
# a cut before these or after 的/了 falls where a speaker may pause: worth this many
# characters of distance from _QUICK_START
_PREDICATE_START = frozenset("将为在可要应已请对由于把被是需均都也还并自从向给让能会")
_PHRASE_END = frozenset("的了")
# words that belong with what follows them (全市各|景区 is no place to stop)
_BINDS_NEXT = frozenset("各每全本该这那其此某")
_NATURAL_BONUS = 3
_SPEAKABLE = re.compile(r"[\w\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*(?:[ \t]+[A-Za-z0-9][A-Za-z0-9'’\-]*)*")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text`` is ``source[start:end]`` with outer whitespace trimmed."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    """A piece of a sentence read in one go, and the silence (seconds) that follows it."""

    text: str
    pause: float


@dataclass(frozen=True)
class Run:
    """A stretch of one language: ``lang`` is ``"zh"`` or ``"en"``."""

    text: str
    lang: str


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end or not _SPEAKABLE.search(text, start, end):
        return None
    return Sentence(text[start:end], start, end)


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence at commas (else hard) so each request stays small."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        window_end = start + max_chars
        cut = -1
        for m in _SOFT_END.finditer(text, start, window_end):
            cut = m.end()
        if cut <= start + max_chars // 4:
            cut = window_end
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def split_sentences(text: str, max_chars: int = 120) -> list[Sentence]:
    """Split ``text`` into sentences, longer ones cut at commas to at most ``max_chars``.

    Text without anything speakable (only punctuation or spaces) yields no sentence.
    """
    sentences: list[Sentence] = []
    start = 0
    bounds: list[tuple[int, int]] = []
    for m in _HARD_END.finditer(text):
        # "3.5" and "gov.cn" are not sentence ends: _HARD_END only takes "." before space/end
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    for s, e in bounds:
        for ps, pe in _split_long(text, s, e, max_chars):
            sentence = _trimmed(text, ps, pe)
            if sentence is not None:
                sentences.append(sentence)
    return sentences


def split_runs(text: str) -> list[Run]:
    """Split ``text`` into Chinese and Latin runs.

    A Latin run is a sequence of Latin words (with the spaces between them); digits inside
    it stay with it ("iPhone 15" after normalisation is rare, but "H5" is common).  Everything
    else, punctuation included, belongs to the Chinese run around it.
    """
    runs: list[Run] = []
    pos = 0
    for m in _LATIN.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()], "zh"))
        runs.append(Run(m.group(), "en"))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:], "zh"))
    return [r for r in runs if r.text.strip()]


def _quick_start(clause: Clause) -> list[Clause]:
    """A long first clause cut in two at a word boundary near its start, so the first
    audio is ready sooner; a short one is returned whole.  Never inside or right after a
    number (二零二|四年, 三到|五个); a phrase boundary — before a word that starts the
    predicate (将, 为, 可, 请 …) or after 的/了 — is preferred to the nearest one.  A cut is
    only made where both halves keep the readings the whole clause has (为 in 将为…发放 is
    wèi only beside what follows it)."""
    text = clause.text
    speakable = len(_SPEAKABLE.findall(text))
    if speakable <= _LONG_FIRST:
        return [clause]
    candidates: list[tuple[int, int]] = []  # (score, cut offset): lower is better
    seen = offset = 0
    for word in words(text)[:-1]:
        offset += len(word)
        seen += len(_SPEAKABLE.findall(word))
        if seen < _MIN_SIDE or speakable - seen < _MIN_SIDE:
            continue
        if not _SPEAKABLE.match(text, offset):
            continue  # never cut between a word and the punctuation or Latin run after it
        before, after = text[offset - 1], text[offset]
        if before in _NUMBER or before in _BINDS_NEXT:
            continue
        if after in _NUMBER and before in _NUMBER_JOINS:
            continue
        natural = after in _PREDICATE_START or before in _PHRASE_END
        candidates.append((abs(seen - _QUICK_START) - (_NATURAL_BONUS if natural else 0), offset))
    whole = numbered_pinyin(text)
    for _, cut in sorted(candidates)[:3]:
        if numbered_pinyin(text[:cut]) + numbered_pinyin(text[cut:]) == whole:
            return [Clause(text[:cut], _QUICK_PAUSE), Clause(text[cut:], clause.pause)]
    return [clause]


def split_clauses(sentence: str, *, quick_start: bool = False) -> list[Clause]:
    """Cut one sentence at commas, semicolons and colons into the pieces a neural voice
    reads one at a time (long inputs degrade it, and the first piece can play while the
    rest is made).  Pieces with fewer than six speakable characters join the next one (a
    short last piece joins the one before); the last piece has no pause after it (the
    player spaces sentences itself).

    With ``quick_start`` a long first piece is cut once more at a word boundary about eight
    characters in (the listener hears the sentence start sooner; a neural voice's time to
    first audio grows with the length of its first input).
    """
    clauses: list[Clause] = []
    pending = ""
    start = 0
    cuts = [m.end() for m in _CLAUSE_END.finditer(sentence)] + [len(sentence)]
    for end in cuts:
        piece = pending + sentence[start:end]
        start = end
        if len(_SPEAKABLE.findall(piece)) < _MIN_CLAUSE and end < len(sentence):
            pending = piece
            continue
        pending = ""
        text = piece.strip()
        if text and _SPEAKABLE.search(text):
            mark = text.rstrip("”’」』）)]】\"'")[-1:]
            clauses.append(Clause(text, _CLAUSE_PAUSE.get(mark, 0.0)))
    if pending.strip() and _SPEAKABLE.search(pending):
        clauses.append(Clause(pending.strip(), 0.0))
    if len(clauses) > 1 and len(_SPEAKABLE.findall(clauses[-1].text)) < _MIN_CLAUSE:
        # a short last piece ("敬请谅解。") is said with the one before it, not alone
        clauses[-2:] = [Clause(clauses[-2].text + clauses[-1].text, 0.0)]
    if clauses:
        clauses[-1] = Clause(clauses[-1].text, 0.0)
    if quick_start and clauses:
        clauses[:1] = _quick_start(clauses[0])
    return clauses
