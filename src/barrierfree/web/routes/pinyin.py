"""``POST /api/pinyin``: readings for a batch of text segments (the toolbar's 拼音 and 显示屏).

A batch, because the toolbar annotates a page text node by text node: one request carries
the visible nodes, and each gets back one reading per character.  Size is bounded by
settings (``pinyin_max_chars``, ``pinyin_max_segments``, ``pinyin_max_words``).  The readings of
recent texts are remembered (``pinyin_memo_chars``): a page's next visitor is answered without
reading it again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from ...errors import PayloadTooLarge
from ...pinyin import CustomWords, Style
from ..state import app_state

router = APIRouter(tags=["pinyin"])


class PinyinBody(BaseModel):
    segments: Annotated[
        list[str],
        Field(
            description="Texts to annotate (e.g. the text nodes of a page). Characters are counted "
            "as Unicode code points, as in JavaScript's `Array.from(text)`.",
            examples=[["银行行长说：", "这件事很重要。"]],
        ),
    ]
    style: Annotated[
        Style,
        Field(
            description="`tone` (háng), `tone3` (hang2, neutral tone 5, ü as v), `plain` (hang) "
            "or `zhuyin` (ㄏㄤˊ)"
        ),
    ] = Style.TONE
    words: Annotated[
        dict[str, str],
        Field(
            description="This site's own words and their readings, which win over the engine, "
            'e.g. `{"单于": "chán yú"}` (tone marks or numbers, one syllable per character)',
        ),
    ] = {}


class PinyinOut(BaseModel):
    style: Style
    segments: list[list[str | None]] = Field(
        description="For each segment, one entry per character (code point): its reading, or "
        "null for anything that is not a Chinese character"
    )


@router.post(
    "/api/pinyin",
    summary="Pinyin of each character of a batch of texts, polyphones read in context",
    response_model=PinyinOut,
    responses={
        400: {"description": "Bad style or custom word"},
        413: {"description": "Too many characters, segments or words"},
        422: {"description": "Body is not the documented JSON"},
    },
)
def pinyin(body: PinyinBody, request: Request) -> PinyinOut:
    state = app_state(request)
    settings = state.settings
    if len(body.segments) > settings.pinyin_max_segments:
        raise PayloadTooLarge(f"at most {settings.pinyin_max_segments} segments per request")
    total = sum(len(s) for s in body.segments)
    if total > settings.pinyin_max_chars:
        raise PayloadTooLarge(
            f"at most {settings.pinyin_max_chars} characters per request, got {total}"
        )
    if len(body.words) > settings.pinyin_max_words:
        raise PayloadTooLarge(f"at most {settings.pinyin_max_words} custom words per request")
    # the calling site's own words (configuration file), the request's winning over them
    site = state.config.site_for(request.headers.get("origin"))
    merged = {**site.pinyin_words, **body.words} if site is not None else body.words
    words = CustomWords(merged) if merged else None
    memo = state.pinyin_memo
    return PinyinOut(
        style=body.style,
        segments=[memo.to_pinyin(s, body.style, words) for s in body.segments],
    )
