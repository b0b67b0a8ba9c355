"""Structured logs: one JSON object per line, with the request id of the request being served.

What is never logged: page text, text to be read, query strings (they carry both), and the
visitor's address unless the operator turns on ``log_client_ip``.
"""

from __future__ import annotations

import contextvars
import json
import logging
import time
from typing import Any

__all__ = ["REQUEST_ID", "JsonFormatter", "configure_logging", "logging_config"]

#: the id of the request this task is serving ("-" outside a request)
REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# attributes every LogRecord has; anything else was passed in ``extra=`` and is logged
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id != "-":
            out["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def logging_config(level: str = "info", fmt: str = "json") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the service and uvicorn (also given to uvicorn so
    every worker process logs the same way).  uvicorn's own access log is off: the service
    writes one ``request`` line per request, with its id, route and timing."""
    formatter: dict[str, Any] = (
        {"()": "barrierfree.logs.JsonFormatter"}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    handler = {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stderr"}
    lvl = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "loggers": {
            "barrierfree": {"handlers": ["main"], "level": lvl, "propagate": False},
            "uvicorn": {"handlers": ["main"], "level": lvl, "propagate": False},
            "uvicorn.error": {"level": lvl},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    import logging.config

    logging.config.dictConfig(logging_config(level, fmt))
