"""The demo article page at ``/``: what a new user sees first."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ...errors import NotFound
from ..state import app_state
from .toolbar import static_version

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))

router = APIRouter(tags=["demo"])


def render(name: str, **context: object) -> str:
    return _env.get_template(name).render(**context)


@router.get("/", response_class=HTMLResponse, summary="Demo government article page")
def demo_page(request: Request) -> HTMLResponse:
    if not app_state(request).settings.demo:
        raise NotFound("the demo page is turned off on this server")
    # the demo's images and stylesheet live under the versioned static URL, like the toolbar's
    return HTMLResponse(render("demo.html", static=f"/static/{static_version()}"))
