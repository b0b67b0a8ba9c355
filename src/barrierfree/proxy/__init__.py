"""The page proxy: fetch a page safely, rewrite it so navigation stays in the proxy, and
add the toolbar.  See :mod:`.service` for the security model."""

from .addresses import address_problem, parse_ip_literal
from .charset import decode_html
from .fetch import Fetched, Fetcher, Limits
from .policy import ProxyPolicy, Target, host_matches, is_loopback_host
from .resolve import Resolver, StaticResolver, SystemResolver
from .rewrite import FORM_CHARSET_FIELD, FORM_URL_FIELD, RewriteOptions, rewrite_html
from .service import PageChrome, ProxyResult, ProxyService
from .transport import PinnedTransport, default_upstream

__all__ = [
    "FORM_CHARSET_FIELD",
    "FORM_URL_FIELD",
    "Fetched",
    "Fetcher",
    "Limits",
    "PageChrome",
    "PinnedTransport",
    "ProxyPolicy",
    "ProxyResult",
    "ProxyService",
    "Resolver",
    "RewriteOptions",
    "StaticResolver",
    "SystemResolver",
    "Target",
    "address_problem",
    "decode_html",
    "default_upstream",
    "host_matches",
    "is_loopback_host",
    "parse_ip_literal",
    "rewrite_html",
]
