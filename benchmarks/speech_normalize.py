"""Text normalisation on written forms it was not tuned on: exact-match rate by kind.

    .venv/bin/python benchmarks/speech_normalize.py [--set audit|heldout2] [--misses] [--json]

``benchmarks/data/speech/tn_audit.tsv`` holds short written forms as they appear on Chinese
government and public-service pages (dates in every style, times, money, phone numbers,
document numbers, units, codes, Latin abbreviations …), each with what a careful Mandarin
announcer says.  It was written before the normaliser was changed for it; the rules were then
fixed by KIND of form, so expect it to flatter them a little.  ``--set heldout2`` scores
``tn_heldout2.tsv`` instead: new forms of the same kinds written after the fixes and scored
once, the honest estimate for forms nobody has looked at.

Gold notation: ``{a|b}`` either reading here; a ``|`` outside braces separates whole
alternatives; ``<123>`` digits read one by one (0 as 零, 1 as 一 or 幺, one choice for the
group).  A form matches when the normaliser's output equals one gold reading with spaces,
punctuation (Unicode P*) and ASCII case ignored: punctuation is pauses, not words, and how
Latin letters are spaced is the phoneme stage's business.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "speech"
SETS = {
    "audit": DATA / "tn_audit.tsv",
    "heldout2": DATA / "tn_heldout2.tsv",
    "heldout3": DATA / "tn_heldout3.tsv",
}

_DIGITS = "零一二三四五六七八九"


def _split_top(text: str) -> list[str]:
    """Split on ``|`` outside braces."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _spelled(digits: str, one: str) -> str:
    return "".join(one if d == "1" else _DIGITS[int(d)] for d in digits)


def expand(gold: str) -> set[str]:
    """Every reading the gold notation allows."""
    out: set[str] = set()
    for alternative in _split_top(gold):
        pieces: list[list[str]] = []
        for token in re.findall(r"\{[^}]*\}|<\d+>|[^{<]+", alternative):
            if token.startswith("{"):
                pieces.append(token[1:-1].split("|"))
            elif token.startswith("<"):
                digits = token[1:-1]
                pieces.append(sorted({_spelled(digits, "一"), _spelled(digits, "幺")}))
            else:
                pieces.append([token])
        out.update("".join(combo) for combo in itertools.product(*pieces))
    return {squash(reading) for reading in out}


def squash(text: str) -> str:
    """Spaces, punctuation and ASCII case do not count."""
    kept = (ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P"))
    return "".join(ch.lower() if ch.isascii() else ch for ch in kept)


def load(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, written, spoken = line.split("\t")
        rows.append((kind, written, spoken))
    return rows


def score(rows: list[tuple[str, str, str]]) -> dict[str, object]:
    from barrierfree.speech import normalize

    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for kind, written, spoken in rows:
        said = normalize(written)
        ok = squash(said) in expand(spoken)
        by_kind[kind][0] += ok
        by_kind[kind][1] += 1
        if not ok:
            misses.append({"kind": kind, "written": written, "said": said, "gold": spoken})
    hits = sum(v[0] for v in by_kind.values())
    return {
        "forms": len(rows),
        "matched": hits,
        "rate": hits / len(rows),
        "by_kind": {k: {"matched": v[0], "forms": v[1]} for k, v in by_kind.items()},
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="audit")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = score(load(SETS[args.set]))
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(f"{args.set}: {result['matched']}/{result['forms']} forms exact ({result['rate']:.1%})")
    by_kind = result["by_kind"]
    assert isinstance(by_kind, dict)
    print(" | ".join(f"{k} {v['matched']}/{v['forms']}" for k, v in by_kind.items()))
    if args.misses:
        misses = result["misses"]
        assert isinstance(misses, list)
        for miss in misses:
            print(
                f"  [{miss['kind']}] {miss['written']}  →  {miss['said']}   (gold {miss['gold']})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
