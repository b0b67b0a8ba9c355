"""Government-page junk: what every off-the-shelf extractor keeps and we must not.

Two passes:

* :func:`clean_tree` works on the parsed page before extraction: it drops what a reader
  never sees (scripts, hidden elements and dialogs), the page furniture Chinese CMS
  templates mark with recognisable ids and classes (字号 switchers, share and print bars,
  QR codes, 无障碍 widgets, footers, related-article boxes), short blocks whose whole text
  is furniture (【打印本页】【关闭窗口】, 责任编辑：…, 版权所有 …), and leaked CMS form
  fields (``checktaskdate=…&check_username=…``) even inside article paragraphs.
* :func:`is_junk_paragraph` / :func:`scrub_text` judge the paragraphs that come out of
  extraction, as a second line of defence.
"""

from __future__ import annotations

import functools
import re

from lxml import etree
from lxml.html import HtmlElement

# Elements that never carry article text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "param",
    "select",
    "textarea",
    "input",
    "button",
    "link",
    "meta",
    "dialog",
    "map",
    "canvas",
    "audio",
    "video",
    "frameset",
    "frame",
    "nav",
    "svg",
    "math",
)

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# id/class words of page furniture in Chinese CMS templates (TRS, Hanweb, 大汉, 博思 …)
# and common themes.  A class token counts when its last word is one of these
# ("article-share", "news_footer") or its first word is and nothing on the element says
# "content" ("share-box" but not "pagination-first article-body").  Generic layout words
# (side, bottom, position …) are left alone: utility CSS uses them on everything.
_JUNK_WORDS = frozenset(
    [
        "share",
        "sharebox",
        "shares",
        "bdshare",
        "jiathis",
        "social",
        "print",
        "printpage",
        "printbox",
        "closewin",
        "fontsize",
        "zihao",
        "zhdx",
        "fzbox",
        "ewm",
        "qrcode",
        "erweima",
        "wza",
        "wzatool",
        "toolbar",
        "footer",
        "copyright",
        "banquan",
        "related",
        "relate",
        "xgwz",
        "xgxx",
        "xglj",
        "xgxw",
        "recommend",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "dqwz",
        "location",
        "sidebar",
        "menu",
        "navbar",
        "nav",
        "subnav",
        "login",
        "search",
        "pagination",
        "pager",
        "prevnext",
        "modal",
        "popup",
        "dialog",
        "feedback",
        "comment",
        "comments",
        "liuyan",
        "pinglun",
    ]
)
_CONTENT_WORDS = frozenset(
    [
        "article",
        "content",
        "story",
        "body",
        "main",
        "post",
        "entry",
        "text",
        "zw",
        "detail",
        "con",
        "wenzhang",
        "newscon",
        "artibody",
        "contentbox",
    ]
)
_NAME_SPLIT = re.compile(r"[-_]+")

# A block whose entire text is one of these is furniture.  Anchored: an article
# sentence that merely mentions 版权 or 打印 stays.
_TOOL_WORD = (
    r"(?:我要)?(?:打印(?:本页|本文|此页|文章|正文)?|关闭(?:窗口|本页|此页)?|返回(?:顶部|首页|列表|上一页)?|"
    r"收藏(?:本页|本文)?|纠错|我要纠错|分享|下载|复制(?:地址|链接|网址)|保存(?:本页)?|"
    r"推荐给朋友|发送给朋友|加入收藏)"
)
_JUNK_LINE = re.compile(
    r"^(?:"
    rf"(?:[【\[(（]?\s*{_TOOL_WORD}\s*[】\])）]?[\s|｜/·、]*)+"
    r"|(?:分享到|分享至|分享)\s*[:：].*"
    r"|[【\[]?(?:字号|字体|文字大小)\s*[:：]?\s*(?:[【\[(（]?\s*[大中小]\s*[】\])）]?\s*){2,3}.*"
    r"|[【\[]?(?:字号|字体)\s*[:：].{0,20}"
    r"|(?:[【\[]\s*[大中小]\s*[】\]]\s*){2,3}.*"
    r"|[（(【\[]?\s*(?:责任编辑|责编|编辑|审核|校对|审校|核稿|签发)\s*[:：].{0,40}"
    r"|.*(?:版权所有|网站标识码|网站识别码|ICP\s*备|公网安备|政府网站找错|Copyright\s*(?:©|\(c\))).*"
    # (a footer line, not a sentence: no Chinese sentence punctuation in it)
    r"|[^，。；！？]*(?:主办|承办)(?:单位)?\s*[:：][^，。；！？]*(?:技术支持|维护|网站|地址|电话|邮编|备案)[^，。；！？]*"
    r"|[^，。；！？]*(?:主办|承办)(?:单位)?\s*[:：]?[^，。；！？]*(?:主办|承办|技术支持|网站维护)(?:单位)?[^，。；！？]*"
    r"|.*(?:您访问的链接即将离开|即将离开本网站|是否继续访问).*"
    r"|(?:分享到|分享至)\s*[:：]?.*"
    # (the label may name what it points to: 上一篇新闻：, 下一条信息：; a series' issue: 上一期：)
    r"|[上下]一(?:篇|条|则|期)[\u4e00-\u9fff]{0,4}\s*[:：].*"
    r"|(?:【?(?:相关(?:新闻|阅读|链接|文章|稿件|信息|附件)?|延伸阅读|推荐阅读|热点(?:新闻|推荐)|猜你喜欢|更多)】?)\s*[:：]?"
    r"|.*(?:设为首页|加入收藏|网站地图|联系我们).*(?:设为首页|加入收藏|网站地图|联系我们).*"
    r"|(?:当前位置|您的位置|您现在的位置|所在位置)\s*[:：].*"
    r"|(?:浏览次数|阅读次数|访问次数|点击数|浏览量)\s*[:：]?\s*\d*"
    r")$",
    re.S,
)

# Widget labels: only a short line that mentions one is the widget itself; an article
# sentence about 适老化 or 无障碍 is article text.
_WIDGET_LINE = re.compile(
    r"扫一扫.*(?:手机|二维码|打开|分享|关注)|扫描二维码|扫码(?:阅读|浏览|分享|查看)|手机(?:扫码|扫一扫)|无障碍(?:语音)?播报|无障碍浏览|无障碍阅读|适老化(?:模式|版|浏览)|"
    r"长者模式|关怀模式|读屏专用|语音朗读|智能问答"
)
_MAX_WIDGET_LINE = 40

# Cheap pre-check: every _JUNK_LINE alternative contains one of these.
_HINT_WORDS = [
    "打印",
    "关闭",
    "返回",
    "收藏",
    "纠错",
    "分享",
    "下载",
    "复制",
    "保存",
    "推荐给",
    "发送给",
    "扫描",
    "扫码",
    "字号",
    "字体",
    "文字",
    "扫一扫",
    "无障碍",
    "适老",
    "长者",
    "读屏",
    "编",
    "审",
    "校对",
    "核稿",
    "签发",
    "版权",
    "标识码",
    "识别码",
    "ICP",
    "公网安备",
    "找错",
    "Copyright",
    "主办",
    "承办",
    "离开",
    "是否继续",
    "上一",
    "下一",
    "相关",
    "延伸",
    "推荐",
    "热点",
    "猜你",
    "更多",
    "设为首页",
    "加入收藏",
    "网站地图",
    "联系我们",
    "位置",
    "浏览",
    "阅读",
    "访问",
    "点击",
]
# the lookahead (every hint's first character) only makes the search fast: a long
# alternation is otherwise tried in full at every position of the text
_JUNK_HINT = re.compile(
    "(?=[【\\[" + "".join(sorted({w[0] for w in _HINT_WORDS})) + "])"
    "(?:" + "|".join(_HINT_WORDS) + r"|[【\[]\s*[大中小])",
    re.I,
)

# Leaked CMS/form fields: two or more key=value pairs joined by & (values may hold spaces,
# as in "checktaskdate=1754/1/1 0:00:00&check_username=admin"); the last value ends at
# white space or Chinese text.
_FIELD_DUMP = re.compile(
    r"(?<![A-Za-z0-9_?&=/.%\-])[A-Za-z_][\w.\-]*=[^&<>\n=]*"
    r"(?:&[A-Za-z_][\w.\-]*=[^&<>\n=]*)*"
    r"&[A-Za-z_][\w.\-]*=[^&<>\s=\u3000-\u9fff\uff00-\uffef]*"
)

_HIDDEN_CLASS = {"hidden", "hide", "d-none", "is-hidden", "invisible", "display-none"}

# Blocks longer than this are judged as content, however junky their first words.
_MAX_JUNK_BLOCK = 220

_BLOCKS = {
    "p",
    "div",
    "span",
    "td",
    "th",
    "tr",
    "table",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "font",
    "center",
    "a",
    "strong",
    "b",
    "em",
    "small",
    "header",
    "footer",
    "aside",
    "form",
    "label",
    "tbody",
}


_STRING = etree.XPath("string()", smart_strings=False)


def _content(el: HtmlElement) -> str:
    """``el.text_content()`` as a plain string (lxml.html's keeps a link to its element)."""
    return str(_STRING(el))


def _text(el: HtmlElement) -> str:
    return " ".join(t.strip() for t in el.itertext() if t.strip())


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` but keep the text that follows it (its tail) in the document."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if _HIDDEN_CLASS.intersection((el.get("class") or "").split()):
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _junk_name(el: HtmlElement) -> bool:
    return _junk_names(el.get("class"), el.get("id"))


@functools.lru_cache(maxsize=4096)
def _junk_names(classes: str | None, ident: str | None) -> bool:
    """(a page repeats its class names: each pair is judged once)"""
    names = (classes or "").split()
    if ident:
        names.append(ident)
    if not names:
        return False
    parts = [[w for w in _NAME_SPLIT.split(n.lower()) if w] for n in names]
    parts = [p for p in parts if p]
    if any(p[-1] in _JUNK_WORDS for p in parts):
        return True
    if any(p[0] in _JUNK_WORDS for p in parts):
        return not any(w in _CONTENT_WORDS for p in parts for w in p)
    return False


def scrub_text(text: str) -> str:
    """Remove leaked ``key=value&key=value`` field dumps from a run of text."""
    if "=" not in text or "&" not in text:
        return text
    return _FIELD_DUMP.sub("", text)


# an event's organisers, "主办单位：市文旅局　承办单位：市博物馆", have the shape of a site
# footer's credits line; with prose after it in the same container it is the article's
_ORGANISERS = re.compile(
    r"^[^，。；！？]*(?:主办|承办)(?:单位)?\s*[:：]?[^，。；！？]*(?:主办|承办)"
)
_SITE_WORDS = re.compile(r"技术支持|网站|维护|ICP|备案|版权|标识码|地址|电话|邮编|Copyright", re.I)


def organisers_line(text: str) -> bool:
    """A line naming a 主办 and a 承办 and nothing of a website (no 技术支持, 网站, ICP,
    address …): junk as a footer, the article's when prose follows it."""
    return len(text) <= 80 and bool(_ORGANISERS.match(text)) and not _SITE_WORDS.search(text)


def _prose_after(el: HtmlElement) -> bool:
    """A following sibling of ``el`` holds a sentence: the container's text goes on."""
    return any(isinstance(sib.tag, str) and "。" in _content(sib) for sib in el.itersiblings())


def is_junk_paragraph(text: str) -> bool:
    """True for a paragraph that is page furniture, not article text."""
    t = re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip()
    if not t:
        return True
    if len(t) > _MAX_JUNK_BLOCK or not _JUNK_HINT.search(t):
        return False
    if len(t) <= _MAX_WIDGET_LINE and _WIDGET_LINE.search(t):
        return True
    return bool(_JUNK_LINE.match(t))


# text a page keeps for screen readers only: "Show this section" in an accordion's trigger
_SCREEN_READER_ONLY = re.compile(
    r"(?:^|[\s_-])(?:visually-?hidden|sr-only|screen-reader-text|element-invisible)(?:$|\s)",
    re.I,
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6", "summary")


def unwrap_heading_buttons(root: HtmlElement) -> None:
    """A button inside a heading is the heading's own text: an accordion's section title
    (``<h2><button aria-expanded>Prices</button></h2>``) or a ``<summary>``'s.  Its
    screen-reader-only state words (", Show this section") go; the button's text stays
    when form controls are dropped."""
    for button in list(root.iter("button")):
        if next(button.iterancestors(*_HEADINGS), None) is None:
            continue
        for el in list(button.iter()):
            if el is not button and _SCREEN_READER_ONLY.search(el.get("class") or ""):
                _drop(el)
        button.tag = "span"
        for attr in list(button.attrib):
            del button.attrib[attr]


_CHOICE_TYPES = ("radio", "checkbox")
_CHOICE_BOX = ("div", "p", "li", "td", "tr", "fieldset", "form", "dd", "ul", "table")
_CHOICE_TEXT = 60  # characters of a box of choices, at most (its question and options)


def _choices(el: HtmlElement) -> int:
    return sum((i.get("type") or "").strip().lower() in _CHOICE_TYPES for i in el.iter("input"))


def drop_choice_groups(root: HtmlElement) -> None:
    """A poll or rating outside a <form>: the smallest box around two or more radio
    buttons or tick boxes, if it holds no more than a question and the options' labels
    (≤ 60 characters: "您对此回复是否满意：○满意 ○基本满意 ○不满意"), goes whole — with its
    controls dropped, its labels would run together into a line of words."""
    boxes: list[HtmlElement] = []
    for inp in root.iter("input"):
        if (inp.get("type") or "").strip().lower() not in _CHOICE_TYPES:
            continue
        box = next((a for a in inp.iterancestors(*_CHOICE_BOX) if _choices(a) >= 2), None)
        if box is not None and box not in boxes:
            boxes.append(box)
    for box in boxes:
        if box.getparent() is not None and len("".join(_content(box).split())) <= _CHOICE_TEXT:
            _drop(box)


def strip_invisible(root: HtmlElement) -> None:
    """Drop what is never shown as text (scripts, styles, form controls, comments) — but
    not a heading's text held in a button (``unwrap_heading_buttons``), and with a
    group of choices its labels (``drop_choice_groups``)."""
    unwrap_heading_buttons(root)
    drop_choice_groups(root)
    etree.strip_elements(
        root, etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS, with_tail=False
    )
    # plugins are gone: browsers show an <object>'s fallback content, and libxml2 nests
    # whatever follows a (void) <embed> inside it, so these are unwrapped, not dropped
    etree.strip_tags(root, "object", "embed", "applet")


def _maybe_hidden(body: HtmlElement) -> list[HtmlElement]:
    """The elements under ``body`` that may be hidden (checked exactly by _is_hidden): a
    hidden or aria-hidden attribute, "none"/"hidden" in the style, "hid", "invisible" or
    "none" in the class.  (A loop over lxml's own iterator: several times faster here
    than the same test as an XPath predicate.)"""
    found = []
    for el in body.iterdescendants(etree.Element):
        get = el.get
        style = get("style")
        classes = get("class")
        if (
            (style and ("none" in style or "hidden" in style))
            or (classes and ("hid" in classes or "invisible" in classes or "none" in classes))
            or get("hidden") is not None
            or get("aria-hidden") == "true"
        ):
            found.append(el)
    return found


def drop_hidden(root: HtmlElement) -> None:
    """Drop hidden elements (a share widget's title, a collapsed menu) before the page's
    text is read for its title and date — but not a hidden whole article that a script
    would show (more than 40% of the page)."""
    body = root.find("body")
    if body is None:
        body = root
    suspects = _maybe_hidden(body)
    if not suspects:
        return
    total = len(_content(body))
    for el in suspects:
        if el.getparent() is not None and _is_hidden(el) and not _hidden_article(el, total):
            _drop(el)


_SENTENCE_END = re.compile(r"[。！？]|[.!?](?=\s|$)")


def _hidden_article(el: HtmlElement, total: int) -> bool:
    """A hidden element that is the page's article, shown by a script once the page loads
    (a WeChat article's ``#js_content`` has ``visibility: hidden``): 40% of the page's text
    or more, and either long or prose (sentences) — a short article page is still one."""
    text = _content(el)
    if len(text) < 0.4 * total:
        return False
    return len(text) >= 400 or len(_SENTENCE_END.findall(text)) >= 2


_LINE_BREAKERS = (
    "p",
    "div",
    "table",
    "tr",
    "li",
    "ul",
    "ol",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "form",
    "header",
    "footer",
    "aside",
    "center",
    "blockquote",
)
_TABLE_PARTS = {"tbody", "thead", "tfoot", "tr", "td", "th", "caption"}
_BLOCK_IN_CELL = ("p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote")


def _has_descendant(el: HtmlElement, *tags: str) -> bool:
    return next(el.iterdescendants(*tags), None) is not None


def _is_layout_table(table: HtmlElement) -> bool:
    """Old CMS templates lay out whole pages with tables; a data table has short cells."""
    for cell in table.iter("td", "th"):
        text_len = len(_content(cell))
        if text_len > 300:
            return True
        if text_len > 80 and _has_descendant(cell, *_BLOCK_IN_CELL):
            return True
        if _has_descendant(cell, "table"):
            return True
    return False


def _owner_table(el: HtmlElement) -> HtmlElement | None:
    for anc in el.iterancestors("table"):
        return anc
    return None


def unwrap_layout_tables(root: HtmlElement) -> None:
    """Turn layout tables into plain divs so the extractor judges their cells as blocks
    (otherwise a page-wide table comes out as one "table" with the menus as rows)."""
    for table in list(root.iter("table")):
        if _is_layout_table(table):
            parts = [el for el in table.iter(*_TABLE_PARTS) if _owner_table(el) is table]
            table.tag = "div"
            for el in parts:
                el.tag = "div"
            for attr in ("width", "cellpadding", "cellspacing", "border", "align", "valign"):
                table.attrib.pop(attr, None)


def clean_tree(root: HtmlElement) -> None:
    """Strip furniture from a parsed page, in place (after :func:`strip_invisible`)."""
    body = root.find("body")
    if body is None:
        body = root
    unwrap_layout_tables(body)
    total = len(_content(body))
    _walk(body, total)


# the label of a box that previews another article: "下一篇", "Up next"
_NEXT_LABEL = re.compile(
    r"^(?:[上下]一(?:篇|条|则|期)(?:文章|新闻)?|(?:Next|Previous)\s+(?:article|story|post)|Up next|Read next)"
    r"[:：]?$",
    re.I,
)


def _other_article_box(el: HtmlElement) -> bool:
    """A box that previews another article: its first child is a prev/next label alone
    ("下一篇", "Up next") and it holds a headline (h1–h4) — the next article of a mobile
    page, its headline, byline and first paragraphs, under the article."""
    if len(el) < 2:  # (a label and the article: most blocks are ruled out here)
        return False
    first = el[0]
    if not isinstance(first.tag, str) or len(first) or not first.text:
        return False
    label = "".join(first.text.split())
    return bool(label and _NEXT_LABEL.match(label)) and _has_descendant(el, "h1", "h2", "h3", "h4")


# the label of a box of other articles: 【延伸阅读】, 相关链接：
_RELATED_LABEL = re.compile(
    r"^[【\[]?\s*(?:相关(?:新闻|阅读|链接|文章|报道|推荐)|延伸阅读|推荐阅读|猜你喜欢)\s*[】\]]?\s*[:：]?$"
)
_BOX_SHARE = 1 / 3  # of the page's text, at most, for a box of other articles


def _box_of_its_own(label: HtmlElement, total: int) -> bool:
    """``label`` opens an element of its own (it is its parent's first child) that holds
    a link and at most a third of the page's text: a 【延伸阅读】 box inside the
    article, whose links and summaries go with its label."""
    parent = label.getparent()
    if parent is None or next((c for c in parent if isinstance(c.tag, str)), None) is not label:
        return False
    return parent.find(".//a") is not None and len(_content(parent)) <= _BOX_SHARE * total


def _walk(parent: HtmlElement, total: int) -> None:
    """Top-down, so a dropped block's children are never visited (``total``: the page's
    text length)."""
    big = max(400, int(0.4 * total))
    if parent.text and "=" in parent.text:
        parent.text = scrub_text(parent.text)
    for el in list(parent):
        if not isinstance(el.tag, str):
            continue
        if el.tail and "=" in el.tail:
            el.tail = scrub_text(el.tail)
        if _is_hidden(el):
            # a page that hides its whole article until a script runs still has an article
            if not _hidden_article(el, total):
                _drop(el)
            continue
        if el.tag in _BLOCKS:
            content = _content(el)
            # a template may call the article's wrapper "...-footer": never drop most of the page
            # (a form is a search box, a login or a feedback form — unless a whole-page
            # ASP.NET <form> wraps everything)
            if len(content) < big and (
                el.tag == "form" or _junk_name(el) or _other_article_box(el)
            ):
                _drop(el)
                continue
            if len(content) <= _MAX_JUNK_BLOCK * 2:
                if not content.strip():
                    if el.find(".//img") is None:
                        _drop(el)
                    continue
                # only a line-like block is judged as a whole: a container that merely
                # holds a 无障碍播报 button somewhere still holds the article
                if (
                    _JUNK_HINT.search(content)
                    and not _has_descendant(el, *_LINE_BREAKERS)
                    and is_junk_paragraph(line := _text(el))
                    and not (organisers_line(line) and _prose_after(el))
                ):
                    if _RELATED_LABEL.match(line) and _box_of_its_own(el, total):
                        # the label heads a box of other articles: the box goes with it,
                        # the text between its links too ("·", "(2005/02/28 08:21)")
                        el.tail = None
                        for sib in list(el.itersiblings()):
                            sib.tail = None
                            _drop(sib)
                    _drop(el)
                    continue
        if len(el):
            _walk(el, total)
        elif el.text and "=" in el.text:  # a leaf: only its text to scrub
            el.text = scrub_text(el.text)
