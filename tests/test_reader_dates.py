"""Publication dates: how precisely a page states them, and which of its dates is the
page's own (barrierfree.reader.dates)."""

from __future__ import annotations

import pytest

from barrierfree.reader import extract
from barrierfree.reader.dates import find_body_date, find_date, read_date


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("2024-03-05 10:00", "", ("2024-03-05", "day")),
        ("2024年3月5日", "", ("2024-03-05", "day")),
        # a month alone, also as a magazine's issue
        ("2003年5月", "", ("2003-05", "month")),
        ("——《北京之春》1996年6月号", "", ("1996-06", "month")),
        ("2003年5月", "", ("2003-05", "month")),
        ("二〇二二年一月二十七日", "", ("2022-01-27", "day")),
        ("二〇〇三年五月", "", ("2003-05", "month")),
        ("一九九八年十二月三十一日", "", ("1998-12-31", "day")),
        ("March 2024", "", ("2024-03", "month")),
        ("14 March 2024", "", ("2024-03-14", "day")),
        # metas that give only a year or a month
        ("2018", "", ("2018", "year")),
        ("2018-05", "", ("2018-05", "month")),
        # d/m/y vs m/d/y: only when it is unambiguous
        ("25/12/2019", "", ("2019-12-25", "day")),
        ("12/25/2019", "", ("2019-12-25", "day")),
        ("7/5/2005 9:23:57 PM", "", ("2005-07-05", "day")),  # the en-US clock of old ASP
        ("3/4/2005", "en-us", ("2005-03-04", "day")),
        ("3/4/2005", "en-gb", ("2005-04-03", "day")),
        ("3/4/2005", "zh-cn", None),
        ("3/4/2005", "", None),
        ("2024年13月", "", None),
        ("1989年6月", "", None),  # before the web
    ],
)
def test_read_date(text: str, lang: str, expected: tuple[str, str] | None) -> None:
    found = read_date(text, lang)
    assert ((found.text, found.precision) if found else None) == expected


def _find(text: str, metas: dict[str, str] | None = None, url: str | None = None) -> str | None:
    found = find_date(text, metas or {}, [], url, "关于开展安全生产月活动的通知")
    return found.text if found else None


HEAD = "首页\n通知公告\n关于开展安全生产月活动的通知\n"


@pytest.mark.parametrize(
    ("text", "metas", "url", "expected"),
    [
        # the 发布时间 line under the headline outranks a PubDate meta that disagrees
        (
            HEAD + "发布时间：2024-05-30\n来源：县应急管理局",
            {"pubdate": "2024-05-29 23:58"},
            None,
            "2024-05-30",
        ),
        # … but a meta that says the same day more precisely than the line is taken
        (HEAD + "发布日期：2024年5月\n", {"pubdate": "2024-05-30 10:00"}, None, "2024-05-30"),
        # 成文日期 comes first in the record table; 发布日期 is the page's date
        (HEAD + "成文日期：\n2024年05月27日\n发布日期：\n2024年05月30日", {}, None, "2024-05-30"),
        # without a 发布 label, a publication meta beats a weaker label
        (HEAD + "成文日期：2024年05月27日", {"pubdate": "2024-05-30"}, None, "2024-05-30"),
        # a generic "date" meta (often the build time) loses to a labelled line
        (HEAD + "日期：2024-05-30", {"date": "2024-11-02"}, None, "2024-05-30"),
        # "会议时间：" is not a date label, and a date in a sentence is not the page's date
        (
            HEAD + "各单位：\n会议时间：2024年6月3日上午九时，地点在县政府三楼会议室，"
            "请各单位主要负责同志准时参加本次会议，并提前十分钟到场签到。",
            {},
            "http://www.example.gov.cn/art/2024/05/30/art_1.html",
            "2024-05-30",
        ),
        (HEAD + "2024-05-30 阅读 1054 次\n正文", {}, None, "2024-05-30"),
        # an archive list near the headline is not the page's month
        (HEAD + "2005年9月 (1)\n2005年7月 (3)\n正文", {}, None, None),
        (HEAD + "正文", {}, "http://www.example.gov.cn/xwzx/202405/t20240530_1.html", "2024-05-30"),
    ],
)
def test_find_date_order(
    text: str, metas: dict[str, str], url: str | None, expected: str | None
) -> None:
    assert _find(text, metas, url) == expected


def test_body_date_from_the_article_only() -> None:
    paragraphs = ["会议要求，各县区要倒排工期、挂图作战，对尚未开工的项目逐一落实用地。"]
    page = "2023年12月 (5)\n" + paragraphs[0] + "\n——《乡土文丛》1998年6月号\n版权所有"
    found = find_body_date(paragraphs, page)
    assert found is not None and (found.text, found.precision) == ("1998-06", "month")
    # the archive line before the article is never read
    assert find_body_date(paragraphs, "2023年12月 (5)\n" + paragraphs[0] + "\n版权所有") is None
    assert find_body_date(["正文很长" * 20, "二〇二三年十一月二十日"]).text == "2023-11-20"  # type: ignore[union-attr]


def test_month_only_article_keeps_its_precision() -> None:
    body = "".join(
        f"<p>第{i}段正文，讲述山村学校老师和孩子们的日常生活与学习情况。</p>" for i in range(6)
    )
    html = (
        "<html><head><meta charset='utf-8'><title>乡村学校</title></head><body>"
        f"<div class='content'><h1>乡村学校</h1>{body}<p>——《乡土文丛》1998年6月号</p></div>"
        "</body></html>"
    )
    article = extract(html)
    assert article.date is not None and article.date.isoformat() == "1998-06-01"
    assert article.date_precision == "month"
    assert article.date_text == "1998-06"
    data = article.to_dict()
    assert data["date"] == "1998-06-01" and data["date_precision"] == "month"
