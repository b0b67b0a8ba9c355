"""Easy reading: the article of a page without the page's furniture.

``extract(html, url)`` → :class:`Article` (title, date, 来源, paragraphs, text, sanitised
HTML).  Stages, one module each: decode (bytes → text as a browser decides), cleanup
(government-page junk), metadata (title, source), dates (publication date and its
precision), extract (the pipeline), render
(paragraph blocks → HTML), sanitize (allow-list HTML cleaning).
"""

from .article import Article, DatePrecision
from .dates import FoundDate, read_date
from .decode import decode_html, sniff_encoding
from .extract import ReaderOptions, extract

__all__ = [
    "Article",
    "DatePrecision",
    "FoundDate",
    "ReaderOptions",
    "decode_html",
    "extract",
    "read_date",
    "sniff_encoding",
]
