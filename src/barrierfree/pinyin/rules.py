"""Context rules for everyday polyphones, written from Mandarin grammar, not fitted to data.

Each rule looks at the few characters around one polyphone and either states its reading
or abstains (None).  They cover patterns the neural model, trained on encyclopedia
sentences, gets wrong in plain everyday prose:

- 为 before the people served is wèi (为人民服务, 为群众办事);
- after a degree adverb (很 太 非常 …) a character is an adjective: 很重 zhòng, 太长 cháng;
- 长得 (grow to be) is zhǎng;
- a verb reduplicated (数一数, 量了量) or followed by 一下 takes its verb reading: 量一下 liáng;
- after 请 the same: 请数 shǔ, 请还 huán; 教 before the people taught is jiāo (教我们, 教老人);
- 得 between a pronoun and what must be done is děi (你得早点走);
- 种 after a numeral or demonstrative is the measure word zhǒng (这种, 三种, 各种);
- 得 between a verb and a degree complement is the particle de (跑得很快, 说得好);
- 地 after a modifier word, where no dictionary word claims it, is the particle de (高兴地笑);
- 种 before a crop or plant is the verb zhòng (种玉米, 种了两棵树), unless it follows a
  numeral or demonstrative (这种树 zhǒng, the measure-word rule comes first);
- 结 with an aspect or result marker and then fruit or seed is jiē, to bear (树上结了很多
  果子, 结满了桃子; 现代汉语词典 结 jiē ①), while 结了婚 stays jié;
- the aspect particle 过 after a one-character verb is neutral guo (去过, 吃过), except in
  directional complements (走过去);
"""

from __future__ import annotations

from collections.abc import Callable

DEGREE_ADVERBS = (
    "非常", "十分", "特别", "比较", "相当", "更加", "越来越", "有点", "有些", "这么", "那么", "多么",
    "很", "太", "更", "最", "越", "挺", "真", "好", "较", "极", "蛮",
)  # fmt: skip

# the verb reading of polyphones that are also nouns/adjectives/measure words
VERB_READINGS = {
    "数": "shǔ", "量": "liáng", "看": "kàn", "种": "zhòng", "教": "jiāo", "处": "chǔ",
    "还": "huán", "调": "tiáo", "称": "chēng", "扇": "shān", "卷": "juǎn", "盛": "chéng",
    "缝": "féng", "钻": "zuān", "冲": "chōng", "转": "zhuàn", "背": "bēi", "磨": "mó",
    "晃": "huàng", "挑": "tiāo", "削": "xiāo", "铺": "pū", "泡": "pào", "抢": "qiǎng",
}  # fmt: skip

# 好 is left out: 很好学 is hào xué
ADJECTIVE_READINGS = {"重": "zhòng", "长": "cháng", "少": "shǎo", "难": "nán", "空": "kōng",
                      "薄": "báo", "干": "gān"}  # fmt: skip

_MEASURE_BEFORE = frozenset("一二两三四五六七八九十百千万几这那哪各每某多本此该另同0123456789")
_COMPLEMENT_AFTER = (
    "很", "非常", "十分", "特别", "太", "真", "更", "越", "好", "极", "多", "挺", "快", "慢",
    "准", "对", "清楚", "早", "晚", "高", "低", "远", "近", "够", "不错",
)  # fmt: skip
# 为 wèi (for the benefit of) before those served; 为人 alone is wéi (conduct oneself)
_BENEFICIARIES = ("人民", "群众", "大家", "百姓", "企业", "社会", "国家", "祖国", "老百姓", "患者")
_PRONOUNS = ("我们", "你们", "他们", "她们", "咱们", "大家", "我", "你", "他", "她", "您")
# 得 děi (must) is followed by what must be done; a short, high-precision list
_MUST_NEXT = (
    "早",
    "先",
    "赶快",
    "赶紧",
    "马上",
    "立刻",
    "好好",
    "小心",
    "注意",
    "抓紧",
    "去",
    "走",
)
# 教 jiāo (teach) before the people taught
_TAUGHT = _PRONOUNS + ("老人", "学生", "孩子", "小朋友", "居民", "群众", "别人", "人")
_ONE_CHAR_VERBS = frozenset("去来吃喝看见听做说用试学到住玩读写想问买坐穿唱听打走跑爬骑开拿")

# what is planted (种 zhòng) and what a plant bears (结 jiē)
_CROPS = (
    "玉米", "小麦", "麦子", "水稻", "稻子", "庄稼", "粮食", "蔬菜", "棉花", "花生", "土豆",
    "果树", "树苗", "白菜", "豆子", "西瓜", "葡萄", "茶叶", "树", "花", "草", "菜", "瓜", "豆",
)  # fmt: skip
_ASPECT = ("了", "过", "着", "上", "下", "满", "出")
_FRUIT = frozenset("果瓜籽桃梨枣杏穗荚")
_FRUIT_REACH = 6  # 结了很多果子: the fruit comes within a few characters


def _crop_follows(text: str, i: int) -> bool:
    if text.startswith(_CROPS, i + 1):
        return True
    if not text.startswith(_ASPECT, i + 1):
        return False
    # 种了两棵树, 种上一片菜: an aspect marker, maybe a quantity, then the crop
    return any(text.startswith(_CROPS, j) for j in range(i + 2, min(i + 6, len(text))))


def _bears_fruit(text: str, i: int) -> bool:
    if not text.startswith(_ASPECT, i + 1):
        return False
    return any(c in _FRUIT for c in text[i + 2 : i + 2 + _FRUIT_REACH])


Rule = Callable[[str, int], "str | None"]


def _after_degree(text: str, i: int) -> bool:
    head = text[max(0, i - 3) : i]
    return any(head.endswith(a) for a in DEGREE_ADVERBS)


def _verb_frame(text: str, i: int) -> bool:
    ch = text[i]
    after = text[i + 1 : i + 3]
    if after in ("一下", "一遍", "一次") or after in ("一" + ch, "了" + ch):
        return True
    if i >= 2 and text[i - 2 : i] in (ch + "一", ch + "了"):  # the second 数 of 数一数, 量了量
        return True
    return i >= 1 and text[i - 1] == "请"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def reading_by_rule(text: str, i: int, dictionary_word: bool) -> str | None:
    """The reading of ``text[i]`` a grammar rule states, or None to let others decide.

    ``dictionary_word``: some dictionary word covers the position (rules that say a
    character is a free particle must then abstain).
    """
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch in ADJECTIVE_READINGS and _after_degree(text, i):
        return ADJECTIVE_READINGS[ch]
    if ch == "长" and nxt == "得":
        return "zhǎng"
    if ch in VERB_READINGS and _verb_frame(text, i):
        return VERB_READINGS[ch]
    if ch == "种" and prev in _MEASURE_BEFORE:
        return "zhǒng"
    if ch == "种" and _crop_follows(text, i):
        return "zhòng"
    if ch == "结" and _bears_fruit(text, i):
        return "jiē"
    if ch == "为" and text.startswith(_BENEFICIARIES, i + 1):
        return "wèi"  # 为人民服务: for someone's benefit
    if ch == "教" and text.startswith(_TAUGHT, i + 1):
        return "jiāo"  # 教 someone: the verb teach
    if (
        ch == "得"
        and not dictionary_word
        and text[:i].endswith(_PRONOUNS)
        and text.startswith(_MUST_NEXT, i + 1)
    ):
        return "děi"
    if (
        ch == "得"
        and not dictionary_word
        and any(text.startswith(c, i + 1) for c in _COMPLEMENT_AFTER)
    ):
        return "de"
    if ch == "地" and not dictionary_word and _is_han(prev) and _is_han(nxt):
        return "de"
    if ch == "过" and prev in _ONE_CHAR_VERBS and nxt not in ("去", "来") and not dictionary_word:
        return "guo"
    return None
