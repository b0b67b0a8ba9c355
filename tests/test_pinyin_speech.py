"""The speech front end reads with the pinyin engine's readings: the syllables sent to the
synthesiser (``barrierfree.speech.syllables.numbered_pinyin``) for sentences whose polyphones
the issue names — 还款 huán, 看护 kān, 将为 jiāng wèi."""

from __future__ import annotations

import pytest

from barrierfree.pinyin import Style, to_pinyin
from barrierfree.speech.syllables import numbered_pinyin, spoken_pinyin


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


@pytest.mark.parametrize(
    ("text", "word", "spoken"),
    [
        # 不 before a fourth tone is bú; between a word said twice it is neutral
        ("请不要在楼道里堆放杂物", "不要", ["bu2", "yao4"]),
        ("乘坐公交车不用买票", "不用", ["bu2", "yong4"]),
        ("材料不齐全的不予受理", "不齐", ["bu4", "qi2"]),
        ("您看是不是这样", "是不是", ["shi4", "bu5", "shi4"]),
        # 一: yí before a fourth tone, yì before the others, neutral between a doubled verb
        ("一律不得拒绝", "一律", ["yi2", "lv4"]),
        ("两张一寸照片", "一寸", ["yi2", "cun4"]),
        ("提前一天预约", "一天", ["yi4", "tian1"]),
        ("和家人一起办理", "一起", ["yi4", "qi3"]),
        ("请把车推到旁边一点儿", "一点", ["yi4", "dian3"]),
        ("我们马上为您查一查", "查一查", ["cha2", "yi5", "cha2"]),
        ("新增一千个学位", "一千", ["yi4", "qian1"]),
        # 一 keeps yī as a digit, an ordinal, at a word's end and before a pause
        ("全长一点五公里", "一点五", ["yi1", "dian3", "wu3"]),
        ("二零二一年十一月", "二一年", ["er4", "yi1", "nian2"]),
        ("十一月", "十一月", ["shi2", "yi1", "yue4"]),
        ("第一批名单", "第一批", ["di4", "yi1", "pi1"]),
        ("展览馆每周一闭馆", "周一闭", ["zhou1", "yi1", "bi4"]),
        ("星期一至星期五", "期一至", ["qi1", "yi1", "zhi4"]),
        ("每周一次", "周一次", ["zhou1", "yi2", "ci4"]),
        ("为期一年", "期一年", ["qi1", "yi4", "nian2"]),
        ("一季度全市新增就业岗位", "一季度", ["yi1", "ji4", "du4"]),
        ("由区财政统一发放", "统一", ["tong3", "yi1"]),
        ("这是原因之一。", "之一", ["zhi1", "yi1"]),
        ("请拨打幺二三一四", "三一四", ["san1", "yi1", "si4"]),
    ],
)
def test_spoken_syllables_say_yi_and_bu_as_they_are_spoken(
    text: str, word: str, spoken: list[str]
) -> None:
    syllables = spoken_pinyin(text)
    start = text.index(word)
    assert syllables[start : start + len(word)] == spoken, syllables
    # only 一 and 不 differ from the written readings
    written = numbered_pinyin(text)
    changed = [text[i] for i, (a, b) in enumerate(zip(syllables, written, strict=True)) if a != b]
    assert set(changed) <= {"一", "不"}


def test_the_voice_is_given_the_spoken_tones_of_yi_and_bu() -> None:
    from barrierfree.speech.phonemes import syllable_ipa, to_phonemes

    phonemes = to_phonemes("请不要在楼道里堆放杂物，提前一天预约。")
    assert syllable_ipa("bu2") + syllable_ipa("yao4") in phonemes  # bú yào
    assert syllable_ipa("yi4") + syllable_ipa("tian1") in phonemes  # yì tiān
    assert syllable_ipa("bu4") + syllable_ipa("yao4") not in phonemes
