"""Text normalisation (TN) for Mandarin reading: written forms → the words a reader says.

wetext's Chinese grammars do the bulk (cardinals, decimals, dates, times, fractions,
percentages, measures, mobile numbers read digit by digit).  Around it we fix the forms it
reads in a way a Chinese listener would not expect:

* web addresses and e-mail addresses are spelled out (点, 斜杠, 艾特) instead of passed through;
* money with 角/分 (12.50元 → 十二元五角, not 十二点五零元);
* thousands separators (1,000), dashes between numbers (2020—2022年, 3～5天 are ranges),
  a hyphen between a name and a number (COVID-19 is not minus nineteen);
* landline and service numbers (010-12345678, 400-800-1234) read digit by digit, 1 as 幺
  like the mobile numbers wetext reads;
* 百分之一百 → 百分之百, which is how 100% is said;
* clock times (0:00 零点, 2:30 两点三十分, seconds), ranges of every kind read 到 (5~10,
  第1-3项, 5-10%), permille, a sign before a percentage (负百分之二点三);
* mobile and landline numbers written with spaces or brackets, a number after 电话/传真, an
  extension (转8001); long digit strings, room numbers (201室), train numbers (G1234次),
  plates (京A·88888), ICP sub-numbers (号-1 杠一), dotted versions (v1.2.3) digit by digit;
* unit signs and letters (㎡, 10t, 220V, 1000W, 50dB), <, >, ×, 3#楼, circled and Roman
  numerals (①, Ⅱ级), leading zeros in dates (03月05日);
* 两 where an announcer says it (两次, 两项, 两年, 下午两点) and 二 where wetext says 两
  wrongly (第2条 第二条, 2月2日 二月二日).

Each rule is for a kind of written form; benchmarks/speech_normalize.py scores them on forms
they were not written for.

Everything here is deterministic and idempotent on its own output, so normalised text can be
normalised again (the audio URLs carry normalised text and the server re-checks it).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

__all__ = ["normalize", "spell_digits"]

_DIGITS = "零一二三四五六七八九"
_FULLWIDTH: dict[int, int | str] = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({ord("％"): "%", ord("．"): ".", ord("／"): "/", ord("＠"): "@", ord("－"): "-"})
_FULLWIDTH.update({ord("＜"): "<", ord("＞"): ">", ord("＃"): "#", ord("✕"): "×"})
# unit signs of CJK compatibility (㎡ is what many pages type for m²)
_FULLWIDTH.update(
    {
        ord("㎡"): "m²", ord("㎥"): "m³", ord("㎞"): "km", ord("㎏"): "kg", ord("㎎"): "mg",
        ord("㎝"): "cm", ord("㎜"): "mm", ord("㎖"): "ml", ord("㏄"): "cc",
    }
)  # fmt: skip
_SMALL = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
_SMALL += ["十" + d for d in _DIGITS[1:]] + ["二十"]
# ①…⑳, ⑴…⒇, ⒈…⒛ and Roman Ⅰ…Ⅻ / ⅰ…ⅻ are numbers said in Chinese (①身份证, Ⅱ级)
_FULLWIDTH.update({0x2460 + i: _SMALL[i + 1] for i in range(20)})
_FULLWIDTH.update({0x2474 + i: _SMALL[i + 1] for i in range(20)})
_FULLWIDTH.update({0x2488 + i: _SMALL[i + 1] for i in range(20)})
_FULLWIDTH.update({0x2160 + i: _SMALL[i + 1] for i in range(12)})
_FULLWIDTH.update({0x2170 + i: _SMALL[i + 1] for i in range(12)})

_URL = re.compile(
    r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|(?<![A-Za-z0-9.@])[A-Za-z0-9][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)*"
    r"\.(?:cn|com|net|org|gov|edu|int|info|io)(?:\.cn)?(?:/[A-Za-z0-9\-._~/?#=&%]*)?"
    r"(?![A-Za-z0-9])",
    re.ASCII,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", re.ASCII)
_SYMBOLS = {
    ".": "点",
    "/": "斜杠",
    "-": "杠",
    "_": "下划线",
    ":": "冒号",
    "@": "艾特",
    "?": "问号",
    "=": "等于",
    "&": "和",
    "#": "井号",
    "%": "百分号",
    "~": "波浪号",
    "+": "加",
}
_VOWELS = set("aeiouyAEIOUY")

# 138 1234 5678, 138-1234-5678, 13812345678: a mobile number, digit by digit
_MOBILE = re.compile(r"(?<![\d.])1[3-9]\d(?:[-\s]?\d{4}){2}(?![\d.])")
# 0571-87654321, 010-1234-5678, 400-800-1234, (010)12345678, 0571 8765 4321: digit by digit
_LANDLINE = re.compile(
    r"(?<![\d.])(?:[(（]0\d{2,3}[)）]\s*|0\d{2,3}[-\s]|[48]00-?\d{3}-?)\d{3,4}[-\s]?\d{3,4}(?![\d.])"
)
_SERVICE = re.compile(r"(?<![\d.])(?:400|800)-?\d{3}-?\d{4}(?![\d.])")
# 电话：87654321, 电话057187654321 — a number after a phone label is dialled, not counted
# (with or without its area code run in)
_LABELLED_PHONE = re.compile(
    r"((?:电话|传真|热线|手机|座机|Tel|TEL|tel|Fax|FAX)(?:号码)?[:：]?\s*)(\d{5,12})(?![\d.])"
)
# …转8001, …分机8001: an extension after a number already read out
_EXTENSION = re.compile(r"(?<=[零幺二三四五六七八九])\s*(转|分机)\s*(\d{1,6})(?![\d.])")
_MONEY = re.compile(
    r"(?:[¥￥]\s*(?P<a>\d+(?:\.\d{1,2})?)(?:\s*元)?)|(?:(?P<b>\d+(?:\.\d{1,2})?)\s*元(?![旦宵素]))"
)
_THOUSANDS = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])")
# ranges: 3～5天, 2020—2022年, 9:00-17:00, 第1-3项 read 到; a date written with hyphens
# (2024-03-05, 2024-03) is kept whole for wetext's date grammar
_RANGE_DASH = re.compile(
    r"(?P<date>(?<!\d)(?:19|20)\d\d-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?(?![\d:]))"
    r"|(?<=\d)\s*(?:[—–]{1,2}|[～~〜至-])\s*(?=[\d-])"
)
_PERCENT_RANGE = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)%?\s*(?:[—–～~〜至到-])\s*(?=\d+(?:\.\d+)?%)"
)
_PERMILLE = re.compile(r"(\d+(?:\.\d+)?)\s*([‰‱])")
_NAME_NUMBER = re.compile(r"(?<=[A-Za-z])-(?=\d)")
# codes are read character by character: 邮编 310000, 编号/代码/证号/账号/单号/索引号,
# ICP备12345678号, A12345; inside a labelled code - is 杠 and / 斜杠 (索引号 0012/2024-00426)
_CODE = re.compile(
    r"((?:邮编|邮政编码|编号|代码|证号|账号|卡号|单号|学号|工号|号码|索\s*引\s*号|ICP备|安备"
    r"|备案号)[:：]?\s*)((?=[A-Za-z0-9/\-]*\d{4})[A-Za-z0-9][A-Za-z0-9/\-]*[A-Za-z0-9])"
    r"|(?<=[A-Za-z])(\d{4,})"
)
# 浙A12345, 皖A·6B789: a plate number, its digits one by one
_PLATE = re.compile(
    r"(?<=[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-Z])[·•・]?"
    r"([A-Z0-9]{5,6})(?![A-Za-z0-9])"
)
# B2层, A2区: after a letter a lone 2 is a label, 二 (wetext says B两层)
_LETTER_TWO = re.compile(r"(?<=[A-Za-z])2(?![\d.A-Za-z])")
# nine or more digits in a row are a code (order, ID, licence), not a count
_LONG_DIGITS = re.compile(r"(?<![\d.,])\d{9,}(?![\d.,]|\s*[元万亿])")
# 京A·88888: the dot inside a plate number is not read
_PLATE_DOT = re.compile(r"(?<=[A-Z])[·•・](?=[A-Z0-9])")
# 3·15, 9·18: a day named by its date, digit by digit
_NAMED_DATE = re.compile(r"(?<![\d.])(\d{1,2})[·•・](\d{1,2})(?![\d.])")
# G1234次, K128次: train numbers, digit by digit
_TRAIN = re.compile(r"(?<=[GDCZTKYL])(\d{1,4})(?=\s*次)")
# 201室, 1202房间: room numbers, digit by digit
_ROOM = re.compile(r"(?<![\d.])(\d{3,4})(?=\s*(?:室|房间|号房))")
# v1.2.3, 192.168.1.1: numbers with two or more dots (not a date 2024.3.5) read part by part
_DOTTED = re.compile(r"(?<![\d.])(?!(?:19|20)\d\d\.)\d{1,3}(?:\.\d+){2,}(?![\d.])")
# 03月05日: a leading zero in a month or day is not said
_LEADING_ZERO = re.compile(r"(?<![\d.])0(?=\d\s*[月日号])")
# 2025 年 6 月 18 日: spaces some pages put around the numbers of a date or time
_DATE_SPACE = re.compile(
    r"(?<=\d)[ \t\u3000]+(?=[年月日号时分秒])"
    r"|(?<=年)[ \t\u3000]+(?=\d{1,2}\s*月)|(?<=月)[ \t\u3000]+(?=\d{1,2}\s*[日号])"
)
# 2单元: a unit of a building is numbered, 二 (wetext says 两单元)
_UNIT_TWO = re.compile(r"(?<![\d.])2(?=\s*单元)")
# 2月2日: the day 2 is 二 (wetext says 两日, as in 两日内)
_DAY_TWO = re.compile(r"(?<=月)2(?=\s*[日号])")
# 2023～2024学年, 2024年度, 2024届: a year before these is read digit by digit, as before 年
_YEAR_BEFORE = re.compile(
    r"(?<![\d.])((?:19|20)\d\d)(?=\s*(?:[到至]\s*(?:19|20)\d\d\s*)?(?:学年|年度|财年|届))"
)
# 国办发〔2023〕5号, 熙宁三年（1070）: four digits alone in brackets are a year (an area code
# (0571) starts with 0 and is read as a phone number before this)
_DOC_YEAR = re.compile(r"(?<=[〔\[【(（])([1-9]\d{3})(?=[〕\]】)）])")
# GB/T 37668-2019: standard numbers, digit by digit with 杠 before the year
_STANDARD = re.compile(
    r"\b((?:GB|DB|HJ|JGJ|YY|ISO|IEC)(?:/[TZ])?)\s*(\d+(?:\.\d+)?)\s*[-—–]\s*(\d{4})"
)
# 3月1日—3月31日: a dash after a date reads 至 (号 only after a month: 号-1 is a sub-number)
_DATE_DASH = re.compile(r"(?:(?<=日)|(?<=月\d号)|(?<=月\d\d号))\s*[—–~～-]+\s*(?=\d)")
_SUB_NUMBER = re.compile(r"(?<=号)-(?=\d)")
# 50元/人次, 3000元/月: a rate after money reads 每
_PER_AFTER_MONEY = re.compile(r"(?<=元)\s*/\s*(?=[\u4e00-\u9fff])")
# 9:00, 14:30:20, 0:00 — a clock time (two-digit minutes; 3:2 and 1:1000 stay ratios)
_CLOCK = re.compile(r"(?<![\d:.])([01]?\d|2[0-4])[:：]([0-5]\d)(?:[:：]([0-5]\d))?(?![\d:])")
# symbols said as words before a number: <5, >60, 3#楼
_LESS = re.compile(r"<\s*(?=[-\d])")
_MORE = re.compile(r">\s*(?=[-\d])")
_HASH_NUMBER = re.compile(r"(?<=\d)\s*#")
# unit letters wetext leaves as letters: 10t, 220V, 1000W, 3kW, 50dB, 5MPa
_UNITS = {
    "kWh": "千瓦时", "kW": "千瓦", "kV": "千伏", "MPa": "兆帕", "kPa": "千帕", "Hz": "赫兹",
    "dB": "分贝", "t": "吨", "V": "伏", "W": "瓦",
}  # fmt: skip
_UNIT_LETTERS = re.compile(r"(?<=\d)\s?(kWh|kW|kV|MPa|kPa|Hz|dB|t|V|W)(?![A-Za-z0-9])")
# 2 before these measure words is 两 (两次, 两项, 两年, 下午两点); wetext says 二
_TWO = re.compile(
    r"(?<![\d.第、，,])2(?=(?:\s*[到至]\s*\d+)?\s*(?:次|项|倍|种|批|台|所|份|遍|成|点(?!\d)"
    r"|年(?![级度代底初末中])))"
)
_HUNDRED_PERCENT = re.compile(r"百分之一百(?![零一二三四五六七八九十百千万点])")

_normalizer_lock = threading.Lock()


@lru_cache(maxsize=1)
def _wetext():  # type: ignore[no-untyped-def]
    from wetext import Normalizer

    return Normalizer(lang="zh", operator="tn")


def spell_digits(digits: str, one: str = "一") -> str:
    """Read a string of digits one by one (一 for 1, as in codes and addresses; phone numbers
    pass ``one="幺"``)."""
    # isdecimal, not isdigit: superscripts (¹) are digits that int() refuses
    return "".join((one if d == "1" else _DIGITS[int(d)]) if d.isdecimal() else d for d in digits)


def _spell_address(address: str) -> str:
    """Spell a URL or e-mail address the way it is read out in Chinese."""
    address = re.sub(r"^(?:https?|ftp)://", "", address)
    address = address.rstrip(".,;:!?)]'")
    out: list[str] = []
    for token in re.findall(r"[A-Za-z]+|\d+|.", address):
        if token.isdigit():
            out.append(spell_digits(token))
        elif token.isascii() and token.isalpha():
            # a pronounceable word is read as a word; "www", "cn", "gd" are spelled out
            word = token.lower()
            if len(word) <= 3 and (not _VOWELS.intersection(word) or word in {"cn", "gov", "org"}):
                if word in {"gov", "org"}:
                    out.append(f" {word} ")
                else:
                    out.append(" " + " ".join(word.upper()) + " ")
            else:
                out.append(f" {word} ")
        else:
            out.append(_SYMBOLS.get(token, ""))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _money(match: re.Match[str]) -> str:
    amount = match.group("a") or match.group("b")
    whole, _, frac = amount.partition(".")
    frac = (frac + "00")[:2]
    jiao, fen = int(frac[0]), int(frac[1])
    # the integer part keeps its digits so wetext reads it as a cardinal (十二, not 幺二)
    spoken = f"{int(whole)}元" if int(whole) or not (jiao or fen) else ""
    if jiao:
        spoken += f"{_DIGITS[jiao]}角"
    if fen:
        spoken += ("零" if spoken and not jiao else "") + f"{_DIGITS[fen]}分"
    return spoken


def _cardinal(number: int) -> str:
    """0–99 as said (二十四, 十五)."""
    if number <= 20:
        return _SMALL[number]
    tens, ones = divmod(number, 10)
    return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")


def _clock(match: re.Match[str]) -> str:
    hour, minute, second = int(match[1]), int(match[2]), match[3]
    spoken = ("两" if hour == 2 else _cardinal(hour)) + "点"
    if minute or (second and int(second)):
        spoken += ("零" if 0 < minute < 10 else "") + _cardinal(minute) + "分"
    if second and int(second):
        spoken += ("零" if int(second) < 10 else "") + _cardinal(int(second)) + "秒"
    return spoken


def _code(match: re.Match[str]) -> str:
    if match[3]:
        return spell_digits(match[3])
    return match[1] + spell_digits(match[2]).replace("-", "杠").replace("/", "斜杠")


def _range_dash(match: re.Match[str]) -> str:
    return match["date"] or "到"


def _pre(text: str) -> str:
    text = text.translate(_FULLWIDTH)
    text = _EMAIL.sub(lambda m: _spell_address(m.group()), text)
    text = _URL.sub(lambda m: _spell_address(m.group()), text)
    text = _STANDARD.sub(
        lambda m: (
            f"{m.group(1)} {spell_digits(m.group(2)).replace('.', '点')}杠{spell_digits(m.group(3))}"
        ),
        text,
    )
    text = _PLATE_DOT.sub("", text)
    text = _DATE_SPACE.sub("", text)
    text = _NAMED_DATE.sub(lambda m: spell_digits(m[1]) + spell_digits(m[2]), text)
    # 1 in a phone number is 幺 (yāo), as wetext reads mobile numbers and 110, 12345: said
    # apart from 七 on a bad line
    text = _MOBILE.sub(lambda m: spell_digits(re.sub(r"\D", "", m.group()), "幺"), text)
    text = _LANDLINE.sub(lambda m: spell_digits(re.sub(r"\D", "", m.group()), "幺"), text)
    text = _SERVICE.sub(lambda m: spell_digits(m.group().replace("-", ""), "幺"), text)
    text = _LABELLED_PHONE.sub(lambda m: m[1] + spell_digits(m[2], "幺"), text)
    text = _EXTENSION.sub(lambda m: m[1] + spell_digits(m[2], "幺"), text)
    text = _PLATE.sub(lambda m: m[1] + spell_digits(m[2]), text)
    text = _CODE.sub(_code, text)
    text = _LONG_DIGITS.sub(lambda m: spell_digits(m.group()), text)
    text = _DOC_YEAR.sub(lambda m: spell_digits(m.group(1)), text)
    text = _TRAIN.sub(lambda m: spell_digits(m.group()), text)
    text = _ROOM.sub(lambda m: spell_digits(m.group()), text)
    text = _DOTTED.sub(lambda m: "点".join(spell_digits(p) for p in m.group().split(".")), text)
    text = _LEADING_ZERO.sub("", text)
    text = _DAY_TWO.sub("二", text)
    text = _UNIT_TWO.sub("二", text)
    text = _DATE_DASH.sub("至", text)
    text = _SUB_NUMBER.sub("杠", text)
    text = _THOUSANDS.sub(lambda m: m.group().replace(",", ""), text)
    text = _PER_AFTER_MONEY.sub("每", text)
    text = _MONEY.sub(_money, text)
    text = _PERMILLE.sub(lambda m: ("千分之" if m[2] == "‰" else "万分之") + m[1], text)
    text = _PERCENT_RANGE.sub(lambda m: m[1] + "%到", text)
    text = _NAME_NUMBER.sub(" ", text)
    text = _RANGE_DASH.sub(_range_dash, text)
    text = _YEAR_BEFORE.sub(lambda m: spell_digits(m.group(1)), text)
    text = _CLOCK.sub(_clock, text)
    text = _LESS.sub("小于", text)
    text = _MORE.sub("大于", text)
    text = _HASH_NUMBER.sub("号", text)
    text = text.replace("×", "乘")
    text = _UNIT_LETTERS.sub(lambda m: _UNITS[m[1]], text)
    text = _LETTER_TWO.sub("二", text)
    return _TWO.sub("两", text)


def _post(text: str) -> str:
    text = _HUNDRED_PERCENT.sub("百分之百", text)
    # wetext's 两 where an ordinal or a day is meant (第2条 → 第两条), and a sign it puts
    # inside 百分之 (-2.3% → 百分之负二点三)
    text = text.replace("第两", "第二").replace("百分之负", "负百分之")
    # anything wetext left as digits is read digit by digit rather than skipped
    return re.sub(r"\d+", lambda m: spell_digits(m.group()), text)


def normalize(text: str, lang: str = "zh") -> str:
    """Normalise ``text`` for Mandarin reading aloud (``lang="en"``: returned as it is, the
    English voice's own rules read numbers and symbols the English way).

    >>> normalize("2022年9月30日，气温3.5℃")
    '二零二二年九月三十日，气温三点五摄氏度'
    """
    if lang == "en":
        return text
    text = _pre(text)
    if re.search(r"[0-9%℃°¥$€£/:]", text):
        # wetext's FST composition is not documented as thread-safe; it is fast, so serialise
        with _normalizer_lock:
            text = _wetext().normalize(text)
    return _post(text)
