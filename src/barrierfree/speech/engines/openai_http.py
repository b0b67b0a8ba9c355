"""An engine for any HTTP speech server speaking the OpenAI-style protocol::

    POST {base_url}/v1/audio/speech
    {"model": "...", "input": "...", "voice": "...", "speed": 1.0, "response_format": "wav"}
    → audio bytes

Many self-hosted servers speak it.  We ask for WAV so every engine hands the service the
same thing (PCM) and volume, encoding and caching stay ours.
"""

from __future__ import annotations

import re
from array import array
from typing import TYPE_CHECKING

import httpx

from ...errors import (
    BadRequest,
    ConfigurationError,
    ServiceUnavailable,
    UpstreamError,
    UpstreamTimeout,
)
from ..encode import scale_pcm
from .base import PCMStream, register_engine

if TYPE_CHECKING:
    from ...settings import Settings

__all__ = ["OpenAIHTTPEngine", "parse_wav"]

_VOICE = re.compile(r"^[A-Za-z0-9_.:+\-]{1,64}$")


def parse_wav(data: bytes) -> tuple[int, bytes]:
    """(sample rate, 16-bit mono PCM) from a WAV file; streamed WAVs with placeholder sizes
    are accepted, stereo is mixed down to its first channel."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise UpstreamError("the speech server did not answer with WAV audio")
    pos, rate, channels, bits = 12, 0, 0, 0
    while pos + 8 <= len(data):
        chunk = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        body = pos + 8
        if chunk == b"fmt ":
            fmt_tag, channels, rate = (
                int.from_bytes(data[body : body + 2], "little"),
                int.from_bytes(data[body + 2 : body + 4], "little"),
                int.from_bytes(data[body + 4 : body + 8], "little"),
            )
            bits = int.from_bytes(data[body + 14 : body + 16], "little")
            if fmt_tag not in (1, 0xFFFE) or bits != 16:
                raise UpstreamError(
                    f"the speech server sent WAV that is not 16-bit PCM (format {fmt_tag}, {bits} bit)"
                )
        elif chunk == b"data":
            if not rate:
                raise UpstreamError("the speech server sent WAV data before its format")
            end = len(data) if size in (0, 0xFFFFFFFF) or body + size > len(data) else body + size
            pcm = data[body:end]
            pcm = pcm[: len(pcm) - len(pcm) % (2 * channels)]
            if channels > 1:
                samples = array("h")
                samples.frombytes(pcm)
                pcm = samples[::channels].tobytes()
            return rate, pcm
        pos = body + size + (size & 1)
    raise UpstreamError("the speech server's WAV has no data")


class OpenAIHTTPEngine:
    name = "openai"

    def __init__(
        self,
        base_url: str,
        *,
        model: str = "tts-1",
        voice: str = "alloy",
        api_key: str = "",
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.voice = voice
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = (
            httpx.Client(timeout=timeout, headers=headers, transport=transport)
            if base_url
            else None
        )

    def check(self) -> None:
        if self._client is None:
            raise ConfigurationError(
                "speech_engine is openai but speech_http_url is empty", code="engine_unavailable"
            )

    def voices(self) -> list[str]:
        return []

    def default_voice(self) -> str:
        return self.voice

    def identity(self, voice: str) -> str:
        return f"openai/{self.base_url}/{self.model}/{voice}"

    def synthesize(
        self, text: str, *, voice: str, rate: float, volume: float, lang: str = "zh"
    ) -> PCMStream:
        # the server's model decides how to read the text: lang is not part of the protocol
        self.check()
        assert self._client is not None  # noqa: S101 - check() ensured it
        if not _VOICE.match(voice):
            raise BadRequest(f"invalid voice name {voice!r}", code="unknown_voice")
        body = {
            "model": self.model,
            "input": text,
            "voice": voice,
            "speed": rate,
            "response_format": "wav",
        }
        url = f"{self.base_url}/v1/audio/speech"
        try:
            response = self._client.post(url, json=body)
        except httpx.TimeoutException:
            raise UpstreamTimeout(
                f"the speech server at {self.base_url} did not answer in time"
            ) from None
        except httpx.TransportError as exc:
            raise ServiceUnavailable(
                f"the speech server at {self.base_url} is unreachable ({type(exc).__name__})",
                code="engine_unavailable",
            ) from None
        if response.status_code >= 400:
            raise UpstreamError(
                f"the speech server answered {response.status_code}: {response.text[:200]}"
            )
        rate_hz, pcm = parse_wav(response.content)
        return PCMStream(rate_hz, iter([scale_pcm(pcm, volume)]))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _factory(settings: Settings) -> OpenAIHTTPEngine:
    return OpenAIHTTPEngine(
        settings.speech_http_url,
        model=settings.speech_http_model,
        voice=settings.speech_http_voice,
        api_key=settings.speech_http_api_key,
        timeout=float(settings.speech_http_timeout),
    )


register_engine("openai", _factory)
