"""Name → addresses, behind a small interface so tests can answer without DNS.

The proxy resolves each host once, checks every address in the answer, and then connects
to one of those checked addresses (:mod:`.transport`); it never lets the HTTP library
resolve the name again, so a second DNS answer (rebinding) cannot swap the address.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping, Sequence
from typing import Protocol

import anyio

from ..errors import UpstreamError
from .addresses import IPAddress


class Resolver(Protocol):
    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address ``host`` resolves to (raise :class:`UpstreamError` when none)."""
        ...


def _unique(addresses: Sequence[IPAddress]) -> list[IPAddress]:
    seen: dict[IPAddress, None] = {}
    for ip in addresses:
        seen.setdefault(ip, None)
    return list(seen)


class SystemResolver:
    """The operating system's resolver (``getaddrinfo`` in a worker thread)."""

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        try:
            infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise UpstreamError(
                f"找不到网站 {host} (DNS lookup failed: {exc})", code="dns_error"
            ) from None
        addresses: list[IPAddress] = []
        for family, _type, _proto, _canon, sockaddr in infos:
            if family not in (socket.AF_INET, socket.AF_INET6):
                continue
            text = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 scope id
            addresses.append(ipaddress.ip_address(text))
        if not addresses:
            raise UpstreamError(f"找不到网站 {host} (no address)", code="dns_error")
        return _unique(addresses)


class StaticResolver:
    """A fixed table, e.g. ``{"www.example.gov.cn": ["203.0.113.5"]}``: tests, and hosts
    an operator wants pinned.  Records every lookup in ``lookups``."""

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self._table = {
            host.lower(): [ipaddress.ip_address(a) for a in addrs] for host, addrs in table.items()
        }
        self.lookups: list[str] = []

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        self.lookups.append(host)
        found = self._table.get(host.lower())
        if not found:
            raise UpstreamError(f"找不到网站 {host} (no such host)", code="dns_error")
        return list(found)
