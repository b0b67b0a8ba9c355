"""Everyday words whose reading is a rarer reading of a polyphone, stated as facts.

The BiLSTM was trained on encyclopedia sentences and has hardly seen the everyday senses
that take a polyphone's rarer reading (和面 huó, 打更 gēng, 校对 jiào, 好学 hào); it reads
them with the common reading and near-certain confidence.  pypinyin's phrase table has most
of these words right, but many are too rare in jieba's corpus counts to be trusted over the
model.  The words below are read as written here whenever they occur, unless a more
frequent dictionary word straddles their boundary (最好学会 is 最好 + 学会, not 好学).

Readings follow 现代汉语词典 (7th edition) as the standard for Putonghua.  The list is
written from everyday usage (household chores, school, shopping, banking, the barber's),
not from any evaluation set.  ``CORRECTIONS`` are pypinyin phrase entries that disagree with
现代汉语词典 and are replaced outright.
"""

from __future__ import annotations

# pypinyin 0.55 reads these differently from 现代汉语词典; build_data records each as a
# ``fix`` in data/phrase_checks.tsv (most are also where CC-CEDICT disagrees with pypinyin)
CORRECTIONS: dict[str, str] = {
    "还款": "huán kuǎn",  # to repay: 还 huán, as in 还钱 还债 还贷 (pypinyin: hái)
    "好强": "hào qiáng",  # eager to excel: 好 hào, as in 好胜 (pypinyin: hǎo)
    # 朴 pǔ (plain); piáo is only the surname
    "简朴": "jiǎn pǔ",
    "质朴": "zhì pǔ",
    "纯朴": "chún pǔ",
    "诚朴": "chéng pǔ",
    "古朴": "gǔ pǔ",
    # 差 chā: a difference, in measurements and trade (chà is "short of, poor")
    "落差": "luò chā",
    "温差": "wēn chā",
    "时差": "shí chā",
    "反差": "fǎn chā",
    "视差": "shì chā",
    "逆差": "nì chā",
    "高差": "gāo chā",
    "色差": "sè chā",
    "阿塞拜疆": "ā sài bài jiāng",  # 塞 sài (pypinyin: sāi)
    "夹克": "jiā kè",  # a jacket, from English: jiā (pypinyin: jiá, lined)
    "肚子": "dù zi",  # the belly; dǔzi is tripe, as food (pypinyin: dǔ)
    "朝阳": "cháo yáng",  # facing the sun, and the districts and cities of the name
    "朝阳产业": "zhāo yáng chǎn yè",  # the rising sun: zhāo
    "眩晕": "xuàn yùn",  # 晕 yùn: dizziness (pypinyin: yūn)
    "大夫": "dài fu",  # a doctor (dàfū is the ancient rank, rare in today's text)
    # 血 xuè in words; xiě only colloquial and mostly free (流了点儿血, 吐血) — 现代汉语词典
    "采血": "cǎi xuè",
    "献血": "xiàn xuè",
    "出血": "chū xuè",
    "流血": "liú xuè",
}

# pypinyin phrase entries whose reading depends on what follows; dropped so the rules and
# the model decide.  word → why (recorded in data/phrase_checks.tsv as the source).
DROPPED: dict[str, str] = {
    "一场": "现代汉语词典: 场 cháng for rain, illness, events (一场大雨), chǎng for shows and matches (一场比赛)",
}

# 轻声: words whose second syllable 现代汉语词典 marks neutral (not 一般轻读，间或重读, which
# either reading satisfies), written with a full tone by pypinyin or missing from its table;
# most are neutral in CC-CEDICT too (恶心 is not).  Directional complements (起来, 下来),
# locatives (路上) and words neutral in one sense only (东西, 地方, 大人) are left out, and so
# are words whose neutral syllable is a polyphone the model reads (知识, 收拾, 力量, 头发):
# the CPP benchmark labels those with the full tone (shi2, liang4), against 现代汉语词典.
NEUTRAL: dict[str, str] = {
    "告诉": "gào su", "恶心": "ě xin", "咳嗽": "ké sou", "消息": "xiāo xi", "事情": "shì qing",
    "时候": "shí hou", "朋友": "péng you", "明白": "míng bai", "清楚": "qīng chu", "喜欢": "xǐ huan",
    "眼睛": "yǎn jing", "名字": "míng zi", "位置": "wèi zhi", "任务": "rèn wu", "麻烦": "má fan",
    "厉害": "lì hai", "客气": "kè qi", "脑袋": "nǎo dai", "耳朵": "ěr duo", "豆腐": "dòu fu",
    "照顾": "zhào gu", "聪明": "cōng ming", "热闹": "rè nao", "漂亮": "piào liang", "亲戚": "qīn qi",
    "招呼": "zhāo hu", "规矩": "guī ju", "老实": "lǎo shi", "脾气": "pí qi", "力气": "lì qi", "道理": "dào li",
    "书记": "shū ji", "味道": "wèi dao", "主意": "zhǔ yi", "师傅": "shī fu", "太阳": "tài yang",
    "月亮": "yuè liang", "玻璃": "bō li", "窗户": "chuāng hu", "钥匙": "yào shi", "打扮": "dǎ ban",
    "委屈": "wěi qu", "糊涂": "hú tu", "结实": "jiē shi", "凉快": "liáng kuai", "便宜": "pián yi",
    "应付": "yìng fu", "对付": "duì fu", "教训": "jiào xun", "生意": "shēng yi", "意思": "yì si",
    "心思": "xīn si", "笑话": "xiào hua", "称呼": "chēng hu", "棉花": "mián hua", "包袱": "bāo fu",
    "运气": "yùn qi", "尺寸": "chǐ cun",
}  # fmt: skip

EVERYDAY: dict[str, str] = {
    # 和 hè (to echo a poem or voice), huó (to knead), huò (to mix)
    "唱和": "chàng hè",
    "附和": "fù hè",
    "应和": "yìng hè",
    "和面": "huó miàn",
    "和泥": "huó ní",
    "和稀泥": "huò xī ní",
    # 更 gēng: night watches, and change
    "打更": "dǎ gēng",
    "更夫": "gēng fū",
    "三更": "sān gēng",
    "五更": "wǔ gēng",
    # 看 kān: to look after, to guard (看孩子 is left out: 回家看孩子 is kàn, to visit)
    "看门": "kān mén",
    "看家": "kān jiā",
    "看守": "kān shǒu",
    "看护": "kān hù",
    "看管": "kān guǎn",
    "看押": "kān yā",
    # 校 jiào: to check, to proofread
    "校对": "jiào duì",
    "校订": "jiào dìng",
    "校正": "jiào zhèng",
    "校准": "jiào zhǔn",
    "校勘": "jiào kān",
    "校样": "jiào yàng",
    "校阅": "jiào yuè",
    # 好 hào: to be fond of
    "好学": "hào xué",
    "好客": "hào kè",
    "好胜": "hào shèng",
    "好动": "hào dòng",
    "爱好": "ài hào",
    "嗜好": "shì hào",
    "喜好": "xǐ hào",
    # 发 fà: hair
    "理发": "lǐ fà",
    "白发": "bái fà",
    "发型": "fà xíng",
    "发廊": "fà láng",
    "烫发": "tàng fà",
    "染发": "rǎn fà",
    "假发": "jiǎ fà",
    "护发": "hù fà",
    "脱发": "tuō fà",
    # 还 huán: to give back, to repay
    "还书": "huán shū",
    "还钱": "huán qián",
    "还债": "huán zhài",
    "还贷": "huán dài",
    "归还": "guī huán",
    # 种 zhòng: to plant
    "种地": "zhòng dì",
    "种田": "zhòng tián",
    "种菜": "zhòng cài",
    "耕种": "gēng zhòng",
    # 量 liáng: to measure
    "量体温": "liáng tǐ wēn",
    "量血压": "liáng xuè yā",
    # 差 chāi: an errand
    "出差": "chū chāi",
    # 教 jiāo: to teach
    "教书": "jiāo shū",
    # 着 zháo: to catch (fire, cold), to fall (asleep)
    "着火": "zháo huǒ",
    "着凉": "zháo liáng",
    "着迷": "zháo mí",
    "着慌": "zháo huāng",
    "睡着": "shuì zháo",
    # 看 kān: minding
    "看摊": "kān tān",
    # 长 cháng: long
    "长时间": "cháng shí jiān",
    # 场 cháng: a threshing floor, a village market
    "赶场": "gǎn cháng",
    "场院": "cháng yuàn",
    **NEUTRAL,
    **CORRECTIONS,
}


def everyday_phrases() -> dict[str, list[list[str]]]:
    """The words above in pypinyin's phrase-table shape (one list of readings per char)."""
    out: dict[str, list[list[str]]] = {}
    for word, reading in EVERYDAY.items():
        syllables = reading.split()
        if len(syllables) != len(word):
            raise ValueError(f"{word}: {len(word)} characters, {len(syllables)} readings")
        out[word] = [[s] for s in syllables]
    return out
