"""The embedded engine: Debian's espeak-ng, one process per request.

Why the input is SSML with a ``<voice>`` around every run: espeak-ng 1.51's plain ``cmn``
voice reads Han characters as spelled-out pinyin with tone digits, and after a ``</voice>``
it falls back to that voice (checked with ``espeak-ng -x``).  So every Chinese run is fed as
numbered pinyin to ``cmn-latn-pinyin`` (syllables chosen in context, so 银行/行走 differ) and
every Latin run is read by an English voice, each inside its own explicit ``<voice>``.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from ... import __version__
from ...errors import BadRequest, ServiceUnavailable, UpstreamError
from ..normalize import spell_digits
from ..segment import split_runs
from ..syllables import numbered_pinyin
from .base import PCMStream, register_engine
from .libespeak import Library, load_library

if TYPE_CHECKING:
    from ...settings import Settings

__all__ = ["EspeakEngine", "to_ssml"]

CHINESE_VOICE = "cmn-latn-pinyin"
ENGLISH_VOICE = "en-us"
BASE_WPM = 175  # espeak-ng's default speed; rate 1.0 keeps it
_PAUSES = {
    "。": ". ", "！": "! ", "？": "? ", "；": "; ", "…": ". ", ".": ". ", "!": "! ", "?": "? ",
    ";": "; ", "，": ", ", "、": ", ", "：": ", ", ",": ", ", ":": ", ", "—": ", ", "\n": ". ",
}  # fmt: skip
_VARIANT_DIRS = [Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data/voices/!v"),
                 Path("/usr/lib/aarch64-linux-gnu/espeak-ng-data/voices/!v"),
                 Path("/usr/share/espeak-ng-data/voices/!v")]  # fmt: skip


def _chinese_run(text: str) -> str:
    """Numbered pinyin with the pauses the punctuation asks for."""
    text = "".join(spell_digits(ch) if ch.isdigit() else ch for ch in text)
    syllables = numbered_pinyin(text)
    out: list[str] = []
    for ch, syllable in zip(text, syllables, strict=True):
        if syllable:
            out.append(syllable + " ")
        elif ch in _PAUSES:
            out.append(_PAUSES[ch])
        elif ch.isspace():
            out.append(" ")
    return "".join(out)


def to_ssml(text: str, variant: str = "", lang: str = "zh") -> str:
    """The SSML espeak-ng gets for normalised ``text``: one explicit voice per run.

    An English text (``lang="en"``) is one English run: espeak-ng's English rules read its
    numbers, dates and symbols themselves.
    """
    suffix = f"+{variant}" if variant else ""
    if lang == "en":
        return (
            f"<speak><voice name={quoteattr(ENGLISH_VOICE + suffix)}>{escape(text)}</voice></speak>"
        )
    parts = ["<speak>"]
    for run in split_runs(text):
        if run.lang == "en":
            voice, body = ENGLISH_VOICE, escape(run.text)
        else:
            voice, body = CHINESE_VOICE, escape(_chinese_run(run.text))
        if body.strip():
            parts.append(f"<voice name={quoteattr(voice + suffix)}>{body}</voice>")
    parts.append("</speak>")
    return "".join(parts)


def _wav_data_offset(header: bytes) -> int:
    """Where the samples start in espeak-ng's streamed WAV (its sizes are placeholders)."""
    pos = 12
    while pos + 8 <= len(header):
        chunk, size = header[pos : pos + 4], int.from_bytes(header[pos + 4 : pos + 8], "little")
        if chunk == b"data":
            return pos + 8
        pos += 8 + size
    raise UpstreamError("espeak-ng wrote no WAV data header")


class EspeakEngine:
    """espeak-ng in-process through its library when it loads, else one process per request.

    ``library`` is the shared library's name ("" never loads it); ``command`` the program.
    """

    name = "espeak"

    def __init__(self, command: str = "espeak-ng", library: str = "libespeak-ng.so.1") -> None:
        self.command = command
        self.library = library

    @cached_property
    def _lib(self) -> Library | None:
        return load_library(self.library)

    @cached_property
    def _path(self) -> str | None:
        return shutil.which(self.command)

    @cached_property
    def version(self) -> str:
        if self._lib is not None:
            return self._lib.version
        path = self._require()
        out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
        return out.stdout.split(":")[1].split()[0] if ":" in out.stdout else out.stdout.strip()

    def _require(self) -> str:
        if self._path is None:
            raise ServiceUnavailable(
                f"the speech engine espeak-ng ({self.command!r}) is not installed on this server",
                code="engine_unavailable",
            )
        return self._path

    @cached_property
    def _has_pinyin_voice(self) -> bool:
        if self._lib is not None:
            return self._lib.has_voice(CHINESE_VOICE)
        path = self._require()
        out = subprocess.run([path, "--voices=cmn"], capture_output=True, text=True, check=False)
        return CHINESE_VOICE in out.stdout

    def check(self) -> None:
        if self._lib is None:
            self._require()
        if not self._has_pinyin_voice:
            raise ServiceUnavailable(
                f"espeak-ng on this server has no {CHINESE_VOICE} voice", code="engine_unavailable"
            )

    @cached_property
    def _voices(self) -> list[str]:
        for folder in _VARIANT_DIRS:
            if folder.is_dir():
                return ["default", *sorted(p.name for p in folder.iterdir() if p.is_file())]
        return ["default"]

    def voices(self) -> list[str]:
        return self._voices

    def default_voice(self) -> str:
        return "default"

    def voice_aliases(self, lang: str) -> dict[str, str]:
        # espeak-ng's variants: f2 is its clearest female voice; its default is male
        return {"female": "f2", "male": "default"} if "f2" in self.voices() else {}

    def _variant(self, voice: str) -> str:
        if voice in ("", "default"):
            return ""
        if voice not in self.voices():
            raise BadRequest(
                f"unknown espeak-ng voice {voice!r}; try default, f1–f5 or m1–m8",
                code="unknown_voice",
            )
        return voice

    def identity(self, voice: str) -> str:
        # the package version stands for the pinyin engine and normalisation rules too
        return f"espeak-ng/{self.version}/{CHINESE_VOICE}+{ENGLISH_VOICE}/{voice}/barrierfree-{__version__}"

    def _argv(self, rate: float, volume: float) -> list[str]:
        return [
            self._require(), "-m", "--stdin", "--stdout",
            "-s", str(round(BASE_WPM * rate)), "-a", str(round(100 * volume)),
        ]  # fmt: skip

    def phonemes(self, text: str, voice: str = "default", lang: str = "zh") -> str:
        """espeak-ng's phoneme transcription of what it would say (for checks and tests)."""
        self.check()
        argv = [self._require(), "-m", "-q", "-x", "--stdin"]
        out = subprocess.run(
            argv,
            input=to_ssml(text, self._variant(voice), lang),
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout

    def synthesize(
        self, text: str, *, voice: str, rate: float, volume: float, lang: str = "zh"
    ) -> PCMStream:
        self.check()
        if self._lib is not None:
            pcm = self._lib.synthesize(
                to_ssml(text, self._variant(voice), lang),
                round(BASE_WPM * rate),
                round(100 * volume),
            )
            return PCMStream(self._lib.sample_rate, iter([pcm]))
        ssml = to_ssml(text, self._variant(voice), lang).encode("utf-8")
        proc = subprocess.Popen(
            self._argv(rate, volume),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdin is not None and proc.stdout is not None  # noqa: S101 - Popen with PIPE

        def feed() -> None:
            try:
                proc.stdin.write(ssml)  # type: ignore[union-attr]
                proc.stdin.close()  # type: ignore[union-attr]
            except BrokenPipeError:
                pass

        if len(ssml) < 32768:
            feed()  # fits the pipe buffer: no thread needed
        else:
            threading.Thread(target=feed, daemon=True).start()
        return PCMStream(22050, self._read(proc))

    @staticmethod
    def _read(proc: subprocess.Popen[bytes]) -> Iterator[bytes]:
        stdout = proc.stdout
        assert stdout is not None  # noqa: S101 - Popen with PIPE
        try:
            header = stdout.read(44)
            if len(header) < 44:
                err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
                raise UpstreamError(f"espeak-ng produced no audio: {err.strip()[:200]}")
            offset = _wav_data_offset(header)
            if offset < len(header):
                yield header[offset:]
            while chunk := stdout.read(16384):
                yield chunk
            if proc.wait() != 0:
                raise UpstreamError(f"espeak-ng failed with exit code {proc.returncode}")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            stdout.close()
            if proc.stderr:
                proc.stderr.close()

    def close(self) -> None:
        pass


def _factory(settings: Settings) -> EspeakEngine:
    return EspeakEngine(settings.speech_espeak_command, settings.speech_espeak_library)


register_engine("espeak", _factory)
