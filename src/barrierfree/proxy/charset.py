"""Bytes of an HTML page → text, the way a browser picks the encoding.

Order (after the HTML standard's encoding sniffing): byte-order mark, the HTTP
``charset``, a ``<meta charset>`` / ``<meta http-equiv=Content-Type>`` in the first
bytes, then a guess: strict UTF-8, then GB18030 (the pages this tool is for are Chinese
when they do not say), then charset-normalizer.  Labels map as browsers map them: every
GB2312/GBK label decodes as GB18030, its superset (so a "gb2312" page using a GBK-only
character still decodes), Latin-1/ASCII as windows-1252.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_LABELS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "chinese": "gb18030",
    "iso-ir-58": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    # a <meta> cannot truthfully say UTF-16 (the parser already read it as ASCII)
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)
PRESCAN_BYTES = 4096


def codec_for(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    name = _LABELS.get(key, key)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """(codec, how it was found) for an HTML body."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, "bom"
    declared = codec_for(header_charset)
    if declared:
        return declared, "http"
    for m in _META.finditer(body[:PRESCAN_BYTES]):
        meta = codec_for(m.group(1).decode("ascii", "replace"))
        if meta:
            return meta, "meta"
    try:
        body.decode("utf-8")
        return "utf-8", "guess"
    except UnicodeDecodeError:
        pass
    try:
        body.decode("gb18030")
        return "gb18030", "guess"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body[:65536]).best()
    if best is not None and codec_for(best.encoding):
        return codec_for(best.encoding) or "utf-8", "guess"
    return "utf-8", "default"


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """(text, codec).  Undecodable bytes become U+FFFD, as in a browser."""
    codec, _how = sniff(body, header_charset)
    text = body.decode(codec, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, codec
