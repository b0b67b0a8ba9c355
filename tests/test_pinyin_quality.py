"""Quality floors on the CPP dev split and on the everyday notice sets, the shipped data is
what build_data.py makes, and our BiLSTM inference matches g2pM's own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from barrierfree.pinyin import Style, default_engine
from barrierfree.pinyin.model import PolyphoneModel
from barrierfree.pinyin.resources import FREQ_FILE, MODEL_FILE, load_word_freq

CPP = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "pinyin"
# measured 0.9808 on this split (benchmarks/RESULTS.md); the floor leaves room for
# deterministic refactoring but fails on any real regression (~10 sentences)
FLOOR = 0.9798
# the notice sets (benchmarks/data/pinyin/notices*.tsv), every syllable: measured 0.9980 on
# the development set (2 misses in 985) and 0.9918 on the held-out one (4 in 487); issue 12's
# sets: notices_heldout2 0.9936 as first scored, 1.0 after the fixes made from its misses (so
# now a development set), notices_heldout3 0.9910 (6 in 664), written after them
NOTICES_FLOOR = 0.995
NOTICES_HELD_OUT_FLOOR = 0.985
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_cpp() -> list[tuple[str, int, str]]:
    sents = (CPP / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (CPP / "dev.lb").read_text(encoding="utf-8").split()
    out = []
    for s, label in zip(sents, labels, strict=True):
        out.append((s.replace("▁", ""), s.index("▁"), label.replace("u:", "v")))
    return out


def test_accuracy_floor_on_cpp_dev() -> None:
    engine = default_engine()
    data = load_cpp()
    assert len(data) > 9000
    right = sum(engine.to_pinyin(text, Style.TONE3)[i] == label for text, i, label in data)
    assert right / len(data) >= FLOOR


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("notices.tsv", NOTICES_FLOOR),
        ("notices_heldout.tsv", NOTICES_HELD_OUT_FLOOR),
        ("notices_heldout2.tsv", NOTICES_FLOOR),
        ("notices_heldout3.tsv", NOTICES_HELD_OUT_FLOOR),
    ],
)
def test_accuracy_floor_on_everyday_notices(name: str, floor: float) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "pinyin_everyday", BENCHMARKS / "pinyin_everyday.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rows = bench.load(CPP / name)
    result = bench.score("barrierfree", bench.barrierfree_tool(), rows)
    assert result["syllables"] >= 300
    assert result["accuracy"] >= floor, result["errors"]


def test_shipped_model_is_what_the_build_script_makes(tmp_path: Path) -> None:
    pytest.importorskip("g2pM")
    from barrierfree.pinyin.build_data import build

    fresh = build(tmp_path / "model.npz")
    with np.load(fresh) as a, np.load(MODEL_FILE) as b:
        assert sorted(a.files) == sorted(b.files)
        for k in a.files:
            assert np.array_equal(a[k], b[k]), k


def test_shipped_frequencies_are_what_the_build_script_makes(tmp_path: Path) -> None:
    pytest.importorskip("jieba")
    from barrierfree.pinyin.build_data import build_freq

    fresh = build_freq(tmp_path / "freq.tsv.gz")
    assert load_word_freq(fresh) == load_word_freq(FREQ_FILE)


def test_shipped_phrase_checks_are_what_the_build_script_makes(tmp_path: Path) -> None:
    pytest.importorskip("pypinyin_dict")
    from barrierfree.pinyin.build_data import build_checks
    from barrierfree.pinyin.resources import CHECKS_FILE

    fresh = build_checks(tmp_path / "checks.tsv")
    assert fresh.read_text(encoding="utf-8") == CHECKS_FILE.read_text(encoding="utf-8")
    rows = [line.split("\t") for line in fresh.read_text(encoding="utf-8").splitlines()[1:]]
    fixes = {(r[0], r[4]) for r in rows if r[5] == "fix"}
    assert ("简朴", "pǔ") in fixes and ("落差", "chā") in fixes and ("夹克", "jiā") in fixes
    # every row names its source
    assert all(r[6] for r in rows)


def test_straddling_words_are_kept_for_the_everyday_rival_check() -> None:
    from barrierfree.pinyin.build_data import _straddles_everyday

    assert _straddles_everyday("学会")  # 最好学会: starts with the end of 好学
    assert _straddles_everyday("面包")  # 和面包: starts with the end of 和面
    assert _straddles_everyday("最好")  # ends with the start of 好学
    assert not _straddles_everyday("苹果")
    assert not _straddles_everyday("图书馆")
    freq = load_word_freq(FREQ_FILE)
    assert freq["学会"] > freq["好学"] > 0


# g2pM opens its pickles without closing them (ResourceWarning when collected); not our code
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_inference_matches_g2pm() -> None:
    """On sentences shorter than our window, our loop must give g2pM's own answer whenever
    g2pM's (unrestricted) answer is one of the character's readings."""
    g2pm = pytest.importorskip("g2pM").G2pM()
    model = PolyphoneModel()
    sentences = [
        "银行行长",
        "他还没长大",
        "这件事很重要",
        "我们都到了",
        "长江很长",
        "调查结果",
        "为人民服务",
    ]
    compared = 0
    for s in sentences:
        theirs = g2pm(s, char_split=True)
        positions = [i for i, c in enumerate(s) if c in model.candidates]
        ours = model.predict(s, positions)
        for p, pred in zip(positions, ours, strict=True):
            if theirs[p] in model.readings(s[p]):
                assert pred.reading == theirs[p], (s, p)
                compared += 1
    assert compared >= 15
