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
* 百分之一百 → 百分之百, which is how 100% is said.

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

# 0571-87654321, 010-1234-5678, 400-800-1234, (010)12345678: digit by digit
_LANDLINE = re.compile(
    r"(?<![\d.])(?:\(0\d{2,3}\)|0\d{2,3}-|[48]00-?\d{3}-?)\d{3,4}-?\d{3,4}(?![\d.])"
)
_SERVICE = re.compile(r"(?<![\d.])(?:400|800)-?\d{3}-?\d{4}(?![\d.])")
_MONEY = re.compile(
    r"(?:[¥￥]\s*(?P<a>\d+(?:\.\d{1,2})?)(?:\s*元)?)|(?:(?P<b>\d+(?:\.\d{1,2})?)\s*元(?![旦宵素]))"
)
_THOUSANDS = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])")
_RANGE_DASH = re.compile(r"(?<=\d)\s*[—–～~〜至]\s*(?=[\d-])|(?<=\d)\s*[—–]{2}\s*(?=\d)")
_NAME_NUMBER = re.compile(r"(?<=[A-Za-z])-(?=\d)")
# codes are read digit by digit: 邮编 310000, 编号/代码/证号/账号, ICP备12345678号, A12345
_CODE = re.compile(
    r"(?:(?<=邮编)|(?<=邮政编码)|(?<=编号)|(?<=代码)|(?<=证号)|(?<=账号)|(?<=卡号)|(?<=ICP备)|(?<=安备)|(?<=备案号))([:：]?\s*)(\d{4,})"
    r"|(?<=[A-Za-z])(\d{4,})"
)
# 国办发〔2023〕5号: the year of a document number
_DOC_YEAR = re.compile(r"(?<=[〔\[【(（])(\d{4})(?=[〕\]】)）])")
# GB/T 37668-2019: standard numbers, digit by digit with 杠 before the year
_STANDARD = re.compile(
    r"\b((?:GB|DB|HJ|JGJ|YY|ISO|IEC)(?:/[TZ])?)\s*(\d+(?:\.\d+)?)\s*[-—–]\s*(\d{4})"
)
# 3月1日—3月31日: a dash after a date reads 至
_DATE_DASH = re.compile(r"(?<=[日号])\s*[—–~～-]+\s*(?=\d)")
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
    text = _CODE.sub(lambda m: (m.group(1) or "") + spell_digits(m.group(2) or m.group(3)), text)
    text = _DOC_YEAR.sub(lambda m: spell_digits(m.group(1)), text)
    text = _DATE_DASH.sub("至", text)
    # 1 in a phone number is 幺 (yāo), as wetext reads mobile numbers and 110, 12345: said
    # apart from 七 on a bad line
    text = _LANDLINE.sub(lambda m: spell_digits(re.sub(r"\D", "", m.group()), "幺"), text)
    text = _SERVICE.sub(lambda m: spell_digits(m.group().replace("-", ""), "幺"), text)
    text = _THOUSANDS.sub(lambda m: m.group().replace(",", ""), text)
    text = _MONEY.sub(_money, text)
    text = _NAME_NUMBER.sub(" ", text)
    text = _RANGE_DASH.sub("-", text)
    return text


def _post(text: str) -> str:
    text = _HUNDRED_PERCENT.sub("百分之百", text)
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
