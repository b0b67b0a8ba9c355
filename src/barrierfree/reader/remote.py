"""Reading a page by its URL.

The page is fetched by the service's one :class:`~barrierfree.fetch.Fetcher`, the proxy's
too, so a URL given to the reader passes the same checks as one given to ``/browse``:
allowed hosts and ports, no private, loopback, link-local or metadata addresses (for every
redirect hop and every DNS answer), a byte limit, one deadline for the whole exchange and
the same concurrency slots.
"""

from __future__ import annotations

import anyio

from ..errors import UnsupportedMediaType, UpstreamError
from ..fetch import Fetcher
from .article import Article
from .extract import extract

_HTML_TYPES = {"text/html", "application/xhtml+xml", ""}


async def read_url(fetcher: Fetcher, url: str, *, accept_language: str | None = None) -> Article:
    """Fetch ``url`` through the checked fetcher and read its article."""
    fetched = await fetcher.page(url, accept_language=accept_language)
    if fetched.status >= 400:
        raise UpstreamError(
            f"目标网站返回错误 {fetched.status} (the site answered {fetched.status})"
        )
    if fetched.media_type not in _HTML_TYPES:
        raise UnsupportedMediaType(
            f"目标地址不是网页 (the address is {fetched.media_type}, not an HTML page)"
        )
    final_url = str(fetched.url.url)
    body, charset = fetched.body, fetched.charset
    return await anyio.to_thread.run_sync(lambda: extract(body, final_url, charset=charset))
