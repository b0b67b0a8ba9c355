"""``barrierfree`` command line: serve | speak | pinyin | read.

The CLI is thin: each command calls the same functions the HTTP API calls.  Feature
commands live next to their feature (``speech/cli.py`` …) and register themselves through
``add_parser(subparsers)`` listed in ``_FEATURE_COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .errors import BarrierFreeError
from .settings import SETTINGS, Settings

if TYPE_CHECKING:
    from .config import Config

# modules exposing add_parser(subparsers) -> None; the parser's func(args) -> int runs it
_FEATURE_COMMANDS: list[str] = [
    "barrierfree.speech.cli",
    "barrierfree.speech.warm",
    "barrierfree.reader.cli",
    "barrierfree.pinyin.cli",
]


def _add_settings_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings (each also read from its BARRIERFREE_* variable)")
    for s in SETTINGS:
        kwargs: dict[str, object] = {
            "dest": s.name,
            "default": None,
            "metavar": s.kind.__name__.upper(),
        }
        if s.kind is bool:
            kwargs = {"dest": s.name, "default": None, "action": argparse.BooleanOptionalAction}
        group.add_argument(s.flag, help=f"{s.help} [env {s.env}, default {s.default!r}]", **kwargs)  # type: ignore[arg-type]


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {
        s.name: getattr(args, s.name) for s in SETTINGS if getattr(args, s.name, None) is not None
    }
    return Settings(overrides)


def _serve(args: argparse.Namespace) -> int:
    from .config import Config
    from .logs import configure_logging, logging_config

    # a bad configuration file stops here, naming file, line and key
    config = Config.from_settings(settings_from_args(args))
    settings = config.settings
    if args.get:
        return _one_shot(config, args.get)
    import uvicorn

    configure_logging(settings.log_level, settings.log_format)
    # workers are separate processes: hand them the resolved settings through the environment
    os.environ.update(settings.as_env())
    print(
        f"barrierfree {__version__} serving on http://{settings.host}:{settings.port}"
        + (f" ({len(config.sites)} sites from {config.path})" if config.path else ""),
        file=sys.stderr,
    )
    uvicorn.run(
        "barrierfree.web.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        log_config=logging_config(settings.log_level, settings.log_format),
        access_log=False,  # the service logs each request itself, with its id and no query
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # SIGTERM: stop accepting, finish what is in flight (up to this long), then exit
        timeout_graceful_shutdown=settings.graceful_timeout,
        server_header=False,
    )
    return 0


def _one_shot(settings: Settings | Config, path: str) -> int:
    """``serve --get /path``: answer one request in-process and print the body."""
    from fastapi.testclient import TestClient

    from .web.app import create_app

    with TestClient(create_app(settings)) as client:
        response = client.get(path)
    sys.stdout.buffer.write(response.content)
    if not response.content.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    return 0 if response.status_code < 400 else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="barrierfree", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"barrierfree {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the service and the demo page")
    serve.add_argument(
        "--get", metavar="PATH", help="answer one GET request in-process, print it, exit"
    )
    _add_settings_flags(serve)
    serve.set_defaults(func=_serve)
    for module in _FEATURE_COMMANDS:
        importlib.import_module(module).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BarrierFreeError as exc:
        print(f"barrierfree: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
