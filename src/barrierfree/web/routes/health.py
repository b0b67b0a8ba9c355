"""Service routes: liveness, Prometheus metrics, and the calling site's settings."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ... import __version__, metrics
from ...errors import NotFound
from ..state import app_state

router = APIRouter()


@router.get("/healthz", tags=["service"], summary="Liveness check")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.get("/metrics", tags=["service"], summary="Prometheus metrics", include_in_schema=False)
def metrics_page(request: Request) -> Response:
    if not app_state(request).settings.metrics:
        raise NotFound("metrics are turned off on this server (setting metrics)")
    return Response(metrics.render(), media_type=metrics.CONTENT_TYPE_LATEST)


class SiteOut(BaseModel):
    name: str = Field(description="The site's name in the service's configuration")
    lang: Literal["zh", "en"] = Field(description="Default language of toolbar and speech")
    voice: str = Field(description="Default voice; empty: the service's default")
    scheme: str = Field(description="Default colour scheme")
    link_allow: list[str] = Field(description="Hosts that need no leave-site confirmation")
    pinyin_words: dict[str, str] = Field(description="The site's own pinyin readings")


class SiteAnswer(BaseModel):
    site: SiteOut | None = Field(description="null: the origin is not one of the listed sites")


@router.get(
    "/api/site",
    tags=["service"],
    summary="The settings of the site a page belongs to (the toolbar asks at start)",
    response_model=SiteAnswer,
)
def site(
    request: Request,
    response: Response,
    origin: Annotated[
        str | None,
        Query(max_length=300, description="The page's origin; default: the Origin header"),
    ] = None,
) -> SiteAnswer:
    config = app_state(request).config
    # every page load asks: browsers and CDNs may keep the answer a few minutes
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Vary"] = "Origin"
    found = config.site_for(origin or request.headers.get("origin"))
    return SiteAnswer(site=SiteOut(**found.public()) if found else None)
