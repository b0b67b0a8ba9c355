"""Where the engine's data files live (built by ``build_data.py``, shipped in the wheel)."""

from __future__ import annotations

import gzip
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
MODEL_FILE = DATA_DIR / "g2pm_bilstm.npz"
FREQ_FILE = DATA_DIR / "word_freq.tsv.gz"
CHECKS_FILE = DATA_DIR / "phrase_checks.tsv"


def load_word_freq(path: Path = FREQ_FILE) -> dict[str, int]:
    """word → corpus frequency, for the words of the phrase dictionary."""
    out: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fp:
        for line in fp:
            word, _, freq = line.rstrip("\n").partition("\t")
            out[word] = int(freq)
    return out


def load_checks(path: Path = CHECKS_FILE) -> list[tuple[str, int, str, str]]:
    """(word, position, reading, decision) of each phrase-table check (``build_data``)."""
    out: list[tuple[str, int, str, str]] = []
    with open(path, encoding="utf-8") as fp:
        next(fp)  # header
        for line in fp:
            word, pos, _ours, _cedict, reading, decision, _source = line.rstrip("\n").split("\t")
            out.append((word, int(pos), reading, decision))
    return out
