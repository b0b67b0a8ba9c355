"""Bytes → text for the proxy: the shared browser-like sniffing of ``barrierfree.charset``."""

from __future__ import annotations

from ..charset import codec_for, decode_bytes

__all__ = ["codec_for", "decode_html"]


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """(text, codec).  Undecodable bytes become U+FFFD, as in a browser."""
    return decode_bytes(body, header_charset)
