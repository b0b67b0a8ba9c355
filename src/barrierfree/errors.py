"""The exception tree.  Every error the service reports is one of these; each class
carries its HTTP status and a stable machine-readable ``code``, and one handler in
``barrierfree.web.errors`` renders them all as::

    {"error": {"status": 413, "code": "payload_too_large", "message": "…"}}

    BarrierFreeError (500)
    ├── ConfigurationError (500)     bad setting or missing engine configuration
    ├── BadRequest (400)             the input makes no sense
    │   ├── PayloadTooLarge (413)    the input is larger than the configured limit
    │   └── UnsupportedMediaType (415)
    ├── Forbidden (403)              e.g. a proxy target that is not allowed
    ├── NotFound (404)
    ├── TooManyRequests (429)        a concurrency limit is full
    ├── UpstreamError (502)          a remote server answered badly
    │   └── UpstreamTimeout (504)
    └── ServiceUnavailable (503)     an engine is missing or overloaded
"""

from __future__ import annotations


class BarrierFreeError(Exception):
    status: int = 500
    code: str = "internal_error"

    def __init__(
        self, message: str, *, code: str | None = None, headers: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.headers = headers or {}

    def to_dict(self) -> dict[str, object]:
        return {"error": {"status": self.status, "code": self.code, "message": self.message}}


class ConfigurationError(BarrierFreeError):
    status = 500
    code = "configuration_error"


class BadRequest(BarrierFreeError):
    status = 400
    code = "bad_request"


class PayloadTooLarge(BadRequest):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(BadRequest):
    status = 415
    code = "unsupported_media_type"


class Forbidden(BarrierFreeError):
    status = 403
    code = "forbidden"


class NotFound(BarrierFreeError):
    status = 404
    code = "not_found"


class TooManyRequests(BarrierFreeError):
    status = 429
    code = "too_many_requests"


class UpstreamError(BarrierFreeError):
    status = 502
    code = "upstream_error"


class UpstreamTimeout(UpstreamError):
    status = 504
    code = "upstream_timeout"


class ServiceUnavailable(BarrierFreeError):
    status = 503
    code = "service_unavailable"
