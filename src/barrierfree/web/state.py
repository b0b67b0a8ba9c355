"""Access to the shared AppState from a request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from .app import AppState


def app_state(request: Request) -> AppState:
    return request.app.state.bf  # type: ignore[no-any-return]


def note_error(request: Request, code: str) -> None:
    """Tell the metrics and the request log which error this request ended with."""
    request.scope.setdefault("state", {})["error_code"] = code
