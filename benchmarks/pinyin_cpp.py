"""Pinyin benchmark on the CPP polyphone dev split: barrierfree vs pypinyin vs g2pM.

    .venv/bin/python benchmarks/pinyin_cpp.py [--limit N] [--repeat N] [--json]
    .venv/bin/python benchmarks/pinyin_cpp.py --data DIR --split test

``--data DIR --split NAME`` scores another split of the same format (``NAME.sent`` with the
target marked ▁, ``NAME.lb``), e.g. CPP's test split, which is not in this repository and
was never looked at while tuning.  For one core: ``taskset -c 0`` in front of the command.

For each tool, in the same run and the same process: accuracy of the reading at the marked
polyphone (tone included, numbered pinyin, neutral tone 5, ü as v) over the 9,893 sentences
of ``benchmarks/data/pinyin`` (CPP, g2pM's dataset, Apache-2.0), and speed annotating the
whole sentences one call per sentence, in characters per second of CPU time of this one
process on one thread (numpy's BLAS pinned to one thread) — CPU time, so other work on the
machine does not distort the ratios; wall-clock rates are printed too.  Each tool annotates
the split ``--repeat`` times (default 3) and its best pass is reported.

barrierfree's tuned constants were looked at on this dev split (the model thresholds) and
on the project's own everyday sentences (the common-word frequency); both halves (even- and
odd-numbered sentences) are printed, and they should stay close.

Then, not timed, which layer of barrierfree decided each target (``PinyinEngine.explain``)
and how many of its errors each layer made: model (the BiLSTM), dictionary (a phrase-table
word, an everyday.py word, or a word the unsure model fell back on), rules (rules.py).
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


def load(limit: int | None, data: Path = DATA, split: str = "dev") -> list[tuple[str, int, str]]:
    sents = (data / f"{split}.sent").read_text(encoding="utf-8").splitlines()
    labels = (data / f"{split}.lb").read_text(encoding="utf-8").split()
    rows = [
        (s.replace("▁", ""), s.index("▁"), lb.replace("u:", "v"))
        for s, lb in zip(sents, labels, strict=True)
    ]
    return rows[:limit] if limit else rows


def barrierfree_tool() -> Annotator:
    from barrierfree.pinyin import Style, default_engine

    engine = default_engine()
    return lambda text: engine.to_pinyin(text, Style.TONE3)


def unsegmented_tool() -> Annotator:
    """barrierfree without the segmentation check: what that check costs and gains."""
    from barrierfree.pinyin import PinyinEngine, Style

    engine = PinyinEngine(segment=False)
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


def measure(
    name: str, tool: Annotator, rows: list[tuple[str, int, str]], repeat: int = 1
) -> dict[str, object]:
    for text, _, _ in rows[:50]:  # warm caches and lazy loading
        tool(text)
    right = [0, 0]
    count = [0, 0]
    chars = 0
    misaligned = 0
    cpu = wall = float("inf")
    for rep in range(max(repeat, 1)):
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        outs = [tool(text) for text, _, _ in rows]
        cpu = min(cpu, time.process_time() - cpu0)
        wall = min(wall, time.perf_counter() - wall0)
        if rep:
            continue
        for k, ((text, i, label), out) in enumerate(zip(rows, outs, strict=True)):
            chars += len(text)
            if len(out) != len(text):
                misaligned += 1
            half = k % 2
            count[half] += 1
            right[half] += i < len(out) and out[i] == label
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


LAYER_GROUPS = {
    "model": "model",
    "word": "dictionary",
    "everyday": "dictionary",
    "fallback": "dictionary",
    "custom": "dictionary",
    "rule": "rules",
}


def layers(rows: list[tuple[str, int, str]]) -> dict[str, dict[str, int]]:
    """Per layer of barrierfree: targets decided, and errors, overall and on each half."""
    from barrierfree.pinyin import default_engine
    from barrierfree.pinyin.styles import Style, convert

    engine = default_engine()
    out: dict[str, dict[str, int]] = {}
    for k, (text, i, label) in enumerate(rows):
        reading, layer = engine.explain(text)[i]
        group = LAYER_GROUPS.get(layer or "", "other")
        row = out.setdefault(group, {"decided": 0, "errors": 0, "errors_even": 0, "errors_odd": 0})
        row["decided"] += 1
        if reading is None or convert(reading, Style.TONE3) != label:
            row["errors"] += 1
            row["errors_odd" if k % 2 else "errors_even"] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes, best kept")
    parser.add_argument("--data", type=Path, default=DATA, help="directory of the split")
    parser.add_argument("--split", default="dev", help="NAME.sent and NAME.lb in --data")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = load(args.limit, args.data, args.split)
    n = args.repeat
    results = [
        measure("barrierfree", barrierfree_tool(), rows, n),
        measure("barrierfree, no segmentation", unsegmented_tool(), rows, n),
        measure("pypinyin 0.55 (default)", pypinyin_tool(), rows, n),
        measure("g2pM 0.1.2.5", g2pm_tool(), rows, n),
    ]
    by_layer = layers(rows)
    if args.json:
        print(json.dumps({"tools": results, "layers": by_layer}, indent=2, ensure_ascii=False))
        return
    ours = results[0]
    print(
        f"CPP {args.split} ({args.data}): {len(rows)} sentences, {ours['chars']} characters,"
        f" best of {n} timed passes per tool\n"
    )
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
    for r in results[2:]:
        errors_ratio = (1 - float(r["accuracy"])) / max(1 - float(ours["accuracy"]), 1e-9)  # type: ignore[arg-type]
        speed_ratio = float(ours["chars_per_cpu_s"]) / float(r["chars_per_cpu_s"])  # type: ignore[arg-type]
        print(
            f"barrierfree vs {r['tool']}: {errors_ratio:.2f}× fewer errors, "
            f"{speed_ratio:.2f}× the speed (CPU time)"
        )
    print(f"\n{'barrierfree layer':18} {'decided':>8} {'errors':>7} {'even':>5} {'odd':>5}")
    for group in ("model", "dictionary", "rules", "other"):
        if group in by_layer:
            r = by_layer[group]
            print(
                f"{group:18} {r['decided']:8d} {r['errors']:7d}"
                f" {r['errors_even']:5d} {r['errors_odd']:5d}"
            )


if __name__ == "__main__":
    main()
