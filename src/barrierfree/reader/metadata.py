"""Title, publication date and 来源 (source) of an article page.

Government CMS templates (TRS, Hanweb, 大汉 …) usually state these three ways at once: in
``<meta>`` tags (``ArticleTitle``, ``PubDate``, ``ContentSource``), in ``<title>`` with the
site name appended ("标题-天津市滨海新区统计局"), and in a visible line under the
headline ("发布时间：2019-09-23 来源：市金融办 字号：大 中 小").  We trust them in that
order of reliability and cross-check the ``<title>`` against the page's headings.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

_SPACE = re.compile(r"[\s\u3000\xa0]+")

# "-" splits titles only when it is not inside a number range such as 1-10月.
_TITLE_SPLIT = re.compile(r"\s+[-–—|｜·:]\s+|\s*(?:[_|｜–—]|::|»|«)\s*|(?<!\d)\s*-\s*(?!\d)")

_TITLE_META = ("articletitle", "og:title", "twitter:title", "title", "dc.title", "headline")
_DATE_META = (
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "pubtime",
    "publication_date",
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "og:release_date",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.date",
    "date",
    "firstpublishedtime",
    "article.published",
    "published-date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "releasedate",
    "cpubdate",
)
_SOURCE_META = ("contentsource", "source", "articlesource")

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?!\d)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# English pages: "14 March 2024", "March 14, 2024", "Mar. 14th 2024"
_EN_DATE = re.compile(
    rf"\b(?:(\d{{1,2}})\s+{_MONTH},?\s+((?:19|20)\d{{2}})|{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}}))\b",
    re.I,
)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})-?(\d{2})-?(\d{2})")
_LABELLED_DATE = re.compile(
    r"(?:发布|发表|发文|公布|印发|更新)(?:日期|时间)\s*[:：]?\s*|(?:日期|时间)\s*[:：]\s*|发布于\s*|发表于\s*|"
    r"Posted\s+on\s+|Published(?:\s+on)?\s*:?\s*|Updated(?:\s+on)?\s*:?\s*|Date\s*:\s*",
    re.I,
)
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_]?(\d{2})[-/_]?(\d{2})(?!\d)")
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
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
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


# ---------------------------------------------------------------- date


def _make_date(y: str, m: str, d: str) -> dt.date | None:
    try:
        value = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    # a publication date is not in the future and not before the web
    if value.year < 1990 or value > dt.date.today() + dt.timedelta(days=2):
        return None
    return value


def _en_date(m: re.Match[str]) -> dt.date | None:
    day, month, year, month2, day2, year2 = m.groups()
    name = (month or month2 or "")[:3].lower()
    return _make_date(year or year2, str(_MONTHS.get(name, 0)), day or day2)


def _dates(text: str, start: int, end: int) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every numeric or English-written date in text[start:end]."""
    found = []
    for m in _DATE.finditer(text, start, end):
        value = _make_date(*m.groups())
        if value:
            found.append((m.start(), m.end(), value))
    for m in _EN_DATE.finditer(text, start, end):
        value = _en_date(m)
        if value:
            found.append((m.start(), m.end(), value))
    return sorted(found, key=lambda f: f[0])


def parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    m = _DATE.search(text)
    if m:
        return _make_date(*m.groups())
    m = _ISO_DATE.search(text)
    if m:
        return _make_date(*m.groups())
    m = _EN_DATE.search(text)
    return _en_date(m) if m else None


def find_date(text: str, meta: PageMeta, url: str | None, title: str | None) -> dt.date | None:
    """``text``: the visible page text (scripts and styles removed, furniture still there)."""
    for key in _DATE_META:
        value = parse_date(meta.metas.get(key))
        if value:
            return value
    for item in meta.json_ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            raw = item.get(key)
            value = parse_date(raw) if isinstance(raw, str) else None
            if value:
                return value
    # the date printed under the headline; a labelled one first
    start = text.find(title[:12]) if title else -1
    if start >= 0:
        window_end = start + len(title or "") + 400
        value = _labelled_date(text, start, window_end) or _first_date(text, start, window_end)
        if value:
            return value
    value = _labelled_date(text, 0, len(text)) or _first_date(text, 0, min(len(text), 20000))
    if value:
        return value
    if url:
        path = urlsplit(url).path
        m = _URL_DATE.search(path)
        if m:
            groups = [g for g in m.groups() if g]
            value = _make_date(*groups[:3])
            if value:
                return value
    return None


def _labelled_date(text: str, start: int, end: int) -> dt.date | None:
    for label in _LABELLED_DATE.finditer(text, start, end):
        for at, _, value in _dates(text, label.end(), min(len(text), label.end() + 30)):
            if at - label.end() < 12:
                return value
            break
    return None


def _first_date(text: str, start: int, end: int) -> dt.date | None:
    """The first unlabelled date standing on a short line of its own ("2004-12-10 阅读
    1054次"); a date inside a sentence is when something happened, not the page's date."""
    for at, stop, value in _dates(text, start, end):
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", stop)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start <= 50:
            return value
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
