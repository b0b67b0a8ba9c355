"""Fetching pages from the web, for the proxy (``/browse``) and the reader (``/api/read``).

One stage, one set of rules: :class:`FetchPolicy` checks each URL and every address a host
resolves to (no private, loopback, link-local or metadata addresses, the operator's host
and port lists), :class:`PinnedTransport` connects only to a checked address, and
:class:`Fetcher` follows redirects (each hop checked again) under one deadline, a byte
limit and a per-process concurrency limit.  Turning the bytes into text is
:func:`barrierfree.charset.decode_html`'s job, not this package's.
"""

from .addresses import IPAddress, address_problem, parse_ip_literal
from .fetcher import ConcurrencyLimit, Fetched, Fetcher, Limits
from .policy import FetchPolicy, Target, host_matches, is_loopback_host
from .resolve import Resolver, StaticResolver, SystemResolver
from .transport import PinnedTransport, default_upstream

__all__ = [
    "ConcurrencyLimit",
    "FetchPolicy",
    "Fetched",
    "Fetcher",
    "IPAddress",
    "Limits",
    "PinnedTransport",
    "Resolver",
    "StaticResolver",
    "SystemResolver",
    "Target",
    "address_problem",
    "default_upstream",
    "host_matches",
    "is_loopback_host",
    "parse_ip_literal",
]
