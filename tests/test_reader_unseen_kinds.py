"""Kinds of page the fifth round of blind golden pages (tests/blind, 2026-12-03) showed the
reader getting wrong, each shown on its own small input: line breaks inside an inline
wrapper, a prev/next label that names what it points to, a ranked list laid out as a
table, a gallery's row of buttons, an English publication stamp under the article, a
journal issue in the 来源 line, an author's affiliation note."""

from __future__ import annotations

import lxml.html
from lxml import etree

from barrierfree.reader import extract
from barrierfree.reader.cleanup import is_junk_paragraph
from barrierfree.reader.extract import _record_tables_before
from barrierfree.reader.metadata import PageMeta, find_source
from barrierfree.reader.prune import drop_teaser_runs, prune
from barrierfree.reader.render import Block, render_html_blocks

SENTENCES = [
    "市政府常务会议研究部署今冬明春保暖保供工作，要求各地确保群众温暖过冬。",
    "会议指出，要加强煤电油气运调度，做好重点民生用气保障，严防安全事故发生。",
    "会议强调，各部门要压实责任，及时回应群众关切，切实把好事办好、实事办实。",
]


def _p(text: str) -> Block:
    el = etree.Element("p")
    el.text = text
    return Block("p", text, el)


def _blocks(html: str) -> list[Block]:
    box = lxml.html.fragment_fromstring(html, create_parent="div")
    return render_html_blocks(box, "http://example.cn/a.html")


# ------------------------------------------------------------------ rendering


def test_breaks_inside_an_inline_wrapper_split_paragraphs() -> None:
    blocks = _blocks(
        f'<font face="宋体">{SENTENCES[0]}<br><br>{SENTENCES[1]}<br><b>{SENTENCES[2]}</b></font>'
    )
    assert [b.text for b in blocks] == SENTENCES
    # the wrapper's formatting stays on each piece
    assert etree.tostring(blocks[2].element, encoding="unicode").count("<strong>") == 1


def test_breaks_nested_two_wrappers_deep_split_too() -> None:
    html = f"<span><font>{SENTENCES[0]}<br>{SENTENCES[1]}</font> {SENTENCES[2]}</span>"
    assert [b.text for b in _blocks(html)] == [SENTENCES[0], SENTENCES[1] + " " + SENTENCES[2]]


# ------------------------------------------------------------------ furniture by shape


def test_a_prev_next_label_may_name_what_it_points_to() -> None:
    assert is_junk_paragraph("上一篇新闻：城区新增公交线路三条")
    assert is_junk_paragraph("下一条信息：全市暑期安全生产大检查启动")
    # a sentence about an earlier article is not a pager
    assert not is_junk_paragraph("上一篇文章中我们介绍了申报条件，这一篇说说如何准备材料。")


def _table(rows: list[tuple[str, str | None]]) -> Block:
    """A table block, one cell per row: (text before the link, link text or None)."""
    table = etree.Element("table")
    lines = []
    for before, link in rows:
        td = etree.SubElement(etree.SubElement(table, "tr"), "td")
        td.text = before
        if link:
            a = etree.SubElement(td, "a", href="http://example.cn/x.html")
            a.text = link
        lines.append(" ".join(x for x in (before, link) if x))
    return Block("table", "\n".join(lines), table)


def test_a_ranked_list_laid_out_as_a_table_goes() -> None:
    ranked = _table(
        [
            ("新闻热点排行", None),
            ("1", "市区房价连续三个月上涨"),
            ("2", "今年高考录取工作结束"),
            ("3", "我市发布高温橙色预警"),
            ("4", "老城区改造方案征求意见"),
            ("图片新闻", None),
        ]
    )
    # the rank numbers and the two labels keep the plain link share under 70 %
    assert ranked.link_ratio < 0.7
    kept = prune([*(_p(s) for s in SENTENCES), ranked], None)
    assert [b.text for b in kept] == SENTENCES


def test_a_numbered_table_without_links_stays() -> None:
    steps = _table([("1 提交申请", None), ("2 窗口受理", None), ("3 现场核查", None)])
    kept = prune([*(_p(s) for s in SENTENCES), steps], None)
    assert kept[-1] is steps


def _row(*parts: tuple[str, bool], href: str = "javascript:;", sep: str = "") -> Block:
    """A paragraph of pieces, each a link (True) or plain text (False); its text the pieces
    joined by ``sep``."""
    el = etree.Element("p")
    last: etree._Element | None = None
    for text, link in parts:
        if link:
            last = etree.SubElement(el, "a", href=href)
            last.text = text
        elif last is None:
            el.text = (el.text or "") + text
        else:
            last.tail = (last.tail or "") + text
    return Block("p", sep.join(t for t, _ in parts), el)


def test_a_gallery_row_of_buttons_goes() -> None:
    row = _row(("上一张", True), ("1/3", False), ("下一张", True), ("自动播放", True))
    kept = prune([_p(SENTENCES[0]), row, _p(SENTENCES[1])], None)
    assert [b.text for b in kept] == SENTENCES[:2]


def test_short_links_inside_words_are_not_buttons() -> None:
    # words outside the links: a line of the article that links two offices
    line = _row(("请咨询", False), ("市医保局", True), ("或", False), ("市人社局", True))
    kept = prune([_p(SENTENCES[0]), line, _p(SENTENCES[1])], None)
    assert line in kept


def _page(body: str) -> bytes:
    return (
        "<html lang='en'><head><meta charset='utf-8'><title>Council news</title></head>"
        f"<body><main><h1>Council news</h1>{body}</main></body></html>"
    ).encode()


EN = [
    "The council has agreed a new plan to make every bus stop in the city step-free by 2030.",
    "Work will start this spring at the busiest stops, beginning with those near hospitals.",
    "Residents can comment on the list of stops until the end of next month on the website.",
]


def test_an_english_publication_stamp_under_the_article_ends_it() -> None:
    body = "".join(f"<p>{s}</p>" for s in EN) + (
        "<div><p>Published 27 February 2024<br>Last updated 28 February 2024 "
        "<a href='#h'>+ show all updates</a></p><ol><li>28 February 2024 — Corrected the "
        "list of stops.</li><li>27 February 2024 — First published.</li></ol></div>"
    )
    assert extract(_page(body)).paragraphs == EN


def test_a_sentence_about_publishing_is_not_a_stamp() -> None:
    last = "Updated guidance was published in March 2024 and is available from the library."
    body = "".join(f"<p>{s}</p>" for s in [*EN, last])
    assert extract(_page(body)).paragraphs == [*EN, last]


# ------------------------------------------------------------------ metadata


def _source(line: str) -> str | None:
    root = lxml.html.document_fromstring("<html><head></head><body><p>x</p></body></html>")
    return find_source(line, PageMeta(root))


def test_a_journal_issue_is_part_of_the_source_and_a_date_is_not() -> None:
    assert _source("来源：《某某党校学报》2024年第3期 | 字号") == "《某某党校学报》2024年第3期"
    assert _source("来源：某某日报 2024年5月1日") == "某某日报"
    assert _source("来源：某某日报2024-05-01") == "某某日报"


def test_a_full_width_space_before_the_next_label_is_not_the_source() -> None:
    assert _source("信息来源：县融媒体中心\u3000作者：张某") == "县融媒体中心"


# ------------------------------------------------------------------ the article's own lines


def test_an_authors_affiliation_note_is_the_articles_and_a_credit_is_not() -> None:
    blocks = [*(_p(s) for s in SENTENCES), _p("（作者单位：某某市委党校）")]
    assert [b.text for b in prune(blocks, None)][-1] == "（作者单位：某某市委党校）"
    blocks = [*(_p(s) for s in SENTENCES), _p("（作者为某某大学教授）")]
    assert [b.text for b in prune(blocks, None)][-1] == "（作者为某某大学教授）"
    blocks = [*(_p(s) for s in SENTENCES), _p("（作者：张某）")]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_a_byline_split_at_its_line_breaks_still_goes() -> None:
    # "作者： 周思博 (Joel Spolsky)<br>2005年1月2日<br>" under the headline
    blocks = [
        Block("h", "给计算机系学生的建议", etree.Element("h2")),
        _p("作者： 周思博 (Joel Spolsky)"),
        _p("2005年1月2日"),
        *(_p(s) for s in SENTENCES),
    ]
    assert [b.text for b in prune(blocks, None)] == ["给计算机系学生的建议", *SENTENCES]


def test_a_definition_lists_terms_are_headings_and_stay_before_the_body() -> None:
    # a 办事指南: the first term comes before any paragraph, and is the guide's own
    blocks = _blocks(
        "<dl><dt>办理对象</dt><dd>" + SENTENCES[0] + "</dd><dt>办理时限</dt><dd>即办件</dd></dl>"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("h", "办理对象"),
        ("p", SENTENCES[0]),
        ("h", "办理时限"),
        ("p", "即办件"),
    ]
    assert [b.text for b in prune(blocks, None)] == ["办理对象", SENTENCES[0], "办理时限", "即办件"]


def test_an_english_articles_pictures_stand_where_they_stood() -> None:
    body = (
        "<article><p class='byline'>By A Reporter</p>"
        "<figure><img src='/img/lead.jpg' alt='The lead picture'></figure>"
        f"<p>{EN[0]}</p><p>{EN[1]}</p>"
        "<img src='/img/icon.png' width='16' height='16' alt=''>"
        "<figure><img src='/img/middle.jpg' alt='A picture between paragraphs'></figure>"
        f"<p>{EN[2]}</p>"
        "<ul class='more'><li><a href='/other'><img src='/img/teaser.jpg' alt=''>Other story</a></li></ul>"
        "<img src='/img/after.jpg' alt='after the article'></article>"
    )
    art = extract(_page(body), "https://news.example.org/a/1")
    assert art.paragraphs == EN
    html = art.html
    lead = html.index("https://news.example.org/img/lead.jpg")
    middle = html.index("https://news.example.org/img/middle.jpg")
    assert lead < html.index(EN[0][:20]) < html.index(EN[1][:20]) < middle < html.index(EN[2][:20])
    for absent in ("icon.png", "teaser.jpg", "after.jpg"):
        assert absent not in html


def test_a_lazy_loaded_picture_gets_its_real_address() -> None:
    blocks = _blocks(
        f"<p>{SENTENCES[0]}</p><p><img src='/img/1x1.gif' data-src='/img/real.jpg' alt='x'></p>"
    )
    img = [b for b in blocks if b.kind == "img"][0]
    assert (
        etree.tostring(img.element, encoding="unicode").count("http://example.cn/img/real.jpg") == 1
    )


def test_a_pictures_provenance_under_it_goes() -> None:
    for line in ("图片来源于网络，侵删", "（图源：视觉中国）", "图片来自网络"):
        blocks = [_p(SENTENCES[0]), _p(line), _p(SENTENCES[1])]
        assert [b.text for b in prune(blocks, None)] == SENTENCES[:2], line
    # a line about pictures that is the article's
    keep = "图片新闻"
    blocks = [_p(SENTENCES[0]), _p(SENTENCES[1]), _p(keep), _p(SENTENCES[2])]
    assert keep in [b.text for b in prune(blocks, None)]


def _link_p(text: str) -> Block:
    el = etree.Element("p")
    a = etree.SubElement(el, "a", href="http://example.cn/f.pdf")
    a.text = text
    return Block("p", text, el)


def test_a_notice_of_scanned_pages_keeps_its_attachment_and_not_the_sidebar() -> None:
    img = etree.Element("img", src="http://example.cn/scan1.jpg")
    blocks = [
        Block("img", "", img),
        _link_p("附件：2024年度县级劳动模范推荐人选名单.pdf"),
        Block("h", "最新公告", etree.Element("h2")),
        *(_link_p(t) for t in ("关于开展2024年职工技能大赛的通知", "关于组织职工疗休养活动的通知")),
    ]
    kept = prune(blocks, None)
    assert [b.text for b in kept] == ["", "附件：2024年度县级劳动模范推荐人选名单.pdf"]


def test_a_bracketed_source_line_loses_its_closing_bracket_only() -> None:
    assert _source("（来源：某某镇人民政府）") == "某某镇人民政府"
    assert _source("来源：某某（集团）公司") == "某某（集团）公司"


def test_an_events_organisers_line_stays_and_a_footers_goes() -> None:
    line = "主办单位：某某市文化广电和旅游局　承办单位：某某市博物馆"
    after = "参观方式：免费参观，凭身份证或预约码入场。"
    blocks = [*(_p(s) for s in SENTENCES), _p(line), _p(after)]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, line, after]
    # the same shape at the end of the page is the site's footer
    blocks = [*(_p(s) for s in SENTENCES), _p(line)]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # and in the page, before the extractor sees it
    body = "".join(f"<p>{s}</p>" for s in SENTENCES)
    page = (
        "<html><head><meta charset='utf-8'><title>展览开幕</title></head><body><h1>展览开幕</h1>"
        f"<div>{body}<p>{line}</p><p>{after}</p></div>"
        "<div><p>主办：某某市人民政府办公室　承办：某某市大数据中心</p></div></body></html>"
    )
    assert extract(page.encode()).paragraphs == [*SENTENCES, line, after]


def test_a_heading_is_not_an_editor_line() -> None:
    blocks = [
        _p(SENTENCES[0]),
        Block("h", "记者手记", etree.Element("h3")),
        _p(SENTENCES[1]),
    ]
    assert [b.text for b in prune(blocks, None)] == [SENTENCES[0], "记者手记", SENTENCES[1]]


def test_a_counter_glued_to_its_label_under_the_article_goes() -> None:
    row = etree.Element("p")
    for text in ("点赞", "12"):
        etree.SubElement(row, "span").text = text
    blocks = [*(_p(s) for s in SENTENCES), Block("p", "点赞12", row)]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_the_source_stops_at_a_font_size_toolbar() -> None:
    assert _source("来源：市博物馆\u3000字体：【大 中 小】") == "市博物馆"


def test_a_permalink_and_a_reprint_request_end_the_article() -> None:
    tail = [
        "本文链接：http://www.example-sq.com/sqdt/2023/0821/1023.html",
        "转载请注明出处：某某社区网",
    ]
    blocks = [_p(s) for s in [*SENTENCES, *tail]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # an address inside a sentence is the article's
    line = "报名网址为http://bm.example.gov.cn，请于5月14日前完成填报。"
    blocks = [_p(s) for s in [*SENTENCES, line]]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, line]


def test_an_english_credit_line_goes() -> None:
    for credit in ("Editor: Wang Lin", "Edited by Jane Smith", "Reporter: Li Ming and Zhao Hui"):
        blocks = [*(_p(s) for s in EN), _p(credit)]
        assert [b.text for b in prune(blocks, None)] == EN, credit
    # a sentence that starts with the word is the article's
    line = "Editors at the paper said the change would make the site easier to read."
    blocks = [*(_p(s) for s in EN), _p(line)]
    assert [b.text for b in prune(blocks, None)] == [*EN, line]


def test_a_traditional_script_source_line_is_read() -> None:
    assert (
        _source("發佈時間：2024-09-20\u3000來源：市衛生健康委\u3000瀏覽次數：512") == "市衛生健康委"
    )
    assert _source("資料來源：衛生局 更新日期：2024-09-20") == "衛生局"


def test_an_end_mark_under_the_article_goes() -> None:
    for mark in ("（完）", "-END-", "【全文完】"):
        blocks = [*(_p(s) for s in SENTENCES), _p(mark)]
        assert [b.text for b in prune(blocks, None)] == SENTENCES, mark
    # a sentence ending in 完 is the article's
    line = "工程预计年底全部完工，届时通行时间将缩短一半，群众出行更方便完善。"
    blocks = [*(_p(s) for s in SENTENCES), _p(line)]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, line]


def test_a_doubled_dash_joins_a_title_to_its_subtitle() -> None:
    page = (
        "<html><head><meta charset='utf-8'>"
        "<title>致全市老年朋友的一封信——谨防养老诈骗_某某市公安局</title></head><body>"
        "<div><img src='/t.png' alt='致全市老年朋友的一封信——谨防养老诈骗'></div>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES)
        + "</body></html>"
    )
    assert extract(page.encode()).title == "致全市老年朋友的一封信——谨防养老诈骗"
    # a single dash between title and site name still splits
    page = page.replace("——谨防养老诈骗_某某市公安局", " — 某某市公安局", 1)
    assert extract(page.encode()).title == "致全市老年朋友的一封信"


# ------------------------------------------------------------------ round 14 (2026-12-03)


def _link_row(*parts: tuple[str, bool]) -> Block:
    """A row (``_row``) whose links go to a page and whose text has its pieces spaced."""
    return _row(*parts, href="http://example.cn/x.html", sep=" ")


def test_a_record_of_labelled_lines_before_the_body_is_kept() -> None:
    record = [
        "时间：2024年4月18日（星期四）上午10:00",
        "地点：省政府新闻发布厅",
        "主持人：省政府新闻办副主任 王某",
        "发布人：省统计局副局长 张某某",
    ]
    blocks = [_p(s) for s in [*record, *SENTENCES]]
    assert [b.text for b in prune(blocks, None)] == [*record, *SENTENCES]
    # a byline split into lines is still a byline: its labels are all a byline's
    byline = ["发布时间：2024-04-18 15:20", "来源：省政府新闻办公室", "作者：王某"]
    blocks = [_p(s) for s in [*byline, *SENTENCES]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # and two labelled lines, one of them a byline's, are no record: short lines before
    # the body go as before
    blocks = [_p(s) for s in [*record[:2], *SENTENCES]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_a_record_box_before_the_article_container_joins_the_article() -> None:
    talk = "".join(f"<p><strong>王某：</strong>{s}</p>" for s in SENTENCES)
    page = lxml.html.fromstring(
        "<html><body><h1>省政府新闻办举行新闻发布会</h1><div class='fbh'>"
        "<div class='info'><p>时间：2024年4月18日上午10:00</p><p>地点：省政府新闻发布厅</p>"
        "<p>主持人：省政府新闻办副主任 王某</p></div>"
        "<ul class='tabs'><li>文字实录</li><li>图片直播</li></ul>"
        f"<div class='pane'>{talk}</div></div></body></html>"
    )
    pane = page.find_class("pane")[0]
    record = [b.text for b in _record_tables_before(pane, None)]
    assert record == [
        "时间：2024年4月18日上午10:00",
        "地点：省政府新闻发布厅",
        "主持人：省政府新闻办副主任 王某",
    ]
    # a byline box before the container is not a record
    byline = lxml.html.fromstring(
        "<div><div><p>发布时间：2024-04-18</p><p>来源：新闻办</p><p>作者：王某</p></div>"
        f"<div class='pane'>{talk}</div></div>"
    )
    assert _record_tables_before(byline.find_class("pane")[0], None) == []


def test_a_button_and_its_counter_under_the_article_go() -> None:
    row = _link_row(("我要提意见", True), (" 已有 23 人参与", False))
    blocks = [*(_p(s) for s in SENTENCES), row]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # a link to an attachment with its size is the article's; so is a line with a short
    # link and no count beside it
    for kept in (
        _link_row(("附件：", False), ("2024年培训报名表", True), (" 28KB", False)),
        _link_row(("报名入口：", False), ("市人社局网站", True)),
    ):
        blocks = [*(_p(s) for s in SENTENCES), kept]
        assert [b.text for b in prune(blocks, None)] == [*SENTENCES, kept.text]


def test_an_accordion_heading_held_in_a_button_is_kept() -> None:
    panes = "".join(
        f"<h2><button aria-expanded='false'>{head}<span class='visually-hidden'>"
        f", Show this section</span></button></h2><div class='pane'><p>{text}</p></div>"
        for head, text in zip(("Prices", "How to book"), EN, strict=False)
    )
    page = (
        "<html lang='en'><head><meta charset='utf-8'><title>Bulky waste</title></head><body>"
        f"<main><h1>Bulky waste</h1><p>{EN[-1]}</p>{panes}"
        "<form><button type='submit'>Search</button></form></main></body></html>"
    )
    got = extract(page.encode()).paragraphs
    assert got == [EN[-1], "Prices", EN[0], "How to book", EN[1]]


def test_a_title_tag_of_site_and_page_kind_yields_to_the_heading() -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>某某省政务服务网-事项详情</title></head>"
        "<body><div class='logo'><img src='/l.png' alt='某某省政务服务网'></div>"
        "<h2>城乡居民最低生活保障对象认定</h2><p>办件评价：★★★★★ 满意度 99.2%</p>"
        "<h3>办理流程</h3>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</body></html>"
    )
    article = extract(page.encode())
    assert article.title == "城乡居民最低生活保障对象认定"
    assert article.paragraphs[-3:] == SENTENCES
    assert not any("城乡居民" in p or "★" in p for p in article.paragraphs)
    # a <title> with a headline in it still gives the headline
    page = page.replace("某某省政务服务网-事项详情", "城乡低保认定办事指南-某某省政务服务网", 1)
    assert extract(page.encode()).title == "城乡低保认定办事指南"


def test_a_rating_widget_line_goes() -> None:
    blocks = [_p(SENTENCES[0]), _p("办件评价：★★★★★ 满意度 99.2%"), *(_p(s) for s in SENTENCES[1:])]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


# ------------------------------------------------------------------ round 16 (2026-12-03)


def test_an_end_mark_ends_the_article_with_its_stamp_and_contact() -> None:
    for tail in (
        ["完", "2024年5月20日（星期一）", "香港時間15時30分"],
        ["###", "Media Contact:", "Sam Rivera, Press Secretary", "(555) 010-4400"],
        ["- 30 -", "Contact: press office"],
    ):
        blocks = [_p(s) for s in [*SENTENCES, *tail]]
        assert [b.text for b in prune(blocks, None)] == SENTENCES, tail
    # a notice's sign-off after its last paragraph stays (no end mark before it)
    signoff = ["某某市人民政府办公室", "2024年5月20日"]
    blocks = [_p(s) for s in [*SENTENCES, *signoff]]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, *signoff]


def test_a_helpful_poll_under_the_answer_goes() -> None:
    poll = _link_row(
        ("以上回答对您是否有帮助？ ", False),
        ("有帮助（36）", True),
        (" ", False),
        ("没帮助（2）", True),
    )
    blocks = [*(_p(s) for s in SENTENCES), poll]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_the_next_articles_preview_under_a_mobile_article_goes() -> None:
    nxt = "今年我市将利用城市边角地、闲置地新建5座口袋公园，预计5月起陆续建成开放。"
    page = (
        "<html><head><meta charset='utf-8'><title>免费健康体检</title></head><body>"
        "<div class='a'><h1>免费健康体检</h1>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES)
        + "</div><div class='n'><div>下一篇</div><div class='a'><h2>城区新建口袋公园</h2>"
        f"<p>2024-04-02 08:10</p><p>{nxt}</p></div></div></body></html>"
    )
    assert extract(page.encode()).paragraphs == SENTENCES
    # the label may have its colon
    page = page.replace("<div>下一篇</div>", "<div>下一篇：</div>", 1)
    assert nxt not in extract(page.encode()).text


def test_a_column_of_linked_titles_with_summaries_is_cut_off_the_end() -> None:
    teasers = [
        ("集团开展安全生产月应急演练", "5月16日，集团在第二水厂开展应急处置演练，共80余人参加。"),
        ("第三水厂扩建工程通过竣工验收", "扩建工程新增日供水能力10万吨，将缓解城东片区用水压力。"),
        ("集团举办水务开放日活动", "60余名市民代表走进水厂，参观了取水、净水、送水全过程。"),
    ]
    column = [_p("新闻动态")]
    for title, summary in teasers:
        column += [_link_row((title, True)), _p(summary)]
    blocks = [*(_p(s) for s in SENTENCES), *column]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # a page that is such a list from its start keeps it (nothing before it is an article)
    assert drop_teaser_runs(column[1:]) == column[1:]
    # attachment links with a sign-off under them are the article's
    files = [_link_row((f"{i}.申报材料{i}.docx", True)) for i in (1, 2, 3)]
    blocks = [*(_p(s) for s in SENTENCES), *files, _p("某某市科学技术局"), _p("2024年3月18日")]
    assert len(prune(blocks, None)) == len(blocks)


# ------------------------------------------------------------------ round 17 (2026-12-03)


def test_a_documents_own_heading_lines_before_the_body_are_kept() -> None:
    head = ["某某市某某区人民法院", "民 事 判 决 书", "（2024）某0102民初1234号"]
    blocks = [_p(s) for s in [*head, *SENTENCES]]
    assert [b.text for b in prune(blocks, None)] == [*head, *SENTENCES]
    # without a document number they are short lines before the body, as before
    blocks = [_p(s) for s in [*head[:2], *SENTENCES]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_letter_spaced_signatures_are_not_a_widget_row() -> None:
    signed = ["审 判 员\u3000王 某 某", "二〇二四年三月五日", "书 记 员\u3000李 某"]
    blocks = [_p(s) for s in [*SENTENCES, *signed]]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, *signed]
    # a row of widget words still goes
    blocks = [_p(s) for s in [*SENTENCES, "赞 在看"]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_two_record_lines_with_spaced_out_labels_are_kept() -> None:
    record = ["姓\u3000\u3000名：张某某", "职\u3000\u3000务：县委副书记、县人民政府县长"]
    blocks = [_p(s) for s in [*record, *SENTENCES]]
    assert [b.text for b in prune(blocks, None)] == [*record, *SENTENCES]
    # two lines of which one is a byline's are not a record
    blocks = [_p(s) for s in ["来源：县政府办", "栏目：领导之窗", *SENTENCES]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_a_short_headline_in_the_title_tag_beats_a_later_heading() -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>东山森林公园-景区景点-某某县文化和旅游局</title>"
        "</head><body><h1>东山森林公园</h1><h2>景区介绍</h2>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES)
        + "</body></html>"
    )
    assert extract(page.encode()).title == "东山森林公园"


def test_a_photo_in_its_own_box_before_the_article_is_kept() -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>张某某_领导之窗</title></head><body>"
        "<div class='menu'><a href='/a'>县政府领导</a></div><div class='right'>"
        "<div class='photo'><img src='/ld/zhang.jpg' width='160'></div>"
        "<div class='part'>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</div>"
        "</div></body></html>"
    )
    article = extract(page.encode(), "http://example.gov.cn/ld/1.html")
    assert "http://example.gov.cn/ld/zhang.jpg" in article.html
    assert article.paragraphs == SENTENCES


# ------------------------------------------------------------------ round 18 (2026-12-03)


def _badge_block(px: str) -> Block:
    p = etree.Element("p")
    etree.SubElement(p, "img", src="http://example.cn/qr.png", alt="")
    p[0].set("data-px", px)
    return Block("img", "", p)


def test_qr_codes_and_their_captions_are_cut_off_the_end() -> None:
    signoff = [_p("某某市教育局"), _p("2024年8月20日")]
    tail = [_badge_block("150x150"), _p("长按识别二维码"), _p("关注“某某教育发布”")]
    blocks = [*(_p(s) for s in SENTENCES), *signoff, *tail]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, "某某市教育局", "2024年8月20日"]
    # a row of account badges with their label
    matrix = [_p("某某区新媒体矩阵")]
    for name in ("政务微博", "政务微信", "政务抖音"):
        matrix += [_badge_block("100x100"), _p(name)]
    blocks = [*(_p(s) for s in SENTENCES), *matrix]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # a photo with its caption under the article stays (not square, or large)
    for px in ("600x400", "500x500"):
        blocks = [*(_p(s) for s in SENTENCES), _badge_block(px), _p("图为会议现场")]
        assert [b.text for b in prune(blocks, None)] == [*SENTENCES, "", "图为会议现场"], px


def test_a_document_number_after_the_byline_is_kept() -> None:
    blocks = [
        _p("发布时间：2024-05-08 来源：市政府办公室"),
        _p("某政办明电〔2024〕9号"),
        *(_p(s) for s in SENTENCES),
    ]
    assert [b.text for b in prune(blocks, None)] == ["某政办明电〔2024〕9号", *SENTENCES]


def test_a_reprint_and_infringement_note_ends_the_article() -> None:
    tail = ["本文转载自网络，如有侵权请联系删除。", "▼往期推荐▼", "老人夏季饮水的3个注意事项"]
    blocks = [_p(s) for s in [*SENTENCES, *tail]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # an article sentence about infringement in the middle stays
    line = "对于网络侵权行为，市场监管部门将依法查处。"
    blocks = [_p(s) for s in [line, *SENTENCES]]
    assert [b.text for b in prune(blocks, None)] == [line, *SENTENCES]


def test_a_site_name_title_yields_to_a_styled_headline_not_the_column_heading() -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>某某市教育局</title></head><body>"
        "<div class='side'><h1>通知公告</h1></div><div class='main'>"
        "<div class='article-title'>关于2024年秋季学期中小学开学时间的通知</div>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES)
        + "</div></body></html>"
    )
    assert extract(page.encode()).title == "关于2024年秋季学期中小学开学时间的通知"


# ------------------------------------------------------------------ round 20 (2026-12-03)


def test_a_question_to_the_reader_under_the_article_goes() -> None:
    blocks = [_p(s) for s in [*SENTENCES, "您对本条信息是否满意？"]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # a closing question that does not address the reader stays
    blocks = [_p(s) for s in [*SENTENCES, "下一步怎么办？"]]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, "下一步怎么办？"]


def test_a_related_reading_box_inside_the_text_goes_with_its_label() -> None:
    box = (
        "<div class='box'><p><strong>【延伸阅读】</strong></p>"
        "<p><a href='/a/655.html'>2023年我市完成老旧小区改造105个</a></p>"
        "<p>去年全市共改造老旧小区105个、惠及居民2.3万户，新增停车位4100个。</p></div>"
    )
    text = [
        *SENTENCES,
        "改造将坚持先民生后提升，优先实施水电气热管网更新和楼道、屋面维修，"
        "具备条件的小区同步加装电梯、建设充电设施，各区将在4月底前完成居民意见征询。",
    ]
    page = (
        "<html><head><meta charset='utf-8'><title>老旧小区改造</title></head><body>"
        "<h1>老旧小区改造</h1><div class='text'>"
        + "".join(f"<p>{s}</p>" for s in text)
        + box
        + "</div></body></html>"
    )
    assert extract(page.encode()).paragraphs == text


def test_an_english_gift_or_listen_line_late_in_the_article_goes() -> None:
    for line in ("Gift this article to a friend", "Listen to more articles in the app"):
        blocks = [_p(s) for s in [*EN, line]]
        assert [b.text for b in prune(blocks, None)] == EN, line


# ------------------------------------------------------------------ round 21 (2026-12-03)


def test_the_end_ends_the_article() -> None:
    tail = ["— THE END —", "喜欢此内容的人还喜欢", "养老金认证，这些方式足不出户就能办"]
    blocks = [_p(s) for s in [*SENTENCES, *tail]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_picture_click_hints_go() -> None:
    for hint in ("▲点击图片进入下一页", "（图片可点击放大）"):
        blocks = [_p(SENTENCES[0]), _p(hint), *(_p(s) for s in SENTENCES[1:])]
        assert [b.text for b in prune(blocks, None)] == SENTENCES, hint


def test_a_labelled_site_note_is_a_disclaimer() -> None:
    note = "温馨提示：本站所有信息仅供参考，具体以现场公告为准。"
    blocks = [_p(s) for s in [*SENTENCES, note]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # a 温馨提示 of the article's own stays
    own = "温馨提示：办理时请携带本人身份证原件。"
    blocks = [_p(s) for s in [*SENTENCES, own]]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, own]


# ------------------------------------------------------------------ round 22 (2026-12-03)


def test_requests_to_like_or_share_under_the_article_go() -> None:
    tail = ["觉得有用就点个赞吧～", "欢迎转发给身边的老人"]
    blocks = [_p(s) for s in [*SENTENCES, *tail]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # a sentence of the article about sharing stays
    line = "市民可将报名链接转发给身边有需要的老人。"
    blocks = [_p(s) for s in [*SENTENCES, line]]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, line]


# ------------------------------------------------------------------ round 23 (2026-12-03)


def test_a_link_line_pointing_on_with_arrows_goes_anywhere() -> None:
    for text in ("点击进入“2024年征兵”专题》》", "更多征兵政策请点击>>"):
        line = _link_row((text, True))
        blocks = [_p(SENTENCES[0]), line, *(_p(s) for s in SENTENCES[1:])]
        assert [b.text for b in prune(blocks, None)] == SENTENCES, text
    # a link to a document in its book-title marks is not an arrow
    line = _link_row(("详见", False), ("《某某市征兵工作实施办法》", True))
    blocks = [_p(SENTENCES[0]), line, *(_p(s) for s in SENTENCES[1:])]
    assert [b.text for b in prune(blocks, None)] == [SENTENCES[0], line.text, *SENTENCES[1:]]


def test_a_row_of_counters_goes() -> None:
    for row in ("阅读 1.2万 · 评论 3 · 2024-04-25", "阅读(128)┊评论 (6)┊收藏(2)"):
        blocks = [_p(s) for s in [*SENTENCES, row]]
        assert [b.text for b in prune(blocks, None)] == SENTENCES, row
    # one counter and a date is no row of counters; nor a schedule line
    for kept in ("2024-04-25 · 第3期", "报名人数 1200 · 录取人数 300 · 录取率 25%"):
        blocks = [_p(s) for s in [*SENTENCES, kept]]
        assert kept in [b.text for b in prune(blocks, None)], kept


# ------------------------------------------------------------------ round 24 (2026-12-03)


def test_picture_credits_and_reprint_notes_go() -> None:
    for tail in (
        ["（本文图片由市摄影家协会提供）", "如需转载请联系后台"],
        ["（本文为原创，转载请注明出处）", "往期回顾", "市老年大学2024年秋季开学"],
    ):
        blocks = [_p(s) for s in [*SENTENCES, *tail]]
        assert [b.text for b in prune(blocks, None)] == SENTENCES, tail
    # an article sentence about a photographer's gift stays
    line = "展览中的200余幅图片由市摄影家协会会员拍摄，展期一个月。"
    blocks = [_p(s) for s in [*SENTENCES, line]]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, line]


# ------------------------------------------------------------------ tab-label bars (reader5)


def _li(text: str) -> Block:
    el = etree.Element("li")
    el.text = text
    return Block("li", text, el, list_tag="ul")


def test_a_bar_of_tab_labels_before_the_body_goes() -> None:
    record = [_p("地点：省政府新闻发布厅"), _p("主持人：省政府新闻办副主任 王某")]
    for bar in (
        [_li("文字实录"), _li("图片直播"), _li("视频回放")],
        [_p("正文"), _p("图集"), _p("视频")],
        [_p("文字实录　图片直播　视频回放")],
        [_p("文字实录 | 图片直播 | 视频回放")],
    ):
        blocks = [*record, *bar, *(_p(s) for s in SENTENCES)]
        # even when the short lines before the body are kept (keep_short)
        for keep in (False, True):
            got = [b.text for b in prune(blocks, None, keep_short=keep)]
            assert got == [r.text for r in record] + SENTENCES, (bar[0].text, keep)


def test_short_lines_of_other_shapes_before_the_body_are_not_a_tab_bar() -> None:
    # one bare label (a headline's second line), two labels that are the same, a
    # numbered heading, a record line: none is a bar of tabs
    for lines in (["图片直播"], ["视频", "视频"], ["一、总体要求"], ["主持人：王某"]):
        blocks = [*(_p(t) for t in lines), *(_p(s) for s in SENTENCES)]
        got = [b.text for b in prune(blocks, None, keep_short=True)]
        assert got[: len(lines)] == lines, lines
    # a bar of labels after the body has started is left to the other rules
    blocks = [_p(SENTENCES[0]), _li("文字实录"), _li("图片直播"), _p(SENTENCES[1])]
    assert "文字实录" in [b.text for b in prune(blocks, None)]


# ------------------------------------------------------------------ round 25 (reader5)


def test_a_prompt_and_its_bare_label_answers_under_the_article_go() -> None:
    for row in ("本文标签：流感　疫苗接种　健康提示", "本页内容对您有帮助吗？　有帮助　没帮助"):
        blocks = [_p(s) for s in [*SENTENCES, row]]
        assert [b.text for b in prune(blocks, None)] == SENTENCES, row
    # a contact line's names, a sentence with a colon, a question the article asks
    for kept in (
        "联系人：张某　李某　王某某",
        "报名方式：现场报名　电话报名　网上报名均可。",
        "什么是高龄津贴？　请看下文",
    ):
        blocks = [_p(s) for s in [*SENTENCES, kept]]
        assert [b.text for b in prune(blocks, None)][-1] == kept, kept


# ------------------------------------------------------------------ round 26 (reader)

BODY = "".join(f"<p>{s}</p>" for s in SENTENCES)


def _page(body: str, title: str = "<title>某某新闻网</title>") -> str:
    return f"<html><head><meta charset='utf-8'>{title}</head><body>{body}</body></html>"


def test_a_related_label_takes_the_text_between_its_links() -> None:
    # "相关链接：" heading a paragraph of "·title (date)" lines: the dots and dates between
    # the links go with the label and its links
    links = "".join(
        f'<br>·<a href="http://example.cn/{i}.html">社区卫生服务第{i}篇报道</a> (2005/02/2{i} 08:21)'
        for i in range(1, 4)
    )
    more = [s.replace("会议", "市政府") for s in SENTENCES]
    body = BODY + "".join(f"<p>{s}</p>" for s in more)
    art = extract(_page(f"<div>{body}<p><b>相关链接：</b>{links}</p></div>"))
    assert art.paragraphs == SENTENCES + more
    # a paragraph that mentions related links in a sentence is the article's
    own = "<p>详情请见<a href='http://example.cn/z.html'>市卫生局网站</a>的通知。</p>"
    assert (
        extract(_page(f"<div>{BODY}{own}</div>")).paragraphs[-1] == "详情请见市卫生局网站的通知。"
    )


def test_a_group_of_choices_outside_a_form_goes_whole() -> None:
    poll = (
        '<div>您对此回复是否满意：<label><input type="radio" name="p">满意</label>'
        '<label><input type="radio" name="p">基本满意</label>'
        '<label><input type="radio" name="p">不满意</label></div>'
    )
    assert extract(_page(f"<div>{BODY}{poll}</div>")).paragraphs == SENTENCES
    # one tick box in a sentence, and a long block around two choices, stay
    one = '<p><input type="checkbox">本人已阅读并同意上述报名须知。</p>'
    assert (
        extract(_page(f"<div>{BODY}{one}</div>")).paragraphs[-1] == "本人已阅读并同意上述报名须知。"
    )


def test_a_page_kind_title_yields_to_a_styled_headline_without_h1() -> None:
    head = '<div class="zx_title" style="font-size:22px">退休人员异地就医备案怎么办理？</div>'
    art = extract(
        _page(f"<div>{head}{BODY}</div>", "<title>在线咨询-某某市人力资源和社会保障局</title>")
    )
    assert art.title == "退休人员异地就医备案怎么办理？"
    assert art.paragraphs == SENTENCES
    # with no headline-like block at all the <title>'s longest part stays
    art = extract(_page(f"<div>{BODY}</div>", "<title>在线咨询-某某市人力资源和社会保障局</title>"))
    assert art.title == "某某市人力资源和社会保障局"


def _table_of(rows: list[tuple[str, str]], linked: bool = True) -> Block:
    html = "".join(
        f"<tr><td>{f'<a href=http://example.cn/{i}.html>{t}</a>' if linked else t}</td><td>{d}</td></tr>"
        for i, (t, d) in enumerate(rows)
    )
    el = lxml.html.fragment_fromstring(f"<table>{html}</table>")
    return Block("table", "\n".join(f"{t} {d}" for t, d in rows), el)


def test_a_table_of_linked_titles_and_short_dates_goes() -> None:
    rows = [
        ("滨江公园改造提升工程完工", "04-20"),
        ("我市新增口袋公园20个", "04-12"),
        ("绿道建设进入冲刺阶段", "03-29"),
    ]
    blocks = [*(_p(s) for s in SENTENCES), _table_of(rows)]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # the same rows without links are a data table: kept
    table = _table_of(rows, linked=False)
    assert [b.text for b in prune([*(_p(s) for s in SENTENCES), table], None)][-1] == table.text


def test_a_picture_labelled_as_a_list_ends_the_article() -> None:
    label = '<p><img src="/img/xgxw.gif" alt="相关新闻" width="80" height="20"></p>'
    art = extract(_page(f"<div>{BODY}{label}</div>"), "http://example.cn/a.html")
    assert art.paragraphs == SENTENCES and "xgxw" not in art.html
    # a photo in the body stays
    photo = '<p><img src="/img/a1.jpg" alt="志愿者为老人理发" width="600" height="400"></p>'
    art = extract(
        _page(f"<div>{BODY}{photo}<p>{SENTENCES[0]}再</p></div>"), "http://example.cn/a.html"
    )
    assert "a1.jpg" in art.html


EN = [
    "For eleven years the stop outside the Red Lion in Milbury had no bus at all, and the "
    "timetable case was still bolted to the post, its paper bleached white by the sun.",
    "Then, last spring, a twelve-seat minibus painted in the parish colours began calling "
    "four times a day, run by a group of retired residents who had passed their tests.",
    "The service is funded by fares, a grant from the county council and a monthly quiz "
    "night at the Red Lion, and passengers over 66 travel free with their bus pass.",
]


def _en(text: str, kind: str = "p") -> Block:
    el = etree.Element("blockquote" if kind == "quote" else "p")
    el.text = text
    return Block(kind, text, el)


def test_an_inline_read_more_link_with_prose_after_does_not_end_the_article() -> None:
    line = _link_row(("Read more:", False), ("The branch lines that came back from the dead", True))
    blocks = [_en(EN[0]), _en(EN[1]), line, _en(EN[2])]
    assert [b.text for b in prune(blocks, None)] == EN
    # at the end, with only headlines after it, it still ends the article
    tail = [_en("Read more:"), _link_row(("Village shops that came back", True))]
    blocks = [*(_en(s) for s in EN), *tail]
    assert [b.text for b in prune(blocks, None)] == EN


def test_a_pull_quote_that_repeats_a_paragraph_goes() -> None:
    quote = '"We were not going to wait for somebody else to bring the bus back."'
    said = '"We were not going to wait for somebody else to bring the bus back," says Jean Porter.'
    blocks = [_en(EN[0]), _en(quote, "quote"), _en(said), _en(EN[1])]
    assert [b.text for b in prune(blocks, None)] == [EN[0], said, EN[1]]
    # a quotation found nowhere else in the article is the article's
    other = _en('"A bus is a lifeline when you no longer drive, and we are proud of it."', "quote")
    blocks = [_en(EN[0]), other, _en(EN[1])]
    assert [b.text for b in prune(blocks, None)] == [EN[0], other.text, EN[1]]


# ------------------------------------------------------------------ round 27 (reader)


def test_a_series_prev_next_issue_line_is_a_pager() -> None:
    assert is_junk_paragraph("上一期：12345热线每周问答（第31期）：防汛避险篇")
    assert is_junk_paragraph("下一期：暂无")
    # a sentence about the last issue is not a pager
    assert not is_junk_paragraph("上一期节目播出后，不少市民打来电话咨询。")


def test_the_label_over_a_table_of_other_articles_goes_with_it() -> None:
    rows = [
        ("物业管理条例修订草案公开征求意见", "已结束"),
        ("民生实事项目征集", "已结束"),
        ("电动自行车管理规定征求意见", "进行中"),
    ]
    table = _table_of(rows)
    blocks = [*(_p(s) for s in SENTENCES), _p("往期征集"), table]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # a sign-off or a date above such a table is the article's own last line
    for own in ("某某县应急管理局", "2024年5月30日"):
        blocks = [*(_p(s) for s in SENTENCES), _p(own), table]
        assert [b.text for b in prune(blocks, None)] == [*SENTENCES, own], own


# ------------------------------------------------------------------ round 28 (reader)


def test_a_sites_originality_note_ends_the_article() -> None:
    for note in ("本网原创稿件，转载请注明出处", "本站原创，未经授权不得转载"):
        blocks = [_p(s) for s in [*SENTENCES, note]]
        assert [b.text for b in prune(blocks, None)] == SENTENCES, note
    # an article sentence about original works stays
    own = "本届大赛共收到原创作品300余件，评出一等奖5名。"
    blocks = [_p(s) for s in [*SENTENCES, own]]
    assert [b.text for b in prune(blocks, None)] == [*SENTENCES, own]


def _img(px: str) -> Block:
    el = etree.Element("img", src="http://example.cn/a.jpg")
    el.set("data-px", px)
    return Block("img", "", el)


def test_a_lead_pictures_caption_before_the_body_is_kept() -> None:
    caption = "医护人员为社区老人测量血压。记者 冯某 摄"
    blocks = [_img("640x427"), _p(caption), *(_p(s) for s in SENTENCES)]
    assert [b.text for b in prune(blocks, None) if b.kind != "img"] == [caption, *SENTENCES]
    # without the picture the same short line is a kicker; under a QR code it is its label
    for before in ([], [_img("160x160")]):
        blocks = [*before, _p("医护人员为社区老人测量血压 记者摄"), *(_p(s) for s in SENTENCES)]
        assert [b.text for b in prune(blocks, None) if b.kind != "img"] == SENTENCES
    # a © credit under a picture is no caption
    blocks = [_img("640x427"), _p("Podcast © FMM"), *(_p(s) for s in SENTENCES)]
    assert [b.text for b in prune(blocks, None) if b.kind != "img"] == SENTENCES


def test_a_row_of_picture_buttons_goes() -> None:
    tools = (
        '<p><a href="javascript:window.print()"><img src="/b/print.gif" alt="打印"></a> '
        '<a href="javascript:window.close()"><img src="/b/close.gif" alt="关闭"></a> '
        '<a href="#"><img src="/b/top.gif" alt="顶部"></a></p>'
    )
    art = extract(_page(f"<div>{BODY}{tools}</div>"), "http://example.cn/a.html")
    assert art.paragraphs == SENTENCES and "print.gif" not in art.html and "top.gif" not in art.html
    # two photos in links (a gallery) stay
    photos = (
        '<p><a href="/p/1.jpg"><img src="/p/1.jpg" alt="会场"></a> '
        '<a href="/p/2.jpg"><img src="/p/2.jpg" alt="志愿者"></a></p>'
    )
    art = extract(
        _page(f"<div>{BODY}{photos}<p>{SENTENCES[0]}再</p></div>"), "http://example.cn/a.html"
    )
    assert "/p/1.jpg" in art.html and "/p/2.jpg" in art.html


# ------------------------------------------------------------------ round 29 (reader)


def test_the_headline_with_a_status_mark_and_a_tab_bar_after_a_record_table_go() -> None:
    title = "某某市人民政府关于印发某某市城市道路挖掘管理办法的通知"
    el = lxml.html.fragment_fromstring(
        "<table><tr><td>索引号：</td><td>000000/2019-00045</td></tr></table>"
    )
    record = Block("table", "索引号： 000000/2019-00045", el)
    blocks = [
        record,
        _p(title + " 【已失效】"),
        _li("文件"),
        _li("解读"),
        _li("图解"),
        *(_p(s) for s in SENTENCES),
    ]
    assert [b.text for b in prune(blocks, title)] == [record.text, *SENTENCES]
    # a headline with more words after it than a status mark is not a status mark
    from barrierfree.reader.prune import _status_marked

    assert _status_marked(title + "【已失效】", title)
    assert not _status_marked(title + "的补充通知", title)


def test_a_polls_result_and_count_under_the_article_go() -> None:
    tail = [
        "你支持公共收益由业主表决使用吗？",
        "支持 86%　不支持 9%　无所谓 5%",
        "已有 1,204 人参与",
    ]
    blocks = [_p(s) for s in [*SENTENCES, *tail]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # a sentence with percentages, and a count with more words, stay
    for own in ("其中支持的占86%，反对的占9%。", "已有1204人报名参加本次培训，名额已满。"):
        blocks = [_p(s) for s in [*SENTENCES, own]]
        assert [b.text for b in prune(blocks, None)][-1] == own, own


def test_tags_after_a_tag_label_go_a_contact_line_stays() -> None:
    blocks = [_p(s) for s in [*SENTENCES, "关键词：跌倒　老人　冬季"]]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    contact = "联系人：张某　李某　王某"
    blocks = [_p(s) for s in [*SENTENCES, contact]]
    assert [b.text for b in prune(blocks, None)][-1] == contact


def test_a_record_tables_publication_date_above_the_headline_beats_the_sign_off() -> None:
    from barrierfree.reader.dates import find_date

    text = "\n".join(
        [
            "索引号：",
            "000000/2019-00045",
            "成文日期：",
            "2019年6月12日",
            "发布日期：",
            "2019年6月18日",
            "某某市人民政府关于印发某某市城市道路挖掘管理办法的通知",
            "各区人民政府：",
            "现印发给你们。",
            "某某市人民政府",
            "2019年6月12日",
        ]
    )
    found = find_date(text, {}, [], None, "某某市人民政府关于印发某某市城市道路挖掘管理办法的通知")
    assert found is not None and found.value.isoformat() == "2019-06-18"
    # with no label before the headline, the sign-off under it still dates the page
    text = "\n".join(text.split("\n")[6:])
    found = find_date(text, {}, [], None, "某某市人民政府关于印发某某市城市道路挖掘管理办法的通知")
    assert found is not None and found.value.isoformat() == "2019-06-12"
