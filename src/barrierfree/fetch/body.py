"""Reading an upstream body within a byte budget, compressed and decompressed.

httpx would decompress for us, but one 64 KiB chunk of a gzip bomb inflates to ~64 MiB in
a single call.  Here ``zlib`` is asked for at most the bytes still allowed, so memory stays
bounded by the limit whatever the compression ratio, and the bytes on the wire are
counted separately against the same limit.
"""

from __future__ import annotations

import zlib

import httpx

from ..errors import PayloadTooLarge, UpstreamError

# what we advertise in Accept-Encoding; anything else in Content-Encoding is refused
ACCEPT_ENCODING = "gzip, deflate"


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"网页太大，超过 {limit // 1024} KiB (the page is larger than the proxy's limit)",
        code="upstream_too_large",
    )


class _Inflater:
    """gzip or deflate (zlib-wrapped, or raw as some servers send it)."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._z = zlib.decompressobj(31 if self._gzip else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error:
            if self._gzip or not self._first:
                raise
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
            out = self._z.decompress(data, room + 1)
        self._first = False
        return out

    def flush(self, room: int) -> bytes:
        # everything fed was consumed (feed raises before leaving a tail), so flush is small
        return self._z.flush(room + 1) if room >= 0 else b""


async def read_limited(response: httpx.Response, limit: int) -> bytes:
    """The decoded body, or :class:`PayloadTooLarge` as soon as either count passes ``limit``."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    coding = response.headers.get("content-encoding", "identity").strip().lower()
    inflater: _Inflater | None = None
    if coding in ("gzip", "x-gzip", "deflate"):
        inflater = _Inflater(coding)
    elif coding not in ("", "identity"):
        raise UpstreamError(
            f"目标网站使用了不支持的压缩方式 {coding} (unsupported Content-Encoding)",
            code="unsupported_encoding",
        )
    out = bytearray()
    wire = 0
    try:
        async for chunk in response.aiter_raw():
            wire += len(chunk)
            if wire > limit:
                raise too_large(limit)
            piece = chunk if inflater is None else inflater.feed(chunk, limit - len(out))
            if len(out) + len(piece) > limit:
                raise too_large(limit)
            out += piece
        if inflater is not None:
            tail = inflater.flush(limit - len(out))
            if len(out) + len(tail) > limit:
                raise too_large(limit)
            out += tail
    except zlib.error as exc:
        raise UpstreamError(
            f"目标网站返回的压缩数据无效 (corrupt compressed body: {exc})", code="bad_encoding"
        ) from None
    return bytes(out)
