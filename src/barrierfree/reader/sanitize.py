"""The article HTML we hand out is sanitised: it is shown inside the visitor's page (the
easy-reading view) and must not carry the source page's scripts.

nh3 (ammonia) parses and re-serialises with an allow-list: no script or style element, no
event-handler or style attribute survives, and link and image URLs are limited to
http(s)/mailto/tel (so no ``javascript:`` or ``data:`` URL).  Relative URLs are resolved
against the page URL before this point (see render/blocks.py); any left relative are kept.
"""

from __future__ import annotations

import nh3

_TAGS = {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "sub",
    "sup",
    "span",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Allow-list clean; links open as ordinary links (rel=noopener noreferrer)."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
