"""The speech front end reads with the pinyin engine's readings: the syllables sent to the
synthesiser (``barrierfree.speech.syllables.numbered_pinyin``) for sentences whose polyphones
the issue names — 还款 huán, 看护 kān, 将为 jiāng wèi."""

from __future__ import annotations

import pytest

from barrierfree.pinyin import Style, to_pinyin
from barrierfree.speech.syllables import numbered_pinyin


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("逾期未还款的，将收取罚息。", "还款", ["huan2", "kuan3"]),
        ("请按时还款。", "还款", ["huan2", "kuan3"]),
        ("独居老人需要看护的，可以向社区申请。", "看护", ["kan1", "hu4"]),
        ("请家属在病房看护病人。", "看护", ["kan1", "hu4"]),
        ("社区将为辖区老人免费体检。", "将为", ["jiang1", "wei4"]),
        ("政府将为困难群众发放补贴。", "将为", ["jiang1", "wei4"]),
    ],
)
def test_speech_syllables_read_the_polyphones_in_context(
    sentence: str, word: str, expected: list[str]
) -> None:
    syllables = numbered_pinyin(sentence)
    assert len(syllables) == len(sentence)
    start = sentence.index(word)
    assert syllables[start : start + len(word)] == expected, syllables
    # the very readings the pinyin engine gives (拼音 ruby and speech agree)
    assert syllables == to_pinyin(sentence, style=Style.TONE3)


def test_speech_syllables_differ_where_the_context_does() -> None:
    # 还 hái (still) and 还 huán (repay) in one sentence; 看 kàn and 看 kān
    s = "他还没还款，我去看看护工来了没有。"
    syllables = numbered_pinyin(s)
    assert syllables[s.index("还")] == "hai2"
    assert syllables[s.index("还款")] == "huan2"
    assert syllables[s.index("看看")] == "kan4"
