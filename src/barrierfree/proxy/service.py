"""The proxy as one object the web route calls: check → fetch → decode → rewrite → serve.

Security model of the served page (documented in the README, "Page proxy"): proxied pages
are served from the service's own origin, so a script of the page would run with the
service's privileges (its storage, its APIs, the toolbar's settings).  We chose to **strip
the page's scripts** rather than serve from a second origin or an opaque-origin CSP
sandbox:

* a separate origin needs a second host name and TLS certificate from every operator;
* ``Content-Security-Policy: sandbox`` without ``allow-same-origin`` gives the page an
  opaque origin in which ``localStorage`` throws — the toolbar could not keep the
  visitor's settings, and module scripts need CORS with ``Origin: null``;
* government and news pages, what this tool is for, are server-rendered: without their
  scripts they still show their text, links and forms (``<noscript>`` content is shown,
  lazy images are loaded).  What breaks is script-only UI (JavaScript menus, single-page
  apps) — the price of the choice.

The rule is enforced twice: :mod:`.rewrite` removes scripts, handlers and ``javascript:``
URLs, and the response carries ``script-src 'nonce-…' 'strict-dynamic'`` so that only the
toolbar script we add (with a fresh nonce per response) and the modules it imports run.
"""

from __future__ import annotations

import secrets
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import anyio
import httpx

from ..charset import codec_for, decode_html
from ..fetch import Fetched, Fetcher, Resolver, Target
from ..settings import Settings
from .rewrite import RewriteOptions, rewrite_html

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
INLINE_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/avif",
        "image/bmp",
        "image/x-icon",
        "image/vnd.microsoft.icon",
        "text/plain",
    }
)
# for anything that is not a rewritten page: no script, no plugin, no sniffing
PASSTHROUGH_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"


def page_csp(nonce: str) -> str:
    return (
        f"script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'self'"
    )


@dataclass
class ProxyResult:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PageChrome:
    """What the service adds to each page: built by the web layer (it knows the URLs)."""

    service_base: str  # e.g. "https://assist.example.gov.cn" (no trailing slash)
    head_html: str  # our <script> tag; "{nonce}" is replaced per response
    bar: Callable[[str], str]  # the proxy bar for a page URL


class ProxyService:
    """Rewrites and serves what its :class:`~barrierfree.fetch.Fetcher` fetched; the
    fetcher (its rules, limits and concurrency slots) is shared with the reader."""

    def __init__(self, fetcher: Fetcher, *, link_allow: Sequence[str] = ()) -> None:
        self.fetcher = fetcher
        self.policy = fetcher.policy
        self.link_allow = tuple(link_allow)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        fetcher: Fetcher | None = None,
        resolver: Resolver | None = None,
        upstream: httpx.AsyncBaseTransport | None = None,
    ) -> ProxyService:
        """The proxy of ``settings``, on ``fetcher`` (the app's shared one) or on a fetcher
        of its own built from the settings (``resolver``/``upstream``: see
        :meth:`Fetcher.from_settings`)."""
        if fetcher is None:
            fetcher = Fetcher.from_settings(settings, resolver=resolver, upstream=upstream)
        return cls(fetcher, link_allow=settings.csv("link_allow"))

    def close(self) -> None:
        # nothing of its own to release: the fetcher belongs to whoever built it (AppState)
        return None

    # -- URLs ------------------------------------------------------------------------

    def proxy_url(self, base: str, url: str) -> str:
        """Our URL for browsing ``url`` (its fragment stays a fragment of ours)."""
        page, _, fragment = url.partition("#")
        href = f"{base}/browse?url={urllib.parse.quote(page, safe=':/')}"
        return href + (f"#{fragment}" if fragment else "")

    def link_href(self, base: str, url: str) -> str | None:
        """Proxy URL for a link on a proxied page, or None to link straight to the site
        (a host this server will not proxy: better a working link than an error page)."""
        try:
            split = urllib.parse.urlsplit(url)
            port = split.port or (443 if split.scheme == "https" else 80)
        except ValueError:
            return None
        host = (split.hostname or "").rstrip(".")
        if not host or not self.policy.host_permitted(host):
            return None
        if self.policy.ports is not None and port not in self.policy.ports:
            return None
        return self.proxy_url(base, url)

    def form_target(self, action: str, charset: str, fields: Sequence[tuple[str, str]]) -> str:
        """The URL a GET form on the page would have requested, encoded in the page's
        charset (the browser sent us UTF-8; the site expects its own encoding)."""
        codec = codec_for(charset) or "utf-8"
        target = self.policy.target(action)

        def encode(text: str) -> str:
            try:
                raw = text.encode(codec, "xmlcharrefreplace")  # as browsers do
            except (LookupError, UnicodeError):  # "rot13", "base64": not text encodings
                raw = text.encode("utf-8")
            return urllib.parse.quote_plus(raw)

        query = "&".join(f"{encode(k)}={encode(v)}" for k, v in fields)
        return str(target.url.copy_with(query=query.encode("ascii") or None))

    # -- browsing ----------------------------------------------------------------------

    async def browse(
        self,
        raw_url: str,
        chrome: PageChrome,
        *,
        accept_language: str | None = None,
        own_hosts: frozenset[tuple[str, int]] = frozenset(),
    ) -> ProxyResult:
        """One proxied request.  ``own_hosts``: the names this service answers to, never
        fetched (a page of ours, proxied, would proxy itself again, one slot per level)."""
        target = self.policy.target(raw_url)
        with self.fetcher.limit.slot():  # held while the page is rewritten too
            fetched = await self.fetcher.fetch(
                target, accept_language=accept_language, refuse_hosts=own_hosts
            )
            is_html = fetched.media_type in HTML_TYPES or (
                not fetched.media_type and _looks_html(fetched.body)
            )
            if is_html:
                return await anyio.to_thread.run_sync(self._page, fetched, chrome)
        return self._passthrough(fetched)

    def _page(self, fetched: Fetched, chrome: PageChrome) -> ProxyResult:
        text, codec = decode_html(fetched.body, fetched.charset)
        nonce = secrets.token_urlsafe(18)
        base = chrome.service_base
        opts = RewriteOptions(
            page_url=str(fetched.url.url),
            charset=codec,
            proxy_href=lambda url: self.link_href(base, url),
            form_endpoint=f"{base}/browse/form",
            head_html=chrome.head_html.replace("{nonce}", nonce),
            body_html=chrome.bar(str(fetched.url.url)),
        )
        html = rewrite_html(text, opts)
        headers = {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": page_csp(nonce),
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "X-Robots-Tag": "noindex, nofollow",  # a proxied copy is not a page of ours
        }
        return ProxyResult(status=_status(fetched), body=html.encode("utf-8"), headers=headers)

    def _passthrough(self, fetched: Fetched) -> ProxyResult:
        media = fetched.media_type or "application/octet-stream"
        headers = {
            "Content-Security-Policy": PASSTHROUGH_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
            "X-Robots-Tag": "noindex, nofollow",  # a proxied copy is not a page of ours
        }
        if media in INLINE_TYPES:
            headers["Content-Type"] = fetched.headers.get("content-type", media)
        else:
            # anything else is a download: never rendered in the service's origin
            headers["Content-Type"] = "application/octet-stream"
            headers["Content-Disposition"] = _attachment(fetched.url)
        return ProxyResult(status=_status(fetched), body=fetched.body, headers=headers)


def _status(fetched: Fetched) -> int:
    """The upstream status, except those that cannot carry the body we send."""
    if fetched.status in (204, 205, 304) or not 200 <= fetched.status < 600:
        return 200
    return fetched.status


def _looks_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _attachment(target: Target) -> str:
    name = PurePosixPath(urllib.parse.unquote(target.url.path)).name or "download"
    ascii_name = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{urllib.parse.quote(name)}"
