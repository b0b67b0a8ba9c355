"""The result of reading a page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """An article as the easy-reading view and read-aloud use it.

    ``paragraphs`` are plain text in reading order, headings and list items as their own
    items; ``text`` is them joined by blank lines; ``html`` is the sanitised article body
    (headings, paragraphs, lists, tables, images with alt text, links) with one block
    element per paragraph, in the same order.
    """

    title: str | None
    date: dt.date | None
    source: str | None
    paragraphs: list[str] = field(default_factory=list)
    html: str = ""
    url: str | None = None
    lang: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "paragraphs": list(self.paragraphs),
            "text": self.text,
            "html": self.html,
            "url": self.url,
            "lang": self.lang,
        }
