"""Golden pages: ``tests/pages/<name>/source.html`` (original bytes, any encoding) and
``expected.json`` with the article we must read out of it.

expected.json: ``url`` (page address), ``title``, ``date`` (ISO, on the 1st when the page
gives less), optionally ``date_precision`` ("month" or "year"; "day" when left out),
``source``, ``paragraphs``
(exact, in order), ``forbidden`` (strings that must appear in neither the text nor the
HTML: the page's junk), optionally ``html_contains`` (fragments the sanitised HTML must
have, e.g. a resolved image URL).  Adding a case is adding a folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from barrierfree.reader import extract

PAGES = Path(__file__).parent / "pages"
CASES = sorted(p.name for p in PAGES.iterdir() if (p / "expected.json").is_file())

# Nothing executable may survive sanitising, on any page.
_SAFE_TAGS = {
    "div",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "sub",
    "sup",
    "span",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
}
_SAFE_ATTRS = {
    "href",
    "src",
    "alt",
    "title",
    "rel",
    "colspan",
    "rowspan",
    "scope",
    "start",
    "width",
    "height",
}
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def assert_safe_html(html: str) -> None:
    """Parse the output as a browser would and check every element and attribute."""
    import lxml.html

    assert not re.search(
        r"<\s*/?\s*(script|style|iframe|object|embed|svg|math|form|base|meta)\b", html, re.I
    )
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for el in root.iter():
        assert isinstance(el.tag, str), "comments or processing instructions survived"
        assert el.tag in _SAFE_TAGS, el.tag
        for name, value in el.attrib.items():
            assert name in _SAFE_ATTRS, f"<{el.tag} {name}=…>"
            if name in ("href", "src"):
                squashed = re.sub(r"[\x00-\x20]", "", value).lower()
                assert squashed.startswith(_SAFE_SCHEMES), f"{name}={value!r}"


def load(name: str) -> tuple[bytes, dict[str, object]]:
    folder = PAGES / name
    return (folder / "source.html").read_bytes(), json.loads(
        (folder / "expected.json").read_text("utf-8")
    )


def test_there_are_enough_golden_pages() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_golden_page(name: str) -> None:
    raw, want = load(name)
    article = extract(raw, want.get("url"))  # type: ignore[arg-type]
    assert article.title == want["title"]
    assert (article.date.isoformat() if article.date else None) == want["date"]
    # a page that states only a month or year says so (default: to the day)
    assert article.date_precision == want.get("date_precision", "day" if want["date"] else None)
    assert article.source == want["source"]
    assert article.paragraphs == want["paragraphs"]
    assert article.text == "\n\n".join(want["paragraphs"])  # type: ignore[arg-type]
    for junk in want.get("forbidden", []):  # type: ignore[union-attr]
        assert junk not in article.text, f"{junk!r} leaked into the text"
        assert junk not in article.html, f"{junk!r} leaked into the html"
    for fragment in want.get("html_contains", []):  # type: ignore[union-attr]
        assert fragment in article.html
    assert_safe_html(article.html)


@pytest.mark.parametrize("name", CASES)
def test_golden_page_html_matches_paragraphs(name: str) -> None:
    """One block element per paragraph, same text, same order: read-aloud highlights the
    HTML block while it speaks the paragraph."""
    import lxml.html

    raw, want = load(name)
    article = extract(raw, want.get("url"))  # type: ignore[arg-type]
    if not article.html:
        assert article.paragraphs == []
        return
    root = lxml.html.fragment_fromstring(article.html, create_parent="div")
    blocks = [el for el in root.iter("p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "table")]
    # compared without white space: a table's cells are separated by spaces in its text
    texts = [re.sub(r"\s+", "", el.text_content()) for el in blocks]
    texts = [t for t in texts if t]
    flat = [re.sub(r"\s+", "", p) for p in article.paragraphs]
    assert texts == flat
