"""The one settings table.

Every setting is declared once in ``SETTINGS`` as (name, default, help).  The same table
drives the environment variables (``BARRIERFREE_<NAME>``), the ``barrierfree serve`` flags
(``--name-with-dashes``) and the settings section of the README (a test checks that the
docs cover every entry).

A :class:`Settings` object is immutable and passed in explicitly; nothing reads the
environment after it has been built.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ConfigurationError

ENV_PREFIX = "BARRIERFREE_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def kind(self) -> type:
        return type(self.default)


SETTINGS: tuple[Setting, ...] = (
    # service
    Setting("host", "127.0.0.1", "Address to listen on."),
    Setting("port", 8000, "TCP port to listen on."),
    Setting("workers", 1, "Number of worker processes."),
    Setting("log_level", "info", "Log level: debug, info, warning, error."),
    Setting(
        "public_url",
        "",
        "Public base URL of the service (e.g. https://assist.example.gov.cn); "
        "empty means: derived from each request.",
    ),
    Setting(
        "cors_origins",
        "*",
        "Comma-separated origins allowed to load the toolbar and call the APIs; * for any site.",
    ),
    Setting("demo", True, "Serve the demo article page at /."),
    Setting(
        "toolbar_minify",
        True,
        "Serve the toolbar's JavaScript minified (cached for a year under a versioned URL); "
        "off: the files as written, read on every request and marked no-cache, for developers.",
    ),
    Setting(
        "config",
        "",
        "TOML file listing the sites this service serves and service settings "
        "(docs/deploy.md); watched, and re-read on SIGHUP. Empty: one site, configured by these settings.",
    ),
    Setting(
        "log_format", "json", "Log lines: json (one object per line, with request ids) or text."
    ),
    Setting(
        "log_client_ip",
        False,
        "Write the visitor's IP address in the request log lines (off: no visitor address is logged).",
    ),
    Setting(
        "forwarded_allow_ips",
        "127.0.0.1",
        "Comma-separated addresses of reverse proxies whose X-Forwarded-For names the visitor "
        "(for rate limits and logs); * trusts any.",
    ),
    Setting(
        "graceful_timeout",
        30.0,
        "Seconds a stopping server waits for requests in flight to finish.",
    ),
    Setting("metrics", True, "Serve Prometheus metrics at /metrics."),
    # limits
    Setting(
        "rate_limit",
        "30/second;1200/minute",
        "Per-client limits on /api/ and /browse requests (e.g. 20/second;600/minute; counted in "
        "Redis when the cache is Redis); empty: no limit. Over the limit: 429 with Retry-After.",
    ),
    Setting(
        "request_max_bytes",
        16777216,
        "Largest request body any endpoint accepts, in bytes (413 above).",
    ),
    Setting(
        "url_max_chars",
        16384,
        "Longest request path and query string, in characters (414 above).",
    ),
    # cache
    Setting("cache_backend", "disk", "Cache backend: disk, redis or memory."),
    Setting("cache_dir", ".cache/barrierfree", "Directory of the disk cache."),
    Setting("cache_size_mb", 512, "Upper bound of the disk or memory cache, in MiB."),
    Setting(
        "redis_url", "redis://127.0.0.1:6379/0", "Redis URL, used when cache_backend is redis."
    ),
    # speech
    Setting(
        "speech_engine",
        "kokoro",
        "Speech engine: kokoro (the neural Kokoro-82M voice, on the CPU; espeak answers when its files are missing), espeak (Debian's espeak-ng) or openai (an HTTP server speaking POST /v1/audio/speech).",
    ),
    Setting(
        "speech_kokoro_dir",
        "",
        "Folder with Kokoro voices (voices/*.bin) and optionally model.onnx, vocab.json and SHA256SUMS; empty: the voices scripts/serve installs in <venv>/share/barrierfree/kokoro and the model from its PyPI packages.",
    ),
    Setting(
        "speech_kokoro_threads",
        0,
        "CPU threads one Kokoro synthesis uses; 0: one per core.",
    ),
    Setting(
        "speech_kokoro_tail_cut",
        False,
        "Kokoro: the decoder stops a quarter of a second after each clause's last spoken token instead of making the model's second of trailing silence, which is trimmed anyway, its normalisation weighted for the silence not made (first audio sooner; but the audio changes slightly and the recogniser heard it worse on both sentence sets, benchmarks/RESULTS.md, so it is off).",
    ),
    Setting(
        "speech_quick_start",
        False,
        "Kokoro: cut a long first clause once more near its start, so a sentence starts sooner; the cut costs about one point of recogniser error rate (benchmarks/RESULTS.md), so it is off.",
    ),
    Setting(
        "speech_voice",
        "",
        "Default voice: female or male (the toolbar's 女声/男声), or one of the engine's voice names; empty: the engine's own default.",
    ),
    Setting(
        "speech_max_chars",
        500,
        "Longest text one /api/speech request may synthesise, in characters.",
    ),
    Setting(
        "speech_plan_max_chars", 100000, "Longest text /api/speech/plan accepts, in characters."
    ),
    Setting(
        "speech_concurrency",
        0,
        "Syntheses running at once per process; 0: the engine's choice (Kokoro 1, using every core; espeak one per core).",
    ),
    Setting(
        "speech_queue",
        32,
        "Speech requests that may wait for the engine before new ones get 503 with Retry-After (background warming gets half of it).",
    ),
    Setting(
        "speech_queue_timeout",
        20.0,
        "Seconds a speech request waits for a slot before it gets 503.",
    ),
    Setting(
        "speech_warm_max",
        2000,
        "Sentences /api/speech/prepare may keep queued for background synthesis per process.",
    ),
    Setting(
        "speech_espeak_command",
        "espeak-ng",
        "The espeak-ng executable (name on PATH or full path); used when the library cannot be loaded.",
    ),
    Setting(
        "speech_espeak_library",
        "libespeak-ng.so.1",
        "espeak-ng's shared library, to synthesise in-process; empty: always run speech_espeak_command.",
    ),
    Setting(
        "speech_http_url",
        "",
        "Base URL of the OpenAI-style speech server (speech_engine openai), e.g. http://127.0.0.1:8880.",
    ),
    Setting("speech_http_model", "tts-1", "Model name sent to the OpenAI-style speech server."),
    Setting("speech_http_voice", "alloy", "Default voice sent to the OpenAI-style speech server."),
    Setting(
        "speech_http_api_key",
        "",
        "Bearer token for the OpenAI-style speech server, if it needs one.",
    ),
    Setting("speech_http_timeout", 30.0, "Seconds to wait for the OpenAI-style speech server."),
    # proxy
    Setting(
        "proxy",
        True,
        "Serve the page proxy at /browse (assisted browsing of sites without the toolbar).",
    ),
    Setting(
        "proxy_allow_hosts",
        "",
        "Comma-separated hosts the proxy may browse when the service does not listen on a loopback "
        "address (example.gov.cn, *.gov.cn; * allows every public site, i.e. an open proxy). "
        "On a loopback address any public site may be browsed.",
    ),
    Setting(
        "proxy_allow_addresses",
        "",
        "Comma-separated IP addresses or CIDR networks the proxy may connect to although they are "
        "not public (loopback, private, link-local …): for tests and intranet sites. Empty: public "
        "addresses only.",
    ),
    Setting(
        "proxy_ports",
        "80,443,8080,8443",
        "Comma-separated upstream ports the proxy may connect to; * for any.",
    ),
    Setting(
        "proxy_max_bytes",
        5242880,
        "Largest upstream body the proxy reads, in bytes, counted both compressed and decompressed.",
    ),
    Setting(
        "proxy_timeout",
        15.0,
        "Seconds one proxied request may take upstream, redirects and slow bodies included.",
    ),
    Setting(
        "proxy_max_redirects", 5, "Redirects the proxy follows (each hop checked) before giving up."
    ),
    Setting(
        "proxy_concurrency",
        8,
        "Upstream fetches running at once per process; more get 429 at once.",
    ),
    # links
    Setting(
        "link_allow",
        "",
        "Comma-separated hosts (*.gov.cn) whose links need no leave-site confirmation on proxied "
        "pages; a site's own script tag lists its hosts in data-allow.",
    ),
    # reader
    Setting(
        "reader_max_bytes",
        4194304,
        "Largest page HTML (characters) POST /api/read accepts; pages fetched by url obey proxy_max_bytes.",
    ),
    # pinyin
    Setting(
        "pinyin_max_chars",
        20000,
        "Most characters (all segments together) one POST /api/pinyin request may annotate.",
    ),
    Setting("pinyin_max_segments", 1000, "Most text segments in one POST /api/pinyin request."),
    Setting("pinyin_max_words", 500, "Most custom words one POST /api/pinyin request may bring."),
    Setting(
        "pinyin_memo_chars",
        500000,
        "Characters of recently annotated texts whose readings /api/pinyin remembers per process "
        "(least recently used dropped first; about 12 bytes each); 0: none.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, raw: Any) -> Any:
    kind = setting.kind
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    text = str(raw).strip()
    try:
        if kind is bool:
            low = text.lower()
            if low in {"1", "true", "yes", "on"}:
                return True
            if low in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(text)
        if kind is int:
            return int(text)
        if kind is float:
            return float(text)
    except ValueError:
        raise ConfigurationError(
            f"setting {setting.name} ({setting.env}) must be a {kind.__name__}, got {raw!r}"
        ) from None
    return text


class Settings(Mapping[str, Any]):
    """Resolved settings: defaults, then environment, then explicit overrides."""

    def __init__(
        self,
        overrides: Mapping[str, Any] | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        file_values: Mapping[str, Any] | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        explicit: set[str] = set()
        file_values = file_values or {}
        for s in SETTINGS:
            value = s.default
            if s.name in file_values:
                value = _coerce(s, file_values[s.name])
            if s.env in env:
                value = _coerce(s, env[s.env])
                explicit.add(s.name)
            values[s.name] = value
        for name, raw in (overrides or {}).items():
            if name not in _BY_NAME:
                raise ConfigurationError(f"unknown setting {name!r}")
            values[name] = _coerce(_BY_NAME[name], raw)
            explicit.add(name)
        self._values = values
        #: names set by a variable or a flag (not defaults, not the config file)
        self.explicit = frozenset(explicit)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, **overrides: Any) -> Settings:
        merged = dict(self._values)
        merged.update(overrides)
        return Settings(merged, environ={})

    def as_env(self) -> dict[str, str]:
        """The settings as BARRIERFREE_* variables (to hand to worker processes)."""
        out = {}
        for s in SETTINGS:
            v = self._values[s.name]
            out[s.env] = ("1" if v else "0") if isinstance(v, bool) else str(v)
        return out

    def csv(self, name: str) -> list[str]:
        """A comma-separated setting as a list of stripped, non-empty items."""
        return [p.strip() for p in str(self._values[name]).split(",") if p.strip()]


def settings_markdown() -> str:
    """The settings table as Markdown, for the README."""
    rows = ["| setting | environment | flag | default | meaning |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        rows.append(f"| `{s.name}` | `{s.env}` | `{s.flag}` | `{s.default!r}` | {s.help} |")
    return "\n".join(rows)
