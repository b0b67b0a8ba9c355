"""The publication date of an article page, and how precisely the page states it.

Pages give their date in several places at once — ``<meta>`` tags (``PubDate``,
``article:published_time`` …), JSON-LD, a visible line under the headline ("发布时间：
2019-09-23 来源：…"), the address (``/2005/03/06/``) — and not always to the day: a
magazine reprint says "——《北京之春》1996年6月号", a report "2003年5月", a Dublin Core
meta may hold only "2018".  A found date therefore carries its precision ("day", "month"
or "year"); its ``value`` is a :class:`datetime.date` on the first of the month or year
when the page is less precise.

Order of trust (``find_date``):

1. a strongly labelled visible line under the headline (发布日期/发布时间/Published …):
   it is what the reader sees, and CMS metas sometimes hold the record's creation or
   generation time instead;
2. publication metas and JSON-LD ``datePublished``;
2a. a strongly labelled date in the 400 characters before the headline (a 信息公开 record
   table set above it: its 发布日期, not the sign-off of a short document under it);
3. a weaker label under the headline (更新时间, 成文日期, a bare "日期：");
4. generic metas (``date``, ``dc.date``), which templates often fill with the build time,
   then a date the page's own script assigns (``var createTime = '…'``, written into the
   page when the script runs: WeChat articles);
5. the first date standing on a short line of its own under the headline (day precision);
6. labelled dates anywhere, then short-line dates anywhere (day precision);
7. the address;
8. (``find_body_date``, once the article is extracted) a date alone on a short paragraph
   of the article itself, at any precision — a month or year alone elsewhere on the page
   is more often an archive list or a calendar than the page's date.

A less precise source that agrees with a more precise one (the line says "2024年5月", the
meta "2024-05-30") yields the more precise date.  Numeric d/m/y vs m/d/y ("7/5/2005") is
only read when it is unambiguous: a part above 12, a US 12-hour clock after it
("7/5/2005 9:23:57 PM", the en-US default of old ASP sites), or the page's declared
language region; otherwise it is skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

Precision = Literal["day", "month", "year"]
_RANK: dict[str, int] = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True)
class FoundDate:
    """A date as precise as the page states it; ``value`` is on the 1st when less precise."""

    value: dt.date
    precision: Precision

    @property
    def text(self) -> str:
        """ "YYYY", "YYYY-MM" or "YYYY-MM-DD": the date at its own precision."""
        iso = self.value.isoformat()
        return iso[: {"year": 4, "month": 7, "day": 10}[self.precision]]

    def agrees(self, other: FoundDate) -> bool:
        """Same date at the coarser of the two precisions."""
        n = min(len(self.text), len(other.text))
        return self.text[:n] == other.text[:n]


def _finer(a: FoundDate, b: FoundDate | None) -> FoundDate:
    """a, or b when b says the same date more precisely."""
    if b is not None and a.agrees(b) and _RANK[b.precision] > _RANK[a.precision]:
        return b
    return a


# ---------------------------------------------------------------- metas

# publication metas, most specific first
_PUBLISHED_META = (
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "pubtime",
    "publication_date",
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "og:release_date",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "firstpublishedtime",
    "article.published",
    "published-date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "releasedate",
    "cpubdate",
)
# metas that name no event: often the template's build time
_GENERIC_META = ("date", "dc.date", "dcterms.date")
# dates the page's scripts assign (metadata.py reads them): shown once a script has run
_SCRIPT_META = (
    "script:publishtime",
    "script:publishdate",
    "script:pubdate",
    "script:pubtime",
    "script:releasedate",
    "script:createtime",
)
_JSON_LD_KEYS = ("datePublished", "dateCreated", "uploadDate")

# ---------------------------------------------------------------- patterns

# "2024-01-05", "2024/1/5", "2024.01.05" (one separator, no spaces around it: "2004 - 01/01"
# is the end of one date and the start of another), "2024年1月5日" (spaces allowed)
_DAY = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(?:\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"
    r"|([-/.])(\d{1,2})\4(\d{1,2})|-(\d{1,2})月(\d{1,2})日?)(?!\d)"
)
# "2003年5月", "1996年6月号" — a month not followed by a day
_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
_CN_DIGITS = "〇○零一二三四五六七八九"
# document sign-off dates written in numerals: "二〇二二年一月二十七日", "二〇〇三年五月"
_CN_DATE = re.compile(
    rf"([{_CN_DIGITS}]{{4}})\s*年\s*([一二三四五六七八九十]{{1,2}})\s*月"
    rf"(?:\s*([一二三四五六七八九十]{{1,3}})\s*日)?"
)
_EN_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_EN_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# "14 March 2024", "March 14, 2024", "Mar. 14th 2024"
_EN_DAY = re.compile(
    rf"\b(?:(\d{{1,2}})\s+{_EN_MONTH},?\s+((?:19|20)\d{{2}})"
    rf"|{_EN_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}}))\b",
    re.I,
)
# "March 2024": capitalised only, so that "may 2024 …" in a sentence is not a date
_EN_MONTH_YEAR = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+((?:19|20)\d{2})\b"
)
# "7/5/2005", "7/5/2005 9:23:57 PM"
_SLASH = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*([AaPp]\.?[Mm]\b\.?)?)?"
)
_ISO = re.compile(r"((?:19|20)\d{2})-?(\d{2})-?(\d{2})")
# a meta or JSON-LD value that is only a year or a year and month
_PARTIAL = re.compile(r"^\s*((?:19|20)\d{2})(?:\s*[-/.年]\s*(\d{1,2})\s*月?)?\s*$")
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_]?(\d{2})[-/_]?(\d{2})(?!\d)")

# labels that say "published"; the page's date follows them
_STRONG_LABEL = re.compile(
    r"(?:发布|发表|公布|公开|发稿|刊发|刊登|上传)(?:日期|时间)\s*[:：]?\s*|发布于\s*|发表于\s*|"
    r"Posted\s+on\s+|Published(?:\s+on)?\s*:?\s*",
    re.I,
)
# labels of other dates a page may show near its headline: a bare 日期/时间 (not 会议时间,
# 截止日期 …), an update, the date the document was signed (成文日期)
_WEAK_LABEL = re.compile(
    r"(?:更新|成文|印发|发文|录入|添加)(?:日期|时间)\s*[:：]?\s*|"
    r"(?<![\u3400-\u9fff])(?:日期|时间)\s*[:：]\s*|"
    r"Updated(?:\s+on)?\s*:?\s*|\bDate\s*:\s*",
    re.I,
)

# language regions whose numeric dates are day first / month first
_DAY_FIRST = (
    "en-gb",
    "en-au",
    "en-nz",
    "en-ie",
    "en-in",
    "en-za",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "ru",
    "pl",
)
_MONTH_FIRST = ("en-us",)


def _make(y: int | str, m: int | str = 1, d: int | str = 1) -> dt.date | None:
    try:
        value = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    # a publication date is not in the future and not before the web
    if value.year < 1990 or value > dt.date.today() + dt.timedelta(days=2):
        return None
    return value


def _found(
    precision: Precision, y: int | str, m: int | str = 1, d: int | str = 1
) -> FoundDate | None:
    value = _make(y, m, d)
    return FoundDate(value, precision) if value else None


def _cn_number(text: str) -> int:
    """一 … 三十一 as an int ("十" alone is 10, "二十七" 27)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


def _cn_year(text: str) -> int:
    return int("".join(str("〇一二三四五六七八九".index("〇" if c in "○零" else c)) for c in text))


def _slash(m: re.Match[str], lang: str) -> FoundDate | None:
    a, b, year, ampm = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
    if a > 12 >= b:
        return _found("day", year, b, a)
    if b > 12 >= a or a == b:
        return _found("day", year, a, b)
    if ampm or lang.startswith(_MONTH_FIRST):
        return _found("day", year, a, b)
    if lang.startswith(_DAY_FIRST):
        return _found("day", year, b, a)
    return None  # 3/4/2005 on a page that does not say which it means


# between the two ends of a range: "12/01/2004 - 01/01/2005", "2024年1月1日至3月31日"
_RANGE_SEP = re.compile(r"\s*(?:-{1,2}|–|—{1,2}|~|～|至|到|\bto\b|\btill\b|\buntil\b)\s*$", re.I)
_RANGE_BEFORE = re.compile(
    r"(?:\d{1,2}/\d{1,2}/\d{2,4}|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|日)\s*"
    r"(?:-{1,2}|–|—{1,2}|~|～|至|到|\bto\b|\btill\b|\buntil\b)\s*$",
    re.I,
)
_RANGE_END = re.compile(
    r"^\s*(?:-{1,2}|–|—{1,2}|~|～|至|到|\bto\b|\btill\b|\buntil\b)\s*"
    r"(?:\d{1,4}\s*[月日/.\-年]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.I,
)


def _candidates(text: str, start: int, end: int, lang: str) -> list[tuple[int, int, FoundDate]]:
    """(start, end, date) of every date written in text[start:end], left to right,
    leaving out both ends of a date range (a sidebar's "12/01/2004 - 01/01/2005" is not
    when the page was published); where two readings overlap ("2003年5月3日" is also
    "2003年5月") the more precise wins."""
    # look a little beyond the window, so that a range cut in half is still seen
    lo, hi = max(0, start - 30), min(len(text), end + 30)
    found = _all_dates(text, lo, hi, lang)
    ranged: set[int] = set()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if _RANGE_SEP.fullmatch(text[a[1] : b[0]]):
            ranged.update((i, i + 1))
    for i, f in enumerate(found):
        # a range whose other end is not a full date ("2024年1月1日至3月31日")
        if i not in ranged and (
            _RANGE_END.match(text[f[1] : f[1] + 16])
            or _RANGE_BEFORE.search(text[max(0, f[0] - 24) : f[0]])
        ):
            ranged.add(i)
    return [f for i, f in enumerate(found) if i not in ranged and start <= f[0] < end]


def _all_dates(text: str, start: int, end: int, lang: str) -> list[tuple[int, int, FoundDate]]:
    found: list[tuple[int, int, FoundDate]] = []

    def add(m: re.Match[str], value: FoundDate | None) -> None:
        if value:
            found.append((m.start(), m.end(), value))

    for m in _DAY.finditer(text, start, end):
        g = m.groups()
        month, day = (g[1], g[2]) if g[1] else (g[4], g[5]) if g[4] else (g[6], g[7])
        add(m, _found("day", g[0], month, day))
    for m in _EN_DAY.finditer(text, start, end):
        day, month, year, month2, day2, year2 = m.groups()
        number = _EN_MONTHS.get((month or month2 or "")[:3].lower(), 0)
        add(m, _found("day", year or year2, number, day or day2))
    for m in _SLASH.finditer(text, start, end):
        add(m, _slash(m, lang))
    for m in _CN_DATE.finditer(text, start, end):
        y, mo, d = _cn_year(m.group(1)), _cn_number(m.group(2)), m.group(3)
        add(m, _found("day", y, mo, _cn_number(d)) if d else _found("month", y, mo))
    for m in _MONTH.finditer(text, start, end):
        add(m, _found("month", *m.groups()))
    for m in _EN_MONTH_YEAR.finditer(text, start, end):
        add(m, _found("month", m.group(2), _EN_MONTHS[m.group(1)[:3].lower()]))
    found.sort(key=lambda f: (f[0], -_RANK[f[2].precision]))
    kept: list[tuple[int, int, FoundDate]] = []
    for f in found:
        if not any(f[0] < k[1] and k[0] < f[1] for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f[0])


def read_date(text: str | None, lang: str = "") -> FoundDate | None:
    """The first date written in text, at the precision it is written."""
    if not text:
        return None
    m = _PARTIAL.match(text)
    if m:
        return _found("month", *m.groups()) if m.group(2) else _found("year", m.group(1))
    found = _candidates(text, 0, len(text), lang)
    if found:
        return found[0][2]
    if _all_dates(text, 0, len(text), lang):
        return None  # only the ends of a range
    m = _ISO.search(text)
    return _found("day", *m.groups()) if m else None


def parse_date(text: str | None, lang: str = "") -> dt.date | None:
    """:func:`read_date` without the precision."""
    found = read_date(text, lang)
    return found.value if found else None


def _labelled(
    text: str, start: int, end: int, label: re.Pattern[str], lang: str
) -> FoundDate | None:
    for m in label.finditer(text, start, end):
        for at, _, value in _candidates(text, m.end(), min(len(text), m.end() + 40), lang):
            if at - m.end() < 12:
                return value
            break
    return None


def _standalone(
    text: str, start: int, end: int, lang: str, precise: bool = False
) -> FoundDate | None:
    """The first unlabelled date standing on a short line of its own ("2004-12-10 阅读
    1054次"); a date inside a sentence is when something happened, not the page's date.
    ``precise``: day precision only."""
    for at, stop, value in _candidates(text, start, end, lang):
        if precise and value.precision != "day":
            continue
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", stop)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start <= 50:
            return value
    return None


def _from_metas(metas: dict[str, str], keys: tuple[str, ...], lang: str) -> FoundDate | None:
    for key in keys:
        value = read_date(metas.get(key), lang)
        if value:
            return value
    return None


def _from_json_ld(items: list[dict[str, object]], lang: str) -> FoundDate | None:
    for item in items:
        for key in _JSON_LD_KEYS:
            raw = item.get(key)
            value = read_date(raw, lang) if isinstance(raw, str) else None
            if value:
                return value
    return None


_BEFORE_TITLE = 400  # characters before the headline where a record's 发布日期 may stand


def find_date(
    text: str,
    metas: dict[str, str],
    json_ld: list[dict[str, object]],
    url: str | None,
    title: str | None,
    lang: str = "",
) -> FoundDate | None:
    """The page's publication date (see the module docstring for the order of trust).

    ``text``: the visible page text, one text node a line (scripts and styles removed,
    furniture still there); ``lang``: the page's declared language, lower-cased.
    """
    published = _from_metas(metas, _PUBLISHED_META, lang) or _from_json_ld(json_ld, lang)
    start = text.find(title[:12]) if title else -1
    near = (start, min(len(text), start + len(title or "") + 400)) if start >= 0 else None
    if near:
        value = _labelled(text, *near, _STRONG_LABEL, lang)
        if value:
            return _finer(value, published)
    if published:
        return published
    if start >= 0:
        # a 信息公开 record table above the headline: its 发布日期 is the page's, not the
        # sign-off date a short document has just under the headline
        value = _labelled(text, max(0, start - _BEFORE_TITLE), start, _STRONG_LABEL, lang)
        if value:
            return value
    if near:
        value = _labelled(text, *near, _WEAK_LABEL, lang)
        if value:
            return value
    generic = _from_metas(metas, _GENERIC_META, lang) or _from_metas(metas, _SCRIPT_META, lang)
    if generic:
        return generic
    if near:
        # day precision only: a month standing alone near the headline is as often a blog's
        # archive list ("2005年9月 (1)") or calendar ("December 2006") as the page's date
        value = _standalone(text, *near, lang, precise=True)
        if value:
            return value
    value = (
        _labelled(text, 0, len(text), _STRONG_LABEL, lang)
        or _labelled(text, 0, len(text), _WEAK_LABEL, lang)
        or _standalone(text, 0, min(len(text), 20000), lang, precise=True)
    )
    if value:
        return value
    if url:
        m = _URL_DATE.search(urlsplit(url).path)
        if m:
            return _found("day", *m.groups())
    return None


def find_body_date(paragraphs: list[str], page_text: str = "", lang: str = "") -> FoundDate | None:
    """Last resort, on the extracted article: a date alone on a short paragraph of its
    own — the issue line of a magazine reprint ("——《北京之春》1996年6月号"), the date
    under a report's byline, a sign-off ("二〇二三年十一月二十日") — or on one of the few
    short lines of ``page_text`` right after the article's last paragraph, where
    extractors tend to drop such lines.  Looked for only there so that archive menus and
    calendars around the article ("2023年12月 (5)") are not taken for its date."""
    for paragraph in paragraphs:
        if len(paragraph) <= 50:
            for _, _, value in _candidates(paragraph, 0, len(paragraph), lang):
                return value
    tail = _SPACE.sub("", paragraphs[-1])[-12:] if paragraphs else ""
    at = page_text.find(tail) if len(tail) >= 6 else -1
    if at < 0:
        return None
    lines = page_text[at + len(tail) :].split("\n")[1:4]
    for line in lines:
        line = line.strip()
        if len(line) <= 50:
            for _, _, value in _candidates(line, 0, len(line), lang):
                return value
    return None
