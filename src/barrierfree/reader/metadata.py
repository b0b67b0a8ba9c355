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


# "-" splits titles only when it is not inside a number range such as 1-10月; a doubled
# dash "——" joins a Chinese title to its subtitle (致…的一封信——谨防养老诈骗): never a split
_TITLE_SPLIT = re.compile(
    r"\s+(?:[-–|｜·:]|(?<!—)—(?!—))\s+|\s*(?:[_|｜–]|(?<!—)—(?!—)|::|»|«)\s*"
    r"|(?<!\d)\s*-\s*(?!\d)"
)

_TITLE_META = ("articletitle", "og:title", "twitter:title", "title", "dc.title", "headline")
_SOURCE_META = ("contentsource", "source", "articlesource")

# the 来源 label ("来源：", "信息来源：", "本文来源：" …)
# (with the traditional forms a 繁體 version of a page uses: 資料來源, 出處)
_SOURCE_WORDS = r"(?:(?:本文|稿件|文章|新闻|新聞|信息|資料|资料)?[来來]源|出[处處])\s*[:：]\s*"
_SOURCE = re.compile(_SOURCE_WORDS + r"([^\s|｜【\[:：]+(?:[ \u3000][^\s|｜【\[:：]+)?)")
# what ends the source's name: the next label, or a date — not a journal's issue
# ("《某某学报》2024年第3期" names where the article was printed)
_SOURCE_STOP = re.compile(
    r"(?:作者|更新|[发發][布佈]|[时時][间間]|日期|[点點][击擊]|[浏瀏][览覽]|字[号號]|字[体體]|[编編][辑輯]|"
    r"[责責]任|[阅閱][读讀]|[访訪][问問]|[来來]源|【|\d{4}(?:[-/]|年(?!第)))"
    r".*$"
)
# names of sites and offices, as a <title> that is only the site's name ends
_SITE_NAME = re.compile(
    r"(?:人民政府|政府|门户网站|政务网|官网|网站|首页|委员会|办公室|办公厅|管理局|局|厅|委|办|中心|网)$"
)
_HEADING_HINT = re.compile(r"title|biaoti|bt|tit|headline|heading", re.I)
# a large-text block: font-size 18px and up (or 1.3em/rem), <font size="5"> and up
_LARGE_STYLE = re.compile(
    r"font-size\s*:\s*(?:(?:1[89]|[2-9]\d)(?:\.\d+)?\s*px|(?:1[4-9]|[2-9]\d)\s*pt|"
    r"(?:1\.[3-9]|[2-4](?:\.\d+)?)\s*r?em|(?:x+-)?large)",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASS = {"hidden", "hide", "d-none", "is-hidden", "invisible", "display-none", "sr-only"}
_SITE_SEP = re.compile(r"[\s]*[-_|｜–—·:：»«]+[\s]*$")
_SITE_SEP_START = re.compile(r"^[\s]*[-_|｜–—·:：»«]+[\s]*")


def norm(text: str | None) -> str:
    """``text`` without white space (``str.split`` knows the same spaces as ``\\s``)."""
    return "".join((text or "").split())


def clean_space(text: str | None) -> str:
    """White-space runs as one space, none at the ends."""
    return " ".join((text or "").split())


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


# a date the page's own script writes into it (WeChat's `var createTime = '2024-05-08 18:00'`
# fills the empty <em id="publish_time">): "script:" + the name, lower-cased, no underscores
_SCRIPT_DATE = re.compile(
    r"\b(publish_?time|publish_?date|pub_?date|pub_?time|create_?time|release_?date)"
    r"\s*[=:]\s*[\"']([^\"'\n]{6,40})[\"']",
    re.I,
)


def _script_dates(root: HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for script in root.iter("script"):
        if script.get("src") or not script.text:
            continue
        for m in _SCRIPT_DATE.finditer(script.text):
            out.setdefault("script:" + m.group(1).lower().replace("_", ""), m.group(2).strip())
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
        self.metas = _metas(root) | _script_dates(root)
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


def _hidden(el: HtmlElement) -> bool:
    """el or one of its ancestors is not shown (a share widget's hidden title …)."""
    for node in (el, *el.iterancestors()):
        if node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return True
        if _HIDDEN_CLASS.intersection((node.get("class") or "").split()):
            return True
        style = node.get("style")
        if style and _HIDDEN_STYLE.search(style):
            return True
        if node.tag in ("head", "script", "template", "noscript", "textarea"):
            return True
    return False


def _large(el: HtmlElement) -> bool:
    """Set in large type: a styled headline in a <div>, <td> or <font size=5>."""
    style = el.get("style")
    if style and _LARGE_STYLE.search(style):
        return True
    size = (el.get("size") or "").strip() if el.tag == "font" else ""
    return size.isdigit() and int(size) >= 5 or size in ("+2", "+3", "+4")


def _headings(root: HtmlElement) -> list[str]:
    """Visible headline-like elements in page order: h1–h6, elements whose class or id
    says title, and blocks set in large type."""
    found: list[str] = []
    for el in root.iter(
        "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "p", "span", "strong", "font", "b"
    ):
        if el.tag[0] == "h" and el.tag[1:].isdigit():
            pass
        elif not (
            _HEADING_HINT.search((el.get("class") or "") + " " + (el.get("id") or "")) or _large(el)
        ):
            continue
        if _hidden(el):
            continue
        text = clean_space(_text_with_breaks(el))
        if 2 <= len(text) <= 160:
            found.append(text)
    return found


# a part of <title> this short that is not a site's name is a page kind (事项详情, 正文)
_PAGE_KIND_CHARS = 6


def _names_no_article(parts: list[str]) -> bool:
    """The <title> names a site and at most the kind of page ("某某省政务服务网-事项详情",
    "正文 - 某某市人民政府"): two parts or more, its first or last a site's name, every
    other part short (≤ 6 characters)."""
    if len(parts) < 2:
        return False
    if not (_SITE_NAME.search(norm(parts[0])) or _SITE_NAME.search(norm(parts[-1]))):
        return False
    return all(_SITE_NAME.search(norm(p)) or len(norm(p)) <= _PAGE_KIND_CHARS for p in parts)


def _first_main_heading(root: HtmlElement, full_n: str) -> str | None:
    """The first visible h1, else h2, of four characters or more that is not the site's
    name: one the <title> holds first (a short headline, "东山森林公园-景区景点-…"), else
    one it does not."""
    found: list[tuple[bool, str]] = []
    for tag in ("h1", "h2"):
        for el in root.iter(tag):
            if _hidden(el):
                continue
            text = clean_space(_text_with_breaks(el))
            key = norm(text)
            if 4 <= len(key) <= 80 and not _SITE_NAME.search(key):
                found.append((key in full_n, text))
    for in_title, text in found:
        if in_title:
            return text
    return next((text for _, text in found), None)


_LONG_HEADING = 8  # characters of a headline-like block taken when <title> has no headline


def _first_long_heading(heads: list[str], full_n: str) -> str | None:
    """The first headline-like block (``_headings``) that is neither the site's name,
    nor in the <title>, nor short (a column's name, 通知公告)."""
    for h in heads:
        hn = norm(h)
        if len(hn) >= _LONG_HEADING and hn not in full_n and not _SITE_NAME.search(hn):
            return h
    return None


def _site_names(meta: PageMeta) -> list[str]:
    """What the page calls its site: og:site_name and the like, and the parts of
    <title> around the headline."""
    names = [
        clean_space(meta.metas.get(k))
        for k in ("og:site_name", "application-name", "sitename", "site_name", "site")
    ]
    parts = _title_parts(meta.title_tag)
    if len(parts) >= 2:
        # the edges of <title>, when they read as a site's name ("新华网", "XX市人民政府")
        names.extend(p for p in (parts[-1], parts[0]) if _SITE_NAME.search(p) or "." in p)
    return [n for n in names if len(norm(n)) >= 2]


def strip_site_name(title: str, meta: PageMeta) -> str:
    """ "标题-新华网" → "标题": a site's name appended (or put before) with a separator."""
    for name in _site_names(meta):
        if len(name) >= len(title):
            continue
        if title.endswith(name):
            rest = title[: -len(name)]
            if _SITE_SEP.search(rest):
                cut = _SITE_SEP.sub("", rest).strip()
                if len(cut) >= 2:
                    return cut
        if title.startswith(name):
            rest = title[len(name) :]
            if _SITE_SEP_START.match(rest):
                cut = _SITE_SEP_START.sub("", rest).strip()
                if len(cut) >= 2:
                    return cut
    return title


def find_title(root: HtmlElement, meta: PageMeta) -> str | None:
    """The article's own title, without the site name that templates append."""
    title = _find_title(root, meta)
    return strip_site_name(title, meta) if title else title


def _find_title(root: HtmlElement, meta: PageMeta) -> str | None:
    article_title = meta.metas.get("articletitle")
    full = meta.title_tag
    heads = _headings(root)
    if article_title:
        # the CMS record's title, unless the page prints it shorter — without a column's
        # prefix ("一图读懂｜…") — in a heading or its <title>: what the visitor sees
        record = norm(article_title)
        printed = [*heads, *(_title_parts(full)[:1] if full else [])]
        for h in printed:
            hn = norm(h)
            if hn != record and len(hn) >= 0.6 * len(record) and hn in record:
                return clean_space(h)
        return clean_space(article_title)
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
        if _names_no_article(parts):
            # "某某省政务服务网-事项详情": the site and the kind of page, no headline
            # (no h1/h2: a headline set in a styled block, as on a 在线咨询 record)
            heading = _first_main_heading(root, full_n) or _first_long_heading(heads, full_n)
            if heading:
                return heading
        if len(parts) == 1:
            if _SITE_NAME.search(norm(parts[0])):
                # only the site's name, no heading in it
                heading = _first_long_heading(heads, full_n)
                if heading:
                    return heading
            return parts[0]
        # the site name is usually the shortest, repeated part: take the longest remaining
        first = parts[0]
        longest = max(parts, key=len)
        return first if len(first) >= 0.6 * len(longest) else longest
    for h in heads:
        return h
    return None


# ---------------------------------------------------------------- source


_SOURCE_LABEL = re.compile("^" + _SOURCE_WORDS)


def find_source(text: str, meta: PageMeta) -> str | None:
    """The 来源 a Chinese page states ("来源：新华社"), or None."""
    for key in _SOURCE_META:
        # a meta may carry the label too: <meta name="source" content="来源：人民网－人民日报">
        value = _SOURCE_LABEL.sub("", clean_space(meta.metas.get(key)))
        if value and len(value) <= 40 and not value.startswith("http"):
            return value
    m = _SOURCE.search(text)
    if not m:
        return None
    # (a full-width space may stand between the source and the next label)
    value = _SOURCE_STOP.sub("", m.group(1)).strip().strip(",，;；").strip()
    # the closing bracket of a bracketed line, "（来源：某某镇人民政府）"
    while value[-1:] in ("）", ")", "】", "]") and not _opens(value, value[-1]):
        value = value[:-1].rstrip()
    return value or None


_OPENING = {"）": "（", ")": "(", "】": "【", "]": "["}


def _opens(text: str, closing: str) -> bool:
    """``text`` opens the bracket that ``closing`` closes (so the bracket is the value's)."""
    return text.count(_OPENING[closing]) >= text.count(closing)
