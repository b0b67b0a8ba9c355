"""HTML → Article: the pipeline (decode → parse → metadata → clean → extract → render →
sanitise).

The main-content step makes candidates on a page we have already stripped of
government-page furniture: trafilatura's (in its fast mode; on Chinese pages its
container rendered by us), and when that one holds little prose or is the page run into
one paragraph, our own block scoring and readability's.  Each is judged paragraph by
paragraph (prune.py) and scored by its prose and its distance from the headline; the
result is never empty while a candidate has prose.  A thread's first post is taken as
the article.  Title, date and 来源 are our own
(metadata.py): trafilatura's are tuned for news sites and keep the site-name suffix.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.settings import Extractor

from ..charset import decode_html
from ..errors import BadRequest
from .article import Article
from .cleanup import clean_tree, drop_hidden, is_junk_paragraph, strip_invisible
from .dates import find_body_date, find_date
from .metadata import PageMeta, find_source, find_title
from .prune import RECORD_RUN, prune, record_lines
from .render import Block, blocks_to_html, render_blocks, render_html_blocks, tidy
from .render.html import HtmlRenderer
from .sanitize import sanitize_html

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TEXT_NODES = etree.XPath("//body//text()", smart_strings=False)
_NOT_KANA = re.compile(r"[^\u3040-\u30ff]+")
_NOT_CJK = re.compile(r"[^\u3400-\u9fff]+")


@dataclass(frozen=True)
class ReaderOptions:
    """What goes into the article HTML."""

    images: bool = True
    links: bool = True
    tables: bool = True


DEFAULT_OPTIONS = ReaderOptions()


_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    """lxml.html's parser, except that every element is a plain ``HtmlElement`` chosen in C:
    lxml.html picks each element's class (form, input, label …) by a Python call, once
    for every element any code touches — ours and trafilatura's (its copy of the tree
    keeps this parser).  The reader never uses those classes' form methods.  One parser
    per thread: lxml serialises the threads that share one."""
    parser: etree.HTMLParser | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = etree.HTMLParser()
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=HtmlElement,
                comment=HtmlComment,
                pi=HtmlProcessingInstruction,
                entity=HtmlEntity,
            )
        )
        _PARSERS.parser = parser
    return parser


def parse_html(text: str) -> HtmlElement:
    # lxml refuses str input that carries an encoding declaration
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise BadRequest("the page is empty")
    try:
        return lxml.html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        raise BadRequest(f"cannot parse the page as HTML: {exc}") from None


def _trafilatura_options(tables: bool) -> Extractor:
    return Extractor(
        # "txt": the Document's body is all we read; "python" would also render it as text
        output_format="txt",
        # trafilatura only locates the article here: fast mode, no metadata, no comments
        fast=True,
        with_metadata=False,
        comments=False,
        tables=tables,
        # it pulls captions, credits and teaser boxes in with images, links and formatting;
        # links and images are the renderers' (render/): its own resolving is slow, and on
        # Chinese pages the article's container is rendered with them by render/html.py
        images=False,
        links=False,
        formatting=False,
        dedup=False,
        url=None,
    )


# built once (reading trafilatura's configuration each call costs time), by ReaderOptions.tables
_TRAFILATURA = {tables: _trafilatura_options(tables) for tables in (True, False)}


def _trafilatura_blocks(
    root: HtmlElement, url: str | None, options: ReaderOptions
) -> tuple[list[Block] | None, bool]:
    """Blocks from trafilatura, or None when it found nothing.  When it returns one long
    paragraph whose lines are separated by newlines only (the whole page run together,
    or an article written as one line-broken paragraph), its lines are the blocks and
    the candidates are compared (see :func:`_main_blocks`): the second value says so."""
    try:
        doc = trafilatura.bare_extraction(root, options=_TRAFILATURA[options.tables])
    except Exception:  # noqa: BLE001 - a third-party bug on one odd page: use the fallback
        return None, False
    body = getattr(doc, "body", None)  # a Document (as_dict is off)
    if body is None or not len(body):
        return None, False
    blocks = render_blocks(body, url)
    if len(blocks) == 1 and blocks[0].kind == "p" and blocks[0].text.count("\n") == 0:
        # one long line-broken paragraph (trafilatura keeps the breaks as newlines in the
        # text): its lines are the paragraphs
        raw = "".join(body[0].itertext())
        if raw.count("\n") >= 4:
            lines = [tidy(line) for line in raw.split("\n")]
            return [_paragraph(line) for line in lines if line], True
    return blocks, False


def _paragraph(text: str) -> Block:
    p = etree.Element("p")
    p.text = text
    return Block("p", text, p)


def _readability_blocks(root: HtmlElement, url: str | None) -> list[Block]:
    """The fallback: readability's choice of container, rendered block by block."""
    from readability import Document

    try:
        summary = Document(lxml.html.tostring(root, encoding="unicode")).summary(html_partial=True)
        if not summary.strip():
            return []
        box = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # noqa: BLE001 - readability gives up on some pages (no body, …)
        return []
    return render_html_blocks(box, url)


def _squeeze(text: str) -> str:
    """``text`` without any white space (``str.split`` knows the same spaces as ``\\s``)."""
    return "".join(text.split())


_RECORD = re.compile(r"索\s*引\s*号|发文机关|发文字号")
_ALL_TEXT = etree.XPath("//body//text()", smart_strings=True)
# the page's text nodes (lxml "smart" strings: each knows its parent and whether it is a
# tail), found once for all candidates: the candidates do not change the tree
TextNodes = list[Any]


def _container(nodes: TextNodes, blocks: list[Block]) -> HtmlElement | None:
    """The element of the page that holds the article trafilatura found.

    trafilatura is good at finding where the article is but drops structure a reader needs
    (short headings such as 一、总体目标, numbered lists, record tables): we find the
    smallest element holding 90% of the page text that matches its paragraphs and render
    that element ourselves.
    """
    wanted = "\x00".join(_squeeze(b.text) for b in blocks if b.text)
    if len(wanted) < 20:
        return None
    weights: dict[HtmlElement, int] = {}
    depth: dict[HtmlElement, int] = {}
    total = 0
    for node in nodes:
        text = _squeeze(str(node))
        if len(text) < 6 or text not in wanted:
            continue
        el = node.getparent()
        if el is None:
            continue
        if node.is_tail:
            el = el.getparent()
            if el is None:
                continue
        total += len(text)
        chain = [el, *el.iterancestors()]
        for i, anc in enumerate(chain):
            weights[anc] = weights.get(anc, 0) + len(text)
            depth[anc] = len(chain) - i
    if total < 0.5 * len(wanted):
        return None
    best = None
    for el, w in weights.items():
        if w >= 0.9 * total and (best is None or depth[el] > depth[best]):
            best = el
    return best


def _apply_options(blocks: list[Block], options: ReaderOptions) -> None:
    """Leave out images and links when the caller does not want them."""
    if not options.images:
        blocks[:] = [b for b in blocks if b.kind != "img"]
        for b in blocks:
            etree.strip_elements(b.element, "img", with_tail=False)
    if not options.links:
        for b in blocks:
            etree.strip_tags(b.element, "a")
    if not options.tables:
        blocks[:] = [b for b in blocks if b.kind != "table"]


def _is_chinese(text: str) -> bool:
    """Mostly Han characters, and not Japanese (kana) — the pages our own rendering is for."""
    sample = text[:4000]
    # counted as what is left when everything else goes (no list of matches)
    han = len(_NOT_CJK.sub("", sample))
    if len(_NOT_KANA.sub("", sample)) > 0.05 * han:
        return False
    return han >= 100 or han >= 0.3 * len(sample.replace(" ", "").replace("\n", ""))


# how far back from the article's container a record box may stand (a row of tabs between)
_RECORD_BOX_SIBLINGS = 3


def _record_tables_before(box: HtmlElement, url: str | None) -> list[Block]:
    """政府信息公开 pages put the document's record (索引号, 发文机关, 发文字号 …) in a
    table just before the text; it belongs to the article.  So does a box of record lines
    just before it (one of the three elements before the container, every line of it a
    record's, see ``prune.record_lines``): a press conference's 时间/地点/主持人/发布人
    above the tabs of its transcript."""
    out: list[Block] = []
    top = box
    for n, sibling in enumerate(box.itersiblings(preceding=True)):
        if sibling.tag == "table" and _RECORD.search(sibling.text_content()):
            out = render_html_blocks(sibling, url, wrap=True) + out
            top = sibling
            break
        if n < _RECORD_BOX_SIBLINGS and isinstance(sibling.tag, str):
            lines = render_html_blocks(sibling, url, wrap=True)
            if len(lines) >= RECORD_RUN and len(record_lines(lines)) == len(lines):
                out = lines + out
                top = sibling
                break
    return _picture_before(top, url) + out


def _picture_before(el: HtmlElement, url: str | None) -> list[Block]:
    """The picture standing alone just before the article (a profile's photo, a lead
    picture in a box of its own above the text): the element before ``el`` when it holds
    one image and no text (not an icon, a logo or inside a link; not when ``el`` is a
    block of the page itself, whose neighbour is the page's header)."""
    parent = el.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return []  # (before a block of the page itself stands its header: a logo)
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    if prev is None or prev.tag not in ("div", "p", "figure", "span", "center"):
        return []
    imgs = list(prev.iter("img"))
    if len(imgs) != 1 or _squeeze(prev.text_content()):
        return []
    marks = (
        " ".join(imgs[0].get(a) or "" for a in ("src", "alt", "class"))
        + " "
        + (prev.get("class") or "")
    )
    if "logo" in marks.lower():
        return []
    return _image_block(imgs[0], HtmlRenderer(url))


_PROSE_END = re.compile(r"[。！？!?.;；…”\"」』)）]$")
_ANCHOR_MIN = 4


def _anchor_texts(root: HtmlElement) -> list[str]:
    """The link texts of the page (white space removed), longest first."""
    seen: set[str] = set()
    for a in root.iter("a"):
        t = _squeeze(a.text_content())
        if len(t) >= _ANCHOR_MIN:
            seen.add(t)
    return sorted(seen, key=len, reverse=True)


def annotate_links(blocks: list[Block], anchors: list[str]) -> None:
    """Give blocks whose links the extractor dropped their share of link text on the page
    (trafilatura's output has no links, so a related-article list looked like prose)."""
    if not anchors:
        return
    for b in blocks:
        if b.kind not in ("p", "li", "h") or not b.text or b.link_ratio > 0:
            continue
        t = _squeeze(b.text)
        if len(t) > 160:
            continue
        linked = 0
        rest = t
        for a in anchors:
            if len(a) > len(rest):
                continue
            if a in rest:
                linked += len(a)
                rest = rest.replace(a, "\x00", 1)
                if len(rest) < _ANCHOR_MIN:
                    break
        b.page_links = min(1.0, linked / len(t))


def prose_size(blocks: list[Block]) -> float:
    """How much article-like text a candidate holds: text of blocks long enough to be
    sentences, less the share of it that is link text."""
    total = 0.0
    for b in blocks:
        if b.kind in ("img", "h"):
            continue
        n = len(b.text)
        if b.kind == "table" or n >= 40 or (n >= 15 and _PROSE_END.search(b.text)):
            total += n * (1.0 - b.link_ratio)
    return total


def _density_box(nodes: TextNodes) -> HtmlElement | None:
    """Our own block scoring: the element whose own paragraphs carry the most sentence
    text that is not link text (each text run counts for its block and, half, for the
    block's parent, as readability does)."""
    scores: dict[HtmlElement, float] = {}
    for node in nodes:
        text = str(node).strip()
        if len(text) < 12:
            continue
        el = node.getparent()
        if el is None:
            continue
        if node.is_tail:
            el = el.getparent()
        if (
            el is None
            or el.tag == "a"
            or (el.getparent() is not None and el.getparent().tag == "a")
        ):
            continue
        while el is not None and el.tag in ("span", "font", "strong", "b", "em", "i", "u", "br"):
            el = el.getparent()
        if el is None:
            continue
        if el.tag in ("p", "br", "li", "td", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"):
            owner = el.getparent()
        else:
            owner = el
        if owner is None:
            continue
        value = 1.0 + len(re.findall(r"[，。、；,.;]", text)) + min(3.0, len(text) / 100)
        scores[owner] = scores.get(owner, 0.0) + value
        parent = owner.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + value / 2
    if not scores:
        return None
    best = max(scores, key=lambda e: scores[e])
    return best if best.tag not in ("html",) else None


def _trafilatura_choice(
    root: HtmlElement,
    url: str | None,
    options: ReaderOptions,
    cjk: bool,
    anchors: list[str],
    nodes: TextNodes,
) -> tuple[list[Block] | None, bool]:
    # trafilatura works on a copy of the tree, so the other candidates see it unchanged
    blocks, split = _trafilatura_blocks(root, url, options)
    if blocks:
        annotate_links(blocks, anchors)
    # trafilatura's length thresholds count characters, which drops short Chinese headings
    # and list items; on Chinese pages we render the article's container ourselves
    if blocks and cjk:
        box = _container(nodes, blocks)
        if box is not None and box.tag not in ("body", "html"):
            ours = render_html_blocks(box, url)
            ours_size = sum(len(b.text) for b in ours)
            theirs = sum(len(b.text) for b in blocks)
            # the container may also hold what trafilatura rightly left out; not too much
            # (the headline and subtitle often sit outside the container: a little less is fine)
            if 0.7 * theirs <= ours_size <= 1.5 * theirs + 200:
                blocks = _record_tables_before(box, url) + ours
                # a real element of the page holds it: not the whole page run together
                split = False
    elif blocks and options.images and not split:
        # elsewhere trafilatura's paragraphs are kept; its container gives their images
        box = _container(nodes, blocks)
        if box is not None and box.tag not in ("body", "html"):
            blocks = images_in_place(box, blocks, url)
    return blocks, split


# an image this small (its width or height attribute) is an icon, a spacer, a tracker
_ICON_PX = 48


def images_in_place(box: HtmlElement, blocks: list[Block], url: str | None) -> list[Block]:
    """``blocks`` (trafilatura's, which carry no images) with the images of the article's
    container put back where they stand among the paragraphs: a lead picture under the
    headline, a picture between two paragraphs.  An image is placed before the first
    paragraph whose text comes after it; images after the last paragraph (thumbnails of
    other stories below the article), inside links (a teaser) or icon-sized are not."""
    keys = [_squeeze(b.text)[:12] for b in blocks]
    renderer = HtmlRenderer(url)
    out: list[Block] = []
    pending: list[Block] = []
    seen = ""  # the container's text since the last paragraph placed, white space removed
    at = 0  # the next paragraph to place
    for event, el in etree.iterwalk(box, events=("start", "end")):
        if at >= len(blocks):
            break
        if event == "start":
            if el.tag == "img":
                pending.extend(_image_block(el, renderer))
            text = el.text
        else:
            text = el.tail if el is not box else None
        if not text or not isinstance(el.tag, str):
            continue
        seen += _squeeze(text)
        # the next paragraph whose start has now been read (one whose text we cannot
        # find, three at most, is placed with the one after it)
        for k in range(at, min(at + 3, len(blocks))):
            found = seen.find(keys[k]) if keys[k] else -1
            if found >= 0:
                out.extend(pending)
                pending.clear()
                out.extend(blocks[at : k + 1])
                at = k + 1
                seen = seen[found + len(keys[k]) :]
                break
    out.extend(blocks[at:])
    return out


def _image_block(el: HtmlElement, renderer: HtmlRenderer) -> list[Block]:
    if any(a.tag == "a" for a in el.iterancestors()):
        return []
    if any(v.isdigit() and int(v) < _ICON_PX for v in (el.get("width", ""), el.get("height", ""))):
        return []
    img = renderer.image(el)
    return [Block("img", "", img)] if img.get("src") else []


_LINE_END = re.compile(r"[。！？!?；;…”」』：:]\s*$")


def split_line_broken(blocks: list[Block]) -> list[Block]:
    """A paragraph of plain text whose lines each end a sentence (an article typed as
    one block with line breaks, shown with white-space: pre-wrap) is split at them."""
    out: list[Block] = []
    for b in blocks:
        if b.kind == "p" and len(b.text) >= 120 and not len(b.element):
            lines = [tidy(line) for line in "".join(b.element.itertext()).split("\n")]
            lines = [line for line in lines if line]
            if len(lines) >= 3 and sum(bool(_LINE_END.search(x)) for x in lines) >= 0.6 * len(
                lines
            ):
                out.extend(_paragraph(line) for line in lines)
                continue
        out.append(b)
    return out


# a post's stamp on a forum or a blog's comments: 发表于 2021-6-15 20:31, Posted on …
_POST_STAMP = re.compile(
    r"^\s*(?:发表于|发表时间|发帖时间|回复于|回帖时间|Posted\s+(?:on|at)|Reply\s+#?\d*)\s*[:：]?\s*"
    r"(?:19|20)\d{2}\s*[-/.年]",
    re.I,
)
_STAMP_START = frozenset("发回PpRr")


def _first_post(root: HtmlElement, nodes: TextNodes) -> HtmlElement | None:
    """On a thread (three or more posts stamped 发表于 …), the element holding the first
    post's text: the largest element between the first stamp and the second."""
    stamps = []
    prose_before = 0  # long text runs before the first stamp
    for node in nodes:
        # (a stamp starts with one of these letters: most text runs skip the pattern)
        if (
            node.lstrip()[:1] in _STAMP_START
            and node.getparent() is not None
            and _POST_STAMP.match(str(node))
        ):
            stamps.append(node.getparent())
        elif not stamps and len(str(node).strip()) >= 30:
            prose_before += len(str(node).strip())
    if len(stamps) < 3:
        return None
    first, second = stamps[0], stamps[1]
    order = {el: i for i, el in enumerate(root.iter())}
    lo, hi = order.get(first, -1), order.get(second, -1)
    if lo < 0 or hi <= lo:
        return None
    best: HtmlElement | None = None
    best_len = 0
    for el, i in order.items():
        if not (lo < i < hi) or not isinstance(el.tag, str):
            continue
        # inside the first post only: an element reaching past the second stamp holds replies
        last = max((order.get(d, i) for d in el.iterdescendants()), default=i)
        if last >= hi:
            continue
        n = len(_squeeze(el.text_content()))
        if n > best_len:
            best, best_len = el, n
    if best_len < 60:
        return None
    # a blog that stamps its post under the text ("Posted on …" after the article, then
    # the comments' stamps): the article came before the first stamp
    if prose_before >= 200 and prose_before >= 0.5 * best_len:
        return None
    return best


def _closeness(blocks: list[Block], flat_page: str, title_at: int) -> float:
    """1 for a candidate that starts right under the headline, less the further away
    (a list of replies or of other articles sits below the post)."""
    if title_at < 0:
        return 1.0
    for b in blocks:
        key = _squeeze(b.text)[:16]
        if len(key) >= 8:
            at = flat_page.find(key)
            if at >= 0:
                return 1.0 / (1.0 + max(0, at - title_at) / 3000)
    return 0.5


def _main_blocks(
    root: HtmlElement,
    url: str | None,
    options: ReaderOptions,
    cjk: bool,
    title: str | None,
    page_text: str,
) -> list[Block]:
    """Several candidates for the article — trafilatura's (with our rendering of its
    container on Chinese pages), our own block scoring, readability's — each pruned.
    trafilatura's is kept when it holds a fair amount of prose; otherwise the candidates
    are scored by their prose (sentence text that is not link text) and by how close
    they start to the headline, and the best is kept: never empty while any candidate
    has text."""
    anchors = _anchor_texts(root)
    nodes: TextNodes = _ALL_TEXT(root)
    post = _first_post(root, nodes)
    if post is not None:
        # a forum thread or a post with comments: the article is the first post
        return prune(split_line_broken(render_html_blocks(post, url)), title)
    first, split = _trafilatura_choice(root, url, options, cjk, anchors, nodes)
    if first is not None:
        first = split_line_broken(first)
    best = prune(first, title) if first is not None else []
    # one block that starts with the headline: a small page's headline and paragraphs run
    # together (trafilatura takes the whole body of a page this small)
    if len(best) == 1 and title and _squeeze(best[0].text).startswith(_squeeze(title)[:12]):
        split = True
    size = sum(len(b.text) for b in best)
    if (
        first is not None
        and not split
        and size >= 100
        and len(best) > 1
        and prose_size(best) >= 150
    ):
        return best
    # nothing, very little, or everything run together: make the other candidates
    candidates = [best] if best else []
    raw = [first] if first else []
    box = _density_box(nodes)
    if box is not None and box.tag != "body":
        raw.append(split_line_broken(render_html_blocks(box, url)))
        candidates.append(prune(raw[-1], title))
    raw.append(split_line_broken(_readability_blocks(root, url)))
    candidates.append(prune(raw[-1], title))
    flat = _squeeze(page_text)
    title_at = flat.find(_squeeze(title or "")[:12]) if title else -1

    def score(c: list[Block]) -> float:
        return prose_size(c) * _closeness(c, flat, title_at)

    others = candidates[1:] if best else candidates
    top = max(others, key=score, default=[])
    if best:
        # trafilatura's own choice wins a close call; its lines split from one run of
        # text (maybe the whole page, menus and all) lose one
        if not split and score(top) <= score(best) * 1.2:
            return best
        if split and score(top) < 0.5 * score(best):
            return best
    # never empty while a candidate has anything to read: when pruning emptied them
    # all, the prose of the richest one (its sentences, not its furniture lines)
    chosen = top or next((c for c in candidates if c), [])
    if not chosen and raw:
        richest = max(raw, key=prose_size)
        chosen = [
            b
            for b in richest
            if b.kind in ("p", "li", "quote", "table")
            and prose_size([b]) > 0
            and not is_junk_paragraph(b.text)
        ]
    return chosen


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    charset: str | None = None,
    options: ReaderOptions = DEFAULT_OPTIONS,
) -> Article:
    """Read the article out of a page.

    ``bytes`` are decoded as a browser would (``charset``: what the server's Content-Type
    said, if known); ``url`` resolves relative links and images and helps find the date.
    """
    text = decode_html(html, charset)[0] if isinstance(html, bytes) else html.lstrip("\ufeff")
    root = parse_html(text)
    meta = PageMeta(root)
    strip_invisible(root)
    drop_hidden(root)
    # text nodes on lines of their own, so "来源：市统计局" does not run into the next block
    page_text = "\n".join(t.strip() for t in _TEXT_NODES(root) if t.strip())
    title = find_title(root, meta)
    date = find_date(page_text, meta.metas, meta.json_ld, url, title, meta.lang)
    source = find_source(page_text, meta)
    clean_tree(root)
    cjk = _is_chinese(page_text)
    blocks = _main_blocks(root, url, options, cjk, title, page_text)
    _apply_options(blocks, options)
    lang = (root.get("lang") or "").split("-")[0].lower() or ("zh" if cjk else None)
    paragraphs = [b.text for b in blocks if b.text]
    if date is None:
        date = find_body_date(paragraphs, page_text, meta.lang)
    return Article(
        title=title,
        date=date.value if date else None,
        date_precision=date.precision if date else None,
        source=source,
        paragraphs=paragraphs,
        html=sanitize_html(blocks_to_html(blocks)),
        url=url,
        lang=lang,
    )
