"""The demo article page at ``/``: what a new user sees first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...errors import NotFound
from ..assets import render, static_version
from ..state import app_state

router = APIRouter(tags=["demo"])


@router.get("/", response_class=HTMLResponse, summary="Demo government article page")
def demo_page(request: Request) -> HTMLResponse:
    if not app_state(request).settings.demo:
        raise NotFound("the demo page is turned off on this server")
    # the demo's images and stylesheet live under the versioned static URL, like the toolbar's
    version = static_version(app_state(request).settings.toolbar_minify)
    return HTMLResponse(render("demo.html", static=f"/static/{version}"))
