"""SSRF: hostile URLs, each refused with a clear error page and no connection attempted.

The table runs against the proxy with its default address rules.  Names go through the
lab's static resolver (never real DNS); :class:`RecordingUpstream` records every
connection the proxy tries, and the tests assert there was none.  Redirect hops are
tested against the local origin, which redirects to the hostile address.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from barrierfree.fetch import address_problem, parse_ip_literal

from .test_proxy_origin import ProxyLab, lab_fixture, origin_fixture, strict_fixture  # noqa: F401

# (url, expected error code)
HOSTILE: list[tuple[str, str]] = [
    # loopback in every spelling
    ("http://127.0.0.1/", "address_refused"),
    ("http://127.1/", "address_refused"),
    ("http://127.0.1/", "address_refused"),
    ("http://2130706433/", "address_refused"),
    ("http://0x7f000001/", "address_refused"),
    ("http://0x7f.0.0.1/", "address_refused"),
    ("http://0177.0.0.1/", "address_refused"),
    ("http://0177.1/", "address_refused"),
    ("http://017700000001/", "address_refused"),
    ("http://127.0.0.1./", "address_refused"),
    ("http://127.255.255.254:8080/", "address_refused"),
    ("http://localhost/", "address_refused"),
    ("http://localhost./", "address_refused"),
    ("http://LOCALHOST/", "address_refused"),
    ("http://www.localhost/", "address_refused"),
    ("http://[::1]/", "address_refused"),
    ("http://[0:0:0:0:0:0:0:1]/", "address_refused"),
    ("http://[::ffff:127.0.0.1]/", "address_refused"),
    ("http://[::ffff:7f00:1]/", "address_refused"),
    ("http://[::127.0.0.1]/", "address_refused"),
    ("http://[64:ff9b::127.0.0.1]/", "address_refused"),
    ("http://[2002:7f00:1::]/", "address_refused"),
    # unspecified
    ("http://0.0.0.0/", "address_refused"),
    ("http://0/", "address_refused"),
    ("http://[::]/", "address_refused"),
    # private, CGNAT, link-local, multicast, reserved
    ("http://10.0.0.1/", "address_refused"),
    ("http://172.16.0.1/", "address_refused"),
    ("http://192.168.1.1/", "address_refused"),
    ("http://0xc0a80101/", "address_refused"),
    ("http://100.64.0.1/", "address_refused"),
    ("http://[fd12:3456::1]/", "address_refused"),
    ("http://[fe80::1]/", "address_refused"),
    ("http://224.0.0.1/", "address_refused"),
    ("http://[ff02::1]/", "address_refused"),
    ("http://255.255.255.255/", "address_refused"),
    ("http://198.18.0.1/", "address_refused"),
    # cloud metadata
    ("http://169.254.169.254/latest/meta-data/", "address_refused"),
    ("http://2852039166/latest/meta-data/", "address_refused"),
    ("http://0xa9fea9fe/", "address_refused"),
    ("http://0251.0376.0251.0376/", "address_refused"),
    ("http://169.254.43518/", "address_refused"),
    ("http://[::ffff:a9fe:a9fe]/", "address_refused"),
    ("http://[fd00:ec2::254]/latest/meta-data/", "address_refused"),
    ("http://100.100.100.200/latest/meta-data/", "address_refused"),
    ("http://192.0.0.192/", "address_refused"),
    ("http://metadata.google.internal/computeMetadata/v1/", "address_refused"),
    ("http://metadata/", "address_refused"),
    # public-looking names that resolve inside (the lab resolver answers)
    ("http://rebind.example.com/", "address_refused"),
    ("http://metadata-alias.example.com/", "address_refused"),
    ("http://169.254.169.254.nip.io/", "address_refused"),
    ("http://mixed.example.com/", "address_refused"),
    ("http://v6private.example.com/", "address_refused"),
    ("http://mapped.example.com/", "address_refused"),
    ("http://cgnat.example.com/", "address_refused"),
    ("http://intranet/", "address_refused"),
    ("http://router.lan/", "address_refused"),
    ("http://printer.local/", "address_refused"),
    # userinfo and parser tricks
    ("http://www.gov.cn@127.0.0.1/", "credentials_in_url"),
    ("http://user:pass@example.com/", "credentials_in_url"),
    ("http://www.gov.cn:80@169.254.169.254/", "credentials_in_url"),
    ("http://127.0.0.1#@www.gov.cn/", "address_refused"),
    ("http://www.gov.cn\\@127.0.0.1/", "invalid_url"),
    ("http://１２７.０.０.１/", "invalid_url"),
    ("http://%31%32%37.0.0.1/", "invalid_url"),
    ("http://1.2.3.4.5/", "invalid_url"),
    ("http://256.0.0.1/", "invalid_url"),
    ("http://[fe80::1%25eth0]/", "invalid_url"),
    ("http://exa\tmple.com/", "invalid_url"),
    ("[", "invalid_url"),  # an unterminated IPv6 literal (found by the fuzzer)
    ("http://[::1/", "invalid_url"),
    # other schemes and ports
    ("file:///etc/passwd", "scheme_not_allowed"),
    ("gopher://127.0.0.1:6379/_INFO", "scheme_not_allowed"),
    ("dict://127.0.0.1:11211/stats", "scheme_not_allowed"),
    ("ftp://ftp.example.com/", "scheme_not_allowed"),
    ("javascript:alert(document.domain)", "scheme_not_allowed"),
    ("data:text/html,<script>alert(1)</script>", "scheme_not_allowed"),
    ("http://www.example.com:25/", "port_not_allowed"),
    ("http://www.example.com:6379/", "port_not_allowed"),
]


def _error_code(html: str) -> str:
    m = re.search(r"<small>\d{3} · ([a-z_]+)</small>", html)
    return m.group(1) if m else ""


def test_table_is_big_enough() -> None:
    assert len(HOSTILE) >= 40
    assert len({u for u, _ in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize("url,code", HOSTILE)
def test_hostile_url_is_refused_without_connecting(strict: ProxyLab, url: str, code: str) -> None:
    r = strict.browse(url, headers={"accept": "text/html"})
    assert r.status_code in (400, 403), r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "无法打开这个网页" in r.text  # the error page, not a proxied page
    assert _error_code(r.text) == code
    assert strict.upstream.attempts == []  # no connection was even tried
    # the refused URL is shown, escaped, never as markup
    assert "<script>alert" not in r.text


@pytest.mark.parametrize(
    "hop",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://localhost/admin",
        "http://rebind.example.com/",
        "http://metadata-alias.example.com/",
        "gopher://127.0.0.1:6379/_INFO",
        "file:///etc/passwd",
    ],
)
def test_redirect_to_hostile_address_is_refused(lab: ProxyLab, hop: str) -> None:
    """The first hop is the allowed local origin; the redirect target must not be reached.

    (The lab allows 127.0.0.1 as the one test origin, so loopback hops here are spelled
    in ways the allowance does not cover: [::1], localhost, and names.)"""
    r = lab.browse(f"{lab.origin.url}/redirect-to?to={quote(hop, safe='')}")
    assert r.status_code in (400, 403), r.text[:300]
    assert "无法打开这个网页" in r.text
    # exactly one connection: the origin's redirect; none to the hop
    assert [a[0] for a in lab.upstream.attempts] == ["127.0.0.1"]


def test_dns_answer_is_used_once_and_the_checked_address_is_connected(lab: ProxyLab) -> None:
    """The proxy resolves once, checks, and connects to that address with the name in
    the Host header: a second DNS answer could not swap it."""
    port = lab.origin.server.port
    r = lab.browse(f"http://origin.test:{port}/headers")
    assert r.status_code == 200
    assert lab.resolver.lookups == ["origin.test"]
    assert lab.upstream.attempts == [("127.0.0.1", port, f"origin.test:{port}")]
    assert f"origin.test:{port}" in r.text  # the origin saw the name, not the address


def test_every_address_in_a_dns_answer_must_pass(lab: ProxyLab) -> None:
    """One public and one private address in the answer: refused as a whole (otherwise
    the connection could be steered to the private one), and nothing is connected."""
    r = lab.browse(f"http://public-and-private.example.com:{lab.origin.server.port}/")
    assert r.status_code == 403
    assert "10.0.0.5" in r.text
    assert lab.upstream.attempts == []


# ------------------------------------------------------------------ the address check itself


@pytest.mark.parametrize(
    "host,address",
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.01", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("0xA9.0xFE.0xA9.0xFE", "169.254.169.254"),
        ("169.254.43518", "169.254.169.254"),
        ("0", "0.0.0.0"),
        ("8.8.8.8.", "8.8.8.8"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    ],
)
def test_every_spelling_parses_to_its_address(host: str, address: str) -> None:
    ip = parse_ip_literal(host)
    assert ip is not None and str(ip) == address


@pytest.mark.parametrize("host", ["www.gov.cn", "xn--fiqs8s", "a1.example"])
def test_names_are_not_addresses(host: str) -> None:
    assert parse_ip_literal(host) is None


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.2.3.4",
        "172.31.255.255",
        "192.168.0.1",
        "100.127.255.255",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.251",
        "239.255.255.250",
        "255.255.255.255",
        "192.0.2.1",
        "198.51.100.7",
        "203.0.113.9",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",
        "2002:a00:1::",
        "2001:db8::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    ],
)
def test_non_public_addresses_have_a_reason(address: str) -> None:
    import ipaddress

    assert address_problem(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "1.1.1.1"])
def test_public_addresses_pass(address: str) -> None:
    import ipaddress

    assert address_problem(ipaddress.ip_address(address)) is None
