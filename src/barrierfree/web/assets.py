"""The package's own files the web layer hands out: Jinja templates, and the static files'
content version.

Static files live under ``/static/<version>/…`` where ``<version>`` is a hash of their content,
so those URLs can be cached for a year as immutable: a change to any file changes the URL.
The toolbar routes serve them; the demo page and ``assist.js`` name the versioned URL.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render(name: str, **context: object) -> str:
    """The template ``name`` rendered with ``context`` (HTML escaped by default)."""
    return _env.get_template(name).render(**context)


@cache
def static_version() -> str:
    """A short hash over every static file's path and bytes."""
    h = hashlib.sha256()
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(STATIC_DIR).as_posix().encode())
            h.update(b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()[:12]
