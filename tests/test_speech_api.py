"""The speech API and CLI on the real app: audio, plan, immutable addresses, the cache,
limits, errors, and the OpenAI-style HTTP engine against a small local speech server."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from barrierfree.cli import main as cli_main
from barrierfree.settings import Settings
from barrierfree.speech import PCMStream, register_engine
from barrierfree.speech.encode import wav_header
from barrierfree.web.app import create_app
from tests.conftest import LiveServer


def probe(data: bytes, tmp_path: Path, name: str = "a.mp3") -> dict[str, Any]:
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def make_client(tmp_path: Path, **overrides: Any) -> TestClient:
    values = {
        "cache_backend": "memory",
        "cache_dir": str(tmp_path / "cache"),
        "speech_engine": "espeak",
        **overrides,
    }
    return TestClient(create_app(Settings(values, environ={})))


# -- audio ---------------------------------------------------------------------------------


def test_get_speech_returns_mp3_then_hits_the_cache(client: TestClient, tmp_path: Path) -> None:
    r = client.get("/api/speech", params={"text": "你好，世界。今天是2022年9月30日。"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "audio/mpeg"
    assert r.headers["x-speech-cache"] == "miss"
    info = probe(r.content, tmp_path)
    assert info["streams"][0]["codec_name"] == "mp3"
    assert 2.0 < float(info["format"]["duration"]) < 10.0
    again = client.get("/api/speech", params={"text": "你好，世界。今天是2022年9月30日。"})
    assert again.headers["x-speech-cache"] == "hit"
    assert again.content == r.content
    assert again.headers["etag"] == r.headers["etag"]


def test_same_spoken_text_shares_one_cache_entry(client: TestClient) -> None:
    # the key is the normalised text: two spellings of one date are one piece of audio
    a = client.get("/api/speech", params={"text": "2022年9月30日"})
    b = client.get("/api/speech", params={"text": "2022-09-30"})
    assert a.headers["etag"] == b.headers["etag"]
    assert b.headers["x-speech-cache"] == "hit"


def test_post_speech_and_wav_on_request(client: TestClient, tmp_path: Path) -> None:
    r = client.post("/api/speech", json={"text": "请拨打12345。", "format": "wav"})
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    info = probe(r.content, tmp_path, "a.wav")
    assert info["streams"][0]["codec_name"] == "pcm_s16le"
    mp3 = client.post("/api/speech", json={"text": "请拨打12345。"})
    assert len(r.content) / len(mp3.content) >= 8


def test_rate_and_volume_change_the_audio(client: TestClient, tmp_path: Path) -> None:
    text = "国务院办公厅关于进一步做好老年人服务工作的通知。"
    normal = client.get("/api/speech", params={"text": text, "format": "wav"})
    fast = client.get("/api/speech", params={"text": text, "format": "wav", "rate": 1.6})
    quiet = client.get("/api/speech", params={"text": text, "format": "wav", "volume": 0.2})
    assert len({normal.headers["etag"], fast.headers["etag"], quiet.headers["etag"]}) == 3
    assert len(fast.content) < len(normal.content) * 0.8

    def peak(wav: bytes) -> int:
        samples = array("h")
        samples.frombytes(wav[44:])
        return max(abs(s) for s in samples)

    assert peak(quiet.content) < peak(normal.content) * 0.4


def test_not_modified_on_matching_etag(client: TestClient) -> None:
    r = client.get("/api/speech", params={"text": "你好"})
    again = client.get(
        "/api/speech", params={"text": "你好"}, headers={"if-none-match": r.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""


# -- plan and immutable addresses ----------------------------------------------------------


def test_plan_gives_sentences_with_offsets_and_addresses(client: TestClient) -> None:
    text = "第一句话。第二句，有100%的把握！Third sentence here."
    r = client.post("/api/speech/plan", json={"text": text, "rate": 1.2})
    assert r.status_code == 200
    plan = r.json()
    assert plan["engine"] == "espeak" and plan["format"] == "mp3"
    sentences = plan["sentences"]
    assert [s["text"] for s in sentences] == [
        "第一句话。",
        "第二句，有100%的把握！",
        "Third sentence here.",
    ]
    assert sentences[1]["spoken"] == "第二句，有百分之百的把握！"
    for s in sentences:
        assert text[s["start"] : s["end"]] == s["text"]
        assert s["url"].startswith("/api/speech/audio/") and "rate=1.2" in s["url"]
    audio = client.get(sentences[1]["url"])
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert audio.headers["cache-control"] == "public, max-age=31536000, immutable"
    # the same recipe through /api/speech is the same cached audio
    same = client.get("/api/speech", params={"text": sentences[1]["text"], "rate": 1.2})
    assert same.headers["x-speech-cache"] == "hit" and same.content == audio.content


def test_english_pages_are_read_by_the_english_voice_without_chinese_normalisation(
    client: TestClient,
) -> None:
    text = "The office opens at 9:30 on 15 March 2024. Call 555 1234."
    plan = client.post("/api/speech/plan", json={"text": text, "lang": "en"}).json()
    assert [s["spoken"] for s in plan["sentences"]] == [
        "The office opens at 9:30 on 15 March 2024.",
        "Call 555 1234.",
    ]
    url = plan["sentences"][0]["url"]
    assert "lang=en" in url
    english = client.get(url)
    assert english.status_code == 200 and english.headers["content-type"] == "audio/mpeg"
    chinese = client.get("/api/speech", params={"text": plan["sentences"][0]["text"]})
    assert chinese.headers["etag"] != english.headers["etag"]
    # the address names its language: the same text without it is another recipe
    assert client.get(url.replace("&lang=en", "")).status_code == 404
    assert client.get("/api/speech", params={"text": "x", "lang": "fr"}).status_code == 422


def test_audio_address_survives_an_emptied_cache(tmp_path: Path) -> None:
    with make_client(tmp_path) as first:
        url = first.post("/api/speech/plan", json={"text": "缓存清空以后也能取回。"}).json()[
            "sentences"
        ][0]["url"]
        original = first.get(url)
    # a fresh replica with an empty cache rebuilds the audio from the address alone
    with make_client(tmp_path) as second:
        r = second.get(url)
        assert r.status_code == 200 and r.headers["x-speech-cache"] == "miss"
        assert r.headers["etag"] == original.headers["etag"]
        duration = float(probe(r.content, tmp_path)["format"]["duration"])
        assert duration == pytest.approx(
            float(probe(original.content, tmp_path, "b.mp3")["format"]["duration"]), abs=0.05
        )


def test_tampered_audio_address_is_refused(client: TestClient) -> None:
    url = client.post("/api/speech/plan", json={"text": "原来的句子。"}).json()["sentences"][0][
        "url"
    ]
    r = client.get(url.replace("text=", "text=%E6%94%B9"))
    assert r.status_code == 404 and r.json()["error"]["code"] == "stale_audio_address"
    assert client.get("/api/speech/audio/abc.mp3", params={"text": "x"}).status_code == 422


def test_disk_cache_keeps_audio_between_processes(tmp_path: Path) -> None:
    with make_client(tmp_path, cache_backend="disk") as c:
        assert c.get("/api/speech", params={"text": "磁盘缓存"}).headers["x-speech-cache"] == "miss"
    with make_client(tmp_path, cache_backend="disk") as c:
        assert c.get("/api/speech", params={"text": "磁盘缓存"}).headers["x-speech-cache"] == "hit"


def test_voices_are_listed_and_usable(client: TestClient, tmp_path: Path) -> None:
    voices = client.get("/api/speech/voices").json()
    assert voices["engine"] == "espeak" and voices["default"] == "default"
    assert {"default", "f2", "m3"} <= set(voices["voices"])
    female = client.get("/api/speech", params={"text": "你好", "voice": "f2", "format": "wav"})
    male = client.get("/api/speech", params={"text": "你好", "format": "wav"})
    assert female.status_code == 200 and female.headers["etag"] != male.headers["etag"]
    assert female.content != male.content


def test_openapi_documents_the_speech_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/speech"])
    assert "audio/mpeg" in paths["/api/speech"]["get"]["responses"]["200"]["content"]
    assert "503" in paths["/api/speech"]["get"]["responses"]
    assert "post" in paths["/api/speech/plan"]
    assert "/api/speech/audio/{digest}.{ext}" in paths


# -- input errors and limits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"text": ""}, 400, "empty_text"),
        ({"text": "   "}, 400, "empty_text"),
        ({"text": "。。"}, 400, "empty_text"),
        ({"text": "好" * 501}, 413, "payload_too_large"),
        ({"text": "好", "rate": 3}, 400, "bad_rate"),
        ({"text": "好", "rate": 0.1}, 400, "bad_rate"),
        ({"text": "好", "volume": 1.5}, 400, "bad_volume"),
        ({"text": "好", "format": "ogg"}, 422, "invalid_input"),
        ({"text": "好", "voice": "nobody"}, 400, "unknown_voice"),
    ],
)
def test_bad_input_is_a_clear_4xx(
    client: TestClient, params: dict[str, Any], status: int, code: str
) -> None:
    r = client.get("/api/speech", params=params)
    assert r.status_code == status
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["message"]


def test_plan_limit_is_separate(tmp_path: Path) -> None:
    with make_client(tmp_path, speech_plan_max_chars=50) as c:
        assert c.post("/api/speech/plan", json={"text": "好。" * 20}).status_code == 200
        r = c.post("/api/speech/plan", json={"text": "好。" * 30})
        assert r.status_code == 413


def test_missing_engine_is_a_clear_503(tmp_path: Path) -> None:
    with make_client(
        tmp_path,
        speech_espeak_command="/nonexistent/espeak-ng",
        speech_espeak_library="/nonexistent/libespeak-ng.so",
    ) as c:
        for r in (
            c.get("/api/speech", params={"text": "你好"}),
            c.post("/api/speech/plan", json={"text": "你好"}),
        ):
            assert r.status_code == 503
            assert r.json()["error"]["code"] == "engine_unavailable"
            assert "espeak-ng" in r.json()["error"]["message"]
        assert c.get("/healthz").status_code == 200  # the rest of the service is unaffected


class GatedEngine:
    """A real engine (silence) that waits until the test opens its gate: lets the test fill
    the synthesis slots deterministically."""

    name = "gated"

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Semaphore(0)

    def identity(self, voice: str) -> str:
        return "gated"

    def default_voice(self) -> str:
        return "default"

    def voices(self) -> list[str]:
        return []

    def check(self) -> None:
        pass

    def synthesize(
        self, text: str, *, voice: str, rate: float, volume: float, lang: str = "zh"
    ) -> PCMStream:
        self.started.release()
        self.gate.wait(timeout=30)
        return PCMStream(16000, iter([b"\0\0" * 1600]))

    def close(self) -> None:
        self.gate.set()


GATED: list[GatedEngine] = []
register_engine("gated", lambda settings: GATED[-1])


def test_overload_gives_503_with_retry_after_when_full_and_when_waited_out(
    tmp_path: Path,
) -> None:
    GATED.append(GatedEngine())
    engine = GATED[-1]
    with make_client(
        tmp_path,
        speech_engine="gated",
        speech_concurrency=1,
        speech_queue=1,
        speech_queue_timeout=1.0,
    ) as c:
        results: dict[str, Any] = {}

        def call(name: str, text: str) -> None:
            results[name] = c.get("/api/speech", params={"text": text})

        running = threading.Thread(target=call, args=("running", "一"))
        running.start()
        assert engine.started.acquire(timeout=10)  # the one slot is taken
        waiting = threading.Thread(target=call, args=("waiting", "二"))
        waiting.start()
        service = c.app.state.bf.speech  # type: ignore[attr-defined]
        for _ in range(500):
            if service.queue.waiting == 1:
                break
            threading.Event().wait(0.01)
        refused = c.get("/api/speech", params={"text": "三"})
        assert refused.status_code == 503  # the queue is full: refused at once
        assert refused.json()["error"]["code"] == "overloaded"
        assert "try again" in refused.json()["error"]["message"]
        assert int(refused.headers["retry-after"]) > 0
        waiting.join(timeout=10)
        assert results["waiting"].status_code == 503  # waited its whole timeout
        assert results["waiting"].json()["error"]["code"] == "overloaded"
        assert results["waiting"].headers["retry-after"]
        engine.gate.set()
        running.join(timeout=10)
        assert results["running"].status_code == 200


# -- the OpenAI-style HTTP engine -----------------------------------------------------------


class FakeSpeechServer:
    """A tiny OpenAI-style speech server: 0.1 s of a 440 Hz tone per input character."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail = False

        async def speech(request: Request) -> Response:
            body = await request.json()
            self.requests.append({"body": body, "auth": request.headers.get("authorization")})
            if self.fail:
                return JSONResponse({"error": {"message": "model overloaded"}}, status_code=500)
            if body.get("response_format") != "wav" or not body.get("input"):
                return JSONResponse({"error": {"message": "bad request"}}, status_code=400)
            rate = 24000
            n = int(rate * 0.1 * len(body["input"]) / float(body.get("speed", 1.0)))
            samples = array(
                "h", (int(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(n))
            )
            pcm = samples.tobytes()
            return Response(wav_header(rate, len(pcm)) + pcm, media_type="audio/wav")

        self.app = Starlette(routes=[Route("/v1/audio/speech", speech, methods=["POST"])])


@pytest.fixture
def speech_server() -> Iterator[tuple[FakeSpeechServer, LiveServer]]:
    fake = FakeSpeechServer()
    server = LiveServer(fake.app).start()
    yield fake, server
    server.stop()


def test_openai_engine_through_the_api(speech_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake, server = speech_server
    with make_client(
        tmp_path, speech_engine="openai", speech_http_url=server.url, speech_http_model="kokoro",
        speech_http_voice="zf_xiaobei", speech_http_api_key="secret",
    ) as c:  # fmt: skip
        r = c.get("/api/speech", params={"text": "共100%", "rate": 1.25})
        assert r.status_code == 200 and r.headers["content-type"] == "audio/mpeg"
        sent = fake.requests[-1]
        assert sent["body"] == {
            "model": "kokoro", "input": "共百分之百", "voice": "zf_xiaobei", "speed": 1.25, "response_format": "wav",
        }  # fmt: skip
        assert sent["auth"] == "Bearer secret"
        duration = float(probe(r.content, tmp_path)["format"]["duration"])
        assert duration == pytest.approx(0.1 * 5 / 1.25, abs=0.1)
        again = c.get("/api/speech", params={"text": "共100%", "rate": 1.25})
        assert again.headers["x-speech-cache"] == "hit" and len(fake.requests) == 1
        other = c.get("/api/speech", params={"text": "你好", "voice": "zm_yunxi"})
        assert other.status_code == 200 and fake.requests[-1]["body"]["voice"] == "zm_yunxi"
        fake.fail = True
        failed = c.get("/api/speech", params={"text": "再来一次"})
        assert failed.status_code == 503 and "500" in failed.json()["error"]["message"]


def test_openai_engine_unreachable_is_503(tmp_path: Path) -> None:
    from tests.conftest import free_port

    with make_client(
        tmp_path, speech_engine="openai", speech_http_url=f"http://127.0.0.1:{free_port()}"
    ) as c:
        r = c.get("/api/speech", params={"text": "你好"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "engine_unavailable"


def test_openai_engine_without_url_is_a_clear_error(tmp_path: Path) -> None:
    with make_client(tmp_path, speech_engine="openai") as c:
        r = c.get("/api/speech", params={"text": "你好"})
        assert r.status_code == 500 and "speech_http_url" in r.json()["error"]["message"]


# -- CLI -----------------------------------------------------------------------------------


def test_cli_speak_to_mp3_and_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.mp3"
    speak = ["speak", "2022年9月30日，天气晴。", "-o", str(out), "--cache-backend", "memory"]
    assert cli_main([*speak, "--speech-engine", "espeak"]) == 0
    assert probe(out.read_bytes(), tmp_path)["streams"][0]["codec_name"] == "mp3"
    wav = tmp_path / "out.wav"
    proc = subprocess.run(
        [sys.executable, "-m", "barrierfree", "speak", "-o", str(wav), "--no-cache",
         "--speech-engine", "espeak"],
        input="从标准输入读取。".encode(), capture_output=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert probe(wav.read_bytes(), tmp_path, "b.wav")["streams"][0]["codec_name"] == "pcm_s16le"


def test_cli_speak_reports_a_missing_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli_main([
        "speak", "你好", "-o", str(tmp_path / "x.mp3"), "--no-cache", "--speech-engine", "espeak",
        "--speech-espeak-command", "/nope", "--speech-espeak-library", "",
    ])  # fmt: skip
    assert code == 2
    assert "not installed" in capsys.readouterr().err
