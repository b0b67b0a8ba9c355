"""What both renderers make and share: :class:`Block` (one paragraph, heading, list item,
table or image, with its plain text and its HTML element), ``tidy``, the URL and image rules
of :class:`BaseRenderer`, and ``blocks_to_html``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

_SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_ENCODED_TAB = re.compile(r"%0[9aAdD]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass
class Block:
    kind: str  # "h" heading, "p" paragraph, "li" list item, "table", "img", "quote", "pre"
    text: str
    element: etree._Element
    list_tag: str = ""  # "ul" / "ol" for list items
    # share of the text that was link text on the page, when the extractor dropped the
    # links (trafilatura's output carries none): see extract.annotate_links
    page_links: float = 0.0
    # the link share of the element's own links, counted once (the rules ask often; the
    # element is not changed while they do)
    _own_links: float | None = field(default=None, repr=False, compare=False)

    @property
    def link_ratio(self) -> float:
        """Share of the block's text that sits inside links (related-article lists ≈ 1)."""
        if not self.text:
            return 0.0
        own = self._own_links
        if own is None:
            linked = sum(len(text_of(a).strip()) for a in self.element.iter("a"))
            own = self._own_links = min(1.0, linked / len(self.text))
        return max(self.page_links, own)


def tidy(text: str) -> str:
    """Collapse spaces; drop the full-width indent Chinese paragraphs start with."""
    return _SPACE.sub(" ", text).strip(" \u3000")


_STRING = etree.XPath("string()", smart_strings=False)


def text_of(el: etree._Element) -> str:
    """``"".join(el.itertext())``, joined in C (several times faster on a paragraph)."""
    return str(_STRING(el))


# where lazy-loading scripts keep a picture's address until it scrolls into view
_LAZY_SRC = ("data-src", "data-original", "data-lazy-src", "data-actualsrc")


class BaseRenderer:
    """Links and images, the same whichever tree the blocks come from."""

    def __init__(self, base_url: str | None) -> None:
        self.base = base_url

    def url(self, value: str | None) -> str | None:
        """An absolute http(s)/mailto/tel URL, or None for anything else (javascript:,
        data:, vbscript: … also when hidden by tabs or newlines, which browsers ignore)."""
        if not value:
            return None
        # as a browser's URL parser: trim C0 controls and spaces, drop tabs and newlines
        value = _TAB_NEWLINE.sub("", value.strip("".join(map(chr, range(0x21)))))
        scheme = _SCHEME.match(_ENCODED_TAB.sub("", value))
        if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
            return None
        if not value or value.startswith("#"):
            return None
        return urljoin(self.base, value) if self.base else value

    def image(self, g: etree._Element) -> etree._Element:
        """``<img>`` with its address and text; a lazy-loaded picture's real address is in
        a ``data-`` attribute (``src`` is then a placeholder: a 1×1 pixel, a spinner)."""
        img = etree.Element("img")
        src = self.url(next((g.get(k) for k in _LAZY_SRC if g.get(k)), None) or g.get("src"))
        if src:
            img.set("src", src)
        img.set("alt", tidy(g.get("alt") or g.get("title") or ""))
        # its declared size, for the rules that know a QR code by its shape (the
        # sanitiser's allow-list drops this attribute from the HTML)
        w, h = (g.get("width") or "").strip(), (g.get("height") or "").strip()
        if w.isdigit() and h.isdigit():
            img.set("data-px", f"{w}x{h}")
        return img


def split_at_breaks(el: etree._Element, tag: str, *, nested: bool = True) -> list[etree._Element]:
    """``el``'s content as a list of ``tag`` elements, cut at every ``<br>`` child; with
    ``nested``, inline children that hold breaks are cut the same way, their tag kept on
    each piece (a 2000s page's ``<font>…<br><br>…</font>`` holding the whole article)."""
    pieces: list[etree._Element] = []
    current = etree.Element(tag)
    current.text = el.text
    for child in list(el):
        if child.tag == "br":
            pieces.append(current)
            current = etree.Element(tag)
            current.text = child.tail
            continue
        if nested and isinstance(child.tag, str) and child.find(".//br") is not None:
            tail = child.tail
            inner = split_at_breaks(child, child.tag)
            current.append(inner[0])
            for piece in inner[1:]:
                pieces.append(current)
                current = etree.Element(tag)
                current.append(piece)
            current[-1].tail = tail
            continue
        current.append(child)
    pieces.append(current)
    return pieces


def blocks_to_html(blocks: list[Block]) -> str:
    """Serialise blocks, regrouping consecutive list items into one <ul>/<ol>."""
    out: list[str] = []
    open_list = ""
    for b in blocks:
        if b.kind == "li":
            if open_list != b.list_tag:
                if open_list:
                    out.append(f"</{open_list}>")
                out.append(f"<{b.list_tag}>")
                open_list = b.list_tag
        elif open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        html = etree.tostring(b.element, encoding="unicode", method="html", with_tail=False)
        if b.kind == "quote":
            html = f"<blockquote>{html}</blockquote>"
        elif b.kind == "img" and b.element.tag == "img":
            html = f"<figure>{html}</figure>"
        out.append(html)
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out)
