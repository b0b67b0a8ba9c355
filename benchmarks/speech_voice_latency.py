"""The neural voice's latency: does speech start at once?

In one run, on the real app served by uvicorn on 127.0.0.1 with the default engine (Kokoro):

* cold time to first audio: ``GET /api/speech`` for a sentence never asked before, until the
  client has the first MP3 bytes (the first clause, streamed), divided by the length of the
  sentence's audio (aim ≤ 0.12); also with ``speech_quick_start`` on (a long first clause
  cut near its start).  Peer: the same model reading the whole sentence in one call
  (how Kokoro is usually run: nothing to play until the call returns), same sentences;
* cache hit over HTTP: the same request again (disk cache, the default backend), against
  ``/healthz`` on the same server (the floor of one HTTP round trip);
* throughput with the queue full: sentences made per second when 8 clients ask for distinct
  sentences at once, against one client asking them one after another.

    .venv/bin/python benchmarks/speech_voice_latency.py [--sentences 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from tests.conftest import LiveServer  # noqa: E402

from barrierfree.settings import Settings  # noqa: E402
from barrierfree.speech.engines.kokoro import SAMPLE_RATE, KokoroEngine  # noqa: E402
from barrierfree.speech.normalize import normalize  # noqa: E402
from barrierfree.web.app import create_app  # noqa: E402
from speech_sentences import MANDARIN  # noqa: E402


def mp3_seconds(data: bytes) -> float:
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", "16000", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return len(out.stdout) / 2 / 16000


def first_audio(client: httpx.Client, text: str, rate: float = 1.0) -> tuple[float, bytes, str]:
    started = time.perf_counter()
    with client.stream("GET", "/api/speech", params={"text": text, "rate": rate}) as r:
        r.raise_for_status()
        chunks = r.iter_bytes()
        first = next(chunks)
        elapsed = time.perf_counter() - started
        data = first + b"".join(chunks)
        return elapsed, data, r.headers["x-speech-cache"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--tail-cut",
        action="store_true",
        help="the service's decoder stops after the last spoken token (speech_kokoro_tail_cut)",
    )
    args = parser.parse_args()
    sentences = MANDARIN[: args.sentences]
    med = statistics.median
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            # one client address sends everything: no per-client rate limit here
            {
                "cache_backend": "disk",
                "cache_dir": tmp,
                "speech_queue": 64,
                "rate_limit": "",
                "speech_kokoro_tail_cut": args.tail_cut,
            },
            environ={},
        )
        app = create_app(settings)
        server = LiveServer(app).start()
        try:
            client = httpx.Client(base_url=server.url, timeout=300)
            client.get("/api/speech/voices").raise_for_status()
            first_audio(client, "预热。")  # the model is loaded at start-up; this loads jieba
            # -- cold first audio ----------------------------------------------------------
            ours, ratios, lengths, total_made = [], [], [], []
            for text in sentences:
                elapsed, data, cache = first_audio(client, text)
                assert cache == "miss", cache
                seconds = mp3_seconds(data)
                ours.append(elapsed)
                lengths.append(seconds)
                ratios.append(elapsed / seconds)
            # -- ours with speech_quick_start on (a long first clause cut near its start) ----
            # (a recipe of its own, so these are cache misses too)
            app.state.bf.speech.quick_start = True
            quick = []
            for text in sentences:
                elapsed, data, cache = first_audio(client, text)
                assert cache == "miss", cache
                quick.append(elapsed / mp3_seconds(data))
            app.state.bf.speech.quick_start = False
            # -- peer: the whole sentence in one model call --------------------------------
            # how Kokoro is usually run: one call, the model's trailing silence made and trimmed
            engine = KokoroEngine(cut_tail=False)
            engine.check()
            voice = app.state.bf.speech.default_voice()  # the service's 女声, as asked for above
            whole = []
            for text in sentences:
                started = time.perf_counter()
                pcm = b"".join(
                    engine.synthesize(normalize(text), voice=voice, rate=1.0, volume=1.0).chunks
                )
                whole.append(time.perf_counter() - started)
                total_made.append(len(pcm) / 2 / SAMPLE_RATE)
            print(f"Kokoro {voice}, {len(sentences)} notice sentences, 2 cores\n")
            print("| measure | ours (clause streaming) | peer (whole sentence) | ratio |")
            print("|---|---|---|---|")
            print(
                f"| cold time to first audio, median | {med(ours):.2f} s | {med(whole):.2f} s "
                f"| {med(ours) / med(whole):.2f} |"
            )
            peer_ratio = [w / n for w, n in zip(whole, total_made, strict=True)]
            print(
                f"| first audio ÷ audio length, median (aim ≤ 0.12) | {med(ratios):.3f} "
                f"| {med(peer_ratio):.3f} | {med(ratios) / med(peer_ratio):.2f} |"
            )
            print(
                f"| first audio ÷ audio length, worst | {max(ratios):.3f} | {max(peer_ratio):.3f} | |"
            )
            print(
                f"| first audio ÷ audio length, median, speech_quick_start on | "
                f"{med(quick):.3f} | | {med(quick) / med(ratios):.2f} (on ÷ off) |"
            )
            print(f"| audio length, median | {med(lengths):.1f} s | {med(total_made):.1f} s | |")
            # -- cache hits ----------------------------------------------------------------
            hits, health = [], []
            for _ in range(5):
                for text in sentences:
                    started = time.perf_counter()
                    r = client.get("/api/speech", params={"text": text})
                    hits.append(time.perf_counter() - started)
                    assert r.headers["x-speech-cache"] == "hit"
                    started = time.perf_counter()
                    client.get("/healthz")
                    health.append(time.perf_counter() - started)
            print(
                f"| cache hit over HTTP, median (aim ≤ 20 ms) | {med(hits) * 1000:.1f} ms "
                f"| /healthz {med(health) * 1000:.1f} ms | {med(hits) / med(health):.2f} |"
            )
            # -- throughput with the queue full --------------------------------------------
            rate = 1.01
            todo = [(t, rate) for t in sentences[: args.clients * 2]]
            done: list[float] = []
            lock = threading.Lock()

            def worker() -> None:
                with httpx.Client(base_url=server.url, timeout=600) as c:
                    while True:
                        with lock:
                            if not todo:
                                return
                            text, r = todo.pop()
                        resp = c.get("/api/speech", params={"text": text, "rate": r})
                        resp.raise_for_status()
                        with lock:
                            done.append(mp3_seconds(resp.content))

            started = time.perf_counter()
            threads = [threading.Thread(target=worker) for _ in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - started
            sequential = sum(whole[: len(done)]) if len(whole) >= len(done) else None
            per_second = len(done) / wall
            line = (
                f"| sentences/s, {args.clients} clients at once | {per_second:.2f} "
                f"({sum(done) / wall:.1f} s of audio per s)"
            )
            if sequential:
                seq_rate = len(done) / sequential
                line += f" | one at a time {seq_rate:.2f} | {per_second / seq_rate:.2f} |"
            else:
                line += " | | |"
            print(line)
            print(f"\nclause-streamed first audio per sentence (s): {np.round(ours, 2).tolist()}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
