"""HTML → Article: the pipeline (decode → parse → metadata → clean → extract → render →
sanitise).

The main-content step is trafilatura's (in its fast mode, which skips its slower
fallbacks) run on a page we have already stripped of government-page furniture; what
comes out is judged once more paragraph by paragraph.  Title, date and 来源 are our own
(metadata.py): trafilatura's are tuned for news sites and keep the site-name suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from ..errors import BadRequest
from .article import Article
from .cleanup import clean_tree, is_junk_paragraph, strip_invisible
from .decode import decode_html
from .metadata import PageMeta, find_date, find_source, find_title, norm
from .render import Block, blocks_to_html, render_blocks
from .sanitize import sanitize_html

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")
_BYLINE_LABEL = re.compile(
    r"(?:发布时间|发布日期|发表时间|发布于|更新时间|日期|时间|来源|信息来源|文章来源|作者|"
    r"浏览次数|阅读次数|点击次数|点击数|访问量|阅读量|字号|编辑)\s*[:：]"
)
_DATEISH = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")


@dataclass(frozen=True)
class ReaderOptions:
    """What goes into the article HTML."""

    images: bool = True
    links: bool = True
    tables: bool = True


DEFAULT_OPTIONS = ReaderOptions()


def parse_html(text: str) -> HtmlElement:
    # lxml refuses str input that carries an encoding declaration
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise BadRequest("the page is empty")
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise BadRequest(f"cannot parse the page as HTML: {exc}") from None


def _is_byline(text: str) -> bool:
    """The 发布时间/来源/作者 line under a headline."""
    if len(text) > 120:
        return False
    labels = _BYLINE_LABEL.findall(text)
    if not labels:
        return False
    return text.lstrip("【[（( ").startswith(tuple(l.rstrip(":：") for l in labels)) or (
        len(labels) >= 2 or bool(_DATEISH.search(text))
    )


def _filter(blocks: list[Block], title: str | None) -> list[Block]:
    title_n = norm(title)
    kept: list[Block] = []
    for i, b in enumerate(blocks):
        if b.kind == "img":
            kept.append(b)
            continue
        text = b.text
        if is_junk_paragraph(text):
            continue
        # the headline repeated at the top of the body is shown once, as the title
        if title_n and not [k for k in kept if k.kind != "img"] and norm(text) == title_n:
            continue
        if i < 6 and _is_byline(text):
            continue
        if b.kind != "table" and _is_byline(text) and len(text) < 60:
            continue
        kept.append(b)
    while kept and kept[-1].kind == "h":
        kept.pop()
    return kept


def extract(html: str | bytes, url: str | None = None, *, options: ReaderOptions = DEFAULT_OPTIONS) -> Article:
    """Read the article out of a page (``bytes`` are decoded as a browser would)."""
    text = decode_html(html)
    root = parse_html(text)
    meta = PageMeta(root)
    strip_invisible(root)
    body = root.find("body")
    page_text = (body if body is not None else root).text_content()
    title = find_title(root, meta)
    date = find_date(page_text, meta, url, title)
    source = find_source(page_text, meta)
    clean_tree(root)
    doc = trafilatura.bare_extraction(
        root,
        # links are resolved by render.py; trafilatura's own resolving is slow
        url=None,
        fast=True,
        with_metadata=False,
        include_comments=False,
        include_tables=options.tables,
        include_images=options.images,
        include_links=options.links,
        include_formatting=True,
        deduplicate=False,
    )
    blocks = render_blocks(doc.body, url) if doc is not None and doc.body is not None else []
    blocks = _filter(blocks, title)
    lang = (root.get("lang") or "").split("-")[0].lower() or ("zh" if _CJK.search(page_text[:5000]) else None)
    return Article(
        title=title,
        date=date,
        source=source,
        paragraphs=[b.text for b in blocks if b.text],
        html=sanitize_html(blocks_to_html(blocks)),
        url=url,
        lang=lang,
    )
