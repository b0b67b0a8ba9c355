"""Many sites, one service: the TOML configuration file (the ``config`` setting).

::

    [service]                      # any setting of the settings table, same names
    cache_backend = "redis"
    rate_limit = "20/second;600/minute"

    [[site]]
    name = "city"                  # for logs and /api/site
    origins = ["https://www.city.gov.cn"]       # pages of this site (scheme://host[:port])
    cors_origins = ["https://www.city.gov.cn"]  # may call the service; default: origins
    link_allow = ["*.city.gov.cn"]  # links that leave without the leave-site confirmation
    pinyin_words = { "单于" = "chán yú" }         # the site's own readings
    lang = "zh"                    # default language of the toolbar and of reading aloud
    voice = ""                     # default of 女声/男声: female or male; empty: female
    scheme = "original"            # default colour scheme: original, white, blue, yellow, black

Precedence for ``[service]``: defaults < file < ``BARRIERFREE_*`` variables < flags.  Without a
file the service is one site configured by variables and flags, as before.

Every mistake is reported at start-up as ``FILE:LINE: key: what is wrong``.  The file is
watched (and re-read on SIGHUP): a change to the sites takes effect without a restart, and a
file that no longer loads is logged and ignored, keeping the last good configuration.
``[service]`` changes need a restart (they size pools and open connections).

A :class:`Config` is immutable and passed in; a reload swaps the whole object.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import BarrierFreeError, ConfigurationError
from .settings import SETTINGS, Settings

__all__ = ["Config", "ConfigWatcher", "Site", "load_config"]

log = logging.getLogger("barrierfree.config")

SCHEMES = ("original", "white", "blue", "yellow", "black")
LANGS = ("zh", "en")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$|^\*$")
_SITE_KEYS = {
    "name",
    "origins",
    "cors_origins",
    "link_allow",
    "pinyin_words",
    "lang",
    "voice",
    "scheme",
}
_SETTING_NAMES = {s.name for s in SETTINGS}


@dataclass(frozen=True)
class Site:
    name: str
    origins: tuple[str, ...]
    cors_origins: tuple[str, ...]
    link_allow: tuple[str, ...] = ()
    pinyin_words: Mapping[str, str] = field(default_factory=dict)
    lang: str = "zh"
    voice: str = ""
    scheme: str = "original"

    def public(self) -> dict[str, Any]:
        """What the toolbar may know (everything here is already public on the site's pages)."""
        return {
            "name": self.name,
            "lang": self.lang,
            "voice": self.voice,
            "scheme": self.scheme,
            "link_allow": list(self.link_allow),
            "pinyin_words": dict(self.pinyin_words),
        }


@dataclass(frozen=True)
class Config:
    settings: Settings
    sites: tuple[Site, ...] = ()
    path: str = ""
    mtime: float = 0.0

    def __post_init__(self) -> None:
        by_origin: dict[str, Site] = {}
        for site in self.sites:
            for origin in site.origins:
                by_origin[origin.lower()] = site
        object.__setattr__(self, "_by_origin", by_origin)
        allowed = {o.lower() for o in self.settings.csv("cors_origins")}
        for site in self.sites:
            allowed.update(o.lower() for o in site.cors_origins)
        object.__setattr__(self, "_cors", frozenset(allowed))

    def site_for(self, origin: str | None) -> Site | None:
        """The site whose pages have this origin (the browser's ``Origin`` header)."""
        if not origin:
            return None
        return self._by_origin.get(origin.lower().rstrip("/"))  # type: ignore[attr-defined, no-any-return]

    def cors_allows(self, origin: str) -> bool:
        cors: frozenset[str] = self._cors  # type: ignore[attr-defined]
        return "*" in cors or origin.lower() in cors

    @classmethod
    def from_settings(cls, settings: Settings) -> Config:
        """One site configured by variables and flags, or the file named by ``config``."""
        if settings.config:
            return load_config(settings.config, settings)
        return cls(settings)


# -- loading -------------------------------------------------------------------------------


def _line_of(text: str, table: str, index: int, key: str | None) -> int:
    """The line of ``key`` in the ``index``-th ``[table]``/``[[table]]`` (1-based; best effort)."""
    header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
    any_header = re.compile(r"^\s*\[")
    lines = text.splitlines()
    seen = -1
    for no, line in enumerate(lines, 1):
        if header.match(line):
            seen += 1
            if seen == index:
                if key is None:
                    return no
                for no2 in range(no, len(lines)):
                    inner = lines[no2]
                    if any_header.match(inner):
                        break
                    if re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", inner):
                        return no2 + 1
                return no
    return 1


class _Problem(Exception):
    def __init__(self, key: str, message: str, table: str, index: int, field_: str | None) -> None:
        super().__init__(message)
        self.key, self.message, self.table, self.index, self.field = (
            key,
            message,
            table,
            index,
            field_,
        )


def _strings(value: Any, key: str, table: str, i: int, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _Problem(key, "must be a list of non-empty strings", table, i, name)
    return tuple(value)


def _site(raw: Any, i: int, names: set[str], taken: dict[str, str]) -> Site:
    where = f"site[{i}]"
    if not isinstance(raw, dict):
        raise _Problem(where, "must be a table", "site", i, None)
    for key in raw:
        if key not in _SITE_KEYS:
            raise _Problem(
                f"{where}.{key}",
                f"unknown key (expected one of {', '.join(sorted(_SITE_KEYS))})",
                "site",
                i,
                key,
            )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _Problem(f"{where}.name", "every site needs a name", "site", i, "name")
    if name in names:
        raise _Problem(f"{where}.name", f"site name {name!r} is used twice", "site", i, "name")
    names.add(name)
    where = f"site {name!r}"
    if "origins" not in raw:
        raise _Problem(
            f"{where}.origins", "missing: the origins of the site's pages", "site", i, None
        )
    origins = _strings(raw["origins"], f"{where}.origins", "site", i, "origins")
    for origin in origins:
        if origin == "*" or not _ORIGIN.match(origin):
            raise _Problem(
                f"{where}.origins",
                f"{origin!r} is not an origin like https://www.example.gov.cn",
                "site",
                i,
                "origins",
            )
        if origin.lower() in taken:
            raise _Problem(
                f"{where}.origins",
                f"{origin!r} already belongs to site {taken[origin.lower()]!r}",
                "site",
                i,
                "origins",
            )
        taken[origin.lower()] = name
    cors = _strings(
        raw.get("cors_origins", list(origins)), f"{where}.cors_origins", "site", i, "cors_origins"
    )
    for origin in cors:
        if not _ORIGIN.match(origin):
            raise _Problem(
                f"{where}.cors_origins",
                f"{origin!r} is not an origin like https://www.example.gov.cn (or *)",
                "site",
                i,
                "cors_origins",
            )
    allow = _strings(raw.get("link_allow", []), f"{where}.link_allow", "site", i, "link_allow")
    words = raw.get("pinyin_words", {})
    if not isinstance(words, dict) or not all(isinstance(v, str) for v in words.values()):
        raise _Problem(
            f"{where}.pinyin_words",
            'must be a table of word = "reading", e.g. { "单于" = "chán yú" }',
            "site",
            i,
            "pinyin_words",
        )
    try:
        from .pinyin import CustomWords

        CustomWords(words)
    except BarrierFreeError as exc:
        raise _Problem(f"{where}.pinyin_words", exc.message, "site", i, "pinyin_words") from None
    lang = raw.get("lang", "zh")
    if lang not in LANGS:
        raise _Problem(f"{where}.lang", f"must be zh or en, got {lang!r}", "site", i, "lang")
    voice = raw.get("voice", "")
    if not isinstance(voice, str) or len(voice) > 64:
        raise _Problem(f"{where}.voice", "must be a voice name (a string)", "site", i, "voice")
    scheme = raw.get("scheme", "original")
    if scheme not in SCHEMES:
        raise _Problem(
            f"{where}.scheme",
            f"must be one of {', '.join(SCHEMES)}, got {scheme!r}",
            "site",
            i,
            "scheme",
        )
    return Site(name, origins, cors, allow, dict(words), lang, voice, scheme)


def load_config(
    path: str,
    base: Settings | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Read and check the file; raise :class:`ConfigurationError` naming file, line and key.

    ``base``: settings already resolved from variables and flags (they win over the file's
    ``[service]``); without it they are read from ``environ``/``overrides`` here.
    """
    try:
        with open(path, "rb") as f:
            data = f.read()
        mtime = os.stat(path).st_mtime
    except OSError as exc:
        raise ConfigurationError(
            f"{path}: cannot read the configuration file: {exc.strerror}"
        ) from None
    text = data.decode("utf-8", "replace")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line N, column M)"
        found = re.search(r"line (\d+)", str(exc))
        line = found.group(1) if found else str(max(1, len(text.splitlines())))
        raise ConfigurationError(f"{path}:{line}: not valid TOML: {exc}") from None
    try:
        for key in doc:
            if key not in ("service", "site"):
                raise _Problem(key, "unknown table (expected [service] or [[site]])", key, 0, None)
        service = doc.get("service", {})
        if not isinstance(service, dict):
            raise _Problem("service", "must be a table: [service]", "service", 0, None)
        for key in service:
            if key not in _SETTING_NAMES or key == "config":
                raise _Problem(
                    f"service.{key}",
                    "unknown setting (see barrierfree serve --help)",
                    "service",
                    0,
                    key,
                )
        sites_raw = doc.get("site", [])
        if not isinstance(sites_raw, list):
            raise _Problem("site", "sites are [[site]] tables", "site", 0, None)
        names: set[str] = set()
        taken: dict[str, str] = {}
        sites = tuple(_site(raw, i, names, taken) for i, raw in enumerate(sites_raw))
        # explicit settings (variables, flags) win over the file's [service]
        env = os.environ if environ is None else environ
        file_values = dict(service)
        explicit = dict(overrides or {})
        if base is not None:
            explicit.update({k: v for k, v in base.items() if k in base.explicit and k != "config"})
        if (
            sites
            and "cors_origins" not in file_values
            and not _is_explicit("cors_origins", explicit, env)
        ):
            # with sites listed, only their origins may call the service unless told otherwise
            file_values["cors_origins"] = ""
        try:
            settings = Settings({**explicit, "config": path}, environ=env, file_values=file_values)
        except ConfigurationError as exc:
            bad = next((k for k in file_values if f"setting {k} " in exc.message), None)
            if bad is None:
                raise
            raise _Problem(f"service.{bad}", exc.message, "service", 0, bad) from None
    except _Problem as p:
        line = _line_of(text, p.table, p.index, p.field)
        raise ConfigurationError(f"{path}:{line}: {p.key}: {p.message}") from None
    return Config(settings, sites, path, mtime)


def _is_explicit(name: str, explicit: Mapping[str, Any], env: Mapping[str, str]) -> bool:
    """Was ``name`` set by a flag or a variable (rather than left to its default)?"""
    from .settings import ENV_PREFIX

    return name in explicit or (ENV_PREFIX + name.upper()) in env


class ConfigWatcher:
    """Re-reads the file when it changes; a bad file is logged and the last good one kept."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.last_error = ""

    def check(self, *, force: bool = False) -> bool:
        """Reload if the file changed (or ``force``); True when a new configuration is in use."""
        current = self.config
        if not current.path:
            return False
        try:
            mtime = os.stat(current.path).st_mtime
        except OSError:
            mtime = -1.0
        if not force and mtime == current.mtime:
            return False
        try:
            fresh = load_config(current.path, current.settings)
        except ConfigurationError as exc:
            if exc.message != self.last_error:
                log.error(
                    "configuration not reloaded, keeping the last good one: %s",
                    exc.message,
                    extra={"event": "config_rejected"},
                )
            self.last_error = exc.message
            # remember the bad file's time so it is not re-read every poll
            self.config = Config(current.settings, current.sites, current.path, mtime)
            return False
        self.last_error = ""
        # [service] changes need a restart: keep the running settings, take the new sites
        self.config = Config(current.settings, fresh.sites, current.path, fresh.mtime)
        log.warning(
            "configuration reloaded: %d sites",
            len(fresh.sites),
            extra={"event": "config_reloaded", "sites": len(fresh.sites)},
        )
        return True
