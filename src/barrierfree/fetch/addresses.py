"""Which IP addresses the proxy may connect to, and how hosts spell them.

Two jobs, both pure functions (no I/O):

* :func:`parse_ip_literal` reads a URL host the way the C library's ``inet_aton`` and the
  WHATWG URL parser do, so every spelling of an address is recognised as that address:
  ``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1``, ``[::ffff:127.0.0.1]`` …  A host that
  ends in a number but is not a valid address is refused rather than handed to a resolver
  that might read it differently.
* :func:`address_problem` says why an address is not a public unicast internet address
  (loopback, private, link-local, CGNAT, multicast, unspecified, reserved, documentation,
  cloud metadata …), looking through the IPv6 forms that embed an IPv4 address
  (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo).  ``ipaddress.is_global`` alone is not
  enough: on Python 3.11 it calls multicast, NAT64 and 6to4 addresses "global".
"""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud metadata endpoints get their own message: they are the prize of most SSRF attacks.
METADATA = {
    ipaddress.ip_address("169.254.169.254"): "AWS, GCP, Azure, OpenStack",
    ipaddress.ip_address("169.254.170.2"): "AWS ECS",
    ipaddress.ip_address("100.100.100.200"): "Alibaba Cloud",
    ipaddress.ip_address("192.0.0.192"): "Oracle Cloud",
    ipaddress.ip_address("fd00:ec2::254"): "AWS IPv6",
}

_V4_RANGES: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "未指定地址 unspecified"),
    ("10.0.0.0/8", "内网地址 private"),
    ("100.64.0.0/10", "运营商级 NAT 地址 CGNAT"),
    ("127.0.0.0/8", "回环地址 loopback"),
    ("169.254.0.0/16", "链路本地地址 link-local"),
    ("172.16.0.0/12", "内网地址 private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4 relay anycast"),
    ("192.168.0.0/16", "内网地址 private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "组播地址 multicast"),
    ("240.0.0.0/4", "保留地址 reserved"),
)
_V6_RANGES: tuple[tuple[str, str], ...] = (
    ("::/128", "未指定地址 unspecified"),
    ("::1/128", "回环地址 loopback"),
    ("::/96", "IPv4-compatible (deprecated)"),
    ("::ffff:0:0/96", "IPv4-mapped"),
    ("64:ff9b::/96", "NAT64"),
    ("64:ff9b:1::/48", "local NAT64"),
    ("100::/64", "discard-only"),
    ("2001::/23", "IETF protocol assignments"),
    ("2001:db8::/32", "documentation"),
    ("2002::/16", "6to4"),
    ("3fff::/20", "documentation"),
    ("5f00::/16", "segment routing"),
    ("fc00::/7", "内网地址 unique local"),
    ("fe80::/10", "链路本地地址 link-local"),
    ("fec0::/10", "site-local (deprecated)"),
    ("ff00::/8", "组播地址 multicast"),
)
_BLOCKED: tuple[tuple[Network, str], ...] = tuple(
    (ipaddress.ip_network(net), why) for net, why in _V4_RANGES + _V6_RANGES
)

_NUMERIC_LABEL = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")


class InvalidAddress(ValueError):
    """A host that looks like an IP address but is not a valid one."""


def _v4_part(label: str) -> int:
    if not label:
        raise InvalidAddress("empty part")
    if label[:2].lower() == "0x":
        digits = label[2:]
        return int(digits, 16) if digits else 0
    if len(label) > 1 and label[0] == "0":
        if not all(c in "01234567" for c in label):
            raise InvalidAddress(f"{label!r} is not octal")
        return int(label, 8)
    if not label.isdigit():
        raise InvalidAddress(f"{label!r} is not a number")
    return int(label)


def _parse_v4(host: str) -> ipaddress.IPv4Address:
    """inet_aton rules: 1–4 parts, decimal/octal/hex each; the last part fills the rest."""
    labels = host.split(".")
    if len(labels) > 4:
        raise InvalidAddress("more than four parts")
    parts = [_v4_part(label) for label in labels]
    *head, last = parts
    if any(p > 255 for p in head):
        raise InvalidAddress("a part is larger than 255")
    if last >= 256 ** (5 - len(parts)):
        raise InvalidAddress("the last part is too large")
    value = last
    for i, p in enumerate(head):
        value += p << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a URL host spells, or None when the host is a name.

    ``host`` is the host as it appears in the URL, IPv6 with or without brackets, at most
    one trailing dot.  Raises :class:`InvalidAddress` for a host that ends in a number (so a
    browser or the C library would read it as IPv4) but is not a valid address.
    """
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if ":" in h:
        if "%" in h:
            raise InvalidAddress("IPv6 zone identifiers are not allowed")
        try:
            return ipaddress.IPv6Address(h)
        except ValueError as exc:
            raise InvalidAddress(str(exc)) from None
    if h.endswith("."):
        h = h[:-1]
    labels = h.split(".")
    if not labels or not _NUMERIC_LABEL.match(labels[-1]):
        return None
    return _parse_v4(h)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (and a host stack may end up talking to)."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    packed = ip.packed
    if packed[:12] == bytes(12) and int(ip) > 1:  # ::a.b.c.d (IPv4-compatible), not :: or ::1
        found.append(ipaddress.IPv4Address(packed[12:]))
    if ip in ipaddress.IPv6Network("64:ff9b::/96") or ip in ipaddress.IPv6Network("64:ff9b:1::/48"):
        found.append(ipaddress.IPv4Address(packed[12:]))
    return found


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast internet address, or None when it is."""
    if ip in METADATA:
        return f"云服务器元数据地址 cloud metadata ({METADATA[ip]})"
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in embedded_ipv4(ip):
            why = address_problem(inner)
            if why is not None:
                return f"内含 IPv4 地址 {inner}，{why}"
    for net, why in _BLOCKED:
        if ip.version == net.version and ip in net:
            return why
    if ip.is_multicast:
        return "组播地址 multicast"
    if not ip.is_global:
        return "非公网地址 not a global address"
    return None


def parse_networks(items: list[str]) -> list[Network]:
    """``["127.0.0.1", "10.1.0.0/16"]`` → networks (a bare address is a /32 or /128)."""
    nets: list[Network] = []
    for item in items:
        nets.append(ipaddress.ip_network(item.strip().strip("[]"), strict=False))
    return nets
