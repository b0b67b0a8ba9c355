"""The HTML rewriter and the charset decoder on their own (table-driven)."""

from __future__ import annotations

import urllib.parse

import lxml.html
import pytest

from barrierfree.charset import decode_html
from barrierfree.fetch import host_matches
from barrierfree.proxy import RewriteOptions, rewrite_html

PAGE = "http://www.example.gov.cn/col/art/index.html"


def proxied(url: str) -> str:
    page, _, frag = url.partition("#")
    return "/browse?url=" + urllib.parse.quote(page, safe=":/") + (f"#{frag}" if frag else "")


def rewrite(html: str, **kw: object) -> lxml.html.HtmlElement:
    opts = RewriteOptions(
        page_url=PAGE,
        charset=str(kw.get("charset", "utf-8")),
        proxy_href=lambda u: None if "blocked.example" in u else proxied(u),
        form_endpoint="/browse/form",
    )
    out = rewrite_html(html, opts)
    return lxml.html.document_fromstring(
        out.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
    )


@pytest.mark.parametrize(
    "href,expected",
    [
        ("a.html", proxied("http://www.example.gov.cn/col/art/a.html")),
        ("../b.html?x=1#p2", proxied("http://www.example.gov.cn/col/b.html?x=1#p2")),
        ("//cdn.example.com/c", proxied("http://cdn.example.com/c")),
        ("https://blocked.example/x", "https://blocked.example/x"),
        ("#top", "#top"),
        ("tel:12345", "tel:12345"),
        ("javascript:void(0)", None),
        (" JAVASCRIPT:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
    ],
)
def test_link_rewriting(href: str, expected: str | None) -> None:
    page = rewrite(f'<a id="a" href="{href}">x</a>')
    assert page.get_element_by_id("a").get("href") == expected


@pytest.mark.parametrize(
    "html,attr,expected",
    [
        ('<img id="e" src="p.png">', "src", "http://www.example.gov.cn/col/art/p.png"),
        (
            '<img id="e" srcset="a.png 1x, /b.png 2x">',
            "srcset",
            "http://www.example.gov.cn/col/art/a.png 1x, http://www.example.gov.cn/b.png 2x",
        ),
        (
            '<table><tr><td id="e" background="bg.gif">x</td></tr></table>',
            "background",
            "http://www.example.gov.cn/col/art/bg.gif",
        ),
        (
            '<p id="e" style="background:url(\'i.png\')">x</p>',
            "style",
            'background:url("http://www.example.gov.cn/col/art/i.png")',
        ),
        ('<img id="e" src="javascript:alert(1)">', "src", None),
        (
            '<video id="e" poster="v.jpg"></video>',
            "poster",
            "http://www.example.gov.cn/col/art/v.jpg",
        ),
    ],
)
def test_resources_are_absolute(html: str, attr: str, expected: str | None) -> None:
    assert rewrite(html).get_element_by_id("e").get(attr) == expected


def test_post_form_keeps_the_site_charset() -> None:
    form = rewrite(
        '<form id="f" method="POST" action="do.jsp"></form>', charset="gb18030"
    ).get_element_by_id("f")
    assert form.get("action") == "http://www.example.gov.cn/col/art/do.jsp"
    assert form.get("accept-charset") == "gb18030"


def test_form_without_action_submits_to_the_page() -> None:
    form = rewrite('<form id="f"><input name="q"></form>').get_element_by_id("f")
    fields = {
        i.get("name"): i.get("value") for i in form.iter("input") if i.get("type") == "hidden"
    }
    assert fields["_bf_url"] == PAGE


def test_page_without_doctype_stays_without() -> None:
    opts = RewriteOptions(page_url=PAGE, charset="utf-8", proxy_href=proxied, form_endpoint="/f")
    assert not rewrite_html("<p>quirks</p>", opts).lower().startswith("<!doctype")
    assert rewrite_html("<!DOCTYPE html><p>x</p>", opts).lower().startswith("<!doctype html>")


def test_scripts_everywhere_are_gone() -> None:
    html = (
        "<script>a()</script><div><svg><script>b()</script></svg><object data='x.swf'></object>"
        "<embed src='y.swf'><link rel='modulepreload' href='m.js'><link rel='preload' as='script' href='p.js'>"
        "<template><script>c()</script></template><a href='x' onmouseover='d()'>x</a></div>"
    )
    opts = RewriteOptions(page_url=PAGE, charset="utf-8", proxy_href=proxied, form_endpoint="/f")
    out = rewrite_html(html, opts)
    for needle in ("a()", "b()", "c()", "d()", ".swf", "m.js", "p.js", "<script"):
        assert needle not in out, needle


@pytest.mark.parametrize(
    "body,header,codec",
    [
        ("中文网页".encode("gbk"), "gbk", "gb18030"),
        ("中文网页".encode("gbk"), "GB2312", "gb18030"),
        ('<meta charset="gb2312"><p>朱镕基</p>'.encode("gbk"), None, "gb18030"),
        (
            "<meta http-equiv='Content-Type' content='text/html; charset=big5'>中文".encode("big5"),
            None,
            "big5hkscs",
        ),
        ("中文网页".encode(), None, "utf-8"),
        ("\ufeff中文".encode("utf-8"), "gbk", "utf-8"),  # the BOM wins
        ("没有声明的中文网页，没有声明的中文网页。".encode("gb18030"), None, "gb18030"),
        (b"caf\xe9", "iso-8859-1", "cp1252"),
    ],
)
def test_charset_sniffing(body: bytes, header: str | None, codec: str) -> None:
    text, found = decode_html(body, header)
    assert found == codec
    assert "\ufffd" not in text


@pytest.mark.parametrize(
    "host,pattern,ok",
    [
        ("www.gov.cn", "*.gov.cn", True),
        ("gov.cn", "*.gov.cn", True),
        ("a.b.gov.cn", "*.gov.cn", True),
        ("evilgov.cn", "*.gov.cn", False),
        ("gov.cn.evil.com", "*.gov.cn", False),
        ("WWW.GOV.CN.", "www.gov.cn", True),
        ("anything.example", "*", True),
        ("www.gov.cn", "gov.cn", False),
    ],
)
def test_host_patterns(host: str, pattern: str, ok: bool) -> None:
    assert host_matches(host, pattern) is ok


def test_svg_links_are_rewritten_too() -> None:
    page = rewrite(
        '<svg><a id="s" xlink:href="javascript:alert(1)"><text>x</text></a>'
        '<a id="t" xlink:href="next.html"><text>y</text></a></svg>'
    )
    assert page.get_element_by_id("s").get("xlink:href") is None
    assert page.get_element_by_id("t").get("xlink:href") == proxied(
        "http://www.example.gov.cn/col/art/next.html"
    )
