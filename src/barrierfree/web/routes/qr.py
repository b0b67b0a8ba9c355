"""``GET /api/qr?url=…`` → an SVG QR code of a web address (扫一扫在手机打开当前页).

The SVG depends on nothing but its query, so it is cacheable by browsers and CDNs.  Only
http(s) addresses are encoded: the code is for opening a page on a phone.
"""

from __future__ import annotations

import io
import urllib.parse

import segno
from fastapi import APIRouter, Query
from fastapi.responses import Response

from ...errors import BadRequest

router = APIRouter(tags=["qr"])

MAX_URL_LENGTH = 2000  # fits a version-40 code at error level M with room to spare
CACHE = "public, max-age=86400"


def qr_svg(url: str, *, scale: int = 6, border: int = 4) -> str:
    """The SVG text of a QR code for ``url`` (black on white, with a viewBox so it scales)."""
    code = segno.make(url, error="m", micro=False)
    buf = io.BytesIO()
    code.save(
        buf,
        kind="svg",
        scale=scale,
        border=border,
        dark="#000",
        light="#fff",
        xmldecl=False,
        title=url,
        nl=False,
    )
    width, height = code.symbol_size(scale=scale, border=border)
    svg = buf.getvalue().decode("utf-8")
    return svg.replace("<svg ", f'<svg viewBox="0 0 {width} {height}" role="img" ', 1)


def check_url(url: str) -> str:
    url = url.strip()
    if not url:
        raise BadRequest("url is empty", code="invalid_url")
    if len(url) > MAX_URL_LENGTH:
        raise BadRequest(f"url is longer than {MAX_URL_LENGTH} characters", code="invalid_url")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        raise BadRequest("url contains control characters", code="invalid_url")
    split = urllib.parse.urlsplit(url)
    if split.scheme.lower() not in ("http", "https") or not split.netloc:
        raise BadRequest("only http:// and https:// addresses are encoded", code="invalid_url")
    return url


@router.get(
    "/api/qr",
    summary="SVG QR code of a web address",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, 400: {"description": "Not an http(s) URL"}},
)
def qr(
    url: str = Query(..., description="The http(s) address to encode"),
    scale: int = Query(6, ge=1, le=20, description="Pixels per module"),
) -> Response:
    svg = qr_svg(check_url(url), scale=scale)
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={
            "Cache-Control": CACHE,
            "X-Content-Type-Options": "nosniff",
            # the SVG is ours and has no script; if opened directly it still gets none
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        },
    )
