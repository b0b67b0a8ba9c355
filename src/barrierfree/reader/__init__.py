"""Easy reading: the article of a page without the page's furniture.

``extract(html, url)`` → :class:`Article` (title, date, 来源, paragraphs, text, sanitised
HTML).  Stages, one module each (bytes → text is :func:`barrierfree.charset.decode_html`,
fetching a URL is :mod:`barrierfree.fetch`): cleanup (government-page junk), metadata
(title, source), dates (publication date and its precision), extract (the pipeline),
render/ (extractor output → blocks: from trafilatura's XML, from an HTML subtree; blocks →
HTML), prune (the paragraph rules: ``END_RULES``, ``DROP_RULES``, ``TRAIL_RULES``),
sanitize (allow-list HTML cleaning).
"""

from .article import Article, DatePrecision
from .dates import FoundDate, read_date
from .extract import ReaderOptions, extract

# the version of the extraction rules: cached articles of another version are not reused
# (bump it whenever a rule changes what ``extract`` returns for some page)
READER_RULES = 29

__all__ = [
    "READER_RULES",
    "Article",
    "DatePrecision",
    "FoundDate",
    "ReaderOptions",
    "extract",
    "read_date",
]
