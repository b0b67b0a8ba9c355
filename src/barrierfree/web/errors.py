"""One renderer for every error: JSON for API clients, a small escaped HTML page for
browsers navigating to a page (the proxy, the demo)."""

from __future__ import annotations

import html

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import BarrierFreeError
from .state import note_error

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    500: "internal_error",
    502: "upstream_error",
    503: "service_unavailable",
    504: "upstream_timeout",
}

_TITLES = {
    400: "请求有误 Bad request",
    403: "不允许访问 Forbidden",
    404: "页面不存在 Not found",
    413: "内容过大 Too large",
    422: "输入有误 Invalid input",
    429: "请求过多 Too many requests",
    502: "目标网站出错 Upstream error",
    503: "服务暂不可用 Service unavailable",
    504: "目标网站超时 Upstream timeout",
}


def wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith("/api/")


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> Response:
    note_error(request, code)
    if wants_html(request):
        title = _TITLES.get(status, f"错误 Error {status}")
        body = (
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title)}</title>"
            "<style>body{font:18px/1.6 system-ui,sans-serif;max-width:40em;margin:2em auto;"
            "padding:0 1em;color:#111;background:#fff}h1{font-size:1.5em}</style></head>"
            f"<body><main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
            f"<p><small>{status} · {html.escape(code)}</small></p>"
            '<p><a href="/browse">返回 Back</a></p></main></body></html>'
        )
        return HTMLResponse(body, status_code=status, headers=headers)
    payload = {"error": {"status": status, "code": code, "message": message}}
    return JSONResponse(payload, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BarrierFreeError)
    async def _ours(request: Request, exc: BarrierFreeError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
        return error_response(request, 422, "invalid_input", "; ".join(parts) or "invalid input")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _CODES.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}"
        return error_response(request, exc.status_code, code, detail, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        # a bug, not a user error: say so without leaking internals
        return error_response(request, 500, "internal_error", "internal server error")
