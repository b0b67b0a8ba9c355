"""The page proxy: fetch a page safely (:mod:`barrierfree.fetch`), rewrite it so navigation
stays in the proxy, and add the toolbar.  See :mod:`.service` for the security model."""

from .rewrite import FORM_CHARSET_FIELD, FORM_URL_FIELD, RewriteOptions, rewrite_html
from .service import PageChrome, ProxyResult, ProxyService

__all__ = [
    "FORM_CHARSET_FIELD",
    "FORM_URL_FIELD",
    "PageChrome",
    "ProxyResult",
    "ProxyService",
    "RewriteOptions",
    "rewrite_html",
]
