"""``POST /api/read``: a page's article (轻松阅读, read-aloud of the main content).

Send ``html`` (the page as the browser has it; ``url`` then only resolves links) or only
``url`` (fetched by the app's checked fetcher, the proxy's too: ``barrierfree.fetch``).
Results are cached by content, so the toolbar asking again for the same page costs nothing.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ... import __version__
from ...errors import BadRequest, PayloadTooLarge
from ...reader import READER_RULES, extract
from ...reader.remote import read_url
from ..state import app_state

router = APIRouter(tags=["reader"])

# an upgrade or a change of the reader's rules may extract differently: cached articles of
# another version are not reused
_CACHE_VERSION = f"reader:{__version__}:rules{READER_RULES}:"


class ReadRequest(BaseModel):
    html: str | None = Field(None, description="The page's HTML (preferred: what the visitor sees)")
    url: str | None = Field(
        None, description="The page's address: base for links, or the page to fetch"
    )


class ArticleOut(BaseModel):
    title: str | None
    date: str | None = Field(
        description="YYYY-MM-DD; a date the page states only to the month or year falls on "
        "the first of it (see date_precision)"
    )
    date_precision: Literal["day", "month", "year"] | None = Field(
        description="How precisely the page states its date (None: no date)"
    )
    source: str | None = Field(description="来源 as the page states it")
    paragraphs: list[str]
    text: str
    html: str = Field(description="Sanitised article HTML, one block element per paragraph")
    url: str | None
    lang: str | None


def _json(payload: dict[str, object]) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


@router.post(
    "/api/read", response_model=ArticleOut, summary="The article of a page (html and/or url)"
)
async def read(request: Request, body: ReadRequest) -> Response:
    state = app_state(request)
    settings = state.settings
    html = body.html if body.html and body.html.strip() else None
    url = body.url.strip() if body.url and body.url.strip() else None
    if html is None and url is None:
        raise BadRequest("send the page's html, its url, or both", code="missing_input")
    if url is not None and len(url) > 4000:
        raise BadRequest("url is longer than 4000 characters", code="invalid_url")
    if html is not None:
        limit = int(settings.reader_max_bytes)
        if len(html) > limit:
            raise PayloadTooLarge(f"the page is larger than {limit} characters")
        key = (
            _CACHE_VERSION
            + hashlib.sha256(f"{url or ''}\0{html}".encode("utf-8", "surrogatepass")).hexdigest()
        )
        cached = state.cache.get(key)
        if cached is not None:
            return Response(
                cached, media_type="application/json", headers={"Cache-Control": "no-store"}
            )
        article = await anyio.to_thread.run_sync(lambda: extract(html, url))
        body_bytes = json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")
        state.cache.set(key, body_bytes)
        return Response(
            body_bytes, media_type="application/json", headers={"Cache-Control": "no-store"}
        )
    if not settings.proxy:
        raise BadRequest(
            "this server does not fetch pages (the proxy is turned off): send the page's html",
            code="fetch_disabled",
        )
    article = await read_url(
        state.fetcher, url or "", accept_language=request.headers.get("accept-language")
    )
    return _json(article.to_dict())
