"""``/api/qr``: an SVG QR code that decodes back to the URL.

The SVG is rasterised here by reading its one path (segno draws each dark run as a
horizontal ``h`` segment), then decoded with zxing-cpp: the test checks the code a phone
would read, not just that some SVG came back.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import zxingcpp

from barrierfree.web.routes.qr import MAX_URL_LENGTH


def rasterise(svg: str) -> np.ndarray:
    """Grey image of the SVG's modules, 4 pixels per module, white quiet zone."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    scale = float(re.search(r'transform="scale\((\d+)\)"', svg).group(1))  # type: ignore[union-attr]
    modules = int(size / scale)
    grid = np.full((modules, modules), 255, dtype=np.uint8)
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            length = float(a)
            grid[int(y), int(x) : int(x + length)] = 0
            x += length
    return np.kron(grid, np.ones((4, 4), dtype=np.uint8))


def decode(svg: str) -> str:
    found = zxingcpp.read_barcodes(rasterise(svg))
    assert found, "no QR code found"
    return str(found[0].text)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.cn/",
        "http://127.0.0.1:8000/news/2024/03/15/art_1234.html?id=5&from=qr#top",
        "https://www.example.gov.cn/政务公开/通知.html",
        "https://example.org/" + "a" * 1500,
    ],
)
def test_qr_svg_decodes_to_the_url(client, url: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/qr", params={"url": url})
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/svg+xml"
    assert "max-age" in r.headers["cache-control"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.text.startswith("<svg ") and 'viewBox="0 0 ' in r.text
    assert decode(r.text) == url


def test_qr_is_black_on_white_and_scales(client) -> None:  # type: ignore[no-untyped-def]
    small = client.get("/api/qr", params={"url": "https://www.gov.cn/", "scale": 2}).text
    big = client.get("/api/qr", params={"url": "https://www.gov.cn/", "scale": 10}).text
    assert 'fill="#fff"' in small and 'stroke="#000"' in small
    assert int(re.search(r'width="(\d+)"', big).group(1)) == 5 * int(
        re.search(r'width="(\d+)"', small).group(1)
    )  # type: ignore[union-attr]


def test_title_is_escaped(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/qr", params={"url": "https://x.example/<script>alert(1)</script>"})
    assert r.status_code == 200
    assert "<script>" not in r.text
    assert "&lt;script&gt;" in r.text


@pytest.mark.parametrize(
    "params,fragment",
    [
        ({"url": "javascript:alert(1)"}, "only http"),
        ({"url": "ftp://example.org/"}, "only http"),
        ({"url": "https://"}, "only http"),
        ({"url": "  "}, "empty"),
        ({"url": "https://example.org/" + "a" * MAX_URL_LENGTH}, "longer"),
        ({"url": "https://example.org/\x00"}, "control"),
    ],
)
def test_bad_urls_are_clear_400s(client, params: dict[str, str], fragment: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/qr", params=params)
    assert r.status_code == 400
    body = r.json()["error"]
    assert body["code"] == "invalid_url" and fragment in body["message"]


def test_missing_url_and_bad_scale_are_422(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/qr").status_code == 422
    assert (
        client.get("/api/qr", params={"url": "https://a.example/", "scale": 99}).status_code == 422
    )
