"""``barrierfree speak TEXT -o out.mp3`` (TEXT omitted or ``-``: read standard input)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import BadRequest

__all__ = ["add_parser"]


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("speak", help="read text aloud into an MP3 or WAV file")
    parser.add_argument(
        "text", nargs="?", default="-", help="text to read; - or omitted: standard input"
    )
    parser.add_argument(
        "-o", "--output", required=True, help="output file (.mp3 or .wav), - for stdout"
    )
    parser.add_argument(
        "--format", choices=["mp3", "wav"], help="default: from the output file's extension"
    )
    parser.add_argument("--rate", type=float, default=1.0, help="speech rate 0.5–2.0 (default 1.0)")
    parser.add_argument("--volume", type=float, default=1.0, help="volume 0–1 (default 1.0)")
    parser.add_argument(
        "--voice", default="", help="female, male or an engine voice (default: the engine's)"
    )
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="zh",
        help="zh: Mandarin (default); en: English text",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="do not read or write the audio cache"
    )
    from ..flags import add_settings_flags

    add_settings_flags(parser)
    parser.set_defaults(func=_speak)


def _speak(args: argparse.Namespace) -> int:
    from ..cache import MemoryCache, make_cache
    from ..flags import settings_from_args
    from .service import SpeechRequest, SpeechService

    text = sys.stdin.read() if args.text == "-" else args.text
    fmt = args.format or ("wav" if str(args.output).lower().endswith(".wav") else "mp3")
    if args.output != "-" and not str(args.output).lower().endswith("." + fmt):
        raise BadRequest(f"--format {fmt} does not match the output file name {args.output!r}")
    settings = settings_from_args(args)
    # the command line reads whole documents: lift the per-request limit of the HTTP API
    settings = settings.replace(speech_max_chars=max(len(text), int(settings.speech_max_chars)))
    cache = MemoryCache() if args.no_cache else make_cache(settings)
    service = SpeechService(settings, cache)
    try:
        audio = service.speak(
            SpeechRequest(text.strip(), args.rate, args.volume, fmt, args.voice, args.lang)
        )
    finally:
        service.close()
        cache.close()
    if args.output == "-":
        sys.stdout.buffer.write(audio.data)
    else:
        Path(args.output).write_bytes(audio.data)
        print(f"{args.output}: {len(audio.data)} bytes ({audio.media_type})", file=sys.stderr)
    return 0
