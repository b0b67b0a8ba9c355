"""espeak-ng in-process, through its C library (``libespeak-ng.so.1``, shipped by Debian's
espeak-ng as a dependency).

Why: starting the ``espeak-ng`` program and loading its voice costs more than synthesising
a sentence (about 15 ms against 7 ms for a 20-character sentence on the project's 2-core
machine).  The library keeps the voice loaded.  It is one global synthesiser per process
and not thread-safe, so every call holds :data:`_LOCK`; a sentence takes milliseconds, and
encoding (the slower half) runs outside the lock.
"""

from __future__ import annotations

import ctypes
import threading

from ...errors import UpstreamError

__all__ = ["Library", "load_library"]

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_SSML = 0x10
_RATE = 1
_VOLUME = 2

_LOCK = threading.Lock()
_LIBRARIES: dict[str, Library | None] = {}
_Callback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class Library:
    def __init__(self, lib: ctypes.CDLL, sample_rate: int) -> None:
        self._lib = lib
        self.sample_rate = sample_rate
        self._chunks: list[bytes] = []
        # keep a reference: the C side holds only the raw pointer
        self._callback = _Callback(self._collect)
        lib.espeak_SetSynthCallback(self._callback)
        lib.espeak_Info.restype = ctypes.c_char_p
        self.version = (lib.espeak_Info(None) or b"?").decode("ascii", "replace")

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], samples: int, events: int) -> int:
        if samples > 0:
            self._chunks.append(ctypes.string_at(wav, samples * 2))
        return 0

    def has_voice(self, name: str) -> bool:
        with _LOCK:
            return int(self._lib.espeak_SetVoiceByName(name.encode("ascii"))) == 0

    def synthesize(self, ssml: str, words_per_minute: int, amplitude: int) -> bytes:
        """16-bit mono PCM for an SSML document."""
        data = ssml.encode("utf-8")
        with _LOCK:
            self._chunks = []
            self._lib.espeak_SetParameter(_RATE, words_per_minute, 0)
            self._lib.espeak_SetParameter(_VOLUME, amplitude, 0)
            status = self._lib.espeak_Synth(
                data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _SSML, None, None
            )
            self._lib.espeak_Synchronize()
            chunks, self._chunks = self._chunks, []
        if status != 0:
            raise UpstreamError(f"libespeak-ng failed to synthesise (status {status})")
        return b"".join(chunks)


def load_library(name: str) -> Library | None:
    """The process's synthesiser from library ``name``, or None when it cannot be loaded."""
    if not name:
        return None
    with _LOCK:
        if name not in _LIBRARIES:
            try:
                lib = ctypes.CDLL(name)
                rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 500, None, 0)
                _LIBRARIES[name] = Library(lib, rate) if rate > 0 else None
            except (OSError, AttributeError):
                _LIBRARIES[name] = None
        return _LIBRARIES[name]
