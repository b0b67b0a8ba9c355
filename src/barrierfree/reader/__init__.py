"""Easy reading: the article of a page without the page's furniture.

``extract(html, url)`` → :class:`Article` (title, date, 来源, paragraphs, text, sanitised
HTML).  Stages, one module each: decode (bytes → text as a browser decides), cleanup
(government-page junk), metadata (title, date, source), extract (the pipeline), render
(paragraph blocks → HTML), sanitize (allow-list HTML cleaning).
"""

from .article import Article
from .decode import decode_html, sniff_encoding
from .extract import ReaderOptions, extract

__all__ = ["Article", "ReaderOptions", "decode_html", "extract", "sniff_encoding"]
