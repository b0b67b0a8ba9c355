"""Pinyin benchmark on the CPP polyphone dev split: barrierfree vs pypinyin vs g2pM.

    .venv/bin/python benchmarks/pinyin_cpp.py [--limit N] [--json]

For each tool, in the same run and the same process: accuracy of the reading at the marked
polyphone (tone included, numbered pinyin, neutral tone 5, ü as v) over the 9,893 sentences
of ``benchmarks/data/pinyin`` (CPP, g2pM's dataset, Apache-2.0), and speed annotating the
whole sentences one call per sentence, in characters per second of CPU time of this one
process on one thread (numpy's BLAS pinned to one thread) — CPU time, so other work on the
machine does not distort the ratios; wall-clock rates are printed too.

barrierfree's two tuned constants were chosen on the even-numbered sentences (the model
threshold) and on the project's own everyday test sentences (the common-word frequency),
so the odd-numbered half is also printed as a held-out figure.
"""

from __future__ import annotations

import os

# one core: numpy must not fan out to a BLAS thread pool
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "pinyin"

Annotator = Callable[[str], list[str | None]]


def load(limit: int | None) -> list[tuple[str, int, str]]:
    sents = (DATA / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (DATA / "dev.lb").read_text(encoding="utf-8").split()
    rows = [
        (s.replace("▁", ""), s.index("▁"), lb.replace("u:", "v"))
        for s, lb in zip(sents, labels, strict=True)
    ]
    return rows[:limit] if limit else rows


def barrierfree_tool() -> Annotator:
    from barrierfree.pinyin import Style, default_engine

    engine = default_engine()
    return lambda text: engine.to_pinyin(text, Style.TONE3)


def pypinyin_tool() -> Annotator:
    from pypinyin import Style, pinyin

    def run(text: str) -> list[str | None]:
        out: list[str | None] = []
        for item in pinyin(
            text,
            style=Style.TONE3,
            neutral_tone_with_five=True,
            errors=lambda chars: [[None] for _ in chars],  # one entry per non-Chinese char
        ):
            out.append(item[0])
        return out

    return run


def g2pm_tool() -> Annotator:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # g2pM leaves its pickles open
        from g2pM import G2pM

        model = G2pM()

    def run(text: str) -> list[str | None]:
        return [r.replace("u:", "v") for r in model(text, char_split=True)]

    return run


def measure(name: str, tool: Annotator, rows: list[tuple[str, int, str]]) -> dict[str, object]:
    for text, _, _ in rows[:50]:  # warm caches and lazy loading
        tool(text)
    right = [0, 0]
    count = [0, 0]
    chars = 0
    misaligned = 0
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    for k, (text, i, label) in enumerate(rows):
        out = tool(text)
        chars += len(text)
        if len(out) != len(text):
            misaligned += 1
        half = k % 2
        count[half] += 1
        right[half] += i < len(out) and out[i] == label
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    return {
        "tool": name,
        "sentences": len(rows),
        "accuracy": (right[0] + right[1]) / len(rows),
        "accuracy_even": right[0] / max(count[0], 1),
        "accuracy_odd": right[1] / max(count[1], 1),
        "chars": chars,
        "chars_per_cpu_s": chars / cpu,
        "chars_per_wall_s": chars / wall,
        "misaligned": misaligned,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = load(args.limit)
    results = [
        measure("barrierfree", barrierfree_tool(), rows),
        measure("pypinyin 0.55 (default)", pypinyin_tool(), rows),
        measure("g2pM 0.1.2.5", g2pm_tool(), rows),
    ]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    ours = results[0]
    print(f"CPP dev: {len(rows)} sentences, {ours['chars']} characters\n")
    print(
        f"{'tool':26} {'accuracy':>9} {'even':>7} {'odd':>7} {'chars/s CPU':>12} {'chars/s wall':>13}"
    )
    for r in results:
        print(
            f"{r['tool']:26} {r['accuracy']:9.2%} {r['accuracy_even']:7.2%} {r['accuracy_odd']:7.2%}"
            f" {r['chars_per_cpu_s']:12,.0f} {r['chars_per_wall_s']:13,.0f}"
            + (f"  ({r['misaligned']} misaligned)" if r["misaligned"] else "")
        )
    print()
    for r in results[1:]:
        errors_ratio = (1 - float(r["accuracy"])) / max(1 - float(ours["accuracy"]), 1e-9)  # type: ignore[arg-type]
        speed_ratio = float(ours["chars_per_cpu_s"]) / float(r["chars_per_cpu_s"])  # type: ignore[arg-type]
        print(
            f"barrierfree vs {r['tool']}: {errors_ratio:.2f}× fewer errors, "
            f"{speed_ratio:.2f}× the speed (CPU time)"
        )


if __name__ == "__main__":
    main()
