"""``barrierfree read URL|FILE [--json]``: print a page's article.

A FILE (or ``-`` for standard input) is read as bytes and decoded as a browser would; a
URL is fetched through the checked fetcher (:mod:`barrierfree.fetch`), under the same
settings as the proxy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import BadRequest
from .article import Article

__all__ = ["add_parser"]


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("read", help="print the article of a web page or HTML file")
    parser.add_argument("source", help="http(s) URL, an HTML file, or - for standard input")
    parser.add_argument(
        "--json", action="store_true", help="print the article as JSON (as POST /api/read)"
    )
    parser.add_argument(
        "--url", help="the page's address, for a FILE (resolves links, helps find the date)"
    )
    from ..flags import add_settings_flags

    add_settings_flags(parser)
    parser.set_defaults(func=_read)


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _load(args: argparse.Namespace) -> Article:
    from .extract import extract

    if _is_url(args.source):
        import anyio

        from ..fetch import Fetcher
        from ..flags import settings_from_args
        from .remote import read_url

        fetcher = Fetcher.from_settings(settings_from_args(args))

        async def go() -> Article:
            try:
                return await read_url(fetcher, args.source)
            finally:
                await fetcher.aclose()

        return anyio.run(go)
    if args.source == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(args.source)
        if not path.is_file():
            raise BadRequest(f"{args.source}: no such file (give an http(s) URL or an HTML file)")
        data = path.read_bytes()
    return extract(data, args.url)


def format_text(article: Article) -> str:
    head = [article.title or ""]
    # the date as precisely as the page gave it ("1996-06" for a month-only page)
    meta = " · ".join(x for x in (article.date_text or "", article.source or "") if x)
    if meta:
        head.append(meta)
    return "\n\n".join([h for h in head if h] + article.paragraphs) + "\n"


def _read(args: argparse.Namespace) -> int:
    article = _load(args)
    if args.json:
        out = json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        out = format_text(article)
    sys.stdout.write(out)
    return 0 if article.paragraphs else 1
