"""The page proxy: ``/browse`` (start page, or a proxied page with ``?url=``) and
``/browse/form`` (GET forms of proxied pages, re-encoded in the site's charset).

Every error is shown as the start page with the message and the address box, with the
error's status; the ``url`` parameter is only ever rendered through the template's
escaping, and the only redirect this module issues points at our own ``/browse``.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...errors import BadRequest, BarrierFreeError, NotFound
from ...proxy import FORM_CHARSET_FIELD, FORM_URL_FIELD, PageChrome, ProxyService
from ..assets import render
from ..state import app_state, note_error

router = APIRouter(tags=["proxy"])


def proxy_service(request: Request) -> ProxyService:
    """The app's ProxyService, when the proxy is turned on."""
    state = app_state(request)
    if not state.settings.proxy:
        raise NotFound("the page proxy is turned off on this server")
    return state.proxy


def service_base(request: Request) -> str:
    public = str(app_state(request).settings.public_url).strip()
    return (public or str(request.base_url)).rstrip("/")


def _own_hosts(request: Request) -> frozenset[tuple[str, int]]:
    """(host, port) this service answers to: its public URL's and this request's."""
    own = set()
    for url in (service_base(request), str(request.url)):
        split = urlsplit(url)
        if split.hostname:
            port = split.port or (443 if split.scheme == "https" else 80)
            own.add((split.hostname.lower().rstrip("."), port))
    return frozenset(own)


def _chrome(request: Request, service: ProxyService) -> PageChrome:
    base = service_base(request)
    allow = " ".join(service.link_allow)
    head = (
        f'<script type="module" src="{html.escape(base)}/assist.js" nonce="{{nonce}}" '
        f'data-api="{html.escape(base)}/" data-allow="{html.escape(allow)}"></script>'
    )

    def bar(page_url: str) -> str:
        return render("browse_bar.html", page_url=page_url, start=f"{base}/browse")

    return PageChrome(service_base=base, head_html=head, bar=bar)


def _start_page(
    request: Request, service: ProxyService, *, url: str = "", error: BarrierFreeError | None = None
) -> HTMLResponse:
    body = render(
        "browse.html",
        base=service_base(request),
        url=url,
        error=error,
        policy=service.policy.describe(),
    )
    status = error.status if error is not None else 200
    headers = dict(error.headers) if error is not None else {}
    if error is not None:
        note_error(request, error.code)
    headers.update({"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})
    return HTMLResponse(body, status_code=status, headers=headers)


@router.get(
    "/browse",
    response_class=HTMLResponse,
    summary="Assisted browsing: the start page, or ?url= a page through the proxy",
)
async def browse(request: Request, url: str | None = None) -> Response:
    service = proxy_service(request)
    if url is None or not url.strip():
        return _start_page(request, service)
    try:
        result = await service.browse(
            url,
            _chrome(request, service),
            accept_language=request.headers.get("accept-language"),
            own_hosts=_own_hosts(request),
        )
    except BarrierFreeError as exc:
        return _start_page(request, service, url=url, error=exc)
    return Response(result.body, status_code=result.status, headers=result.headers)


@router.get("/browse/form", summary="A GET form of a proxied page (re-encoded, then /browse)")
async def browse_form(request: Request) -> Response:
    service = proxy_service(request)
    action = request.query_params.get(FORM_URL_FIELD, "")
    charset = request.query_params.get(FORM_CHARSET_FIELD, "utf-8")
    fields = [
        (k, v)
        for k, v in request.query_params.multi_items()
        if k not in (FORM_URL_FIELD, FORM_CHARSET_FIELD)
    ]
    try:
        if not action:
            raise BadRequest("表单缺少目标网址 (form without a target)", code="invalid_url")
        target = service.form_target(action, charset, fields)
    except BarrierFreeError as exc:
        return _start_page(request, service, url=action, error=exc)
    # our own /browse, never the target itself: no open redirect
    return RedirectResponse(service.proxy_url(service_base(request), target), status_code=303)
