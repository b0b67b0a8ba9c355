"""Bytes of an HTML page → text, the way a browser decides the page's encoding.

:func:`decode_html` is the one decoder, shared by the reader (pages given as bytes or
fetched by URL) and the proxy (pages it re-serves as UTF-8), so both read a page the same
way.

Order (WHATWG "determine the character encoding", simplified): a byte-order mark wins;
then the charset the server sent (when the caller knows it); then a ``<meta charset>`` or
``<meta http-equiv=Content-Type>`` near the top of the page; then a guess from the bytes.
One deliberate difference: a legacy-encoding declaration over bytes that are valid
multi-byte UTF-8 is taken to be stale (see below).  Labels map as browsers map them: GB2312
and GBK are decoded as GB18030 (its superset, so characters beyond GB2312 that real pages
use are not lost), Latin-1 and ASCII as windows-1252, and a ``<meta>`` claiming UTF-16
means UTF-8.
"""

from __future__ import annotations

import codecs
import re

# Browsers look at the first 1024 bytes; old CMS templates put the <meta> after long
# comment blocks or scripts, so we look a little further before guessing.
_PRESCAN_BYTES = 8192

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""",
    re.IGNORECASE,
)

_ALIASES = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "iso-ir-58": "gb18030",
    "chinese": "gb18030",
    "csiso58gb231280": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "windows-936": "gb18030",
    "gb18030": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "windows-1252": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "unicode": "utf-8",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-sjis": "shift_jis",
    "sjis": "shift_jis",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def codec_for(label: str | None) -> str | None:
    """A charset label as a Python codec name, or None when it names no known encoding."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    name = _ALIASES.get(key, key)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_encoding(raw: bytes, declared: str | None = None) -> str:
    """The codec name a browser would use for ``raw`` (``declared``: the HTTP charset)."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    from_header = codec_for(declared)
    if from_header:
        return from_header
    is_utf8 = _valid_utf8(raw)
    match = _META_CHARSET.search(raw[:_PRESCAN_BYTES])
    if match:
        from_meta = codec_for(match.group(1).decode("ascii", "replace"))
        if from_meta:
            # Pages saved or re-encoded by tools keep a stale "gb2312" <meta> over UTF-8
            # bytes.  Multi-byte text that is valid UTF-8 is practically never GBK, so we
            # read it as UTF-8 (where a browser would show mojibake).
            if is_utf8 and from_meta != "utf-8" and max(raw, default=0) >= 0x80:
                return "utf-8"
            return from_meta
    if is_utf8:
        return "utf-8"
    # no declaration and not UTF-8: let charset-normalizer guess, Chinese first
    from charset_normalizer import from_bytes

    best = from_bytes(
        raw[:65536], cp_isolation=["gb18030", "big5", "utf_8", "cp1252", "shift_jis", "euc_kr"]
    ).best()
    guess = codec_for(best.encoding) if best else None
    return guess or "gb18030"


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, codec) for a page's bytes (``declared``: the charset of the HTTP
    Content-Type, when known); undecodable bytes become U+FFFD, as in a browser."""
    encoding = sniff_encoding(raw, declared)
    for bom, _ in _BOMS:
        if raw.startswith(bom):
            raw = raw[len(bom) :]
            break
    return raw.decode(encoding, errors="replace"), encoding
