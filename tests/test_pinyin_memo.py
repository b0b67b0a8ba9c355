"""/api/pinyin remembers the readings of recent texts (``ReadingMemo``, ``pinyin_memo_chars``)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from barrierfree.pinyin import CustomWords, PinyinEngine, Style, default_engine
from barrierfree.pinyin.memo import ReadingMemo
from barrierfree.settings import Settings
from barrierfree.web.app import create_app


class Counting:
    """The real engine, counting the texts it is asked to read."""

    def __init__(self) -> None:
        self.engine = default_engine()
        self.read: list[str] = []

    def to_pinyin(
        self, text: str, style: Style, words: CustomWords | None = None
    ) -> list[str | None]:
        self.read.append(text)
        return self.engine.to_pinyin(text, style, words)


def memo(**kw: int) -> tuple[ReadingMemo, Counting]:
    counting = Counting()
    return ReadingMemo(counting, **kw), counting  # type: ignore[arg-type]


def test_a_text_read_again_is_answered_from_memory() -> None:
    m, engine = memo()
    first = m.to_pinyin("银行行长", Style.TONE)
    assert first == ["yín", "háng", "háng", "zhǎng"]
    first[0] = "changed by the caller"
    assert m.to_pinyin("银行行长", Style.TONE) == ["yín", "háng", "háng", "zhǎng"]
    assert engine.read == ["银行行长"] and (m.hits, m.misses) == (1, 1)


def test_style_and_words_are_part_of_the_key() -> None:
    m, engine = memo()
    assert m.to_pinyin("单于", Style.TONE3) != m.to_pinyin("单于", Style.TONE)
    chanyu = CustomWords({"单于": "chán yú"})
    assert m.to_pinyin("单于", Style.TONE, chanyu) == ["chán", "yú"]
    # an equal table built anew (the next request's words) finds the same entry
    assert m.to_pinyin("单于", Style.TONE, CustomWords({"单于": "chan2 yu2"})) == ["chán", "yú"]
    assert m.to_pinyin("单于", Style.TONE, CustomWords({"单于": "shàn yú"})) == ["shàn", "yú"]
    assert engine.read == ["单于"] * 4


def test_least_recently_used_goes_first_past_the_bound() -> None:
    m, engine = memo(max_chars=6)
    for text in ["重要", "行长", "银行"]:
        m.to_pinyin(text, Style.TONE)
    m.to_pinyin("重要", Style.TONE)  # used again: now the most recent
    m.to_pinyin("上网", Style.TONE)  # 8 characters: the least recent (行长) goes
    assert len(m) == 3
    engine.read.clear()
    for text in ["重要", "银行", "上网", "行长"]:
        m.to_pinyin(text, Style.TONE)
    assert engine.read == ["行长"]


def test_long_texts_and_a_zero_bound_are_not_remembered() -> None:
    m, engine = memo(max_text=3)
    m.to_pinyin("老人重新学会了上网", Style.TONE)
    m.to_pinyin("老人重新学会了上网", Style.TONE)
    off, off_engine = memo(max_chars=0)
    off.to_pinyin("重要", Style.TONE)
    off.to_pinyin("重要", Style.TONE)
    assert len(m) == len(off) == 0
    assert len(engine.read) == len(off_engine.read) == 2


def test_the_api_answers_a_repeated_text_from_memory(client: TestClient) -> None:
    body = {"segments": ["银行行长说，重要的是为人民服务。", "孩子长大了。"]}
    first = client.post("/api/pinyin", json=body)
    again = client.post("/api/pinyin", json={**body, "segments": body["segments"][::-1]})
    assert first.status_code == again.status_code == 200
    assert again.json()["segments"] == first.json()["segments"][::-1]
    m = client.app.state.bf.pinyin_memo  # type: ignore[attr-defined]
    assert (m.hits, m.misses) == (2, 2)


def test_the_setting_sizes_the_memo(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        {
            "cache_backend": "memory",
            "cache_dir": str(tmp_path),
            "pinyin_memo_chars": 0,
            "speech_engine": "espeak",  # as in tests/conftest.py's settings
        },
        environ={},
    )
    engine: PinyinEngine = default_engine()
    with TestClient(create_app(settings, pinyin=engine)) as c:
        for _ in range(2):
            assert c.post("/api/pinyin", json={"segments": ["重要"]}).status_code == 200
        m = c.app.state.bf.pinyin_memo  # type: ignore[attr-defined]
        assert m.max_chars == 0 and len(m) == 0 and m.hits == 0
