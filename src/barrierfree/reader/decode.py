"""Bytes → text for the reader: the shared browser-like sniffing of ``barrierfree.charset``."""

from __future__ import annotations

from ..charset import codec_for, decode_bytes, sniff_encoding

__all__ = ["codec_for", "decode_html", "sniff_encoding"]


def decode_html(data: str | bytes, declared: str | None = None) -> str:
    """The page as text; ``str`` input is returned unchanged (minus a leading BOM)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    return decode_bytes(data, declared)[0]
