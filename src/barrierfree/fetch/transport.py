"""An httpx transport that connects only to addresses checked beforehand.

The fetcher resolves a host, checks every address, and *pins* the host to one checked
address.  :class:`PinnedTransport` then rewrites each request to that IP literal, keeps
the ``Host`` header of the original URL, and asks httpcore to use the original name for
TLS (SNI and certificate verification, through the ``sni_hostname`` request extension).
A request for a host that was not pinned is refused, so nothing can reach the network by
a path that skipped the check — not a redirect, not a second DNS answer.

Connections are not kept alive: the pool is keyed by IP, and a connection verified for
one name must not be reused for another name on the same address.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping

import httpx

from .addresses import IPAddress


class UnpinnedHost(httpx.TransportError):
    """A request for a host that was not checked and pinned (a bug if it ever happens)."""


def default_upstream(ssl_context: ssl.SSLContext | None = None) -> httpx.AsyncHTTPTransport:
    """The transport that really opens sockets: no environment proxies, no keep-alive."""
    return httpx.AsyncHTTPTransport(
        verify=ssl_context if ssl_context is not None else True,
        trust_env=False,
        retries=0,
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=0),
    )


class PinnedTransport(httpx.AsyncBaseTransport):
    """Send each request to the address its host is pinned to, through ``inner``."""

    def __init__(self, pins: Mapping[str, IPAddress], inner: httpx.AsyncBaseTransport) -> None:
        self._pins = pins  # shared with the fetcher, which pins each redirect hop
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.raw_host.decode("ascii").lower()
        ip = self._pins.get(host)
        if ip is None:
            raise UnpinnedHost(f"refusing to connect to unchecked host {host!r}", request=request)
        extensions = dict(request.extensions)
        if request.url.scheme == "https":
            extensions["sni_hostname"] = host
        pinned = httpx.Request(
            request.method,
            request.url.copy_with(host=str(ip)),
            headers=request.headers,  # Host: still the original name
            stream=request.stream,
            extensions=extensions,
        )
        response = await self._inner.handle_async_request(pinned)
        response.request = request
        return response

    async def aclose(self) -> None:
        # the inner transport is shared by every fetch; its owner closes it
        return None
