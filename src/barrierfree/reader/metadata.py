"""Title and 来源 (source) of an article page, and what its <head> says (the date is
found in dates.py from the same reading).

Government CMS templates (TRS, Hanweb, 大汉 …) usually state these three ways at once: in
``<meta>`` tags (``ArticleTitle``, ``PubDate``, ``ContentSource``), in ``<title>`` with the
site name appended ("标题-天津市滨海新区统计局"), and in a visible line under the
headline ("发布时间：2019-09-23 来源：市金融办 字号：大 中 小").  We trust them in that
order of reliability and cross-check the ``<title>`` against the page's headings.
"""

from __future__ import annotations

import json
import re

from lxml.html import HtmlElement

from .dates import FoundDate, find_date, parse_date, read_date

__all__ = [
    "FoundDate",
    "PageMeta",
    "find_date",
    "find_source",
    "find_title",
    "parse_date",
    "read_date",
]

_SPACE = re.compile(r"[\s\u3000\xa0]+")

# "-" splits titles only when it is not inside a number range such as 1-10月.
_TITLE_SPLIT = re.compile(r"\s+[-–—|｜·:]\s+|\s*(?:[_|｜–—]|::|»|«)\s*|(?<!\d)\s*-\s*(?!\d)")

_TITLE_META = ("articletitle", "og:title", "twitter:title", "title", "dc.title", "headline")
_SOURCE_META = ("contentsource", "source", "articlesource")

_SOURCE = re.compile(
    r"(?:信息来源|文章来源|稿件来源|新闻来源|来源|出处)\s*[:：]\s*"
    r"([^\s|｜【\[:：]+(?:[ \u3000][^\s|｜【\[:：]+)?)"
)
_SOURCE_STOP = re.compile(
    r"(?:作者|发布|时间|日期|点击|浏览|字号|编辑|责任|阅读|访问|来源|【|\d{4}[-/年]).*$"
)
# names of sites and offices, as a <title> that is only the site's name ends
_SITE_NAME = re.compile(
    r"(?:人民政府|政府|门户网站|政务网|官网|网站|首页|委员会|办公室|办公厅|管理局|局|厅|委|办|中心|网)$"
)
_HEADING_HINT = re.compile(r"title|biaoti|bt|tit|headline|heading", re.I)


def norm(text: str | None) -> str:
    return _SPACE.sub("", text or "")


def clean_space(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _metas(root: HtmlElement) -> dict[str, str]:
    """First non-empty content of each <meta name|property|itemprop>, keys lower-cased."""
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (
            (m.get("name") or m.get("property") or m.get("itemprop") or m.get("http-equiv") or "")
            .strip()
            .lower()
        )
        content = (m.get("content") or "").strip()
        if key and content and key not in out:
            out[key] = content
    return out


def _json_ld(root: HtmlElement) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for s in root.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
            elif isinstance(d, dict):
                items.append(d)
                graph = d.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return items


class PageMeta:
    """What the page's <head> says, read once before the page is cleaned."""

    def __init__(self, root: HtmlElement) -> None:
        self.metas = _metas(root)
        self.json_ld = _json_ld(root)
        title_el = root.find(".//title")
        self.title_tag = clean_space(title_el.text_content()) if title_el is not None else ""
        # the declared language with its region ("en-us"): it settles 3/4/2005
        self.lang = (
            (root.get("lang") or root.get("xml:lang") or self.metas.get("content-language") or "")
            .strip()
            .lower()
            .replace("_", "-")
        )


# ---------------------------------------------------------------- title


def _title_parts(title: str) -> list[str]:
    return [p.strip() for p in _TITLE_SPLIT.split(title) if p and p.strip()]


def _text_with_breaks(el: HtmlElement) -> str:
    """Text of el with a space for each <br> (a headline set on two lines)."""
    if el.find(".//br") is None:
        return str(el.text_content())
    parts: list[str] = []
    for node in el.iter():
        if node.tag == "br":
            parts.append(" ")
        elif node.text and node is not el or (node is el and node.text):
            parts.append(node.text or "")
        if node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _headings(root: HtmlElement) -> list[str]:
    found: list[str] = []
    for el in root.iter("h1", "h2", "h3", "div", "td", "p", "span", "strong", "font"):
        if el.tag in ("h1", "h2", "h3"):
            pass
        elif not _HEADING_HINT.search((el.get("class") or "") + " " + (el.get("id") or "")):
            continue
        text = clean_space(_text_with_breaks(el))
        if 2 <= len(text) <= 160:
            found.append(text)
    return found


def find_title(root: HtmlElement, meta: PageMeta) -> str | None:
    """The article's own title, without the site name that templates append."""
    article_title = meta.metas.get("articletitle")
    if article_title:
        return clean_space(article_title)
    full = meta.title_tag
    heads = _headings(root)
    full_n = norm(full)
    if full_n:
        # a heading that the <title> contains (or is) is the article title as printed
        best = ""
        for h in heads:
            hn = norm(h)
            if len(hn) >= 4 and hn in full_n and len(hn) > len(norm(best)):
                best = h
        if best and len(norm(best)) >= 0.3 * len(full_n):
            if norm(best) == full_n and _SITE_NAME.search(full_n):
                # the <title> is only the site's name (a logo <h1> repeats it): the
                # headline is the first longer heading the <title> does not contain
                for h in heads:
                    if (
                        len(norm(h)) >= 8
                        and norm(h) not in full_n
                        and not _SITE_NAME.search(norm(h))
                    ):
                        return h
            return best
    for key in ("og:title", "twitter:title", "headline", "dc.title"):
        value = meta.metas.get(key)
        if value:
            parts = _title_parts(value)
            return parts[0] if parts and len(parts[0]) >= 0.5 * len(value) else clean_space(value)
    for item in meta.json_ld:
        headline = item.get("headline")
        if isinstance(headline, str) and headline.strip():
            return clean_space(headline)
    if full:
        parts = _title_parts(full)
        if not parts:
            return full
        if len(parts) == 1:
            return parts[0]
        # the site name is usually the shortest, repeated part: take the longest remaining
        first = parts[0]
        longest = max(parts, key=len)
        return first if len(first) >= 0.6 * len(longest) else longest
    for h in heads:
        return h
    return None


# ---------------------------------------------------------------- source


def find_source(text: str, meta: PageMeta) -> str | None:
    """The 来源 a Chinese page states ("来源：新华社"), or None."""
    for key in _SOURCE_META:
        value = clean_space(meta.metas.get(key))
        if value and len(value) <= 40 and not value.startswith("http"):
            return value
    m = _SOURCE.search(text)
    if not m:
        return None
    value = _SOURCE_STOP.sub("", m.group(1)).strip(" ,，;；")
    return value or None
