"""The service's outer layer, as one plain ASGI middleware: request id, size limits, the
per-client rate limit, metrics and the one structured log line per request.

Order of checks (cheapest first): URL length (414), declared body size (413), rate limit (429);
a body that arrives without a length is counted as it streams and cut off at the limit (413).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from typing import TYPE_CHECKING, Any

import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import metrics
from ..logs import REQUEST_ID

if TYPE_CHECKING:
    from .state import AppState

__all__ = ["ServiceMiddleware"]

log = logging.getLogger("barrierfree.access")

_GOOD_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# where the rate limit applies: the APIs and the proxy (the toolbar's static files, health
# and metrics are not limited: they are cheap and CDN-cacheable)
_LIMITED = ("/api/", "/browse")
_PROXY_ROUTES = {"/browse", "/browse/form"}


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


def _json_error(
    status: int, code: str, message: str, headers: dict[str, str]
) -> tuple[Message, Message]:
    body = json.dumps(
        {"error": {"status": status, "code": code, "message": message}}, ensure_ascii=False
    ).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return (
        {"type": "http.response.start", "status": status, "headers": raw},
        {"type": "http.response.body", "body": body},
    )


class ServiceMiddleware:
    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _GOOD_ID.match(incoming) else secrets.token_hex(8)
        token = REQUEST_ID.set(request_id)
        status = 500
        rid_header = (b"x-request-id", request_id.encode())

        async def send_wrapped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], rid_header]
            await send(message)

        try:
            refusal = await self._refuse(scope, headers)
            if refusal is not None:
                refusal = self._with_cors(refusal, headers)
                start, body = refusal
                await send_wrapped(start)
                await send_wrapped(body)
                return
            limit = self.state.config.settings.request_max_bytes
            await self.app(scope, self._counting(receive, limit), send_wrapped)
        except BodyTooLarge as exc:
            start, body = self._with_cors(
                _json_error(413, "payload_too_large", str(exc.detail), {}), headers
            )
            await send_wrapped(start)
            await send_wrapped(body)
        finally:
            self._record(scope, status, time.perf_counter() - started)
            REQUEST_ID.reset(token)

    def _with_cors(
        self, refusal: tuple[Message, Message], headers: dict[bytes, bytes]
    ) -> tuple[Message, Message]:
        """Refusals are made before the CORS layer: give them its headers, so a toolbar on
        another site can read the 429 and its Retry-After instead of a network error."""
        origin = headers.get(b"origin", b"").decode("latin-1")
        if origin and self.state.config.cors_allows(origin):
            start, body = refusal
            start["headers"] += [
                (b"access-control-allow-origin", origin.encode("latin-1")),
                (b"access-control-expose-headers", b"Retry-After, X-Request-ID"),
                (b"vary", b"Origin"),
            ]
        return refusal

    async def _refuse(
        self, scope: Scope, headers: dict[bytes, bytes]
    ) -> tuple[Message, Message] | None:
        settings = self.state.config.settings
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > settings.url_max_chars:
            return _json_error(
                414,
                "uri_too_long",
                f"the address is {target} characters long; at most {settings.url_max_chars} "
                "(send long text in a POST body)",
                {},
            )
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                return _json_error(400, "bad_request", "Content-Length is not a number", {})
            if size > settings.request_max_bytes:
                return _json_error(
                    413,
                    "payload_too_large",
                    f"request body of {size} bytes; at most {settings.request_max_bytes}",
                    {},
                )
        limiter = self.state.rate_limiter
        if limiter.enabled and scope["path"].startswith(_LIMITED):
            client = (scope.get("client") or ("unknown", 0))[0]
            if limiter.uses_redis:
                verdict = await anyio.to_thread.run_sync(limiter.check, client)
            else:
                verdict = limiter.check(client)
            if not verdict.allowed:
                metrics.RATE_LIMITED.labels(verdict.limit).inc()
                return _json_error(
                    429,
                    "rate_limited",
                    f"too many requests from this address (limit {verdict.limit}); "
                    f"try again in {verdict.retry_after} s",
                    {"Retry-After": str(verdict.retry_after)},
                )
        return None

    @staticmethod
    def _counting(receive: Receive, limit: int) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # an HTTPException passes through FastAPI's body parsing unchanged
                    raise BodyTooLarge(limit)
            return message

        return counted

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route_obj = scope.get("route")
        route = getattr(route_obj, "path", None) or "unmatched"
        method = scope.get("method", "")
        metrics.REQUESTS.labels(route, method, str(status)).inc()
        metrics.REQUEST_SECONDS.labels(route).observe(seconds)
        state: dict[str, Any] = scope.get("state") or {}
        code = state.get("error_code")
        if route in _PROXY_ROUTES and (scope.get("query_string") or route == "/browse/form"):
            # a refusal is decided before or while fetching (policy, size, rate); anything
            # else went upstream: ok, or how it failed (upstream_error, upstream_timeout …)
            if 400 <= status < 500:
                metrics.PROXY_REFUSALS.labels(code or str(status)).inc()
            else:
                metrics.PROXY_FETCHES.labels("ok" if status < 400 else (code or str(status))).inc()
        settings = self.state.config.settings
        fields: dict[str, Any] = {
            "event": "request",
            "request_id": REQUEST_ID.get(),
            "method": method,
            "route": route,
            "path": scope.get("path", ""),  # never the query: it carries page text
            "status": status,
            "ms": round(seconds * 1000, 1),
        }
        if code:
            fields["error_code"] = code
        if settings.log_client_ip and scope.get("client"):
            fields["client"] = scope["client"][0]
        log.info("%s %s %s", method, route, status, extra=fields)
