"""Sentence and language splitting, the espeak-ng engine (polyphones, one voice per run) and
the audio it produces, checked with a real decoder (ffprobe)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from barrierfree.speech import EspeakEngine, normalize, numbered_pinyin, split_runs, split_sentences
from barrierfree.speech.encode import FORMATS, encode
from barrierfree.speech.engines.espeak import to_ssml


def probe(path: str) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", path],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def raw_phonemes(text: str, voice: str = "cmn-latn-pinyin") -> str:
    out = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", voice, text], capture_output=True, text=True, check=True
    )
    return re.sub(r"\s+", "", out.stdout)


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    # Debian's espeak-ng is a run-time dependency (scripts/_setup.sh installs it): no skipping
    assert shutil.which("espeak-ng"), "espeak-ng is required (apt-get install espeak-ng)"
    e = EspeakEngine()
    e.check()
    return e


# -- splitting ------------------------------------------------------------------------------


def test_sentences_keep_offsets_and_closing_quotes() -> None:
    text = (
        "国务院印发《通知》。今天气温3.5℃，请注意！\n他说：“好的。”Hello world. This is it.\n。。"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "国务院印发《通知》。",
        "今天气温3.5℃，请注意！",
        "他说：“好的。”",
        "Hello world.",
        "This is it.",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_dots_inside_numbers_and_addresses_do_not_end_sentences() -> None:
    assert len(split_sentences("访问www.gov.cn了解3.5亿元的用途。")) == 1


def test_long_sentences_are_cut_at_commas() -> None:
    text = "一" * 50 + "，" + "二" * 100
    parts = split_sentences(text, max_chars=60)
    assert all(len(p.text) <= 60 for p in parts)
    assert parts[0].text.endswith("，")
    assert "".join(p.text for p in parts) == text


def test_nothing_speakable_gives_no_sentence() -> None:
    assert split_sentences("。。！  \n") == []


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("我用iPhone拍照", [("我用", "zh"), ("iPhone", "en"), ("拍照", "zh")]),
        (
            "GDP增长了，Hello World!好",
            [("GDP", "en"), ("增长了，", "zh"), ("Hello World", "en"), ("!好", "zh")],
        ),
        ("Open the door", [("Open the door", "en")]),
        ("只有中文。", [("只有中文。", "zh")]),
    ],
)
def test_runs(text: str, runs: list[tuple[str, str]]) -> None:
    assert [(r.text, r.lang) for r in split_runs(text)] == runs


# -- polyphones and voices ------------------------------------------------------------------

POLYPHONES = [
    ("银行", "yin2 hang2", "yin2 xing2"),
    ("行走", "xing2 zou3", "hang2 zou3"),
    ("重新", "chong2 xin1", "zhong4 xin1"),
    ("重要", "zhong4 yao4", "chong2 yao4"),
    ("长大", "zhang3 da4", "chang2 da4"),
    ("长度", "chang2 du4", "zhang3 du4"),
    ("音乐", "yin1 yue4", "yin1 le4"),
    ("快乐", "kuai4 le4", "kuai4 yue4"),
]


@pytest.mark.parametrize(("word", "right", "wrong"), POLYPHONES)
def test_polyphones_get_their_reading_in_context(word: str, right: str, wrong: str) -> None:
    assert " ".join(s or "" for s in numbered_pinyin(word)) == right


@pytest.mark.parametrize(("word", "right", "wrong"), POLYPHONES)
def test_polyphones_are_spoken_with_the_right_syllables(
    engine: EspeakEngine, word: str, right: str, wrong: str
) -> None:
    spoken = re.sub(r"\s+", "", engine.phonemes(word))
    assert spoken == raw_phonemes(right)
    assert spoken != raw_phonemes(wrong)


def test_polyphones_in_one_sentence(engine: EspeakEngine) -> None:
    spoken = re.sub(r"\s+", "", engine.phonemes("我去银行，不想行走。"))
    assert spoken == raw_phonemes("wo3 qu4 yin2 hang2, bu4 xiang3 xing2 zou3.")


def test_every_run_has_its_own_explicit_voice() -> None:
    ssml = to_ssml("我用Python写程序，然后去银行。")
    # nothing outside a <voice>: after </voice> espeak-ng would fall back to the broken cmn voice
    inner = re.sub(r"<voice name=\"[^\"]+\">[^<]*</voice>", "", ssml)
    assert inner == "<speak></speak>"
    assert ssml.count('<voice name="cmn-latn-pinyin">') == 2
    assert '<voice name="en-us">Python</voice>' in ssml


def test_mixed_sentence_reads_english_with_an_english_voice(engine: EspeakEngine) -> None:
    spoken = engine.phonemes("我用Python写程序")
    compact = re.sub(r"\s+", "", spoken)
    assert raw_phonemes("Python", "en-us") in compact
    assert raw_phonemes("wo3 yong4") in compact
    assert raw_phonemes("xie3 cheng2 xu4") in compact
    # espeak-ng marks words it had to read with another language's rules: none here
    assert "(en)" not in spoken and "(cmn)" not in spoken


def test_english_text_is_one_english_run(engine: EspeakEngine) -> None:
    ssml = to_ssml("It costs $5 on 3 May.", lang="en")
    assert ssml == '<speak><voice name="en-us">It costs $5 on 3 May.</voice></speak>'
    spoken = re.sub(r"\s+", "", engine.phonemes("It costs $5 on 3 May.", lang="en"))
    assert spoken == raw_phonemes("It costs $5 on 3 May.", "en-us")


def test_numbers_are_normalised_before_speaking(engine: EspeakEngine) -> None:
    spoken = re.sub(r"\s+", "", engine.phonemes(normalize("2022年9月30日")))
    assert spoken == raw_phonemes("er4 ling2 er4 er4 nian2 jiu3 yue4 san1 shi2 ri4")


def test_voice_variants_are_checked(engine: EspeakEngine) -> None:
    assert "f2" in engine.voices()
    assert 'name="cmn-latn-pinyin+f2"' in to_ssml("你好", "f2")


# -- audio ---------------------------------------------------------------------------------


def _render(
    engine: EspeakEngine, text: str, fmt: str, rate: float = 1.0, volume: float = 1.0
) -> tuple[bytes, float]:
    stream = engine.synthesize(normalize(text), voice="default", rate=rate, volume=volume)
    return encode(FORMATS[fmt], stream.sample_rate, stream.chunks)


SENTENCE = "国务院办公厅关于进一步做好老年人服务工作的通知，自2022年9月30日起施行。"


def test_mp3_is_real_mp3_with_the_right_duration_and_small(engine: EspeakEngine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mp3, seconds = _render(engine, SENTENCE, "mp3")
    wav, wav_seconds = _render(engine, SENTENCE, "wav")
    (tmp_path / "a.mp3").write_bytes(mp3)
    (tmp_path / "a.wav").write_bytes(wav)
    m, w = probe(str(tmp_path / "a.mp3")), probe(str(tmp_path / "a.wav"))
    assert m["format"]["format_name"] == "mp3"
    assert m["streams"][0]["codec_name"] == "mp3" and m["streams"][0]["channels"] == 1
    assert (
        w["streams"][0]["codec_name"] == "pcm_s16le"
        and int(w["streams"][0]["sample_rate"]) == 22050
    )
    wav_duration = float(w["format"]["duration"])
    assert wav_duration == pytest.approx(wav_seconds, abs=0.01)
    assert 4.0 < wav_duration < 20.0  # a 35-syllable sentence, spoken
    # MP3 adds encoder delay/padding of a frame or two, nothing more
    assert float(m["format"]["duration"]) == pytest.approx(wav_duration, abs=0.15)
    assert len(wav) / len(mp3) >= 8


def test_rate_changes_the_duration(engine: EspeakEngine) -> None:
    _, normal = _render(engine, SENTENCE, "wav")
    _, fast = _render(engine, SENTENCE, "wav", rate=2.0)
    _, slow = _render(engine, SENTENCE, "wav", rate=0.5)
    assert fast < normal * 0.75 < normal < slow * 0.75


def test_program_and_library_say_the_same(engine: EspeakEngine) -> None:
    # the engine runs in-process through libespeak-ng when it loads, else the espeak-ng program
    program = EspeakEngine(library="")
    assert engine._lib is not None and program._lib is None
    _, in_process = _render(engine, SENTENCE, "wav")
    _, by_program = _render(program, SENTENCE, "wav")
    assert by_program == pytest.approx(in_process, rel=0.05)
    assert program.version == engine.version


def test_volume_changes_the_loudness(engine: EspeakEngine) -> None:
    from array import array

    def peak(wav: bytes) -> int:
        samples = array("h")
        samples.frombytes(wav[44:])
        return max(abs(s) for s in samples)

    loud, _ = _render(engine, "你好", "wav")
    quiet, _ = _render(engine, "你好", "wav", volume=0.3)
    assert peak(quiet) < peak(loud) * 0.5
