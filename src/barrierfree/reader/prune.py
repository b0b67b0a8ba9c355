"""Paragraph-level judgement of what the extractor kept.

The extractor decides which part of the page is the article; around the article's edges
it still lets through lines a reader does not want read aloud: the headline again, the
发布时间/来源 line, a column label (【新春走基层】), the editor's line, and after the
article's end the related-article lists, pagination, "加载更多", copyright notices.  These rules look at one block and its position.
"""

from __future__ import annotations

import re

from .cleanup import is_junk_paragraph
from .metadata import norm
from .render import Block

_BYLINE_LABEL = re.compile(
    r"(?:发布时间|发布日期|发表时间|发布于|更新时间|(?<![\u3400-\u9fff])(?:日期|时间)|来源|信息来源|文章来源|作者|"
    r"浏览次数|阅读次数|点击次数|点击数|访问量|阅读量|字号|编辑|来自|发布)\s*[:：]"
    r"|(?:发布|发表|更新)(?:时间|日期)\s+(?=(?:19|20)\d{2})"
)
# "By Jane Doe", "Published 14 March 2024 by …", "Updated: 2024-03-05 | Source: …"
_EN_BYLINE = re.compile(
    r"^(?:By\s+[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|and|&))*(?:\s*[,|].{0,40})?"
    r"|(?:Published|Updated|Posted|PUBLISHED|UPDATED)\b.{0,60}\d{4}.{0,40})$"
)
_RECORD_TABLE = re.compile(r"索\s*引\s*号|发文机关|发文字号|文\s*号|成文日期|主题分类")
_ATTACHMENT = re.compile(
    r"^(?:附件|附表|相关附件|下载附件)\s*\d*\s*[:：]?|.*\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar)$",
    re.I,
)
_DATEISH = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
# "（编辑 孙桂芳）", "[责任编辑：王五]", "编辑：李四 审核：赵六"
_EDITOR = re.compile(
    r"^[（(【\[]?\s*(?:[\u4e00-\u9fff]{0,8}?)(?:责任编辑|责编|编辑|审核|校对|审校|监制|制作|作者|记者)"
    r"\s*[:：]?\s*[\u4e00-\u9fffA-Za-z·\s、，,:：]{1,30}[）)】\]]?$"
)
# a related-article entry: a short title with a date (and time) after it
_DATED_ITEM = re.compile(
    r"^.{2,80}?[\s\[(（]*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[\])）]*$"
    r"|^[\[(（]?(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}[\])）]?\s*.{2,80}$"
)
# after the article: everything from one of these on is page furniture
_END_MARKER = re.compile(
    r"^[【\[·\-—=*>《<\s]*(?:相关(?:新闻|阅读|链接|文章|稿件|报道|推荐|资讯|专题|评论)|延伸阅读|推荐阅读|"
    r"热点(?:新闻|推荐|文章)?|热帖|热词|热门(?:文章|新闻|推荐|评论)?|猜你喜欢|加载更多|查看更多|"
    r"更多(?:新闻|精彩|内容|评论)?|反侵权公告|免责声明|版权声明|(?:网友|热门|最新|全部|精彩)?评论|"
    r"我要评论|发表评论|精彩推荐|往期回顾|今日推荐|排行榜|新闻排行|点击排行|最新人气投票.*|"
    r"(?:反侵权公告|免责声明|版权声明)[:：].*|(?:[【\[]\s*\d{1,3}\s*[】\]]\s*){2,}|"
    r"(?:(?:首页|上一页|下一页|尾页|末页|\d{1,3})\s*){3,})"
    r"[】\]·\-—=*>》\s]*[:：]?\s*(?:>>|»)?$"
)
# 首页 > 新闻 > 正文, 网易首页--> 主频道--> 电力
_BREADCRUMB = re.compile(r"^(?:[^<>»→]{1,24}(?:-*>|>>|»|→)\s*){2,}[^<>»→]{0,24}$")
_SENTENCE_END = re.compile(r"[。！？!?；;：:…」”\"]$")


def is_byline(text: str) -> bool:
    """The 发布时间/来源/作者 line under a headline."""
    if len(text) > 120:
        return False
    labels = _BYLINE_LABEL.findall(text)
    if not labels:
        return False
    starts = text.lstrip("【[（( ").startswith(tuple(lab.rstrip(":：").strip() for lab in labels))
    return starts or len(labels) >= 2 or bool(_DATEISH.search(text))


def _furniture(b: Block) -> bool:
    t = b.text
    if is_junk_paragraph(t):
        return True
    if len(t) <= 40 and _EDITOR.match(t):
        return True
    if len(t) <= 100 and _BREADCRUMB.match(t):
        return True
    # the 发布时间/来源 line: labels with a date, or several labels
    # (an info-disclosure table of 索引号/发文机关/发文字号 is the document's record: kept)
    if len(t) <= 120 and is_byline(t) and (b.kind != "table" or not _RECORD_TABLE.search(t)):
        labels = _BYLINE_LABEL.findall(t)
        if len(labels) >= 2 or _DATEISH.search(t):
            return True
    return False


def _mostly_dated_rows(text: str) -> bool:
    """A table of "linked title | date" rows is a list of other articles."""
    rows = [r for r in text.split("\n") if r.strip()]
    return bool(rows) and sum(bool(_DATED_ITEM.match(r)) for r in rows) >= 0.6 * len(rows)


def prune(blocks: list[Block], title: str | None) -> list[Block]:
    title_n = norm(title)
    total = sum(len(b.text) for b in blocks) or 1
    kept: list[Block] = []
    seen = 0  # characters before this block
    body_started = False
    for b in blocks:
        position = seen / total
        seen += len(b.text)
        if b.kind == "img":
            kept.append(b)
            continue
        t = b.text
        if position > 0.3 and _END_MARKER.match(t):
            break
        # a dated 发布时间 line well after the article's start closes it: the page's bottom
        # metadata, or on a forum the signature of the first post (replies follow)
        if (
            position > 0.5
            and b.kind != "table"
            and len(t) <= 120
            and is_byline(t)
            and _DATEISH.search(t)
        ):
            break
        if _furniture(b):
            continue
        # the headline repeated in the body (maybe after the record table) is the title
        if (
            title_n
            and norm(t) == title_n
            and not any(len(k.text) >= 40 and k.kind != "table" for k in kept)
        ):
            continue
        if not body_started and is_byline(t) and not _RECORD_TABLE.search(t):
            continue
        if not body_started and len(t) <= 120 and _EN_BYLINE.match(t):
            continue
        if b.kind in ("p", "li") and len(t) <= 90 and b.link_ratio >= 0.4 and _DATED_ITEM.match(t):
            continue
        if b.kind == "table" and b.link_ratio > 0.4 and _mostly_dated_rows(t):
            continue
        if not body_started:
            # before the first real paragraph: kickers, column labels, "图集", breadcrumbs
            if len(t) >= 40 or b.kind in ("h", "table") or _SENTENCE_END.search(t):
                body_started = True
            elif b.kind == "p":
                continue
        kept.append(b)
    # a trailing run of link-only lines is a list of other articles
    while (
        kept
        and kept[-1].kind != "img"
        and kept[-1].link_ratio > 0.8
        and len(kept[-1].text) < 80
        and not _ATTACHMENT.match(kept[-1].text)
    ):
        kept.pop()
    while kept and kept[-1].kind == "h":
        kept.pop()
    return kept
