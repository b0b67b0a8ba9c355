"""What the reader keeps at the edges of the article: every short line (≤ 24 characters)
not ending a sentence, classed by place — before the first prose line, between prose
lines, after the last — and by whether the page's truth holds it.  A check for a general
edge rule: how many true lines a rule on place and length alone would cut.

    .venv/bin/python benchmarks/reader_edge_lines.py [--set zh --set golden] [-v]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

from barrierfree.reader import extract
from reader_benchmark import load_pages

SHORT = 24
_END = re.compile(r"[。！？!?；;…」”\"]$")


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append", dest="sets", choices=["zh", "en", "golden", "blind"])
    ap.add_argument("--data", type=Path, default=Path(__file__).parent / "data" / "reader")
    ap.add_argument("-v", action="store_true", help="print the lines after the last prose line")
    args = ap.parse_args()
    counts: Counter[tuple[str, str, bool]] = Counter()
    lines: defaultdict[tuple[str, str, bool], list[str]] = defaultdict(list)
    for which in args.sets or ["zh", "golden"]:
        for _pid, raw, truth in load_pages(args.data, which):
            paragraphs = extract(raw, truth.get("url")).paragraphs  # type: ignore[arg-type]
            body = _squash(str(truth["articleBody"]))
            prose = [i for i, p in enumerate(paragraphs) if len(p) >= 40 or _END.search(p)]
            if not prose:
                continue
            for i, p in enumerate(paragraphs):
                if len(p) > SHORT or _END.search(p):
                    continue
                place = "before" if i < prose[0] else "after" if i > prose[-1] else "between"
                key = (which, place, _squash(p) in body)
                counts[key] += 1
                lines[key].append(p)
    for key in sorted(counts):
        which, place, true = key
        print(f"{which}\t{place}\t{'true' if true else 'junk'}\t{counts[key]}")
        if args.v and place == "after":
            print("\t" + " | ".join(lines[key]))


if __name__ == "__main__":
    main()
