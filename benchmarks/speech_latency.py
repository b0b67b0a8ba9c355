"""Speech on the espeak-ng engine: time to first audio, real-time factor and bytes per
second, against espeak-ng itself (the Kokoro voice: speech_voice_latency.py).

In one run, for a 20-character Mandarin sentence:

* peer: Debian's espeak-ng called directly (``espeak-ng -v cmn-latn-pinyin -w out.wav TEXT``),
  the floor any espeak-based service stands on;
* ours, cache miss: ``GET /api/speech`` on the real app served by uvicorn on 127.0.0.1
  (normalisation, context-aware pinyin, espeak-ng, MP3 encoding, disk cache write), and the
  same through ``SpeechService.speak`` in-process (no HTTP);
* ours, cache hit: the same request again (disk cache, the default backend).

"Time to first audio" is the time until the client has the first byte of audio; for the peer,
until espeak-ng has written the WAV (it writes nothing usable before).  Each miss uses a
distinct rate (1.00, 1.01, …), which is part of the cache key, and espeak-ng is given the same
speed, so peer and ours synthesise the same amount of speech.  Medians of N runs.

    .venv/bin/python benchmarks/speech_latency.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import LiveServer  # noqa: E402

from barrierfree.cache import DiskCache  # noqa: E402
from barrierfree.settings import Settings  # noqa: E402
from barrierfree.speech import SpeechRequest, SpeechService  # noqa: E402
from barrierfree.speech.engines.espeak import BASE_WPM  # noqa: E402
from barrierfree.web.app import create_app  # noqa: E402

SENTENCE = "全市政府网站完成适老化与无障碍改造工作。"  # 19 Han characters and 。


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def wav_seconds(path: Path) -> float:
    import wave

    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    assert len(SENTENCE) == 20  # noqa: S101 - the benchmark's own fixture
    runs = args.runs
    rates = [round(1.0 + i / 100, 2) for i in range(runs)]
    tmp = Path(tempfile.mkdtemp(prefix="bf-speech-bench-"))

    # the espeak-ng engine: this benchmark compares the service with espeak-ng itself (the
    # neural voice has speech_voice_latency.py)
    settings = Settings(
        {"cache_backend": "disk", "cache_dir": str(tmp / "cache"), "speech_engine": "espeak"},
        environ={},
    )
    server = LiveServer(create_app(settings)).start()
    cache = DiskCache(str(tmp / "cache2"), 64 << 20)
    service = SpeechService(settings, cache)
    service.warm_up()
    wav = tmp / "peer.wav"
    peer: list[float] = []
    miss_first: list[float] = []
    miss_full: list[float] = []
    svc_miss: list[float] = []
    hit_first: list[float] = []
    svc_hit: list[float] = []
    mp3 = b""
    try:
        with httpx.Client(base_url=server.url) as client:
            client.get("/api/speech", params={"text": "预热"})  # loads dictionaries and the engine
            # interleaved, so that load from anything else on the machine hits all three alike
            for rate in rates:
                t = time.perf_counter()
                subprocess.run(
                    [
                        "espeak-ng",
                        "-v",
                        "cmn-latn-pinyin",
                        "-s",
                        str(round(BASE_WPM * rate)),
                        "-w",
                        str(wav),
                        SENTENCE,
                    ],
                    check=True,
                )
                peer.append(time.perf_counter() - t)
                if rate == 1.0:
                    peer_seconds = wav_seconds(wav)

                t = time.perf_counter()
                with client.stream(
                    "GET", "/api/speech", params={"text": SENTENCE, "rate": rate}
                ) as r:
                    chunks = r.iter_bytes()
                    first = next(chunks)
                    miss_first.append(time.perf_counter() - t)
                    body = first + b"".join(chunks)
                    miss_full.append(time.perf_counter() - t)
                    if r.headers["x-speech-cache"] != "miss":
                        raise SystemExit("expected a cache miss")
                if rate == 1.0:
                    mp3 = body

                t = time.perf_counter()
                service.speak(SpeechRequest(SENTENCE, rate=rate))
                svc_miss.append(time.perf_counter() - t)

                t = time.perf_counter()
                with client.stream(
                    "GET", "/api/speech", params={"text": SENTENCE, "rate": 1.0}
                ) as r:
                    next(r.iter_bytes())
                    hit_first.append(time.perf_counter() - t)
                    if r.headers["x-speech-cache"] != "hit":
                        raise SystemExit("expected a cache hit")

                t = time.perf_counter()
                service.speak(SpeechRequest(SENTENCE))
                svc_hit.append(time.perf_counter() - t)
            wav_body = client.get("/api/speech", params={"text": SENTENCE, "format": "wav"}).content
    finally:
        server.stop()
        cache.close()

    ours_seconds = (len(wav_body) - 44) / 2 / 22050
    p = median_ms(peer)
    print(
        f"sentence: {SENTENCE} ({len(SENTENCE)} characters, {ours_seconds:.2f} s of speech); {runs} runs, medians"
    )
    print()
    print("| what | time to first audio | vs espeak-ng |")
    print("|---|---|---|")
    print(f"| espeak-ng -w (peer, WAV written) | {p:.1f} ms | 1.00× |")
    print(
        f"| GET /api/speech, cache miss: first byte | {median_ms(miss_first):.1f} ms | {median_ms(miss_first) / p:.2f}× |"
    )
    print(
        f"| GET /api/speech, cache miss: whole MP3 | {median_ms(miss_full):.1f} ms | {median_ms(miss_full) / p:.2f}× |"
    )
    print(
        f"| SpeechService.speak, cache miss (no HTTP) | {median_ms(svc_miss):.1f} ms | {median_ms(svc_miss) / p:.2f}× |"
    )
    print(
        f"| GET /api/speech, cache hit: first byte | {median_ms(hit_first):.2f} ms | {median_ms(hit_first) / p:.3f}× |"
    )
    print(
        f"| SpeechService.speak, cache hit (no HTTP) | {median_ms(svc_hit):.2f} ms | {median_ms(svc_hit) / p:.3f}× |"
    )
    print()
    print(f"real-time factor (synthesis time / audio time): espeak-ng {p / 1000 / peer_seconds:.4f}, "
          f"ours on a miss {median_ms(miss_full) / 1000 / ours_seconds:.4f}")  # fmt: skip
    mp3_bps = len(mp3) / ours_seconds
    wav_bps = (len(wav_body) - 44) / ours_seconds
    print(f"bytes per second of audio: MP3 {mp3_bps:,.0f} B/s, 16-bit WAV {wav_bps:,.0f} B/s "
          f"-> MP3 is {wav_bps / mp3_bps:.1f}x smaller")  # fmt: skip


if __name__ == "__main__":
    main()
