"""Extractor output (trafilatura's XML: head, p, list/item, table/row/cell, quote, graphic,
ref, hi, lb) → our blocks: one block per paragraph, heading, list item, table or image,
each with its plain text and its HTML element.

A ``<br>`` inside a paragraph splits it: Chinese CMS editors often write a whole article
as one ``<p>`` with line breaks, and read-aloud and highlighting need the paragraphs.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

_SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_ENCODED_TAB = re.compile(r"%0[9aAdD]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_HI = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}


@dataclass
class Block:
    kind: str  # "h" heading, "p" paragraph, "li" list item, "table", "img", "quote", "pre"
    text: str
    element: etree._Element
    list_tag: str = ""  # "ul" / "ol" for list items
    # share of the text that was link text on the page, when the extractor dropped the
    # links (trafilatura's output carries none): see extract.annotate_links
    page_links: float = 0.0

    @property
    def link_ratio(self) -> float:
        """Share of the block's text that sits inside links (related-article lists ≈ 1)."""
        if not self.text:
            return 0.0
        linked = sum(len("".join(a.itertext()).strip()) for a in self.element.iter("a"))
        return max(self.page_links, min(1.0, linked / len(self.text)))


def tidy(text: str) -> str:
    """Collapse spaces; drop the full-width indent Chinese paragraphs start with."""
    return _SPACE.sub(" ", text).strip(" \u3000")


class _Renderer:
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

    # inline content -------------------------------------------------------
    def inline(self, src: etree._Element, dst: etree._Element) -> None:
        """Copy src's text and inline children into dst (lb becomes <br>)."""
        dst.text = (dst.text or "") + (src.text or "") if src.text else dst.text
        for child in src:
            tag = child.tag
            if tag == "hi":
                new = etree.SubElement(dst, _HI.get(child.get("rend", ""), "span"))
                self.inline(child, new)
            elif tag == "ref":
                new = etree.SubElement(dst, "a")
                href = self.url(child.get("target"))
                if href:
                    new.set("href", href)
                self.inline(child, new)
            elif tag == "lb":
                new = etree.SubElement(dst, "br")
            elif tag == "graphic":
                new = self.image(child)
                dst.append(new)
            else:
                new = etree.SubElement(dst, "span")
                self.inline(child, new)
            new.tail = child.tail

    def image(self, g: etree._Element) -> etree._Element:
        img = etree.Element("img")
        src = self.url(g.get("src"))
        if src:
            img.set("src", src)
        img.set("alt", tidy(g.get("alt") or g.get("title") or ""))
        return img

    # blocks ---------------------------------------------------------------
    def split_lines(self, src: etree._Element, tag: str) -> list[etree._Element]:
        """One element per line of src (split at its top-level <lb/>)."""
        whole = etree.Element(tag)
        self.inline(src, whole)
        if whole.find("br") is None:
            return [whole]
        parts: list[etree._Element] = []
        current = etree.Element(tag)
        current.text = whole.text
        for child in list(whole):
            if child.tag == "br":
                parts.append(current)
                current = etree.Element(tag)
                current.text = child.tail
                continue
            current.append(child)
        parts.append(current)
        return parts

    def blocks(self, body: etree._Element) -> list[Block]:
        out: list[Block] = []
        self.loose_text(body.text, out)
        for el in body:
            self.block(el, out)
            # trafilatura leaves text that follows a heading as the heading's tail
            self.loose_text(el.tail, out)
        return out

    def loose_text(self, text: str | None, out: list[Block]) -> None:
        """Text between blocks: one paragraph per line."""
        if not text or not text.strip():
            return
        for line in text.split("\n"):
            if tidy(line):
                p = etree.Element("p")
                p.text = line.strip(" \u3000\t\r")
                out.append(Block("p", tidy(line), p))

    def block(self, el: etree._Element, out: list[Block]) -> None:
        tag = el.tag
        if tag == "head":
            level = (el.get("rend") or "h2").lstrip("h")
            # h1 is the reader view's own title; the article's headings start at h2
            n = min(6, max(2, int(level) if level.isdigit() else 2))
            h = etree.Element(f"h{n}")
            self.inline(el, h)
            out.append(Block("h", tidy(_text(h)), h))
        elif tag in ("p", "quote", "code"):
            target = {"p": "p", "quote": "p", "code": "pre"}[tag]
            if (
                tag == "quote"
                and len(el)
                and all(c.tag in ("p", "quote", "list", "head") for c in el)
            ):
                for child in el:
                    self.block(child, out)
                return
            for part in self.split_lines(el, target) if tag != "code" else [self._pre(el)]:
                text = tidy(_text(part))
                if text:
                    out.append(
                        Block(
                            "quote" if tag == "quote" else ("pre" if tag == "code" else "p"),
                            text,
                            part,
                        )
                    )
                elif part.find(".//img") is not None:
                    out.append(Block("img", "", part))
        elif tag == "list":
            list_tag = "ol" if (el.get("rend") or "").startswith("ol") else "ul"
            for item in el:
                if item.tag != "item":
                    self.block(item, out)
                    continue
                if item.find("list") is not None:
                    # nested list: keep the item's own text, then the sub-items as items
                    own = tidy(item.text or "")
                    if own:
                        li = etree.Element("li")
                        li.text = own
                        out.append(Block("li", own, li, list_tag))
                    for sub in item:
                        self.block(sub, out)
                    continue
                li = etree.Element("li")
                self.inline(item, li)
                text = tidy(_text(li))
                if text:
                    out.append(Block("li", text, li, list_tag))
        elif tag == "table":
            table = etree.Element("table")
            lines = []
            for row in el.iter("row"):
                tr = etree.SubElement(table, "tr")
                cells = []
                for cell in row:
                    if cell.tag != "cell":
                        continue
                    td = etree.SubElement(tr, "th" if cell.get("role") == "head" else "td")
                    self.inline(cell, td)
                    # a cell may hold block content (p, list): flatten it to lines
                    for sub in cell:
                        if sub.tag in ("p", "list", "head", "quote"):
                            td.append(etree.Element("br"))
                    cells.append(tidy(_text(td)))
                line = " ".join(c for c in cells if c)
                if line:
                    lines.append(line)
            if lines:
                out.append(Block("table", "\n".join(lines), table))
        elif tag == "graphic":
            img = self.image(el)
            if img.get("src"):
                out.append(Block("img", "", img))
        elif len(el):
            for child in el:
                self.block(child, out)
        else:
            p = etree.Element("p")
            self.inline(el, p)
            text = tidy(_text(p))
            if text:
                out.append(Block("p", text, p))

    def _pre(self, el: etree._Element) -> etree._Element:
        pre = etree.Element("pre")
        pre.text = "".join(el.itertext())
        return pre


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def render_blocks(body: etree._Element | HtmlElement, base_url: str | None) -> list[Block]:
    return _Renderer(base_url).blocks(body)


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


# ------------------------------------------------------------------ from plain HTML

_HTML_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "center",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "li",
    "table",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "td",
    "th",
    "tr",
    "tbody",
    "thead",
    "tfoot",
}
_HTML_INLINE = {
    "b": "strong",
    "strong": "strong",
    "i": "em",
    "em": "em",
    "u": "u",
    "sub": "sub",
    "sup": "sup",
    "code": "code",
}


class _HtmlRenderer(_Renderer):
    """Blocks straight from an HTML subtree (the fallback extractor's output)."""

    def html_inline(
        self, src: HtmlElement, dst: etree._Element, *, include_text: bool = True
    ) -> None:
        if include_text and src.text:
            dst.text = (dst.text or "") + src.text
        for child in src:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag
            if tag == "br":
                new = etree.SubElement(dst, "br")
            elif tag == "img":
                new = self.image(child)
                dst.append(new)
            elif tag == "a":
                new = etree.SubElement(dst, "a")
                href = self.url(child.get("href"))
                if href:
                    new.set("href", href)
                self.html_inline(child, new)
            elif tag in _HTML_INLINE:
                new = etree.SubElement(dst, _HTML_INLINE[tag])
                self.html_inline(child, new)
            else:
                new = etree.SubElement(dst, "span")
                self.html_inline(child, new)
            new.tail = child.tail

    def flush(self, run: list[HtmlElement | str], out: list[Block]) -> None:
        """Inline content between blocks becomes one paragraph (split at <br>)."""
        if not run:
            return
        holder = etree.Element("p")
        for item in run:
            if isinstance(item, str):
                _append_text(holder, item)
                continue
            fake = etree.Element("x")
            fake.append(_shallow(item))
            self.html_inline(fake, holder, include_text=False)
        run.clear()
        for part in self.split_html_lines(holder):
            text = tidy(_text(part))
            if text:
                out.append(Block("p", text, part))
            elif part.find(".//img") is not None:
                out.append(Block("img", "", part))

    def split_html_lines(self, whole: etree._Element) -> list[etree._Element]:
        if whole.find("br") is None:
            return [whole]
        parts: list[etree._Element] = []
        current = etree.Element("p")
        current.text = whole.text
        for child in list(whole):
            if child.tag == "br":
                parts.append(current)
                current = etree.Element("p")
                current.text = child.tail
                continue
            current.append(child)
        parts.append(current)
        return parts

    def walk(self, el: HtmlElement, out: list[Block]) -> None:
        run: list[HtmlElement | str] = []
        if el.text:
            run.append(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                if child.tail:
                    run.append(child.tail)
                continue
            if child.tag in _HTML_BLOCK:
                self.flush(run, out)
                self.html_block(child, out)
            else:
                run.append(child)
            if child.tail:
                run.append(child.tail)
        self.flush(run, out)

    def html_block(self, el: HtmlElement, out: list[Block]) -> None:
        tag = el.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            h = etree.Element(f"h{max(2, int(tag[1]))}")
            self.html_inline(el, h)
            text = tidy(_text(h))
            if text:
                out.append(Block("h", text, h))
        elif tag in ("ul", "ol"):
            for li in el:
                if not isinstance(li.tag, str):
                    continue
                if li.tag != "li" or any(c.tag in _HTML_BLOCK for c in li.iter() if c is not li):
                    self.walk(li, out)
                    continue
                item = etree.Element("li")
                self.html_inline(li, item)
                text = tidy(_text(item))
                if text:
                    out.append(Block("li", text, item, tag))
        elif tag == "table":
            table = etree.Element("table")
            lines = []
            caption = el.find("caption")
            if caption is not None and tidy(caption.text_content()):
                cap = etree.SubElement(table, "caption")
                self.html_inline(caption, cap)
                lines.append(tidy(_text(cap)))
            for tr in el.iter("tr"):
                row = etree.SubElement(table, "tr")
                cells = []
                for cell in tr:
                    if cell.tag not in ("td", "th"):
                        continue
                    td = etree.SubElement(row, cell.tag)
                    for attr in ("colspan", "rowspan"):
                        if cell.get(attr):
                            td.set(attr, cell.get(attr))
                    self.html_inline(cell, td)
                    cells.append(tidy(_text(td)))
                line = " ".join(c for c in cells if c)
                if line:
                    lines.append(line)
            if lines:
                out.append(Block("table", "\n".join(lines), table))
        elif tag == "pre":
            pre = etree.Element("pre")
            pre.text = el.text_content()
            if pre.text.strip():
                out.append(Block("pre", pre.text.strip(), pre))
        elif tag == "hr":
            return
        else:
            self.walk(el, out)


def _append_text(holder: etree._Element, text: str) -> None:
    if len(holder):
        holder[-1].tail = (holder[-1].tail or "") + text
    else:
        holder.text = (holder.text or "") + text


def _shallow(el: HtmlElement) -> HtmlElement:
    """A copy of el without its tail (the tail is handled by the caller)."""
    c = copy.deepcopy(el)
    c.tail = None
    return c


def render_html_blocks(
    root: HtmlElement, base_url: str | None, *, wrap: bool = False
) -> list[Block]:
    """Blocks of root's content (``wrap``: of root itself, e.g. one table)."""
    out: list[Block] = []
    renderer = _HtmlRenderer(base_url)
    if wrap:
        renderer.html_block(root, out)
    else:
        renderer.walk(root, out)
    return out
