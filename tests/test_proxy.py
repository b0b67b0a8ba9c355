"""The page proxy against the local origin: pages, charsets, rewriting, redirects, limits,
the start and error pages, and the not-an-open-proxy rule."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import lxml.html
import pytest

from barrierfree.fetch import StaticResolver
from barrierfree.proxy import ProxyService

from .conftest import LiveServer
from .test_proxy_origin import (  # noqa: F401  (fixtures)
    GBK_TEXT,
    Origin,
    ProxyLab,
    RecordingUpstream,
    lab_fixture,
    lab_settings,
    make_lab,
    origin_fixture,
    strict_fixture,
)


def doc(r: httpx.Response) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(r.content, parser=lxml.html.HTMLParser(encoding="utf-8"))


def proxied_target(href: str) -> str:
    """The upstream URL a /browse?url= link points at."""
    split = urlsplit(href)
    assert split.path.endswith("/browse"), href
    return parse_qs(split.query)["url"][0]


def csp_nonce(r: httpx.Response) -> str:
    m = re.search(r"'nonce-([^']+)'", r.headers["content-security-policy"])
    assert m
    return m.group(1)


# ------------------------------------------------------------------------ a UTF-8 page


def test_utf8_page_is_proxied_with_toolbar_and_links_kept_inside(lab: ProxyLab) -> None:
    base = lab.origin.url
    r = lab.browse(f"{base}/utf8.html")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    page = doc(r)
    assert page.get_element_by_id("title").text == "关于做好适老化改造的通知"
    # navigation goes through the proxy, resolved against the page's URL
    assert proxied_target(page.get_element_by_id("next").get("href")) == f"{base}/second.html"
    rooted = page.get_element_by_id("rooted").get("href")
    assert proxied_target(rooted) == f"{base}/second.html?from=root&x=1"
    assert page.get_element_by_id("frag").get("href") == "#body"
    assert page.get_element_by_id("mail").get("href") == "mailto:office@example.gov.cn"
    # resources load from the site itself
    assert page.get_element_by_id("logo").get("src") == f"{base}/img/logo.png"
    assert page.get_element_by_id("lazy").get("src") == f"{base}/img/photo.jpg"
    assert page.get_element_by_id("frame").get("src") == f"{base}/frame.html"
    css = [link.get("href") for link in page.iter("link")]
    assert f"{base}/css/site.css" in css
    assert f'url("{base}/img/banner.png")' in r.text
    # the toolbar: one script, ours, carrying the nonce of the CSP header
    scripts = list(page.iter("script"))
    assert len(scripts) == 1
    assert scripts[0].get("src").endswith("/assist.js")
    assert scripts[0].get("nonce") == csp_nonce(r)
    assert scripts[0].get("type") == "module"
    # the proxy bar says which page this really is
    assert f"{base}/utf8.html" in page.get_element_by_id("barrierfree-proxy-bar").text_content()


def test_page_scripts_cannot_run_with_our_origin(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/utf8.html")
    page = doc(r)
    text = r.text
    assert "hijacked" not in text and "/js/app.js" not in text
    assert "steal()" not in text  # handlers, javascript: links, srcdoc, svg scripts
    assert page.get_element_by_id("js").get("href") is None
    assert page.get_element_by_id("frame").get("srcdoc") is None
    assert not [el for el in page.iter() if any(a.startswith("on") for a in el.attrib)]
    # the page's own CSP meta (which would allow inline scripts) is gone; ours is a header
    assert not page.xpath("//meta[@http-equiv='Content-Security-Policy']")
    csp = r.headers["content-security-policy"]
    assert "'strict-dynamic'" in csp and "unsafe-inline" not in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert r.headers["referrer-policy"] == "no-referrer"
    # what the page shows without scripts is shown
    assert page.get_element_by_id("noscript").text == "请启用脚本"


def test_nonce_is_fresh_per_response(lab: ProxyLab) -> None:
    url = f"{lab.origin.url}/second.html"
    assert csp_nonce(lab.browse(url)) != csp_nonce(lab.browse(url))


def test_forms_get_through_proxy_post_to_the_site(lab: ProxyLab) -> None:
    base = lab.origin.url
    page = doc(lab.browse(f"{base}/utf8.html"))
    search = page.get_element_by_id("search")
    assert search.get("action").endswith("/browse/form")
    hidden = {
        i.get("name"): i.get("value") for i in search.iter("input") if i.get("type") == "hidden"
    }
    assert hidden == {"_bf_url": f"{base}/form-echo", "_bf_cs": "utf-8"}
    post = page.get_element_by_id("post")
    assert post.get("action") == f"{base}/submit"


def test_cookies_and_client_headers_are_not_forwarded(lab: ProxyLab) -> None:
    r = lab.browse(
        f"{lab.origin.url}/headers",
        headers={"cookie": "bf_session=visitor-secret", "authorization": "Bearer visitor"},
    )
    assert r.status_code == 200
    seen = {li.get("data-name"): li.text for li in doc(r).iter("li")}
    assert "cookie" not in seen and "authorization" not in seen
    assert "x-forwarded-for" not in seen
    assert seen["host"] == f"127.0.0.1:{lab.origin.server.port}"
    assert "barrierfree" in seen["user-agent"]


def test_upstream_cookies_are_not_passed_to_the_visitor(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/set-cookie.html")
    assert r.status_code == 200
    assert "set-cookie" not in r.headers and "x-origin" not in r.headers


def test_upstream_status_is_kept(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/not-found.html")
    assert r.status_code == 404
    assert doc(r).get_element_by_id("title").text == "页面不存在"


# ------------------------------------------------------------------------ charsets


@pytest.mark.parametrize("path", ["/gbk.html", "/gbk-header.html"])
def test_gbk_page_is_decoded_and_served_as_utf8(lab: ProxyLab, path: str) -> None:
    r = lab.browse(lab.origin.url + path)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    body = r.content.decode("utf-8")  # strict: really UTF-8 now
    assert GBK_TEXT in body
    page = doc(r)
    assert page.get_element_by_id("title").text == GBK_TEXT
    metas = page.xpath("//meta[@charset] | //meta[@http-equiv]")
    assert [m.get("charset") for m in metas] == ["utf-8"]
    # the original doctype (standards or quirks mode) is kept
    assert body.startswith("<!DOCTYPE html PUBLIC")
    hidden = {i.get("name"): i.get("value") for i in page.get_element_by_id("search").iter("input")}
    assert hidden["_bf_cs"] == "gb18030"


def test_gbk_form_is_resubmitted_in_gbk(lab: ProxyLab) -> None:
    """The browser sends the proxied (UTF-8) form as UTF-8; the site receives GBK."""
    r = lab.client.get(
        "/browse/form",
        params={"_bf_url": f"{lab.origin.url}/form-echo", "_bf_cs": "gb18030", "q": "信息公开"},
    )
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith("http://testserver/browse?url=")  # our own page, nothing else
    target = proxied_target(location)
    assert target == f"{lab.origin.url}/form-echo?q=%D0%C5%CF%A2%B9%AB%BF%AA"
    page = doc(lab.client.get(location))
    assert page.get_element_by_id("raw").text == "q=%D0%C5%CF%A2%B9%AB%BF%AA"
    assert page.get_element_by_id("q").text == "信息公开"


def test_form_to_a_refused_address_is_an_error_page(lab: ProxyLab) -> None:
    r = lab.client.get("/browse/form", params={"_bf_url": "http://169.254.169.254/", "q": "x"})
    assert r.status_code == 403
    assert "location" not in r.headers
    assert lab.upstream.attempts == []


# ------------------------------------------------------------------------ redirects


def test_redirect_chain_is_followed_and_links_resolve_against_the_final_url(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/redirect/3")
    assert r.status_code == 200
    page = doc(r)
    assert page.get_element_by_id("title").text == "第二页：办事指南"
    assert (
        proxied_target(page.get_element_by_id("back").get("href")) == f"{lab.origin.url}/utf8.html"
    )
    assert "location" not in r.headers  # the visitor never sees an upstream Location
    assert len(lab.upstream.attempts) == 5  # four redirects and the page, each connected afresh


def test_too_many_redirects(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/redirect/9")
    assert r.status_code == 502
    assert "too_many_redirects" in r.text
    assert len(lab.upstream.attempts) == 6  # the first request and five hops, then stop


def test_meta_refresh_stays_in_the_proxy(lab: ProxyLab) -> None:
    page = doc(lab.browse(f"{lab.origin.url}/refresh.html"))
    refreshes = page.xpath("//meta[@http-equiv='refresh']")
    assert len(refreshes) == 1  # the javascript: one is gone
    delay, _, url = refreshes[0].get("content").partition("; url=")
    assert delay == "3"
    assert proxied_target(url) == f"{lab.origin.url}/second.html"


def test_base_href_is_honoured_then_removed(lab: ProxyLab) -> None:
    page = doc(lab.browse(f"{lab.origin.url}/base.html"))
    assert not page.xpath("//base")
    assert (
        proxied_target(page.get_element_by_id("rel").get("href"))
        == f"{lab.origin.url}/sub/dir/page.html"
    )
    assert page.get_element_by_id("img").get("src") == f"{lab.origin.url}/sub/dir/pic.png"


# ------------------------------------------------------------------------ limits


def test_gzip_page_is_decompressed(lab: ProxyLab) -> None:
    page = doc(lab.browse(f"{lab.origin.url}/gzip.html"))
    assert page.get_element_by_id("title").text == "第二页：办事指南"


@pytest.mark.parametrize("path", ["/bomb.html", "/deflate-bomb.html"])
def test_compression_bomb_is_stopped_at_the_limit(lab: ProxyLab, path: str) -> None:
    r = lab.browse(lab.origin.url + path)
    assert r.status_code == 413
    assert "upstream_too_large" in r.text


def test_unsupported_encoding_is_refused(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/brotli.html")
    assert r.status_code == 502
    assert "unsupported_encoding" in r.text


def test_huge_body_is_cut_off_while_streaming(lab: ProxyLab) -> None:
    before = lab.origin.huge_sent
    r = lab.browse(f"{lab.origin.url}/huge")
    assert r.status_code == 413
    # the proxy stopped reading long before the origin's 16 MiB were sent
    time.sleep(0.2)
    assert lab.origin.huge_sent - before < 4 * 1024 * 1024


def test_huge_declared_length_is_refused_before_reading(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/huge?declare=1")
    assert r.status_code == 413


def test_slow_drip_is_cut_off_by_the_overall_deadline(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/slow")
    assert r.status_code == 504
    assert "upstream_timeout" in r.text


def test_slow_headers_time_out(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/slow-headers?s=4")
    assert r.status_code == 504


def test_connection_refused_is_a_clear_502(lab: ProxyLab) -> None:
    from .conftest import free_port

    r = lab.browse(f"http://127.0.0.1:{free_port()}/")
    assert r.status_code == 502
    assert "无法从目标网站取得网页" in r.text


def test_concurrency_limit_refuses_at_once(tmp_path: Path, origin: Origin) -> None:
    """With one slot busy on a held upstream, the next visitor gets 429 straight away."""
    from barrierfree.web.app import create_app

    settings = lab_settings(
        tmp_path,
        proxy_allow_addresses="127.0.0.1",
        proxy_ports="*",
        proxy_concurrency=1,
        proxy_timeout=6.0,
    )
    app = create_app(
        settings,
        proxy=ProxyService.from_settings(
            settings, resolver=StaticResolver({}), upstream=RecordingUpstream()
        ),
    )
    server = LiveServer(app).start()
    origin.arrived.clear()
    origin.release.clear()
    results: dict[str, httpx.Response] = {}
    try:
        first = threading.Thread(
            target=lambda: results.setdefault(
                "first",
                httpx.get(
                    f"{server.url}/browse", params={"url": f"{origin.url}/barrier"}, timeout=10
                ),
            )
        )
        first.start()
        assert origin.arrived.wait(5)
        second = httpx.get(
            f"{server.url}/browse", params={"url": f"{origin.url}/second.html"}, timeout=10
        )
        assert second.status_code == 429
        assert second.headers["retry-after"] == "2"
        # the held upstream ties up a slot, not the service: other requests are served
        assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
        assert httpx.get(f"{server.url}/browse", timeout=10).status_code == 200
        origin.release.set()
        first.join(10)
        assert results["first"].status_code == 200
        # the slot is free again
        third = httpx.get(
            f"{server.url}/browse", params={"url": f"{origin.url}/second.html"}, timeout=10
        )
        assert third.status_code == 200
    finally:
        origin.release.set()
        server.stop()


# ------------------------------------------------------------------------ other content


def test_pdf_is_a_download_never_a_page(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/file.pdf")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith('attachment; filename="file.pdf"')
    assert r.content.startswith(b"%PDF-1.4")


def test_image_is_passed_through_sandboxed(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/image.png")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/png"
    assert "sandbox" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_svg_with_script_is_not_rendered_in_our_origin(lab: ProxyLab) -> None:
    r = lab.browse(f"{lab.origin.url}/image.svg")
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")


# ------------------------------------------------------------------------ our own pages


def test_start_page_has_an_address_box(lab: ProxyLab) -> None:
    r = lab.client.get("/browse")
    assert r.status_code == 200
    page = doc(r)
    form = page.xpath("//form[@action]")[0]
    assert form.get("action").endswith("/browse") and form.get("method") == "get"
    box = page.get_element_by_id("bf-url")
    assert box.get("name") == "url"
    assert page.xpath("//label[@for='bf-url']")[0].text == "网址"
    assert "可以浏览任何公开网站" in r.text  # loopback: open to public sites


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '"><script>alert(1)</script>',
        "javascript:alert(1)//<img src=x onerror=alert(1)>",
        "http://x/'\"><svg onload=alert(1)>",
        "http://127.0.0.1/<script>alert(1)</script>",
    ],
)
def test_url_is_never_echoed_unescaped(strict: ProxyLab, evil: str) -> None:
    r = strict.browse(evil)
    assert r.status_code in (400, 403)
    assert "<script>alert" not in r.text
    assert "<svg onload" not in r.text and "<img src=x" not in r.text
    assert "location" not in r.headers
    # the address box keeps what the visitor typed, as text
    assert doc(r).get_element_by_id("bf-url").get("value") == evil


def test_no_open_redirect_from_the_form_handler(lab: ProxyLab) -> None:
    r = lab.client.get("/browse/form", params={"_bf_url": "https://evil.example/", "q": "1"})
    assert r.status_code == 303
    assert urlsplit(r.headers["location"]).netloc == "testserver"


def test_proxy_can_be_turned_off(tmp_path: Path, origin: Origin) -> None:
    from fastapi.testclient import TestClient

    from barrierfree.web.app import create_app

    with TestClient(create_app(lab_settings(tmp_path, proxy=False))) as client:
        assert client.get("/browse").status_code == 404


# ------------------------------------------------------------------------ not an open proxy


@pytest.fixture
def operator(tmp_path: Path, origin: Origin):  # type: ignore[no-untyped-def]
    """A public deployment: listens on all interfaces, lists its sites."""
    settings = lab_settings(
        tmp_path,
        host="0.0.0.0",
        proxy_allow_hosts="origin.test, *.gov.test",
        proxy_allow_addresses="127.0.0.1",
        proxy_ports="*",
        link_allow="*.gov.cn",
    )
    names = {
        "origin.test": ["127.0.0.1"],
        "www.gov.test": ["127.0.0.1"],
        "other.test": ["127.0.0.1"],
    }
    yield from make_lab(settings, origin, names)


def test_public_deployment_only_browses_listed_hosts(operator: ProxyLab) -> None:
    port = operator.origin.server.port
    assert operator.browse(f"http://origin.test:{port}/second.html").status_code == 200
    assert operator.browse(f"http://www.gov.test:{port}/second.html").status_code == 200
    operator.upstream.attempts.clear()
    operator.resolver.lookups.clear()
    for url in (
        f"http://other.test:{port}/",
        "http://www.example.org/",
        f"http://127.0.0.1:{port}/",
    ):
        r = operator.browse(url)
        assert r.status_code == 403, url
        assert "host_not_allowed" in r.text
    assert operator.upstream.attempts == [] and operator.resolver.lookups == []
    assert "origin.test" in operator.client.get("/browse").text  # the start page lists them


def test_links_to_unlisted_hosts_go_straight_to_the_site(operator: ProxyLab) -> None:
    port = operator.origin.server.port
    r = operator.browse(f"http://origin.test:{port}/utf8.html")
    page = doc(r)
    assert (
        proxied_target(page.get_element_by_id("next").get("href"))
        == f"http://origin.test:{port}/second.html"
    )
    # not proxied here: a direct link, which the toolbar's leave-site dialog then guards
    assert page.get_element_by_id("ext").get("href") == "https://www.example.org/news/1.html"
    script = next(page.iter("script"))
    assert script.get("data-allow") == "*.gov.cn"


def test_link_hrefs_encode_the_target_safely(lab: ProxyLab) -> None:
    svc = lab.client.app.state.bf.proxy  # type: ignore[attr-defined]
    href = svc.proxy_url("http://testserver", "http://a.example/p?x=1&y=%20#frag")
    assert href == "http://testserver/browse?url=http://a.example/p%3Fx%3D1%26y%3D%2520#frag"
    assert proxied_target(href) == "http://a.example/p?x=1&y=%20"
    assert quote("#") not in href.split("#")[1]


def test_the_proxy_does_not_fetch_itself(tmp_path: Path, origin: Origin) -> None:
    """A proxied page of the service itself would proxy itself again, one slot a level."""
    from barrierfree.web.app import create_app

    settings = lab_settings(tmp_path, proxy_allow_addresses="127.0.0.1", proxy_ports="*")
    upstream = RecordingUpstream()
    app = create_app(
        settings,
        proxy=ProxyService.from_settings(settings, resolver=StaticResolver({}), upstream=upstream),
    )
    server = LiveServer(app).start()
    try:
        inner = f"{server.url}/browse?url={quote(origin.url + '/second.html', safe=':/')}"
        r = httpx.get(f"{server.url}/browse", params={"url": inner}, timeout=10)
        assert r.status_code == 403
        assert "proxy_loop" in r.text
        assert upstream.attempts == []
        # a redirect from elsewhere back to us is refused the same way
        hop = f"{origin.url}/redirect-to?to={quote(inner, safe='')}"
        r = httpx.get(f"{server.url}/browse", params={"url": hop}, timeout=10)
        assert r.status_code == 403 and "proxy_loop" in r.text
        assert [a[1] for a in upstream.attempts] == [origin.server.port]
    finally:
        server.stop()


def test_form_with_a_non_text_codec_falls_back_to_utf8(lab: ProxyLab) -> None:
    r = lab.client.get(
        "/browse/form",
        params={"_bf_url": f"{lab.origin.url}/form-echo", "_bf_cs": "rot13", "q": "中"},
    )
    assert r.status_code == 303
    assert proxied_target(r.headers["location"]).endswith("/form-echo?q=%E4%B8%AD")


def test_proxied_pages_are_not_indexed(lab: ProxyLab) -> None:
    for path in ("/second.html", "/image.png"):
        assert lab.browse(lab.origin.url + path).headers["x-robots-tag"] == "noindex, nofollow"


def test_system_resolver_reads_the_hosts_file() -> None:
    """The real resolver, on the one name it can answer without the network."""
    import anyio

    from barrierfree.fetch import SystemResolver

    found = anyio.run(SystemResolver().resolve, "localhost", 80)
    assert found and all(ip.is_loopback for ip in found)


@pytest.fixture
def v6_origin() -> Iterator[LiveServer]:
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def page(request):  # type: ignore[no-untyped-def]
        return HTMLResponse(f"<p id='host'>{request.headers['host']}</p><a id='n' href='/x'>x</a>")

    server = LiveServer(Starlette(routes=[Route("/{p:path}", page)]), host="::1").start()
    yield server
    server.stop()


def test_ipv6_upstream_is_pinned_too(tmp_path: Path, origin: Origin, v6_origin: LiveServer) -> None:
    """An IPv6 literal (here the loopback ::1, allowed for this test only) is connected as
    such, with the bracketed Host header, and links keep the brackets."""
    settings = lab_settings(tmp_path, proxy_allow_addresses="::1", proxy_ports="*")
    labs = make_lab(settings, origin, {"v6.test": ["::1"]})
    lab = next(labs)  # keep the generator: dropping it would shut the app down
    try:
        port = v6_origin.port
        r = lab.browse(f"http://[::1]:{port}/a")
        assert r.status_code == 200, r.text[:300]
        assert f"[::1]:{port}" in doc(r).get_element_by_id("host").text
        assert proxied_target(doc(r).get_element_by_id("n").get("href")) == f"http://[::1]:{port}/x"
        r = lab.browse(f"http://v6.test:{port}/b")
        assert r.status_code == 200, r.text[:300]
        assert doc(r).get_element_by_id("host").text == f"v6.test:{port}"
        assert [a[0] for a in lab.upstream.attempts] == ["::1", "::1"]
        # the IPv4 loopback is not covered by an allowance for ::1
        assert lab.browse(f"http://127.0.0.1:{origin.server.port}/second.html").status_code == 403
    finally:
        labs.close()
