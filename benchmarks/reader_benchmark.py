"""Reader benchmark: barrierfree.reader.extract against trafilatura and readability-lxml,
same pages, same run, same metric (see reader_metric.py).

    .venv/bin/python benchmarks/reader_benchmark.py [--data benchmarks/data/reader] [--set en|zh|golden|blind]

"golden" is the golden pages of tests/pages (layouts the dev pages do not cover, each
with its truth): a check on kinds of page the dev set does not have.  "blind" is the
pages of a blind round in tests/blind (same format), while they wait there: written and
committed with their truth before the reader ever ran on them.

Speed is given per wall-clock second and per second of this process's CPU time (on a
machine shared with other jobs the second is the steadier one).  Prints F1, precision, recall, junk rate (marker list) and nav-junk rate (lines shaped like
navigation that the truth lacks), title and date accuracy and pages/s for every
extractor on every page set, then our ratios to each peer.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reader_metric import Summary, junk_found, nav_lines, page_scores, summarise  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "reader"

Prediction = dict[str, object]
Extractor = Callable[[bytes, str | None], Prediction]


GOLDEN = REPO / "tests" / "pages"
# a blind round's pages: written with their truth and committed before the reader is run
# on them, scored as written, then moved to tests/pages
BLIND = REPO / "tests" / "blind"


def load_golden(root: Path = GOLDEN) -> Iterator[tuple[str, bytes, dict[str, object]]]:
    """The reader's golden pages (tests/pages) as a page set: layouts written after the
    dev pages, modelled on CMS templates the dev pages do not cover.  Same format for the
    pages of a blind round (tests/blind)."""
    if not root.is_dir():
        return
    for folder in sorted(root.iterdir()):
        expected = folder / "expected.json"
        if not expected.is_file():
            continue
        want = json.loads(expected.read_text("utf-8"))
        date = want.get("date")
        if date:
            date = date[: {"year": 4, "month": 7}.get(want.get("date_precision") or "", 10)]
        truth = {
            "url": want.get("url"),
            "articleBody": "\n".join(want["paragraphs"]),
            "title": want.get("title"),
            "date": date,
        }
        yield folder.name, (folder / "source.html").read_bytes(), truth


def load_pages(data: Path, which: str) -> Iterator[tuple[str, bytes, dict[str, object]]]:
    """(id, raw bytes, truth) for one page set, in a stable order ("golden": the golden
    pages of the tests)."""
    if which in ("golden", "blind"):
        yield from load_golden(GOLDEN if which == "golden" else BLIND)
        return
    folder = data / which
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    for page_id in sorted(truth):
        gz = folder / "html" / f"{page_id}.html.gz"
        raw = (
            gzip.decompress(gz.read_bytes())
            if gz.exists()
            else (folder / "html" / f"{page_id}.html").read_bytes()
        )
        yield page_id, raw, truth[page_id]


def ours(raw: bytes, url: str | None) -> Prediction:
    from barrierfree.reader import extract

    art = extract(raw, url)
    return {
        "text": art.text,
        "title": art.title,
        # at the precision the page states it ("1996-06"), so a month is not taken for
        # the 1st of the month
        "date": art.date_text,
    }


def _decoded(raw: bytes) -> str:
    # the peers get the same browser-like decoding we use, so only extraction is compared
    from barrierfree.charset import decode_html

    return decode_html(raw)[0]


def trafilatura_extractor(raw: bytes, url: str | None) -> Prediction:
    import trafilatura

    doc = trafilatura.bare_extraction(_decoded(raw), url=url, with_metadata=True)
    if doc is None:
        return {"text": "", "title": None, "date": None}
    return {"text": doc.text or "", "title": doc.title, "date": doc.date}


def readability_extractor(raw: bytes, url: str | None) -> Prediction:
    import lxml.html
    from readability import Document

    doc = Document(_decoded(raw), url=url)
    summary = doc.summary(html_partial=True)
    text = (
        "\n".join(t.strip() for t in lxml.html.fromstring(summary).itertext() if t.strip())
        if summary.strip()
        else ""
    )
    return {"text": text, "title": doc.short_title(), "date": None}


EXTRACTORS: dict[str, Extractor] = {
    "barrierfree": ours,
    "trafilatura": trafilatura_extractor,
    "readability-lxml": readability_extractor,
}


def run(
    name: str,
    fn: Extractor,
    pages: list[tuple[str, bytes, dict[str, object]]],
    verbose: bool,
    halves: bool = False,
) -> tuple[Summary, tuple[float, float]]:
    rows = []
    start = time.perf_counter()
    cpu_start = time.process_time()
    preds = []
    for page_id, raw, truth in pages:
        url = truth.get("url") or None
        try:
            pred = fn(raw, str(url) if url else None)
        except Exception as exc:  # a peer crashing on a page scores zero on it
            pred = {"text": "", "title": None, "date": None, "error": repr(exc)}
        preds.append((page_id, pred, truth))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    for page_id, pred, truth in preds:
        rows.append((pred, truth))
        if verbose:
            p, r = page_scores(str(pred["text"]), str(truth["articleBody"]))
            junk = junk_found(str(pred["text"]), str(truth["articleBody"]))
            nav = nav_lines(str(pred["text"]), str(truth["articleBody"]))
            print(
                f"  {name:16} {page_id[:30]:30} P={p:.3f} R={r:.3f} junk={junk} nav={nav[:4]} "
                f"title={pred.get('title')!r:.40} date={pred.get('date')}",
                file=sys.stderr,
            )
    if halves:
        # the dev split's even and odd pages (in this stable order) should score alike: a
        # gain on one half only is a gain tuned on files
        for label, part in (("even", rows[0::2]), ("odd", rows[1::2])):
            h = summarise(part)
            print(
                f"  {name} {label} half: F1 {h.f1:.3f} (P {h.precision:.3f}, R {h.recall:.3f}), "
                f"junk {h.junk_pages}, nav-junk {h.nav_pages}/{h.pages}",
                file=sys.stderr,
            )
    return summarise(rows), (len(pages) / elapsed, len(pages) / cpu)


def timed_pass(
    fn: Extractor, pages: list[tuple[str, bytes, dict[str, object]]]
) -> tuple[float, float]:
    """One more pass over the pages, timed only: (pages/s, pages/CPU-s)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    for _, raw, truth in pages:
        url = truth.get("url") or None
        with contextlib.suppress(Exception):
            fn(raw, str(url) if url else None)
    return (
        len(pages) / (time.perf_counter() - start),
        len(pages) / (time.process_time() - cpu_start),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--set", choices=["en", "zh", "golden", "blind"], action="append", dest="sets"
    )
    parser.add_argument("--only", action="append", choices=list(EXTRACTORS))
    parser.add_argument(
        "--halves", action="store_true", help="scores of the even and odd pages on stderr"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="per-page scores on stderr")
    parser.add_argument(
        "--page",
        action="append",
        dest="page_ids",
        help="only these pages of each set (a blind round's pages among tests/blind)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time N passes per extractor, the extractors taking turns pass by pass, and "
        "compare the medians (a set of 45 pages takes about a second: one pass is noisy)",
    )
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    names = args.only or list(EXTRACTORS)
    for which in args.sets or ["en", "zh", "golden"]:
        pages = [
            page
            for page in load_pages(args.data, which)
            if not args.page_ids or page[0] in args.page_ids
        ]
        print(f"\n## {which}: {len(pages)} pages\n")
        print(
            "| extractor | F1 | precision | recall | junk pages (markers) "
            "| nav-junk pages (shape) | title acc | date acc | pages/s | pages/CPU-s |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        results: dict[str, tuple[Summary, tuple[float, float]]] = {}
        for name in names:
            # warm-up outside the timed run (imports, lazy tables, first-use code paths): a
            # service extracts warm; every extractor gets the same untimed pass
            for _, raw, _ in pages:
                # a crash is scored (as zero) in the timed run
                with contextlib.suppress(Exception):
                    EXTRACTORS[name](raw, None)
            s, (speed, cpu_speed) = run(name, EXTRACTORS[name], pages, args.verbose, args.halves)
            results[name] = (s, (speed, cpu_speed))
            title = (
                f"{s.title_accuracy:.2f} ({s.titles_right}/{s.titles_total})"
                if s.titles_total
                else "–"
            )
            date = (
                f"{s.date_accuracy:.2f} ({s.dates_right}/{s.dates_total})" if s.dates_total else "–"
            )
            print(
                f"| {name} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | "
                f"{s.junk_rate:.0%} ({s.junk_pages}) | {s.nav_rate:.0%} ({s.nav_pages}; {s.nav_lines} lines) "
                f"| {title} | {date} | {speed:.1f} | {cpu_speed:.1f} |",
                flush=True,
            )
        if args.repeat > 1:
            # the scored pass was the first; the others, in turns, so that a change in the
            # machine's load falls on every extractor alike
            passes: dict[str, list[tuple[float, float]]] = {n: [results[n][1]] for n in names}
            for _ in range(args.repeat - 1):
                for name in names:
                    passes[name].append(timed_pass(EXTRACTORS[name], pages))
            for name in names:
                wall = statistics.median(p[0] for p in passes[name])
                cpu = statistics.median(p[1] for p in passes[name])
                results[name] = (results[name][0], (wall, cpu))
                print(
                    f"\n{name}: median of {args.repeat} passes {wall:.1f} pages/s, "
                    f"{cpu:.1f} pages/CPU-s (CPU-s per pass: "
                    + ", ".join(f"{len(pages) / p[1]:.2f}" for p in passes[name])
                    + ")"
                )
        if "barrierfree" in results:
            base, (base_speed, base_cpu) = results["barrierfree"]
            for name, (s, (speed, cpu_speed)) in results.items():
                if name != "barrierfree":
                    print(
                        f"\nbarrierfree / {name}: F1 ×{base.f1 / s.f1:.3f}, speed ×{base_speed / speed:.2f}"
                        f" (wall clock), ×{base_cpu / cpu_speed:.2f} (CPU time)"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
