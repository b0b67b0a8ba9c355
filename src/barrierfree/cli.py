"""``barrierfree`` command line: serve | speak | pinyin | read.

The CLI is thin: each command calls the same functions the HTTP API calls.  Feature
commands live next to their feature (``speech/cli.py`` …) and register themselves through
``add_parser(subparsers)``, listed in ``build_parser``; they take the settings flags from
``flags.py``, never from here, so no feature imports this module.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .errors import BarrierFreeError
from .flags import add_settings_flags, settings_from_args
from .settings import Settings

if TYPE_CHECKING:
    from .config import Config

__all__ = ["build_parser", "main", "settings_from_args"]


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
    add_settings_flags(serve)
    serve.set_defaults(func=_serve)
    # each feature's module: add_parser(subparsers) -> None; the parser's func(args) -> int
    from .pinyin import cli as pinyin_cli
    from .reader import cli as reader_cli
    from .speech import cli as speech_cli
    from .speech import warm

    for feature in (speech_cli, warm, reader_cli, pinyin_cli):
        feature.add_parser(sub)
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
