"""``barrierfree pinyin TEXT``: print text annotated with pinyin.

Formats: ``inline`` (default) puts each reading after its character, 银(yín)行(háng);
``pinyin`` prints the readings alone, other text kept as is; ``json`` prints the list
``to_pinyin`` returns.  ``-`` reads the text from standard input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import BadRequest
from .styles import Style
from .words import CustomWords

__all__ = ["add_parser", "render"]


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("pinyin", help="print Chinese text annotated with pinyin")
    parser.add_argument(
        "text", nargs="+", help="the text (several arguments are joined by spaces); - for stdin"
    )
    parser.add_argument(
        "--style",
        choices=[s.value for s in Style],
        default="tone",
        help="tone (háng, default), tone3 (hang2), plain, zhuyin",
    )
    parser.add_argument(
        "--format",
        choices=["inline", "pinyin", "json"],
        default="inline",
        help="output layout (default inline)",
    )
    parser.add_argument(
        "--word",
        action="append",
        default=[],
        metavar="WORD=READING",
        help="a custom word, e.g. '单于=chán yú' (repeatable)",
    )
    parser.set_defaults(func=_run)


def _words(specs: list[str]) -> CustomWords | None:
    table: dict[str, str] = {}
    for spec in specs:
        word, sep, reading = spec.partition("=")
        if not sep:
            raise BadRequest(f"--word needs WORD=READING, got {spec!r}")
        table[word.strip()] = reading
    return CustomWords(table) if table else None


def render(text: str, readings: list[str | None], fmt: str) -> str:
    """Lay out ``text`` with its ``readings`` (one per character) as the CLI prints it."""
    if fmt == "json":
        return json.dumps(readings, ensure_ascii=False)
    if fmt == "inline":
        return "".join(
            ch if r is None else f"{ch}({r})" for ch, r in zip(text, readings, strict=True)
        )
    # readings separated by one space, and from neighbouring other text too
    out: list[str] = []
    prev_reading = False
    for ch, r in zip(text, readings, strict=True):
        if out and (r is not None or prev_reading) and not (ch.isspace() or out[-1].isspace()):
            out.append(" ")
        out.append(ch if r is None else r)
        prev_reading = r is not None
    return "".join(out)


def _run(args: argparse.Namespace) -> int:
    from .engine import default_engine

    text = " ".join(args.text)
    if text == "-":
        text = sys.stdin.read().rstrip("\n")
    readings = default_engine().to_pinyin(text, Style(args.style), _words(args.word))
    print(render(text, readings, args.format))
    return 0
