"""The package's own files the web layer hands out: Jinja templates, and the static files'
bytes and content version.

Static files live under ``/static/<version>/…`` where ``<version>`` is a hash of the bytes
served, so those URLs can be cached for a year as immutable: a change to any file (or to the
minifier's output) changes the URL.  The toolbar routes serve them; the demo page and
``assist.js`` name the versioned URL.

JavaScript is served minified (``web/minify.py``), each file once per process, unless the
``toolbar_minify`` setting is off: then every request reads the file as written, for
developers editing the toolbar.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .minify import minify_js

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
JS_SUFFIXES = frozenset({".js", ".mjs"})

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render(name: str, **context: object) -> str:
    """The template ``name`` rendered with ``context`` (HTML escaped by default)."""
    return _env.get_template(name).render(**context)


def static_bytes(path: Path, minify: bool) -> bytes:
    """What is served for the static file ``path``: minified if it is JavaScript and ``minify``."""
    if minify and path.suffix in JS_SUFFIXES:
        return _minified(path)
    return path.read_bytes()


@cache
def _minified(path: Path) -> bytes:
    return minify_js(path.read_text("utf-8"), path.relative_to(STATIC_DIR).as_posix()).encode()


@cache
def static_version(minify: bool = True) -> str:
    """A short hash over every static file's path and the bytes served for it."""
    h = hashlib.sha256()
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(STATIC_DIR).as_posix().encode())
            h.update(b"\0")
            h.update(static_bytes(path, minify))
    return h.hexdigest()[:12]
