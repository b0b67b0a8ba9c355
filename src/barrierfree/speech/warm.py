"""``barrierfree warm URL… | --sitemap URL``: read a site's article pages into the audio
cache before visitors ask, so pointing at a paragraph plays at once.

Each page is fetched, its article found by the reader (title and paragraphs, what the
toolbar's 声音 prepares from the page), split into sentences exactly as the toolbar's
requests are, and every sentence not yet cached is synthesised into the service's cache
(the same ``cache_backend``/``cache_dir``/``redis_url`` as the server: run it with the same
settings).  Operators run it after publishing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO
from xml.etree import ElementTree

from ..errors import BadRequest, BarrierFreeError

if TYPE_CHECKING:
    from .service import SpeechService

__all__ = ["add_parser", "page_texts", "sitemap_urls", "warm"]

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_SITEMAP_URLS = 50000


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "warm", help="synthesise a site's article pages into the speech cache"
    )
    parser.add_argument("urls", nargs="*", help="article pages to prepare")
    parser.add_argument(
        "--sitemap", action="append", default=[], help="a sitemap.xml whose pages to prepare"
    )
    parser.add_argument(
        "--voice",
        action="append",
        default=[],
        help="voice(s) to prepare: female, male or an engine voice (default: the site default)",
    )
    parser.add_argument("--rate", type=float, default=1.0, help="speech rate (default 1.0)")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument(
        "--limit", type=int, default=0, help="at most this many pages (0: all of them)"
    )
    from ..flags import add_settings_flags

    add_settings_flags(parser)
    parser.set_defaults(func=_run)


def _fetch(client: Any, url: str) -> bytes:
    import httpx

    try:
        response = client.get(url)
    except httpx.HTTPError as exc:
        raise BadRequest(f"cannot fetch {url}: {exc}") from None
    if response.status_code != 200:
        raise BadRequest(f"{url} answered HTTP {response.status_code}")
    return bytes(response.content)


def sitemap_urls(client: Any, url: str, depth: int = 0) -> list[str]:
    """The page addresses of a sitemap (a sitemap index is followed one level down)."""
    try:
        root = ElementTree.fromstring(_fetch(client, url))
    except ElementTree.ParseError as exc:
        raise BadRequest(f"{url} is not a sitemap (XML error: {exc})") from None
    locs = [el.text.strip() for el in root.iter(f"{_SITEMAP_NS}loc") if el.text]
    if root.tag == f"{_SITEMAP_NS}sitemapindex" and depth == 0:
        pages: list[str] = []
        for child in locs:
            pages += sitemap_urls(client, child, depth + 1)
        return pages[:MAX_SITEMAP_URLS]
    return locs[:MAX_SITEMAP_URLS]


def page_texts(html: bytes, url: str) -> list[str]:
    """The blocks of a page the toolbar reads: its article's title and paragraphs."""
    from ..reader import extract

    article = extract(html, url)
    return [t for t in [article.title or "", *article.paragraphs] if t.strip()]


class _Progress:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.interactive = out.isatty()

    def show(self, done: int, total: int, note: str) -> None:
        width = 30
        filled = width * done // max(1, total)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} sentences  {note}"
        if self.interactive:
            self.out.write("\r" + line[:120].ljust(120))
        elif done == total or done % 10 == 0:
            self.out.write(line + "\n")
        self.out.flush()

    def end(self) -> None:
        if self.interactive:
            self.out.write("\n")


def warm(
    service: SpeechService,
    pages: Iterable[tuple[str, list[str]]],
    voices: list[str],
    rate: float = 1.0,
    lang: str = "zh",
    out: TextIO | None = None,
) -> dict[str, int]:
    """Synthesise every sentence of ``pages`` ((url, texts) pairs) for each voice into the
    cache; returns counts (sentences, made, cached, failed)."""
    from .service import SpeechRequest

    out = out or sys.stderr
    jobs: list[tuple[str, str, SpeechRequest]] = []  # (page, audio address, request)
    for url, texts in pages:
        for voice in voices:
            for text in texts:
                for planned in service.plan(SpeechRequest(text, rate, 1.0, "mp3", voice, lang)):
                    req = SpeechRequest(planned.spoken, rate, 1.0, "mp3", voice, lang, "warm")
                    jobs.append((url, planned.url.split("?", 1)[0].rsplit("/", 1)[1], req))
    counts = {"sentences": len(jobs), "made": 0, "cached": 0, "failed": 0}
    progress = _Progress(out)
    started = time.monotonic()
    for done, (url, address, req) in enumerate(jobs, 1):
        digest, ext = address.split(".", 1)
        try:
            audio = service.by_address(digest, ext, req)  # made whole when missing
            counts["cached" if audio.cached else "made"] += 1
        except BarrierFreeError as exc:
            counts["failed"] += 1
            out.write(f"\n{url}: {exc.message}\n")
        progress.show(done, len(jobs), f"{time.monotonic() - started:.0f} s  {url}")
    progress.end()
    return counts


def _run(args: argparse.Namespace) -> int:
    import httpx

    from ..cache import make_cache
    from ..flags import settings_from_args
    from .service import SpeechService

    if not args.urls and not args.sitemap:
        raise BadRequest("give page addresses, or --sitemap with a sitemap's address")
    settings = settings_from_args(args)
    headers = {"User-Agent": "barrierfree-warm (speech cache)"}
    with httpx.Client(follow_redirects=True, timeout=30.0, headers=headers) as client:
        urls = list(args.urls)
        for sitemap in args.sitemap:
            urls += sitemap_urls(client, sitemap)
        if args.limit:
            urls = urls[: args.limit]
        pages: list[tuple[str, list[str]]] = []
        for url in urls:
            try:
                pages.append((url, page_texts(_fetch(client, url), url)))
            except BarrierFreeError as exc:
                print(f"{url}: skipped ({exc.message})", file=sys.stderr)
    cache = make_cache(settings)
    service = SpeechService(settings, cache)
    try:
        counts = warm(service, pages, args.voice or [""], args.rate, args.lang)
    finally:
        service.close()
        cache.close()
    print(
        f"{len(pages)} pages, {counts['sentences']} sentences: {counts['made']} made, "
        f"{counts['cached']} already cached, {counts['failed']} failed",
        file=sys.stderr,
    )
    return 1 if counts["failed"] else 0
