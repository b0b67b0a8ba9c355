"""PCM → the bytes a browser plays.

MP3 is the compressed format because every current browser plays it (Ogg/Opus still fails
in older Safari); 32 kbit/s mono at the synthesiser's 22.05/24 kHz is plain speech quality and
about 11× smaller than 16-bit WAV.  The encoder is LAME in-process (the ``lameenc`` wheel) so
it can take the samples chunk by chunk while the synthesiser is still speaking.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import BadRequest

__all__ = ["FORMATS", "AudioFormat", "Mp3Encoder", "encode", "scale_pcm", "wav_header"]

MP3_BITRATE = 32
# 7 is LAME's fast setting: for synthetic speech at 32 kbit/s it is indistinguishable from the
# default and about three times quicker, which keeps a cache miss close to espeak-ng's own time
MP3_QUALITY = 7


@dataclass(frozen=True)
class AudioFormat:
    name: str
    media_type: str
    extension: str


FORMATS = {
    "mp3": AudioFormat("mp3", "audio/mpeg", "mp3"),
    "wav": AudioFormat("wav", "audio/wav", "wav"),
}


def audio_format(name: str) -> AudioFormat:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise BadRequest(
            f"unsupported audio format {name!r}; use one of: {', '.join(FORMATS)}",
            code="bad_format",
        ) from None


def wav_header(sample_rate: int, data_bytes: int) -> bytes:
    """A canonical 44-byte header for 16-bit mono PCM."""
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


def scale_pcm(pcm: bytes, volume: float) -> bytes:
    """Multiply 16-bit samples by ``volume`` (for engines that cannot do it themselves)."""
    if volume == 1.0:
        return pcm
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    return array("h", (max(-32768, min(32767, int(s * volume))) for s in samples)).tobytes()


class Mp3Encoder:
    """LAME fed chunk by chunk: each call returns the MP3 frames ready so far, so audio can
    be sent while the rest of it is still being synthesised."""

    def __init__(self, sample_rate: int) -> None:
        import lameenc

        self._encoder = lameenc.Encoder()
        self._encoder.set_bit_rate(MP3_BITRATE)
        self._encoder.set_in_sample_rate(sample_rate)
        self._encoder.set_channels(1)
        self._encoder.set_quality(MP3_QUALITY)
        self._carry = b""

    def encode(self, pcm: bytes) -> bytes:
        pcm = self._carry + pcm
        cut = len(pcm) - len(pcm) % 2  # a chunk may end in the middle of a sample
        self._carry = pcm[cut:]
        return bytes(self._encoder.encode(pcm[:cut])) if cut else b""

    def flush(self) -> bytes:
        return bytes(self._encoder.flush())


def _mp3(sample_rate: int, chunks: Iterable[bytes]) -> bytes:
    encoder = Mp3Encoder(sample_rate)
    out = bytearray()
    for chunk in chunks:
        out += encoder.encode(chunk)
    out += encoder.flush()
    return bytes(out)


def encode(fmt: AudioFormat, sample_rate: int, chunks: Iterable[bytes]) -> tuple[bytes, float]:
    """Encode PCM chunks; returns the audio bytes and its duration in seconds."""
    counted = _Counter(chunks)
    if fmt.name == "wav":
        pcm = b"".join(counted)
        pcm = pcm[: len(pcm) - len(pcm) % 2]
        data = wav_header(sample_rate, len(pcm)) + pcm
    else:
        data = _mp3(sample_rate, counted)
    return data, counted.total / 2 / sample_rate


class _Counter:
    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = chunks
        self.total = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for chunk in self._chunks:
            self.total += len(chunk)
            yield chunk
