"""Capabilities the reader needs on pages it has never seen (issue 11), each shown on a
small page built for it: candidates chosen and never empty, lists of other articles found
by their structure (not their label), furniture by its shape, short lines before the body
kept, titles from any heading level without hidden elements or site names, dates never
read across a range."""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

from barrierfree.reader import extract
from barrierfree.reader.dates import find_date, read_date
from barrierfree.reader.extract import annotate_links, split_line_broken
from barrierfree.reader.prune import drop_link_runs, prune
from barrierfree.reader.render import Block

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from reader_metric import nav_lines, summarise  # noqa: E402

SENTENCES = [
    "市政府常务会议研究部署今冬明春保暖保供工作，要求各地确保群众温暖过冬。",
    "会议指出，要加强煤电油气运调度，做好重点民生用气保障，严防安全事故发生。",
    "会议强调，各部门要压实责任，及时回应群众关切，切实把好事办好、实事办实。",
]


def _p(text: str, link: bool = False) -> Block:
    el = etree.Element("p")
    if link:
        a = etree.SubElement(el, "a", href="http://example.cn/x.html")
        a.text = text
    else:
        el.text = text
    return Block("p", text, el)


def _page(body: str, title: str = "测试页面") -> bytes:
    return f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>".encode()


# ------------------------------------------------------------------ lists by structure


def test_a_run_of_short_link_lines_goes_whatever_its_label() -> None:
    blocks = [_p(s) for s in SENTENCES]
    blocks += [
        _p("看点速递"),
        *(_p(t, link=True) for t in ("甲地新闻一则", "乙地新闻两则", "丙地新闻三则")),
    ]
    kept = drop_link_runs(blocks)
    assert [b.text for b in kept] == SENTENCES  # the unknown label "看点速递" went with the list


def test_two_link_lines_are_not_a_list() -> None:
    blocks = [
        _p(SENTENCES[0]),
        _p("附件下载", link=True),
        _p("办事指南", link=True),
        _p(SENTENCES[1]),
    ]
    assert len(drop_link_runs(blocks)) == 4


def test_trafilatura_blocks_get_the_page_link_share() -> None:
    b = _p("·农村客运班车开进山区")  # rendered without its link, as trafilatura gives it
    annotate_links([b], ["农村客运班车开进山区"])
    assert b.link_ratio > 0.8
    prose = _p(SENTENCES[0])
    annotate_links([prose], ["农村客运班车开进山区"])
    assert prose.link_ratio == 0


# ------------------------------------------------------------------ shapes and places


def test_furniture_by_shape() -> None:
    junk = [
        "【打印本稿】",
        "[1] [2] [3] [4] [5] [6]",
        "上一页 1 2 3 下一页",
        "展开全文",
        "视频-健康体检进社区",
        "Related: Moon Rush: Private Lunar Lander Plans",
        "Click here to subscribe to our newsletter",
        "文：眉间尺",
        "党支部供稿 摄影/张艳 编辑/苏芳",
        "下载某某新闻客户端",
    ]
    blocks = [_p(SENTENCES[0]), *(_p(j) for j in junk), _p(SENTENCES[1])]
    assert [b.text for b in prune(blocks, None)] == SENTENCES[:2]


def test_a_disclaimer_and_a_trailing_source_line_end_the_article() -> None:
    blocks = [_p(s) for s in SENTENCES] + [
        _p("来源：市卫生健康委"),
        _p("【免责声明】本网站所刊登的信息，转载请注明出处。"),
    ]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def test_a_row_of_widget_labels_under_the_article_goes_but_not_a_closing_line() -> None:
    blocks = [_p(s) for s in SENTENCES] + [
        _p("来源：市人社局"),
        _p("阅读 2.1万"),
        _p("赞 在看"),
    ]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    # one word alone, a sign-off and a date stay: they are the notice's own
    closing = ["特此通知", "某某县教育局", "2023年9月12日"]
    blocks = [_p(s) for s in SENTENCES] + [_p(t) for t in closing]
    assert [b.text for b in prune(blocks, None)] == SENTENCES + closing


def test_a_short_article_hidden_until_a_script_shows_it_is_read() -> None:
    # (WeChat: #js_content has visibility:hidden until its script runs; the date is set by it)
    body = (
        "<h1>社保卡待遇资格认证指南</h1><em id='publish_time'></em>"
        "<div id='js_content' style='visibility: hidden; opacity: 0;'>"
        + "".join(f"<p><span>{s}</span></p>" for s in SENTENCES[:2])
        + "</div><div style='display:none'>预览时标签不可点</div>"
        "<script>var createTime = '2024-05-08 18:00';</script>"
    )
    art = extract(_page(body, "社保卡待遇资格认证指南"))
    assert art.paragraphs == SENTENCES[:2]
    assert art.date is not None and art.date.isoformat() == "2024-05-08"
    # a hidden menu of short labels is still dropped, however small the page
    body = (
        "<div style='display:none'>首页 栏目 搜索 登录 注册 帮助 关于</div><p>"
        + SENTENCES[0]
        + "</p>"
    )
    assert "首页" not in extract(_page(body)).text


def test_comments_menus_tag_lines_and_spaced_copyright_go() -> None:
    tags = _p("文章关键词：老年友善门诊 社区卫生")
    tags.page_links = 10 / len(tags.text)  # the two keywords were links on the page
    tail = [
        tags,
        _p("关于我们 | 联系我们 | 网站地图 | 招聘英才 | 广告服务"),
        _p("热门跟贴跟贴 168 条"),
        _p("网易北京市网友：这个好，我妈上次去挂号排了好久。"),
    ]
    assert [b.text for b in prune([_p(s) for s in SENTENCES] + tail, None)] == SENTENCES
    spaced = _p("人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用")
    assert [b.text for b in prune([_p(s) for s in SENTENCES] + [spaced], None)] == SENTENCES
    # an (original title) line before the body is the article's, brackets or not
    first = _p("（原标题：就诊有绿色通道 取药有专人陪同）")
    assert [b.text for b in prune([first] + [_p(s) for s in SENTENCES], None)][0] == first.text


def test_a_source_meta_that_repeats_its_label() -> None:
    head = "<meta name='source' content='来源：人民网－人民日报'>"
    page = f"<html><head><meta charset='utf-8'>{head}<title>标题</title></head><body>"
    page += "".join(f"<p>{s}</p>" for s in SENTENCES) + "</body></html>"
    assert extract(page.encode()).source == "人民网－人民日报"


def test_english_trailing_furniture() -> None:
    text = [
        "The council opened three cooling centres in libraries across the borough this week.",
        "They will stay open every day while the heat-health alert stays at amber or above.",
        "Staff can help visitors check on vulnerable neighbours during the hot weather.",
    ]
    blocks = [_p(t) for t in text] + [
        _p("Sign up for our weekly newsletter to get council news in your inbox."),
        _p("Tags: health, libraries, weather"),
        _p("© 2023 Riverside Borough Council. All rights reserved."),
    ]
    assert [b.text for b in prune(blocks, None)] == text


def test_short_lines_before_the_body_are_kept_when_they_are_the_article() -> None:
    names = [f"{n} 某某街道" for n in ("王秀兰", "刘建国", "孙丽华", "李德明", "张桂芳", "陈志强")]
    blocks = [_p("原标题：六位志愿者获评最美社区志愿者"), *(_p(n) for n in names), _p(SENTENCES[0])]
    kept = [b.text for b in prune(blocks, None)]
    assert kept[0].startswith("原标题")
    assert names[0] in kept and names[-1] in kept


def test_a_kicker_link_before_the_body_still_goes() -> None:
    blocks = [_p("【民生】", link=True), _p("要闻", link=True), *(_p(s) for s in SENTENCES)]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


# ------------------------------------------------------------------ candidates


def test_a_line_broken_paragraph_is_split() -> None:
    el = etree.Element("p")
    lines = [*SENTENCES, "以上措施自发布之日起施行。"]
    el.text = "\n".join(lines)
    blocks = split_line_broken([Block("p", " ".join(lines), el)])
    assert [b.text for b in blocks] == [*SENTENCES, "以上措施自发布之日起施行。"]


def test_never_empty_when_the_page_has_prose() -> None:
    # the only prose sits in a table of short link-free cells next to a menu
    body = (
        "<table><tr><td><a href='/'>首页</a></td><td><a href='/a'>栏目</a></td></tr></table>"
        "<div><span>" + "".join(SENTENCES) + "</span></div>"
    )
    art = extract(_page(body))
    assert art.paragraphs and SENTENCES[0][:10] in art.text


def test_a_very_short_notice_keeps_its_paragraphs_apart_from_the_headline() -> None:
    body = (
        "<div class='head'><h1>关于2024年春节放假安排的通知</h1></div><div id='content'>"
        "<p>根据国务院办公厅通知，2月10日至17日放假调休，共8天。</p><p>特此通知。</p></div>"
    )
    art = extract(_page(body, "关于2024年春节放假安排的通知"))
    assert art.title == "关于2024年春节放假安排的通知"
    assert art.paragraphs == ["根据国务院办公厅通知，2月10日至17日放假调休，共8天。", "特此通知。"]


def test_a_threads_first_post_is_the_article() -> None:
    post = "".join(SENTENCES)
    replies = "".join(
        f"<div class='post'><em>发表于 2021-6-1{i} 10:00</em><div class='msg'>回复{i}：{SENTENCES[i % 3]}</div></div>"
        for i in range(1, 5)
    )
    body = (
        "<h1>社区供暖问题讨论</h1><div class='post'><em>发表于 2021-6-10 09:00</em>"
        f"<div class='msg'>{post}</div></div>{replies}"
    )
    art = extract(_page(body, "社区供暖问题讨论 - 论坛"))
    assert art.text.replace("\n", "") == post
    assert art.date is not None and art.date.isoformat() == "2021-06-10"


# ------------------------------------------------------------------ titles


def test_title_from_an_h5_headline_not_the_hidden_share_title() -> None:
    head = (
        "<meta charset='utf-8'><title>专题 | 江豚回来了-新华网</title>"
        "<meta property='og:site_name' content='新华网'>"
    )
    body = (
        "<div style='display:none' class='share-title'>江豚回来了-新华网</div>"
        "<h5>江豚回来了</h5><div>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</div>"
    )
    html = f"<html><head>{head}</head><body>{body}</body></html>".encode()
    assert extract(html).title == "江豚回来了"


def test_the_printed_headline_wins_over_a_record_title_with_a_column_prefix() -> None:
    head = "<meta name='ArticleTitle' content='一图读懂｜医保参保缴费政策问答'>"
    page = f"<html><head><meta charset='utf-8'>{head}<title>医保参保缴费政策问答_政策解读</title></head>"
    page += "<body><h1>医保参保缴费政策问答</h1>" + "".join(f"<p>{s}</p>" for s in SENTENCES)
    assert extract((page + "</body></html>").encode()).title == "医保参保缴费政策问答"
    # a record title that the page prints whole is kept as it is
    page = page.replace("一图读懂｜", "")
    assert extract((page + "</body></html>").encode()).title == "医保参保缴费政策问答"


def test_site_name_suffix_is_stripped() -> None:
    head = "<meta charset='utf-8'><title>关于开展安全检查的通知_某某县人民政府</title>"
    body = "<div class='biaoti'>关于开展安全检查的通知_某某县人民政府</div>" + "".join(
        f"<p>{s}</p>" for s in SENTENCES
    )
    html = f"<html><head>{head}</head><body>{body}</body></html>".encode()
    assert extract(html).title == "关于开展安全检查的通知"


def test_a_title_with_a_dash_inside_keeps_it() -> None:
    head = "<meta charset='utf-8'><title>2023-2024学年校历 - 附件说明</title>"
    body = "<h1>2023-2024学年校历 - 附件说明</h1>" + "".join(f"<p>{s}</p>" for s in SENTENCES)
    html = f"<html><head>{head}</head><body>{body}</body></html>".encode()
    assert extract(html).title == "2023-2024学年校历 - 附件说明"


# ------------------------------------------------------------------ dates


def test_no_date_is_read_across_a_range() -> None:
    assert read_date("12/01/2004 - 01/01/2005") is None
    assert read_date("活动时间：2024年1月1日至3月31日") is None
    assert read_date("2024-01-05 - 2024-02-01") is None
    assert read_date("Published 2019-03-04 - 12:00").text == "2019-03-04"  # type: ignore[union-attr]
    assert read_date("2024-01-05至今").text == "2024-01-05"  # type: ignore[union-attr]


def test_a_sidebar_range_near_the_headline_is_not_the_date() -> None:
    text = "关于做好节日安全工作的通知\n专项整治\n12/01/2004 - 01/01/2005\n正文……\n2004年12月20日"
    found = find_date(text, {}, [], None, "关于做好节日安全工作的通知")
    assert found is not None and found.text == "2004-12-20"


# ------------------------------------------------------------------ the benchmark's junk by shape


def test_nav_lines_are_short_unknown_non_sentences() -> None:
    truth = "第一段正文内容。\n第二段正文内容。"
    got = "第一段正文内容。\n编辑精选\n高速公路冬季出行提示\n第二段正文内容。\n这是一句不在真值里的完整句子。"
    assert nav_lines(got, truth) == ["编辑精选", "高速公路冬季出行提示"]
    s = summarise([({"text": got}, {"articleBody": truth})])
    assert (s.nav_pages, s.nav_lines, s.junk_pages) == (1, 2, 0)


def test_article_sentences_that_sound_like_a_notice_stay() -> None:
    text = [
        *SENTENCES,
        "未经许可，任何单位和个人不得擅自占用城市绿地。",
        "Copyright law protects the authors of original works, the minister said.",
        "特别说明：本次补贴按户发放，每户限领一次。",
    ]
    assert [b.text for b in prune([_p(t) for t in text], None)] == text


def test_title_from_a_large_type_block_when_title_is_the_site_name() -> None:
    head = "<meta charset='utf-8'><title>某某县人民政府</title>"
    body = (
        "<h1>某某县人民政府</h1><div><a href='/'>首页</a> <a href='/zwgk'>政务公开</a></div>"
        "<table><tr><td style='font-size:20px;font-weight:bold'>关于2024年春节放假安排的通知</td></tr>"
        "<tr><td>" + "".join(f"<p>{s}</p>" for s in SENTENCES) + "</td></tr></table>"
    )
    html = f"<html><head>{head}</head><body>{body}</body></html>".encode()
    assert extract(html).title == "关于2024年春节放假安排的通知"


def test_a_short_line_repeated_under_every_picture_goes() -> None:
    blocks = []
    for s in SENTENCES:
        blocks += [_p(s), _p("Whatsapp Facebook Pinterest")]
    assert [b.text for b in prune(blocks, None)] == SENTENCES


def _table(rows: list[str], links: bool) -> Block:
    table = etree.Element("table")
    for r in rows:
        td = etree.SubElement(etree.SubElement(table, "tr"), "td")
        if links:
            a = etree.SubElement(td, "a", href="http://example.cn/a.html")
            a.text = r
        else:
            td.text = r
    return Block("table", "\n".join(rows), table)


def test_a_table_of_links_is_a_list_of_other_articles() -> None:
    rows = ["高速公路冬季出行提示", "省城新增三条公交线路", "春运火车票预售期调整"]
    blocks = [*(_p(s) for s in SENTENCES[:2]), _table(rows, links=True), _p(SENTENCES[2])]
    assert [b.text for b in prune(blocks, None)] == SENTENCES
    data = [*(_p(s) for s in SENTENCES[:2]), _table(rows, links=False), _p(SENTENCES[2])]
    assert len(prune(data, None)) == 4


def test_a_blog_stamped_under_its_post_keeps_the_post_not_a_comment() -> None:
    more = [
        "供热公司表示，已对全市老旧管网开展排查，发现问题的楼栋将在一周内完成维修。",
        "居民如遇室温不达标，可拨打供热服务热线，工作人员将在二十四小时内上门检测。",
        "社区还将组织志愿者走访独居老人，帮助他们检查暖气片和门窗的保温情况。",
    ]
    post = "".join(f"<p>{s}</p>" for s in SENTENCES + more)
    comments = "".join(
        f"<div class='c'><p>评论{i}：写得很好，支持一下。我们小区去年也遇到过同样的问题，"
        f"后来是物业和供热公司一起上门排查才解决的，希望大家都能暖暖和和过冬。</p>"
        f"<em>发表于 2021-6-1{i} 10:00</em></div>"
        for i in range(1, 4)
    )
    body = (
        f"<h1>社区供暖问题</h1><div class='post'>{post}<em>发表于 2021-6-10 09:00</em></div>"
        f"<div class='huifu'>{comments}</div>"
    )
    art = extract(_page(body, "社区供暖问题"))
    # the post, whole and first (not the first comment taken for a thread's first post)
    assert art.paragraphs[:6] == SENTENCES + more
