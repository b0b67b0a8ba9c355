"""What this service may fetch (for the proxy and the reader): URL checks, the host
allow-list, the address check.

Every URL fetched — the visitor's, and each redirect hop — goes through
:meth:`FetchPolicy.target`, which parses it once (with httpx's own parser, so the host we
check is the host the request is sent for), refuses what is not plain ``http(s)://host``,
and checks the host by name.  :meth:`FetchPolicy.check_address` then checks every address
that host resolves to; :mod:`.transport` connects only to an address that passed.

Not an open proxy: when the service listens on a loopback address (a person running it
for themselves) any public site may be browsed; otherwise only the hosts the operator
lists in ``proxy_allow_hosts``.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import httpx

from ..errors import BadRequest, ConfigurationError, Forbidden
from ..settings import Settings
from .addresses import (
    InvalidAddress,
    IPAddress,
    Network,
    address_problem,
    parse_ip_literal,
    parse_networks,
)

MAX_URL_LENGTH = 4096

# Names that only ever mean "a machine near here"; refused before any DNS lookup.
_LOCAL_NAMES = ("localhost", "ip6-localhost", "ip6-loopback", "metadata", "instance-data")
_LOCAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".localdomain",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".corp",
    ".home.arpa",
    ".arpa",
)
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def host_matches(host: str, pattern: str) -> bool:
    """``*`` matches every host, ``*.gov.cn`` gov.cn and every name under it, anything else
    only itself.  Case and a trailing dot do not matter.  (The same rule as the toolbar's
    ``data-allow`` in assist.js.)"""
    host = host.lower().rstrip(".")
    pattern = pattern.strip().lower().rstrip(".")
    if pattern == "*":
        return True
    if pattern.startswith("*."):
        return host == pattern[2:] or host.endswith(pattern[1:])
    return host == pattern


def is_loopback_host(host: str) -> bool:
    """True when a listen address only accepts connections from this machine."""
    h = host.strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Target:
    """One checked upstream URL."""

    url: httpx.URL  # canonical host, no fragment, no userinfo
    host: str  # ASCII, lower case, no trailing dot; an IP literal without brackets
    port: int
    ip: IPAddress | None  # set when the host is an IP literal
    fragment: str

    def __str__(self) -> str:
        return str(self.url)


class FetchPolicy:
    """The rules, built once from the settings and passed in (no process-wide state)."""

    def __init__(
        self,
        *,
        open_to_public: bool,
        allow_hosts: Sequence[str] = (),
        allow_networks: Iterable[Network] = (),
        ports: Iterable[int] | None = (80, 443, 8080, 8443),
    ) -> None:
        self.open_to_public = open_to_public
        self.allow_hosts = tuple(p.strip().lower() for p in allow_hosts if p.strip())
        self.allow_networks = tuple(allow_networks)
        self.ports = None if ports is None else frozenset(ports)

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        try:
            networks = parse_networks(settings.csv("proxy_allow_addresses"))
        except ValueError as exc:
            raise ConfigurationError(f"proxy_allow_addresses: {exc}") from None
        port_items = settings.csv("proxy_ports")
        ports: list[int] | None
        if "*" in port_items:
            ports = None
        else:
            try:
                ports = [int(p) for p in port_items]
            except ValueError:
                raise ConfigurationError(
                    f"proxy_ports must be port numbers or *, got {settings.proxy_ports!r}"
                ) from None
        return cls(
            open_to_public=is_loopback_host(settings.host),
            allow_hosts=settings.csv("proxy_allow_hosts"),
            allow_networks=networks,
            ports=ports,
        )

    # -- names -------------------------------------------------------------------------

    def host_permitted(self, host: str) -> bool:
        """May this host be browsed at all (before its addresses are known)?"""
        if self.open_to_public:
            return True
        return any(host_matches(host, p) for p in self.allow_hosts)

    def describe(self) -> str:
        """One sentence for the start page: what may be browsed here."""
        if self.open_to_public:
            return "本服务只在本机监听，可以浏览任何公开网站。"
        if not self.allow_hosts:
            return "管理员尚未设置可浏览的网站。"
        return "可浏览的网站：" + "、".join(self.allow_hosts)

    def target(self, raw: str, *, base: str | None = None) -> Target:
        """Parse and check one URL (``base`` resolves a relative redirect ``Location``)."""
        text = _clean_input(raw)
        try:
            text = urllib.parse.urljoin(base, text) if base is not None else _add_scheme(text)
            split = urllib.parse.urlsplit(text)
        except ValueError:  # "[" alone: an unterminated IPv6 literal
            raise BadRequest("网址无效 (not a valid web address)", code="invalid_url") from None
        scheme = split.scheme.lower()
        if scheme not in ("http", "https"):
            raise BadRequest(
                f"只能浏览 http 和 https 网址 (only http and https URLs), not {scheme or '…'}:",
                code="scheme_not_allowed",
            )
        if "@" in split.netloc:
            raise Forbidden(
                "网址中不能包含用户名或密码 (URLs with user@ credentials are refused)",
                code="credentials_in_url",
            )
        try:
            explicit_port = split.port
        except ValueError:
            raise BadRequest("网址的端口无效 (invalid port)", code="invalid_url") from None
        ip = _ip_literal(split.hostname or "")
        if ip is not None:
            # checked before httpx parses the URL, which rejects some spellings (0177.0.0.1)
            # that the C library would happily connect to: say what they really are
            self.check_address(ip, split.hostname or str(ip))
            shown = f"[{ip}]" if ip.version == 6 else str(ip)
            netloc = shown + (f":{explicit_port}" if explicit_port is not None else "")
            text = urllib.parse.urlunsplit(split._replace(netloc=netloc))
        try:
            url = httpx.URL(text)
        except (httpx.InvalidURL, ValueError) as exc:
            raise BadRequest(f"网址无效 (invalid URL): {exc}", code="invalid_url") from None
        if url.userinfo:
            raise Forbidden("网址中不能包含用户名或密码", code="credentials_in_url")
        if ip is not None:
            host = str(ip)
        else:
            host = _canonical_host(url.raw_host.decode("ascii", "replace"))
            if _ip_literal(host) is not None:
                raise BadRequest(f"主机名无效 (invalid host name): {host}", code="invalid_url")
            _check_name(host)
        port = url.port or (443 if scheme == "https" else 80)
        if self.ports is not None and port not in self.ports:
            raise Forbidden(
                f"不允许访问端口 {port} (port {port} is not allowed; allowed: "
                f"{', '.join(str(p) for p in sorted(self.ports))})",
                code="port_not_allowed",
            )
        if not self.host_permitted(host):
            raise Forbidden(
                f"本服务不代理 {host} (this server only browses the sites its operator lists)",
                code="host_not_allowed",
            )
        clean = url.copy_with(host=host, fragment=None)
        return Target(url=clean, host=host, port=port, ip=ip, fragment=split.fragment)

    # -- addresses ---------------------------------------------------------------------

    def address_allowed(self, ip: IPAddress) -> bool:
        if any(ip.version == n.version and ip in n for n in self.allow_networks):
            return True
        return address_problem(ip) is None

    def check_address(self, ip: IPAddress, host: str) -> None:
        """Refuse a non-public address unless the operator listed it."""
        if self.address_allowed(ip):
            return
        why = address_problem(ip) or "not allowed"
        shown = host if host == str(ip) else f"{host} ({ip})"
        raise Forbidden(
            f"不允许访问 {shown}：{why}。代理只访问公开网站 "
            "(the proxy only fetches public internet addresses)",
            code="address_refused",
        )


def _clean_input(raw: str) -> str:
    text = raw.strip()
    if not text:
        raise BadRequest("请输入网址 (enter a web address)", code="invalid_url")
    if len(text) > MAX_URL_LENGTH:
        raise BadRequest(
            f"网址太长 (URL longer than {MAX_URL_LENGTH} characters)", code="invalid_url"
        )
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise BadRequest("网址含有控制字符 (control characters in URL)", code="invalid_url")
    if "\\" in text:
        # browsers read "\" as "/" in http URLs, other parsers do not: refuse the ambiguity
        raise BadRequest("网址不能包含反斜杠 \\ (backslash in URL)", code="invalid_url")
    return text.replace(" ", "%20")


def _add_scheme(text: str) -> str:
    """``www.gov.cn/x`` → ``https://www.gov.cn/x``; ``//host`` → ``https://host``."""
    if text.startswith("//"):
        return "https:" + text
    m = _SCHEME.match(text)
    if m:
        rest = text[m.end() :]
        if m.group(1).lower() in ("http", "https") or not rest[:1].isdigit():
            return text  # a scheme (a non-http one is refused by the caller)
    return "https://" + text  # no scheme, or host:port


def _canonical_host(host: str) -> str:
    h = host.lower()
    if h.endswith("."):
        h = h[:-1]
    if not h or h.endswith("."):
        raise BadRequest("网址缺少主机名 (URL without a valid host)", code="invalid_url")
    return h


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return parse_ip_literal(host)
    except InvalidAddress as exc:
        raise BadRequest(
            f"主机 {host} 像是 IP 地址但无效 (host looks like an IP address but is not one: {exc})",
            code="invalid_url",
        ) from None


def _check_name(host: str) -> None:
    labels = host.split(".")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise BadRequest(f"主机名无效 (invalid host name): {host}", code="invalid_url")
    if host in _LOCAL_NAMES or host.endswith(_LOCAL_SUFFIXES):
        raise Forbidden(
            f"不允许访问 {host}：本地或内部网络名称 (local/internal name)", code="address_refused"
        )
    if len(labels) < 2:
        # a single label goes through the resolver's search domains: an inside machine
        raise Forbidden(
            f"不允许访问 {host}：不是完整域名 (not a fully qualified domain name)",
            code="address_refused",
        )
