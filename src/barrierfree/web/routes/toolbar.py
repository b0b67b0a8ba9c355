"""Serving the toolbar.

``/assist.js`` is the one stable URL a site puts in its ``<script>`` tag; it is small and
cached briefly (a deploy reaches visitors within minutes).  Everything it imports lives
under ``/static/<version>/…`` where ``<version>`` is a hash of the static files' content
(``web/assets.py``), so those URLs are cached for a year as immutable: a change to any file
changes the URL.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter
from fastapi.responses import Response

from ...errors import NotFound
from ..assets import STATIC_DIR, static_version

VERSION_PLACEHOLDER = "__BF_VERSION__"

_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".cur": "image/x-icon",
    ".woff2": "font/woff2",
}
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"

router = APIRouter(tags=["toolbar"])


@cache
def _assist_source() -> bytes:
    text = (STATIC_DIR / "toolbar" / "assist.js").read_text("utf-8")
    return text.replace(VERSION_PLACEHOLDER, static_version()).encode("utf-8")


def _security_headers(content_type: str) -> dict[str, str]:
    return {"X-Content-Type-Options": "nosniff", "Content-Type": content_type}


@router.get(
    "/assist.js",
    summary="The toolbar entry script (one <script type=module> tag)",
    response_class=Response,
    responses={200: {"content": {"text/javascript": {}}, "description": "The script"}},
)
def assist_js() -> Response:
    headers = _security_headers(_TYPES[".js"])
    headers["Cache-Control"] = SHORT
    headers["ETag"] = f'"{static_version()}"'
    return Response(_assist_source(), headers=headers)


@router.get(
    "/static/{version}/{path:path}",
    summary="Versioned toolbar modules and assets",
    response_class=Response,
    responses={
        200: {
            "content": {t.split(";")[0]: {} for t in _TYPES.values()},
            "description": "The file",
        },
        404: {"description": "No such file", "content": {"application/json": {}}},
    },
)
def static_file(version: str, path: str) -> Response:
    root = STATIC_DIR.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file() or target.name == "assist.js":
        raise NotFound(f"no static file {path!r}")
    content_type = _TYPES.get(target.suffix)
    if content_type is None:
        raise NotFound(f"no static file {path!r}")
    headers = _security_headers(content_type)
    # an old version may be requested while a deploy rolls out: serve it, but do not pin it
    headers["Cache-Control"] = IMMUTABLE if version == static_version() else "no-cache"
    return Response(target.read_bytes(), headers=headers)
