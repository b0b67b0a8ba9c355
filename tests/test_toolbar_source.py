"""Rules the toolbar's JavaScript keeps, read from its source: each concern has one place.

The toolbar has no build step and no JavaScript test runner; these checks read the modules
as text, the way a reviewer would, and fail on the parallel mechanisms that crept in before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TOOLBAR = Path(__file__).resolve().parent.parent / "src" / "barrierfree" / "static" / "toolbar"
MODULES = sorted(p.relative_to(TOOLBAR).as_posix() for p in TOOLBAR.rglob("*.js"))


def source(module: str) -> str:
    return (TOOLBAR / module).read_text("utf-8")


def test_the_modules_are_found() -> None:
    assert {"assist.js", "core.js", "features/speech.js"} <= set(MODULES)


# a string picked by hand: `s.en`, or a ternary on the language whose result is not itself
# a language code (`lang === "en" ? "en" : "zh-CN"` names a language, it is no string)
PICKS_A_STRING = re.compile(r"\b\w+\.en\b|===\s*\"en\"\s*\?\s*(?!\s)(?![\"'`](?:en|zh))")


@pytest.mark.parametrize("module", MODULES)
def test_strings_are_picked_by_the_one_text_function(module: str) -> None:
    """Every string is a {zh, en} pair picked by `text()` (assist.js: English falls back to
    Chinese); no module picks a language by itself (the reading view once returned
    `undefined` for a string without English)."""
    lines = source(module).splitlines()
    found = [
        f"{module}:{n}: {line.strip()}"
        for n, line in enumerate(lines, 1)
        if PICKS_A_STRING.search(line) and not line.strip().startswith("text: (o) =>")
    ]
    if module == "assist.js":
        assert sum("text: (o) =>" in line for line in lines) == 1
    assert found == []
