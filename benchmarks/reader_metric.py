"""The scoring used by the reader benchmark and the quality gate.

The body metric is the one of the ScrapingHub article-extraction benchmark: the extracted
body and the ground truth are tokenised, turned into multisets of token 4-grams
("shingles"), and per page precision = matched / extracted shingles and recall =
matched / truth shingles.  Precision and recall are averaged over pages and F1 is taken of
the two averages.  Chinese text is tokenised per CJK character (a word segmenter would
make the score depend on the segmenter), other scripts by word.

"Junk" is boilerplate a Chinese page carries around its article: if the extracted text
holds one of the markers below and the ground-truth body does not, the page leaks junk.
A marker list only finds the junk someone has named, so beside it we count junk by its
shape (``nav_lines``): lines of the extraction that the truth does not contain and that
look like navigation — short (≤ 40 characters of Chinese text, ≤ 10 words otherwise) and
not ending like a sentence, as link texts, list labels, widget buttons and related
headlines do.  A page with one such line is a "nav-junk page".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff"
TOKEN_RE = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")

# Markers of government/portal boilerplate (PRODUCT.md's list, as it shows up in text).
JUNK_MARKERS: tuple[str, ...] = (
    "责任编辑",
    "打印本页",
    "关闭窗口",
    "版权所有",
    "网站标识码",
    "主办单位",
    "扫一扫",
    "在手机打开",
    "无障碍语音",
    "【大】",
    "字号：",
    "字体：",
    "分享到",
    "上一篇",
    "下一篇",
    "相关新闻",
    "相关阅读",
    "相关链接",
    "即将离开本网站",
    "checktaskdate",
    "check_username",
    "ICP备",
    "公网安备",
    "登录",
    "网站地图",
    "设为首页",
    "加入收藏",
)


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[str]:
    toks = tokens(text)
    return Counter(" ".join(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks)


def page_scores(extracted: str, truth: str) -> tuple[float, float]:
    """(precision, recall) of one page."""
    got, want = shingles(extracted), shingles(truth)
    tp = sum((got & want).values())
    n_got, n_want = sum(got.values()), sum(want.values())
    if not n_got and not n_want:
        return 1.0, 1.0
    precision = tp / n_got if n_got else 0.0
    recall = tp / n_want if n_want else 0.0
    return precision, recall


def junk_found(extracted: str, truth: str) -> list[str]:
    """Junk markers in the extraction that the true body does not contain."""
    return [m for m in JUNK_MARKERS if m in extracted and m not in truth]


_NON_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"[。！？!?.;；:：…」”\"')）]$")
_HAN = re.compile(r"[\u3400-\u9fff]")


def nav_lines(extracted: str, truth: str) -> list[str]:
    """Lines of the extraction absent from the truth that look like navigation (short,
    no sentence ending): junk found by its shape, whatever its words."""
    want = _NON_WORD.sub("", truth).lower()
    out: list[str] = []
    for line in (extracted or "").split("\n"):
        line = line.strip()
        key = _NON_WORD.sub("", line).lower()
        if not key or key in want:
            continue
        short = len(line) <= 40 if _HAN.search(line) else len(line.split()) <= 10
        if short and not _SENTENCE_END.search(line):
            out.append(line)
    return out


def norm_title(t: str | None) -> str:
    return re.sub(r"\s+", "", t or "")


def date_matches(got: str | None, truth: str) -> bool:
    """A truth date may be partial (``YYYY`` or ``YYYY-MM``): compare at its precision.

    ``got`` is written at its own precision too ("1996-06" when the page gives only the
    month), so a less precise prediction never matches a more precise truth."""
    return bool(got) and str(got).startswith(truth)


@dataclass
class Summary:
    pages: int
    precision: float
    recall: float
    f1: float
    junk_pages: int
    nav_pages: int
    nav_lines: int
    titles_right: int
    titles_total: int
    dates_right: int
    dates_total: int

    @property
    def junk_rate(self) -> float:
        return self.junk_pages / self.pages if self.pages else 0.0

    @property
    def nav_rate(self) -> float:
        return self.nav_pages / self.pages if self.pages else 0.0

    @property
    def title_accuracy(self) -> float:
        return self.titles_right / self.titles_total if self.titles_total else float("nan")

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_total if self.dates_total else float("nan")


def summarise(rows: Iterable[tuple[dict[str, object], dict[str, object]]]) -> Summary:
    """rows: (prediction {text, title, date}, truth {articleBody, title?, date?})."""
    ps: list[float] = []
    rs: list[float] = []
    junk = nav_p = nav_n = t_ok = t_n = d_ok = d_n = 0
    for pred, truth in rows:
        text = str(pred.get("text") or "")
        body = str(truth.get("articleBody") or "")
        p, r = page_scores(text, body)
        ps.append(p)
        rs.append(r)
        if junk_found(text, body):
            junk += 1
        nav = nav_lines(text, body)
        nav_p += bool(nav)
        nav_n += len(nav)
        if truth.get("title"):
            t_n += 1
            t_ok += norm_title(str(pred.get("title") or "")) == norm_title(str(truth["title"]))
        if truth.get("date"):
            d_n += 1
            d_ok += date_matches(pred.get("date") and str(pred["date"]), str(truth["date"]))
    n = len(ps)
    precision = sum(ps) / n if n else 0.0
    recall = sum(rs) / n if n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Summary(n, precision, recall, f1, junk, nav_p, nav_n, t_ok, t_n, d_ok, d_n)
