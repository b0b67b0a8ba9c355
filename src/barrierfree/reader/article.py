"""The result of reading a page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

DatePrecision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class Article:
    """An article as the easy-reading view and read-aloud use it.

    ``paragraphs`` are plain text in reading order, headings and list items as their own
    items; ``text`` is them joined by blank lines; ``html`` is the sanitised article body
    (headings, paragraphs, lists, tables, images with alt text, links) with one block
    element per paragraph, in the same order.

    ``date`` is the publication date as precisely as the page states it, and
    ``date_precision`` says how precisely: ``"day"``, ``"month"`` (a page that says only
    "2003年5月" or "1996年6月号") or ``"year"``; a less precise date is stored on the first
    of its month or year (2003-05-01), so compare and show it only down to
    ``date_precision`` — ``date_text`` does that ("2003-05").  Both are None when the
    page gives no date.
    """

    title: str | None
    date: dt.date | None
    source: str | None
    paragraphs: list[str] = field(default_factory=list)
    html: str = ""
    url: str | None = None
    lang: str | None = None
    date_precision: DatePrecision | None = None

    @property
    def date_text(self) -> str | None:
        """The date at its precision: "YYYY-MM-DD", "YYYY-MM" or "YYYY"."""
        if self.date is None:
            return None
        return self.date.isoformat()[: {"year": 4, "month": 7}.get(self.date_precision or "", 10)]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            # a full ISO date for every client, and its precision next to it
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision if self.date else None,
            "source": self.source,
            "paragraphs": list(self.paragraphs),
            "text": self.text,
            "html": self.html,
            "url": self.url,
            "lang": self.lang,
        }
