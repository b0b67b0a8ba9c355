"""Context rules for everyday polyphones, written from Mandarin grammar, not fitted to data.

Each rule looks at the few characters around one polyphone and either states its reading
or abstains (None).  They cover patterns the neural model, trained on encyclopedia
sentences, gets wrong in plain everyday prose:

- 的 outside a dictionary word is the particle de (dí and dì only in 的确, 目的 …);
- 为 before the people served is wèi (为人民服务, 为群众办事);
- after a degree adverb (很 太 非常 …) a character is an adjective: 很重 zhòng, 太长 cháng;
- 长得 (grow to be) is zhǎng;
- a verb reduplicated (数一数, 量了量) or followed by 一下 takes its verb reading: 量一下 liáng;
- after 请 the same: 请数 shǔ, 请还 huán; 教 before the people taught is jiāo (教我们, 教老人);
- 得 between a pronoun and what must be done is děi (你得早点走);
- 种 after a numeral or demonstrative is the measure word zhǒng (这种, 三种, 各种);
- 得 between a verb and a degree complement is the particle de (跑得很快, 说得好);
- 地 after a modifier word, where no dictionary word claims it, is the particle de (高兴地笑),
  but dì after a preposition (在地里, 从地上);
- 种 before a crop or plant is the verb zhòng (种玉米, 种了两棵树), unless it follows a
  numeral or demonstrative (这种树 zhǒng, the measure-word rule comes first);
- 结 with an aspect or result marker and then fruit or seed is jiē, to bear (树上结了很多
  果子, 结满了桃子; 现代汉语词典 结 jiē ①), while 结了婚 stays jié;
- the aspect particle 过 after a one-character verb is neutral guo (去过, 吃过), except in
  directional complements (走过去);
- 为 wèi before those an action is done for: 为 … 服务/办理/提供/发放 (将为困难群众发放补贴,
  为老人提供服务), unless 所 makes it the passive 为…所 (wéi); 为 wéi (to be) before a
  quantity (标准为每月100元) and after the verbs that take it as "as, into" (评为, 选为, 定为);
- 将 jiāng (about to; or 把) before a verb, adverb, preposition or pronoun (将于, 将为, 将进一步,
  将这份材料); jiàng (a general) is left to the dictionary and the model;
- 场 cháng, the measure for a spell of weather, an illness or an event (一场大雨, 一场大病),
  chǎng for shows and matches (一场比赛) — decided by the noun the measure word counts;
- 背 bēi, to carry on the back, before what is carried (背着书包, 背起行李);
- 调 tiáo, to adjust, before a degree or a setting (调高, 调得太低, 调到26度); diào (to
  transfer) stays with the dictionary and the model;
- 得 de before a result complement (看得见, 听得懂, 买得起); 得 děi also after 还/就/都/也/必须;
- 看 kān (to look after) before a child or a stall (在家看孩子), kàn after 回/来/去/探 (visiting);
- the modal particles 吧 哦 哩 ending a clause are neutral (走吧。 不会吧。), 吧 bā only in the
  bar nouns (酒吧, 书吧);
- 弄 nòng before a result complement (弄清楚, 弄干, 弄坏, 弄不好); lòng (a lane) is a noun;
- 涌 chōng, a river branch in place names of Guangdong (现代汉语词典 涌 chōng: 麻涌, 葵涌), where
  a name ends: before a pause or 河/村/镇; yǒng (to gush) stays with the dictionary and the model;
- 晕 yùn, a halo (日晕, 光晕, 暗物质晕), after 的/光/日/月/冰 or before a locative (晕中, 晕里);
- 假 jià, a leave, after 请/休/病/事/婚/产/年/寒/暑/放/度/销/续 (请了三天病假);
- 将 jiàng, a general, as a noun ending its phrase (参将。 魏将，) or after 参/副/偏/裨;
- 尽 jǐn only in its few frames (尽早, 尽快, 尽量, 尽可能, 尽着, 尽里头); elsewhere, where no
  dictionary word claims it, jìn (吃尽, 尽得其传, 尽交);
- 撒 sǎ, to scatter, before where or how the thing lands (撒上, 撒在, 撒满); 铺 pū, to spread,
  before the same (铺上, 铺在, 铺满, 铺设); 刨 páo, to dig, before what is dug (刨坑, 刨出);
- 粘 zhān, to stick, before where (粘在, 粘上); 哄 hǒng, to coax, before whom (哄孩子); 蒙 mēng
  as a result complement (搞蒙了); 脏 zàng only in the organ words (心脏, 内脏), else zāng;
- 应 yīng, the modal "should", before an adverb or preposition that opens what must be done
  (应立即报告, 应及时就医, 应于三日内, 应按规定); yìng (to answer, to respond) lives in words
  (答应, 应对, 供应) and is left to them and the model;
- 种 zhòng as the second verb of a planting or inoculating compound (接种, 栽种, 补种, 引种), and
  before grain (种粮), as before other crops;
- 弹 tán, to play, before an instrument or 奏/唱 (弹钢琴, 弹奏); dàn (a shell) lives in words;
- 干 gān, dry, before another weather adjective (干热风, 干冷, 干裂);
- 还 hái, the adverb (still, also), before an auxiliary, an adverb or a preposition (还要, 还可以,
  还帮助, 还没有), but not 还不上/还不起 (cannot repay); huán (to give back) lives in words
  (还款, 归还) and before 给/清/钱 …;
- 背 bēi, to carry, before a direction of the carrying (背回家, 背进屋, 背走); 背下来 (learn by
  heart) is bèi;
- 好 hǎo before a pause or 了 (叠好，, 准备好了): hào (to be fond of) is a verb and needs its
  object, so it cannot end a clause; its words (爱好, 所好) are the dictionary's.
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
    "较", "比较", "相当", "有点", "有些", "越来越", "格外", "尤其",
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
    "按时",
    "及时",
    "提前",
    "自己",
    "带",
    "交",
    "排队",
    "重新",
    "再",
)
# 教 jiāo (teach) before the people taught
_TAUGHT = _PRONOUNS + ("老人", "学生", "孩子", "小朋友", "居民", "群众", "别人", "人")
# verbs after which 过 is the aspect particle (去过, 吃过); verbs of motion are left out, 过 is
# then often the directional complement guò (穿过马路, 走过广场)
_ONE_CHAR_VERBS = frozenset("去来吃喝看见听做说用试学到住玩读写想问买坐唱打拿")

# what is planted (种 zhòng) and what a plant bears (结 jiē)
_CROPS = (
    "玉米", "小麦", "麦子", "水稻", "稻子", "庄稼", "粮食", "蔬菜", "棉花", "花生", "土豆",
    "果树", "树苗", "白菜", "豆子", "西瓜", "葡萄", "茶叶", "树", "花", "草", "菜", "瓜", "豆",
    "粮",
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


_PUNCT = frozenset('，。、；：？！,.;:?!（）()“”"《》 \n')


def _clause(text: str, i: int, reach: int = 14) -> str:
    """The text after ``text[i]`` up to the next punctuation, at most ``reach`` characters."""
    out = []
    for ch in text[i + 1 : i + 1 + reach]:
        if ch in _PUNCT:
            break
        out.append(ch)
    return "".join(out)


# what one does for someone (为 wèi … 服务)
_SERVE = (
    "服务", "办事", "办理", "提供", "发放", "解决", "办实事", "减负", "排忧", "解难", "谋", "造福",
    "着想", "操心", "负责", "开通", "送", "颁发", "免费", "举办", "开设", "搭建", "创造", "补贴",
    "支付", "承担", "筹集", "捐", "祝福", "庆祝", "骄傲", "自豪", "担心", "争光", "出力", "加油",
    "点赞", "做", "办", "安排", "提醒", "讲解", "开展", "建立", "配备", "购买", "买", "缴纳",
    "理发", "体检", "义诊", "维修", "修理", "送餐", "代办", "培训", "讲课", "检查", "上门",
    "修缮", "修建", "打扫", "清扫", "清理", "捐款", "募捐",
)  # fmt: skip
# verbs after which 为 is "as, into" (wéi): 选为, 评为, 改为; 以…为 too
# verbs that open a purpose clause (为确保…, 为进一步做好…), and where a clause may open
_PURPOSE = (
    "了解", "确保", "保障", "解决", "做好", "进一步", "加强", "方便", "满足", "推进", "促进",
    "落实", "切实", "提高", "保证", "防止", "避免", "减少", "规范", "贯彻", "适应", "应对",
    "实现", "维护", "营造", "鼓励", "支持", "帮助", "让", "使", "给", "不断", "更好", "全面",
    "有效", "深入", "积极", "完善", "加快", "强化", "提升", "保护", "预防", "缓解", "丰富",
    "减轻", "降低", "改善", "优化", "便于", "推动", "增强", "扩大", "引导", "杜绝", "防范",
    "遏制", "巩固", "打造", "弘扬", "倡导", "深化", "健全", "稳定", "控制", "迎接", "纪念",
    "配合", "响应", "节约", "争取", "确定", "切断", "消除", "普及", "宣传", "提醒",
)  # fmt: skip
_CLAUSE_END = frozenset("，。；！？,;!?\n")
_WEI2_BEFORE = frozenset("成作认以称改评选视列分变转升定任命誉奉立尊推身乃即均皆实")
_QUANTITY = frozenset("0123456789０１２３４５６７８９一二两三四五六七八九十百千万几每约共")
# what can follow the adverb / preposition 将 (jiāng)
_JIANG_NEXT = (
    "于", "在", "会", "要", "是", "有", "对", "从", "为", "被", "由", "向", "按", "通过", "进一步",
    "继续", "全面", "不", "可能", "陆续", "分别", "依法", "统一", "予以", "逐步", "加快", "加大",
    "大力", "持续", "重点", "开展", "实行", "实施", "推出", "举办", "启动", "迎来", "成为", "达到",
    "超过", "得到", "受到", "面临", "进行", "组织", "采取", "根据", "以", "其", "这", "那", "该",
    "此", "所有", "全部", "严格", "给予", "与", "和", "同", "近", "正式", "另行", "及时", "择优",
    "免费", "优先", "直接", "自动", "按照", "参照", "结合", "围绕", "集中", "逐一", "一律",
)  # fmt: skip
# 场 cháng counts spells of weather, illnesses and events; chǎng shows, matches, sessions
_CHANG2_NOUNS = (
    "雨", "雪", "病", "风", "灾", "战", "仗", "梦", "火", "官司", "虚惊", "误会", "风波", "劫",
    "浩劫", "瘟疫", "冰雹", "霜", "洪水", "旱", "寒潮", "沙尘", "空", "辛苦", "悲剧", "革命",
)  # fmt: skip
_CHANG3_NOUNS = (
    "比赛", "赛", "球", "演出", "电影", "戏", "会", "考试", "活动", "讲座", "晚会", "音乐会",
    "招聘", "展", "直播", "发布", "表演", "演唱", "培训", "宣讲", "座谈", "听证", "竞赛", "对决",
)  # fmt: skip
_CARRIED = (
    "书包", "包", "孩子", "娃", "小孩", "行李", "背篓", "筐", "篓", "袋", "柴", "水", "伤员",
    "枪", "箱", "背包", "口袋", "麻袋", "粮食", "货", "鼓", "锄头", "被子", "被褥",
)  # fmt: skip


def _carries(text: str, i: int) -> bool:
    """背 bēi: 背起 (to shoulder), 背不动, or 背 (着/上/了/在) before what is carried; not
    背着家长 (behind someone's back) nor 背上长了疮 (on the back)."""
    after = text[i + 1 : i + 4]
    if after.startswith(("起", "不动", "得动")):
        return True
    if after[:1] in "着上了在":
        after = text[i + 2 : i + 5]
    return after.startswith(_CARRIED)


_TIAO2_NEXT = ("高", "低", "大", "小", "亮", "暗", "快", "慢", "准", "好", "匀", "得", "温", "至最",
               "到最", "成静音", "到静音")  # fmt: skip
# 调 diào before a quantity of people or goods moved (调大批警力, 调大量物资)
_MOVED = ("大批", "大量", "大队", "一批", "部分")
_RESULT = frozenset("见懂清完起住动开")
_MUST_AFTER = ("还", "就", "都", "也", "总", "必须", "只")
_VISIT = frozenset("回来去探望")
_MINDED = ("孩子", "小孩", "娃", "摊", "仓库")


def _wei_for(text: str, i: int) -> str | None:
    """为 wèi (for someone) / wéi (to be, as) from the frame it stands in."""
    prev = text[i - 1] if i > 0 else ""
    if prev in _WEI2_BEFORE:
        return "wéi"
    clause = _clause(text, i)
    if (not prev or prev in _CLAUSE_END) and clause.startswith(_PURPOSE) and "所" not in clause:
        return "wèi"  # 为解决…, 为确保…: a clause opening on its purpose
    if clause.startswith(_SERVE) or clause.startswith(_PURPOSE):
        return None  # 职责为提供服务: "is" before a verb phrase, no one served in between
    for k in range(len(clause)):
        if clause[k] == "所":
            return None  # 为…所: the passive, wéi, but let the dictionary/model say
        if k >= 1 and clause.startswith(_SERVE, k):
            return "wèi"
    if _quantity_starts(clause):
        return "wéi"
    return None


_UNITS = frozenset("年月日天周时分秒元角个次人名户家项条件块米吨亩岁倍%％")


def _quantity_starts(clause: str) -> bool:
    """A number and its unit (3年, 100元, 每月, 三个月), not a noun that opens on a numeral
    (五保户, 三农)."""
    k = 0
    if clause[:1] in "每约共":
        return clause[1:2] in _UNITS or clause[1:2] in _QUANTITY
    while k < len(clause) and clause[k] in _QUANTITY:
        k += 1
    return 0 < k < len(clause) and (clause[k] in _UNITS or clause[k] in ".．")


def _chang_for(text: str, i: int) -> str | None:
    """场 as a measure word: what it counts decides cháng or chǎng."""
    clause = _clause(text, i, 8).partition("是")[0]  # the noun comes before any verb 是
    for k in range(len(clause)):
        if clause.startswith(_CHANG3_NOUNS, k):
            return "chǎng"
        if clause.startswith(_CHANG2_NOUNS, k):
            return "cháng"
    return None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def reading_by_rule(text: str, i: int, dictionary_word: bool) -> str | None:
    """The reading of ``text[i]`` a grammar rule states, or None to let others decide.

    ``dictionary_word``: some dictionary word covers the position (rules that say a
    character is a free particle must then abstain).
    """
    ch = text[i]
    if ch == "的" and not dictionary_word:
        # the structural particle: 的 dí and dì live only in words (的确, 的士, 目的, 有的放矢);
        # the commonest polyphone, settled here without running the model
        return "de"
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
    if ch == "为" and not dictionary_word:
        reading = _wei_for(text, i)
        if reading is not None:
            return reading
    if ch == "将" and not dictionary_word and text.startswith(_JIANG_NEXT, i + 1):
        return "jiāng"
    if ch == "场" and prev in _MEASURE_BEFORE:
        reading = _chang_for(text, i)
        if reading is not None:
            return reading
    if ch == "背" and not dictionary_word and _carries(text, i):
        return "bēi"
    if ch == "调" and not dictionary_word and not text.startswith(_MOVED, i + 1):
        if text.startswith(_TIAO2_NEXT, i + 1):
            return "tiáo"
        if nxt in "到至成" and text[i + 2 : i + 3] in _QUANTITY:
            return "tiáo"  # 调到26度, 调至一档
    if ch == "看" and text.startswith(_MINDED, i + 1):
        return "kàn" if prev in _VISIT or text[max(0, i - 2) : i] in ("回家", "探望") else "kān"
    if ch == "得" and not dictionary_word and _is_han(prev) and nxt in _RESULT:
        return "de"  # 看得见, 听得懂, 买得起: a result complement
    if (
        ch == "得"
        and not dictionary_word
        and text[:i].endswith(_MUST_AFTER)
        and text.startswith(_MUST_NEXT, i + 1)
    ):
        return "děi"
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
        # after a preposition or a verb of placing it is the ground (在地里, 倒在地上)
        return "dì" if prev in _TO_PLACE else "de"
    if ch == "过" and prev in _ONE_CHAR_VERBS and nxt not in ("去", "来") and not dictionary_word:
        return "guo"
    return _more_rules(text, i, ch, prev, nxt, dictionary_word)


_MODAL = {"吧": "ba", "哦": "o", "哩": "li"}
# 吧 bā (a bar) after these nouns: 酒吧, 网吧, 书吧, 贴吧, 水吧, 茶吧, 氧吧, 陶吧, 话吧
_BARS = frozenset("酒网书贴水茶氧陶迪话冰咖吧")
_PAUSE = frozenset("。！？!?，,、；;…”」』）)》")
_NONG_RESULT = frozenset("清明懂干湿脏坏丢错乱伤死破碎断翻醒哭瞎不得到成好")
# 涌 yǒng after these (汹涌, 泉涌, 奔涌, 上涌, 管涌 …), not a place name
_YONG_BEFORE = frozenset("汹泉波浪潮云管奔喷翻暗上涌风血水")
_PLACE_AFTER = ("河", "村", "镇", "口", "尾", "两岸", "站", "圩", "乡")
_HALO_BEFORE = frozenset("的光日月冰")
_HALO_AFTER = frozenset("中里内周轮圈环")
_LEAVE_BEFORE = frozenset("请休病事婚产丧年寒暑放度销续")
_GENERAL_BEFORE = frozenset("参副偏裨")
# 尽 jǐn: 尽早 尽快 尽量 尽可能 尽先 尽着 尽管, and before a place word (尽里头, 尽北边)
_JIN3_NEXT = ("早", "快", "量", "可能", "先", "着", "管", "里头", "前头", "后头", "底下", "上头",
              "东", "西", "南", "北")  # fmt: skip
_LANDS = frozenset("上在下入到满落于遍")
_TO_PLACE = frozenset("在从到向往于落")
_HONG3_WHOM = _PRONOUNS + ("孩子", "小孩", "宝宝", "老人", "人", "顾客")
# 脏 zàng (an organ) only in the organ words: 心脏 肝脏 内脏 五脏 脏器 脏腑
_ORGANS = frozenset("心肝肾脾肺胰内五")
# what follows the modal 应 yīng (should): how, when, where or by what rule it is to be done
_YING1_NEXT = (
    "立即", "立刻", "马上", "及时", "尽快", "尽早", "及早", "按时", "按照", "按", "依法", "依照",
    "主动", "如实", "提前", "事先", "妥善", "严格", "认真", "充分", "积极", "自觉", "定期",
    "酌情", "另行", "首先", "同时", "尽量", "至少", "于", "在", "由", "向", "予以", "根据",
    "遵守", "遵循", "注意", "做好", "加强", "具备", "承担", "保持", "避免", "符合", "携带",
)  # fmt: skip
# 种 zhòng as the second verb of a compound: 接种 (inoculate), 栽种 补种 抢种 改种 试种 引种 …
_PLANTING_BEFORE = frozenset("接栽补抢改试引复套轮")
_PLAYED = ("奏", "唱", "琴", "钢琴", "吉他", "琵琶", "古筝", "三弦", "棉花", "乐器", "曲")
_WEATHER_ADJ = frozenset("热冷湿燥旱裂枯涸")
# the adverb 还 hái before these: auxiliaries, adverbs, prepositions, helping verbs
_HAI2_NEXT = (
    "是", "有", "要", "没", "不", "可以", "可", "能", "会", "应", "需", "得", "在", "将", "把",
    "被", "很", "更", "比", "未", "对", "专门", "特别", "同时", "帮", "为", "向", "与", "和",
    "包括", "存在", "算", "挺", "真", "都", "早", "只", "差", "剩", "处于", "来不及", "继续",
)  # fmt: skip
_CARRIED_TO = frozenset("回进走")
_REPAID = frozenset("上起清")


def _more_rules(
    text: str, i: int, ch: str, prev: str, nxt: str, dictionary_word: bool
) -> str | None:
    """Rules for polyphones whose senses are told apart by a word or two around them."""
    at_pause = nxt == "" or nxt in _PAUSE
    if ch in _MODAL and _is_han(prev) and at_pause:
        if ch == "吧" and prev in _BARS:
            return None
        if ch == "哩" and (prev in _QUANTITY or prev in "英海公"):
            return None  # 三十哩, 英哩: the mile, lǐ
        return _MODAL[ch]
    if ch == "弄" and not dictionary_word and nxt in _NONG_RESULT:
        return "nòng"
    place_end = at_pause or text.startswith(_PLACE_AFTER, i + 1)
    if (
        ch == "涌"
        and not dictionary_word
        and _is_han(prev)
        and prev not in _YONG_BEFORE
        and place_end
    ):
        return "chōng"
    if ch == "晕" and not dictionary_word and (prev in _HALO_BEFORE or nxt in _HALO_AFTER):
        return "yùn"
    if ch == "假" and prev in _LEAVE_BEFORE:
        return "jià"
    general = at_pause or prev in _GENERAL_BEFORE
    if ch == "将" and not dictionary_word and _is_han(prev) and general:
        return "jiàng"
    if ch == "尽" and not dictionary_word:
        return "jǐn" if text.startswith(_JIN3_NEXT, i + 1) else "jìn"
    if ch == "撒" and not dictionary_word and nxt in _LANDS:
        return "sǎ"
    if ch == "铺" and not dictionary_word and (nxt in _LANDS or nxt in "开设平成着"):
        return "pū"
    if ch == "刨" and not dictionary_word and nxt in "坑土地出开根塌挖":
        return "páo"
    if ch == "粘" and not dictionary_word and nxt in "在上住到满":
        return "zhān"  # 粘在…上: to stick on (nián, sticky, before 度/膜/性/合 …)
    if ch == "哄" and text.startswith(_HONG3_WHOM, i + 1):
        return "hǒng"  # 哄孩子, 哄他入睡: to coax
    if ch == "蒙" and prev in "搞打弄吓整" and nxt == "了":
        return "mēng"  # 搞蒙了, 打蒙了: dazed
    if ch == "脏":
        return "zàng" if prev in _ORGANS or nxt in "器腑" else "zāng"
    if ch == "应" and not dictionary_word and text.startswith(_YING1_NEXT, i + 1):
        return "yīng"
    if ch == "种" and not dictionary_word and prev in _PLANTING_BEFORE:
        return "zhòng"
    if ch == "弹" and not dictionary_word and text.startswith(_PLAYED, i + 1):
        return "tán"
    if ch == "干" and not dictionary_word and nxt in _WEATHER_ADJ:
        return "gān"
    if ch == "还" and not dictionary_word and text.startswith(_HAI2_NEXT, i + 1):
        if text[i + 1 : i + 2] == "不" and text[i + 2 : i + 3] in _REPAID:
            return None  # 还不上 (贷款) huán, cannot repay — or 还不上班 hái: left to the model
        return "hái"
    if ch == "背" and not dictionary_word and nxt in _CARRIED_TO:
        return "bēi"
    if ch == "好" and not dictionary_word and _is_han(prev) and (at_pause or nxt == "了"):
        return "hǎo"
    return None
