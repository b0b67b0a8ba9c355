"""Fetching one page, for the proxy and for the reader alike: checked, pinned, bounded.

For the URL and then for every redirect hop: check the URL (:class:`~.policy.FetchPolicy`),
resolve the host, check *every* address in the answer, pin the host to a checked address,
send the request through :class:`~.transport.PinnedTransport`, and read the body within
the byte limit (:mod:`.body`).  The whole exchange, redirects included, runs under one
deadline, so an upstream that drips a byte a second cannot hold the request for longer.
At most ``concurrency`` fetches run at once per :class:`Fetcher` (one per app, shared by
``/browse`` and ``/api/read``); the next one is refused at once.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import anyio
import httpx

from ..errors import BarrierFreeError, Forbidden, TooManyRequests, UpstreamError, UpstreamTimeout
from ..settings import Settings
from .addresses import IPAddress
from .body import ACCEPT_ENCODING, read_limited
from .policy import FetchPolicy, Target
from .resolve import Resolver, SystemResolver
from .transport import PinnedTransport, default_upstream

REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 barrierfree/0.1 (accessibility proxy)"
)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 15.0  # seconds for the whole fetch, redirects included
    connect_timeout: float = 5.0
    max_redirects: int = 5


@dataclass
class Fetched:
    """One fetched page: final URL, status, headers, body, and the charset its
    Content-Type declared (``None`` when it declared none)."""

    url: Target  # the final URL, after redirects
    status: int
    headers: httpx.Headers
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def media_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset":
                return value.strip().strip("\"'") or None
        return None


class ConcurrencyLimit:
    """At most ``size`` fetches at once in this process; the next one is refused at once
    (429) rather than queued, so a burst of slow upstreams cannot pile up work."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self.in_use = 0
        self._lock = threading.Lock()

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._lock:
            if self.in_use >= self.size:
                raise TooManyRequests(
                    "代理正忙，请稍后再试 (the proxy is busy, try again in a moment)",
                    code="proxy_busy",
                    headers={"Retry-After": "2"},
                )
            self.in_use += 1
        try:
            yield
        finally:
            with self._lock:
                self.in_use -= 1


class Fetcher:
    """The one way this service fetches a page: ``await fetcher.page(url)``.

    ``fetch`` is the step below it for a caller that checked the URL and holds a slot
    itself (the proxy, which keeps its slot while it rewrites the page)."""

    def __init__(
        self,
        policy: FetchPolicy,
        resolver: Resolver,
        upstream: httpx.AsyncBaseTransport,
        limits: Limits = Limits(),
        *,
        concurrency: int = 8,
    ) -> None:
        self.policy = policy
        self.resolver = resolver
        self.upstream = upstream
        self.limits = limits
        self.limit = ConcurrencyLimit(concurrency)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        resolver: Resolver | None = None,
        upstream: httpx.AsyncBaseTransport | None = None,
    ) -> Fetcher:
        """The rules and limits of the ``proxy_*`` settings; the system's resolver and a
        real network transport unless given (tests give a table and a local upstream)."""
        limits = Limits(
            max_bytes=int(settings.proxy_max_bytes),
            timeout=float(settings.proxy_timeout),
            connect_timeout=min(5.0, float(settings.proxy_timeout)),
            max_redirects=int(settings.proxy_max_redirects),
        )
        return cls(
            FetchPolicy.from_settings(settings),
            resolver or SystemResolver(),
            upstream or default_upstream(),
            limits,
            concurrency=int(settings.proxy_concurrency),
        )

    async def aclose(self) -> None:
        await self.upstream.aclose()

    def close(self) -> None:
        # AppState closes services synchronously; the upstream keeps no idle connections
        # (keep-alive is off), so there is nothing left to release here
        return None

    async def page(
        self,
        url: str,
        *,
        accept_language: str | None = None,
        refuse_hosts: frozenset[tuple[str, int]] = frozenset(),
    ) -> Fetched:
        """Check ``url``, take a slot, fetch it and its redirects: the final URL, status,
        headers, body and declared charset (whatever the status: judging it is the caller's)."""
        target = self.policy.target(url)
        with self.limit.slot():
            return await self.fetch(
                target, accept_language=accept_language, refuse_hosts=refuse_hosts
            )

    async def pick_address(self, target: Target) -> IPAddress:
        """Resolve and check; every address in the answer must pass (a name that
        answers with one public and one private address is refused: that is rebinding)."""
        if target.ip is not None:
            return target.ip  # checked by policy.target already
        addresses = await self.resolver.resolve(target.host, target.port)
        for ip in addresses:
            self.policy.check_address(ip, target.host)
        # IPv4 first: many hosts (and containers) have no IPv6 route
        addresses.sort(key=lambda a: a.version)
        return addresses[0]

    async def fetch(
        self,
        target: Target,
        *,
        accept_language: str | None = None,
        refuse_hosts: frozenset[tuple[str, int]] = frozenset(),
    ) -> Fetched:
        """Fetch ``target`` (and its redirects).  ``refuse_hosts`` are (host, port) pairs no
        hop may reach — the service's own, so the proxy cannot be made to call itself."""
        try:
            with anyio.fail_after(self.limits.timeout):
                return await self._fetch(target, accept_language, refuse_hosts)
        except TimeoutError:
            raise UpstreamTimeout(
                f"目标网站在 {self.limits.timeout:g} 秒内没有完成响应 (upstream too slow)",
                code="upstream_timeout",
            ) from None
        except httpx.TimeoutException:
            raise UpstreamTimeout("目标网站响应超时 (upstream timed out)") from None
        except BarrierFreeError:
            raise
        except httpx.HTTPError as exc:
            raise UpstreamError(
                f"无法从目标网站取得网页 (could not fetch the page: {type(exc).__name__}: {exc})",
                code="upstream_error",
            ) from None

    async def _fetch(
        self, target: Target, accept_language: str | None, refuse_hosts: frozenset[tuple[str, int]]
    ) -> Fetched:
        pins: dict[str, ipaddress.IPv4Address | ipaddress.IPv6Address] = {}
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Encoding": ACCEPT_ENCODING,
            "Accept-Language": accept_language or "zh-CN,zh;q=0.9,en;q=0.6",
        }
        timeout = httpx.Timeout(self.limits.timeout, connect=self.limits.connect_timeout)
        transport = PinnedTransport(pins, self.upstream)
        redirects: list[str] = []
        # one client per fetch: cookies a site sets while redirecting stay in this chain only
        async with httpx.AsyncClient(
            transport=transport, trust_env=False, follow_redirects=False, timeout=timeout
        ) as client:
            while True:
                refuse_self(target, refuse_hosts)
                pins[target.host] = await self.pick_address(target)
                request = client.build_request("GET", target.url, headers=headers)
                response = await client.send(request, stream=True)
                try:
                    location = response.headers.get("location")
                    if response.status_code in REDIRECTS and location:
                        if len(redirects) >= self.limits.max_redirects:
                            raise UpstreamError(
                                f"重定向次数过多 (more than {self.limits.max_redirects} redirects)",
                                code="too_many_redirects",
                            )
                        redirects.append(str(target.url))
                        # every hop passes the same checks as the first URL
                        target = self.policy.target(location, base=str(target.url))
                        continue
                    body = await read_limited(response, self.limits.max_bytes)
                    return Fetched(
                        url=target,
                        status=response.status_code,
                        headers=response.headers,
                        body=body,
                        redirects=redirects,
                    )
                finally:
                    await response.aclose()


def refuse_self(target: Target, refuse_hosts: frozenset[tuple[str, int]]) -> None:
    if (target.host, target.port) in refuse_hosts:
        raise Forbidden(
            f"不能通过代理访问本服务 {target.host} (the proxy does not fetch its own pages)",
            code="proxy_loop",
        )
