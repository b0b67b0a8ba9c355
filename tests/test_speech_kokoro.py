"""The default voice, Kokoro-82M: its pinned files, its phonemes, its audio (trimmed, not
clipped, clause by clause), the API on it, and espeak-ng answering when its files are
missing.  Each synthesis costs about a second on two cores, so the engine is shared and the
texts are short."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from barrierfree.cache import MemoryCache
from barrierfree.errors import ServiceUnavailable
from barrierfree.settings import Settings
from barrierfree.speech import SpeechRequest, SpeechService
from barrierfree.speech.engines import kokoro, kokoro_graph
from barrierfree.speech.engines.base import PCMStream
from barrierfree.speech.engines.kokoro import (
    FRAME,
    SAMPLE_RATE,
    TAIL_KEEP,
    TAIL_REP,
    KokoroEngine,
    KokoroFiles,
    default_kokoro_dir,
    trim_silence,
)
from barrierfree.speech.phonemes import english_phonemes, spelled, syllable_ipa, to_phonemes
from barrierfree.speech.segment import split_clauses
from barrierfree.speech.syllables import numbered_pinyin
from barrierfree.web.app import create_app


def pcm_of(engine: KokoroEngine, text: str, **kw: Any) -> np.ndarray:
    stream = engine.synthesize(
        text,
        voice=kw.get("voice", "zf_xiaobei"),
        rate=kw.get("rate", 1.0),
        volume=kw.get("volume", 1.0),
        lang=kw.get("lang", "zh"),
    )
    assert stream.sample_rate == SAMPLE_RATE
    return np.frombuffer(b"".join(stream.chunks), dtype="<i2").astype(np.float32) / 32768


# one onnxruntime thread: the suite runs a test worker per core, and two threads that
# spin-wait for each other on a crowded machine were measured 3× slower (as in the browser
# tests' Kokoro server)
THREADS = 1


@pytest.fixture(scope="module")
def engine() -> KokoroEngine:
    engine = KokoroEngine(threads=THREADS)
    assert engine.available() is None, "the Kokoro files are not installed (scripts/test does it)"
    engine.check()
    return engine


# -- files ----------------------------------------------------------------------------------


def test_the_pinned_model_and_voices_are_installed_and_verified(engine: KokoroEngine) -> None:
    files = engine.files
    assert files.directory == default_kokoro_dir()
    assert {"zf_xiaobei", "zm_yunxia", "af_heart"} <= set(engine.voices())
    assert "zf_xiaoni" not in engine.voices()  # gets tones wrong: never offered
    assert (files.directory / "LICENSE").read_text().startswith(" " * 10)  # Apache-2.0 text
    assert "Apache License" in (files.directory / "LICENSE").read_text()
    assert len(files.model_bytes()) == 92_361_271


def test_a_corrupted_model_or_voice_is_refused_not_loaded(tmp_path: Path) -> None:
    files = KokoroFiles.locate()
    files.pinned = {**files.pinned, "model.onnx": "0" * 64}
    with pytest.raises(ServiceUnavailable, match="corrupted"):
        files.model_bytes()
    # an operator's folder: its own voice, checked against its SHA256SUMS
    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / "zf_new.bin").write_bytes(np.zeros(510 * 256, np.float32).tobytes())
    (tmp_path / "SHA256SUMS").write_text("f" * 64 + "  voices/zf_new.bin\n")
    own = KokoroFiles.locate(tmp_path)
    assert own.voice_names() == ["zf_new"]
    with pytest.raises(ServiceUnavailable, match="does not match"):
        own.voice("zf_new")


# -- front end ------------------------------------------------------------------------------


def test_syllables_become_kokoro_phonemes_with_tone_arrows() -> None:
    assert syllable_ipa("hang2") == "xa↗ŋ"
    assert syllable_ipa("huan2") == "xwa↗n"
    assert syllable_ipa("lv4") == "ly↘"
    assert syllable_ipa("shi4") == "ʂɨ↘"
    assert syllable_ipa("zi5") == "ʦɨ"  # neutral tone: no arrow
    assert syllable_ipa("xyz9") == ""


def test_our_pinyin_decides_the_polyphones_the_model_hears() -> None:
    # 还款 huán, 银行 háng, 标准为 wéi: the readings of the project's pinyin engine
    phonemes = to_phonemes("请在还款期限内到银行办理，标准为每人五百元。")
    assert "xwa↗nkʰwa↓n" in phonemes  # 还款 huán kuǎn
    assert "i↗nxa↗ŋ" in phonemes  # 银行 yín háng
    assert "wei̯↗" in phonemes  # 为 wéi
    assert phonemes.endswith(".") and "," in phonemes


def test_latin_words_in_chinese_text_are_read_not_dropped() -> None:
    words = to_phonemes("请下载PDF文件").split()
    assert len(words) == 4  # 请 下载 PDF 文件
    assert words[2] == "pˌidˌiˈɛf"  # espeak-ng's English, spelt out as letters


def test_abbreviations_in_capitals_are_spelled_letter_by_letter() -> None:
    # espeak-ng alone reads ETC as "et cetera" and VIP as a word
    etc = to_phonemes("高速公路ETC用户").split()[1]
    assert etc == spelled("ETC") == "ˌitˌisˈi"
    assert to_phonemes("VIP通道").split()[0] == spelled("VIP")
    assert to_phonemes("CCTV新闻").split()[0] == spelled("CCTV")
    # a pronounceable word in capitals stays a word
    assert to_phonemes("COVID 十九").split()[0] == english_phonemes("COVID") != spelled("COVID")


def test_sentences_are_read_clause_by_clause() -> None:
    clauses = split_clauses(
        "根据市政府通知，申请人可到银行办理；每月的补贴标准为：每人发放五百元。"
    )
    assert [c.text for c in clauses] == [
        "根据市政府通知，",
        "申请人可到银行办理；",
        "每月的补贴标准为：",
        "每人发放五百元。",
    ]
    assert [c.pause for c in clauses] == [0.2, 0.3, 0.25, 0.0]
    # a piece too short to say well on its own joins the next; a short last piece the one
    # before it
    assert [c.text for c in split_clauses("但是，我们要做。")] == ["但是，我们要做。"]
    assert [c.text for c in split_clauses("经研究决定，对原有项目重新调整。")] == [
        "经研究决定，对原有项目重新调整。"
    ]
    assert [c.text for c in split_clauses("给市民出行带来不便，敬请谅解。")] == [
        "给市民出行带来不便，敬请谅解。"
    ]
    assert [c.text for c in split_clauses("好。")] == ["好。"]


def test_a_long_first_clause_is_cut_near_its_start_at_a_word_boundary() -> None:
    text = "网上办理请登录政务服务网或下载手机应用进行预约。"
    plain = split_clauses(text)
    quick = split_clauses(text, quick_start=True)
    assert [c.text for c in plain] == [text]
    assert "".join(c.text for c in quick) == text  # nothing lost or added
    assert [c.text for c in quick] == ["网上办理请登录", "政务服务网或下载手机应用进行预约。"]
    assert [c.pause for c in quick] == [0.05, 0.0]
    # only the first clause: what follows plays while it is made
    two = split_clauses(
        "根据市政府统一部署，全市各政务服务中心自下月起延长工作时间。", quick_start=True
    )
    assert [c.text for c in two] == [
        "根据市政府统一部署，",
        "全市各政务服务中心自下月起延长工作时间。",
    ]
    # a short first clause stays whole
    assert len(split_clauses("本次补贴标准为每人每月五百元。", quick_start=True)) == 1


def test_the_quick_start_cut_never_changes_a_reading() -> None:
    # cut alone, "今年全市将为六十" reads 为 wéi; in the whole sentence it is wèi (for the
    # sixty-year-olds): the cut goes where both halves keep the whole sentence's readings
    text = "今年全市将为六十周岁以上的老年人免费提供一次健康体检。"
    quick = split_clauses(text, quick_start=True)
    assert "".join(c.text for c in quick) == text
    whole = numbered_pinyin(text)
    assert [s for c in quick for s in numbered_pinyin(c.text)] == whole
    assert whole[text.index("为")] == "wei4"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("报名时间为二零二四年六月一日至六月三十日，逾期不予受理。", "二零二四年"),
        ("市民可拨打幺二三四五政务服务便民热线反映问题。", "幺二三四五"),
        ("审核结果将在三到五个工作日内通过短信告知。", "三到五个"),
    ],
)
def test_the_quick_start_cut_never_falls_inside_a_number(text: str, number: str) -> None:
    """Cut nearest eight characters in, these were cut as 二零二|四年, 幺二三|四五 and
    三到|五个: a number said in two breaths."""
    quick = split_clauses(text, quick_start=True)
    assert len(quick) > len(split_clauses(text))  # cut somewhere
    start = text.index(number)
    assert len(quick[0].text) <= start or len(quick[0].text) >= start + len(number)


def test_the_quick_start_cut_prefers_a_phrase_boundary() -> None:
    # nearest eight characters in is 办事大厅的受理|时间 (a word's halves apart); before 为,
    # where the predicate starts, a speaker may pause
    quick = split_clauses(
        "办事大厅的受理时间为八点三十分到十二点，下午两点到五点。", quick_start=True
    )
    assert quick[0].text == "办事大厅的受理时间"
    # and never after a word that belongs with what follows (全市各|景区)
    quick = split_clauses(
        "春节期间，全市各景区实行限流措施，游客需提前一天预约。", quick_start=True
    )
    assert not quick[0].text.endswith("各")


class ClauseRecorder:
    """A clause-level engine (like Kokoro) that records what it is asked to read."""

    name = "recorder"
    clause_level = True
    concurrency = 1

    def __init__(self) -> None:
        self.read: list[str] = []

    def identity(self, voice: str) -> str:
        return "recorder"

    def default_voice(self) -> str:
        return "v"

    def voices(self) -> list[str]:
        return []

    def check(self) -> None:
        pass

    def synthesize(
        self, text: str, *, voice: str, rate: float, volume: float, lang: str = "zh"
    ) -> PCMStream:
        self.read.append(text)
        return PCMStream(16000, iter([b"\1\0" * 1600]))


@pytest.mark.parametrize("quick_start", [False, True])
def test_the_service_cuts_the_first_clause_only_with_speech_quick_start(
    tmp_path: Path, quick_start: bool
) -> None:
    settings = Settings({"cache_backend": "memory", "speech_quick_start": quick_start}, environ={})
    engine = ClauseRecorder()
    service = SpeechService(settings, MemoryCache(), engine=engine)
    text = "网上办理请登录政务服务网或下载手机应用进行预约，也可以到窗口办理。"
    audio = service.speak(SpeechRequest(text, format="wav"))
    if quick_start:
        assert engine.read == [
            "网上办理请登录",
            "政务服务网或下载手机应用进行预约，",
            "也可以到窗口办理。",
        ]
    else:
        assert engine.read == [
            "网上办理请登录政务服务网或下载手机应用进行预约，",
            "也可以到窗口办理。",
        ]
    # the two readings differ, so they never share an address or a cache entry
    other = SpeechService(
        Settings({"cache_backend": "memory", "speech_quick_start": not quick_start}, environ={}),
        MemoryCache(),
        engine=ClauseRecorder(),
    )
    assert other.speak(SpeechRequest(text, format="wav")).url != audio.url


# -- audio ----------------------------------------------------------------------------------


def test_trim_silence_keeps_only_a_short_margin() -> None:
    tone = 0.5 * np.sin(np.linspace(0, 2000, SAMPLE_RATE))
    padded = np.concatenate([np.zeros(SAMPLE_RATE), tone, np.zeros(2 * SAMPLE_RATE)])
    trimmed = trim_silence(padded)
    assert SAMPLE_RATE <= len(trimmed) <= SAMPLE_RATE + int(0.07 * SAMPLE_RATE)
    assert len(trim_silence(np.zeros(100))) == 0


def test_the_model_speaks_audibly_trimmed_and_unclipped(engine: KokoroEngine) -> None:
    audio = pcm_of(engine, "办理时间为工作日。")
    seconds = len(audio) / SAMPLE_RATE
    assert 1.0 < seconds < 4.0, seconds
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    assert loud[0] / SAMPLE_RATE < 0.1  # leading silence (the model makes ~0.4 s)
    assert (len(audio) - loud[-1]) / SAMPLE_RATE < 0.1  # trailing (the model makes ~1 s)
    assert 0.85 < np.abs(audio).max() < 0.95  # peak set to 0.9: no clipping
    assert np.sqrt(np.mean(audio**2)) > 0.03  # speech, not silence


def raw_model_audio(
    engine: KokoroEngine,
    text: str,
    tail_token: int,
    tail_keep: int,
    tail_rep: int = TAIL_REP,
    head_keep: int = 1 << 20,
) -> Any:
    tokens = engine.tokens(to_phonemes(text, "zh"))
    style = engine.files.voice("zf_xiaoyi")[len(tokens) - 1].reshape(1, 256)
    feeds = {
        "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
        "style": style,
        "speed": np.array([1.0], dtype=np.float32),
        "tail_token": np.array([tail_token], dtype=np.int64),
        "tail_keep": np.array([tail_keep], dtype=np.int64),
        "tail_rep": np.array([tail_rep], dtype=np.int64),
        "head_keep": np.array([head_keep], dtype=np.int64),
    }
    return np.asarray(engine._session.run(None, feeds)[0]).ravel()


def log_spectrum(audio: Any) -> Any:
    frames = np.lib.stride_tricks.sliding_window_view(audio, 512)[::128] * np.hanning(512)
    return 20 * np.log10(np.abs(np.fft.rfft(frames)) + 1e-4)


def spectral_distance(a: Any, b: Any) -> float:
    """Mean absolute difference of two sounds' log spectra (dB) over the loud frames."""
    sa, sb = log_spectrum(a), log_spectrum(b)
    n = min(len(sa), len(sb))
    loud = sa[:n].max(axis=1) > -20
    return float(np.mean(np.abs(sa[:n][loud] - sb[:n][loud])))


@pytest.fixture(scope="module")
def cut_engine() -> KokoroEngine:
    """An engine with ``speech_kokoro_tail_cut`` on: it loads the patched graph."""
    engine = KokoroEngine(threads=THREADS, cut_tail=True)
    engine.check()
    return engine


def test_the_decoder_stops_soon_after_the_last_spoken_token(cut_engine: KokoroEngine) -> None:
    """The model predicts about a second of silence after a clause; the patched graph lets
    the decoder stop a quarter of a second after the last spoken token starts, and no sound
    is lost: what it makes ends in silence and, trimmed, is as long as the whole call's."""
    engine = cut_engine
    engine._session  # noqa: B018 - loaded
    assert engine.graph_cut  # the pinned model's graph takes the cut
    text = "根据市政府通知，"
    tokens = engine.tokens(to_phonemes(text, "zh"))
    last = engine.last_spoken(tokens)
    assert last == len(tokens) - 1  # the comma is not sound; the tone mark before it is
    whole = raw_model_audio(engine, text, len(tokens) + 1, 0)  # the graph's own length
    cut = raw_model_audio(engine, text, last - 1, TAIL_KEEP)
    assert len(whole) - len(cut) > 0.5 * SAMPLE_RATE  # most of the trailing second not made
    assert np.abs(cut[-FRAME:]).max() < 0.01  # it stops in silence
    assert abs(len(trim_silence(cut)) - len(trim_silence(whole))) < 0.05 * SAMPLE_RATE


def test_the_silence_kept_stands_for_the_silence_not_made(cut_engine: KokoroEngine) -> None:
    """The decoder normalises each layer over the whole clause, silence included; sliced
    plainly, every sample changes (the ear heard it).  Weighting the silent frames it keeps
    for the ones it does not make brings the sound back towards the whole call's."""
    engine = cut_engine
    text = "敬请谅解。"
    tokens = engine.tokens(to_phonemes(text, "zh"))
    last = engine.last_spoken(tokens)
    whole = trim_silence(raw_model_audio(engine, text, len(tokens) + 1, 0))
    weighted = trim_silence(raw_model_audio(engine, text, last - 1, TAIL_KEEP))
    plain = trim_silence(raw_model_audio(engine, text, last - 1, TAIL_KEEP, tail_rep=1 << 20))
    assert spectral_distance(whole, weighted) < 0.8 * spectral_distance(whole, plain)


def test_the_cut_off_runs_the_model_unpatched_and_the_patch_at_whole_is_the_same_audio(
    engine: KokoroEngine, cut_engine: KokoroEngine
) -> None:
    """With ``speech_kokoro_tail_cut`` off (the default) the model runs as it ships; the
    patched graph, told to make the whole length, gives that audio sample for sample."""
    engine._session  # noqa: B018 - loaded
    assert not engine.graph_cut and not engine.cut_tail
    text = "根据市政府通知，"
    tokens = engine.tokens(to_phonemes(text, "zh"))
    ref = engine.files.voice("zf_xiaoyi")[len(tokens) - 1].reshape(1, 256)
    own = engine._run(tokens, ref, 1.0)
    patched_whole = trim_silence(raw_model_audio(cut_engine, text, len(tokens) + 1, 0))
    # the same to within float rounding (the weighted means add in another order)
    assert len(patched_whole) == len(own)
    assert np.abs(patched_whole - own).max() < 1e-4


def test_a_clause_still_sounding_at_the_cut_is_made_whole(
    cut_engine: KokoroEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the sound ever run past where the decoder stops, the clause is made again
    without the cut rather than lose its end (forced here by stopping far too early)."""
    engine = cut_engine
    normal = pcm_of(engine, "请借款人按时还款。", voice="zf_xiaoyi")
    monkeypatch.setattr(kokoro, "TAIL_KEEP", -40)
    forced = pcm_of(engine, "请借款人按时还款。", voice="zf_xiaoyi")
    assert abs(len(forced) - len(normal)) < 0.05 * SAMPLE_RATE


def test_a_graph_the_cut_was_not_written_for_is_left_alone() -> None:
    assert kokoro_graph.cut(b"") is None
    # a model whose graph has one node and none of the tensors the cut expects
    node = b"\x0a\x01x\x12\x01y\x1a\x01n\x22\x04Relu"
    graph = b"\x0a" + bytes([len(node)]) + node
    assert kokoro_graph.cut(b"\x3a" + bytes([len(graph)]) + graph) is None


def test_the_male_voice_and_the_rate_change_the_audio(engine: KokoroEngine) -> None:
    female = pcm_of(engine, "请稍候。")
    male = pcm_of(engine, "请稍候。", voice="zm_yunxia")
    slow = pcm_of(engine, "请稍候。", rate=0.7)
    assert not np.array_equal(female[: len(male)], male[: len(female)])
    assert len(slow) > 1.2 * len(female)  # 减速 drives the model's own speed


# -- the service on Kokoro ------------------------------------------------------------------


@pytest.fixture(scope="module")
def kokoro_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path_factory.mktemp("kokoro")),
            "speech_kokoro_threads": THREADS,
        },
        environ={},
    )
    assert settings.speech_engine == "kokoro"  # the default
    with TestClient(create_app(settings)) as client:
        yield client


def test_voices_endpoint_says_kokoro_answers_with_female_and_male(
    kokoro_client: TestClient,
) -> None:
    r = kokoro_client.get("/api/speech/voices")
    assert r.status_code == 200
    body = r.json()
    assert body["engine"] == "kokoro" and body["fallback"] is None
    assert body["default"] == "zf_xiaoyi"
    assert body["aliases"] == {"female": "zf_xiaoyi", "male": "zm_yunxia"}


def test_a_miss_streams_then_hits_and_voices_have_their_own_addresses(
    kokoro_client: TestClient,
) -> None:
    params = {"text": "欢迎访问，请稍候。", "voice": "male"}
    with kokoro_client.stream("GET", "/api/speech", params=params) as r:
        assert r.status_code == 200
        assert r.headers["x-speech-cache"] == "miss"
        assert r.headers["content-type"] == "audio/mpeg"
        data = b"".join(r.iter_bytes())
    assert len(data) > 2000
    again = kokoro_client.get("/api/speech", params=params)
    assert again.headers["x-speech-cache"] == "hit" and again.content == data
    assert "voice=zm_yunxia" in again.headers["content-location"]
    plan = kokoro_client.post(
        "/api/speech/plan", json={"text": "欢迎访问，请稍候。", "voice": "female"}
    ).json()
    assert "voice=zf_xiaoyi" in plan["sentences"][0]["url"]
    assert plan["engine"] == "kokoro"


def test_espeak_answers_when_the_kokoro_files_are_missing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        {"cache_backend": "memory", "speech_kokoro_dir": str(tmp_path / "empty")}, environ={}
    )
    with caplog.at_level(logging.WARNING), TestClient(create_app(settings)) as client:
        voices = client.get("/api/speech/voices").json()
        assert voices["engine"] == "espeak"
        assert "no voice files" in voices["fallback"]
        r = client.get("/api/speech", params={"text": "你好"})
        assert r.status_code == 200 and r.headers["content-type"] == "audio/mpeg"
    lines = [rec for rec in caplog.records if "cannot run" in rec.getMessage()]
    assert len(lines) == 1  # one clear log line
    assert "reading with espeak" in lines[0].getMessage()


def test_prepare_makes_the_page_a_cache_hit(kokoro_client: TestClient) -> None:
    text = "办事指南已更新。"
    r = kokoro_client.post("/api/speech/prepare", json={"texts": [text], "voice": "female"})
    assert r.status_code == 202
    assert r.json() == {"sentences": 1, "cached": 0, "queued": 1}
    url = kokoro_client.post("/api/speech/plan", json={"text": text, "voice": "female"}).json()[
        "sentences"
    ][0]["url"]
    digest = url.split("?")[0].rsplit("/", 1)[1].split(".")[0]
    service = kokoro_client.app.state.bf.speech  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while service.cache.get("speech:" + digest) is None:  # made in the background
        assert time.monotonic() < deadline, "prepare did not synthesise the sentence"
        time.sleep(0.2)
    assert kokoro_client.get(url).headers["x-speech-cache"] == "hit"
    assert kokoro_client.post(
        "/api/speech/prepare", json={"texts": [text], "voice": "female"}
    ).json() == {"sentences": 1, "cached": 1, "queued": 0}


def test_new_reading_rules_give_new_audio_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Audio cached under older rules for what the model is given (一/不 tones, clause joins)
    must not be served for the same text under new ones: the rules are in the identity."""
    import barrierfree.speech.engines.kokoro as kokoro

    engine = KokoroEngine(threads=1)
    before = engine.identity("zf_xiaobei")
    monkeypatch.setattr(kokoro, "READING_RULES", kokoro.READING_RULES + 1)
    assert engine.identity("zf_xiaobei") != before
