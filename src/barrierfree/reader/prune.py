"""Paragraph-level judgement of what the extractor kept.

The extractor decides which part of the page is the article; around the article's edges
it still lets through lines a reader does not want read aloud: the headline again, the
发布时间/来源 line, a column label (【新春走基层】), the editor's line, and after the
article's end the related-article lists, pagination, "加载更多", copyright notices.

Most rules judge a line by its shape and place rather than its words, so that they hold
on templates we have not seen: a run of short lines that are mostly link text is a list
of other articles wherever it is and whatever its label says; a line made only of short
bracketed groups or page numbers is a toolbar or a pager; a short line repeated under
every picture is a widget's; a notice that starts with a disclaimer or © late in the
article ends it.  Word lists (展开全文, 广告, "Related:") are the last resort.

``prune`` applies them as named rules in a fixed order — ``END_RULES`` (the article ends
here), ``DROP_RULES`` (this line goes), ``TRAIL_RULES`` (taken off the end) — each a small
function whose docstring gives its thresholds; ``prune``'s docstring gives the walk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .cleanup import is_junk_paragraph, organisers_line
from .metadata import norm
from .render import Block
from .render.blocks import text_of

# (the lookahead, every label's first character, only makes the search fast)
_BYLINE_LABEL = re.compile(
    r"(?=[发更日时来信文作浏阅点访字编])"
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
# "（编辑 孙桂芳）", "[责任编辑：王五]", "编辑：李四 审核：赵六" — not the author's
# affiliation a signed article ends with ("（作者单位：某某市委党校）", "（作者为…）"):
# printed with the article, it is the article's
_EDITOR = re.compile(
    r"^[（(【\[]?\s*(?:[\u4e00-\u9fff]{0,8}?)"
    r"(?:责任编辑|责编|编辑|审核|校对|审校|监制|制作|作者(?!单位|系|为)|记者)"
    # (a name may carry its romanised form in brackets: "作者： 周思博 (Joel Spolsky)")
    r"\s*[:：]?\s*[\u4e00-\u9fffA-Za-z·\s、，,:：]{1,30}(?:[(（][A-Za-z.\s-]{2,30}[)）])?"
    r"[）)】\]]?$"
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
# a comments section's heading, its count, or both run together ("热门跟贴跟贴 168 条")
_COMMENTS = re.compile(
    r"^(?:(?:热门|最新|全部|精彩|网友)?(?:跟[贴帖]|评论|留言)\s*"
    r"(?:[(（]?\s*\d+\s*条?\s*[)）]?)?\s*){1,2}$"
    r"|^\d+\s*条(?:跟[贴帖]|评论|留言)$"
)
# 首页 > 新闻 > 正文, 网易首页--> 主频道--> 电力
_BREADCRUMB = re.compile(r"^(?:[^<>»→]{1,24}(?:-*>|>>|»|→)\s*){2,}[^<>»→]{0,24}$")
_SENTENCE_END = re.compile(r"[。！？!?；;：:…」”\"]$")

# --- junk by its shape ---------------------------------------------------------------
# a line made only of short bracketed groups: 【打印本稿】, 【关闭】, [1] [2] [3], 【新春走基层】
_BRACKETED = re.compile(r"^(?:\s*[【\[［〖]\s*[^】\]］〗]{1,12}\s*[】\]］〗]\s*[|｜/·、]?)+$")
# a line made only of page numbers and paging words: 1 2 3 … 6 下一页, 共5页 第1页
_PAGING = re.compile(
    r"^(?:\s*(?:[\[【(（]?\s*\d{1,3}\s*[\]】)）]?|首页|尾页|末页|上一页|下一页|上页|下页|…+|\.{3}|"
    r"[<>«»]+|共\s*\d+\s*页|第\s*\d+\s*页|跳转|Next|Prev(?:ious)?|Page)\s*){3,}$",
    re.I,
)
# widget labels (the last resort: a word list), only as a short line of their own
_WIDGET = re.compile(
    r"^[▲△▼↑【\[(（]?\s*(?:展开全文|收起全文|阅读全文|查看全文|全文阅读|点击(?:查看)?(?:看)?大图|查看大图|点击播放|"
    r"点击图片.{0,8}|图片可点击(?:放大|查看)?|"
    r"播放视频|查看原图|返回顶部|回到顶部|[上下]一张|图集|高清组图|打开APP|APP内打开|"
    r"广告|推广|赞助|订阅|分享让更多人看到|分享给(?:朋友|好友)|上一?章\s*下一?章|上一?篇\s*下一?篇|"
    r"Show more|Read more|Continue reading|Click to (?:enlarge|expand)|Advertisement|Sponsored|"
    r"Comments?|\d+\s+Comments?|Leave a (?:comment|reply)|Order Reprints|Print this (?:page|article))"
    r"\s*[】\])）]?\s*[>»]*$",
    re.I,
)
# a link line that points on: "点击进入“…”专题》》", "更多政策请点击>>", "查看详情 →"
_ARROW_END = re.compile(r"(?:》》|>>|»|→|▶|＞＞)\s*$")
# a row of counters, a date among them: "阅读 1.2万 · 评论 3 · 2024-04-25"
_ROW_SPLIT = re.compile(r"\s*[·•|｜┊]\s*")
_COUNTER_PART = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,4}|[A-Za-z]{1,12})\s*[(（]?\s*\d[\d.,]*\s*[万千kKwW]?\s*[)）]?$"
)


def _counter_row(t: str) -> bool:
    """A line of two or more counters ("阅读 1.2万", "评论 3") and maybe a date, split by
    dots or bars, nothing else: a page's meta row."""
    parts = [p for p in _ROW_SPLIT.split(t.strip()) if p]
    counters = sum(bool(_COUNTER_PART.match(p)) for p in parts)
    return (
        len(parts) >= 2
        and counters >= 2
        and all(_COUNTER_PART.match(p) or _DATE_ONLY.match(p) for p in parts)
    )


# a rating widget's stars: "办件评价：★★★★★ 满意度 99.2%", "评分 ★★★☆☆"
_RATING = re.compile(r"[★☆✩✭✮]{3,}")
# "视频-春节返乡", "视频：…" as a short line: an embedded player's label
_MEDIA_LABEL = re.compile(r"^[【\[]?(?:视频|音频|图片|组图|图集)[】\]]?\s*[-－—:：|｜]")
# a disclaimer or copyright notice closes the article: 【免责声明】…, 版权与免责声明：…
_DISCLAIMER = re.compile(
    r"^[【\[（(]?\s*(?:[\u4e00-\u9fff]{0,4}(?:免责|版权|转载)(?:与免责)?(?:声明|说明|申明)|特别声明|"
    r"本(?:网|站|文|报)(?:所载|所刊|声明|郑重声明|未经)|凡本网注明|未经(?:本网|本站)(?:书面)?(?:授权|许可)|"
    r"转载请(?:注明|保留)|本文(?:转载|转自|来源于|来自)|.{0,20}如有侵权|"
    r"(?:温馨|特别)?提示\s*[:：]\s*本(?:网|站|平台)|"
    r"本(?:文|网|站|报|刊)(?:为|系)?原创|如需转载|"
    r"Disclaimer\s*:|Copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}|All rights reserved)",
    re.I,
)
_RIGHTS = re.compile(r"版权所有|版權所有|Copyright|Allrightsreserved", re.I)
# a row of four or more short menu items between bars: "关于我们 | 联系我们 | 网站地图 | …"
_MENU_ROW = re.compile(r"^\s*[^|｜]{1,10}(?:\s*[|｜]\s*[^|｜]{1,10}){3,}\s*$")
# English trailing furniture (word list, last resort; checked only late in the article)
# (one pattern per shape: as one alternation Python's re is several times slower here)
_EN_END = tuple(
    re.compile(f"^(?:{shape})$", re.I)
    for shape in (
        r"Related(?:\s+(?:Articles?|Stories|Posts?|Content|Coverage|News|Reading|Links))?\s*:?",
        r"Read\s+(?:more|next|also)\b.*",
        r"More (?:from|on|stories|news)\b.*",
        r"You (?:may|might) (?:also )?like.*",
        r"Recommended(?: for you| reading)?:?",
        r"Most (?:popular|read|viewed).*",
        r"Trending(?: now)?:?",
        r"(?:Sign up|Subscribe)\b.*(?:newsletter|e-?mail|inbox).*",
        r".*\bnewsletter\b.{0,40}(?:sign up|subscribe|inbox).*",
        r"(?:Tags?|Topics?|Filed under|Categories|Keywords)\s*:.*",
        r"Follow us\b.*",
        r"Gift (?:this|an?) (?:article|story)\b.*",
        r"Listen to (?:this|more) (?:article|stories|articles)\b.*",
        r"Copyright\s*(?:©|\(c\)|\d{4}).*",
        r"©.*",
        r"All rights reserved.*",
    )
)
# an inline link to another article: "Related: …", "[Related: …]", "Also: See …"
_EN_INLINE = re.compile(
    r"^[\[(]?\s*(?:Related(?:\s+(?:post|article|story|stories|content|reading|video|coverage))?|"
    r"Also(?:\s+read)?|See also|Read also|Read more|More|Recommended|Watch|Listen)\s*:\s*\S.{0,150}$",
    re.I,
)
# a line that asks to click: "Click here to subscribe …", "… BY CLICKING HERE"
_CLICK_HERE = re.compile(r"\bclick(?:ing)?\s+here\b|\bClick To Tweet\b", re.I)
# an English credit line: "Editor: Wang Lin", "Edited by Jane Smith", "Reporter: Li Ming"
_EN_CREDIT = re.compile(
    r"^[\[(]?(?:(?:Chief\s+)?Editor|Edited\s+by|Reporter|Reported\s+by|Writer|Written\s+by|"
    r"Translator|Translated\s+by|Compiled\s+by|Proofread\s+by)\s*[:：]?\s*"
    r"[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|and|&))*(?:\s*[,/]\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)*[\])]?$"
)
# a credit line: "文：眉间尺", "执笔人：…", "供稿 摄影/张艳 编辑/苏芳"
_CREDIT = re.compile(
    r"^[（(]?\s*(?:文|图|文/图|图/文|文字|图片|执笔人?|撰稿|撰文|供稿|摄影|摄像|通讯员|记者|译者?)"
    r"\s*[:：/|｜]\s*[^。！？，,]{1,40}$"
)
# where a picture came from, under it: "图片来源于网络，侵删", "（图源：视觉中国）"
_PICTURE_SOURCE = re.compile(
    r"^[（(【\[]?\s*(?:(?:图片|配图|题图|封面图?)\s*(?:来源|来自|源自|出处)|图源)\s*(?:于|自)?"
    r"\s*[:：/|｜]?\s*[^。！？]{0,24}[）)】\]]?$"
)
# who gave or took the pictures: "（本文图片由市摄影家协会提供）", "照片均由通讯员拍摄"
_PICTURE_CREDIT = re.compile(
    r"^[（(【\[]?\s*(?:本文)?(?:图片|配图|照片|题图)均?由[^。！？]{1,24}(?:提供|拍摄|摄)[）)】\]]?$"
)
_CREDIT_WORD = re.compile(r"(?:供稿|摄影|摄像|编辑|撰稿|撰文|审核|校对|通讯员|记者)\s*[:：/]?")
# an app's or a newsletter's promotion: 下载某某客户端, 订阅每日新闻信, 关注微信公众号
_PROMO = re.compile(
    r"(?:下载|安装|打开).{0,12}(?:APP|App|app|应用程序|客户端)|新闻信|订阅.{0,8}(?:新闻|邮件|电邮|频道)|"
    r"关注.{0,12}(?:微信公众号|公众号|官方微博|视频号|抖音号)"
)
# a trailing 来源 line (the source is in the article's metadata)
_SOURCE_LINE = re.compile(
    r"^[（(【\[]?\s*(?:(?:本文|本稿|稿件|文章|新闻|信息)?来源|转自|出处|Source)\s*[:：].{0,40}$",
    re.I,
)
# a sign-off: the issuing office or a date standing alone at the end
_SIGNOFF = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(?:政府|局|厅|委员会|委|办公室|办公厅|部|院|中心|公司|协会|学会|小组)$"
    # (a date has its month: "关于开展2024年职工技能大赛的通知" is a title, not a date)
    r"|^.{0,6}(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}.{0,10}$"
)
_SHORT_RUN = 60  # characters of a related-article line


def is_byline(text: str) -> bool:
    """The 发布时间/来源/作者 line under a headline."""
    if len(text) > 120:
        return False
    labels = _BYLINE_LABEL.findall(text)
    if not labels:
        return False
    starts = text.lstrip("【[（( ").startswith(tuple(lab.rstrip(":：").strip() for lab in labels))
    return starts or len(labels) >= 2 or bool(_DATEISH.search(text))


# a post's stamp standing alone: "发表于 2021-6-10 09:00", "Posted on 2019-03-04"
_STAMP_LINE = re.compile(
    r"^(?:发表于|发表时间|发帖时间|回复于|Posted\s+(?:on|at))\s*[:：]?\s*(?:19|20)\d{2}\S*"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$",
    re.I,
)


# what a row of controls may hold besides its buttons: a counter ("1/3"), brackets, bars
_CONTROL_REST = re.compile(r"^[\s\d/／|｜·•()（）\[\]【】<>«»‹›]*$")


def _control_row(b: Block) -> bool:
    """A row of buttons: a short line (≤ 30 characters) of two or more links of at most
    six characters each, with nothing beside them but a counter or brackets — a photo
    gallery's 上一张 1/3 下一张 自动播放, a player's or a toolbar's buttons.  (A list of
    other articles has longer link texts; a sentence has words outside its links.)"""
    if b.kind != "p" or len(b.text) > 30 or b.link_ratio < 0.3:
        return False
    links = [norm(text_of(a)) for a in b.element.iter("a")]
    links = [t for t in links if t]
    if len(links) < 2 or any(len(t) > 6 for t in links):
        return False
    rest = norm(b.text)
    for t in links:
        rest = rest.replace(t, "", 1)
    return bool(_CONTROL_REST.match(rest))


def _shape_junk(b: Block) -> bool:
    """A line that is furniture by its shape: bracketed buttons, page numbers, a
    player's label, a widget's button, an inline "Related: …" link line."""
    if b.kind not in ("p", "li", "h"):
        return False
    t = b.text
    if len(t) <= 40 and (_BRACKETED.match(t) or _PAGING.match(t) or _WIDGET.match(t)):
        return True
    if len(t) <= 160 and (_EN_INLINE.match(t) or (len(t) <= 100 and _CLICK_HERE.search(t))):
        return True
    if len(t) <= 40 and _STAMP_LINE.match(t):
        return True
    if _control_row(b):
        return True
    if len(t) <= 200 and _MENU_ROW.match(t) and not _SENTENCE_END.search(t):
        return True
    if len(t) <= 60 and (_CREDIT.match(t) or len(_CREDIT_WORD.findall(t)) >= 2):
        return True
    if len(t) <= 30 and _PICTURE_SOURCE.match(t):
        return True
    if len(t) <= 40 and _PICTURE_CREDIT.match(t):
        return True
    if len(t) <= 40 and _RATING.search(t) and not _SENTENCE_END.search(t):
        return True
    if len(t) <= 40 and b.link_ratio >= 0.8 and _ARROW_END.search(t):
        return True
    if len(t) <= 40 and _counter_row(t):
        return True
    if len(t) <= 60 and _EN_CREDIT.match(t):
        return True
    if len(t) <= 40 and _PROMO.search(t) and not _SENTENCE_END.search(t):
        return True
    return len(t) <= 30 and bool(_MEDIA_LABEL.match(t))


def _furniture(b: Block) -> bool:
    t = b.text
    if is_junk_paragraph(t):
        return True
    if _shape_junk(b):
        return True
    # (a heading is the article's: 记者手记 is not a reporter called 手记)
    if len(t) <= 40 and b.kind != "h" and _EDITOR.match(t):
        return True
    if len(t) <= 100 and _BREADCRUMB.match(t):
        return True
    if _labelled_link_list(b):
        return True
    # the 发布时间/来源 line: labels with a date, or several labels
    # (an info-disclosure table of 索引号/发文机关/发文字号 is the document's record: kept)
    if len(t) <= 120 and is_byline(t) and (b.kind != "table" or not _RECORD_TABLE.search(t)):
        labels = _BYLINE_LABEL.findall(t)
        if len(labels) >= 2 or _DATEISH.search(t):
            return True
    return False


# a Chinese label (English tag lines are _EN_END's; an English "Related:" line belongs to the
# run of link lines under it, which drop_link_runs takes whole)
_LABEL = re.compile(r"^[^：:\s]{0,7}[\u4e00-\u9fff][^：:\s]{0,7}[：:]\s*")


def _labelled_link_list(b: Block) -> bool:
    """A label and a colon, then two or more items that are (nearly) all link text:
    "文章关键词：老年友善门诊 社区卫生", "标签：a b c" (≤ 80 characters)."""
    t = b.text
    m = _LABEL.match(t)
    if not m or len(t) > 80 or b.link_ratio <= 0 or _ATTACHMENT.match(t):
        return False
    items = t[m.end() :].split()
    rest = sum(len(i) for i in items)
    return len(items) >= 2 and b.link_ratio * len(t) >= 0.8 * rest


def _mostly_dated_rows(text: str) -> bool:
    """A table of "linked title | date" rows is a list of other articles."""
    rows = [r for r in text.split("\n") if r.strip()]
    return bool(rows) and sum(bool(_DATED_ITEM.match(r)) for r in rows) >= 0.6 * len(rows)


# a ranked list's row: its rank, then the entry ("1 市区房价连续三个月上涨", "02. …")
_RANK = re.compile(r"^\s*\d{1,2}\s*[.、．]?\s*")
# a list row's stamp after its title: a date, short or long, maybe a time or brackets
# ("04-20", "2024-04-20", "[04/20]", "(2024.04.20 10:21)")
_ROW_STAMP = re.compile(
    r"\s*[\[(（]?\s*(?:(?:19|20)\d{2}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\])）]?\s*$"
)


def _bare_link_share(b: Block, rows: list[str]) -> float:
    """The link share of a table whose rows are mostly ranked or stamped entries (热点排行:
    "1 " + a link; a list of other articles: a link + "04-20"), its rank numbers, dates
    and white space not counted as text: they are the list's own numbering and stamps,
    not words beside the links."""
    marked = [
        r for r in rows if (_RANK.match(r) and not _RANK.fullmatch(r)) or _ROW_STAMP.search(r)
    ]
    if len(marked) < 3 or len(marked) < 0.5 * len(rows):
        return 0.0
    text = sum(len("".join(_ROW_STAMP.sub("", _RANK.sub("", r)).split())) for r in rows)
    linked = sum(len("".join(text_of(a).split())) for a in b.element.iter("a"))
    return min(1.0, linked / text) if text else 0.0


def _link_table(b: Block) -> bool:
    """A table of three or more short rows that are nearly all link text (70 %; a ranked
    list's numbers and the rows' dates not counted): a list of other articles laid out
    as a table (not a table of attachments)."""
    rows = [r for r in b.text.split("\n") if r.strip()]
    return (
        len(rows) >= 3
        and all(len(r) <= _SHORT_RUN for r in rows)
        and not any(_ATTACHMENT.match(r.strip()) for r in rows)
        and (b.link_ratio >= 0.7 or _bare_link_share(b, rows) >= 0.7)
    )


def _link_line(b: Block) -> bool:
    """A short line that is mostly link text: an entry of a list of other articles."""
    if b.kind not in ("p", "li", "h") or _ATTACHMENT.match(b.text):
        return False
    # at most _SHORT_RUN characters of Chinese, 2 * _SHORT_RUN + 40 of other text
    n = len(b.text)
    if n > 2 * _SHORT_RUN + 40 or (n > _SHORT_RUN and _HAN.search(b.text)):
        return False
    return b.link_ratio >= 0.6 or bool(_DATED_ITEM.match(b.text) and b.link_ratio >= 0.3)


_HAN = re.compile(r"[\u3400-\u9fff]")


def _label_line(b: Block) -> bool:
    """A short line before a list that names it (相关报道：, 今日推荐, Popular on …)."""
    return (
        b.kind in ("p", "h", "li")
        and len(b.text) <= 16
        and not _SENTENCE_END.search(b.text.rstrip(":： "))
        and b.link_ratio < 0.6
    ) or (b.kind in ("p", "h") and len(b.text) <= 16 and b.text.rstrip().endswith((":", "：")))


def drop_link_runs(blocks: list[Block], min_run: int = 3) -> list[Block]:
    """Remove runs of short link-dominated lines — lists of other articles, ranked 热点
    lists, tag clouds — wherever they are, with the short label line before them; a run
    after which only short lines follow ends the article.  Judged by structure, not by
    the label's words: a list of other articles is short lines that are links."""
    out: list[Block] = []
    i = 0
    n = len(blocks)
    prose_total = sum(len(b.text) for b in blocks if not _link_line(b))
    while i < n:
        if not _link_line(blocks[i]):
            out.append(blocks[i])
            i += 1
            continue
        j = i
        while j < n and (_link_line(blocks[j]) or blocks[j].kind == "img"):
            j += 1
        run = [b for b in blocks[i:j] if b.kind != "img"]
        if len(run) >= min_run and prose_total >= 100:
            # the list's label, glued before it
            if out and _label_line(out[-1]):
                out.pop()
            rest = blocks[j:]
            if rest and all(len(b.text) < 40 or b.link_ratio >= 0.5 for b in rest):
                return out
        else:
            out.extend(blocks[i:j])
        i = j
    return out


# a line of a record: a short label, a colon, its value ("地点：省政府新闻发布厅")
# (its label may be spaced out to the width of the others: "姓　　名：张某某")
_KV_LINE = re.compile(r"^((?:[\u4e00-\u9fff][\s\u3000]*){2,6})[:：]\s*\S")
RECORD_RUN = 2  # lines of a record, at least (three when one is a byline's)
_RECORD_LINE_CHARS = 80


def record_lines(blocks: list[Block]) -> set[int]:
    """The indices of the lines of a record: two or more consecutive short lines
    (≤ 80 characters) of a label (maybe spaced out: 姓　　名), a colon and a value, with
    different labels, two or more of them not a byline's (时间 and 来源 are; 地点, 主持人,
    发布人 are not) — a press conference's 时间/地点/主持人/发布人, a profile's 姓名/职务,
    an event's or a document's particulars.  Before
    the body they are the article's, not kickers or a byline; a byline split into lines
    (发布时间/来源/作者/浏览次数) is not a record."""
    found: set[int] = set()
    run: list[int] = []

    def close() -> None:
        labels = ["".join(m.group(1).split()) for i in run if (m := _KV_LINE.match(blocks[i].text))]
        own = [lab for lab in labels if not _BYLINE_LABEL.search(lab + "：")]
        if len(run) >= RECORD_RUN and len(set(labels)) == len(labels) and len(own) >= 2:
            found.update(run)
        run.clear()

    for i, b in enumerate(blocks):
        t = b.text
        if (
            b.kind in ("p", "li")
            and len(t) <= _RECORD_LINE_CHARS
            and _KV_LINE.match(t)
            and b.link_ratio < 0.5
            and not is_junk_paragraph(t)
            and not _EDITOR.match(t)
        ):
            run.append(i)
        else:
            close()
    close()
    return found


_CAPTION_END = re.compile(r"[。！？!?；;…]$")  # (a caption may end in a quote: 关注“某某发布”)
_BADGE_PX = 200  # a square picture this small (declared size) is a QR code or a badge
_CAPTION_CHARS = 16


def _badge(b: Block) -> bool:
    """A QR code or an account's badge: a picture declared square and at most 200 px."""
    if b.kind != "img":
        return False
    img = b.element if b.element.tag == "img" else b.element.find(".//img")
    px = img.get("data-px", "") if img is not None else ""
    w, _, h = px.partition("x")
    if not (w.isdigit() and h.isdigit()):
        return False
    wi, hi = int(w), int(h)
    return 0 < max(wi, hi) <= _BADGE_PX and abs(wi - hi) <= 0.1 * max(wi, hi)


def _caption_line(b: Block) -> bool:
    """A short caption line (≤ 16 characters, no sentence end), not a sign-off or a date."""
    t = b.text
    return (
        b.kind in ("p", "li", "h")
        and 0 < len(t) <= _CAPTION_CHARS
        and not _CAPTION_END.search(t)
        and not _SIGNOFF.match(t)
        and not _DATEISH.search(t)
    )


def drop_trailing_badges(blocks: list[Block]) -> list[Block]:
    """Cut QR codes and account badges off the end: from the first square picture of
    ≤ 200 px (``_badge``) in a tail made only of such pictures and short caption lines
    ("长按识别二维码", "政务微博 / 政务微信"), with the short label line before it
    ("某某区新媒体矩阵").  A photo (not square, or larger) and a sign-off stay."""
    j = len(blocks)
    while j > 0 and (_badge(blocks[j - 1]) or _caption_line(blocks[j - 1])):
        j -= 1
    first = next((k for k in range(j, len(blocks)) if _badge(blocks[k])), None)
    if first is None:
        return blocks
    if first > j and blocks[first - 1].kind != "img":
        first -= 1  # the label of the badges
    return blocks[:first]


TEASER_RUN = 3  # items of a list of other articles with summaries, at least
_TEASER_SUMMARY = 150  # characters of a summary under its linked title, at most


def _teaser_title(b: Block) -> bool:
    """A linked title of another article: a short line (≤ 40 characters) of link text
    only."""
    return (
        b.kind in ("p", "li", "h")
        and len(b.text) <= 40
        and b.link_ratio >= 0.9
        and not _ATTACHMENT.match(b.text)
    )


def drop_teaser_runs(blocks: list[Block]) -> list[Block]:
    """Cut a list of other articles with summaries off the end: three or more items, each
    a linked title (``_teaser_title``, not an attachment) and at most one unlinked summary
    of ≤ 150 characters under it, two or more of them sentences, running to the end of the page (short lines after it aside),
    with its short label line before it, after 100 characters or more of the article's
    prose — a 新闻动态 column laid out beside a short notice.  (A page whose text is
    such a list from the start keeps it: nothing before it is an article.)"""
    n = len(blocks)
    for i in range(n):
        if not _teaser_title(blocks[i]):
            continue
        items, summaries, j = 0, 0, i
        while j < n:
            if blocks[j].kind == "img":
                j += 1
                continue
            if not _teaser_title(blocks[j]):
                break
            items += 1
            j += 1
            while j < n and blocks[j].kind == "img":
                j += 1
            if (
                j < n
                and blocks[j].kind == "p"
                and blocks[j].link_ratio < 0.3
                and len(blocks[j].text) <= _TEASER_SUMMARY
            ):
                summaries += bool(_SENTENCE_END.search(blocks[j].text))
                j += 1
        if items < TEASER_RUN or summaries < 2:
            continue
        if not all(len(b.text) < 40 or b.link_ratio >= 0.5 for b in blocks[j:]):
            continue
        head = blocks[:i]
        if head and _label_line(head[-1]):
            head = head[:-1]
        if prose_size_of(head) >= 100:
            return head
    return blocks


def prose_size_of(blocks: list[Block]) -> int:
    """Characters of the blocks that end a sentence and are not mostly link text."""
    return sum(len(b.text) for b in blocks if b.link_ratio < 0.5 and _SENTENCE_END.search(b.text))


# short lines of the article itself that may come before its first paragraph
_OWN_START = re.compile(
    r"^[（(【\[]?\s*(?:原标题|副标题|原题|题注|编者按|导读|摘要)\s*[:：]|^[—－-]{1,2}\s*\S"
    # a numbered section heading: 二、工业生产, （一）总体要求, 第一章 总则
    r"|^[一二三四五六七八九十]{1,3}、|^[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|^第[一二三四五六七八九十百\d]{1,4}[章节条部分篇]"
)


# a bare label: two to six Chinese characters, no digit, no punctuation, no space
_BARE_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
# three or more bare labels on one line, split by spaces, bars or dots
_LABEL_ROW = re.compile(
    r"^[\u4e00-\u9fff]{2,6}(?:\s*[|｜·•/]\s*|\s+)[\u4e00-\u9fff]{2,6}"
    r"(?:(?:\s*[|｜·•/]\s*|\s+)[\u4e00-\u9fff]{2,6})+$"
)


def label_bar(blocks: list[Block], title: str = "") -> set[int]:
    """The lines of a bar of tab labels (文字实录 图片直播 视频回放) before the body.

    Shape, not words: before the first line that starts the body, either two or more
    consecutive paragraphs or list items that are each a *bare label* (2–6 Chinese
    characters, no digit, punctuation or space) and all different, or one line of three
    or more bare labels split by spaces, bars or dots.  An article's own lines there
    have another shape: a record line has its "：", a document heading its number, a
    numbered heading its 一、, a kicker its brackets.  A single bare label is left to
    the kicker rule (it may be a short headline's second line).  A 信息公开 record table
    and the headline repeated above the bar do not start the body."""
    found: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= 2 and len({norm(blocks[j].text) for j in run}) == len(run):
            found.update(run)
        run.clear()

    for i, b in enumerate(blocks):
        if b.kind == "img":
            continue
        t = b.text.strip()
        key = norm(t)
        if (b.kind == "table" and _RECORD_TABLE.search(t)) or (
            title and (key == title or _status_marked(key, title))
        ):
            # a 信息公开 record table or the headline above the bar: not the body yet
            close()
            continue
        if len(t) >= BODY_START_CHARS or b.kind in ("h", "table") or _SENTENCE_END.search(t):
            break
        if b.kind in ("p", "li") and _BARE_LABEL.match(t):
            run.append(i)
            continue
        close()
        if b.kind in ("p", "li") and _LABEL_ROW.match(t):
            found.add(i)
    close()
    return found


def _kicker(b: Block, keep_short: bool) -> bool:
    """A short line before the article's first paragraph that is not the article's:
    a column label, a kicker, "图集", a link."""
    t = b.text
    # (an attachment is the article's own, link though it is: a notice whose body is
    # scanned pages has nothing else to read)
    if _OWN_START.match(t) or _ATTACHMENT.match(t):
        return False
    if b.link_ratio >= 0.5 or _BRACKETED.match(t) or _BREADCRUMB.match(t):
        return True
    return not keep_short


@dataclass
class Place:
    """Where a block stands while ``prune`` walks the article: what the rules may look at."""

    position: float  # share of the article's text before this block (0 … 1)
    key: str  # the block's text without white space (``norm``)
    title: str  # the headline, normalised ("" when unknown)
    kept: list[Block]  # the blocks kept so far
    body_started: bool  # a real paragraph has been kept
    repeated: frozenset[str]  # short lines that occur three times or more
    prose_after: bool = False  # a later block ends a sentence (the article goes on)
    long_prose_after: bool = False  # a later paragraph of any language is long prose


Rule = Callable[[Block, Place], bool]


# --- END_RULES: the article has ended at this block (it and everything after go) --------


def end_marker(b: Block, at: Place) -> bool:
    """相关新闻, 延伸阅读, 更多, a pager … past the first 30 % of the text."""
    return at.position > 0.3 and bool(_END_MARKER.match(b.text))


def disclaimer(b: Block, at: Place) -> bool:
    """A disclaimer or copyright notice (≤ 400 characters) past the middle; or a short line
    (≤ 80 characters, not a sentence) that reserves rights anywhere in it, letter-spaced or
    not ("人 民 网 股 份 有 限 公 司 版 权 所 有")."""
    if at.position <= 0.5:
        return False
    if len(b.text) <= 400 and _DISCLAIMER.match(b.text):
        return True
    key = at.key
    return len(key) <= 80 and bool(_RIGHTS.search(key)) and not re.search(r"[。！？.!?]$", key)


def english_trailer(b: Block, at: Place) -> bool:
    """Late in an English article (past 60 %): a newsletter sign-up, a tag list,
    "Related", a copyright line (≤ 200 characters) — but not an inline link to another
    article ("Read more: …", ``_EN_INLINE``) that long prose follows: that line alone
    goes (``_shape_junk``), the article goes on."""
    return (
        at.position > 0.6
        and len(b.text) <= 200
        and any(shape.match(b.text) for shape in _EN_END)
        and not (at.long_prose_after and _EN_INLINE.match(b.text))
    )


def closing_byline(b: Block, at: Place) -> bool:
    """A dated 发布时间 line (≤ 120 characters, not a table) past the middle: the page's
    bottom metadata, or on a forum the signature of the first post (replies follow)."""
    t = b.text
    return (
        at.position > 0.5
        and b.kind != "table"
        and len(t) <= 120
        and is_byline(t)
        and bool(_DATEISH.search(t))
    )


# a page's English publication stamp: "Published 27 February 2024", "Last updated 28
# February 2024 + show all updates", "Page last reviewed: 12 March 2024"
_EN_STAMP = re.compile(
    r"^(?:Page\s+)?(?:(?:First|Last)\s+)?(?:published|updated|posted|modified|reviewed)"
    r"(?:\s+(?:on|at))?\s*:?\s*(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+|[A-Z][a-z]+\.?\s+\d{1,2},?\s+)?"
    r"(?:19|20)\d{2}\b[^.!?]{0,40}$",
    re.I,
)


# a labelled address: "本文链接：http://…", "原文地址: https://…", "Permalink: …"
_PERMALINK = re.compile(r"^[^\s:：]{1,10}\s*[:：]\s*https?://\S+$")


def permalink(b: Block, at: Place) -> bool:
    """A line that is a label and a web address, past the middle (≤ 200 characters): the
    page's own address printed under the article (本文链接：…), which ends it."""
    return at.position > 0.5 and len(b.text) <= 200 and bool(_PERMALINK.match(b.text))


def english_stamp(b: Block, at: Place) -> bool:
    """An English publication stamp standing alone past the middle (≤ 80 characters, a
    label then a date and no sentence: "Published 27 February 2024", "Last updated …"):
    the page's bottom metadata, after which come its update history and share links."""
    return at.position > 0.5 and len(b.text) <= 80 and bool(_EN_STAMP.match(b.text))


def comments_heading(b: Block, at: Place) -> bool:
    """The readers' comments start (≤ 20 characters, past the first 30 %): 热门跟贴,
    网友评论, "跟贴 168 条", "评论（23）" — the heading, its count, or both run together."""
    return at.position > 0.3 and len(b.text) <= 20 and bool(_COMMENTS.match(b.text))


def end_mark(b: Block, at: Place) -> bool:
    """An end mark standing alone past the middle (（完）, 完, -END-, ###, -30-): what
    follows it is the release's stamp or its press contact ("2024年5月20日（星期一）",
    "香港時間15時30分", "Media Contact: …"), not the article."""
    return at.position > 0.5 and trailing_end_mark(b)


def label_picture(b: Block, at: Place) -> bool:
    """A picture that is a list's label past the first 30 %: its alternative text an end
    marker (an old template's 相关新闻 set as a 80×20 image)."""
    el = b.element if b.element.tag == "img" else b.element.find(".//img")
    alt = (el.get("alt") or "").strip() if el is not None else ""
    return bool(alt) and at.position > 0.3 and len(alt) <= 16 and bool(_END_MARKER.match(alt))


_BUTTON_ALT = 6  # characters of a button picture's alternative text, at most


def picture_buttons(b: Block) -> bool:
    """A row of buttons drawn as pictures: two or more pictures, each inside a link,
    each with a short alternative text (≤ 6 characters), one of them a tool line
    (打印, 关闭: ``is_junk_paragraph``) — the print/close/top buttons of an old template."""
    imgs = list(b.element.iter("img"))
    if len(imgs) < 2:
        return False
    alts = [(img.get("alt") or "").strip() for img in imgs]
    in_links = all(any(a.tag == "a" for a in img.iterancestors()) for img in imgs)
    return (
        in_links
        and all(0 < len(a) <= _BUTTON_ALT for a in alts)
        and any(is_junk_paragraph(a) for a in alts)
    )


END_RULES: tuple[Rule, ...] = (
    end_marker,
    end_mark,
    disclaimer,
    english_trailer,
    closing_byline,
    english_stamp,
    permalink,
    comments_heading,
)


# --- DROP_RULES: this block goes, the walk goes on ----------------------------------------


def furniture(b: Block, at: Place) -> bool:
    """Junk lines, shapes of furniture, editor lines, breadcrumbs, the 发布时间/来源 line
    (see ``_furniture``) — but not an event's 主办/承办 line with prose after it."""
    return _furniture(b) and not (at.prose_after and organisers_line(b.text))


def repeated_line(b: Block, at: Place) -> bool:
    """A short paragraph repeated three times or more: a widget's ("点击看大图")."""
    return b.kind == "p" and at.key in at.repeated


def headline_again(b: Block, at: Place) -> bool:
    """The headline repeated in the body, maybe with a status mark after it (【已失效】),
    before any paragraph of 40 characters or more (a record table before it does not
    count)."""
    return (
        bool(at.title)
        and (at.key == at.title or _status_marked(at.key, at.title))
        and not any(len(k.text) >= 40 and k.kind != "table" for k in at.kept)
    )


# a document's status set beside its headline: 【已失效】, （已废止）, [修订]
_STATUS_MARK = re.compile(r"^[【\[（(][\u4e00-\u9fff]{1,6}[】\]）)]$")


def _status_marked(key: str, title: str) -> bool:
    """``key`` is the headline with a bracketed status mark after it ("…的通知【已失效】")."""
    return key.startswith(title) and bool(_STATUS_MARK.match(key[len(title) :]))


# a date (and time) and nothing else: "2005年1月2日", "2024-05-12 08:15"
_DATE_ONLY = re.compile(
    r"^(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$"
)


def leading_date_line(b: Block, at: Place) -> bool:
    """A date standing alone before the article's first paragraph (a kept paragraph of
    40 characters or more, or one ending a sentence; a heading does not count): the
    page's stamp under the headline (a byline split at its line breaks), not a sign-off."""
    return (
        len(b.text) <= 24
        and bool(_DATE_ONLY.match(b.text))
        and not any(
            k.kind in ("p", "li", "quote") and (len(k.text) >= 40 or _SENTENCE_END.search(k.text))
            for k in at.kept
        )
    )


def leading_byline(b: Block, at: Place) -> bool:
    """A 发布时间/来源 line before the body (not an info-disclosure record table)."""
    return not at.body_started and is_byline(b.text) and not _RECORD_TABLE.search(b.text)


def leading_english_byline(b: Block, at: Place) -> bool:
    """ "By Jane Doe", "Published 14 March 2024" (≤ 120 characters) before the body."""
    return not at.body_started and len(b.text) <= 120 and bool(_EN_BYLINE.match(b.text))


def dated_link_item(b: Block, at: Place) -> bool:
    """A related-article entry: a paragraph or item of ≤ 90 characters, 40 % or more link
    text, a title with a date."""
    return (
        b.kind in ("p", "li")
        and len(b.text) <= 90
        and b.link_ratio >= 0.4
        and bool(_DATED_ITEM.match(b.text))
    )


def dated_link_table(b: Block, at: Place) -> bool:
    """A table, over 40 % link text, whose rows are mostly "title date"."""
    return b.kind == "table" and b.link_ratio > 0.4 and _mostly_dated_rows(b.text)


def link_table(b: Block, at: Place) -> bool:
    """A table of short link rows (see ``_link_table``)."""
    return b.kind == "table" and _link_table(b)


DROP_RULES: tuple[Rule, ...] = (
    furniture,
    repeated_line,
    headline_again,
    leading_date_line,
    leading_byline,
    leading_english_byline,
    dated_link_item,
    dated_link_table,
    link_table,
)


# a table these rules drop is a list of other articles: the label line above it goes too
LIST_TABLE_RULES = (dated_link_table, link_table)
_TABLE_LABEL = re.compile(r"^[【\[]?[\u4e00-\u9fff]{2,8}[】\]]?\s*[:：]?$")


def _table_label(b: Block) -> bool:
    """The label over a list of other articles: a short line of 2–8 Chinese characters,
    maybe bracketed or with a colon (往期征集, 【相关文件】) — no digits, so not a date, and
    not an office's sign-off (某某县应急管理局)."""
    return b.kind in ("p", "h") and bool(_TABLE_LABEL.match(b.text)) and not _SIGNOFF.match(b.text)


# --- TRAIL_RULES: taken off the end of what is kept, one block at a time -------------------


def trailing_link_line(b: Block) -> bool:
    """A line under 80 characters, over 80 % link text (not an attachment or a sign-off):
    the last entry of a list of other articles."""
    return (
        b.link_ratio > 0.8
        and len(b.text) < 80
        and not _ATTACHMENT.match(b.text)
        and not _SIGNOFF.match(b.text)
    )


def trailing_source_line(b: Block) -> bool:
    """A trailing 来源 line (the source is in the article's metadata)."""
    return bool(_SOURCE_LINE.match(b.text))


def trailing_widget_row(b: Block) -> bool:
    """A row of widget labels and counters under the article ("赞 在看", "阅读 2.1万",
    "打印 关闭"): at most 12 characters in two or more parts of at most 4, no sentence end,
    not a date or a sign-off.  (One word alone, "特此通知", is the article's.)  The parts
    are the words, or when it has none the element's own pieces of text: "点赞" and "12" in
    two spans read as "点赞12"."""
    parts = b.text.split()
    if len(parts) == 1:
        parts = [t.strip() for t in b.element.itertext() if t.strip()]
    return (
        b.kind == "p"
        and not _LETTER_SPACED.search(b.text)
        and len(b.text) <= 12
        and len(parts) >= 2
        and all(len(part) <= 4 for part in parts)
        and not _SENTENCE_END.search(b.text)
        and not _DATEISH.search(b.text)
        and not _SIGNOFF.match(b.text)
    )


# a count beside or inside a button: "（36）", "(2)", "23"
_COUNT = re.compile(r"\s*[(（]\s*\d[\d.,]*\s*[万千]?\s*[)）]$|\s+\d[\d.,]*[万千]?$")
_BUTTONS_LINE = 40
_BUTTONS_REST = 16


def trailing_button_counter(b: Block) -> bool:
    """Buttons and their counts under the article: "我要提意见 已有 23 人参与", "以上回答对您
    是否有帮助？ 有帮助（36） 没帮助（2）": a line of at most 40 characters with a count in it,
    whose links are all button-short (≤ 6 characters once their counts are taken out) and
    whose other text is at most 16 characters (a prompt or a counter) — not a date.  (An
    attachment's link is longer; "报名入口：市人社局网站" has no count.)"""
    t = b.text
    if b.kind != "p" or len(t) > _BUTTONS_LINE or _DATEISH.search(t):
        return False
    if not any(c.isdigit() for c in t):
        return False
    links = [norm(text_of(a)) for a in b.element.iter("a")]
    links = [x for x in links if x]
    if not links or any(len(_COUNT.sub("", x)) > 6 for x in links):
        return False
    rest = norm(t)
    for x in links:
        rest = rest.replace(x, "", 1)
    return len(rest) <= _BUTTONS_REST and (bool(rest) or len(links) >= 2)


# type spaced out a character at a time: "书 记 员　李 某", "民 事 判 决 书"
_LETTER_SPACED = re.compile(r"(?:[\u4e00-\u9fff][ \u3000]+){2}[\u4e00-\u9fff]")
# a document's number: "（2024）某0102民初1234号", "某政办发〔2024〕12号"
_DOC_NUMBER = re.compile(r"^.{0,12}[（(〔\[]\s*(?:19|20)\d{2}\s*[）)〕\]].{0,16}号$")
_DOC_HEAD_LINES = 5  # short lines before the body a document's heading may take


def document_head(blocks: list[Block]) -> set[int]:
    """The blocks near the start that are a document's own heading: a line with its
    number ("（2024）某0102民初1234号", "某政办明电〔2024〕9号") among the first five blocks,
    with the short plain lines right before it ("某某市某某区人民法院 / 民 事 判 决 书") —
    kept before the body, not taken for kickers.  (Headings and the byline before it are
    judged as ever.)"""
    for i, b in enumerate(blocks[:_DOC_HEAD_LINES]):
        if b.kind == "p" and len(b.text) >= BODY_START_CHARS and not is_byline(b.text):
            return set()
        if b.kind == "p" and _DOC_NUMBER.match(b.text):
            head = {i}
            j = i - 1
            while (
                j >= 0
                and blocks[j].kind == "p"
                and len(blocks[j].text) < BODY_START_CHARS
                and blocks[j].link_ratio < 0.5
                and not is_byline(blocks[j].text)
            ):
                head.add(j)
                j -= 1
            return head
    return set()


_PROMPT = re.compile(r"[您你].*[？?]$")
# a request to like or pass the article on: 觉得有用就点个赞吧～, 欢迎转发给身边的老人
_ENGAGE = re.compile(r"点个?赞|转发|分享给|点.?在看|一键三连")


def trailing_engagement(b: Block) -> bool:
    """A request to like or share the article, standing alone under it (≤ 24
    characters, no full stop): "觉得有用就点个赞吧～", "欢迎转发给身边的老人" (word list)."""
    t = b.text
    return b.kind == "p" and len(t) <= 24 and "。" not in t and bool(_ENGAGE.search(t))


def trailing_prompt(b: Block) -> bool:
    """A question to the reader standing alone under the article (≤ 20 characters,
    addressing 您/你): a survey's or a poll's prompt ("您对本条信息是否满意？") whose
    buttons went with the form.  (A closing question that does not address the reader,
    "下一步怎么办？", stays.)"""
    return b.kind == "p" and len(b.text) <= 20 and bool(_PROMPT.search(b.text))


# an end mark: （完）, 【全文完】, ——完——, -END-
_END_MARK = re.compile(
    r"^[（(【\[〔—\-=\s]*(?:全文完|本文完|完|(?:THE\s+)?END|30)[）)】\]〕—\-=\s]*$|^#{3}$", re.I
)


def trailing_end_mark(b: Block) -> bool:
    """An end mark standing alone under the article (（完）, -END-): a mark, not text."""
    return len(b.text) <= 12 and bool(_END_MARK.match(b.text))


def trailing_prompted_labels(b: Block) -> bool:
    """A prompt and the bare labels that answer it, under the article: "本文标签：流感
    疫苗接种 健康提示", "本页内容对您有帮助吗？ 有帮助 没帮助" — shape, not words: at most
    40 characters, no link, a first part ending in "：" or "？" and then, split by spaces,
    bare labels (``_BARE_LABEL``, 2–6 Chinese characters): two or more after a question,
    three or more after a colon with one of four characters or more (a contact line's
    names, 联系人：张某　李某, are two or three characters each and stay) — two or more
    after a tag label (关键词：, 标签：; ``_TAG_PROMPT``)."""
    t = b.text.strip()
    if b.kind != "p" or len(t) > 40 or b.link_ratio > 0:
        return False
    m = re.match(r"^(.{2,24}?[：:？?])\s*(.+)$", t)
    if not m:
        return False
    labels = m.group(2).split()
    if not labels or not all(_BARE_LABEL.match(x) for x in labels):
        return False
    if m.group(1)[-1] in "？?":
        return len(labels) >= 2
    if _TAG_PROMPT.match(m.group(1)):
        # (word list, last resort: short tags after a tag label, 关键词：跌倒　老人　冬季)
        return len(labels) >= 2
    return len(labels) >= 3 and any(len(x) >= 4 for x in labels)


# the label of a page's tags (their shape is a contact line's names: told by the label)
_TAG_PROMPT = re.compile(r"^(?:本文|文章|热门)?(?:关键词|关键字|标签|Tags?)\s*[：:]$", re.I)


# a poll's result: two or more "label 86%" pairs and nothing else
_POLL_ROW = re.compile(r"^(?:\s*[^\s\d%]{1,8}\s*\d{1,3}(?:\.\d+)?\s*%\s*[|｜·]?){2,}$")
# a count of the people who took part: "已有 1,204 人参与", "共 56 人投票"
_TAKING_PART = re.compile(r"^(?:已有|共有|共)\s*\d[\d,，.]*\s*[万千]?\s*人\s*[\u4e00-\u9fff]{0,4}$")


def trailing_poll(b: Block) -> bool:
    """A poll's result row ("支持 86%　不支持 9%　无所谓 5%") or its count of voters
    ("已有 1,204 人参与") under the article; with them gone, its question goes too
    (``trailing_prompt``)."""
    t = b.text.strip()
    return b.kind == "p" and len(t) <= 60 and bool(_POLL_ROW.match(t) or _TAKING_PART.match(t))


TRAIL_RULES: tuple[Callable[[Block], bool], ...] = (
    trailing_link_line,
    trailing_source_line,
    trailing_widget_row,
    trailing_button_counter,
    trailing_prompt,
    trailing_engagement,
    trailing_end_mark,
    trailing_prompted_labels,
    trailing_poll,
)

# a line that starts the body: this long, or a heading or table, or a sentence's end
BODY_START_CHARS = 40
# when the short lines dropped before the body are more than this share of the text, they
# were the article's own (a table of short cells, a poem, a list): prune again keeping them
KICKER_SHARE = 0.3
# a duplicate is dropped when its normalised text is at least this long (tables always)
DUPLICATE_CHARS = 20


_LONG_PROSE = 100  # characters of a paragraph that shows the article goes on
_PROSE_TAIL = re.compile(r"[。！？.!?][”\"’'」]?$")
_QUOTE_MARKS = re.compile(r"^[\"“”‘’'「」『』]+|[\"“”‘’'「」『』]+$")
_PULL_QUOTE_CHARS = 20


def last_long_prose(blocks: list[Block]) -> int:
    """Index of the last paragraph of ``_LONG_PROSE`` characters or more that ends a
    sentence, in any language (-1: none)."""
    return max(
        (
            i
            for i, b in enumerate(blocks)
            if b.kind == "p" and len(b.text) >= _LONG_PROSE and _PROSE_TAIL.search(b.text)
        ),
        default=-1,
    )


def pull_quotes(blocks: list[Block]) -> set[int]:
    """Quotes that repeat the article's own words: a block quote (20 characters or more
    without its quotation marks) found whole in another paragraph — a magazine's pull
    quote, set large beside the paragraph that says it."""
    found: set[int] = set()
    for i, b in enumerate(blocks):
        if b.kind != "quote":
            continue
        key = _QUOTE_MARKS.sub("", norm(b.text)).rstrip(".,。，")
        if len(key) < _PULL_QUOTE_CHARS:
            continue
        if any(j != i and o.kind == "p" and key in norm(o.text) for j, o in enumerate(blocks)):
            found.add(i)
    return found


_CAPTION_MAX = 80  # characters of a picture's caption


def picture_caption(blocks: list[Block], i: int) -> bool:
    """``blocks[i]`` is the caption of the picture just before it: a paragraph of 4–80
    characters, no link and no © credit ("Podcast © FMM"), right after a picture that is
    not a QR code or a badge (``_badge``) — a lead photo's "医护人员为社区老人测量血压。记者 冯某 摄" before the
    body is the article's, not a kicker."""
    b = blocks[i]
    return (
        i > 0
        and blocks[i - 1].kind == "img"
        and not _badge(blocks[i - 1])
        and b.kind == "p"
        and 4 <= len(b.text) <= _CAPTION_MAX
        and b.link_ratio == 0
        and not _DISCLAIMER.match(b.text)
        and "©" not in b.text
    )


def _repeated_short_lines(blocks: list[Block]) -> frozenset[str]:
    """Short paragraphs (≤ 30 characters, no sentence end, no digit or colon — so not a
    schedule's "地点：…201" rows) that occur three times or more: share buttons under each
    picture, "点击看大图"."""
    counts: dict[str, int] = {}
    for b in blocks:
        if (
            b.kind == "p"
            and len(b.text) <= 30
            and not _SENTENCE_END.search(b.text)
            and not re.search(r"[\d:：]", b.text)
        ):
            key = norm(b.text)
            counts[key] = counts.get(key, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= 3)


def prune(blocks: list[Block], title: str | None, *, keep_short: bool = False) -> list[Block]:
    """Drop the furniture around the article.

    One walk over the blocks, in order; images are always kept.  For every other block:

    1. ``END_RULES`` (in order): the first that holds ends the article here.
    Before that, the lines of a bar of tab labels before the body (``label_bar``:
    文字实录 图片直播 视频回放) go.

    2. ``DROP_RULES`` (in order): the first that holds drops the block — but not, before
       the body, the lines of a record (``record_lines``: 时间/地点/主持人/发布人).
    3. The same table, or a paragraph of ``DUPLICATE_CHARS`` or more, seen before: dropped.
    4. Before the body has started: a line of ``BODY_START_CHARS`` or more, a heading, a
       table or a line ending a sentence starts it; a shorter paragraph before it is a
       kicker (``_kicker``: a column label, "图集", a link) and goes — with ``keep_short``
       only when it is a link or a label.  When the kickers dropped are more than
       ``KICKER_SHARE`` of the text, they were the article's own short lines: the walk is
       done again with ``keep_short``.

    Then ``drop_link_runs`` removes runs of short link lines, ``drop_teaser_runs`` a
    trailing list of linked titles with summaries, ``drop_trailing_badges`` QR codes
    and their captions, ``TRAIL_RULES`` take
    blocks off the end while one holds (images stay), and trailing headings go.
    """
    total = sum(len(b.text) for b in blocks) or 1
    at = Place(
        position=0.0,
        key="",
        title=norm(title),
        kept=[],
        body_started=False,
        repeated=_repeated_short_lines(blocks),
    )
    kept = at.kept
    # the last block that ends a sentence: before it, the article goes on
    last_prose = max(
        (i for i, b in enumerate(blocks) if b.kind == "p" and "。" in b.text), default=-1
    )
    seen = 0  # characters before this block
    seen_texts: set[str] = set()
    dropped_before = 0
    record = record_lines(blocks)
    head = document_head(blocks)
    bar = label_bar(blocks, norm(title))
    pulls = pull_quotes(blocks)
    last_long = last_long_prose(blocks)
    for i, b in enumerate(blocks):
        at.prose_after = i < last_prose
        at.long_prose_after = i < last_long
        at.position = seen / total
        seen += len(b.text)
        if b.kind == "img":
            if label_picture(b, at):
                break
            if picture_buttons(b):
                continue
            kept.append(b)
            continue
        t = b.text
        at.key = key = norm(t)
        if any(rule(b, at) for rule in END_RULES):
            break
        if i in bar or i in pulls:
            # a bar of tab labels before the body (label_bar), a pull quote (pull_quotes)
            continue
        if i in record and not at.body_started:
            # a record's lines before the body: the article's (its 时间 line is no byline)
            seen_texts.add(key)
            kept.append(b)
            continue
        fired = next((rule for rule in DROP_RULES if rule(b, at)), None)
        if fired is not None:
            if fired in LIST_TABLE_RULES and kept and _table_label(kept[-1]):
                # the label of a list of other articles laid out as a table (往期征集)
                # goes with it, as a run of link lines takes its label (drop_link_runs)
                kept.pop()
            continue
        if (len(key) >= DUPLICATE_CHARS or b.kind == "table") and key in seen_texts:
            continue
        seen_texts.add(key)
        if not at.body_started:
            if len(t) >= BODY_START_CHARS or b.kind in ("h", "table") or _SENTENCE_END.search(t):
                at.body_started = True
            elif (
                b.kind == "p"
                and i not in head
                and not picture_caption(blocks, i)
                and _kicker(b, keep_short)
            ):
                dropped_before += len(t)
                continue
        kept.append(b)
    if dropped_before > KICKER_SHARE * total and not keep_short:
        return prune(blocks, title, keep_short=True)
    kept = drop_trailing_badges(drop_teaser_runs(drop_link_runs(kept)))
    while kept and kept[-1].kind != "img" and any(rule(kept[-1]) for rule in TRAIL_RULES):
        kept.pop()
    while kept and kept[-1].kind == "h":
        kept.pop()
    return kept
