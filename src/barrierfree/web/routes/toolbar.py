"""Serving the toolbar.

``/assist.js`` is the one stable URL a site puts in its ``<script>`` tag; it is small and
cached briefly (a deploy reaches visitors within minutes).  Everything it imports lives
under ``/static/<version>/…`` where ``<version>`` is a hash of the static files' content
(``web/assets.py``), so those URLs are cached for a year as immutable: a change to any file
changes the URL.  JavaScript is minified as it is served; with the ``toolbar_minify`` setting
off, every file is served as written and marked ``no-cache`` (for developers editing it).
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...errors import NotFound
from ..assets import STATIC_DIR, static_bytes, static_version
from ..state import app_state

VERSION_PLACEHOLDER = "__BF_VERSION__"
ASSIST = STATIC_DIR / "toolbar" / "assist.js"

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


def _assist_source(minify: bool) -> bytes:
    if minify:
        return _assist_minified()
    return _with_version(static_bytes(ASSIST, minify=False), static_version(minify=False))


@cache
def _assist_minified() -> bytes:
    return _with_version(static_bytes(ASSIST, minify=True), static_version(minify=True))


def _with_version(source: bytes, version: str) -> bytes:
    return source.replace(VERSION_PLACEHOLDER.encode(), version.encode())


def _security_headers(content_type: str) -> dict[str, str]:
    return {"X-Content-Type-Options": "nosniff", "Content-Type": content_type}


@router.get(
    "/assist.js",
    summary="The toolbar entry script (one <script type=module> tag)",
    response_class=Response,
    responses={200: {"content": {"text/javascript": {}}, "description": "The script"}},
)
def assist_js(request: Request) -> Response:
    minify = app_state(request).settings.toolbar_minify
    headers = _security_headers(_TYPES[".js"])
    if minify:
        headers["Cache-Control"] = SHORT
        headers["ETag"] = f'"{static_version(minify=True)}"'
    else:
        headers["Cache-Control"] = "no-cache"
    return Response(_assist_source(minify), headers=headers)


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
def static_file(request: Request, version: str, path: str) -> Response:
    root = STATIC_DIR.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file() or target.name == "assist.js":
        raise NotFound(f"no static file {path!r}")
    content_type = _TYPES.get(target.suffix)
    if content_type is None:
        raise NotFound(f"no static file {path!r}")
    minify = app_state(request).settings.toolbar_minify
    headers = _security_headers(content_type)
    # an old version may be requested while a deploy rolls out: serve it, but do not pin it;
    # sources served as written may change at any moment
    current = minify and version == static_version(minify=True)
    headers["Cache-Control"] = IMMUTABLE if current else "no-cache"
    return Response(static_bytes(target, minify), headers=headers)
