"""An HTML subtree → blocks (the containers our own scoring and readability choose, and
trafilatura's container on Chinese pages).  Inline runs between block elements become
paragraphs, split at ``<br>``.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from .blocks import BaseRenderer, Block, split_at_breaks, tidy
from .blocks import text_of as _text

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


class HtmlRenderer(BaseRenderer):
    """Blocks straight from an HTML subtree (the fallback extractor's output)."""

    def html_inline(
        self, src: HtmlElement, dst: etree._Element, *, include_text: bool = True
    ) -> None:
        if include_text and src.text:
            dst.text = (dst.text or "") + src.text
        for child in src:
            if not isinstance(child.tag, str):
                continue
            self.inline_element(child, dst).tail = child.tail

    def inline_element(self, child: HtmlElement, dst: etree._Element) -> etree._Element:
        """``child`` (without its tail) as a new inline element at the end of ``dst``."""
        tag = child.tag
        if tag == "br":
            return etree.SubElement(dst, "br")
        if tag == "img":
            new = self.image(child)
            dst.append(new)
            return new
        if tag == "a":
            new = etree.SubElement(dst, "a")
            href = self.url(child.get("href"))
            if href:
                new.set("href", href)
        else:
            new = etree.SubElement(dst, _HTML_INLINE.get(tag, "span"))
        self.html_inline(child, new)
        return new

    def flush(self, run: list[HtmlElement | str], out: list[Block]) -> None:
        """Inline content between blocks becomes one paragraph (split at <br>)."""
        if not run:
            return
        holder = etree.Element("p")
        for item in run:
            if isinstance(item, str):
                _append_text(holder, item)
            else:
                # its tail is in the run as text of its own
                self.inline_element(item, holder)
        run.clear()
        for part in self.split_html_lines(holder):
            text = tidy(_text(part))
            if text:
                out.append(Block("p", text, part))
            elif part.find(".//img") is not None:
                out.append(Block("img", "", part))

    def split_html_lines(self, whole: etree._Element) -> list[etree._Element]:
        """``whole`` cut at its line breaks into paragraphs — also at breaks inside an
        inline wrapper (a 2000s page's ``<font face="宋体">…<br><br>…</font>`` holds the
        whole article): the wrapper is repeated around each piece."""
        if whole.find(".//br") is None:
            return [whole]
        return split_at_breaks(whole, "p")

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
        elif tag == "dt" and not any(c.tag in _HTML_BLOCK for c in el.iterdescendants()):
            # a definition list's term names the description under it (办事指南: 办理对象,
            # 申请材料 …): a heading of its own, not a short line before the body
            h = etree.Element("h4")
            self.html_inline(el, h)
            text = tidy(_text(h))
            if text:
                out.append(Block("h", text, h))
        else:
            self.walk(el, out)


def _append_text(holder: etree._Element, text: str) -> None:
    if len(holder):
        holder[-1].tail = (holder[-1].tail or "") + text
    else:
        holder.text = (holder.text or "") + text


def render_html_blocks(
    root: HtmlElement, base_url: str | None, *, wrap: bool = False
) -> list[Block]:
    """Blocks of root's content (``wrap``: of root itself, e.g. one table)."""
    out: list[Block] = []
    renderer = HtmlRenderer(base_url)
    if wrap:
        renderer.html_block(root, out)
    else:
        renderer.walk(root, out)
    return out
