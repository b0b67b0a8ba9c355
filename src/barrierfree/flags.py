"""The settings table as command-line flags: ``serve``, ``speak``, ``warm`` and ``read`` take
every setting the same way (``--speech-engine``, ``--no-proxy`` …), each also read from its
``BARRIERFREE_*`` variable when the flag is not given."""

from __future__ import annotations

import argparse

from .settings import SETTINGS, Settings

__all__ = ["add_settings_flags", "settings_from_args"]


def add_settings_flags(parser: argparse.ArgumentParser) -> None:
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
    """The settings: the flags given, else the environment, else the defaults."""
    overrides = {
        s.name: getattr(args, s.name) for s in SETTINGS if getattr(args, s.name, None) is not None
    }
    return Settings(overrides)
