"""trafilatura's XML (head, p, list/item, table/row/cell, quote, graphic, ref, hi, lb) →
blocks.

A ``<lb/>`` inside a paragraph splits it: Chinese CMS editors often write a whole article
as one ``<p>`` with line breaks, and read-aloud and highlighting need the paragraphs.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from .blocks import BaseRenderer, Block, split_at_breaks, tidy
from .blocks import text_of as _text

_HI = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}


class XmlRenderer(BaseRenderer):
    """Blocks from trafilatura's XML output."""

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

    # blocks ---------------------------------------------------------------
    def split_lines(self, src: etree._Element, tag: str) -> list[etree._Element]:
        """One element per line of src (split at its top-level <lb/>)."""
        whole = etree.Element(tag)
        self.inline(src, whole)
        if whole.find("br") is None:
            return [whole]
        return split_at_breaks(whole, tag, nested=False)

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


def render_blocks(body: etree._Element | HtmlElement, base_url: str | None) -> list[Block]:
    return XmlRenderer(base_url).blocks(body)
