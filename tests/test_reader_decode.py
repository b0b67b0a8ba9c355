"""Bytes → text as a browser decides (table-driven), and the junk rules on single lines."""

from __future__ import annotations

import codecs

import pytest

from barrierfree.charset import decode_html, sniff_encoding
from barrierfree.reader import extract
from barrierfree.reader.cleanup import is_junk_paragraph, scrub_text

TEXT = "<p>镕基社区开展志愿服务活动，喆喆和珺珺参加。</p>"


@pytest.mark.parametrize(
    ("raw", "declared", "expected"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), None, "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "gbk", "utf-8"),  # a BOM beats the header
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None, "utf-16-le"),
        (b'<meta charset="gb2312">' + TEXT.encode("gb18030"), None, "gb18030"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=GBK">'
            + TEXT.encode("gbk"),
            None,
            "gb18030",
        ),
        (b"<meta charset='x-gbk'>" + TEXT.encode("gbk"), None, "gb18030"),
        (TEXT.encode("gbk"), "gb2312", "gb18030"),  # the HTTP header
        (b'<meta charset="big5">' + "繁體中文網頁".encode("big5"), None, "big5hkscs"),
        (b'<meta charset="iso-8859-1"><p>caf\xe9 \x93quoted\x94</p>', None, "cp1252"),
        (b'<meta charset="utf-16"><p>plain</p>', None, "utf-8"),
        (TEXT.encode("utf-8"), None, "utf-8"),  # no declaration, valid UTF-8
        (
            ("<p>" + "中华人民共和国国务院办公厅关于印发通知" * 20 + "</p>").encode("gb18030"),
            None,
            "gb18030",
        ),
        # a stale gb2312 <meta> over UTF-8 bytes (pages saved by tools): the bytes win
        (b'<meta charset="gb2312">' + TEXT.encode("utf-8"), None, "utf-8"),
        (b'<meta charset="no-such-charset">' + TEXT.encode("utf-8"), None, "utf-8"),
    ],
)
def test_encoding_is_decided_like_a_browser(
    raw: bytes, declared: str | None, expected: str
) -> None:
    assert sniff_encoding(raw, declared) == expected


def test_characters_beyond_gb2312_survive_a_gb2312_label() -> None:
    raw = b'<meta charset="gb2312">' + TEXT.encode("gb18030")
    text, codec = decode_html(raw)
    assert codec == "gb18030" and "镕基" in text and "喆喆和珺珺" in text


def test_str_is_read_as_is_without_its_bom() -> None:
    page = "<html><head><title>t</title></head><body>" + TEXT + "</body></html>"
    with_bom = extract("\ufeff" + page)
    assert with_bom.paragraphs == extract(page).paragraphs
    assert with_bom.paragraphs and not with_bom.paragraphs[0].startswith("\ufeff")


@pytest.mark.parametrize(
    "line",
    [
        "【打印本页】【关闭窗口】",
        "[ 打印 ] [ 关闭 ]",
        "打印 | 关闭",
        "【我要打印】【关闭】",
        "[打印此页] [关闭窗口]",
        "保存本页 推荐给朋友",
        "扫描二维码在手机上阅读",
        "分享：",
        "字号：大 中 小",
        "【字体：大 中 小】",
        "【大】【中】【小】",
        "扫一扫在手机打开当前页",
        "无障碍语音播报",
        "责任编辑：王晓明",
        "版权所有：某某市人民政府 网站标识码：1201160012 津ICP备05004578号-1",
        "主办单位：某某县人民政府 技术支持：某某信息技术有限公司",
        "您访问的链接即将离开本网站，是否继续？",
        "分享到：微信 微博",
        "上一篇：关于加强城市管理的若干意见",
        "当前位置：首页 > 政务公开",
        "浏览次数：1268",
        "相关新闻",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_junk_paragraph(line)


@pytest.mark.parametrize(
    "line",
    [
        "会议要求，各单位要做好打印材料的归档工作，并及时关闭门窗。",
        "本次活动的主办单位为市文化和旅游局。",
        "9月20日，由人民银行常德市中心支行主办，农业银行常德分行承办的宣传活动在广场正式启动。",
        "文字中的尖括号应当作为文字显示。",
        "一、活动主题",
        "市场监管局提醒，收到此类短信不要点击其中链接。",
        "2024年6月1日至6月30日。",
    ],
)
def test_article_lines_are_not_furniture(line: str) -> None:
    assert not is_junk_paragraph(line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("checktaskdate=1754/1/1 0:00:00&check_username=admin&checkflag=0", ""),
        (
            "会议指出，压实责任。checktaskdate=1754/1/1 0:00:00&check_username=e01",
            "会议指出，压实责任。",
        ),
        ("访问 http://a.gov.cn/x?a=1&b=2 办理", "访问 http://a.gov.cn/x?a=1&b=2 办理"),
        ("公式 a=1 与 b=2 成立", "公式 a=1 与 b=2 成立"),
    ],
)
def test_field_dumps_are_scrubbed(text: str, expected: str) -> None:
    assert scrub_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05 10:00", "2024-03-05"),
        ("2024年3月5日", "2024-03-05"),
        ("2024/3/5", "2024-03-05"),
        ("2024.03.05", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("2024-03-05T18:30:00+08:00", "2024-03-05"),
        ("14 March 2024", "2024-03-14"),
        ("March 14, 2024", "2024-03-14"),
        ("Sept. 3rd 2019", "2019-09-03"),
        ("2024-02-30", None),  # no such day
        ("1899-01-01", None),  # before the web
        ("no date here", None),
    ],
)
def test_dates_are_parsed(text: str, expected: str | None) -> None:
    from barrierfree.reader.metadata import parse_date

    value = parse_date(text)
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe", True),
        ("By Jane Doe and John Roe, Reuters", True),
        ("Published 14 March 2024 by the Digital Services Team.", True),
        ("Updated: 2024-03-05 | Source: Mm Daily", True),
        ("By the end of 2023, the city had built 300 new homes.", False),
        ("Bypass roads were built.", False),
    ],
)
def test_english_bylines(line: str, byline: bool) -> None:
    from barrierfree.reader.prune import _EN_BYLINE

    assert bool(_EN_BYLINE.match(line)) is byline


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("发布时间：2019-09-23 来源：市金融办 字号：大 中 小", True),
        ("〓 网易娱乐 留言板 发布时间 2005/05/17 22:11:42 by 眉间尺 〓", True),
        ("来源：新华社", True),
        ("2024年6月1日至6月30日，全县开展安全生产月活动。", False),
        ("会议时间安排另行通知。", False),
    ],
)
def test_chinese_bylines(line: str, byline: bool) -> None:
    from barrierfree.reader.prune import is_byline

    assert is_byline(line) is byline
